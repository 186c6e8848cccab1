import * as vscode from 'vscode';
import { wantsNotification } from '../../core/ci/ciTransitions';
import type { CiNotifyScope, CiTransition } from '../../core/ci/ciTransitions';
import type { CiEntryConfig } from '../../core/config/ciConfig';
import { CommandId } from '../commands/commandTable';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { CiRowData } from './ciRowData';

const scopes: readonly CiNotifyScope[] = ['mine', 'watched', 'all', 'off'];

/** What a transition notice is about: the subject of its `ci.transition` prompt. */
export interface CiNotification {
  /** failed, recovered or waiting. */
  kind: CiTransition['kind'];
  /** Provider row id it belongs to. */
  providerKey: string;
  /** The run's id. */
  runId: string;
}

const phrases: Record<CiTransition['kind'], string> = { failed: 'failed', recovered: 'passed again', waiting: 'waits for approval' };

// Turns model transitions into notifications. The model already says each once per run;
// the core decides whether the user wants to hear it (their runs, watched branches);
// this shows it with Open log / Rerun. `devops.ci.notifications` says whose runs.
export class CiNotifier {
  constructor(
    private readonly prompts: UserPrompts,
    private readonly settings: Settings,
  ) {}

  private scope(): CiNotifyScope {
    const value = this.settings.get('ci.notifications');
    return scopes.find((scope) => scope === value) ?? 'all';
  }

  /** `me` is the signed-in user as the provider's runs name their actor (undefined while unknown). */
  notify(providerKey: string, label: string, entry: CiEntryConfig, transition: CiTransition, me: string | undefined): void {
    if (!wantsNotification(this.scope(), transition.run, { me, watchBranches: entry.watchBranches })) return;
    const { run } = transition;
    const name = `${run.workflow}${run.number === undefined ? '' : ` #${run.number}`}${run.branch ? ` on ${run.branch}` : ''}`;
    const message = `${label}: ${name} ${phrases[transition.kind]}.`;
    const subject: CiNotification = { kind: transition.kind, providerKey, runId: run.id };
    const buttons = transition.kind === 'failed' ? ['Open Log', 'Rerun'] : ['Open Log'];
    const level = transition.kind === 'failed' ? 'error' : 'info';
    const target: CiRowData = { entryKey: providerKey, run };
    void this.prompts.notify({ topic: 'ci.transition', level, text: message, buttons, subject }).then(async (picked) => {
      if (picked === 'Open Log') await vscode.commands.executeCommand(CommandId.ciOpenLog, target);
      if (picked === 'Rerun') await vscode.commands.executeCommand(CommandId.ciRerunFailed, target);
    });
  }
}
