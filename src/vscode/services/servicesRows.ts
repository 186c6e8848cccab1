import * as vscode from 'vscode';
import type { ConfigSnapshot } from '../config/configStore';
import { CommandId } from '../commands/commandIds';
import { infoRow, staleConfigRow } from '../trees/commonRows';
import { contextValue } from '../trees/contextValue';
import { markdown, type RowNode } from '../trees/rowNode';
import type { ServiceEntry, ServiceHealth } from './servicesModel';

const healthIcon: Record<ServiceHealth, { icon: string; color?: string }> = {
  unknown: { icon: 'circle-outline' },
  up: { icon: 'pass-filled', color: 'testing.iconPassed' },
  degraded: { icon: 'warning', color: 'list.warningForeground' },
  down: { icon: 'error', color: 'list.errorForeground' },
};

/** The Services view's rows: one per service, with how to reach it and its dependencies. */
export function servicesRows(config: ConfigSnapshot, services: readonly ServiceEntry[]): RowNode[] {
  if (!config.config) return [];
  const rows: RowNode[] = config.state === 'stale' ? [staleConfigRow('services', config)] : [];
  if (services.length === 0) {
    return [...rows, infoRow('services/none', 'No services in devops.yaml', 'add a services section', { command: CommandId.openConfig, title: 'Open devops.yaml' })];
  }
  return [...rows, ...services.map(serviceRow)];
}

function serviceRow(service: ServiceEntry): RowNode {
  const { name, config } = service;
  const id = `services/${name}`;
  const ports = config.ports.map((port) => `:${port}`).join(' ');
  const children: RowNode[] = [];
  if (config.url) children.push(urlRow(id, config.url));
  if (config.ports.length > 0) children.push(detailRow(`${id}/ports`, 'Ports', config.ports.join(', '), 'plug'));
  if (config.env.length > 0) children.push(detailRow(`${id}/env`, 'Environment', config.env.join(', '), 'symbol-variable'));
  const probe = config.health?.http ?? config.health?.tcp ?? config.health?.command;
  if (probe) children.push(detailRow(`${id}/health`, 'Health check', probe, 'heart'));
  children.push(linkGroup(`${id}/dependsOn`, 'Depends on', config.dependsOn, 'arrow-right'));
  children.push(linkGroup(`${id}/neededBy`, 'Needed by', service.neededBy, 'arrow-left'));
  return {
    id,
    label: name,
    description: [service.health, ports].filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(name).appendMarkdown('**');
      if (config.description) md.appendMarkdown('\n\n').appendText(config.description);
      md.appendMarkdown('\n\n').appendText(`Health: ${service.health}`);
      if (config.dependsOn.length > 0) md.appendMarkdown('\n\n').appendText(`Depends on: ${config.dependsOn.join(', ')}`);
    }),
    icon: healthIcon[service.health].icon,
    iconColor: healthIcon[service.health].color,
    contextValue: contextValue('service', config.url ? ['openUrl'] : []),
    collapsed: true,
    children,
  };
}

function urlRow(parentId: string, url: string): RowNode {
  const row = detailRow(`${parentId}/url`, 'URL', url, 'link-external');
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
    children: names.map((name) => ({ id: `${id}/${name}`, label: name, icon: 'server-process', contextValue: contextValue('dependency'), children: [] })),
  };
}
