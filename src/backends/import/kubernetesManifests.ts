// Reading Kubernetes objects out of multi-document manifests: the few fields an import needs.
import { basename } from 'node:path';
import { readYamlStream } from './yamlData';
import { isRecord } from './importTypes';
import { lineOfPath } from './yamlLines';

/** The kinds that run pods an import turns into services. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicationController' | 'Pod';
const workloadKinds: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Pod'] satisfies WorkloadKind[];

/** A workload: what runs pods. */
export interface Workload {
  kind: WorkloadKind;
  name: string;
  namespace?: string;
  /** Desired pods; undefined for a DaemonSet (one per node) and a Pod. */
  replicas?: number;
  /** Labels of its pods, which Services select. */
  podLabels: Record<string, string>;
  containerPorts: number[];
  /** Environment variable names with their literal values, when given. */
  env: { name: string; value?: string }[];
  /** 1-based line of the object in its file. */
  line: number;
}

/** A Kubernetes Service. */
export interface KubeService {
  name: string;
  namespace?: string;
  type: string;
  selector: Record<string, string>;
  ports: { port: number; nodePort?: number }[];
  line: number;
}

export interface ManifestObjects {
  workloads: Workload[];
  services: KubeService[];
  /** Problems and skipped objects, as sentences with the line they concern. */
  skipped: { line: number; message: string }[];
}

// What the API server accepts as an object name (DNS-1123 subdomain) and a namespace
// (DNS-1123 label). Anything else is not a real object, and these values reach commands.
const objectName = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const namespaceName = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function readManifestObjects(text: string, file: string, into: ManifestObjects): void {
  const stream = readYamlStream(text, basename(file));
  if (stream.refused) {
    into.skipped.push({ line: stream.refused.line, message: `${stream.refused.message}; nothing imported from it` });
    return;
  }
  stream.documents.forEach((document, index) => {
    const label = `Document ${index + 1}`;
    if (document.problem) {
      into.skipped.push({ line: document.problem.line, message: document.problem.message.startsWith('not ') ? `${label} is ${document.problem.message}` : `${label} skipped: ${document.problem.message}` });
      return;
    }
    if (document.value === null || document.value === undefined) return;
    const lineOf = (path: (string | number)[]): number => lineOfPath(document.doc, stream.lineCounter, path) ?? document.line;
    addObject(document.value, { label, path: [], lineOf }, into);
  });
}

interface Place {
  label: string;
  path: (string | number)[];
  lineOf: (path: (string | number)[]) => number;
}

function addObject(value: unknown, place: Place, into: ManifestObjects): void {
  const lineOf = (...path: string[]): number => place.lineOf([...place.path, ...path]);
  if (!isRecord(value) || typeof value.kind !== 'string') {
    into.skipped.push({ line: lineOf(), message: `${place.label} has no \`kind\`; skipped` });
    return;
  }
  if (value.kind === 'List' || value.kind.endsWith('List')) {
    const items = Array.isArray(value.items) ? value.items : [];
    items.forEach((item, i) => addObject(item, { ...place, label: `${place.label} item ${i + 1}`, path: [...place.path, 'items', i] }, into));
    return;
  }
  const meta = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : undefined;
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  const kinded = `${value.kind}${name ? ` "${name}"` : ''}`;
  const imported = workloadKinds.includes(value.kind) || value.kind === 'Service';
  if (!imported) {
    into.skipped.push({ line: lineOf('kind'), message: `${kinded} is not imported (only ${workloadKinds.join(', ')} and Service are)` });
    return;
  }
  if (name === undefined || !objectName.test(name) || (namespace !== undefined && !namespaceName.test(namespace))) {
    const what = name === undefined ? 'has no `metadata.name`' : !objectName.test(name) ? `has the name ${JSON.stringify(name)}, which Kubernetes does not accept` : `has the namespace ${JSON.stringify(namespace)}, which Kubernetes does not accept`;
    const badNamespace = name !== undefined && objectName.test(name);
    into.skipped.push({ line: badNamespace ? lineOf('metadata', 'namespace') : lineOf('metadata', 'name'), message: `${value.kind} ${what}; not imported` });
    return;
  }
  // Notes about the object (a duplicate, a Service selecting nothing) point at its name.
  const line = lineOf('metadata', 'name');
  const spec = isRecord(value.spec) ? value.spec : {};
  if (value.kind === 'Service') {
    into.services.push({
      name,
      namespace,
      type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
      selector: stringMap(spec.selector),
      ports: (Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [])
        .filter((p) => isPort(p.port))
        .map((p) => (isPort(p.nodePort) ? { port: p.port as number, nodePort: p.nodePort } : { port: p.port as number })),
      line,
    });
    return;
  }
  const kind = value.kind as WorkloadKind;
  // A Pod is its own template; the others carry one under spec.template.
  const template = kind === 'Pod' ? value : isRecord(spec.template) ? spec.template : {};
  const podSpec = isRecord(template.spec) ? template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers.filter(isRecord) : [];
  const replicas = kind === 'Pod' || kind === 'DaemonSet' ? undefined : typeof spec.replicas === 'number' ? spec.replicas : 1;
  into.workloads.push({
    kind,
    name,
    namespace,
    ...(replicas === undefined ? {} : { replicas }),
    podLabels: stringMap(isRecord(template.metadata) ? template.metadata.labels : undefined),
    containerPorts: containers.flatMap((c) => (Array.isArray(c.ports) ? c.ports.filter(isRecord).map((p) => p.containerPort) : [])).filter(isPort),
    env: containers.flatMap((c) =>
      (Array.isArray(c.env) ? c.env.filter(isRecord) : []).flatMap((e) =>
        typeof e.name === 'string' ? [{ name: e.name, value: typeof e.value === 'string' ? e.value : undefined }] : [],
      ),
    ),
    line,
  });
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}
