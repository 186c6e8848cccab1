import * as vscode from 'vscode';
import type { HealthState, ProbeResult } from '../../core/services/healthTypes';
import type { GraphIssue } from '../../core/services/serviceGraph';
import type { ServiceSnapshot } from '../../core/services/servicesModel';
import { CommandId } from '../commands/commandTable';
import type { ConfigSnapshot } from '../config/configStore';
import { infoRow, staleConfigRow } from '../trees/commonRows';
import { contextValue } from '../trees/contextValue';
import { hasString, markdown, rowData, type RowNode } from '../trees/rowNode';

/** Codicon and theme colour per health state. */
export const healthIcon: Record<HealthState, { icon: string; color?: string }> = {
  unknown: { icon: 'circle-outline' },
  up: { icon: 'pass-filled', color: 'testing.iconPassed' },
  degraded: { icon: 'warning', color: 'list.warningForeground' },
  down: { icon: 'error', color: 'errorForeground' },
};

const RECENT_CHECKS = 5;

/** The Services view's rows: one per service, with how to reach it, its graph and its checks. */
export function servicesRows(config: ConfigSnapshot, services: readonly ServiceSnapshot[], issues: readonly GraphIssue[]): RowNode[] {
  if (!config.config) return [];
  const rows: RowNode[] = config.state === 'stale' ? [staleConfigRow('services', config)] : [];
  if (services.length === 0) {
    return [...rows, infoRow('services/none', 'No services in devops.yaml', 'add a services section, or import them', { command: CommandId.importServices, title: 'Import Services' })];
  }
  issues.forEach((issue, i) => rows.push(issueRow(i, issue)));
  return [...rows, ...services.map(serviceRow)];
}

/** What a service row stands for. */
export interface ServiceRowData {
  service: string;
}

/** The service of the Services row a command was run on. */
export function serviceOfRow(row: unknown): string | undefined {
  return rowData(row, (data): data is ServiceRowData => hasString(data, 'service'))?.service;
}

/** "up · 12 ms", "down · refused", "unknown · no health check". */
export function serviceDescription(service: ServiceSnapshot): string {
  const last = service.lastResult;
  const parts: string[] = [service.state];
  if (!service.probed) parts.push('no health check');
  else if (last?.latencyMs !== undefined && service.state !== 'down') parts.push(`${Math.round(last.latencyMs)} ms`);
  else if (last && last.reason !== 'ok') parts.push(last.reason);
  if (service.staleSince !== undefined) parts.push('stale');
  const ports = service.config.ports.map((port) => `:${port}`).join(' ');
  if (ports) parts.push(ports);
  return parts.join(' · ');
}

function serviceRow(service: ServiceSnapshot): RowNode {
  const { name, config } = service;
  const id = `services/${name}`;
  const children: RowNode[] = [];
  if (config.url) children.push(urlRow(`${id}/url`, 'URL', config.url));
  for (const endpoint of service.endpoints) {
    if (endpoint.kind === 'url' && endpoint.value !== config.url) children.push(urlRow(`${id}/url/${endpoint.label}`, `URL (${endpoint.label})`, endpoint.value));
  }
  if (config.ports.length > 0) children.push(detailRow(`${id}/ports`, 'Ports', config.ports.join(', '), 'plug'));
  if (config.env.length > 0) children.push(detailRow(`${id}/env`, 'Environment', config.env.join(', '), 'symbol-variable'));
  if (service.probeTarget) children.push(detailRow(`${id}/health`, 'Health check', service.probeTarget, 'heart'));
  children.push(linkGroup(`${id}/dependsOn`, 'Depends on', service.dependsOn, 'arrow-right'));
  children.push(linkGroup(`${id}/neededBy`, 'Needed by', service.dependents, 'arrow-left'));
  if (service.probed) children.push(checksGroup(`${id}/checks`, service.history));
  const icon = healthIcon[service.state];
  return {
    id,
    label: name,
    description: serviceDescription(service),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(name).appendMarkdown('**');
      if (config.description) md.appendMarkdown('\n\n').appendText(config.description);
      md.appendMarkdown('\n\n').appendText(`Health: ${service.state}${service.lastResult ? ` (${service.lastResult.detail})` : ''}`);
      if (service.incidentSince !== undefined) md.appendMarkdown('\n\n').appendText(`Not up since ${new Date(service.incidentSince).toLocaleTimeString()}`);
      if (service.staleSince !== undefined) md.appendMarkdown('\n\n').appendText('The probe keeps failing to finish: this state may be old.');
      const actions = Object.keys(config.actions);
      if (actions.length > 0) md.appendMarkdown('\n\n').appendText(`Actions: ${actions.join(', ')}`);
    }),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('service', config.url || service.endpoints.some((e) => e.kind === 'url') ? ['openUrl'] : []),
    collapsed: true,
    children,
    data: { service: name } satisfies ServiceRowData,
  };
}

function issueRow(index: number, issue: GraphIssue): RowNode {
  return {
    id: `services/issue/${index}`,
    label: issue.kind === 'cycle' ? 'Dependency cycle' : issue.kind === 'self-dependency' ? 'Depends on itself' : 'Unknown dependency',
    description: issue.services.join(' → '),
    tooltip: issue.message,
    icon: 'warning',
    iconColor: 'list.warningForeground',
    contextValue: contextValue('warning', ['openConfig']),
    command: { command: CommandId.openConfig, title: 'Open devops.yaml' },
    children: [],
  };
}

function checksGroup(id: string, history: readonly ProbeResult[]): RowNode {
  const recent = history.slice(-RECENT_CHECKS).reverse();
  return {
    id,
    label: 'Recent checks',
    description: recent.length === 0 ? 'none yet' : sparkline(history),
    icon: 'history',
    contextValue: contextValue('section'),
    collapsed: true,
    // Ids by position keep the rows stable; only their text changes with each check.
    children: recent.map((result, i) => ({
      id: `${id}/${i}`,
      label: new Date(result.at).toLocaleTimeString(),
      description: `${result.state} · ${result.latencyMs !== undefined ? `${Math.round(result.latencyMs)} ms · ` : ''}${result.detail}`,
      icon: healthIcon[result.state].icon,
      iconColor: healthIcon[result.state].color,
      contextValue: contextValue('detail'),
      children: [],
    })),
  };
}

const bars = '▁▂▃▄▅▆▇█';

// A text sparkline of latencies (down results show as ×), for the collapsed checks row.
function sparkline(history: readonly ProbeResult[]): string {
  const tail = history.slice(-12);
  const max = Math.max(1, ...tail.map((r) => r.latencyMs ?? 0));
  return tail.map((r) => (r.state === 'down' || r.latencyMs === undefined ? '×' : bars[Math.min(bars.length - 1, Math.floor((r.latencyMs / max) * (bars.length - 1)))])).join('');
}

function urlRow(id: string, label: string, url: string): RowNode {
  const row = detailRow(id, label, url, 'link-external');
  row.contextValue = contextValue('detail', ['openUrl']);
  try {
    row.command = { command: 'vscode.open', title: 'Open URL', arguments: [vscode.Uri.parse(url, true)] };
  } catch {
    // A malformed URL is shown as text; the config loader reports it.
  }
  return row;
}

function detailRow(id: string, label: string, description: string, icon: string): RowNode {
  return { id, label, description, tooltip: `${label}: ${description}`, icon, contextValue: contextValue('detail'), children: [] };
}

function linkGroup(id: string, label: string, names: readonly string[], icon: string): RowNode {
  return {
    id,
    label,
    description: names.length === 0 ? 'none' : names.join(', '),
    icon,
    contextValue: contextValue('section'),
    collapsed: true,
    children: names.map((name) => ({
      id: `${id}/${name}`,
      label: name,
      icon: 'server-process',
      contextValue: contextValue('dependency'),
      command: { command: CommandId.revealService, title: 'Reveal Service', arguments: [name] },
      children: [],
    })),
  };
}
