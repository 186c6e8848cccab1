// Release and deploy figures for `npm run bench`, on a real dockerd, one-node Swarm and
// Debian's docker-registry (the tests' harnesses start them):
//   release.imagePush10MBMs       pushing an image whose new layer is 10 MB of random bytes,
//                                 through the Engine API as the image stage does (target ≤ 1.2×
//                                 its peer)
//   release.dockerPush10MBMs      the same push with `docker push`, the peer
//   deploy.swarmConvergeMs        a deploy of a new image to a Swarm service of 3 replicas, from
//                                 the update to the rollout's end as the deploy follows it (reported)
// Each push sends a layer the registry has never seen (fresh random bytes per image), so no
// run is a "layer already exists". Without dockerd, docker or docker-registry they are left out.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DockerClient } from '../src/backends/engines/docker/dockerClient';
import { DockerTransport } from '../src/backends/engines/docker/dockerTransport';
import { openNetwork } from '../src/backends/http/openNetwork';
import { packBuildContext } from '../src/backends/pipeline/image/buildContext';
import { buildImage, pushImage } from '../src/backends/pipeline/image/imageEngine';
import { registryAuthHeader } from '../src/backends/pipeline/image/registryCredentials';
import { deployToSwarm } from '../src/backends/pipeline/swarm/swarmDeploy';
import { dockerdPath, startDockerHarness, type DockerHarness } from '../test/unit/engines/dockerHarness';
import { startRegistry } from '../test/unit/engines/registryHarness';

const pushRuns = 3;
const convergeRuns = 2;
const run = promisify(execFile);

export async function benchRelease(): Promise<Record<string, number>> {
  const missing = [dockerdPath() ? undefined : 'dockerd', (await found('docker')) ? undefined : 'docker', (await found('docker-registry')) ? undefined : 'docker-registry'].filter(Boolean);
  if (missing.length > 0) {
    process.stderr.write(`bench: release skipped: ${missing.join(', ')} not installed (apt-get install docker.io docker-registry busybox-static)\n`);
    return {};
  }
  const harness = await startDockerHarness({ swarm: true });
  const registry = await startRegistry();
  const work = mkdtempSync(join(tmpdir(), 'devops-bench-release-'));
  const client = new DockerClient(new DockerTransport({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: openNetwork }));
  const signal = new AbortController().signal;
  const quiet = (): undefined => undefined;
  let images = 0;
  const built: string[] = [];
  /** A new image FROM the test image, with `extra` as its own layer; returns repository:tag. */
  const build = async (repository: string, extra: Buffer, label: string): Promise<string> => {
    const dir = join(work, `image-${++images}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'blob'), extra);
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${harness.image}\nLABEL bench=${label}\nCOPY blob /blob\n`);
    const tag = `${repository}:run${images}`;
    built.push(await buildImage(client, { context: await packBuildContext(dir, '.', undefined), tag, buildArgs: {}, labels: {} }, quiet, signal));
    return tag;
  };
  try {
    const repository = `${registry.host}/bench/push`;
    const auth = registryAuthHeader(registry.host, undefined);
    const ours: number[] = [];
    const peer: number[] = [];
    // One unmeasured push of each kind first: the registry's and the engine's first-use costs.
    for (let i = -1; i < pushRuns; i++) {
      const mine = await build(repository, randomBytes(10 * 1024 * 1024), `ours${i}`);
      const started = performance.now();
      await pushImage(client, { repository, tag: mine.slice(repository.length + 1), registryAuth: auth, host: registry.host }, quiet, signal);
      const ourMs = performance.now() - started;
      const theirs = await build(repository, randomBytes(10 * 1024 * 1024), `peer${i}`);
      const peerStarted = performance.now();
      await run('docker', ['-H', `unix://${harness.socket}`, 'push', '--quiet', theirs], { timeout: 120_000 });
      const peerMs = performance.now() - peerStarted;
      if (i >= 0) [ours[i], peer[i]] = [ourMs, peerMs];
    }
    const converge = await measureConverge(harness, client, build);
    return { 'release.imagePush10MBMs': round(median(ours)), 'release.dockerPush10MBMs': round(median(peer)), 'deploy.swarmConvergeMs': round(median(converge)) };
  } finally {
    for (const id of built) await harness.api('DELETE', `/images/${id}?force=1`);
    await registry.stop();
    await harness.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

async function measureConverge(harness: DockerHarness, client: DockerClient, build: (repository: string, extra: Buffer, label: string) => Promise<string>): Promise<number[]> {
  const name = `bench-converge-${harness.runLabel[1]}`.slice(0, 60);
  await harness.createService(name, 3, {});
  const times: number[] = [];
  try {
    await harness.waitRunning(name, 3);
    for (let i = 0; i < convergeRuns; i++) {
      const image = await build('bench/converge', Buffer.from(`release ${i}`), `converge${i}`);
      const started = performance.now();
      const outcome = await deployToSwarm(client, { service: name, image, version: `0.0.${i}`, who: 'bench', rollback: 'manual', timeoutMs: 180_000, say: () => undefined, signal: new AbortController().signal });
      if (!outcome.ok) throw new Error(`the bench deploy did not converge: ${outcome.reason}`);
      times.push(performance.now() - started);
    }
  } finally {
    await harness.api('DELETE', `/services/${name}`);
    await waitGone(harness, name);
  }
  return times;
}

// The engine stops a removed service's containers in the background; the benches after this
// one would share the cores with it (services.map100.layoutMs read +25% while it did).
async function waitGone(harness: DockerHarness, service: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.swarm.service.name=${service}`] }));
  for (let waited = 0; waited < 120_000; waited += 250) {
    const left = (await harness.api('GET', `/containers/json?all=1&filters=${filters}`)).json as unknown[];
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function found(command: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
