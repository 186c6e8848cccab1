// A real Docker engine for the engine tests. It uses the one that answers (DOCKER_HOST or
// /var/run/docker.sock), else starts `dockerd --storage-driver vfs` itself; makes the engine
// a one-node Swarm manager when it is none; builds a 2 MB image FROM scratch with the host's
// static busybox (sh, httpd for a health check, sleep), so nothing is pulled. dispose()
// removes every container, service and image it made, leaves the Swarm only if it joined
// it, and stops only a dockerd it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ApiAnswer {
  status: number;
  json: unknown;
}

export interface DockerHarness {
  /** The engine's socket path. */
  socket: string;
  /** The test image, tagged for this run. */
  image: string;
  /** The label every container and service of this run carries (key=value), for cleanup. */
  runLabel: [string, string];
  /** A raw Engine API call, independent of the code under test. */
  api(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Creates and starts a container from the test image with these labels (and other create fields); returns its id. */
  runContainer(name: string, labels: Record<string, string>, command?: string[], extra?: Record<string, unknown>): Promise<string>;
  /** Creates a replicated Swarm service of the test image; returns its id. */
  createService(name: string, replicas: number, labels: Record<string, string>): Promise<string>;
  /** Waits until a Swarm service has exactly this many running tasks; throws after timeoutMs naming it. */
  waitRunning(service: string, replicas: number, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox'];

/** Undefined when dockerd is not installed at all (the suite then skips, saying so). */
export function dockerdPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/usr/bin'])) {
    try {
      accessSync(join(dir, 'dockerd'), constants.X_OK);
      return join(dir, 'dockerd');
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Registers the hooks of a suite on the real engine: the harness starts before its tests and
 * is disposed after them. The suite is skipped, saying why, only when dockerd is not installed.
 */
export function dockerSuite(options: HarnessOptions = {}): { readonly harness: DockerHarness } {
  const state: { harness?: DockerHarness } = {};
  before(async function () {
    if (!dockerdPath()) {
      console.log('    (skipped: dockerd is not installed; apt-get install docker.io busybox-static)');
      this.skip();
    }
    state.harness = await startDockerHarness(options);
  });
  after(async () => state.harness?.dispose());
  return {
    get harness(): DockerHarness {
      return state.harness!;
    },
  };
}

export interface HarnessOptions {
  /** false leaves the engine's Swarm state as it is (for what needs containers only). */
  swarm?: boolean;
  /** Starts the run's id, so the test image (and what a suite names after the run) says whose it is on a shared engine. */
  prefix?: string;
}

export async function startDockerHarness(options: HarnessOptions = {}): Promise<DockerHarness> {
  const socket = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock';
  const api = (method: string, path: string, body?: unknown): Promise<ApiAnswer> => rawApi(socket, method, path, body);
  const work = mkdtempSync(join(tmpdir(), 'devops-docker-test-'));
  let daemon: ChildProcess | undefined;
  if (!(await answers(socket))) daemon = await startDaemon(socket, work);
  const run = `${options.prefix ?? 'r'}${process.pid}${Date.now().toString(36)}`;
  const runLabel: [string, string] = ['devops-loop.test-run', run];
  const info = (await api('GET', '/info')).json as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  let joinedSwarm = false;
  const hadGatewayBridge = (await api('GET', '/networks/docker_gwbridge')).status === 200;
  const wantsSwarm = options.swarm !== false;
  if (wantsSwarm && info.Swarm?.LocalNodeState === 'inactive') {
    const init = await api('POST', '/swarm/init', { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    if (init.status !== 200) throw new Error(`docker swarm init failed: ${JSON.stringify(init.json)}`);
    joinedSwarm = true;
  } else if (wantsSwarm && info.Swarm?.ControlAvailable !== true) {
    throw new Error(`the engine at ${socket} is in a Swarm but not a manager; the Swarm tests need a manager`);
  }
  const image = `devops-loop-test:${run}`;
  await buildImage(socket, work, image);
  const harness: DockerHarness = {
    socket,
    image,
    runLabel,
    api,
    async runContainer(name, labels, command, extra) {
      const created = await api('POST', `/containers/create?name=${encodeURIComponent(name)}`, { ...extra, Image: image, Labels: { ...labels, [runLabel[0]]: runLabel[1] }, Cmd: command });
      const id = (created.json as { Id?: string }).Id;
      if (!id) throw new Error(`create ${name}: ${JSON.stringify(created.json)}`);
      const started = await api('POST', `/containers/${id}/start`);
      if (started.status >= 400) throw new Error(`start ${name}: ${JSON.stringify(started.json)}`);
      return id;
    },
    async createService(name, replicas, labels) {
      const spec = { Name: name, Labels: { ...labels, [runLabel[0]]: runLabel[1] }, TaskTemplate: { ContainerSpec: { Image: image } }, Mode: { Replicated: { Replicas: replicas } } };
      const created = await api('POST', '/services/create', spec);
      const id = (created.json as { ID?: string }).ID;
      if (!id) throw new Error(`service create ${name}: ${JSON.stringify(created.json)}`);
      return id;
    },
    async waitRunning(service, replicas, timeoutMs = 120_000) {
      const filters = encodeURIComponent(JSON.stringify({ service: [service], 'desired-state': ['running'] }));
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
        const tasks = (await api('GET', `/tasks?filters=${filters}`)).json as { Status: { State: string } }[];
        if (tasks.filter((task) => task.Status.State === 'running').length === replicas) return;
      }
      throw new Error(`service ${service} did not reach ${replicas} running tasks in ${timeoutMs / 1000} s`);
    },
    async dispose() {
      const filter = encodeURIComponent(JSON.stringify({ label: [`${runLabel[0]}=${runLabel[1]}`] }));
      const services = (await api('GET', `/services?filters=${filter}`)).json;
      for (const service of Array.isArray(services) ? (services as { ID: string }[]) : []) await api('DELETE', `/services/${service.ID}`);
      const byImage = encodeURIComponent(JSON.stringify({ ancestor: [image] }));
      for (let attempt = 0; attempt < 40; attempt++) {
        const left = (await api('GET', `/containers/json?all=1&filters=${byImage}`)).json as { Id: string }[];
        for (const container of left) await api('DELETE', `/containers/${container.Id}?force=1&v=1`);
        if (left.length === 0 && attempt > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await api('DELETE', `/images/${encodeURIComponent(image)}?force=1`);
      if (joinedSwarm) await api('POST', '/swarm/leave?force=1');
      // swarm init creates the docker_gwbridge network and leave keeps it: remove it if it was ours.
      if (joinedSwarm && !hadGatewayBridge) await api('DELETE', '/networks/docker_gwbridge');
      if (daemon) await stopDaemon(daemon);
      rmSync(work, { recursive: true, force: true });
    },
  };
  return harness;
}

async function answers(socket: string): Promise<boolean> {
  try {
    return (await rawApi(socket, 'GET', '/_ping')).status === 200;
  } catch {
    return false;
  }
}

async function startDaemon(socket: string, work: string): Promise<ChildProcess> {
  const binary = dockerdPath() ?? 'dockerd';
  const log = openSync(join(work, 'dockerd.log'), 'a');
  const daemon = spawn(binary, ['--storage-driver', 'vfs', '-H', `unix://${socket}`], { stdio: ['ignore', log, log] });
  for (let waited = 0; waited < 60_000; waited += 250) {
    if (daemon.exitCode !== null) throw new Error(`dockerd exited with ${daemon.exitCode}; see ${join(work, 'dockerd.log')}`);
    if (await answers(socket)) return daemon;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  daemon.kill('SIGTERM');
  throw new Error(`dockerd did not answer on ${socket} within 60 s`);
}

async function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null) return;
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  daemon.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
}

// FROM scratch: busybox, a page for httpd, a version label and a health check. The
// program prints "out N" and "err N" every 0.2 s (a line per stream), so logs can be
// checked for gaps and repeats by their numbers, and stops at once on SIGTERM.
async function buildImage(socket: string, work: string, tag: string): Promise<void> {
  const context = join(work, 'context');
  mkdirSync(join(context, 'www'), { recursive: true });
  const busybox = busyboxCandidates.find((path) => spawnSync(path, ['true']).status === 0);
  if (!busybox) throw new Error('busybox-static is not installed (apt-get install busybox-static)');
  copyFileSync(busybox, join(context, 'busybox'));
  writeFileSync(join(context, 'www', 'index.html'), 'ok\n');
  // As PID 1 the shell ignores SIGTERM unless it traps it: without the trap every stop waits 10 s for SIGKILL.
  const program = 'trap "exit 0" TERM; /bin/busybox httpd -p 8080 -h /www; i=0; while true; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); /bin/busybox sleep 0.2; done';
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      'FROM scratch',
      // First, so no layer is shared: with the same content every run's build would be one cached
      // image, and another run's cleanup by `ancestor` would remove this run's containers too.
      `LABEL devops-loop.test-run=${JSON.stringify(tag)}`,
      'COPY busybox /bin/busybox',
      'COPY www /www',
      'LABEL org.opencontainers.image.version=1.2.3',
      'HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD ["/bin/busybox","wget","-q","-O","/dev/null","http://127.0.0.1:8080/"]',
      `CMD ["/bin/busybox","sh","-c",${JSON.stringify(program)}]`,
      '',
    ].join('\n'),
  );
  const tar = spawnSync('tar', ['-C', context, '-cf', '-', '.'], { maxBuffer: 64 * 1024 * 1024 });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
  const answer = await rawRequest(socket, 'POST', `/build?t=${encodeURIComponent(tag)}&rm=1&forcerm=1`, tar.stdout, 'application/x-tar');
  const failure = answer.text.split('\n').find((line) => line.includes('"errorDetail"'));
  if (answer.status !== 200 || failure) throw new Error(`image build failed: ${failure ?? answer.text.slice(0, 500)}`);
}

async function rawApi(socket: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const answer = await rawRequest(socket, method, `/v1.41${path}`, body === undefined ? undefined : Buffer.from(JSON.stringify(body)), 'application/json');
  let json: unknown;
  try {
    json = answer.text === '' ? undefined : JSON.parse(answer.text);
  } catch {
    json = answer.text;
  }
  return { status: answer.status, json };
}

function rawRequest(socket: string, method: string, path: string, body: Buffer | undefined, type: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socket, method, path, headers: body ? { 'content-type': type, 'content-length': body.length } : {}, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}
