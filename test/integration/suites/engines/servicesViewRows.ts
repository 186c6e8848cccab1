import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';

// The engine suites look rows up anywhere in the Services view, as a person expanding it would.

/** Every row of the Services view, depth first. */
export function allRows(api: DevopsTestApi): RowNode[] {
  const walk = (rows: readonly RowNode[]): RowNode[] => rows.flatMap((row) => [row, ...walk(api.views.services.getChildren(row))]);
  return walk(api.views.services.getChildren());
}

/** The row with this id at any depth, if shown. */
export function rowById(api: DevopsTestApi, id: string): RowNode | undefined {
  return allRows(api).find((row) => row.id === id);
}
