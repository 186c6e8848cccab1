import { createHash } from 'node:crypto';

// What the fake API server does for a PATCH of a workload, and what the Deployment
// controller then does: the patch is applied (strategic merge with containers merged by
// name, JSON merge, or JSON patch), a resourceVersion in it is a precondition (409 when
// stale), and a changed pod template becomes a ReplicaSet with the next revision (an old
// ReplicaSet with the same template is reused, as `kubectl rollout undo` relies on); a
// StatefulSet's changed template becomes a ControllerRevision the same way, its name the
// status's updateRevision (and currentRevision once rolled out), as the StatefulSet
// controller keeps its history (StatefulSet concepts page; API reference,
// ControllerRevision: `data` holds the template under spec.template with "$patch": "replace",
// `revision` its number; an equal older one gets the next number instead of a copy); then the
// status moves over a few steps to complete, or, for an image marked bad, stops with the
// Progressing condition ProgressDeadlineExceeded. Shaped after the Deployment concepts
// page (kubernetes.io/docs/concepts/workloads/controllers/deployment/) and the API reference.

export type FakeObject = { kind?: string; apiVersion?: string; metadata: { name: string; namespace?: string; uid: string; resourceVersion?: string; generation?: number; annotations?: Record<string, string>; [k: string]: unknown }; spec?: Record<string, unknown>; status?: Record<string, unknown> };

/** The server's store, as the rollouts need it. */
export interface RolloutStore {
  put(resource: string, object: FakeObject): FakeObject;
  get(resource: string, namespace: string, name: string): FakeObject | undefined;
  list(resource: string, namespace: string): FakeObject[];
}

type Json = Record<string, unknown>;
type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { containers?: { name: string; image?: string }[] } };
const revisionKey = 'deployment.kubernetes.io/revision';
const conflict = (resource: string, name: string): { code: number; body: unknown } => ({ code: 409, body: status(409, 'Conflict', `Operation cannot be fulfilled on ${resource}.apps "${name}": the object has been modified; please apply your changes to the latest version and try again`) });

export class FakeRollouts {
  /** Images whose pods never become ready: their rollout ends with ProgressDeadlineExceeded. */
  readonly badImages = new Set<string>();
  /** Pause between two status steps of a rollout. */
  stepMs = 40;
  /** When set, someone else changes the workload just before the next PATCH is applied (so its resourceVersion is stale). */
  changeBeforeNextPatch = false;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** A StatefulSet's ControllerRevision for its newest template, by namespace/name. */
  private readonly updateRevisions = new Map<string, string>();

  constructor(private readonly store: RolloutStore) {}

  patch(resource: string, object: FakeObject, contentType: string, text: string): { code: number; body: unknown } {
    if (this.changeBeforeNextPatch) {
      this.changeBeforeNextPatch = false;
      object = this.store.put(resource, { ...object, metadata: { ...object.metadata, labels: { ...(object.metadata.labels as Record<string, string>), 'changed-by': 'someone-else' } } });
    }
    const body = JSON.parse(text) as unknown;
    let next: FakeObject;
    if (/^application\/json-patch\+json/.test(contentType)) next = applyJsonPatch(object, body as { op: string; path: string; value?: unknown }[]);
    else if (/^application\/strategic-merge-patch\+json/.test(contentType)) next = merge(object, body, true) as FakeObject;
    else if (/^application\/merge-patch\+json/.test(contentType)) next = merge(object, body, false) as FakeObject;
    else return { code: 415, body: status(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json') };
    if (next.metadata.resourceVersion !== object.metadata.resourceVersion) return conflict(resource, object.metadata.name);
    const templateChanged = JSON.stringify(next.spec?.template) !== JSON.stringify(object.spec?.template);
    if (JSON.stringify(next.spec) !== JSON.stringify(object.spec)) next.metadata.generation = (object.metadata.generation ?? 1) + 1;
    if (templateChanged && resource === 'deployments') this.newRevision(next);
    if (templateChanged && resource === 'statefulsets') this.newControllerRevision(next);
    const stored = this.store.put(resource, next);
    if (templateChanged) this.roll(resource, stored);
    return { code: 200, body: stored };
  }

  /** Stops every rollout in flight. */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private owned(owner: FakeObject, resource = 'replicasets'): FakeObject[] {
    return this.store.list(resource, owner.metadata.namespace ?? 'default').filter((rs) => (rs.metadata.ownerReferences as { uid: string }[] | undefined)?.some((o) => o.uid === owner.metadata.uid));
  }

  // The StatefulSet controller's part: the template as a ControllerRevision with the next number.
  private newControllerRevision(set: FakeObject): void {
    const template = set.spec?.template as Template;
    const owned = this.owned(set, 'controllerrevisions') as (FakeObject & { revision?: number; data?: { spec?: { template?: Template & { $patch?: string } } } })[];
    const revision = Math.max(0, ...owned.map((r) => r.revision ?? 0)) + 1;
    const kept = (r: (typeof owned)[number]): Template | undefined => {
      const copy = { ...r.data?.spec?.template };
      delete copy.$patch;
      return copy;
    };
    const same = owned.find((r) => JSON.stringify(kept(r)) === JSON.stringify(template));
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 9);
    const base = same ?? {
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: { name: `${set.metadata.name}-${hash}`, namespace: set.metadata.namespace, uid: `cr-${hash}`, creationTimestamp: new Date().toISOString(), labels: { 'controller.kubernetes.io/hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }] },
      data: { spec: { template: { ...template, $patch: 'replace' } } },
    };
    this.store.put('controllerrevisions', { ...base, revision } as FakeObject);
    this.updateRevisions.set(`${set.metadata.namespace ?? 'default'}/${set.metadata.name}`, base.metadata.name);
  }

  // The controller's part: the ReplicaSet of the new template gets the next revision, and so does the Deployment.
  private newRevision(deployment: FakeObject): void {
    const template = deployment.spec?.template as Template;
    const owned = this.owned(deployment);
    const revision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[revisionKey] ?? 0))) + 1;
    const same = owned.find((rs) => JSON.stringify(withoutHash(rs.spec?.template as Template)) === JSON.stringify(template));
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
    const base: FakeObject = same ?? {
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
      metadata: { name: `${deployment.metadata.name}-${hash}`, namespace: deployment.metadata.namespace, uid: `rs-${hash}`, creationTimestamp: new Date().toISOString(), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name, uid: deployment.metadata.uid, controller: true }] },
      spec: { replicas: 0, template: { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } } } },
    };
    this.store.put('replicasets', { ...base, metadata: { ...base.metadata, annotations: { ...base.metadata.annotations, [revisionKey]: String(revision) } } });
    deployment.metadata.annotations = { ...deployment.metadata.annotations, [revisionKey]: String(revision) };
  }

  // The status over a few steps: observed, one pod updated, all updated, all available; a bad image stops after one pod and then fails.
  private roll(resource: string, object: FakeObject): void {
    const key = `${resource}/${object.metadata.namespace ?? 'default'}/${object.metadata.name}`;
    clearTimeout(this.timers.get(key));
    const replicas = Number(object.spec?.replicas ?? 1);
    const image = (object.spec?.template as Template).spec?.containers?.[0]?.image ?? '';
    const bad = [...((object.spec?.template as Template).spec?.containers ?? [])].some((c) => this.badImages.has(c.image ?? ''));
    const generation = object.metadata.generation;
    const steps: Json[] = bad
      ? [{ updatedReplicas: 1, readyReplicas: replicas, availableReplicas: replicas, unavailableReplicas: 1, replicas: replicas + 1, progressing: ['True', 'ReplicaSetUpdated', `ReplicaSet is progressing (${image}).`] }, { progressing: ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${object.metadata.name}" has timed out progressing.`] }]
      : [
          { updatedReplicas: 1, replicas: replicas + 1, progressing: ['True', 'ReplicaSetUpdated', 'ReplicaSet is progressing.'] },
          { updatedReplicas: replicas, readyReplicas: replicas - 1, availableReplicas: replicas - 1, replicas },
          { updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, replicas, unavailableReplicas: 0, progressing: ['True', 'NewReplicaSetAvailable', 'ReplicaSet has successfully progressed.'], current: true },
        ];
    const step = (index: number): void => {
      const now = this.store.get(resource, object.metadata.namespace ?? 'default', object.metadata.name);
      const next = steps[index];
      if (!now || !next || now.metadata.generation !== generation) return;
      const { progressing, current, ...counts } = next as Json & { progressing?: [string, string, string]; current?: boolean };
      const conditions = ((now.status?.conditions as Json[] | undefined) ?? []).filter((c) => c.type !== 'Progressing');
      if (progressing) conditions.push({ type: 'Progressing', status: progressing[0], reason: progressing[1], message: progressing[2], lastUpdateTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() });
      const update = this.updateRevisions.get(`${object.metadata.namespace ?? 'default'}/${object.metadata.name}`);
      const revisions = resource === 'statefulsets' && update ? { updateRevision: update, ...(current ? { currentRevision: update } : {}) } : {};
      this.store.put(resource, { ...now, status: { ...now.status, ...counts, ...revisions, observedGeneration: generation, conditions } });
      this.timers.set(key, setTimeout(() => step(index + 1), this.stepMs));
    };
    this.timers.set(key, setTimeout(() => step(0), this.stepMs));
  }
}

function withoutHash(template: Template | undefined): Template | undefined {
  if (!template?.metadata?.labels) return template;
  const labels = { ...template.metadata.labels };
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** A merge patch (RFC 7386); `strategic` merges lists of named objects (containers) by name, as the API server does for them. */
function merge(target: unknown, patch: unknown, strategic: boolean): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && strategic && patch.every((p) => typeof (p as Json | null)?.name === 'string')) {
    const result = (target as Json[]).map((item) => structuredClone(item));
    for (const item of patch as Json[]) {
      const at = result.findIndex((t) => t.name === item.name);
      if (at >= 0) result[at] = merge(result[at], item, strategic) as Json;
      else result.push(item);
    }
    return result;
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const result: Json = target !== null && typeof target === 'object' && !Array.isArray(target) ? structuredClone(target as Json) : {};
  for (const [key, value] of Object.entries(patch as Json)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value, strategic);
  }
  return result;
}

/** A JSON patch (RFC 6902): add, replace and remove on JSON pointers, enough for what clients send. */
function applyJsonPatch(object: FakeObject, ops: { op: string; path: string; value?: unknown }[]): FakeObject {
  const result = structuredClone(object) as unknown as Json;
  for (const op of ops) {
    const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop() ?? '';
    let parent = result;
    for (const key of keys) parent = (parent[key] ??= {}) as Json;
    if (op.op === 'remove') delete parent[last];
    else parent[last] = structuredClone(op.value);
  }
  return result as unknown as FakeObject;
}

function status(code: number, reason: string, message: string): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
