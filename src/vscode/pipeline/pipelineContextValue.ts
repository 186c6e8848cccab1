/** What a pipeline row is. */
export type PipelineRowKind = 'section' | 'stage' | 'run' | 'runStage' | 'test' | 'environment' | 'deploy' | 'info';

/** What can be done with a pipeline row; the view/item menus in package.json match these words. */
export type PipelineCapability = 'runnable' | 'cancelable' | 'rerunnable' | 'log' | 'deployable' | 'protected' | 'openTest';

/**
 * The Pipeline view's contextValue: kind first, then capability words sorted, in the same
 * shape as trees/contextValue.ts (whose word list is the foundation's), so
 * `viewItem =~ /\bcancelable\b/` matches either.
 */
export function pipelineContextValue(kind: PipelineRowKind, capabilities: readonly PipelineCapability[] = []): string {
  return [kind, ...[...new Set(capabilities)].sort()].join(' ');
}
