// Alerts the engines' workloads raise by themselves, with no rule in devops.yaml: one per
// workload and kind. Each runs the same state machine as the declared rules (AlertEvaluator:
// pending until the condition held `for`, then firing, then resolved), so the Monitor's
// alert list and the status bar take their statuses and transitions as they take those of
// monitor.alerts. A kind is one EngineAlertCondition; `autoscaler-at-max` adds another.
import type { EngineSnapshot, Workload } from '../engines/engineTypes';
import { type Disposable, type Event, EventEmitter } from '../refresh/eventEmitter';
import { AlertEvaluator, type AlertSeverity, type AlertStatus, type AlertTransition } from './alerts';
import { autoscalerOverload } from './autoscalerAlert';

/** The kinds of alert a workload can raise. */
export type EngineAlertKind = 'replicas-unavailable' | 'autoscaler-at-max';

/** How a workload stands against one kind: a number the thresholds judge, and words for a person. */
export interface EngineAlertReading {
  /** Breach measure: 0 is fine, at or above `warning` warns, at or above `critical` is critical. */
  value: number;
  /** What a notification says, e.g. "1 of 3 replicas ready". */
  detail: string;
}

export interface EngineAlertCondition {
  kind: EngineAlertKind;
  warning: number;
  critical: number;
  /** The reading now, or undefined when the workload has nothing to judge (no replicas). */
  read(workload: Workload): EngineAlertReading | undefined;
}

/**
 * replicas-unavailable: fewer replicas ready than desired. The value is the share not ready;
 * any is a warning, none ready is critical. A workload stopped on purpose (it exited cleanly)
 * wants nothing running, so it raises nothing.
 */
export const replicasUnavailable: EngineAlertCondition = {
  kind: 'replicas-unavailable',
  warning: Number.MIN_VALUE,
  critical: 1,
  read(workload) {
    const replicas = workload.replicas;
    if (!replicas || replicas.desired === 0 || workload.state === 'stopped') return replicas ? { value: 0, detail: `${replicas.ready} of ${replicas.desired} replicas ready` } : undefined;
    return { value: Math.max(0, replicas.desired - replicas.ready) / replicas.desired, detail: `${replicas.ready} of ${replicas.desired} replicas ready` };
  },
};

/**
 * autoscaler-at-max: an autoscaler at its maximum with a metric still above target cannot
 * add capacity: a warning. The value is how far over target, in percent of it; with no
 * metric measured it is no data (NaN), which neither raises nor clears the alert.
 */
export const autoscalerAtMax: EngineAlertCondition = {
  kind: 'autoscaler-at-max',
  warning: Number.MIN_VALUE,
  critical: Number.POSITIVE_INFINITY,
  read(workload) {
    const scaler = workload.autoscaler;
    if (!scaler) return undefined;
    const overload = autoscalerOverload(scaler);
    const worst = [...scaler.metrics].filter((m) => m.current !== undefined && m.target > 0).sort((a, b) => (b.current ?? 0) / b.target - (a.current ?? 0) / a.target)[0];
    const metric = worst ? `; ${worst.name} at ${worst.current ?? '?'}${worst.unit} against a target of ${worst.target}${worst.unit}` : '';
    return { value: overload ?? Number.NaN, detail: `${scaler.current} of at most ${scaler.max} replicas${metric}` };
  },
};

interface Tracked {
  evaluator: AlertEvaluator;
  detail: string;
  present: boolean;
}

export class EngineAlerts implements Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly transitioned = new EventEmitter<AlertTransition>();
  /** Fires once per transition of any workload's alert. */
  readonly onDidTransition: Event<AlertTransition> = this.transitioned.event;

  /** `forMs`: how long a condition must hold before it fires, per kind. */
  constructor(
    private readonly conditions: readonly EngineAlertCondition[],
    private readonly forMs: Readonly<Partial<Record<EngineAlertKind, number>>>,
  ) {}

  /** The engines' latest snapshots at `time`. A stale snapshot says nothing (no data): it neither raises nor clears. */
  observe(snapshots: readonly EngineSnapshot[], time: number): void {
    for (const entry of this.tracked.values()) entry.present = false;
    for (const snapshot of snapshots) {
      for (const workload of snapshot.workloads) {
        for (const condition of this.conditions) {
          const reading = condition.read(workload);
          if (reading === undefined) continue;
          const entry = this.entry(condition, workload, time);
          entry.present = true;
          entry.detail = reading.detail;
          entry.evaluator.observeQuery(workload.id, snapshot.stale ? null : reading.value, time);
        }
      }
    }
    // A workload that is gone raises nothing any more: its alert resolves, then is forgotten.
    for (const [key, entry] of this.tracked) {
      if (entry.present) continue;
      const [status] = entry.evaluator.statuses();
      entry.detail = 'no longer on the engine';
      if (status.state === 'firing' || status.state === 'pending') entry.evaluator.observeQuery(key.slice(key.indexOf('\n') + 1), 0, time);
      entry.evaluator.dispose();
      this.tracked.delete(key);
    }
  }

  /** Lets `for` durations elapse between snapshots. */
  tick(time: number): void {
    for (const entry of this.tracked.values()) entry.evaluator.tick(time);
  }

  /** Every workload alert there is, in the shape of the declared rules' statuses. */
  statuses(): AlertStatus[] {
    return [...this.tracked.values()].flatMap((entry) => entry.evaluator.statuses());
  }

  dispose(): void {
    for (const entry of this.tracked.values()) entry.evaluator.dispose();
    this.tracked.clear();
    this.transitioned.dispose();
  }

  private entry(condition: EngineAlertCondition, workload: Workload, time: number): Tracked {
    const key = `${condition.kind}\n${workload.id}`;
    const known = this.tracked.get(key);
    if (known) return known;
    const rule = `${condition.kind} ${workload.group ? `${workload.group.name}/` : ''}${workload.name}`;
    const evaluator = new AlertEvaluator([{ name: rule, subject: { kind: 'query', query: workload.id }, warning: condition.warning, critical: condition.critical, forMs: this.forMs[condition.kind] ?? 60_000 }], time);
    const entry: Tracked = { evaluator, detail: '', present: true };
    evaluator.onDidTransition((transition) => this.transitioned.fire({ ...transition, message: message(rule, transition.to, transition.severity, entry.detail) }));
    this.tracked.set(key, entry);
    return entry;
  }
}

function message(rule: string, to: AlertTransition['to'], severity: AlertSeverity | undefined, detail: string): string {
  switch (to) {
    case 'firing':
      return `${rule} is firing (${severity}): ${detail}`;
    case 'pending':
      return `${rule} is pending (${severity}): ${detail}`;
    case 'resolved':
      return `${rule} resolved: ${detail}`;
    default:
      return `${rule} is back to normal: ${detail}`;
  }
}
