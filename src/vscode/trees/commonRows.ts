import type * as vscode from 'vscode';
import { CommandId } from '../commands/commandTable';
import type { ConfigSnapshot } from '../config/configStore';
import { contextValue } from './contextValue';
import { markdown, type RowNode } from './rowNode';

/** A failure shown as a row with a retry action; the message is one line, never a stack. */
export function errorRow(viewId: string, title: string, error: unknown): RowNode {
  const detail = firstLine(error instanceof Error ? error.message : String(error));
  return {
    id: `${viewId}/error`,
    label: title,
    description: detail,
    tooltip: `${title}: ${detail}\nClick to retry.`,
    icon: 'error',
    iconColor: 'list.errorForeground',
    contextValue: contextValue('error', ['retry']),
    command: { command: CommandId.refresh, title: 'Retry', arguments: [viewId] },
    children: [],
  };
}

/** The warning row on top of a view that shows the last good devops.yaml. */
export function staleConfigRow(prefix: string, snapshot: ConfigSnapshot): RowNode {
  const errors = snapshot.problems.filter((p) => p.severity === 'error').length;
  return {
    id: `${prefix}/stale`,
    label: 'devops.yaml has errors',
    description: `showing the last good version · ${errors} problem${errors === 1 ? '' : 's'}`,
    tooltip: markdown((md) => {
      md.appendMarkdown('**devops.yaml has errors.** This view shows the last version that was valid.\n\n');
      for (const p of snapshot.problems.slice(0, 5)) md.appendText(`${p.line}:${p.column} ${p.message}\n`);
    }),
    icon: 'warning',
    iconColor: 'list.warningForeground',
    contextValue: contextValue('warning', ['problem', 'stale', 'openConfig']),
    command: { command: CommandId.revealProblem, title: 'Reveal Problem', arguments: [snapshot.uri?.toString()] },
    children: [],
  };
}

/** A row that explains something and optionally does one thing on click. */
export function infoRow(id: string, label: string, description?: string, command?: vscode.Command, icon = 'info'): RowNode {
  return { id, label, description, icon, contextValue: contextValue('info'), command, children: [] };
}

/** What the view says above its rows: stale data and Restricted Mode. */
export function viewMessage(snapshot: ConfigSnapshot, trusted: boolean): string | undefined {
  const parts: string[] = [];
  if (snapshot.state === 'stale') parts.push('devops.yaml has errors: showing the last good version.');
  if (!trusted) parts.push('Restricted Mode: reading works, nothing runs.');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/, 1)[0] ?? '').slice(0, 200) || 'unknown error';
}
