import type { EngineSnapshot, Workload } from '../../../core/engines/engineTypes';
import { DevopsError } from '../../../core/errors';
import { delay, setSafeTimeout } from '../../../core/safeTimers';
import type { DockerClient } from './dockerClient';
import { addEventWork, advanceCursor, eventFilters, isNewEvent, parseEventLine, sinceParam, type EventCursor, type RefreshWork } from './dockerEvents';
import { DockerInventory } from './dockerInventory';
import { readLines } from './dockerStreams';
import { RefreshPump } from './refreshPump';

// Lists what the engine runs, then follows its event stream and reads again only the rows
// an event names. The stream is opened before the list is read, so nothing that changes in
// between is missed. After a drop it reconnects with `since` at the last event it handled
// (the engine replays what came after); after the engine was unreachable it lists again,
// since a restarted engine has no history of what changed while it was down. Meanwhile the
// last good snapshot stays, marked stale, with the error that made it so.

export interface DockerWatchOptions {
  client: DockerClient;
  engineId: string;
  now?: () => number;
  /** Waits before reconnect attempts, the last one repeated; default 250 ms up to 10 s. */
  backoffMs?: readonly number[];
  /** Events this close together are handled as one batch; default 100 ms. */
  batchMs?: number;
}

const defaultBackoffMs = [250, 1000, 2000, 5000, 10_000];
const inspectSlice = 16;
const settleFirstMs = 500;
const settleLastMs = 10_000;

export async function watchDocker(options: DockerWatchOptions, onSnapshot: (snapshot: EngineSnapshot) => void, signal: AbortSignal): Promise<void> {
  const now = options.now ?? Date.now;
  const inventory = new DockerInventory(options.client);
  const backoff = options.backoffMs ?? defaultBackoffMs;
  let cursor: EventCursor | undefined;
  let needsList = true;
  let failures = 0;
  let lastGood: { workloads: Workload[]; at: number } | undefined;
  let lastSent = '';

  const emit = (): void => {
    lastGood = { workloads: inventory.workloads(), at: now() };
    const text = JSON.stringify(lastGood.workloads);
    if (text === lastSent) return;
    lastSent = text;
    onSnapshot({ engineId: options.engineId, engine: 'docker', workloads: lastGood.workloads, at: lastGood.at, stale: false });
  };

  const session = async (sessionSignal: AbortSignal): Promise<void> => {
    let fail: (error: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const settle = new SettleTimer(() => inventory.unsettledServices(), (ids) => {
      for (const id of ids) pump.work.services.add(id);
      pump.schedule();
    });
    const pump = new RefreshPump(
      async (work) => {
        if (work.services.size > 0) settle.reset();
        await applyWork(inventory, work, sessionSignal);
        emit();
        settle.schedule();
      },
      options.batchMs ?? 100,
      (error) => fail(error),
    );
    try {
      const stream = await options.client.stream({ path: '/events', query: { filters: JSON.stringify(eventFilters), since: cursor && !needsList ? sinceParam(cursor) : undefined }, signal: sessionSignal });
      // Before any event, a reconnect resumes from when this stream began, by the engine's clock.
      cursor ??= cursorFromDate(stream.headers.date);
      const reading = readLines(stream, (line) => {
        const parsed = parseEventLine(line);
        if (!parsed || !isNewEvent(cursor, parsed.nanos, parsed.key)) return;
        cursor = advanceCursor(cursor, parsed.nanos, parsed.key);
        addEventWork(pump.work, parsed.event, (id, attributes) => inventory.serviceOfContainer(id, attributes));
        pump.schedule();
      });
      const ended = reading.then(() => {
        throw new DevopsError('unavailable', 'the Docker engine ended its event stream (is it stopping?)');
      });
      // Raced below; marked handled so a stream torn down after the session ends is no unhandled rejection.
      ended.catch(() => undefined);
      failed.catch(() => undefined);
      if (needsList) {
        await Promise.race([inventory.listAll(sessionSignal), failed, ended]);
        // Listed: a later drop reconnects with `since` rather than listing again.
        needsList = false;
        emit();
        settle.schedule();
      } else {
        // Reconnected after one drop: the stream replays what was missed from `since`, and the
        // rows are fresh again now. Without this, an engine back before a second attempt
        // failed kept its rows marked stale until its next event.
        emit();
      }
      pump.setIdleWork(async () => {
        const inspected = await inventory.inspectPending(sessionSignal, inspectSlice);
        if (inspected) emit();
        return inspected;
      });
      failures = 0;
      pump.start();
      await Promise.race([ended, failed]);
    } finally {
      pump.stop();
      settle.stop();
    }
  };

  while (!signal.aborted) {
    const controller = new AbortController();
    const sessionSignal = AbortSignal.any([signal, controller.signal]);
    try {
      await session(sessionSignal);
    } catch (error) {
      controller.abort();
      if (signal.aborted) return;
      // A second failure in a row means the engine was unreachable: it may have restarted and forgotten its events.
      if (failures > 0) needsList = true;
      failures++;
      if (failures > 1) options.client.renegotiate();
      const reason = DevopsError.is(error) ? error.reason : 'unavailable';
      const message = error instanceof Error ? error.message : String(error);
      lastSent = '';
      onSnapshot({ engineId: options.engineId, engine: 'docker', workloads: lastGood?.workloads ?? [], at: lastGood?.at ?? now(), stale: true, error: { reason, message } });
      await delay(backoff[Math.min(failures - 1, backoff.length - 1)] ?? 1000, signal);
    } finally {
      controller.abort();
    }
  }
}

/**
 * Reads unsettled services again while they converge: the engine has no event for a task's
 * state, so a task that turns running after its container's last event would otherwise
 * stay "starting". The wait doubles while they stay unsettled (a crash loop), up to 10 s.
 */
class SettleTimer {
  private timer: ReturnType<typeof setSafeTimeout> | undefined;
  private waitMs = settleFirstMs;

  constructor(
    private readonly unsettled: () => string[],
    private readonly refresh: (ids: string[]) => void,
  ) {}

  schedule(): void {
    if (this.timer !== undefined) return;
    if (this.unsettled().length === 0) {
      this.waitMs = settleFirstMs;
      return;
    }
    this.timer = setSafeTimeout(() => {
      this.timer = undefined;
      this.refresh(this.unsettled());
    }, this.waitMs);
    this.waitMs = Math.min(this.waitMs * 2, settleLastMs);
  }

  /** An event named a service: its next changes come soon, so look again soon. */
  reset(): void {
    this.waitMs = settleFirstMs;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A second before the engine's Date header (second precision): replaying a little is harmless, missing is not. */
function cursorFromDate(date: string | undefined): EventCursor | undefined {
  const ms = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(ms) ? undefined : { nanos: `${Math.floor(ms / 1000) - 1}000000000`, seen: new Set() };
}

async function applyWork(inventory: DockerInventory, work: RefreshWork, signal: AbortSignal): Promise<void> {
  for (const id of work.destroyed) inventory.forgetContainer(id);
  await Promise.all([...work.containers].map((id) => inventory.refreshContainer(id, signal)));
  await Promise.all([...work.services].map((id) => inventory.refreshService(id, signal)));
}
