import { DisposableOwner } from '../disposableStore';
import type { Foundation } from '../foundation';
import type { PipelinePart } from '../pipeline/pipelinePart';
import { RowTreeView } from '../trees/rowTreeView';
import { ciSignInSource, registerCiCommands } from './ciCommands';
import { CiLogDocuments } from './ciLogDocuments';
import { CiNotifier } from './ciNotifier';
import { CiQuestions } from './ciQuestions';
import { CiSession, ciTopic } from './ciSession';
import { CiStatusSource } from './ciStatusSource';
import { CiTree } from './ciTree';

/** CI Runs: the CI engines devops.yaml names, their view, logs as documents, notices, and commands. */
export class CiPart extends DisposableOwner {
  readonly session: CiSession;
  readonly tree: CiTree;
  readonly logs: CiLogDocuments;
  readonly view: RowTreeView;

  constructor(foundation: Foundation, pipeline: PipelinePart) {
    super();
    const { configStore, scheduler, prompts } = foundation;
    const notifier = new CiNotifier(prompts, foundation.settings);
    const remote = { credentials: foundation.credentials, network: foundation.network, choices: foundation.choices, trust: foundation.trust };
    const session = (this.session = this.register(new CiSession(configStore, scheduler, remote, notifier, foundation.head, foundation.contextKeys)));
    const tree = (this.tree = this.register(new CiTree(session, foundation.log)));
    // Runs are polled only while the view is visible.
    this.view = this.register(new RowTreeView(foundation.views, tree, { whileVisible: () => scheduler.addInterest(ciTopic) }));
    this.register(new CiStatusSource(session, foundation.statusBar));
    const logs = (this.logs = this.register(new CiLogDocuments(session, scheduler)));
    const trigger = {
      questions: new CiQuestions(prompts),
      // A CI deploy to a protected environment asks the pipeline's own modal.
      deploys: pipeline.questions,
      environments: () => configStore.snapshot.config?.environments ?? {},
      head: () => session.readHead(),
    };
    this.register(registerCiCommands(foundation.commands, { session, tree, logs, trigger, links: foundation.links }));
    this.register(foundation.signIns.addSource(ciSignInSource(session, tree)));
  }
}
