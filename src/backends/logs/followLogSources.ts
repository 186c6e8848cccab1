// Runs a set of log sources into one sink (the LogModel) and stops them together.
import type { LogSink, LogSource } from '../../core/monitor/logTypes';

/** Sources that are being followed. */
export interface FollowedSources {
  /** Resolves when every source has stopped (commands ended, or stop() was called). */
  done: Promise<void>;
  /** Stops every source; resolves once they have released their files and processes. */
  stop(): Promise<void>;
}

export function followLogSources(sources: readonly LogSource[], sink: LogSink): FollowedSources {
  const controller = new AbortController();
  // follow() never rejects by contract; a bug in one source must not stop the others.
  const done = Promise.all(
    sources.map((source) =>
      source.follow(sink, controller.signal).catch((error: unknown) => {
        sink.status(source.name, { state: 'error', message: `${source.name} stopped: ${error instanceof Error ? error.message : String(error)}` });
      }),
    ),
  ).then(() => undefined);
  return {
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}
