import type { AutoscalerStatus } from '../../../core/engines/engineTypes';
import { parseQuantity } from './kubeQuantity';
import type { KubeHpa } from './kubeSchemas';
import { parseTime } from './podMapping';

// An autoscaling/v2 HorizontalPodAutoscaler as the product shows it: min/max/current/
// desired, each metric of its spec against its target (matched to the status's current
// value by type and name), the last scale and the conditions.

type MetricSpec = NonNullable<KubeHpa['spec']['metrics']>[number];
type MetricStatus = NonNullable<NonNullable<KubeHpa['status']>['currentMetrics']>[number];
type Target = { averageUtilization?: number | null; averageValue?: string | number | null; value?: string | number | null };

/** `kind/name` of the workload an HPA scales, e.g. `deployment/api`. */
export function autoscalerTarget(hpa: KubeHpa): string {
  return `${hpa.spec.scaleTargetRef.kind.toLowerCase()}/${hpa.spec.scaleTargetRef.name}`;
}

export function autoscalerStatus(hpa: KubeHpa): AutoscalerStatus {
  const status = hpa.status;
  const current = status?.currentMetrics ?? [];
  const lastScaleAt = parseTime(status?.lastScaleTime);
  return {
    name: hpa.metadata.name,
    min: hpa.spec.minReplicas ?? 1,
    max: hpa.spec.maxReplicas,
    current: status?.currentReplicas ?? 0,
    desired: status?.desiredReplicas ?? 0,
    metrics: (hpa.spec.metrics ?? []).flatMap((spec) => {
      const metric = metricOf(spec, current);
      return metric === undefined ? [] : [metric];
    }),
    ...(lastScaleAt !== undefined ? { lastScaleAt } : {}),
    conditions: (status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status === 'True' || c.status === 'False' ? c.status : 'Unknown',
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    })),
  };
}

function metricOf(spec: MetricSpec, statuses: readonly MetricStatus[]): AutoscalerStatus['metrics'][number] | undefined {
  const key = keyOf(spec);
  if (key === undefined) return undefined;
  const status = statuses.find((s) => s.type === spec.type && keyOf(s)?.name === key.name);
  const currentValue = status === undefined ? undefined : keyOf(status)?.value;
  const target = key.value;
  if (target === undefined) return undefined;
  const utilization = target.averageUtilization !== undefined && target.averageUtilization !== null;
  const targetNumber = utilization ? target.averageUtilization : parseQuantity(target.averageValue ?? target.value);
  if (targetNumber === undefined || targetNumber === null) return undefined;
  const current = utilization ? (currentValue?.averageUtilization ?? undefined) : parseQuantity(currentValue?.averageValue ?? currentValue?.value);
  return { name: key.name, ...(current !== undefined && current !== null ? { current } : {}), target: targetNumber, unit: utilization ? '%' : unitOf(key.resource) };
}

/** The metric's name (a resource, `container/resource`, or a custom metric) and its target or current value. */
function keyOf(metric: MetricSpec | MetricStatus): { name: string; resource?: string; value: Target | undefined } | undefined {
  const value = (part: { target?: Target; current?: Target }): Target | undefined => part.target ?? part.current;
  if (metric.resource) return { name: metric.resource.name, resource: metric.resource.name, value: value(metric.resource) };
  if (metric.containerResource) return { name: `${metric.containerResource.container}/${metric.containerResource.name}`, resource: metric.containerResource.name, value: value(metric.containerResource) };
  const custom = metric.pods ?? metric.object ?? metric.external;
  if (custom) return { name: custom.metric.name, value: value(custom) };
  return undefined;
}

function unitOf(resource: string | undefined): string {
  if (resource === 'cpu') return 'cores';
  if (resource === 'memory') return 'bytes';
  return '';
}
