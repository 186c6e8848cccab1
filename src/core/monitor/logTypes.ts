// Shapes of the log stream, shared by sources (backends/logs), the model and the views.

/** Severity detected from a line; `unknown` when the line says nothing about it. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'unknown';

/** Levels from most to least severe, the order filters and colours use. */
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'unknown'];

/** One line of the merged stream. */
export interface LogLine {
  /** Position in the merged stream; grows by exactly 1 per line, so a gap is visible. */
  seq: number;
  /** Milliseconds since the epoch: the line's own timestamp, else its arrival time. */
  time: number;
  /** True when `time` was read from the line itself. */
  timeFromLine: boolean;
  /** Name of the source the line came from (the source column). */
  source: string;
  /** Detected level. */
  level: LogLevel;
  /** The raw line as decoded (invalid UTF-8 replaced by U+FFFD, no trailing newline). */
  text: string;
  /** The message part: `msg`/`message` of a JSON line, else the raw text. */
  message: string;
}

/** New lines at the end of the stream; `lines[i].seq === fromSeq + i`. */
export interface LogAppend {
  /** Sequence number of the first line in `lines`. */
  readonly fromSeq: number;
  /** How many lines were appended (known without decoding them). */
  readonly count: number;
  /** The lines, in stream order; decoded and parsed when first read. */
  readonly lines: LogLine[];
}

/**
 * Complete lines of one source that are decoded only when read: a source that reads bytes
 * hands them over as they are, so lines that leave the ring unseen cost no string.
 */
export interface LineBatch {
  /** Number of lines. */
  readonly length: number;
  /** The text of line `index` (0 ≤ index < length), decoded on every call. */
  text(index: number): string;
}

/** What a source is doing, for a line in the panel such as "api.log was deleted; waiting". */
export interface LogSourceStatus {
  /** following: lines flow; waiting: the file is absent and watched for; ended: the command exited; error: cannot go on. */
  state: 'starting' | 'following' | 'waiting' | 'ended' | 'error';
  /** One sentence for a person; never a stack trace. */
  message: string;
}

/** Where a source delivers what it reads. */
export interface LogSink {
  /** Complete lines of one source, in the order the source produced them; the sink may keep `lines`, so the source must not change them afterwards. */
  lines(source: string, lines: readonly string[] | LineBatch): void;
  /** A change of the source's state. */
  status(source: string, status: LogSourceStatus): void;
}

/** Something that produces log lines: a followed file or a streaming command. */
export interface LogSource {
  /** Name shown in the source column. */
  readonly name: string;
  /** Follows until the signal aborts (or a command ends); never rejects, failures go to `sink.status`. */
  follow(sink: LogSink, signal: AbortSignal): Promise<void>;
}
