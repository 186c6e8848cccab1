// Reading Kubernetes objects out of multi-document manifests: the few fields an import needs.
import { parseAllDocuments } from 'yaml';
import { isRecord } from './importTypes';

/** A Deployment or StatefulSet. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace?: string;
  replicas: number;
  /** Labels of the pod template, which Services select. */
  podLabels: Record<string, string>;
  containerPorts: number[];
  /** Environment variable names with their literal values, when given. */
  env: { name: string; value?: string }[];
}

/** A Kubernetes Service. */
export interface KubeService {
  name: string;
  namespace?: string;
  type: string;
  selector: Record<string, string>;
  ports: { port: number; nodePort?: number }[];
}

export interface ManifestObjects {
  workloads: Workload[];
  services: KubeService[];
  /** Problems and skipped kinds, as sentences. */
  skipped: string[];
}

export function readManifestObjects(text: string, into: ManifestObjects): void {
  const docs = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(docs)) return; // an empty stream
  docs.forEach((doc, index) => {
    const label = `document ${index + 1}`;
    if (doc.errors.length > 0) {
      into.skipped.push(`${label} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      into.skipped.push(`${label} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (value === null || value === undefined) return;
    addObject(value, label, into);
  });
}

function addObject(value: unknown, label: string, into: ManifestObjects): void {
  if (!isRecord(value) || typeof value.kind !== 'string') {
    into.skipped.push(`${label} has no \`kind\`; skipped`);
    return;
  }
  const meta = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : undefined;
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
  const spec = isRecord(value.spec) ? value.spec : {};
  if (value.kind === 'List' && Array.isArray(value.items)) {
    value.items.forEach((item, i) => addObject(item, `${label} item ${i + 1}`, into));
    return;
  }
  if ((value.kind === 'Deployment' || value.kind === 'StatefulSet') && name) {
    const template = isRecord(spec.template) ? spec.template : {};
    const podSpec = isRecord(template.spec) ? template.spec : {};
    const containers = Array.isArray(podSpec.containers) ? podSpec.containers.filter(isRecord) : [];
    into.workloads.push({
      kind: value.kind,
      name,
      namespace,
      replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
      podLabels: stringMap(isRecord(template.metadata) ? template.metadata.labels : undefined),
      containerPorts: containers.flatMap((c) => (Array.isArray(c.ports) ? c.ports.filter(isRecord).map((p) => p.containerPort) : [])).filter(isPort),
      env: containers.flatMap((c) =>
        (Array.isArray(c.env) ? c.env.filter(isRecord) : []).flatMap((e) =>
          typeof e.name === 'string' ? [{ name: e.name, value: typeof e.value === 'string' ? e.value : undefined }] : [],
        ),
      ),
    });
    return;
  }
  if (value.kind === 'Service' && name) {
    into.services.push({
      name,
      namespace,
      type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
      selector: stringMap(spec.selector),
      ports: (Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [])
        .filter((p) => isPort(p.port))
        .map((p) => (isPort(p.nodePort) ? { port: p.port as number, nodePort: p.nodePort } : { port: p.port as number })),
    });
    return;
  }
  into.skipped.push(`${label}: ${value.kind}${name ? ` "${name}"` : ''} is not imported (only Deployment, StatefulSet and Service are)`);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}
