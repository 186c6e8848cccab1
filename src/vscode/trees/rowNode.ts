import * as vscode from 'vscode';

/** One row of a tree view, plain data so a rebuilt tree can be compared with the shown one. */
export interface RowNode {
  /** Stable across refreshes, e.g. `plan/DL-101`; keeps selection and expansion. */
  id: string;
  label: string;
  description?: string;
  /** Plain text, or markdown (rendered untrusted). */
  tooltip?: string | vscode.MarkdownString;
  /** Codicon name, e.g. `lock`. */
  icon?: string;
  /** Theme colour id for the icon, e.g. `list.warningForeground`. */
  iconColor?: string;
  /** Built by contextValue(). */
  contextValue: string;
  /** Rows with children start expanded unless this is true. */
  collapsed?: boolean;
  command?: vscode.Command;
  children: RowNode[];
  /** What the row stands for (an item id, a stage, a run…) for the commands run on it; never read back from the id. */
  data?: unknown;
}

/** The data of the row a command was run on (menus pass the row), when it has the shape `is` checks. */
export function rowData<T>(row: unknown, is: (data: unknown) => data is T): T | undefined {
  const data = typeof row === 'object' && row !== null ? (row as { data?: unknown }).data : undefined;
  return is(data) ? data : undefined;
}

/** True for an object whose `key` is a string: the usual check of a row's data. */
export function hasString<K extends string>(data: unknown, key: K): data is Record<K, string> {
  return typeof data === 'object' && data !== null && typeof (data as Record<string, unknown>)[key] === 'string';
}

export function toTreeItem(node: RowNode): vscode.TreeItem {
  const collapsible =
    node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.collapsed
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.Expanded;
  const item = new vscode.TreeItem(node.label, collapsible);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.contextValue = node.contextValue;
  item.command = node.command;
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
  return item;
}

/** What the row looks like, without its children: two rows with equal signatures render the same. */
export function rowSignature(node: RowNode): string {
  const tooltip = typeof node.tooltip === 'string' ? node.tooltip : node.tooltip?.value;
  return JSON.stringify([
    node.label,
    node.description,
    tooltip,
    node.icon,
    node.iconColor,
    node.contextValue,
    node.collapsed,
    node.children.length > 0,
    node.command ? [node.command.command, node.command.arguments] : undefined,
  ]);
}

/** Markdown for tooltips: text from files is appended as text, never as markdown or HTML. */
export function markdown(build: (md: vscode.MarkdownString) => void): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  build(md);
  return md;
}
