import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import { RowTreeView } from '../trees/rowTreeView';
import { registerPipelineCommands } from './pipelineCommands';
import { PipelineController } from '../../core/pipeline/pipelineController';
import { PipelineNotifier } from './pipelineNotifier';
import { PipelineQuestions } from './pipelineQuestions';
import { PipelineSession } from './pipelineSession';
import { PipelineStatusSource } from './pipelineStatusSource';
import { PipelineTree } from './pipelineTree';
import { StageOffers } from './stageOffers';
import { StageTasks } from './stageTasks';
import { StageTerminals } from './stageTerminals';
import { TestDiagnostics } from './testDiagnostics';
import type { EnginesPart } from '../engines/enginesPart';

/** The Pipeline: the local runner's stages, runs and deploys, its view, terminals, tasks, problems, status and commands. */
export class PipelinePart extends DisposableOwner {
  readonly session: PipelineSession;
  readonly tree: PipelineTree;
  readonly statusSource: PipelineStatusSource;
  /** The modals of deploys and releases; a CI deploy to a protected environment asks the same way. */
  readonly questions: PipelineQuestions;
  /** Offers the stages devops.yaml runs on an event (a merge). */
  readonly offers: StageOffers;

  /** `engines`: its credential-plugin approval is also the one of Kubernetes deploy targets. */
  constructor(foundation: Foundation, engines: EnginesPart) {
    super();
    const { configStore, trust, log, prompts } = foundation;
    const questions = (this.questions = new PipelineQuestions(prompts));
    this.session = this.register(new PipelineSession(configStore, foundation.processRunner, trust, (preview) => questions.confirmRelease(preview), log, prompts, { network: foundation.network, secrets: foundation.credentials.secretStore(), allowCredentialHelper: (helper) => engines.session.allowCredentialHelper(helper) }));
    const session = this.session;
    this.offers = new StageOffers(session, prompts);
    const controller = new PipelineController(session, foundation.approvals, questions, trust);
    const terminals = this.register(new StageTerminals(session.onDidOutput, (runId) => controller.isQuiet(runId)));
    const diagnostics = this.register(new TestDiagnostics());
    this.register(session.onDidFinishRun((run) => diagnostics.update(session.workspace ?? '', run)));
    this.statusSource = this.register(new PipelineStatusSource(session, foundation.statusBar));
    this.register(new PipelineNotifier(session, foundation.settings, prompts));
    this.register(new StageTasks(session, controller));
    this.tree = this.register(new PipelineTree(configStore, session, (env) => controller.deployLogs.has(env), trust, log));
    this.register(new RowTreeView(foundation.views, this.tree));
    // What engine targets run, and their drift from main, change without a deploy of ours:
    // read them again on Refresh and when a commit lands (HEAD or a branch moved).
    const readTargets = async (): Promise<void> => {
      if (!trust.isTrusted) return;
      await session.current?.readTargets().catch((error: unknown) => log.warn('could not read the engine targets:', error instanceof Error ? error.message : String(error)));
    };
    this.register(foundation.addRefresher(readTargets));
    this.register(foundation.head.onDidChange(() => void readTargets()));
    for (const command of registerPipelineCommands(foundation.commands, session, controller, terminals, prompts)) this.register(command);
  }
}
