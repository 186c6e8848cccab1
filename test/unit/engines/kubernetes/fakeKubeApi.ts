import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { acceptChannels } from './fakeChannelSocket';
import { runPodExec, type PodExecRecord } from './fakePodExec';
import { FakeRollouts } from './fakeRollouts';

// A Kubernetes API server on 127.0.0.1 over HTTPS, for what the backend uses: list (paged,
// with continue tokens), watch from a resourceVersion with bookmarks, 410 Gone for a version
// compacted away (as a status or an ERROR event), fieldSelector metadata.name on lists and
// watches, watches refused by RBAC, the scale subresource (GET, PATCH, PUT with optimistic
// concurrency), patches of a workload and the rollouts they start (fakeRollouts.ts),
// ReplicaSets and ControllerRevisions, pod delete with a uid precondition, pod logs
// (timestamps, sinceTime, tailLines, follow), the metrics API, and port-forward and exec over
// the v4.channel.k8s.io WebSocket subprotocol. Behaviour follows the API concepts page
// (kubernetes.io/docs/reference/using-api/api-concepts/); objects come from test/fixtures/kubernetes.

type KubeObject = { kind?: string; apiVersion?: string; metadata: { name: string; namespace?: string; uid: string; resourceVersion?: string; generation?: number; [k: string]: unknown }; spec?: Record<string, unknown>; status?: Record<string, unknown> };
interface Event {
  rv: number;
  resource: string;
  namespace: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}
interface Watcher {
  resource: string;
  namespace: string;
  res: ServerResponse;
  bookmarks: boolean;
  name: string | undefined; // a fieldSelector metadata.name=<name>: only that object's events
}

const fixturesRoot = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'kubernetes');
const kinds: Record<string, [string, string]> = {
  pods: ['Pod', 'v1'],
  deployments: ['Deployment', 'apps/v1'],
  statefulsets: ['StatefulSet', 'apps/v1'],
  daemonsets: ['DaemonSet', 'apps/v1'],
  replicasets: ['ReplicaSet', 'apps/v1'],
  controllerrevisions: ['ControllerRevision', 'apps/v1'],
  horizontalpodautoscalers: ['HorizontalPodAutoscaler', 'autoscaling/v2'],
};
const collectionPath = /^\/(?:api\/v1|apis\/apps\/v1|apis\/autoscaling\/v2)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+)(?:\/(scale|log))?)?$/;

/** The `body` (or `lines`) of a fixture file, which must name its source. */
export function kubeFixture<T>(name: string): T {
  const file = JSON.parse(readFileSync(join(fixturesRoot, name), 'utf8')) as { _source?: string; body?: unknown; lines?: string[] };
  if (typeof file._source !== 'string') throw new Error(`fixture ${name} names no _source`);
  return structuredClone(file.lines ?? file.body) as T;
}

export class FakeKubeApi {
  /** Every request, "METHOD path?query", in order. */
  readonly requests: string[] = [];
  readonly bodies: { method: string; path: string; contentType: string; body: unknown }[] = [];
  /** How an expired watch is answered: an ERROR event in a 200 stream (as the API server does) or a 410 status. */
  expireAs: 'event' | 'status' = 'event';
  metricsEnabled = true;
  /** Stamps the metrics samples as just taken, rather than the fixture's times. */
  freshMetrics = false;
  /** How many metrics reads still answer 500, as an overloaded metrics-server does. */
  metricsFailures = 0;
  /** Answers every watch 403, as RBAC does for a user allowed `get` and `list` but not `watch`. */
  refuseWatches = false;
  private revision = 1000;
  private compactedBelow = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly events: Event[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly logs = new Map<string, string[]>();
  private readonly followers = new Set<{ key: string; res: ServerResponse; timestamps: boolean }>();
  private readonly sockets = new Set<Socket>();
  /** `namespace/pod:port` → a port on 127.0.0.1 standing in for the pod's (what port-forward reaches). */
  private readonly podPorts = new Map<string, number>();
  /** Every exec stream opened, with what it asked for and the resizes it sent. */
  readonly execs: PodExecRecord[] = [];
  /** What a PATCH of a workload does, and the rollout it starts. */
  readonly rollouts = new FakeRollouts({
    put: (resource, object) => this.put(resource, object),
    get: (resource, namespace, name) => this.get(resource, namespace, name),
    list: (resource, namespace) => [...this.store(resource).values()].filter((o) => (o.metadata.namespace ?? 'default') === namespace),
  });

  private constructor(
    private readonly server: https.Server,
    readonly url: string,
    private readonly token: string,
  ) {}

  /** Listens on `port` (0: any free one); a test that restarts the server passes the old one. */
  static async start(tls: { key: string; cert: string }, token: string, port = 0): Promise<FakeKubeApi> {
    const server = https.createServer(tls);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const api = new FakeKubeApi(server, `https://127.0.0.1:${(server.address() as AddressInfo).port}`, token);
    server.on('connection', (socket: Socket) => {
      api.sockets.add(socket);
      socket.on('close', () => api.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => api.upgrade(req, socket, head));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => api.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    return api;
  }

  /** The shop namespace of the fixtures: web, db, log-agent, their pods, a bare pod and web's HPA. */
  loadShop(): void {
    this.put('deployments', kubeFixture('deployment-web.json'));
    this.put('statefulsets', kubeFixture('statefulset-db.json'));
    this.put('daemonsets', kubeFixture('daemonset-agent.json'));
    for (const pod of kubeFixture<KubeObject[]>('pods.json')) this.put('pods', pod);
    this.put('horizontalpodautoscalers', kubeFixture('hpa-web.json'));
    for (const rs of kubeFixture<KubeObject[]>('replicasets-web.json')) this.put('replicasets', rs);
    for (const revision of kubeFixture<KubeObject[]>('controllerrevisions-db.json')) this.put('controllerrevisions', revision);
    this.logs.set('shop/web-7d9c8b6f5d-2xkqp/web', kubeFixture<string[]>('pod-log.json'));
  }

  /** A Deployment `name` in `namespace` with `count` ready pods, shaped after the fixtures (for the 1,000-pod test and bench). */
  addDeployment(namespace: string, name: string, count: number): void {
    const deployment = kubeFixture<KubeObject>('deployment-web.json');
    deployment.metadata = { ...deployment.metadata, name, namespace, uid: `d-${namespace}-${name}` };
    deployment.spec = { ...deployment.spec, replicas: count };
    deployment.status = { ...deployment.status, replicas: count, updatedReplicas: count, readyReplicas: count, availableReplicas: count };
    this.put('deployments', deployment);
    const template = kubeFixture<KubeObject[]>('pods.json')[0];
    for (let i = 0; i < count; i++) {
      const pod = structuredClone(template);
      pod.metadata = { ...pod.metadata, name: `${name}-5f6d7c8b9a-${String(i).padStart(5, '0')}`, namespace, uid: `p-${namespace}-${name}-${i}`, labels: { app: name, 'pod-template-hash': '5f6d7c8b9a' } };
      pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-5f6d7c8b9a`, uid: `rs-${name}`, controller: true }];
      this.put('pods', pod);
    }
  }

  /** One MODIFIED event per pod of `namespace`: each pod's container restarts once more. */
  restartEveryPod(namespace: string): number {
    let count = 0;
    for (const pod of [...this.store('pods').values()]) {
      if (pod.metadata.namespace !== namespace) continue;
      const statuses = ((pod.status?.containerStatuses as { restartCount: number }[] | undefined) ?? []).map((c) => ({ ...c, restartCount: c.restartCount + 1 }));
      this.put('pods', { ...pod, status: { ...pod.status, containerStatuses: statuses } });
      count++;
    }
    return count;
  }

  /** Creates or replaces an object: a new resourceVersion and an ADDED or MODIFIED event. */
  put(resource: string, object: KubeObject): KubeObject {
    const namespace = object.metadata.namespace ?? 'default';
    const store = this.store(resource);
    const key = `${namespace}/${object.metadata.name}`;
    const type = store.has(key) ? 'MODIFIED' : 'ADDED';
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    store.set(key, stored);
    this.publish({ rv: this.revision, resource, namespace, type, object: stored });
    return stored;
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.store(resource).get(`${namespace}/${name}`);
  }

  /** Deletes an object: a DELETED event with its last state. */
  remove(resource: string, namespace: string, name: string): void {
    const store = this.store(resource);
    const object = store.get(`${namespace}/${name}`);
    if (!object) return;
    store.delete(`${namespace}/${name}`);
    const last = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.revision) } };
    this.publish({ rv: this.revision, resource, namespace, type: 'DELETED', object: last });
  }

  /** Forgets every event so far, as etcd compaction does: a watch from an older version gets 410. */
  compact(): void {
    this.compactedBelow = this.revision;
  }

  /** Ends every open watch with an ERROR event carrying 410 Gone. */
  expireWatches(): void {
    for (const w of this.watchers) w.res.end(JSON.stringify({ type: 'ERROR', object: kubeFixture('status-expired.json') }) + '\n');
    this.watchers.clear();
  }

  /** Sends a BOOKMARK with the current resourceVersion to every watch that asked for them. */
  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const [kind, apiVersion] = kinds[w.resource] ?? ['Unknown', 'v1'];
      w.res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion, metadata: { resourceVersion: String(this.revision) } } }) + '\n');
    }
  }

  /** Cuts every open watch and log stream mid-stream, as a dropped connection does. */
  dropStreams(): void {
    for (const w of this.watchers) w.res.socket?.destroy();
    for (const f of this.followers) f.res.socket?.destroy();
    this.watchers.clear();
    this.followers.clear();
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  /** Appends a log line ("<RFC3339Nano> text") to a container and sends it to followers. */
  appendLog(namespace: string, pod: string, container: string, line: string): void {
    const key = `${namespace}/${pod}/${container}`;
    this.logs.set(key, [...(this.logs.get(key) ?? []), line]);
    for (const f of this.followers) if (f.key === key) f.res.write(`${f.timestamps ? line : line.replace(/^\S+ /, '')}\n`);
  }

  /** Lets port-forward to the pod's `port` reach `target` on 127.0.0.1, as the kubelet would reach the container. */
  servePodPort(namespace: string, pod: string, port: number, target: number): void {
    this.podPorts.set(`${namespace}/${pod}:${port}`, target);
  }

  async close(): Promise<void> {
    this.rollouts.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private store(resource: string): Map<string, KubeObject> {
    let store = this.objects.get(resource);
    if (!store) this.objects.set(resource, (store = new Map<string, KubeObject>()));
    return store;
  }

  private publish(event: Event): void {
    this.events.push(event);
    for (const w of this.watchers) if (w.resource === event.resource && w.namespace === event.namespace && (w.name === undefined || w.name === event.object.metadata.name)) w.res.write(JSON.stringify({ type: event.type, object: event.object }) + '\n');
  }

  // Port-forward (one port per connection, as kubectl and the client library use it): the
  // first message on each channel is the port, little-endian; data goes on channel 0 and an
  // error text on channel 1, then the connection closes.
  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`UPGRADE ${url.pathname}${url.search}`);
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(portforward|exec)$/.exec(url.pathname);
    if (req.headers.authorization !== `Bearer ${this.token}` || !match) return void socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    if (match[3] === 'exec') {
      const connection = acceptChannels(req, socket, head);
      if (connection) this.execs.push(runPodExec(connection, url, this.get('pods', match[1] ?? '', match[2] ?? '')));
      return;
    }
    const port = Number(url.searchParams.get('ports'));
    const connection = acceptChannels(req, socket, head);
    if (!connection) return;
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    connection.send(0, portBytes);
    connection.send(1, portBytes);
    const target = this.podPorts.get(`${match[1]}/${match[2]}:${port}`);
    if (target === undefined) {
      connection.send(1, `error forwarding port ${port} to pod ${match[2]}, uid : failed to connect to localhost:${port} inside namespace: connection refused`);
      return connection.close();
    }
    const pod = connect(target, '127.0.0.1');
    pod.on('data', (chunk: Buffer) => connection.send(0, chunk));
    pod.on('close', () => connection.close());
    pod.on('error', () => connection.close());
    connection.onMessage((channel, data) => {
      if (channel === 0) pod.write(data);
    });
    connection.onClose(() => pod.destroy());
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    if (body !== '') this.bodies.push({ method, path: url.pathname, contentType: String(req.headers['content-type']), body: JSON.parse(body) as unknown });
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (url.pathname.startsWith('/apis/metrics.k8s.io/')) return this.metrics(res);
    const match = collectionPath.exec(url.pathname);
    if (!match || !kinds[match[2] ?? '']) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const [, namespace = '', resource = '', name, sub] = match;
    if (name === undefined) return url.searchParams.get('watch') === 'true' ? this.watch(res, resource, namespace, url) : this.list(res, resource, namespace, url);
    const object = this.get(resource, namespace, name);
    if (!object) return status(res, 404, 'NotFound', `${resource} "${name}" not found`);
    if (sub === 'log') return this.log(res, object, url);
    if (sub === 'scale') return this.scale(res, method, resource, object, body);
    if (method === 'PATCH') return this.patch(res, req, resource, object, body);
    if (method === 'DELETE') return this.delete(res, resource, object, body);
    return json(res, 200, object);
  }

  private list(res: ServerResponse, resource: string, namespace: string, url: URL): void {
    const name = namedBy(url);
    const all = [...this.store(resource).values()].filter((o) => o.metadata.namespace === namespace && (name === undefined || o.metadata.name === name)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const limit = Number(url.searchParams.get('limit') ?? 0) || all.length;
    const token = url.searchParams.get('continue');
    const from = token ? (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { rv: number; offset: number }) : { rv: this.revision, offset: 0 };
    if (from.rv < this.compactedBelow) return status(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    const page = all.slice(from.offset, from.offset + limit);
    const more = from.offset + limit < all.length;
    const [kind, apiVersion] = kinds[resource] ?? ['', ''];
    const metadata = { resourceVersion: String(from.rv), ...(more ? { continue: Buffer.from(JSON.stringify({ rv: from.rv, offset: from.offset + limit })).toString('base64') } : {}) };
    json(res, 200, { kind: `${kind}List`, apiVersion, metadata, items: page.map((o) => ({ ...o, kind: undefined, apiVersion: undefined })) });
  }

  private watch(res: ServerResponse, resource: string, namespace: string, url: URL): void {
    if (this.refuseWatches) return status(res, 403, 'Forbidden', `${resource}.apps is forbidden: User "system:serviceaccount:shop:deployer" cannot watch resource "${resource}" in API group "apps" in the namespace "${namespace}"`);
    const from = Number(url.searchParams.get('resourceVersion') ?? this.revision);
    const name = namedBy(url);
    if (from < this.compactedBelow && this.expireAs === 'status') return status(res, 410, 'Expired', `too old resource version: ${from} (${this.revision})`);
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // The API server answers a watch's headers at once, events or not; Node would hold them back until the first write.
    res.flushHeaders();
    if (from < this.compactedBelow) {
      res.end(JSON.stringify({ type: 'ERROR', object: { ...kubeFixture<object>('status-expired.json'), message: `too old resource version: ${from} (${this.revision})` } }) + '\n');
      return;
    }
    for (const e of this.events) if (e.rv > from && e.resource === resource && e.namespace === namespace && (name === undefined || e.object.metadata.name === name)) res.write(JSON.stringify({ type: e.type, object: e.object }) + '\n');
    const watcher = { resource, namespace, res, bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true', name };
    this.watchers.add(watcher);
    const seconds = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const timer = seconds > 0 ? setTimeout(() => res.end(), seconds * 1000) : undefined;
    res.on('close', () => {
      clearTimeout(timer);
      this.watchers.delete(watcher);
    });
  }

  private scale(res: ServerResponse, method: string, resource: string, object: KubeObject, body: string): void {
    if (method === 'PATCH' || method === 'PUT') {
      const asked = JSON.parse(body) as { metadata?: { resourceVersion?: string }; spec?: { replicas?: number } };
      if (method === 'PUT' && asked.metadata?.resourceVersion !== object.metadata.resourceVersion) return status(res, 409, 'Conflict', `Operation cannot be fulfilled on ${resource}.apps "${object.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
      if (typeof asked.spec?.replicas !== 'number') return status(res, 422, 'Invalid', 'spec.replicas: Required value');
      object = this.put(resource, { ...object, metadata: { ...object.metadata, generation: (object.metadata.generation ?? 1) + 1 }, spec: { ...object.spec, replicas: asked.spec.replicas } });
    }
    const selector = Object.entries(((object.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels) ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    json(res, 200, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion }, spec: { replicas: object.spec?.replicas }, status: { replicas: object.status?.replicas ?? 0, selector } });
  }

  private patch(res: ServerResponse, req: IncomingMessage, resource: string, object: KubeObject, body: string): void {
    const answer = this.rollouts.patch(resource, object, String(req.headers['content-type']), body);
    json(res, answer.code, answer.body);
  }

  private delete(res: ServerResponse, resource: string, object: KubeObject, body: string): void {
    const options = body === '' ? {} : (JSON.parse(body) as { preconditions?: { uid?: string } });
    const uid = options.preconditions?.uid;
    if (uid !== undefined && uid !== object.metadata.uid) return status(res, 409, 'Conflict', `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid}`);
    this.remove(resource, object.metadata.namespace ?? 'default', object.metadata.name);
    json(res, 200, { ...object, metadata: { ...object.metadata, deletionTimestamp: new Date().toISOString() } });
  }

  private log(res: ServerResponse, pod: KubeObject, url: URL): void {
    const containers = ((pod.spec?.containers as { name: string }[] | undefined) ?? []).map((c) => c.name);
    const container = url.searchParams.get('container') ?? (containers.length === 1 ? containers[0] : undefined);
    if (container === undefined) return status(res, 400, 'BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`);
    const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}/${container}`;
    const since = url.searchParams.get('sinceTime');
    const sinceMs = since === null ? undefined : Date.parse(since);
    let lines = (this.logs.get(key) ?? []).filter((line) => sinceMs === undefined || Date.parse(line.slice(0, line.indexOf(' '))) >= sinceMs);
    const tail = url.searchParams.get('tailLines');
    if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
    const timestamps = url.searchParams.get('timestamps') === 'true';
    res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    for (const line of lines) res.write(`${timestamps ? line : line.replace(/^\S+ /, '')}\n`);
    if (url.searchParams.get('follow') !== 'true') return void res.end();
    const follower = { key, res, timestamps };
    this.followers.add(follower);
    res.on('close', () => this.followers.delete(follower));
  }

  private metrics(res: ServerResponse): void {
    if (!this.metricsEnabled) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    if (this.metricsFailures > 0) {
      this.metricsFailures--;
      return status(res, 500, 'InternalError', 'an error on the server ("unable to fetch pod metrics") has prevented the request from succeeding');
    }
    const list = kubeFixture<{ items: { timestamp: string }[] }>('pod-metrics.json');
    // metrics-server stamps each sample when it scraped it: a few seconds ago, for a live chart.
    if (this.freshMetrics) for (const item of list.items) item.timestamp = new Date(Date.now() - 5000).toISOString();
    json(res, 200, list);
  }
}

// metadata.name is the one field selector every resource has.
const namedBy = (url: URL): string | undefined => /^metadata\.name=(.+)$/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];

function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}
