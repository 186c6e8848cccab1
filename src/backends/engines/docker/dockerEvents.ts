import { eventSchema, type DockerEvent } from './dockerSchemas';
import { parseJsonLine } from './dockerStreams';

// The engine's event stream as refresh work: which containers and services an event names.
// Health checks run as execs and fire exec_* events every interval, so the stream is
// filtered at the engine to the actions that change what a view shows.

/** The /events filter: lifecycle and health of containers, and Swarm service changes. */
export const eventFilters = {
  type: ['container', 'service'],
  event: ['create', 'start', 'restart', 'stop', 'die', 'kill', 'oom', 'pause', 'unpause', 'destroy', 'rename', 'update', 'health_status', 'remove'],
};

/** Where the stream was: the last event's time in nanoseconds, and the events seen at exactly that time. */
export interface EventCursor {
  /** Nanoseconds since the epoch, as the engine's decimal digits (too large for a double). */
  nanos: string;
  /** Keys of the events at `nanos` already handled; `since` repeats them on a reconnect. */
  seen: Set<string>;
}

/** `since` for /events: seconds.nanoseconds, the engine's own precision. */
export function sinceParam(cursor: EventCursor): string {
  const digits = cursor.nanos.padStart(10, '0');
  return `${digits.slice(0, -9) || '0'}.${digits.slice(-9)}`;
}

/** One event line parsed, with its time kept exact; undefined for a line that is not an event. */
export function parseEventLine(line: string): { event: DockerEvent; nanos: string; key: string } | undefined {
  const parsed = eventSchema.safeParse(parseJsonLine(line));
  if (!parsed.success) return undefined;
  // JSON.parse rounds timeNano (19 digits) to a double; the text has it exact.
  const nanos = /"timeNano"\s*:\s*(\d+)/.exec(line)?.[1] ?? `${parsed.data.time ?? 0}000000000`;
  const event = parsed.data;
  return { event, nanos, key: `${event.Type}\n${event.Action}\n${event.Actor?.ID ?? ''}` };
}

/** True when the event is new to a stream at `cursor` (a reconnect with `since` repeats the events at its instant). */
export function isNewEvent(cursor: EventCursor | undefined, nanos: string, key: string): boolean {
  if (!cursor) return true;
  const order = compareNanos(nanos, cursor.nanos);
  return order > 0 || (order === 0 && !cursor.seen.has(key));
}

/** Moves the cursor past an event. */
export function advanceCursor(cursor: EventCursor | undefined, nanos: string, key: string): EventCursor {
  if (cursor && compareNanos(nanos, cursor.nanos) === 0) {
    cursor.seen.add(key);
    return cursor;
  }
  return { nanos, seen: new Set([key]) };
}

function compareNanos(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** What a batch of events asks to read again. */
export interface RefreshWork {
  containers: Set<string>;
  destroyed: Set<string>;
  services: Set<string>;
}

export function emptyWork(): RefreshWork {
  return { containers: new Set(), destroyed: new Set(), services: new Set() };
}

/** Adds what one event names; `serviceOf` finds the Swarm service of a task's container. */
export function addEventWork(work: RefreshWork, event: DockerEvent, serviceOf: (containerId: string, attributes: Record<string, string>) => string | undefined): void {
  const id = event.Actor?.ID ?? undefined;
  if (!id) return;
  const attributes = event.Actor?.Attributes ?? {};
  if (event.Type === 'service') {
    work.services.add(id);
    return;
  }
  if (event.Type !== 'container') return;
  if (event.Action === 'destroy') {
    work.destroyed.add(id);
    work.containers.delete(id);
  } else if (!work.destroyed.has(id)) {
    work.containers.add(id);
  }
  const service = serviceOf(id, attributes);
  if (service) work.services.add(service);
}

export function hasWork(work: RefreshWork): boolean {
  return work.containers.size + work.destroyed.size + work.services.size > 0;
}
