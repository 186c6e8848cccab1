import type * as vscode from 'vscode';
import { CiPart } from './vscode/ci/ciPart';
import { ConfigPart } from './vscode/config/configPart';
import { Foundation } from './vscode/foundation';
import { MonitorPart } from './vscode/monitor/monitorPart';
import { PipelinePart } from './vscode/pipeline/pipelinePart';
import { PlanPart } from './vscode/plan/planPart';
import { ServiceMapPart } from './vscode/serviceMap/serviceMapPart';
import { ServicesPart } from './vscode/services/servicesPart';
import { createTestApi, type DevopsTestApi } from './vscode/testApi';

// Wiring only: the foundation every feature is built on, then one part per feature, each
// owning its session, views, commands and disposables. Reading devops.yaml starts after
// activate() returns; nothing here spawns or connects.
export function activate(context: vscode.ExtensionContext): DevopsTestApi {
  const foundation = new Foundation(context);
  context.subscriptions.push(foundation);
  foundation.add(new ConfigPart(foundation));
  const services = foundation.add(new ServicesPart(foundation));
  const pipeline = foundation.add(new PipelinePart(foundation));
  const parts = {
    plan: foundation.add(new PlanPart(foundation)),
    services,
    serviceMap: foundation.add(new ServiceMapPart(foundation, services)),
    pipeline,
    ci: foundation.add(new CiPart(foundation, pipeline)),
    monitor: foundation.add(new MonitorPart(foundation, services)),
  };
  return createTestApi(foundation, parts, foundation.start());
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
