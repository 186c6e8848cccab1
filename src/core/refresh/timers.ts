import { setSafeTimeout } from '../safeTimers';

// The scheduler's only access to time, so tests can drive it without sleeping.

/** Handle of a pending timer. */
export interface TimerHandle {
  /** Cancels the timer; harmless after it fired. */
  cancel(): void;
}

/** Wall clock and one-shot timers. */
export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `delayMs`. */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

/** Real timers; unref'd so a poller never keeps a CLI or test process alive. */
export const realTimers: Timers = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const handle = setSafeTimeout(callback, delayMs);
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** Deterministic timers for tests: time moves only when `advance` is called. */
export class ManualTimers implements Timers {
  private time: number;
  private seq = 0;
  private pending: PendingTimer[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: PendingTimer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.pending.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Number of timers not yet fired or cancelled. */
  get pendingCount(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }

  /**
   * Moves time forward, firing due timers in order and letting promise callbacks
   * settle between them, as the real event loop would.
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flushPromises();
    for (;;) {
      this.pending = this.pending.filter((t) => !t.cancelled);
      const next = this.pending.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      next.cancelled = true;
      next.callback();
      await flushPromises();
    }
    this.time = end;
    await flushPromises();
  }
}

/** Lets pending promise chains run to completion (several hops deep). */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
