// The only place src/ calls setTimeout, setInterval and AbortSignal.timeout (lint enforces
// it). Node keeps a timer's delay in a signed 32-bit int: a longer one (600h) is replaced
// by 1 ms with a mere warning, so a stage timeout would end the stage at once and a long
// Retry-After would become a tight loop. Here every delay is clamped into range instead.

/** The longest delay a Node or browser timer holds: 2^31 - 1 ms, about 24.8 days. */
export const maxTimerMs = 2 ** 31 - 1;

/** `ms` as a delay a timer keeps: NaN and negatives wait 0, anything longer waits maxTimerMs. */
export function timerDelay(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(ms, maxTimerMs);
}

/** setTimeout with the delay clamped (see timerDelay). */
export function setSafeTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  // eslint-disable-next-line no-restricted-globals -- the one guarded call
  return setTimeout(callback, timerDelay(ms));
}

/** setInterval with the period clamped (see timerDelay). */
export function setSafeInterval(callback: () => void, ms: number): ReturnType<typeof setInterval> {
  // eslint-disable-next-line no-restricted-globals -- the one guarded call
  return setInterval(callback, timerDelay(ms));
}

/** AbortSignal.timeout with the delay clamped (see timerDelay). */
export function timeoutSignal(ms: number): AbortSignal {
  // eslint-disable-next-line no-restricted-properties -- the one guarded call
  return AbortSignal.timeout(timerDelay(ms));
}

/** Resolves after `ms` (clamped), or at once when `signal` aborts; never rejects. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setSafeTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
