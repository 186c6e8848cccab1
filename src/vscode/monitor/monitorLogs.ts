import * as vscode from 'vscode';
import { CommandLogSource } from '../../backends/logs/commandLogSource';
import { allLogSources } from '../../backends/logs/configuredLogSources';
import { followLogSources, type FollowedSources } from '../../backends/logs/followLogSources';
import { LogModel } from '../../core/monitor/logModel';
import type { LogSource } from '../../core/monitor/logTypes';
import type { ProcessRunner } from '../../core/ports';
import type { ConfigStore } from '../config/configStore';
import { DisposablePart } from '../disposableStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/**
 * Follows every log source devops.yaml declares into one LogModel. Files are read in
 * Restricted Mode too (reading runs nothing); commands only once the folder is trusted.
 * Sources restart when devops.yaml or trust changes; the merged stream keeps its numbering.
 */
export class MonitorLogs extends DisposablePart {
  /** The merged, numbered stream the panel shows. */
  readonly model = new LogModel();
  private followed: FollowedSources | undefined;
  private key = '';
  private restarting: Promise<void> = Promise.resolve();

  constructor(
    private readonly configStore: ConfigStore,
    private readonly trust: WorkspaceTrustGate,
    private readonly runner: ProcessRunner,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(configStore.onDidChange(() => this.apply()));
    this.register(trust.onDidChange(() => this.apply()));
    this.register(new vscode.Disposable(() => void this.followed?.stop()));
    this.register(this.model);
    this.apply();
  }

  /** The folder of devops.yaml: relative log files and commands start there. */
  baseDir(): string {
    const uri = this.configStore.snapshot.uri;
    return uri ? vscode.Uri.joinPath(uri, '..').fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
  }

  private apply(): void {
    const config = this.configStore.snapshot.config;
    const key = JSON.stringify([config?.services && Object.entries(config.services).map(([n, s]) => [n, s.logs]), config?.monitor?.logs, this.trust.isTrusted, this.baseDir()]);
    if (key === this.key) return;
    this.key = key;
    this.restarting = this.restarting.then(async () => {
      await this.followed?.stop();
      this.followed = undefined;
      if (!config) return;
      let sources: LogSource[];
      try {
        sources = allLogSources(config, { baseDir: this.baseDir(), runner: this.runner });
      } catch (error) {
        this.log.warn('Monitor: log sources:', error instanceof Error ? error.message : String(error));
        return;
      }
      // Commands are left out, not failed, while untrusted: the panel says why.
      const commandNames = new Set(commandSourceNames(sources));
      const runnable = this.trust.isTrusted ? sources : sources.filter((s) => !commandNames.has(s.name));
      for (const name of this.trust.isTrusted ? [] : commandNames) {
        this.model.status(name, { state: 'waiting', message: `${name} is a command: it runs once you trust this folder.` });
      }
      this.followed = followLogSources(runnable, this.model);
    });
  }
}

function commandSourceNames(sources: readonly LogSource[]): string[] {
  return sources.filter((s) => s instanceof CommandLogSource).map((s) => s.name);
}
