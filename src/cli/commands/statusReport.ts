// The shape of `devops-loop status` output: sections of items, as text or JSON.
import type { HealthState } from '../../core/services/healthTypes';
import type { RoundEntry } from '../../core/services/probeRound';

/** What an alert line adds to its item in --json output. */
export interface AlertFacts {
  /** inactive, pending, firing or resolved (core/monitor/alerts AlertState). */
  state: 'inactive' | 'pending' | 'firing' | 'resolved';
  /** Severity while pending or firing. */
  severity?: 'warning' | 'critical';
  /** Last measured value: a number, a service health, or null when nothing could be measured. */
  value: number | string | null;
  /** Warning threshold of the rule, if any. */
  warning?: number;
  /** Critical threshold of the rule, if any. */
  critical?: number;
  /** How long the rule's threshold must hold, e.g. "2m". */
  for: string;
  /** ISO time the current state began, as far as this run saw it. */
  since: string;
}

/** One line of a section: a service, a pipeline stage or environment, an alert rule. */
export interface StatusItem {
  /** Service, stage or alert name. */
  name: string;
  /** Its state; unknown when not checked. */
  state: HealthState;
  /** Word shown instead of the state's own mark (e.g. CRITICAL, pending). */
  mark?: string;
  /** One line: the probe's detail or why it was not checked. */
  detail: string;
  /** What was checked, e.g. "GET http://localhost:3000/healthz". */
  target?: string;
  /** Latency of the check, when there was an answer. */
  latencyMs?: number;
  /** The alert rule's facts, on alert lines. */
  alert?: AlertFacts;
  /** On an engine-targeted environment's line: what its target runs, read from the engine. */
  running?: RunningFacts;
}

/** What an environment's engine target runs, in --json output. */
export interface RunningFacts {
  /** repository:tag the workload runs. */
  image: string;
  /** Released version running there, when known. */
  version: string | null;
  /** Tasks or pods running the workload, and how many are wanted. */
  replicas: { running: number; desired: number };
  /** ISO time the image was set, when known. */
  changedAt: string | null;
  /** Who set it, when a deploy of this product recorded it. */
  changedBy: string | null;
  /** How far the default branch is past the running version's release tag; null when it is not, or cannot be told. */
  drift: { behind: number; mainVersion: string } | null;
}

/** One part of the status report; each area adds its own section. */
export interface StatusSection {
  /** "services", "pipeline", "alerts". */
  name: string;
  /** Worst state of the section. */
  state: HealthState;
  /** Whether this section lets the exit code be 0. */
  ok: boolean;
  /** Short line, e.g. "5/5 up" or "api down". */
  summary: string;
  /** Lines in declaration order. */
  items: StatusItem[];
}

/** What every section source gets from one status run. */
export interface StatusContext {
  /** Folder of devops.yaml; relative paths resolve against it. */
  configDir: string;
  /** Cancels the whole status run. */
  signal: AbortSignal;
  /** This run's probe round of every service: run once, shared by the sections that read it. */
  probes(): Promise<RoundEntry[]>;
  /** A fresh probe round, for sampling alerts over --watch. */
  probeAgain(): Promise<RoundEntry[]>;
  /** How long alert rules are sampled (--watch), in ms; 0 for one pass. */
  watchMs: number;
  /** Limit of each Prometheus request, in ms. */
  prometheusTimeoutMs: number;
}

const stateMark: Record<HealthState, string> = { up: 'up', degraded: 'degraded', down: 'DOWN', unknown: '-' };

/** Plain text, one block per section, aligned columns. */
export function formatSections(sections: readonly StatusSection[]): string {
  let text = '';
  for (const section of sections) {
    text += `${capitalize(section.name)}: ${section.summary}\n`;
    const nameWidth = Math.max(0, ...section.items.map((i) => i.name.length));
    for (const item of section.items) {
      const latency = item.latencyMs === undefined ? '' : `${item.latencyMs} ms`;
      text += `  ${(item.mark ?? stateMark[item.state]).padEnd(8)}  ${item.name.padEnd(nameWidth)}  ${latency.padStart(7)}  ${item.detail}\n`;
    }
  }
  return text;
}

/** The worst state among items, down first; unknown when there are none. */
export function worstItemState(items: readonly StatusItem[]): HealthState {
  const order: HealthState[] = ['down', 'degraded', 'unknown', 'up'];
  return order.find((state) => items.some((i) => i.state === state)) ?? 'unknown';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
