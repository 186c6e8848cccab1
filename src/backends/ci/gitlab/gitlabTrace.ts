import type { LogChunk } from '../../../core/ci/ciTypes';
import type { NetworkGate } from '../../../core/ports';
import { HttpError } from '../../http/httpErrors';
import { fetchLog } from '../logFetch';

// A GitLab job trace read from a byte offset. We ask with `Range: bytes=N-`; a server
// that honours it answers 206 from N, one that ignores it sends the whole trace and we
// drop the first N bytes ourselves, and 416 means nothing new. Each read returns whole
// lines only, so appends never split a line and never repeat or skip bytes.

export interface TraceRequest {
  /** The trace URL (…/projects/:id/jobs/:job_id/trace). */
  url: URL;
  /** Credentials (PRIVATE-TOKEN). */
  credentials: Record<string, string>;
  /** Asked before the request. */
  network: NetworkGate;
  /** Byte offset to read from. */
  offset: number;
  /** Most new bytes per read. */
  chunkBytes: number;
  /** Whether the job finished: a read that reaches the end then completes the log. */
  finished: boolean;
  signal: AbortSignal;
  timeoutMs: number;
  now?: () => number;
  /** Trusted CA certificates, when a CA file is configured. */
  ca?: string[];
}

export async function readTrace(request: TraceRequest): Promise<LogChunk> {
  const nothing: LogChunk = { text: '', offset: request.offset, nextOffset: request.offset, complete: request.finished };
  let response;
  try {
    response = await fetchLog({
      url: request.url,
      headers: { accept: 'text/plain', ...(request.offset > 0 ? { range: `bytes=${request.offset}-` } : {}) },
      credentials: request.credentials,
      network: request.network,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      // A server that ignores Range sends the bytes we have again; read past them.
      maxBytes: request.offset + request.chunkBytes,
      keep: 'head',
      now: request.now,
      ca: request.ca,
    });
  } catch (error) {
    if (HttpError.isHttp(error) && error.status === 416) return nothing;
    throw error;
  }
  let bytes = Buffer.from(response.text, 'utf8');
  if (response.status === 206) {
    const from = /bytes (\d+)-/.exec(response.headers['content-range'] ?? '');
    const start = from ? Number(from[1]) : request.offset;
    if (start > request.offset) return nothing; // a gap we cannot fill from this answer
    bytes = bytes.subarray(request.offset - start);
  } else {
    if (bytes.length < request.offset) return nothing;
    bytes = bytes.subarray(request.offset);
  }
  // Keep whole lines only while the job runs: the rest of a line comes with the next read.
  const reachedEnd = !response.cut;
  if (!(reachedEnd && request.finished)) {
    const end = bytes.lastIndexOf(0x0a);
    bytes = end < 0 ? bytes.subarray(0, 0) : bytes.subarray(0, end + 1);
  }
  return {
    text: bytes.toString('utf8'),
    offset: request.offset,
    nextOffset: request.offset + bytes.length,
    complete: request.finished && reachedEnd,
  };
}
