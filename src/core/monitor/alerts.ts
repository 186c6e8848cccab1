// Alert rules evaluated into states. Only transitions produce events, so a notification
// layer can notify once per incident. Thresholds must hold for `forMs` before firing.
import type { MonitorConfig } from '../config/schema';
import type { Disposable, Event } from '../refresh/eventEmitter';
import { EventEmitter } from '../refresh/eventEmitter';
import { parseDurationMs } from '../duration';
import type { Workload } from '../engines/engineTypes';
import { autoscalerRuleValue } from './autoscalerAlert';
import type { AutoscalerAtMaxSubject } from './autoscalerAlert';

export type AlertSeverity = 'warning' | 'critical';
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';
/** Worst-of level for a status bar: what firing alerts add up to. */
export type AlertLevel = 'ok' | AlertSeverity;
/** A probed service's health as the Services area reports it. */
export type ServiceHealth = 'up' | 'degraded' | 'down' | 'unknown';

/** What a rule watches. */
export type AlertSubject =
  | { kind: 'metric'; metric: 'cpu' | 'memory' | 'disk' }
  | { kind: 'query'; query: string }
  | { kind: 'service'; service: string }
  | AutoscalerAtMaxSubject;

export interface AlertRule {
  /** Unique name, shown in the list and notifications. */
  name: string;
  /** What is watched. */
  subject: AlertSubject;
  /** Value at or above which (below, when warning > critical) the rule warns. */
  warning?: number;
  /** Value at or above which (below, when warning > critical) it is critical. */
  critical?: number;
  /** How long the condition must hold before firing. */
  forMs: number;
}

/** Current state of one rule. */
export interface AlertStatus {
  /** Rule name. */
  rule: string;
  /** Where the rule stands. */
  state: AlertState;
  /** Severity while pending or firing. */
  severity: AlertSeverity | undefined;
  /** Last observed value (a number, a service health, or null for no data). */
  value: number | ServiceHealth | null;
  /** Epoch ms when the current state began. */
  since: number;
}

/** One change of state (or of severity while firing). */
export interface AlertTransition {
  /** Rule name. */
  rule: string;
  /** State before. */
  from: AlertState;
  /** State after. */
  to: AlertState;
  /** Severity after (undefined once inactive or resolved). */
  severity: AlertSeverity | undefined;
  /** Severity before. */
  previousSeverity: AlertSeverity | undefined;
  /** Value that caused the change. */
  value: number | ServiceHealth | null;
  /** Epoch ms of the observation. */
  time: number;
  /** One sentence for a notification. */
  message: string;
}

export function alertRulesFromConfig(alerts: MonitorConfig['alerts']): AlertRule[] {
  return alerts.map((a) => ({
    name: a.name,
    subject: a.service ? { kind: 'service', service: a.service } : a.query ? { kind: 'query', query: a.query } : { kind: 'metric', metric: a.metric ?? 'cpu' },
    warning: a.warning,
    critical: a.critical,
    forMs: parseDurationMs(a.for),
  }));
}

/** Severity an observation calls for; undefined when fine, 'no-data' when it says nothing. */
export function breachOf(rule: AlertRule, value: number | ServiceHealth | null): AlertSeverity | undefined | 'no-data' {
  if (value === null || value === 'unknown' || (typeof value === 'number' && !Number.isFinite(value))) return 'no-data';
  if (typeof value === 'string') return value === 'down' ? 'critical' : value === 'degraded' ? 'warning' : undefined;
  const { warning, critical } = rule;
  const lower = lowerIsWorse(rule);
  const crosses = (limit: number | undefined): boolean => limit !== undefined && (lower ? value <= limit : value >= limit);
  if (crosses(critical)) return 'critical';
  if (crosses(warning)) return 'warning';
  return undefined;
}

/** True when the rule fires on low values (its warning threshold is above its critical one). */
export function lowerIsWorse(rule: AlertRule): boolean {
  return rule.warning !== undefined && rule.critical !== undefined && rule.warning > rule.critical;
}

function worstOf(rule: AlertRule, values: readonly number[]): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  return lowerIsWorse(rule) ? Math.min(...finite) : Math.max(...finite);
}

export function worstAlertLevel(statuses: readonly AlertStatus[]): AlertLevel {
  let level: AlertLevel = 'ok';
  for (const s of statuses) {
    if (s.state !== 'firing') continue;
    if (s.severity === 'critical') return 'critical';
    level = 'warning';
  }
  return level;
}

interface RuleState extends AlertStatus {
  breachSince: number | undefined;
}

export class AlertEvaluator implements Disposable {
  private readonly states = new Map<string, RuleState>();
  private readonly transitioned = new EventEmitter<AlertTransition>();
  /** Fires once per transition; never for an observation that changes nothing. */
  readonly onDidTransition: Event<AlertTransition> = this.transitioned.event;

  constructor(private readonly rules: readonly AlertRule[], start = Date.now()) {
    for (const rule of rules) {
      this.states.set(rule.name, { rule: rule.name, state: 'inactive', severity: undefined, value: null, since: start, breachSince: undefined });
    }
  }

  observeMetric(metric: 'cpu' | 'memory' | 'disk', value: number | null, time: number): void {
    this.observeWhere((s) => s.kind === 'metric' && s.metric === metric, value, time);
  }

  /** A query's value, or the values of its series: each rule takes the worst for it. */
  observeQuery(query: string, value: number | null | readonly number[], time: number): void {
    for (const rule of this.rules) {
      if (rule.subject.kind !== 'query' || rule.subject.query !== query) continue;
      this.evaluate(rule, typeof value === 'number' || value === null ? value : worstOf(rule, value), time);
    }
  }

  observeService(service: string, health: ServiceHealth, time: number): void {
    this.observeWhere((s) => s.kind === 'service' && s.service === service, health, time);
  }

  /** A snapshot of engine workloads: each autoscaler-at-max rule takes the worst autoscaler it watches. */
  observeWorkloads(workloads: readonly Workload[], time: number): void {
    for (const rule of this.rules) if (rule.subject.kind === 'autoscaler-at-max') this.evaluate(rule, autoscalerRuleValue(rule.subject, workloads), time);
  }

  /** Re-evaluates every rule with its last value, so `for` durations elapse between samples. */
  tick(time: number): void {
    for (const rule of this.rules) this.evaluate(rule, this.states.get(rule.name)!.value, time);
  }

  statuses(): AlertStatus[] {
    return [...this.states.values()].map(({ breachSince: _ignored, ...status }) => status);
  }

  worstLevel(): AlertLevel {
    return worstAlertLevel(this.statuses());
  }

  dispose(): void {
    this.transitioned.dispose();
  }

  private observeWhere(match: (subject: AlertSubject) => boolean, value: number | ServiceHealth | null, time: number): void {
    for (const rule of this.rules) if (match(rule.subject)) this.evaluate(rule, value, time);
  }

  private evaluate(rule: AlertRule, value: number | ServiceHealth | null, time: number): void {
    const state = this.states.get(rule.name)!;
    state.value = value;
    const breach = breachOf(rule, value);
    if (breach === 'no-data') return; // missing data neither raises nor clears an alert
    if (breach === undefined) {
      state.breachSince = undefined;
      if (state.state === 'pending') this.move(state, 'inactive', undefined, time);
      else if (state.state === 'firing') this.move(state, 'resolved', undefined, time);
      return;
    }
    state.breachSince ??= time;
    const held = time - state.breachSince >= rule.forMs;
    if (state.state === 'firing') {
      if (state.severity !== breach) this.move(state, 'firing', breach, time);
    } else if (held) {
      this.move(state, 'firing', breach, time);
    } else if (state.state !== 'pending' || state.severity !== breach) {
      this.move(state, 'pending', breach, time);
    }
  }

  private move(state: RuleState, to: AlertState, severity: AlertSeverity | undefined, time: number): void {
    const from = state.state;
    const previousSeverity = state.severity;
    state.state = to;
    state.severity = severity;
    if (from !== to) state.since = time;
    this.transitioned.fire({ rule: state.rule, from, to, severity, previousSeverity, value: state.value, time, message: describe(state.rule, to, severity, state.value) });
  }
}

function describe(rule: string, to: AlertState, severity: AlertSeverity | undefined, value: number | ServiceHealth | null): string {
  const shown = typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
  switch (to) {
    case 'firing':
      return `${rule} is firing (${severity}): value ${shown}`;
    case 'pending':
      return `${rule} is pending (${severity}): value ${shown}`;
    case 'resolved':
      return `${rule} resolved: value ${shown}`;
    default:
      return `${rule} is back to normal: value ${shown}`;
  }
}

/** A warning when an autoscaler stays at its maximum with a metric above target for `forMs`. */
export function autoscalerAtMaxRule(name: string, workload: string, forMs: number): AlertRule {
  return { name, subject: { kind: 'autoscaler-at-max', workload }, warning: 100, forMs };
}
