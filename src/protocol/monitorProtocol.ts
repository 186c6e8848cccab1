// Messages between the Monitor webview and the extension host. State travels as whole
// snapshots; log lines as numbered appends so the webview can spot a gap and ask again.
import { arrayOf, isBoolean, isNumber, isString, oneOf, optional, shape, type Guard } from './guards';

/** A chart declared in devops.yaml. */
export interface ChartSpec {
  /** Stable id, e.g. `chart/0`. */
  id: string;
  title: string;
  /** Built-in metric or a PromQL query. */
  kind: 'metric' | 'query';
  /** The metric name or the query text. */
  source: string;
  unit?: string;
  /** Lines of data; absent until the first sample or query result. */
  lines?: ChartLine[];
  /** Why the latest refresh failed, one sentence. */
  error?: string;
}

/** One labelled line of a chart; `values[i]` belongs to `timestamps[i]`, null is a gap. */
export interface ChartLine {
  /** Series label ("" for a single unnamed line). */
  label: string;
  /** Epoch milliseconds, ascending. */
  timestamps: number[];
  /** Values; null where there is no sample. */
  values: (number | null)[];
}

/** A log source: a followed file, a streaming command, or one member of an engine workload. */
export interface LogSourceSpec {
  /** Stable id, also the source column of merged logs. */
  id: string;
  /** Name shown to the user. */
  name: string;
  kind: 'file' | 'command' | 'engine';
  /** The file path, the command line, or the workload. */
  target: string;
  /** The service whose `logs` declared it, if any. */
  service?: string;
  /** What the source is doing, once it is followed. */
  status?: LogSourceStatus;
}

/** What a log source is doing; mirrors core/monitor/logTypes LogSourceStatus. */
export interface LogSourceStatus {
  state: 'starting' | 'following' | 'waiting' | 'ended' | 'error';
  /** One sentence for a person. */
  message: string;
}

/** An alert rule declared in devops.yaml, with its current state. */
export interface AlertRuleSpec {
  name: string;
  /** What it watches, in words: "service api not up", "cpu", a query. */
  target: string;
  warning?: number;
  critical?: number;
  /** How long a threshold must hold, e.g. "1m". */
  for: string;
  /** unknown until alerts are evaluated; otherwise core/monitor/alerts AlertState. */
  state: 'unknown' | 'inactive' | 'pending' | 'firing' | 'resolved';
  /** Severity while pending or firing. */
  severity?: 'warning' | 'critical';
  /** Last observed value, in words or digits. */
  value?: string;
  /** Epoch ms when the current state began. */
  since?: number;
}

/** Everything the panel shows, replaced whole on every change. */
export interface MonitorSnapshot {
  /** Increases with every snapshot; the webview ignores older ones. */
  revision: number;
  /** State of devops.yaml. */
  configState: 'loading' | 'missing' | 'valid' | 'stale' | 'invalid';
  /** Whether the workspace is trusted (log commands run only then). */
  trusted: boolean;
  charts: ChartSpec[];
  logSources: LogSourceSpec[];
  alerts: AlertRuleSpec[];
  /** One line each on data the charts lack and why (a cluster without the metrics API). */
  notes?: string[];
}

/** One log line of the merged stream; the same shape as core/monitor/logTypes LogLine. */
export interface LogLine {
  /** Position in the merged stream; grows by exactly 1 per line, so a gap is visible. */
  seq: number;
  /** Milliseconds since the epoch. */
  time: number;
  /** True when `time` was read from the line itself. */
  timeFromLine: boolean;
  /** Name of the source (the source column). */
  source: string;
  level: 'error' | 'warn' | 'info' | 'debug' | 'unknown';
  /** Raw text; always rendered as text, never as HTML. */
  text: string;
  /** The message part of a structured line, else the raw text. */
  message: string;
}

/** Extension → webview. */
export type HostMessage =
  /** The whole state of the panel. */
  | { type: 'snapshot'; snapshot: MonitorSnapshot }
  /** New lines; `lines[i].seq === fromSeq + i`. */
  | { type: 'logAppend'; fromSeq: number; lines: LogLine[]; restart?: boolean }
  /** Show only the logs of this source or service (Show logs of a service). */
  | { type: 'showSource'; source: string };

/** Webview → extension. */
export type WebviewMessage =
  /** The page loaded; `lastLogSeq` is the last line it still holds. */
  | { type: 'ready'; lastLogSeq?: number }
  /** A gap was seen: send lines from this seq again. */
  | { type: 'requestLogs'; fromSeq: number }
  /** Open devops.yaml in an editor. */
  | { type: 'openConfig' }
  /** The page drew this snapshot revision (tests and diagnostics read it). */
  | { type: 'rendered'; revision: number }
  /** Open the raw log behind a source (file sources open in an editor). */
  | { type: 'openLog'; source: string }
  /** Put text on the clipboard (the page's own clipboard access is not reliable in a webview). */
  | { type: 'copy'; text: string }
  /** The picked chart range and width, so queries ask for what is drawn; paused stops redraws. */
  | { type: 'view'; rangeMs: number; widthPx: number };

const isNullableNumber: Guard<number | null> = (v): v is number | null => v === null || isNumber(v);
const isChartLine: Guard<ChartLine> = shape<ChartLine>({ label: isString, timestamps: arrayOf(isNumber), values: arrayOf(isNullableNumber) });
const isChart: Guard<ChartSpec> = shape<ChartSpec>({
  id: isString,
  title: isString,
  kind: oneOf(['metric', 'query']),
  source: isString,
  unit: optional(isString),
  lines: optional(arrayOf(isChartLine)),
  error: optional(isString),
});
const isLogSourceStatus: Guard<LogSourceStatus> = shape<LogSourceStatus>({ state: oneOf(['starting', 'following', 'waiting', 'ended', 'error']), message: isString });
const isLogSource: Guard<LogSourceSpec> = shape<LogSourceSpec>({
  id: isString,
  name: isString,
  kind: oneOf(['file', 'command', 'engine']),
  target: isString,
  service: optional(isString),
  status: optional(isLogSourceStatus),
});
const isAlert: Guard<AlertRuleSpec> = shape<AlertRuleSpec>({
  name: isString,
  target: isString,
  warning: optional(isNumber),
  critical: optional(isNumber),
  for: isString,
  state: oneOf(['unknown', 'inactive', 'pending', 'firing', 'resolved']),
  severity: optional(oneOf(['warning', 'critical'])),
  value: optional(isString),
  since: optional(isNumber),
});
export const isMonitorSnapshot: Guard<MonitorSnapshot> = shape<MonitorSnapshot>({
  revision: isNumber,
  configState: oneOf(['loading', 'missing', 'valid', 'stale', 'invalid']),
  trusted: isBoolean,
  charts: arrayOf(isChart),
  logSources: arrayOf(isLogSource),
  alerts: arrayOf(isAlert),
  notes: optional(arrayOf(isString)),
});
const isLogLine: Guard<LogLine> = shape<LogLine>({
  seq: isNumber,
  time: isNumber,
  timeFromLine: isBoolean,
  source: isString,
  level: oneOf(['error', 'warn', 'info', 'debug', 'unknown']),
  text: isString,
  message: isString,
});

/** Checks a message from the extension; anything else is dropped by the caller. */
export function isHostMessage(value: unknown): value is HostMessage {
  return (
    shape<{ type: 'snapshot'; snapshot: MonitorSnapshot }>({ type: oneOf(['snapshot']), snapshot: isMonitorSnapshot })(value) ||
    shape<{ type: 'showSource'; source: string }>({ type: oneOf(['showSource']), source: isString })(value) ||
    (shape<{ type: 'logAppend'; fromSeq: number; lines: LogLine[]; restart?: boolean }>({
      type: oneOf(['logAppend']),
      fromSeq: isNumber,
      lines: arrayOf(isLogLine),
      restart: optional(isBoolean),
    })(value) &&
      value.lines.every((line, i) => line.seq === value.fromSeq + i))
  );
}

/** Checks a message from the webview; anything else is dropped by the caller. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return (
    shape<{ type: 'ready'; lastLogSeq?: number }>({ type: oneOf(['ready']), lastLogSeq: optional(isNumber) })(value) ||
    shape<{ type: 'requestLogs'; fromSeq: number }>({ type: oneOf(['requestLogs']), fromSeq: isNumber })(value) ||
    shape<{ type: 'openConfig' }>({ type: oneOf(['openConfig']) })(value) ||
    shape<{ type: 'rendered'; revision: number }>({ type: oneOf(['rendered']), revision: isNumber })(value) ||
    shape<{ type: 'openLog'; source: string }>({ type: oneOf(['openLog']), source: isString })(value) ||
    shape<{ type: 'copy'; text: string }>({ type: oneOf(['copy']), text: isString })(value) ||
    (shape<{ type: 'view'; rangeMs: number; widthPx: number }>({ type: oneOf(['view']), rangeMs: isNumber, widthPx: isNumber })(value) &&
      value.rangeMs > 0 &&
      value.widthPx >= 2)
  );
}
