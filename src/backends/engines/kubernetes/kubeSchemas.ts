import * as z from 'zod';

// Shapes of the Kubernetes objects we read (Kubernetes API reference, OpenAPI v3:
// apps/v1 Deployment, StatefulSet, DaemonSet; core/v1 Pod; autoscaling/v2
// HorizontalPodAutoscaler; autoscaling/v1 Scale; meta/v1 Status, WatchEvent; and
// metrics.k8s.io/v1beta1 PodMetrics). Only what we use; everything else may be absent or
// null, and status words stay free strings so a new one maps to "unknown" instead of failing.

const count = z.number().int().nullish();
const text = z.string().nullish();
const stringMap = z.record(z.string(), z.string()).nullish();

export const objectMetaSchema = z.object({
  name: z.string(),
  namespace: text,
  uid: z.string(),
  resourceVersion: text,
  generation: count,
  creationTimestamp: text,
  deletionTimestamp: text,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: z.array(z.object({ kind: z.string(), name: z.string(), uid: z.string(), controller: z.boolean().nullish() })).nullish(),
});

export const conditionSchema = z.object({ type: z.string(), status: z.string(), reason: text, message: text, lastTransitionTime: text });

const quantityMap = z.record(z.string(), z.union([z.string(), z.number()])).nullish();

const containerSchema = z.object({
  name: z.string(),
  image: text,
  resources: z.object({ limits: quantityMap, requests: quantityMap }).nullish(),
});

const podTemplateSchema = z.object({
  metadata: z.object({ labels: stringMap, annotations: stringMap }).nullish(),
  spec: z.object({ containers: z.array(containerSchema).nullish() }).nullish(),
});

export const deploymentSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.object({ replicas: count, paused: z.boolean().nullish(), template: podTemplateSchema.nullish() }).nullish(),
  status: z
    .object({
      observedGeneration: count,
      replicas: count,
      updatedReplicas: count,
      readyReplicas: count,
      availableReplicas: count,
      unavailableReplicas: count,
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});

export const statefulSetSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.object({ replicas: count, template: podTemplateSchema.nullish() }).nullish(),
  status: z
    .object({
      observedGeneration: count,
      replicas: count,
      readyReplicas: count,
      updatedReplicas: count,
      currentRevision: text,
      updateRevision: text,
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});

export const daemonSetSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.object({ template: podTemplateSchema.nullish() }).nullish(),
  status: z
    .object({
      observedGeneration: count,
      desiredNumberScheduled: count,
      numberReady: count,
      updatedNumberScheduled: count,
      numberAvailable: count,
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});

const containerStateSchema = z
  .object({
    waiting: z.object({ reason: text, message: text }).nullish(),
    running: z.object({ startedAt: text }).nullish(),
    terminated: z.object({ exitCode: count, reason: text, message: text }).nullish(),
  })
  .nullish();

const containerStatusSchema = z.object({
  name: z.string(),
  ready: z.boolean().nullish(),
  started: z.boolean().nullish(),
  restartCount: count,
  image: text,
  state: containerStateSchema,
});

export const podSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.object({ nodeName: text, containers: z.array(containerSchema).nullish() }).nullish(),
  status: z
    .object({
      phase: text,
      reason: text,
      message: text,
      startTime: text,
      conditions: z.array(conditionSchema).nullish(),
      containerStatuses: z.array(containerStatusSchema).nullish(),
    })
    .nullish(),
});

const metricTargetSchema = z.object({ type: text, averageUtilization: count, averageValue: z.union([z.string(), z.number()]).nullish(), value: z.union([z.string(), z.number()]).nullish() });
const metricCurrentSchema = z.object({ averageUtilization: count, averageValue: z.union([z.string(), z.number()]).nullish(), value: z.union([z.string(), z.number()]).nullish() });
const metricName = z.object({ name: z.string() });

const metricSpecSchema = z.object({
  type: z.string(),
  resource: z.object({ name: z.string(), target: metricTargetSchema }).nullish(),
  containerResource: z.object({ name: z.string(), container: z.string(), target: metricTargetSchema }).nullish(),
  pods: z.object({ metric: metricName, target: metricTargetSchema }).nullish(),
  object: z.object({ metric: metricName, target: metricTargetSchema }).nullish(),
  external: z.object({ metric: metricName, target: metricTargetSchema }).nullish(),
});

const metricStatusSchema = z.object({
  type: z.string(),
  resource: z.object({ name: z.string(), current: metricCurrentSchema }).nullish(),
  containerResource: z.object({ name: z.string(), container: z.string(), current: metricCurrentSchema }).nullish(),
  pods: z.object({ metric: metricName, current: metricCurrentSchema }).nullish(),
  object: z.object({ metric: metricName, current: metricCurrentSchema }).nullish(),
  external: z.object({ metric: metricName, current: metricCurrentSchema }).nullish(),
});

export const hpaSchema = z.object({
  metadata: objectMetaSchema,
  spec: z.object({
    scaleTargetRef: z.object({ kind: z.string(), name: z.string() }),
    minReplicas: count,
    maxReplicas: z.number().int(),
    metrics: z.array(metricSpecSchema).nullish(),
  }),
  status: z
    .object({
      currentReplicas: count,
      desiredReplicas: count,
      lastScaleTime: text,
      currentMetrics: z.array(metricStatusSchema).nullish(),
      conditions: z.array(conditionSchema).nullish(),
    })
    .nullish(),
});

/** A list answer: items stay unknown here and are checked one by one, so one odd object does not hide the rest. */
export const listSchema = z.object({
  metadata: z.object({ resourceVersion: text, continue: text }).nullish(),
  items: z.array(z.unknown()).nullish(),
});

/** A Status object (the ERROR event of a watch carries one). */
export const statusObjectSchema = z.object({ code: count, reason: text, message: text });

export const podMetricsListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string(), namespace: text }),
      timestamp: text,
      containers: z.array(z.object({ name: z.string(), usage: z.record(z.string(), z.union([z.string(), z.number()])) })).nullish(),
    }),
  ),
});

export type KubeObjectMeta = z.output<typeof objectMetaSchema>;
export type KubeCondition = z.output<typeof conditionSchema>;
export type KubeDeployment = z.output<typeof deploymentSchema>;
export type KubeStatefulSet = z.output<typeof statefulSetSchema>;
export type KubeDaemonSet = z.output<typeof daemonSetSchema>;
export type KubePod = z.output<typeof podSchema>;
export type KubeHpa = z.output<typeof hpaSchema>;
export type KubePodTemplate = z.output<typeof podTemplateSchema>;
