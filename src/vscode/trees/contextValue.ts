/** What a row is. */
export type RowKind =
  | 'sprint'
  | 'statusGroup'
  | 'item'
  | 'service'
  | 'detail'
  | 'dependency'
  | 'section'
  | 'stage'
  | 'environment'
  | 'warning'
  | 'error'
  | 'info';

/** What can be done with a row; menus in package.json match these words. */
export type RowCapability = 'retry' | 'problem' | 'openConfig' | 'openUrl' | 'stale' | 'protected';

/**
 * The one way to build a TreeItem.contextValue: the kind first, then capability words in a
 * fixed order, so `viewItem =~ /\bretry\b/` in package.json keeps working as rows gain words.
 */
export function contextValue(kind: RowKind, capabilities: readonly RowCapability[] = []): string {
  const words = [...new Set(capabilities)].sort();
  return [kind, ...words].join(' ');
}
