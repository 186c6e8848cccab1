// What the CLI commands that touch engines share: the backends of devops.yaml's `engines`
// (the user ran the command on that file, so an engine address it names is used as
// given; the editor asks first), one look at every engine, and finding a service by the
// name a person types.
import { createEngineBackends, type EngineRefusal } from '../backends/engines/engineBackends';
import { allowCredentialHelpers } from '../backends/engines/kubernetes/credentialHelper';
import { openNetwork } from '../backends/http/openNetwork';
import type { DevopsConfig } from '../core/config/schema';
import type { EngineBackend, EngineSnapshot } from '../core/engines/engineTypes';
import { firstSnapshots } from '../core/engines/firstSnapshot';
import { liveServices, type LiveService, type LiveServices } from '../core/engines/liveServices';
import { didYouMean } from '../core/yaml/didYouMean';

export interface EngineView {
  backends: EngineBackend[];
  refused: EngineRefusal[];
  snapshots: EngineSnapshot[];
  services: LiveServices;
}

/** Every service of devops.yaml and every workload of its engines, as the engines answer now. */
export async function readEngineServices(config: DevopsConfig, signal: AbortSignal, workspace = process.cwd()): Promise<EngineView> {
  const { backends, refused } = createEngineBackends(config.engines, { network: openNetwork, env: process.env, allowRemote: () => true, workspace, allowCredentialHelper: allowCredentialHelpers });
  const snapshots = await firstSnapshots(backends, signal);
  return { backends, refused, snapshots, services: liveServices(config.services, snapshots) };
}

/** The service a person named: a declared name, a workload's name, group/name, or its id. */
export function findService(services: LiveServices, name: string): { service: LiveService } | { error: string } {
  const declared = services.all.find((s) => s.declared && s.name === name);
  if (declared) return { service: declared };
  const live = services.all.filter((s) => !s.declared);
  const matches = live.filter((s) => s.id === name || s.name === name || (s.workload?.group && `${s.workload.group.name}/${s.name}` === name));
  if (matches.length === 1) return { service: matches[0] };
  if (matches.length > 1) return { error: `"${name}" names ${matches.length} services: ${matches.map((s) => s.id).join(', ')}; use one of these ids` };
  const names = services.all.map((s) => s.name);
  const hint = didYouMean(name, names);
  return { error: `no service named "${name}"${hint || (names.length > 0 ? ` (services: ${[...new Set(names)].join(', ')})` : '')}` };
}

/** The backend that runs a service's workload. */
export function backendOf(view: EngineView, service: LiveService): EngineBackend | undefined {
  return view.backends.find((b) => b.id === service.engineId);
}
