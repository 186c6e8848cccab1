import { HttpError } from '../../http/httpErrors';
import type { LogChunk } from '../../../core/ci/ciTypes';
import type { NetworkGate } from '../../../core/ports';
import { fetchLog } from '../logFetch';
import type { LogFetchResponse } from '../logFetch';

// GitHub serves a job log in two hops: the API answers 302 with a short-lived URL on
// a storage host, which holds the text. That one redirect is expected: we follow it
// ourselves, only to the URL the API named, over https when the API is https, and
// without the token (the URL is already signed). Anything further is refused.

export interface GithubJobLogRequest {
  /** The API URL of /repos/{o}/{r}/actions/jobs/{id}/logs. */
  apiUrl: URL;
  /** Headers for the API hop (Accept). */
  apiHeaders: Record<string, string>;
  /** Credentials for the API hop only. */
  credentials: Record<string, string>;
  /** Asked before each hop. */
  network: NetworkGate;
  signal: AbortSignal;
  timeoutMs: number;
  /** The log's tail is kept up to this many bytes. */
  maxBytes: number;
  /** Whether the job finished (its log will not grow). */
  finished: boolean;
  now?: () => number;
  /** Trusted CA certificates, when a CA file is configured. */
  ca?: string[];
}

export async function readGithubJobLog(request: GithubJobLogRequest): Promise<LogChunk> {
  const common = { signal: request.signal, timeoutMs: request.timeoutMs, maxBytes: request.maxBytes, keep: 'tail' as const, now: request.now, ca: request.ca, network: request.network };
  let first: LogFetchResponse;
  try {
    first = await fetchLog({ ...common, url: request.apiUrl, headers: request.apiHeaders, credentials: request.credentials });
  } catch (error) {
    const notice = noticeFor(error, request.finished);
    if (notice) return notice;
    throw error;
  }
  let response = first;
  if (first.status >= 300 && first.status < 400) {
    const target = storageUrl(first, request.apiUrl);
    try {
      response = await fetchLog({ ...common, url: target, headers: {} });
    } catch (error) {
      const notice = noticeFor(error, request.finished);
      if (notice) return notice;
      throw error;
    }
    if (response.status >= 300 && response.status < 400) {
      throw new HttpError('invalid-data', `GET ${target.host}${target.pathname}: the log storage redirected again; refused`, { detail: 'redirect-refused', status: response.status, request: `GET ${target.host}` });
    }
  }
  const chunk: LogChunk = { text: response.text, offset: response.receivedBytes - response.keptBytes, nextOffset: response.receivedBytes, complete: request.finished };
  if (response.cut) chunk.notice = { kind: 'truncated', message: `The log is ${Math.round(response.receivedBytes / 1024 / 1024)} MB; only its last ${Math.round(request.maxBytes / 1024 / 1024)} MB are shown.` };
  return chunk;
}

function storageUrl(response: LogFetchResponse, apiUrl: URL): URL {
  const label = `GET ${apiUrl.host}${apiUrl.pathname}`;
  const location = response.headers.location;
  let target: URL | undefined;
  try {
    target = location === undefined ? undefined : new URL(location, apiUrl);
  } catch {
    target = undefined;
  }
  const allowed = apiUrl.protocol === 'https:' ? ['https:'] : ['http:', 'https:'];
  if (!target || !allowed.includes(target.protocol)) {
    throw new HttpError('invalid-data', `${label}: the log redirect does not name a usable ${apiUrl.protocol.replace(':', '')} URL`, { detail: 'redirect-refused', status: response.status, request: label });
  }
  return target;
}

function noticeFor(error: unknown, finished: boolean): LogChunk | undefined {
  if (!HttpError.isHttp(error) || error.detail !== 'status') return undefined;
  const empty = { text: '', offset: 0, nextOffset: 0, complete: finished };
  if (error.status === 410) return { ...empty, complete: true, notice: { kind: 'expired', message: 'GitHub no longer keeps this log: it expired under the repository\'s log retention.' } };
  if (error.status === 404 && !finished) return { ...empty, notice: { kind: 'unavailable', message: 'The log is not available yet; it will be shown when the job ends.' } };
  return undefined;
}
