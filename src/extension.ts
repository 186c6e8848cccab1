import { join } from 'node:path';
import * as vscode from 'vscode';
import { GitCli } from './backends/git/gitCli';
import { ApprovalFile } from './backends/process/approvalFile';
import { NodeProcessRunner } from './backends/process/nodeProcessRunner';
import { ApprovedCommands } from './core/approval/approvedCommands';
import { CiParts } from './vscode/ci/ciParts';
import { CommandId, ViewContainerId, ViewId } from './vscode/commands/commandTable';
import { CommandRunner } from './vscode/commands/commandRunner';
import { createConfigCommand } from './vscode/commands/createConfigCommand';
import { openConfigCommand } from './vscode/commands/openConfigCommand';
import { revealProblemCommand } from './vscode/commands/revealProblemCommand';
import { ConfigStore } from './vscode/config/configStore';
import { ProblemsPublisher } from './vscode/config/problemsPublisher';
import { TypingDiagnostics } from './vscode/config/typingDiagnostics';
import { ContextKeys } from './vscode/contextKeys';
import { Credentials } from './vscode/credentials/credentials';
import { SignInCommands } from './vscode/credentials/signInCommands';
import { DisposableStore } from './vscode/disposableStore';
import { HeadWatcher } from './vscode/git/headWatcher';
import { ExternalLinks } from './vscode/externalLinks';
import { NetworkChoices } from './vscode/http/networkChoices';
import { AlertsStatusSource } from './vscode/monitor/alertsStatusSource';
import { MonitorLogs } from './vscode/monitor/monitorLogs';
import { MonitorMetrics } from './vscode/monitor/monitorMetrics';
import { MonitorModel } from './vscode/monitor/monitorModel';
import { MonitorViewProvider } from './vscode/monitor/monitorViewProvider';
import { PipelineModel } from './vscode/pipeline/pipelineModel';
import { PipelineParts } from './vscode/pipeline/pipelineParts';
import { SprintFileStore } from './vscode/plan/sprintFileStore';
import { ActiveItemStatusBar } from './vscode/plan/activeItemStatusBar';
import { registerPlanCommands } from './vscode/plan/planCommands';
import { PlanSession } from './vscode/plan/planSession';
import { PlanTree } from './vscode/plan/planTree';
import { planRefreshTopic } from './vscode/plan/planSession';
import { StartWorkCommand } from './vscode/plan/startWorkCommand';
import { RefreshScheduler } from './core/refresh/refreshScheduler';
import { ServiceMapPanel } from './vscode/serviceMap/serviceMapPanel';
import { importServicesCommand } from './vscode/services/importServicesCommand';
import { LiveServices } from './vscode/services/liveServices';
import { openServiceUrl, ServiceActionRunner, showServiceLogs } from './vscode/services/serviceActionCommands';
import { ServicesStatusSource } from './vscode/services/servicesStatusSource';
import { ServicesTree } from './vscode/services/servicesTree';
import { TransitionNotifier } from './vscode/services/transitionNotifier';
import { WorstOfStatusBar } from './vscode/statusBar/statusBarItem';
import { Settings } from './vscode/settings';
import type { DevopsTestApi } from './vscode/testApi';
import { RowTreeView } from './vscode/trees/rowTreeView';
import { ApprovalPrompts } from './vscode/trust/approvalPrompts';
import { GatedProcessRunner } from './vscode/trust/gatedProcessRunner';
import { PortUsage } from './vscode/trust/portUsage';
import { EditorPrompts } from './vscode/prompts/userPrompts';
import { RecordingPrompts } from './vscode/prompts/recordingPrompts';
import { TrustedNetworkGate } from './vscode/trust/trustedNetworkGate';
import { WorkspaceTrustGate } from './vscode/trust/workspaceTrustGate';
import { setSafeTimeout } from './core/safeTimers';

// Wiring only: build the parts, hand each what it needs, register them. Reading
// devops.yaml starts after activate() returns; nothing here spawns or connects.
export function activate(context: vscode.ExtensionContext): DevopsTestApi {
  const parts = new DisposableStore();
  context.subscriptions.push(parts);
  const own = <T extends vscode.Disposable>(part: T): T => parts.add(part);

  const log = own(vscode.window.createOutputChannel('DevOps Loop', { log: true }));
  // Every question and notice; recorded so the test API can read and answer them.
  const prompts = new RecordingPrompts(new EditorPrompts());
  const settings = new Settings();
  const contextKeys = new ContextKeys();
  const trust = own(new WorkspaceTrustGate(contextKeys));
  const usage = new PortUsage();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  // THE one network gate: every connection of every backend passes it.
  const network = new TrustedNetworkGate(trust, usage);
  const credentials = own(new Credentials(context.secrets, settings, prompts));
  const choices = own(new NetworkChoices(settings, trust, context.globalState, prompts));
  const links = new ExternalLinks(prompts);

  const problems = own(new ProblemsPublisher());
  const configStore = own(new ConfigStore(folder, problems, contextKeys, log));
  own(new TypingDiagnostics(configStore, problems));
  // Approvals live in the user's global storage, never in the workspace: a repository must not approve its own commands.
  const approvals = own(new ApprovedCommands(new ApprovalFile(join(context.globalStorageUri.fsPath, 'approved-commands.json')), configStore.snapshot.uri?.fsPath ?? ''));
  const processRunner = new GatedProcessRunner(trust, approvals, usage, new NodeProcessRunner({ isTrusted: () => trust.isTrusted }));
  const approver = own(new ApprovalPrompts(approvals, trust, prompts, () => folder?.fsPath ?? ''));
  const git = new GitCli(processRunner, folder?.fsPath ?? process.cwd());
  const head = own(new HeadWatcher(folder, git, trust, log));
  const sprintStore = own(new SprintFileStore(configStore, problems, log));
  // THE one refresh scheduler: every poll and probe of the product registers here.
  const scheduler = own(new RefreshScheduler({ groupConcurrency: { services: 16 } }));
  scheduler.setFocused(vscode.window.state.focused);
  own(vscode.window.onDidChangeWindowState((state) => scheduler.setFocused(state.focused)));
  const services = own(new LiveServices(configStore, scheduler, processRunner, trust, approver, network));
  const pipelineModel = own(new PipelineModel(configStore));
  const monitorLogs = own(new MonitorLogs(configStore, trust, processRunner, approver, log));
  const monitorMetrics = own(new MonitorMetrics(configStore, scheduler, services, () => monitorLogs.baseDir(), network));
  const monitorModel = own(new MonitorModel(configStore, trust, { metrics: monitorMetrics, logs: monitorLogs }));

  const planSession = own(new PlanSession(configStore, sprintStore, scheduler, trust, { credentials, network, choices }, log, head, git, prompts));
  const planTree = own(new PlanTree(configStore, sprintStore, planSession, settings, trust, log));
  const servicesTree = own(new ServicesTree(configStore, services, trust, log));
  const planView = own(new RowTreeView(planTree, { whileVisible: () => scheduler.addInterest(planRefreshTopic) }));
  const activeItem = own(new ActiveItemStatusBar(planSession));
  const startWork = new StartWorkCommand(planSession, trust, prompts);
  const servicesView = own(new RowTreeView(servicesTree, { whileVisible: () => services.model.watch() }));
  const revealService = (name: string): Promise<boolean> => servicesView.reveal(`services/${name}`, { focus: true });
  const statusBar = own(new WorstOfStatusBar());
  const commands = new CommandRunner(log, prompts);
  const signIns = new SignInCommands(credentials, prompts);
  own(signIns.register(commands));
  const pipeline = own(new PipelineParts({ context, configStore, model: pipelineModel, processRunner, approver, trust, settings, statusBar, log, prompts, commands }));
  const pipelineTree = pipeline.tree;
  own(new ServicesStatusSource(services, statusBar));
  own(new AlertsStatusSource(monitorMetrics, statusBar, prompts));
  own(new TransitionNotifier(services, settings, prompts));
  const serviceMap = own(new ServiceMapPanel(context.extensionUri, services, revealService, log, prompts));
  const serviceActions = own(new ServiceActionRunner(services, processRunner, trust, approver, prompts));
  own(new RowTreeView(pipelineTree));
  const monitorView = own(new MonitorViewProvider(context.extensionUri, monitorModel, log, prompts, monitorLogs, monitorMetrics));

  const ci = own(new CiParts({ configStore, scheduler, commands, log, head, contextKeys, credentials, signIns, network, choices, trust, settings, links, prompts, deployPrompts: pipeline.prompts }));
  const reloadAll = async (): Promise<void> => {
    await configStore.reload();
    await sprintStore.reload();
    await planSession.refresh();
  };
  own(commands.register(CommandId.refresh, reloadAll));
  own(commands.register(CommandId.createConfig, () => createConfigCommand(configStore, log, prompts)));
  own(commands.register(CommandId.openConfig, () => openConfigCommand(configStore, prompts)));
  own(commands.register(CommandId.showMonitor, () => vscode.commands.executeCommand(`${ViewId.monitor}.focus`)));
  own(commands.register(CommandId.monitorShowServiceLogs, (name) => (typeof name === 'string' ? monitorView.showSource(name) : undefined)));
  own(commands.register(CommandId.revealProblem, (uri) => revealProblemCommand(problems, prompts, uri)));
  own(commands.register(CommandId.showServiceMap, () => serviceMap.show()));
  own(commands.register(CommandId.revealService, (name) => (typeof name === 'string' ? revealService(name) : undefined)));
  own(commands.register(CommandId.openServiceUrl, (row) => openServiceUrl(row, services, links, prompts)));
  own(commands.register(CommandId.showServiceLogs, (row) => showServiceLogs(row, services, prompts)));
  own(commands.register(CommandId.runServiceAction, (row, action) => serviceActions.run(row, action)));
  own(commands.register(CommandId.importServices, () => importServicesCommand(configStore, log, prompts)));
  own(commands.register(CommandId.probeServices, () => services.checkNow()));
  own(registerPlanCommands(commands, { session: planSession, tree: planTree, view: planView, startWork, signIns, links, prompts }));

  if (settings.get('showOnStartup')) void vscode.commands.executeCommand(`workbench.view.extension.${ViewContainerId.sidebar}`);

  // The first read happens on a later tick, so activation never waits for the disk.
  const ready = new Promise<void>((resolve) => setSafeTimeout(resolve, 0))
    .then(() => Promise.all([configStore.start(), credentials.retireFixedKeySecrets()]))
    .then(() => sprintStore.settled())
    .catch((error: unknown) => log.error('first read failed:', error instanceof Error ? error.message : String(error)));

  return {
    ready,
    config: { get snapshot() { return configStore.snapshot; }, onDidChange: configStore.onDidChange, reload: reloadAll },
    plan: {
      get state() { return sprintStore.state; },
      onDidChange: sprintStore.onDidChange,
      get model() { return planSession.state?.model; },
      onDidChangeModel: planSession.onDidChange,
      get activeItemText() { return activeItem.text; },
      readBranch: () => planSession.readBranch(),
    },
    views: { plan: planTree, services: servicesTree, pipeline: pipelineTree },
    pipeline: pipeline.probe,
    ci: ci.probe,
    monitor: {
      get isResolved() { return monitorView.isResolved; },
      onDidResolve: monitorView.onDidResolve,
      onDidReceiveReady: monitorView.onDidReceiveReady,
      get snapshot() { return monitorModel.snapshot; },
      get lastSnapshotSent() { return monitorView.lastSnapshotSent; },
      get lastRenderedRevision() { return monitorView.lastRenderedRevision; },
      get droppedMessages() { return monitorView.droppedMessages; },
      get lastLogSeqSent() { return monitorView.lastLogSeqSent; },
      queryLogs: (filter, limit) => monitorLogs.model.query(filter, limit),
      postPageMessage: (message) => monitorView.receiveAsPage(message),
    },
    services: {
      get summary() { return services.model.summary(); },
      onDidChangeSummary: services.model.onDidChangeSummary,
      service: (name) => services.model.service(name),
      get viewVisible() { return servicesView.visible; },
      reveal: revealService,
    },
    statusBar: {
      get text() { return statusBar.current?.text; },
      get level() { return statusBar.current?.level; },
      get command() { return statusBar.current?.lead.command; },
    },
    serviceMap: { get lastRendered() { return serviceMap.lastRendered; }, get droppedMessages() { return serviceMap.droppedMessages; } },
    contextKey: (key) => contextKeys.get(key),
    commands: { get executed() { return commands.executed; } },
    trust: { get isTrusted() { return trust.isTrusted; } },
    prompts: { get log() { return prompts.log; }, answer: (topic, answerer) => prompts.answer(topic, answerer) },
    ports: {
      processRunner,
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

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
