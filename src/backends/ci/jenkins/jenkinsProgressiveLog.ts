import type { LogChunk } from '../../../core/ci/ciTypes';
import type { NetworkGate } from '../../../core/ports';
import { fetchLog } from '../logFetch';

// The console of a build read with `logText/progressiveText?start=N`. Jenkins answers
// the text from N and says in X-Text-Size where the next read starts and, while the
// build runs, X-More-Data: true. X-Text-Size counts the raw log (console notes
// included), so it is trusted as the next offset; only when we cut an answer short do
// we continue after the bytes we kept.

export interface ProgressiveRequest {
  /** …/job/NAME/N/logText/progressiveText */
  url: URL;
  /** Credentials (Basic). */
  credentials: Record<string, string>;
  /** Asked before the request. */
  network: NetworkGate;
  /** Offset to read from (the last X-Text-Size). */
  start: number;
  /** Most bytes kept from one answer. */
  maxBytes: number;
  signal: AbortSignal;
  timeoutMs: number;
  now?: () => number;
  /** Trusted CA certificates, when a CA file is configured. */
  ca?: string[];
}

export async function readProgressive(request: ProgressiveRequest): Promise<LogChunk> {
  const url = new URL(request.url);
  url.searchParams.set('start', String(request.start));
  const response = await fetchLog({ url, headers: { accept: 'text/plain' }, credentials: request.credentials, network: request.network, signal: request.signal, timeoutMs: request.timeoutMs, maxBytes: request.maxBytes, keep: 'head', now: request.now, ca: request.ca });
  const told = Number(response.headers['x-text-size']);
  const more = response.headers['x-more-data'] === 'true';
  const nextOffset = response.cut || !Number.isFinite(told) ? request.start + response.keptBytes : Math.max(told, request.start);
  return { text: response.text, offset: request.start, nextOffset, complete: !more && !response.cut };
}
