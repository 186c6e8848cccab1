import * as vscode from 'vscode';
import type { CommandApprover, ProcessRunner } from '../../core/ports';
import type { CommandRunner } from '../commands/commandRunner';
import type { ConfigStore } from '../config/configStore';
import { DisposableStore } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { WorstOfStatusBar } from '../statusBar/statusBarItem';
import { DEVOPS_TASK_TYPE, DevopsTaskProvider } from '../tasks/devopsTaskProvider';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { registerPipelineCommands } from './pipelineCommands';
import { PipelineController } from './pipelineController';
import type { PipelineModel } from './pipelineModel';
import { PipelinePrompts } from './pipelinePrompts';
import { PipelineSession } from './pipelineSession';
import { PipelineStatus } from './pipelineStatus';
import type { PipelineTestProbe } from './pipelineTestProbe';
import { PipelineTree } from './pipelineTree';
import { StageTerminals } from './stageTerminals';
import { TestDiagnostics } from './testDiagnostics';

/** What the pipeline parts need from activate(). */
export interface PipelineDependencies {
  context: vscode.ExtensionContext;
  configStore: ConfigStore;
  model: PipelineModel;
  /** The gated runner: refuses in Restricted Mode and what was not approved, counts starts. */
  processRunner: ProcessRunner;
  /** Asks the user to approve stage and deploy commands before they run. */
  approver: CommandApprover;
  trust: WorkspaceTrustGate;
  settings: Settings;
  statusBar: WorstOfStatusBar;
  log: vscode.LogOutputChannel;
  prompts: UserPrompts;
  /** The one command runner. */
  commands: CommandRunner;
}

/** The pipeline's editor parts, built and wired together; dispose releases them all. */
export class PipelineParts extends DisposableStore {
  readonly tree: PipelineTree;
  readonly probe: PipelineTestProbe;
  /** The modals of deploys and releases; CI deploys share them so a protected environment asks the same way. */
  readonly prompts: PipelinePrompts;

  constructor(deps: PipelineDependencies) {
    super();
    this.prompts = new PipelinePrompts(deps.prompts);
    const { configStore, trust, log } = deps;
    const prompts = this.prompts;
    const session = this.add(new PipelineSession(configStore, deps.processRunner, trust, (preview) => prompts.confirmRelease(preview), log, deps.prompts));
    const controller = new PipelineController(session, deps.approver, prompts, trust);
    const terminals = this.add(new StageTerminals(session.onDidOutput, (runId) => controller.isQuiet(runId)));
    const diagnostics = this.add(new TestDiagnostics());
    this.add(session.onDidFinishRun((run) => diagnostics.update(session.workspace ?? '', run)));
    const status = this.add(new PipelineStatus(session, deps.settings, deps.prompts));
    this.add(deps.statusBar.addSource(status));
    this.add(new DevopsTaskProvider(session, controller));
    this.tree = this.add(new PipelineTree(configStore, deps.model, session, (env) => controller.deployLogs.has(env), trust, log));
    for (const command of registerPipelineCommands(deps.commands, session, controller, terminals, deps.prompts)) this.add(command);
    this.probe = {
      load: async () => void (await session.get()),
      get current() { return session.current?.engine.current; },
      get history() { return session.current?.history.list ?? []; },
      environment: (name) => session.current?.environments.get(name),
      get statusReport() { return status.report(); },
      tasks: async () => vscode.tasks.fetchTasks({ type: DEVOPS_TASK_TYPE }),
    };
  }
}
