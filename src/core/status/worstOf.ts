// Picks what the one status bar item shows out of its sources (services, pipeline, alerts):
// the worst level leads, other sources with news ride along.

/** How bad a source is; `idle` sources (nothing to watch) never win over one with news. */
export type StatusLevel = 'idle' | 'ok' | 'info' | 'warning' | 'error';

const rank: Record<StatusLevel, number> = { idle: 0, ok: 1, info: 2, warning: 3, error: 4 };

/** What one source wants the item to say. */
export interface StatusReport {
  /** Which source this is, e.g. `services`. */
  source: string;
  /** Its level. */
  level: StatusLevel;
  /** Short text, e.g. "3/3 up" or "api down". */
  text: string;
  /** One or more lines for the tooltip. */
  tooltip: string;
  /** Command id the item runs while this report is shown. */
  command?: string;
  /** Breaks ties between equal levels: lower goes first. */
  order: number;
}

/** What the item shows; undefined hides it. */
export interface StatusDisplay {
  /** The report that decided the text and command. */
  lead: StatusReport;
  /** Worst level over all sources. */
  level: StatusLevel;
  /** `$(icon) text`, with the other non-ok sources appended. */
  text: string;
  /** Every source's tooltip, worst first. */
  tooltip: string;
}

const icon: Record<StatusLevel, string> = { idle: 'circle-outline', ok: 'pass-filled', info: 'info', warning: 'warning', error: 'error' };

export function worstOf(reports: readonly StatusReport[]): StatusDisplay | undefined {
  const shown = reports.filter((r) => r.level !== 'idle');
  if (shown.length === 0) return undefined;
  const sorted = [...shown].sort((a, b) => rank[b.level] - rank[a.level] || a.order - b.order);
  const lead = sorted[0];
  // Other sources with news ride along, so one item never hides a second problem.
  const others = sorted.slice(1).filter((r) => rank[r.level] >= rank.warning).map((r) => r.text);
  return {
    lead,
    level: lead.level,
    text: [`$(${icon[lead.level]}) ${lead.text}`, ...others].join(' · '),
    tooltip: sorted.map((r) => r.tooltip).join('\n\n'),
  };
}
