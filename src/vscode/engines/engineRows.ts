import type { EngineRefusal } from '../../backends/engines/engineBackends';
import type { EngineSnapshot } from '../../core/engines/engineTypes';
import type { LiveServiceGroup, LiveServices } from '../../core/engines/liveServices';
import { CommandId } from '../commands/commandTable';
import { contextValue } from '../trees/contextValue';
import type { RowNode } from '../trees/rowNode';
import type { EngineEntry, EnginesState } from './enginesSession';
import { workloadRow } from './workloadRows';

// The engines' part of the Services view: one row per engine of devops.yaml (connecting,
// its workload count, or why it cannot be read: not running, permission denied, a
// kubeconfig problem), the workloads nobody declared below it grouped by Compose project,
// Swarm stack or namespace, and a row for each engine devops.yaml names that is refused.

/** Rows after the declared services; none when devops.yaml has no `engines`. */
export function engineRows(state: EnginesState, live: LiveServices): RowNode[] {
  if (!state.configured) return [];
  if (state.restricted) {
    return [{ id: 'engines/restricted', label: 'Engines', description: 'connect once you trust this folder', tooltip: 'Restricted Mode: DevOps Loop does not connect to container engines until you trust this folder.', icon: 'shield', contextValue: contextValue('info'), children: [] }];
  }
  const rows: RowNode[] = [];
  if (state.failure) rows.push(problemRow('engines/failure', 'Engines', `could not start: ${state.failure}`, 'error'));
  for (const refusal of state.refused) rows.push(refusalRow(refusal));
  for (const entry of state.engines) rows.push(engineRow(entry, live.groups.filter((g) => g.engineId === entry.backend.id)));
  return rows;
}

/** Adds below each declared service with `runsOn` its live workload, or why there is none. */
export function attachBoundWorkloads(rows: readonly RowNode[], live: LiveServices, state: EnginesState): void {
  if (!state.configured || state.restricted) return;
  for (const service of live.all) {
    if (!service.declared || !service.binding) continue;
    const row = rows.find((r) => r.id === service.id);
    if (!row) continue;
    const id = `${service.id}/workload`;
    const backend = state.engines.find((e) => e.backend.id === service.engineId)?.backend;
    if (service.workload && service.engineId) row.children.unshift(workloadRow(id, service.engineId, backend, service.workload, service.stale, `runs on ${service.binding.kind} ${service.binding.target}`));
    else row.children.unshift({ id, label: `runs on ${service.binding.kind} ${service.binding.target}`, description: service.problem ?? 'not found', tooltip: service.problem, icon: 'warning', iconColor: 'list.warningForeground', contextValue: contextValue('detail'), children: [] });
  }
}

function engineRow(entry: EngineEntry, groups: readonly LiveServiceGroup[]): RowNode {
  const { backend, snapshot } = entry;
  const id = `engines/${backend.id}`;
  const label = backend.id === backend.engine ? engineTitle(backend.engine) : `${engineTitle(backend.engine)} (${backend.id.slice(backend.id.indexOf(':') + 1)})`;
  const children: RowNode[] = [];
  if (snapshot?.error) children.push({ id: `${id}/error`, label: snapshot.error.message, tooltip: snapshot.error.message, icon: 'info', contextValue: contextValue('detail'), children: [] });
  for (const group of groups) {
    const rows = group.services.flatMap((service) => (service.workload ? [workloadRow(`workload/${service.workload.id}`, backend.id, backend, service.workload, service.stale)] : []));
    if (!group.group) children.push(...rows);
    else children.push({ id: `${id}/${group.group.kind}/${group.group.name}`, label: group.group.name, description: `${group.group.kind === 'compose' ? 'Compose project' : group.group.kind === 'stack' ? 'Swarm stack' : 'namespace'} · ${rows.length}`, icon: group.group.kind === 'namespace' ? 'symbol-namespace' : 'layers', contextValue: contextValue('section'), children: rows });
  }
  const look = engineLook(snapshot);
  return {
    id,
    label,
    description: look.description,
    tooltip: snapshot?.error ? `${label}: ${snapshot.error.message}` : `${label}: ${look.description}`,
    icon: look.icon,
    iconColor: look.color,
    contextValue: contextValue('engine', snapshot?.stale ? ['stale'] : []),
    children,
    data: { engineId: backend.id },
  };
}

// What the engine row says: connecting, the count, or the failure in a few words.
function engineLook(snapshot: EngineSnapshot | undefined): { description: string; icon: string; color?: string } {
  if (!snapshot) return { description: 'connecting…', icon: 'loading~spin' };
  const count = `${snapshot.workloads.length} workload${snapshot.workloads.length === 1 ? '' : 's'}`;
  if (!snapshot.error) return { description: count, icon: 'server-environment' };
  const why = failureWords[snapshot.error.reason] ?? 'cannot be read';
  const last = snapshot.workloads.length > 0 ? ` · stale: last ${count}` : '';
  return { description: `${why}${last}`, icon: snapshot.error.reason === 'forbidden' ? 'lock' : 'error', color: 'errorForeground' };
}

const failureWords: Record<string, string> = {
  unavailable: 'not running or unreachable',
  forbidden: 'permission denied',
  unauthorized: 'not signed in',
  timeout: 'does not answer',
  'invalid-config': 'configuration problem',
  'not-found': 'configuration problem',
  io: 'configuration problem',
  untrusted: 'refused in Restricted Mode',
};

function problemRow(id: string, label: string, message: string, level: 'error' | 'warning'): RowNode {
  return {
    id,
    label,
    description: message,
    tooltip: message,
    icon: level === 'error' ? 'error' : 'warning',
    iconColor: level === 'error' ? 'errorForeground' : 'list.warningForeground',
    contextValue: contextValue('warning', ['openConfig']),
    command: { command: CommandId.openConfig, title: 'Open devops.yaml' },
    children: [],
  };
}

function engineTitle(engine: 'docker' | 'kubernetes'): string {
  return engine === 'docker' ? 'Docker' : 'Kubernetes';
}

// An engine on another machine waits for the user's yes: its row offers Connect…, which asks.
function refusalRow(refusal: EngineRefusal): RowNode {
  const row = problemRow(`engines/refused/${refusal.engine}`, engineTitle(refusal.engine), refusal.message, 'warning');
  if (refusal.reason !== 'no-consent' || refusal.address === undefined) return row;
  return { ...row, contextValue: contextValue('warning', ['openConfig', 'host-allowable']), command: { command: CommandId.engineAllowHost, title: 'Connect…', arguments: [{ address: refusal.address }] }, data: { address: refusal.address } };
}
