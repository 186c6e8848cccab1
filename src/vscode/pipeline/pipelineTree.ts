import type * as vscode from 'vscode';
import type { ConfigStore } from '../config/configStore';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { viewMessage } from '../trees/commonRows';
import type { RowNode } from '../trees/rowNode';
import { RowTree } from '../trees/rowTree';
import { pipelineEnvironments, pipelineStages } from '../../core/pipeline/pipelineOutline';
import { pipelineRows } from './pipelineRows';
import type { PipelineSession } from './pipelineSession';
import { setSafeInterval } from '../../core/safeTimers';

// A running stage's duration grows; one tick a second updates just those rows.
const RUNNING_TICK_MS = 1000;

/** The Pipeline view: stages with their latest result, the runs (current and history), the environments. */
export class PipelineTree extends RowTree {
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly session: PipelineSession,
    private readonly hasDeployLog: (environment: string) => boolean,
    private readonly trust: WorkspaceTrustGate,
    log: vscode.LogOutputChannel,
  ) {
    super('devops.pipeline', 'Pipeline', log);
    this.register(configStore.onDidChange(() => this.rebuild()));
    this.register(session.onDidChange(() => this.onSessionChange()));
    this.register(trust.onDidChange(() => this.rebuild()));
    this.register({ dispose: () => clearInterval(this.ticker) });
  }

  override getChildren(node?: RowNode): RowNode[] {
    // The first look at the view reads the run history from disk (no process starts).
    if (!node && !this.session.current) void this.session.get();
    return super.getChildren(node);
  }

  protected buildRows(): RowNode[] {
    const pipeline = this.session.current;
    return pipelineRows({
      config: this.configStore.snapshot,
      stages: pipelineStages(this.configStore.snapshot.config),
      environments: pipelineEnvironments(this.configStore.snapshot.config),
      workspace: this.session.workspace ?? '',
      current: pipeline?.engine.current,
      history: pipeline?.history.list ?? [],
      environmentState: (name) => pipeline?.environments.get(name),
      hasDeployLog: this.hasDeployLog,
      now: Date.now(),
    });
  }

  protected buildMessage(): string | undefined {
    return viewMessage(this.configStore.snapshot, this.trust.isTrusted);
  }

  private onSessionChange(): void {
    this.rebuild();
    const running = this.session.current?.engine.current !== undefined;
    if (running && !this.ticker) this.ticker = setSafeInterval(() => this.rebuild(), RUNNING_TICK_MS);
    if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
