import * as vscode from 'vscode';
import { DevopsError, isCancellation } from '../../core/errors';
import type { UserPrompts } from '../prompts/userPrompts';
import type { CommandStubs } from './commandStubs';
import type { CommandIdValue } from './commandTable';

/** What a `command.failed` notice is about. */
export interface CommandFailure {
  /** The command that failed. */
  command: string;
  /** The DevopsError's reason (untrusted, forbidden, conflict…); absent for other errors. */
  reason?: string;
}

/**
 * The one runner every command is registered through: it is logged, an error is shown to
 * the user once (with the detail in the output channel, never a stack in a notification),
 * and a cancellation ends silently.
 */
export class CommandRunner {
  private readonly shown = new WeakSet<object>();
  private readonly ran = new Map<CommandIdValue, number>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: UserPrompts,
    private readonly stubs: CommandStubs,
  ) {}

  /** The commands of the table that ran since activation (however they were started), for command coverage. */
  get executed(): ReadonlySet<CommandIdValue> {
    return new Set(this.ran.keys());
  }

  /** How many times each command of the table ran since activation, so coverage can tell which test ran it. */
  get executions(): ReadonlyMap<CommandIdValue, number> {
    return this.ran;
  }

  register(id: CommandIdValue, handler: (...args: unknown[]) => unknown): vscode.Disposable {
    return this.stubs.register(id, (...args: unknown[]) => this.run(id, () => handler(...args)));
  }

  private async run(id: CommandIdValue, body: () => unknown): Promise<unknown> {
    this.ran.set(id, (this.ran.get(id) ?? 0) + 1);
    this.log.debug(`command ${id}`);
    try {
      return await body();
    } catch (error) {
      if (isCancellation(error) || error instanceof vscode.CancellationError) {
        this.log.debug(`command ${id} cancelled`);
        return undefined;
      }
      this.log.error(`command ${id} failed:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
      this.showOnce(id, error);
      return undefined;
    }
  }

  private showOnce(id: string, error: unknown): void {
    if (typeof error === 'object' && error !== null) {
      if (this.shown.has(error)) return;
      this.shown.add(error);
    }
    const subject: CommandFailure = { command: id, ...(DevopsError.is(error) ? { reason: error.reason } : {}) };
    void this.prompts.notify({ topic: 'command.failed', level: 'error', text: userMessage(error), subject });
  }
}

/** One line a user can read: our own messages as they are, anything else prefixed. */
export function userMessage(error: unknown): string {
  if (DevopsError.is(error)) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return `DevOps Loop: ${firstLine || 'something went wrong'}`;
}
