import type * as http from 'node:http';
import { DevopsError } from '../../../core/errors';
import { parseJsonLine, readLines } from '../../engines/docker/dockerStreams';

// The JSON lines /build and /images/{name}/push answer with: build output, per-layer push
// progress, and an `error` line when the work failed (the HTTP status is 200 by then).

export interface ProgressLine {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string; Digest?: string; Tag?: string };
}

/** Reads every line; the first `error` line rejects with `fail(message)` once the stream ends. */
export async function readProgress(stream: http.IncomingMessage, onLine: (line: ProgressLine) => void, fail: (message: string) => DevopsError): Promise<void> {
  let failure: string | undefined;
  await readLines(stream, (text) => {
    const line = parseJsonLine(text);
    if (typeof line !== 'object' || line === null) return;
    const progress = line as ProgressLine;
    if (progress.error !== undefined || progress.errorDetail?.message !== undefined) failure ??= (progress.errorDetail?.message ?? progress.error ?? 'failed').trim();
    else onLine(progress);
  });
  if (failure !== undefined) throw fail(failure);
}

/**
 * Per-layer push progress as log lines: each status change of a layer, and its progress in
 * steps of a quarter, so a 100 MB layer gives a few lines and not thousands.
 */
export function layerProgressLog(say: (text: string) => void): (line: ProgressLine) => void {
  const layers = new Map<string, { status: string; quarter: number }>();
  return (line) => {
    if (line.aux?.Digest) return;
    if (line.id === undefined) {
      if (line.status) say(line.status);
      return;
    }
    const status = line.status ?? '';
    const seen = layers.get(line.id);
    const { current, total } = line.progressDetail ?? {};
    const quarter = current !== undefined && total ? Math.floor((current / total) * 4) : 0;
    if (seen?.status === status && quarter <= seen.quarter) return;
    layers.set(line.id, { status, quarter });
    const share = current !== undefined && total ? ` ${Math.min(100, Math.round((current / total) * 100))}% of ${formatBytes(total)}` : '';
    say(`${line.id}: ${status}${share}`);
  };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
