import * as assert from 'node:assert/strict';
import { createDockerBackend } from '../../../src/backends/engines/docker/dockerBackend';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import type { EngineBackend, EngineLogLine, EngineStatsSample, Workload } from '../../../src/core/engines/engineTypes';
import { dockerSuite, type DockerHarness } from './dockerHarness';
import { SnapshotRecorder } from './snapshotRecorder';

// Logs and stats of workloads on a real dockerd. The test image prints "out N" on stdout
// and "err N" on stderr every 0.2 s, so a gap or a repeat shows in the numbers.

describe('Docker backend: logs and stats from a real engine', function () {
  this.timeout(120_000);
  let harness: DockerHarness;
  let backend: EngineBackend;
  let recorder: SnapshotRecorder;
  let run: string;

  const suite = dockerSuite();

  before(() => {
    harness = suite.harness;
    run = `dl${harness.runLabel[1]}`;
    backend = createDockerBackend({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: openNetwork, batchMs: 50, backoffMs: [200, 500] });
    recorder = new SnapshotRecorder(backend);
  });

  after(async () => {
    await recorder?.stop();
  });

  const workload = async (id: string, ready: (w: Workload) => boolean = () => true): Promise<Workload> => {
    await recorder.until((s) => s.workloads.some((w) => w.id === id && ready(w)), id, 60_000);
    return recorder.workload(id)!;
  };

  /** Follows logs until `enough` holds for what came, then aborts the stream. */
  async function collectLogs(target: Workload, options: Parameters<NonNullable<EngineBackend['logs']>>[1], enough: (lines: EngineLogLine[]) => boolean): Promise<EngineLogLine[]> {
    const lines: EngineLogLine[] = [];
    const controller = new AbortController();
    const following = backend.logs!(target, options, (line) => lines.push(line), controller.signal);
    const deadline = Date.now() + 30_000;
    while (!enough(lines) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await following;
    assert.ok(enough(lines), `not enough lines within 30 s: ${lines.map((l) => `${l.member} ${l.text}`).join(', ')}`);
    return lines;
  }

  const numbers = (lines: EngineLogLine[], member: string, stream: 'stdout' | 'stderr'): number[] =>
    lines.filter((l) => l.member === member && l.stream === stream).map((l) => Number(/^(?:out|err) (\d+)$/.exec(l.text)?.[1] ?? Number.NaN));
  const consecutive = (values: number[]): boolean => values.every((v, i) => i === 0 || v === values[i - 1] + 1);

  it("follows a two-replica Swarm service's logs, each line tagged with its task, and resumes with no repeat after an aborted stream", async () => {
    const name = `${run}_logs`;
    await harness.createService(name, 2, {});
    const service = await workload(`docker/swarm-service/-/${name}`, (w) => w.replicas?.ready === 2);
    const members = [`${name}.1`, `${name}.2`];
    const perMember = (lines: EngineLogLine[], count: number): boolean => members.every((m) => numbers(lines, m, 'stdout').length >= count && numbers(lines, m, 'stderr').length >= count);
    const first = await collectLogs(service, { follow: true, tail: 4 }, (lines) => perMember(lines, 6));
    for (const member of members) {
      for (const stream of ['stdout', 'stderr'] as const) assert.ok(consecutive(numbers(first, member, stream)), `${member} ${stream}: ${numbers(first, member, stream).join(',')}`);
    }
    assert.ok(first.every((l) => l.cursor && /^\d+\.\d{9}$/.test(l.cursor)), 'each line carries the engine position');
    const resumeAfter: Record<string, string> = {};
    for (const line of first) resumeAfter[line.member] = line.cursor!;
    // Let lines pile up while nobody follows, then resume from where each member stopped.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const second = await collectLogs(service, { follow: true, resumeAfter }, (lines) => perMember(lines, 8));
    for (const member of members) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const before = numbers(first, member, stream);
        const after = numbers(second, member, stream);
        assert.equal(after[0], before.at(-1)! + 1, `${member} ${stream} resumes right after ${before.at(-1)}: got ${after.slice(0, 3).join(',')}`);
        assert.ok(consecutive(after), `${member} ${stream} after the resume: ${after.join(',')}`);
      }
    }
  });

  it('decodes a TTY container (one raw stream) and says when a container exits mid-stream', async () => {
    const name = `${run}-tty`;
    await harness.runContainer(name, {}, ['/bin/busybox', 'sh', '-c', 'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done; /bin/busybox sleep 1; exit 3'], { Tty: true });
    const container = await workload(`docker/container/-/${name}`);
    const notices: string[] = [];
    const lines = await collectLogs(container, { follow: true, onNotice: (n) => notices.push(`${n.state}: ${n.message}`) }, () => notices.some((n) => n.startsWith('ended')));
    assert.deepEqual(lines.map((l) => `${l.stream} ${l.text}`), ['stdout out 1', 'stdout err 1', 'stdout out 2', 'stdout err 2', 'stdout out 3', 'stdout err 3']);
    assert.match(notices.find((n) => n.startsWith('ended')) ?? '', new RegExp(`${name} is not running \\(exited \\(exit code 3\\)\\)`));
  });

  it('streams CPU and memory samples of every container of a Compose service', async () => {
    const labels = (n: number): Record<string, string> => ({ 'com.docker.compose.project': run, 'com.docker.compose.service': 'metered', 'com.docker.compose.container-number': String(n) });
    await harness.runContainer(`${run}-metered-1`, labels(1));
    await harness.runContainer(`${run}-metered-2`, labels(2));
    const service = await workload(`docker/compose-service/${run}/metered`, (w) => w.members.length === 2);
    const samples: EngineStatsSample[] = [];
    const controller = new AbortController();
    const following = backend.stats!(service, (sample) => samples.push(sample), controller.signal);
    const members = [`${run}-metered-1`, `${run}-metered-2`];
    const deadline = Date.now() + 30_000;
    while (!members.every((m) => samples.filter((s) => s.member === m).length >= 2) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await following;
    for (const member of members) {
      const own = samples.filter((s) => s.member === member);
      assert.ok(own.length >= 2, `${member}: ${own.length} samples`);
      for (const sample of own) {
        assert.ok(Number.isFinite(sample.cpuPercent) && sample.cpuPercent >= 0 && sample.cpuPercent <= 100 * 64, `cpu ${sample.cpuPercent}`);
        assert.ok(sample.memoryBytes > 0 && sample.memoryBytes < 512 * 1024 * 1024, `memory ${sample.memoryBytes}`);
        assert.ok((sample.memoryLimitBytes ?? 0) >= sample.memoryBytes);
        assert.ok(Math.abs(sample.at - Date.now()) < 60_000, 'the engine time of the sample');
      }
    }
  });
});
