import { batchTexts } from '../../../src/core/monitor/lineBatch';
import type { LineBatch, LogSink, LogSourceStatus } from '../../../src/core/monitor/logTypes';

/** Polls `condition` until it holds, or fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A sink that keeps what it was given, for assertions. */
export class CollectingSink implements LogSink {
  readonly received: { source: string; text: string }[] = [];
  readonly statuses: LogSourceStatus[] = [];

  get texts(): string[] {
    return this.received.map((r) => r.text);
  }

  lines(source: string, lines: readonly string[] | LineBatch): void {
    for (const text of batchTexts(lines)) this.received.push({ source, text });
  }

  status(_source: string, status: LogSourceStatus): void {
    this.statuses.push(status);
  }

  hasStatus(state: LogSourceStatus['state'], fragment: string): boolean {
    return this.statuses.some((s) => s.state === state && s.message.includes(fragment));
  }
}
