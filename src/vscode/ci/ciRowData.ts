import type { CiJob, CiRun } from '../../core/ci/ciTypes';
import { hasString, rowData } from '../trees/rowNode';

/** What a CI Runs row stands for (its data): the entry, and the run and job on run and job rows. */
export interface CiRowData {
  /** The entry's key. */
  entryKey: string;
  /** The run, on run and job rows. */
  run?: CiRun;
  /** The job, on job rows. */
  job?: CiJob;
}

/** What the CI row a command was run on stands for. */
export function ciRowData(row: unknown): CiRowData | undefined {
  return rowData(row, (data): data is CiRowData => hasString(data, 'entryKey'));
}
