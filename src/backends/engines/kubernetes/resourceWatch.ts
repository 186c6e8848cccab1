import type * as z from 'zod';
import { DevopsError, isCancellation } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import type { ObjectStore } from './clusterState';
import type { KubeClient } from './kubeClient';
import { isExpired } from './kubeErrors';
import { listSchema, statusObjectSchema } from './kubeSchemas';
import type { KubeObjectMeta } from './kubeSchemas';
import { HttpError } from '../../http/httpErrors';

// List, then watch, one resource in one namespace, the way client-go's reflector does:
// the list (paged) replaces what the store holds and gives a resourceVersion; the watch
// starts there with bookmarks on and moves it forward with every event and bookmark. When
// the server ends the watch, it resumes from the last resourceVersion at once; when that
// version is too old (410 Gone, as a status or as an ERROR event) it lists again, and the
// fresh list replaces the store, so nothing is lost or counted twice. Any other failure
// is reported and retried with a growing pause.

/** One watched resource. */
export interface ResourceKind<T extends { metadata: KubeObjectMeta }> {
  /** Plural name, for messages: "deployments". */
  plural: string;
  /** Path of the namespaced collection. */
  path(namespace: string): string;
  schema: z.ZodType<T>;
  store: ObjectStore<T>;
}

export interface WatchTimings {
  /** A watch that sends nothing (not even a bookmark) for this long is dropped and resumed. */
  idleMs: number;
  /** timeoutSeconds asked of the server: it ends the watch then, and it is resumed. */
  serverTimeoutSeconds: number;
  /** First pause after a failure; doubles up to backoffMaxMs. */
  backoffFirstMs: number;
  backoffMaxMs: number;
  /** Items per list page. */
  pageSize: number;
}

/** What a watch tells its owner. */
export interface WatchListener {
  /** The store changed. */
  changed(): void;
  /** The watch is current (listed, or resumed); clears an earlier failure. */
  current(): void;
  /** The watch failed and will retry; the store keeps the last good objects. */
  failed(error: DevopsError): void;
}

/** Runs until `signal` aborts; never rejects. */
export async function runResourceWatch<T extends { metadata: KubeObjectMeta }>(client: KubeClient, kind: ResourceKind<T>, namespace: string, timings: WatchTimings, listener: WatchListener, signal: AbortSignal): Promise<void> {
  // Moved forward by every event and bookmark, also of a watch that then drops.
  const position: { resourceVersion?: string } = {};
  let failures = 0;
  let relistsInARow = 0;
  while (!signal.aborted) {
    try {
      if (position.resourceVersion === undefined) {
        position.resourceVersion = await listAll(client, kind, namespace, timings.pageSize, signal);
        listener.changed();
        listener.current();
      }
      await watchFrom(client, kind, namespace, position, timings, listener, signal);
      failures = 0;
      relistsInARow = 0;
    } catch (error) {
      if (signal.aborted || isCancellation(error)) return;
      if (isExpired(error) && relistsInARow++ < 3) {
        position.resourceVersion = undefined;
        continue;
      }
      failures++;
      listener.failed(DevopsError.is(error) ? error : new DevopsError('unavailable', `watching ${kind.plural} in ${namespace} failed: ${String(error)}`, { cause: error }));
      await delay(Math.min(timings.backoffMaxMs, timings.backoffFirstMs * 2 ** (failures - 1)), signal);
    }
  }
}

/** Lists every page; on an expired continue token starts over. Returns the list's resourceVersion. */
async function listAll<T extends { metadata: KubeObjectMeta }>(client: KubeClient, kind: ResourceKind<T>, namespace: string, pageSize: number, signal: AbortSignal): Promise<string> {
  const items: T[] = [];
  let next: string | undefined;
  let resourceVersion = '';
  do {
    const answer = listSchema.safeParse(await client.json({ path: kind.path(namespace), query: { limit: pageSize, continue: next }, signal }));
    if (!answer.success) throw new DevopsError('invalid-data', `the list of ${kind.plural} in ${namespace} is not a Kubernetes list`);
    for (const raw of answer.data.items ?? []) {
      const item = kind.schema.safeParse(raw);
      if (item.success) items.push(item.data);
    }
    resourceVersion = answer.data.metadata?.resourceVersion ?? resourceVersion;
    next = answer.data.metadata?.continue || undefined;
  } while (next !== undefined);
  kind.store.replace(namespace, items);
  return resourceVersion;
}

/** One watch request from `position`, which it moves forward with each event and bookmark. */
async function watchFrom<T extends { metadata: KubeObjectMeta }>(client: KubeClient, kind: ResourceKind<T>, namespace: string, position: { resourceVersion?: string }, timings: WatchTimings, listener: WatchListener, signal: AbortSignal): Promise<void> {
  let failure: Error | undefined;
  const query = { watch: 'true', resourceVersion: position.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: timings.serverTimeoutSeconds };
  await client.lines({ path: kind.path(namespace), query, signal }, { idleMs: timings.idleMs, onOpen: () => listener.current() }, (line) => {
    let event: WatchEvent | undefined;
    try {
      event = watchEventOf(JSON.parse(line));
    } catch {
      return undefined; // a torn line carries no event; the next one moves on
    }
    if (event === undefined) return undefined;
    if (event.type === 'ERROR') {
      failure = watchErrorOf(event, `watching ${kind.plural} in ${namespace}`, kind.path(namespace));
      return 'stop';
    }
    position.resourceVersion = event.resourceVersion ?? position.resourceVersion;
    if (event.type === 'BOOKMARK') return undefined;
    const item = kind.schema.safeParse(event.object);
    if (!item.success) return undefined;
    if (event.type === 'DELETED') kind.store.remove(item.data);
    else kind.store.upsert(item.data);
    listener.changed();
    return undefined;
  });
  if (failure) throw failure;
}

/** The failure an ERROR event of a watch carries: an HttpError with the Status's code (410: the version is gone). */
export function watchErrorOf(event: WatchEvent, what: string, path: string): HttpError {
  const status = statusObjectSchema.safeParse(event.object);
  const code = status.success ? (status.data.code ?? 0) : 0;
  const message = status.success ? (status.data.message ?? '') : '';
  return new HttpError(code === 410 ? 'not-found' : 'unavailable', `${what}: ${code} ${message}`, { detail: 'status', status: code, request: `GET ${path}` });
}

/** One line of a watch stream: its type, object and the object's resourceVersion. */
export interface WatchEvent {
  type: string;
  object: object;
  resourceVersion: string | undefined;
}

// Checked by hand rather than by a schema: the object is checked by its resource's schema
// right after, and a thousand events a second should not copy every pod twice.
export function watchEventOf(value: unknown): WatchEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, object } = value as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || typeof object !== 'object' || object === null) return undefined;
  const metadata = (object as { metadata?: unknown }).metadata;
  const version = typeof metadata === 'object' && metadata !== null ? (metadata as { resourceVersion?: unknown }).resourceVersion : undefined;
  return { type, object, resourceVersion: typeof version === 'string' ? version : undefined };
}
