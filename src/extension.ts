import * as vscode from 'vscode';
import { NodeProcessRunner } from './backends/process/nodeProcessRunner';
import { CommandId, ViewId } from './vscode/commands/commandIds';
import { CommandRunner } from './vscode/commands/commandRunner';
import { createConfigCommand } from './vscode/commands/createConfigCommand';
import { openConfigCommand } from './vscode/commands/openConfigCommand';
import { revealProblemCommand } from './vscode/commands/revealProblemCommand';
import { ConfigStore } from './vscode/config/configStore';
import { ProblemsPublisher } from './vscode/config/problemsPublisher';
import { ContextKeys } from './vscode/contextKeys';
import { DisposableStore } from './vscode/disposableStore';
import { MonitorModel } from './vscode/monitor/monitorModel';
import { MonitorViewProvider } from './vscode/monitor/monitorViewProvider';
import { PipelineModel } from './vscode/pipeline/pipelineModel';
import { PipelineTreeProvider } from './vscode/pipeline/pipelineTreeProvider';
import { SprintFileStore } from './vscode/plan/sprintFileStore';
import { PlanTreeProvider } from './vscode/plan/planTreeProvider';
import { ServicesModel } from './vscode/services/servicesModel';
import { ServicesTreeProvider } from './vscode/services/servicesTreeProvider';
import { Settings } from './vscode/settings';
import type { DevopsTestApi } from './vscode/testApi';
import { createRowTreeView } from './vscode/trees/rowTreeProvider';
import { GatedProcessRunner } from './vscode/trust/gatedProcessRunner';
import { PortUsage } from './vscode/trust/portUsage';
import { WorkspaceTrustGate } from './vscode/trust/workspaceTrustGate';

// Wiring only: build the parts, hand each what it needs, register them. Reading
// devops.yaml starts after activate() returns; nothing here spawns or connects.
export function activate(context: vscode.ExtensionContext): DevopsTestApi {
  const parts = new DisposableStore();
  context.subscriptions.push(parts);
  const own = <T extends vscode.Disposable>(part: T): T => parts.add(part);

  const log = own(vscode.window.createOutputChannel('DevOps Loop', { log: true }));
  const settings = new Settings();
  const contextKeys = new ContextKeys();
  const trust = own(new WorkspaceTrustGate(contextKeys));
  const usage = new PortUsage();
  const processRunner = new GatedProcessRunner(trust, usage, new NodeProcessRunner({ isTrusted: () => trust.isTrusted }));

  const problems = own(new ProblemsPublisher());
  const configStore = own(new ConfigStore(vscode.workspace.workspaceFolders?.[0]?.uri, problems, contextKeys, log));
  const sprintStore = own(new SprintFileStore(configStore, problems, log));
  const servicesModel = own(new ServicesModel(configStore));
  const pipelineModel = own(new PipelineModel(configStore));
  const monitorModel = own(new MonitorModel(configStore, trust));

  const planTree = own(new PlanTreeProvider(configStore, sprintStore, settings, trust, log));
  const servicesTree = own(new ServicesTreeProvider(configStore, servicesModel, trust, log));
  const pipelineTree = own(new PipelineTreeProvider(configStore, pipelineModel, trust, log));
  own(createRowTreeView(planTree));
  own(createRowTreeView(servicesTree));
  own(createRowTreeView(pipelineTree));
  const monitorView = own(new MonitorViewProvider(context.extensionUri, monitorModel, log));

  const commands = new CommandRunner(log);
  const reloadAll = async (): Promise<void> => {
    await configStore.reload();
    await sprintStore.reload();
  };
  own(commands.register(CommandId.refresh, reloadAll));
  own(commands.register(CommandId.createConfig, () => createConfigCommand(configStore)));
  own(commands.register(CommandId.openConfig, () => openConfigCommand(configStore)));
  own(commands.register(CommandId.showMonitor, () => vscode.commands.executeCommand(`${ViewId.monitor}.focus`)));
  own(commands.register(CommandId.revealProblem, (uri) => revealProblemCommand(problems, uri)));

  // The first read happens on a later tick, so activation never waits for the disk.
  const ready = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => configStore.start())
    .then(() => sprintStore.settled())
    .catch((error: unknown) => log.error('first read failed:', error instanceof Error ? error.message : String(error)));

  return {
    ready,
    config: { get snapshot() { return configStore.snapshot; }, onDidChange: configStore.onDidChange, reload: reloadAll },
    plan: { get state() { return sprintStore.state; }, onDidChange: sprintStore.onDidChange },
    views: { plan: planTree, services: servicesTree, pipeline: pipelineTree },
    monitor: {
      get isResolved() { return monitorView.isResolved; },
      onDidResolve: monitorView.onDidResolve,
      onDidReceiveReady: monitorView.onDidReceiveReady,
      get snapshot() { return monitorModel.snapshot; },
      get lastSnapshotSent() { return monitorView.lastSnapshotSent; },
      get lastRenderedRevision() { return monitorView.lastRenderedRevision; },
      get droppedMessages() { return monitorView.droppedMessages; },
    },
    contextKey: (key) => contextKeys.get(key),
    trust: { get isTrusted() { return trust.isTrusted; } },
    ports: { processRunner, get processStarts() { return usage.processStarts; }, get connectionsOpened() { return usage.connectionsOpened; } },
  };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
