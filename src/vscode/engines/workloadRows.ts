import type { EngineBackend, Workload, WorkloadMember } from '../../core/engines/engineTypes';
import { canDo } from '../../core/engines/workloadActions';
import { contextValue, type RowCapability } from '../trees/contextValue';
import { hasString, markdown, rowData, type RowNode } from '../trees/rowNode';

// One live workload as a row of the Services view (state, health, replicas, image and
// version, restarts, age; the autoscaler in its tooltip) with its members below, and the
// capability words its menus follow. Rebuilt from each whole snapshot.

/** What a workload or member row stands for. */
export interface WorkloadRowData {
  engineId: string;
  workloadId: string;
  /** Set on a member row (a container, Swarm task or pod). */
  memberId?: string;
}

/** The workload (and member) of the row a command was run on. */
export function workloadOfRow(row: unknown): WorkloadRowData | undefined {
  return rowData(row, (data): data is WorkloadRowData => hasString(data, 'engineId') && hasString(data, 'workloadId'));
}

const stateIcon: Record<Workload['state'], { icon: string; color?: string }> = {
  running: { icon: 'pass-filled', color: 'testing.iconPassed' },
  starting: { icon: 'loading~spin' },
  updating: { icon: 'sync~spin' },
  stopped: { icon: 'circle-slash', color: 'disabledForeground' },
  failed: { icon: 'error', color: 'errorForeground' },
  unknown: { icon: 'question' },
};

/** The icon: the state's, but a warning for a running workload that is unhealthy or short of replicas. */
export function workloadIcon(workload: Workload): { icon: string; color?: string } {
  const short = workload.replicas !== undefined && workload.replicas.ready < workload.replicas.desired;
  if (workload.state === 'running' && (workload.health === 'unhealthy' || short)) return { icon: 'warning', color: 'list.warningForeground' };
  return stateIcon[workload.state];
}

/** "running · healthy · 2/3 ready · web:1.4.2 · 1 restart · 5 min". */
export function workloadDescription(workload: Workload, stale: boolean, now = Date.now()): string {
  const parts: string[] = [workload.state];
  if (workload.health !== 'none') parts.push(workload.health);
  if (workload.replicas) parts.push(`${workload.replicas.ready}/${workload.replicas.desired} ready`);
  const image = shortImage(workload.image);
  if (image) parts.push(workload.version && !image.endsWith(`:${workload.version}`) ? `${image} (${workload.version})` : image);
  if (workload.restarts > 0) parts.push(`${workload.restarts} restart${workload.restarts === 1 ? '' : 's'}`);
  if (workload.createdAt !== undefined) parts.push(age(now - workload.createdAt));
  if (stale) parts.push('stale');
  return parts.join(' · ');
}

/** What menus may offer on a workload: the backend's methods the workload allows. */
export function workloadCapabilities(backend: EngineBackend | undefined, workload: Workload, stale: boolean): RowCapability[] {
  const words: RowCapability[] = stale ? ['stale'] : [];
  if (!backend) return words;
  const can = (action: Parameters<typeof canDo>[2], capability: Parameters<NonNullable<EngineBackend['can']>>[1]): boolean =>
    canDo(backend, workload, action) && (backend.can?.(workload, capability) ?? true);
  if (can('scale', 'scale')) words.push('scalable');
  if (can('restart', 'restart')) words.push('restartable');
  if (can('start', 'start') && workload.state !== 'running') words.push('startable');
  if (can('stop', 'stop') && workload.state !== 'stopped') words.push('stoppable');
  if (can('logs', 'logs')) words.push('engine-logs');
  if (can('shell', 'shell') && workload.members.some((m) => m.state === 'running')) words.push('shell');
  if (can('port-forward', 'portForward') && workload.members.some((m) => m.state === 'running')) words.push('port-forward');
  return words;
}

/** The row of one workload, its members below; `id` keeps it stable (`workload/<workload id>`). */
export function workloadRow(id: string, engineId: string, backend: EngineBackend | undefined, workload: Workload, stale: boolean, label = workload.name): RowNode {
  const icon = workloadIcon(workload);
  const deletable = backend !== undefined && canDo(backend, workload, 'delete-member') && (backend.can?.(workload, 'deleteMember') ?? true);
  const shell = backend !== undefined && canDo(backend, workload, 'shell') && (backend.can?.(workload, 'shell') ?? true);
  return {
    id,
    label,
    description: workloadDescription(workload, stale),
    tooltip: workloadTooltip(workload, stale),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('workload', workloadCapabilities(backend, workload, stale)),
    collapsed: true,
    children: workload.members.map((member) => memberRow(`${id}/member/${member.id}`, engineId, workload, member, { deletable, shell })),
    data: { engineId, workloadId: workload.id } satisfies WorkloadRowData,
  };
}

function memberRow(id: string, engineId: string, workload: Workload, member: WorkloadMember, can: { deletable: boolean; shell: boolean }): RowNode {
  const icon = member.state === 'running' && member.health === 'unhealthy' ? { icon: 'warning', color: 'list.warningForeground' } : stateIcon[member.state];
  const parts: string[] = [member.state];
  if (member.health !== 'none') parts.push(member.health);
  if (member.restarts > 0) parts.push(`${member.restarts} restart${member.restarts === 1 ? '' : 's'}`);
  if (member.node) parts.push(member.node);
  if (member.detail) parts.push(member.detail);
  return {
    id,
    label: member.name,
    description: parts.join(' · '),
    tooltip: `${member.name}: ${parts.join(', ')}`,
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('workload-member', [...(can.deletable ? (['member-deletable'] as const) : []), ...(can.shell && member.state === 'running' ? (['shell'] as const) : [])]),
    children: [],
    data: { engineId, workloadId: workload.id, memberId: member.id } satisfies WorkloadRowData,
  };
}

function workloadTooltip(workload: Workload, stale: boolean): ReturnType<typeof markdown> {
  return markdown((md) => {
    md.appendMarkdown('**').appendText(workload.name).appendMarkdown('**  \n').appendText(`${workload.kind.replace('-', ' ')} on ${workload.engine}${workload.group ? `, ${workload.group.kind} ${workload.group.name}` : ''}`);
    md.appendMarkdown('\n\n').appendText(`State: ${workload.state}, health: ${workload.health}`);
    if (workload.replicas) md.appendMarkdown('  \n').appendText(`Replicas: ${workload.replicas.ready} ready of ${workload.replicas.desired} desired`);
    if (workload.image) md.appendMarkdown('  \n').appendText(`Image: ${workload.image}${workload.version ? ` (version ${workload.version})` : ''}`);
    md.appendMarkdown('  \n').appendText(`Restarts: ${workload.restarts}`);
    if (workload.createdAt !== undefined) md.appendMarkdown('  \n').appendText(`Created: ${new Date(workload.createdAt).toLocaleString()}`);
    const scaler = workload.autoscaler;
    if (scaler) {
      md.appendMarkdown('\n\n').appendText(`Autoscaler ${scaler.name}: min ${scaler.min}, max ${scaler.max}, current ${scaler.current}, desired ${scaler.desired}`);
      for (const metric of scaler.metrics) md.appendMarkdown('  \n').appendText(`${metric.name}: ${metric.current === undefined ? '?' : quantity(metric.current, metric.unit)} against a target of ${quantity(metric.target, metric.unit)}`);
      if (scaler.lastScaleAt !== undefined) md.appendMarkdown('  \n').appendText(`Last scaled: ${new Date(scaler.lastScaleAt).toLocaleString()}`);
      for (const condition of scaler.conditions.filter((c) => c.status !== 'True' || c.type === 'ScalingLimited')) {
        md.appendMarkdown('  \n').appendText(`${condition.type}: ${condition.status}${condition.reason ? ` (${condition.reason})` : ''}`);
      }
    }
    if (stale) md.appendMarkdown('\n\n').appendText('The engine does not answer: this is the last state it reported.');
  });
}

// The image without its registry host, and a digest cut short: rows are narrow.
function shortImage(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const [name = image] = image.split('@');
  const parts = name.split('/');
  return parts.length > 1 && /[.:]/.test(parts[0] ?? '') ? parts.slice(1).join('/') : name;
}

/** A metric as people read it: "92%", "150 MiB", "85.5 per s". */
function quantity(value: number, unit: string): string {
  if (unit === 'bytes') return `${Math.round(value / 1_048_576)} MiB`;
  return unit === '%' ? `${value}%` : `${value}${unit ? ` ${unit}` : ''}`;
}

/** "45 s", "12 min", "3 h", "4 d". */
export function age(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
