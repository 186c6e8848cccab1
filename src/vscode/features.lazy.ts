import type * as vscode from 'vscode';
import { CiPart } from './ci/ciPart';
import { ConfigPart } from './config/configPart';
import { EnginesPart } from './engines/enginesPart';
import { Foundation, type ActivationSlots } from './foundation';
import { MonitorPart } from './monitor/monitorPart';
import { PipelinePart } from './pipeline/pipelinePart';
import { PlanPart } from './plan/planPart';
import { ReviewPart } from './review/reviewPart';
import { ServiceMapPart } from './serviceMap/serviceMapPart';
import { ServicesPart } from './services/servicesPart';
import { createTestApi, type DevopsTestApi } from './testApi';

// Everything but activation itself: loaded by activate() on a later tick as its own file
// (dist/features.lazy.js), so the parser, the schemas and every session cost activation
// nothing. The foundation every feature is built on, then one part per feature, each
// owning its session, views, commands and disposables. Reading devops.yaml starts on a
// later tick again; nothing here spawns or connects.

export function startFeatures(context: vscode.ExtensionContext, slots: ActivationSlots): DevopsTestApi {
  const foundation = new Foundation(context, slots);
  context.subscriptions.push(foundation);
  foundation.add(new ConfigPart(foundation));
  const engines = foundation.add(new EnginesPart(foundation));
  const services = foundation.add(new ServicesPart(foundation, engines));
  const pipeline = foundation.add(new PipelinePart(foundation, engines));
  const plan = foundation.add(new PlanPart(foundation));
  const parts = {
    plan,
    review: foundation.add(new ReviewPart(foundation, plan, pipeline)),
    engines,
    services,
    serviceMap: foundation.add(new ServiceMapPart(foundation, services, engines)),
    pipeline,
    ci: foundation.add(new CiPart(foundation, pipeline)),
    monitor: foundation.add(new MonitorPart(foundation, services, engines)),
  };
  return createTestApi(foundation, parts, foundation.start());
}
