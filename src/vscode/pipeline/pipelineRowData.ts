import { rowData } from '../trees/rowNode';

/**
 * What a Pipeline row stands for: a stage, a run, a stage of a run, an environment. The
 * same shape as a keybinding's argument (`{ "stage": "build" }`), so commands read both.
 */
export interface PipelineRowData {
  /** A stage: of devops.yaml (stage rows), or of one run (run-stage rows). */
  stage?: string;
  /** A run of the history, or the current one. */
  runId?: string;
  /** The log of a run's stage. */
  logFile?: string;
  /** An environment. */
  environment?: string;
}

const keys = ['stage', 'runId', 'logFile', 'environment'] as const;

function isPipelineRowData(data: unknown): data is PipelineRowData {
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return keys.some((key) => typeof record[key] === 'string') && keys.every((key) => record[key] === undefined || typeof record[key] === 'string');
}

/** What a command's argument names: a row's data, or the same keys given directly (keybindings, other commands). */
export function pipelineRowData(arg: unknown): PipelineRowData {
  if (isPipelineRowData(arg)) return arg;
  return rowData(arg, isPipelineRowData) ?? {};
}
