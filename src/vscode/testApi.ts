import type * as vscode from 'vscode';
import type { ProcessPurpose, ProcessRunner } from '../core/ports';
import type { Event as CoreEvent } from '../core/refresh/eventEmitter';
import type { ServicesSummary } from '../core/services/serviceSummary';
import type { ServiceSnapshot } from '../core/services/servicesModel';
import type { LogFilter } from '../core/monitor/logFilter';
import type { LogLine } from '../core/monitor/logTypes';
import type { MonitorSnapshot } from '../protocol/monitorProtocol';
import type { ConfigSnapshot } from './config/configStore';
import type { ContextKeyName, ContextKeyValues } from './contextKeys';
import type { CiTestProbe } from './ci/ciParts';
import type { CredentialKind } from '../core/credentials/credentialOrigin';
import type { StoredCredentials } from './credentials/credentials';
import type { PipelineTestProbe } from './pipeline/pipelineTestProbe';
import type { PlanChange, PlanModel } from '../core/plan/planModel';
import type { SprintState } from './plan/sprintFileStore';
import type { PromptAnswerer, PromptRecord } from './prompts/recordingPrompts';
import type { RowNode } from './trees/rowNode';

/** A tree view as tests read it: the same calls VS Code makes. */
export interface TreeViewProbe {
  /** The provider's getChildren: rows under `node`, or the top rows. */
  getChildren(node?: RowNode): RowNode[];
  getTreeItem(node: RowNode): vscode.TreeItem;
  /** A shown row by id, e.g. `plan/DL-101`. */
  findRow(id: string): RowNode | undefined;
  /** Text shown above the rows (stale, Restricted Mode). */
  readonly message: string | undefined;
  /** Fires when rows change. */
  readonly onDidChangeTreeData: vscode.Event<unknown>;
}

/** What activate() returns: read-only access to the parts, for the integration tests. */
export interface DevopsTestApi {
  /** Resolves once devops.yaml (and the sprint file) have been read for the first time. */
  readonly ready: Promise<void>;
  config: {
    readonly snapshot: ConfigSnapshot;
    readonly onDidChange: vscode.Event<ConfigSnapshot>;
    /** Reads devops.yaml again now. */
    reload(): Promise<void>;
  };
  plan: {
    readonly state: SprintState;
    readonly onDidChange: vscode.Event<SprintState>;
    /** The PlanModel of devops.yaml's plan section, once there is one. */
    readonly model: PlanModel | undefined;
    /** Fires on every model change, and with undefined when the model is replaced. */
    readonly onDidChangeModel: vscode.Event<PlanChange | undefined>;
    /** Text of the active-item status bar item, undefined while hidden. */
    readonly activeItemText: string | undefined;
    /** Reads the checked-out branch again now. */
    readBranch(): Promise<void>;
  };
  views: {
    plan: TreeViewProbe;
    services: TreeViewProbe;
    pipeline: TreeViewProbe;
  };
  /** Runs, history, environments and tasks. */
  pipeline: PipelineTestProbe;
  /** The CI Runs view and its logs. */
  ci: CiTestProbe;
  monitor: {
    /** True once VS Code created the webview view. */
    readonly isResolved: boolean;
    readonly onDidResolve: vscode.Event<void>;
    /** Fires when the page loaded and sent `ready`. */
    readonly onDidReceiveReady: vscode.Event<void>;
    /** The snapshot the model holds now. */
    readonly snapshot: MonitorSnapshot;
    /** The snapshot last posted to the page. */
    readonly lastSnapshotSent: MonitorSnapshot | undefined;
    /** The snapshot revision the page last reported as drawn. */
    readonly lastRenderedRevision: number | undefined;
    /** Messages from the page dropped by the protocol check. */
    readonly droppedMessages: number;
    /** Seq of the last log line posted to the page (-1 before any). */
    readonly lastLogSeqSent: number;
    /** The newest kept log lines matching a filter, oldest first. */
    queryLogs(filter: LogFilter, limit?: number): LogLine[];
    /** Hands the extension a message as if the page had posted it (same protocol check); resolves once handled. */
    postPageMessage(message: unknown): Promise<void>;
  };
  services: {
    /** The worst-of summary the status bar shows. */
    readonly summary: ServicesSummary;
    readonly onDidChangeSummary: CoreEvent<ServicesSummary>;
    /** One service as the model holds it now. */
    service(name: string): ServiceSnapshot | undefined;
    /** Whether the Services TreeView is visible (it holds the probes' watch while it is). */
    readonly viewVisible: boolean;
    /** Reveals a service's row in the Services view; false when there is no such service. */
    reveal(name: string): Promise<boolean>;
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
    /** Messages from the page dropped by the protocol check. */
    readonly droppedMessages: number;
  };
  /** The one command runner. */
  commands: {
    /** Contributed commands that ran since activation (by any route: palette, menu, tests), for command coverage. */
    readonly executed: ReadonlySet<string>;
  };
  /** The last value the extension set for a context key. */
  contextKey<K extends ContextKeyName>(key: K): ContextKeyValues[K] | undefined;
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
  /** The one credential module, as the sign-in commands fill it (tests cannot type into password boxes or sign in). */
  credentials: {
    /** Stores (undefined or '': deletes) a credential for exactly one origin. */
    store<K extends CredentialKind>(kind: K, origin: string, value: StoredCredentials[K] | undefined): Promise<void>;
    /** Whether a credential for the origin is there (an editor sign-in included). */
    has(kind: CredentialKind, origin: string): Promise<boolean>;
  };
}
