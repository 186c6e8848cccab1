import type { AutoscalerStatus, Workload } from '../engines/engineTypes';

// The alert kind autoscaler-at-max: a HorizontalPodAutoscaler that has scaled its workload
// to its maximum while a metric is still above its target cannot add capacity any more:
// the traffic outgrew what it may do. The AlertEvaluator holds it for the rule's duration
// like any threshold; this file only says how far over target such an autoscaler is.

/** Rule subject of this kind: one workload by id, or "*" for every workload with an autoscaler. */
export interface AutoscalerAtMaxSubject {
  kind: 'autoscaler-at-max';
  workload: string;
}

/**
 * How far over target the autoscaler is while it is at its maximum: the worst metric's
 * current value in percent of its target (above 100). 0 when it is below its maximum or no
 * metric is above target; null when no metric has a current value (no data: neither
 * raises nor clears the alert).
 */
export function autoscalerOverload(status: AutoscalerStatus): number | null {
  const measured = status.metrics.filter((m) => m.current !== undefined && m.target > 0);
  if (measured.length === 0) return null;
  if (status.current < status.max) return 0;
  const worst = Math.max(...measured.map((m) => ((m.current ?? 0) / m.target) * 100));
  return worst > 100 ? worst : 0;
}

/** The value of a rule in a snapshot: the worst overload among the workloads it watches; null when none has data. */
export function autoscalerRuleValue(subject: AutoscalerAtMaxSubject, workloads: readonly Workload[]): number | null {
  let worst: number | null = null;
  for (const workload of workloads) {
    if (workload.autoscaler === undefined || (subject.workload !== '*' && subject.workload !== workload.id)) continue;
    const value = autoscalerOverload(workload.autoscaler);
    if (value !== null && (worst === null || value > worst)) worst = value;
  }
  return worst;
}
