import * as vscode from 'vscode';
import type { CredentialHelperPolicy } from '../../backends/engines/kubernetes/credentialHelper';
import { createLocalPipeline, type LocalPipeline } from '../../backends/pipeline/local/localPipeline';
import type { ConfirmRelease } from '../../backends/pipeline/local/releaseStageExecutor';
import type { DevopsConfig } from '../../core/config/schema';
import type { Disposable } from '../../core/refresh/eventEmitter';
import type { StageOutput } from '../../core/pipeline/pipelineEngine';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import type { NetworkGate, ProcessRunner, SecretStore } from '../../core/ports';
import type { ConfigStore } from '../config/configStore';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';

/**
 * Owns the local runner for the workspace's devops.yaml and re-announces its events as
 * VS Code events. A changed devops.yaml builds a new runner, but never under a running
 * run: the swap waits until that run has finished.
 */
export class PipelineSession extends DisposableOwner {
  private pipeline: LocalPipeline | undefined;
  /** What the runner was built from: only the pipeline and environments matter to it. */
  private builtFrom: string | undefined;
  private wiring: Disposable[] = [];
  private loading: Promise<void> | undefined;
  private readonly changedEmitter = this.register(new vscode.EventEmitter<void>());
  private readonly outputEmitter = this.register(new vscode.EventEmitter<StageOutput>());
  private readonly finishedEmitter = this.register(new vscode.EventEmitter<PipelineRun>());
  /** Something the view shows changed: the current run, a stage, history or environments. */
  readonly onDidChange = this.changedEmitter.event;
  /** A running stage's output, as it arrives. */
  readonly onDidOutput = this.outputEmitter.event;
  /** A run reached its final status (already saved to history). */
  readonly onDidFinishRun = this.finishedEmitter.event;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly runner: ProcessRunner,
    private readonly trust: WorkspaceTrustGate,
    private readonly confirmRelease: ConfirmRelease,
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: UserPrompts,
    /** Image stages and engine deploys: the network gate, where registry logins are kept, and the approval of kubeconfig credential plugins. */
    private readonly engineAccess?: { network: NetworkGate; secrets: SecretStore; allowCredentialHelper?: CredentialHelperPolicy },
  ) {
    super();
    this.register(configStore.onDidChange(() => this.refreshConfig()));
  }

  /** Folder of devops.yaml, when there is one. */
  get workspace(): string | undefined {
    const uri = this.configStore.snapshot.uri;
    return uri ? vscode.Uri.joinPath(uri, '..').fsPath : undefined;
  }

  /** The runner for the current config; built (and its history read) on first use. */
  async get(): Promise<LocalPipeline | undefined> {
    const config = this.configStore.snapshot.config;
    if (!config || !this.workspace) return undefined;
    if (!this.pipeline || (this.builtFrom !== runnerKey(config) && !this.pipeline.engine.current)) this.build(config, this.workspace);
    await this.loading;
    return this.pipeline;
  }

  /** The config the view and commands use (the last good one while devops.yaml has errors). */
  get config(): DevopsConfig | undefined {
    return this.configStore.snapshot.config;
  }

  /** The runner as built so far, without building or reading anything. */
  get current(): LocalPipeline | undefined {
    return this.pipeline;
  }

  override dispose(): void {
    this.teardown();
    super.dispose();
  }

  private refreshConfig(): void {
    // Rebuild only a runner that exists: the first one is built when the view or a command needs it.
    if (this.pipeline && !this.pipeline.engine.current && this.needsRebuild()) void this.get();
    else this.changedEmitter.fire();
  }

  private build(config: DevopsConfig, workspace: string): void {
    this.teardown();
    const pipeline = createLocalPipeline({
      workspace,
      config,
      runner: this.runner,
      isTrusted: () => this.trust.isTrusted,
      confirmRelease: this.confirmRelease,
      ...(this.engineAccess ?? {}),
      onWarning: (message) => {
        this.log.warn(message);
        void this.prompts.notify({ topic: 'pipeline.warning', level: 'warning', text: message });
      },
    });
    const changed = (): void => this.changedEmitter.fire();
    this.wiring = [
      pipeline.engine.onDidChangeRun(changed),
      pipeline.engine.onDidChangeStage(changed),
      pipeline.engine.onDidOutput((output) => this.outputEmitter.fire(output)),
      pipeline.history.onDidChange(changed),
      pipeline.environments.onDidChange(changed),
    ];
    this.pipeline = pipeline;
    this.builtFrom = runnerKey(config);
    this.loading = pipeline.load().catch((error: unknown) => this.log.error('could not read run history or deploy audit:', error instanceof Error ? error.message : String(error)));
    void this.loading.then(changed);
  }

  /** Called by the controller once a run is saved: announces it and applies a config change that waited. */
  announceFinished(run: PipelineRun): void {
    this.finishedEmitter.fire(run);
    this.changedEmitter.fire();
    if (this.needsRebuild()) void this.get();
  }

  private needsRebuild(): boolean {
    const config = this.configStore.snapshot.config;
    return config !== undefined && runnerKey(config) !== this.builtFrom;
  }

  private teardown(): void {
    this.wiring.forEach((s) => s.dispose());
    this.wiring = [];
    this.pipeline?.dispose();
    this.pipeline = undefined;
  }
}

/** A reload of an unchanged devops.yaml gives a new object; the runner is rebuilt only when its part changed. */
function runnerKey(config: DevopsConfig): string {
  return JSON.stringify([config.pipeline, config.environments, config.engines?.docker]);
}
