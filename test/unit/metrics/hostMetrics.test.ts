import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyPercent, cpuTotals, diskUsage, HostMetricsSampler } from '../../../src/backends/metrics/hostMetrics';

describe('host metrics through Node APIs', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'devops-host-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has no CPU figure on the first reading and a percentage after work was done', async () => {
    const sampler = new HostMetricsSampler(dir);
    const first = await sampler.sample();
    assert.equal(first.cpuPercent, null);
    const until = Date.now() + 300;
    while (Date.now() < until) Math.sqrt(Math.random()); // keep one core busy
    const second = await sampler.sample();
    assert.ok(second.cpuPercent !== null && second.cpuPercent > 0 && second.cpuPercent <= 100, String(second.cpuPercent));
    assert.equal(second.memory.totalBytes, totalmem());
    assert.ok(second.memory.usedBytes > 0 && second.memory.percent > 0 && second.memory.percent < 100);
  });

  it('computes busy share from cpu time deltas', () => {
    const times = (user: number, idle: number) => ({ model: 'x', speed: 1, times: { user, nice: 0, sys: 0, idle, irq: 0 } });
    const before = cpuTotals([times(100, 900), times(100, 900)]);
    const after = cpuTotals([times(175, 925), times(100, 1000)]);
    assert.equal(busyPercent(before, after), (75 / 200) * 100);
    assert.equal(busyPercent(after, after), null);
  });

  it('measures disk use as df does', async () => {
    const usage = await diskUsage(dir);
    // df -P -k: "Filesystem 1024-blocks Used Available Capacity Mounted on"
    const fields = execFileSync('df', ['-P', '-k', dir], { encoding: 'utf8' }).trim().split('\n')[1].split(/\s+/);
    const dfTotal = Number(fields[1]) * 1024;
    const dfUsed = Number(fields[2]) * 1024;
    assert.ok(Math.abs(usage.totalBytes - dfTotal) <= 1024 * 1024, `${usage.totalBytes} vs ${dfTotal}`);
    // Other processes write meanwhile: allow 1% of the disk.
    assert.ok(Math.abs(usage.usedBytes - dfUsed) <= dfTotal / 100, `${usage.usedBytes} vs ${dfUsed}`);
    assert.ok(Math.abs(usage.percent - Number(fields[4].replace('%', ''))) <= 1.5);
  });
});
