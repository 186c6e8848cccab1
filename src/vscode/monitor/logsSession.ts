import * as vscode from 'vscode';
import { CommandLogSource } from '../../backends/logs/commandLogSource';
import { allLogSources } from '../../backends/logs/configuredLogSources';
import { followLogSources, type FollowedSources } from '../../backends/logs/followLogSources';
import type { DevopsConfig } from '../../core/config/schema';
import { LogModel } from '../../core/monitor/logModel';
import type { LogSource } from '../../core/monitor/logTypes';
import type { ApprovalMode, CommandApprover, ProcessRunner } from '../../core/ports';
import type { ConfigStore } from '../config/configStore';
import { DisposableOwner } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/**
 * Follows every log source devops.yaml declares into one LogModel. Files are read from
 * the start, in Restricted Mode too (reading runs nothing). A log command starts only once
 * the user opened the Monitor (or asked for a service's logs), the folder is trusted and
 * the command is approved as it is; a changed command stops and waits for approval again,
 * an unchanged one keeps running through reloads. The merged stream keeps its numbering.
 */
export class LogsSession extends DisposableOwner {
  /** The merged, numbered stream the panel shows. */
  readonly model = new LogModel();
  private files: FollowedSources | undefined;
  private filesKey = '';
  private readonly commands = new Map<string, { key: string; followed: FollowedSources }>();
  private opened = false;
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly configStore: ConfigStore,
    private readonly trust: WorkspaceTrustGate,
    private readonly runner: ProcessRunner,
    private readonly approver: CommandApprover,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(configStore.onDidChange(() => void this.apply('background')));
    this.register(trust.onDidChange(() => void this.apply('background')));
    this.register(approver.onDidApprove(() => void this.apply('background')));
    this.register(new vscode.Disposable(() => void this.stopAll()));
    this.register(this.model);
    void this.apply('background');
  }

  /** The folder of devops.yaml: relative log files and commands start there. */
  baseDir(): string {
    const uri = this.configStore.snapshot.uri;
    return uri ? vscode.Uri.joinPath(uri, '..').fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  }

  /**
   * The user opened the Monitor (background: a note asks for approval) or asked for a
   * service's logs (modal: asked at once); log commands may start from now on.
   */
  open(mode: ApprovalMode): Promise<void> {
    this.opened = true;
    return this.apply(mode);
  }

  private apply(mode: ApprovalMode): Promise<void> {
    this.applying = this.applying
      .then(() => this.applyNow(mode))
      .catch((error: unknown) => this.log.error('Monitor: log sources:', error instanceof Error ? error.message : String(error)));
    return this.applying;
  }

  private async applyNow(mode: ApprovalMode): Promise<void> {
    const config = this.configStore.snapshot.config;
    let sources: LogSource[] = [];
    try {
      sources = config ? allLogSources(config, { baseDir: this.baseDir(), runner: this.runner }) : [];
    } catch (error) {
      this.log.warn('Monitor: log sources:', error instanceof Error ? error.message : String(error));
    }
    const commands = sources.filter((s): s is CommandLogSource => s instanceof CommandLogSource);
    await this.followFiles(config, sources.filter((s) => !(s instanceof CommandLogSource)));
    await this.followCommands(commands, mode);
  }

  private async followFiles(config: DevopsConfig | undefined, files: LogSource[]): Promise<void> {
    const entries = (logs: readonly { file?: string }[]): unknown[] => logs.filter((l) => l.file !== undefined);
    const key = JSON.stringify([Object.entries(config?.services ?? {}).map(([n, s]) => [n, entries(s.logs)]), entries(config?.monitor?.logs ?? []), this.baseDir()]);
    if (key === this.filesKey) return;
    this.filesKey = key;
    await this.files?.stop();
    this.files = files.length > 0 ? followLogSources(files, this.model) : undefined;
  }

  private async followCommands(sources: CommandLogSource[], mode: ApprovalMode): Promise<void> {
    const keyOf = (source: CommandLogSource): string => JSON.stringify(source.approvable);
    const wanted = new Map(sources.map((source) => [source.name, source]));
    // Gone or changed: stop now; a changed one starts again only once approved again.
    for (const [name, running] of [...this.commands]) {
      const source = wanted.get(name);
      if (source && keyOf(source) === running.key) continue;
      this.commands.delete(name);
      await running.followed.stop();
    }
    const toStart = sources.filter((source) => !this.commands.has(source.name));
    if (toStart.length === 0) return;
    const waiting = (message: string): void => toStart.forEach((s) => this.model.status(s.name, { state: 'waiting', message: `${s.name} is a command: ${message}` }));
    if (!this.trust.isTrusted) return waiting('it runs once you trust this folder.');
    if (!this.opened) return waiting('it starts when you open the Monitor.');
    const approved: CommandLogSource[] = [];
    for (const source of toStart) if (await this.approver.isApproved(source.approvable)) approved.push(source);
    const pending = toStart.filter((source) => !approved.includes(source));
    if (pending.length > 0 && (await this.approver.ensureApproved(pending.map((s) => s.approvable), mode))) approved.push(...pending);
    for (const source of pending.filter((s) => !approved.includes(s))) {
      this.model.status(source.name, { state: 'waiting', message: `${source.name} waits for your approval of its command: ${source.approvable.command}` });
    }
    for (const source of approved) this.commands.set(source.name, { key: keyOf(source), followed: followLogSources([source], this.model) });
  }

  private async stopAll(): Promise<void> {
    const running = [...(this.files ? [this.files] : []), ...[...this.commands.values()].map((c) => c.followed)];
    this.commands.clear();
    this.files = undefined;
    await Promise.all(running.map((followed) => followed.stop()));
  }
}
