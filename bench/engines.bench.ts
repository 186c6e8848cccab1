// Engines figures for `npm run bench`:
//   engines.docker.list200Ms     time to the first snapshot of an engine with 200 containers:
//                                the event stream opened, the engine's info and container list
//                                read, validated and grouped into Compose services (target ≤ 150 ms)
//   engines.docker.rawList200Ms  the same container list as bare bytes over the socket: what the
//                                engine itself costs, the floor of the figure above
// A real dockerd serves them (the tests' harness starts one if none answers), with 200
// containers created once and never started: `docker create` through the API costs about
// 2.5 s for 200 on vfs, where starting them would take minutes. Their labels are the ones
// Compose writes (20 projects, a few services each) plus 40 containers outside Compose.
// Without dockerd installed the figures are left out, saying so.
import * as http from 'node:http';
import { createDockerBackend } from '../src/backends/engines/docker/dockerBackend';
import { openNetwork } from '../src/backends/http/openNetwork';
import { firstSnapshots } from '../src/core/engines/firstSnapshot';
import { dockerdPath, startDockerHarness, type DockerHarness } from '../test/unit/engines/dockerHarness';

const runs = 7;

export async function benchEngines(): Promise<Record<string, number>> {
  if (!dockerdPath()) {
    process.stderr.write('bench: engines skipped: dockerd is not installed (apt-get install docker.io busybox-static)\n');
    return {};
  }
  const harness = await startDockerHarness({ swarm: false });
  try {
    await createContainers(harness, 200);
    const backend = createDockerBackend({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: openNetwork });
    const ours: number[] = [];
    const raw: number[] = [];
    // The first run warms the engine's caches and this process's code; it is not counted.
    for (let run = -1; run < runs; run++) {
      const started = performance.now();
      const [snapshot] = await firstSnapshots([backend], new AbortController().signal);
      const ms = performance.now() - started;
      const grouped = snapshot.workloads.filter((w) => w.kind === 'compose-service').reduce((n, w) => n + w.members.length, 0);
      if (snapshot.error || grouped < 160) throw new Error(`the snapshot is not the 200 containers: ${snapshot.error?.message ?? `${grouped} in Compose services`}`);
      const rawStarted = performance.now();
      await rawList(harness.socket);
      if (run < 0) continue;
      ours.push(ms);
      raw.push(performance.now() - rawStarted);
    }
    return { 'engines.docker.list200Ms': median(ours), 'engines.docker.rawList200Ms': median(raw) };
  } finally {
    await harness.dispose();
  }
}

async function createContainers(harness: DockerHarness, count: number): Promise<void> {
  const create = async (i: number): Promise<void> => {
    const inCompose = i >= 40;
    const project = `shop${i % 20}`;
    const service = ['web', 'api', 'worker', 'db', 'cache'][i % 5];
    const labels: Record<string, string> = inCompose
      ? {
          'com.docker.compose.project': project,
          'com.docker.compose.service': service,
          'com.docker.compose.container-number': String(1 + Math.floor(i / 100)),
          'com.docker.compose.oneoff': 'False',
          'com.docker.compose.version': '2.24.6',
          'com.docker.compose.config-hash': 'f0e4c2f76c58916ec258f246851bea091d14d4247a2fc3e18694461b1816e13b',
          'com.docker.compose.project.config_files': `/home/dev/${project}/compose.yaml`,
          'com.docker.compose.project.working_dir': `/home/dev/${project}`,
          'com.docker.compose.depends_on': service === 'api' ? 'db:service_started:false' : '',
          'com.docker.compose.image': 'sha256:c08b38422e86befafd9485f471c413413129b050d478dfcb81bbf98577ef6f39',
        }
      : {};
    const answer = await harness.api('POST', `/containers/create?name=bench-${harness.runLabel[1]}-${i}`, { Image: harness.image, Labels: { ...labels, [harness.runLabel[0]]: harness.runLabel[1] } });
    if (answer.status !== 201) throw new Error(`create ${i}: ${JSON.stringify(answer.json)}`);
  };
  for (let i = 0; i < count; i += 4) await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n < count).map(create));
}

function rawList(socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath: socket, path: '/v1.41/containers/json?all=1' }, (res) => {
        res.on('data', () => undefined);
        res.on('end', resolve);
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10;
}
