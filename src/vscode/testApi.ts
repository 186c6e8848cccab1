import * as vscode from 'vscode';
import type { CredentialKind } from '../core/credentials/credentialOrigin';
import type { LogFilter } from '../core/monitor/logFilter';
import type { LogLine } from '../core/monitor/logTypes';
import type { EnvironmentState } from '../core/pipeline/environmentsModel';
import type { PipelineRun } from '../core/pipeline/runTypes';
import type { PlanModel } from '../core/plan/planModel';
import type { PullRequest } from '../core/pullRequests/pullRequestTypes';
import type { GitHead, ProcessPurpose, ProcessRunner } from '../core/ports';
import type { ServicesSummary } from '../core/services/serviceSummary';
import type { ServiceSnapshot } from '../core/services/servicesModel';
import type { MonitorSnapshot } from '../protocol/monitorProtocol';
import type { CiPart } from './ci/ciPart';
import type { PaintedColours } from './ci/ciLogColours';
import type { ConfigSnapshot } from './config/configStore';
import type { ContextKeyName, ContextKeyValues } from './contextKeys';
import type { StoredCredentials } from './credentials/credentials';
import type { Foundation } from './foundation';
import type { MonitorPart } from './monitor/monitorPart';
import type { EnginesPart } from './engines/enginesPart';
import type { ShellView } from './engines/engineShells';
import type { PortForwardView } from './engines/portForwards';
import type { PipelinePart } from './pipeline/pipelinePart';
import { DEVOPS_TASK_TYPE } from './pipeline/stageTasks';
import type { PlanPart } from './plan/planPart';
import type { PromptAnswerer, PromptRecord } from './prompts/recordingPrompts';
import type { ReviewPart } from './review/reviewPart';
import type { ServiceMapPart } from './serviceMap/serviceMapPart';
import type { ServicesPart } from './services/servicesPart';
import type { StatusReport } from '../core/status/worstOf';
import type { RowNode } from './trees/rowNode';

// The one seam the integration tests reach the product through, assembled here from the
// foundation and the parts: what they show and hold, read-only, plus the recording of every
// prompt (answered in place of a user who would click). No production class keeps a hook.

/** A tree view as tests read it: the same calls VS Code makes. */
export interface TreeViewProbe {
  /** Rows under `node`, or the top rows. */
  getChildren(node?: RowNode): RowNode[];
  getTreeItem(node: RowNode): vscode.TreeItem;
  /** A shown row by id, e.g. `plan/DL-101`. */
  findRow(id: string): RowNode | undefined;
  /** Text shown above the rows (stale, Restricted Mode). */
  readonly message: string | undefined;
  readonly onDidChangeTreeData: vscode.Event<unknown>;
}

/** What activate() returns. */
export interface DevopsTestApi {
  /** Resolves once devops.yaml (and the sprint file) have been read for the first time. */
  readonly ready: Promise<void>;
  config: {
    readonly snapshot: ConfigSnapshot;
    readonly onDidChange: vscode.Event<ConfigSnapshot>;
    /** What Refresh does: devops.yaml again, then every part's own data. */
    reload(): Promise<void>;
  };
  plan: {
    /** The PlanModel of devops.yaml's plan section, once there is one. */
    readonly model: PlanModel | undefined;
    /** Text of the active-item status bar item, undefined while hidden. */
    readonly activeItemText: string | undefined;
    /** Ids of the rows selected in the Plan view. */
    readonly selection: readonly string[];
  };
  git: {
    /** HEAD as the head watcher last read it (branch and commit); empty outside a repository. */
    readonly head: GitHead;
  };
  /** The checked-out branch's pull or merge request (the Plan view's Review section). */
  review: {
    /** False while the code host has no credential; undefined when devops.yaml names no GitHub or GitLab repository. */
    readonly signedIn: boolean | undefined;
    /** The branch the request is read for. */
    readonly branch: string | undefined;
    /** The request as last read. */
    readonly pullRequest: PullRequest | undefined;
    /** Reads the request now. */
    refresh(): Promise<void>;
  };
  views: { plan: TreeViewProbe; services: TreeViewProbe; pipeline: TreeViewProbe };
  pipeline: {
    /** Builds the local runner if needed and reads history and the deploy audit. */
    load(): Promise<void>;
    /** The run in progress. */
    readonly current: Readonly<PipelineRun> | undefined;
    /** Saved runs, newest first. */
    readonly history: readonly PipelineRun[];
    /** One environment's deployed version, running deploy and history. */
    environment(name: string): EnvironmentState | undefined;
    /** What the pipeline tells the status bar. */
    readonly statusReport: StatusReport;
    /** The tasks of type devops, as Run Task lists them. */
    tasks(): Promise<vscode.Task[]>;
  };
  ci: {
    readonly view: TreeViewProbe;
    /** True while the CI Runs view is on screen, i.e. while its runs are polled. */
    readonly visible: boolean;
    /** What expanding a run row does: load and watch its jobs. */
    expand(rowId: string): void;
    /** Polls every CI backend now. */
    refreshNow(): void;
    /** Colours painted on the visible editor of a CI log document. */
    logColours(uri: vscode.Uri): readonly PaintedColours[];
  };
  monitor: {
    /** True once VS Code created the webview view. */
    readonly isResolved: boolean;
    /** The snapshot the panel would show now. */
    readonly snapshot: MonitorSnapshot;
    /** The snapshot last posted to the page. */
    readonly lastSnapshotSent: MonitorSnapshot | undefined;
    /** The snapshot revision the page last reported as drawn. */
    readonly lastRenderedRevision: number | undefined;
    /** Messages from the page dropped by the protocol check. */
    readonly droppedMessages: number;
    /** Seq of the last log line posted to the page (-1 before any). */
    readonly lastLogSeqSent: number;
    /** The log source the page was last told to show (Show Logs of a service). */
    readonly lastSourceShown: string | undefined;
    /** The newest kept log lines matching a filter, oldest first. */
    queryLogs(filter: LogFilter, limit?: number): LogLine[];
    /** Hands the extension a message as the page would post it (same protocol check); resolves once handled. */
    postPageMessage(message: unknown): Promise<void>;
  };
  services: {
    /** The worst-of summary the status bar shows. */
    readonly summary: ServicesSummary;
    /** One service as the model holds it now. */
    service(name: string): ServiceSnapshot | undefined;
    /** Whether the Services view is visible (it holds the probes' watch while it is). */
    readonly viewVisible: boolean;
    /** Reveals a service's row in the Services view; false when there is no such service. */
    reveal(name: string): Promise<boolean>;
  };
  engines: {
    /** Shells open in containers and pods (Open Shell), oldest first, with their latest output. */
    readonly shells: readonly ShellView[];
    /** Port-forwards running, oldest first. */
    readonly portForwards: readonly PortForwardView[];
  };
  statusBar: {
    /** The one status bar item's text, or undefined while hidden. */
    readonly text: string | undefined;
    /** Worst level over its sources. */
    readonly level: string | undefined;
    /** Command the item runs. */
    readonly command: string | undefined;
  };
  serviceMap: {
    /** Revision and node count the map page last said it drew. */
    readonly lastRendered: { revision: number; nodes: number } | undefined;
    /** The health colours last sent to the map page, by service. */
    readonly lastHealthSent: Readonly<Record<string, string>> | undefined;
    /** Messages from the page dropped by the protocol check. */
    readonly droppedMessages: number;
  };
  /** The last value the extension set for a context key. */
  contextKey<K extends ContextKeyName>(key: K): ContextKeyValues[K] | undefined;
  /** The one command runner. */
  commands: {
    /** Commands of the table that ran since activation (by any route: palette, menu, tests), for command coverage. */
    readonly executed: ReadonlySet<string>;
    /** How many times each of them ran; test/integration/index.ts tells from it which test ran which command. */
    readonly executions: ReadonlyMap<string, number>;
  };
  trust: { readonly isTrusted: boolean };
  /** Every question and notice the product showed (modals, picks, input boxes, notifications, links), through the one UserPrompts. */
  prompts: {
    /** Oldest first. */
    readonly log: readonly PromptRecord[];
    /** Answers the prompts of a topic and its subtopics instead of the user (tests cannot click); undefined shows them again. */
    answer(topic: string, answerer: PromptAnswerer | undefined): void;
  };
  ports: {
    /** The ProcessRunner the extension hands out (gated by workspace trust and approvals). */
    readonly processRunner: ProcessRunner;
    /** Processes started through the port since activation. */
    readonly processStarts: number;
    /** Why each of them started (stage, probe, internal git…), oldest first. */
    readonly processPurposes: readonly ProcessPurpose[];
    /** Network connections opened through the network gate since activation. */
    readonly connectionsOpened: number;
  };
  /** The one credential module, as the sign-in commands fill it (tests cannot sign in to GitHub). */
  credentials: {
    /** Stores (undefined or '': deletes) a credential for exactly one origin. */
    store<K extends CredentialKind>(kind: K, origin: string, value: StoredCredentials[K] | undefined): Promise<void>;
    /** Whether a credential for the origin is there (an editor sign-in included). */
    has(kind: CredentialKind, origin: string): Promise<boolean>;
  };
}

/** The parts activate() built, by feature. */
export interface Parts {
  plan: PlanPart;
  review: ReviewPart;
  services: ServicesPart;
  serviceMap: ServiceMapPart;
  engines: EnginesPart;
  pipeline: PipelinePart;
  ci: CiPart;
  monitor: MonitorPart;
}

export function createTestApi(foundation: Foundation, parts: Parts, ready: Promise<void>): DevopsTestApi {
  const { configStore, prompts, usage, statusBar, credentials } = foundation;
  const { plan, review, services, pipeline, ci, monitor } = parts;
  return {
    ready,
    config: { get snapshot() { return configStore.snapshot; }, onDidChange: configStore.onDidChange, reload: () => foundation.refreshAll() },
    plan: {
      get model() { return plan.session.state?.model; },
      get activeItemText() { return plan.activeItem.text; },
      get selection() { return plan.view.view.selection.map((row) => row.id); },
    },
    git: { get head() { return foundation.head.head; } },
    review: {
      get signedIn() { return review.session.state?.signedIn; },
      get branch() { return review.session.state?.model.state.branch; },
      get pullRequest() { return review.session.state?.model.state.pullRequest; },
      refresh: () => review.session.refresh(),
    },
    views: { plan: plan.tree, services: services.tree, pipeline: pipeline.tree },
    pipeline: {
      load: async () => void (await pipeline.session.get()),
      get current() { return pipeline.session.current?.engine.current; },
      get history() { return pipeline.session.current?.history.list ?? []; },
      environment: (name) => pipeline.session.current?.environments.get(name),
      get statusReport() { return pipeline.statusSource.report(); },
      tasks: async () => vscode.tasks.fetchTasks({ type: DEVOPS_TASK_TYPE }),
    },
    ci: {
      view: ci.tree,
      get visible() { return ci.view.visible; },
      expand: (rowId) => {
        const row = ci.tree.findRow(rowId);
        if (row) ci.tree.expanded(row);
      },
      refreshNow: () => { for (const entry of ci.session.entries) entry.model.refreshNow(); },
      logColours: (uri) => ci.logs.paintedColours(uri),
    },
    monitor: {
      get isResolved() { return monitor.view.isResolved; },
      get snapshot() { return monitor.snapshots.snapshot; },
      get lastSnapshotSent() { return monitor.view.channel.lastSent('snapshot')?.snapshot; },
      get lastRenderedRevision() { return monitor.view.channel.lastReceived('rendered')?.revision; },
      get droppedMessages() { return monitor.view.channel.dropped; },
      get lastLogSeqSent() { return monitor.view.channel.lastSent('logAppend')?.lines.at(-1)?.seq ?? -1; },
      get lastSourceShown() { return monitor.view.channel.lastSent('showSource')?.source; },
      queryLogs: (filter, limit) => monitor.logs.model.query(filter, limit),
      postPageMessage: (message) => monitor.view.channel.receive(message),
    },
    services: {
      get summary() { return services.session.model.summary(); },
      service: (name) => services.session.model.service(name),
      get viewVisible() { return services.view.visible; },
      reveal: (name) => services.reveal(name),
    },
    engines: { get shells() { return parts.engines.shells.open; }, get portForwards() { return parts.engines.forwards.list; } },
    statusBar: {
      get text() { return statusBar.current?.text; },
      get level() { return statusBar.current?.level; },
      get command() { return statusBar.current?.lead.command; },
    },
    serviceMap: {
      get lastRendered() {
        const rendered = parts.serviceMap.panel.channel.lastReceived('rendered');
        return rendered && { revision: rendered.revision, nodes: rendered.nodes };
      },
      get lastHealthSent() { return parts.serviceMap.panel.channel.lastSent('health')?.health; },
      get droppedMessages() { return parts.serviceMap.panel.channel.dropped; },
    },
    contextKey: (key) => foundation.contextKeys.get(key),
    commands: { get executed() { return foundation.commands.executed; }, get executions() { return foundation.commands.executions; } },
    trust: { get isTrusted() { return foundation.trust.isTrusted; } },
    prompts: { get log() { return prompts.log; }, answer: (topic, answerer) => prompts.answer(topic, answerer) },
    ports: {
      processRunner: foundation.processRunner,
      get processStarts() { return usage.processStarts; },
      get processPurposes() { return usage.processPurposes; },
      get connectionsOpened() { return usage.connectionsOpened; },
    },
    credentials: {
      store: (kind, origin, value) => credentials.store(kind, origin, value),
      has: (kind, origin) => credentials.has(kind, origin),
    },
  };
}
