import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostMetricsSampler } from '../../../src/backends/metrics/hostMetrics';
import { monitorJobs, seriesLabel } from '../../../src/backends/metrics/monitorJobs';
import { AlertEvaluator } from '../../../src/core/monitor/alerts';
import { MetricsModel } from '../../../src/core/monitor/metricsModel';

describe('monitor jobs', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'devops-jobs-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('samples the host into the charts and the alert rules', async () => {
    const metrics = new MetricsModel();
    const alerts = new AlertEvaluator([{ name: 'mem', subject: { kind: 'metric', metric: 'memory' }, warning: 0.001, forMs: 0 }]);
    const jobs = monitorJobs({ metrics, alerts, sampler: new HostMetricsSampler(dir), config: { charts: [], alerts: [] }, view: () => ({ rangeMs: 60_000, widthPx: 100 }) });
    assert.deepEqual(jobs.map((j) => j.id), ['monitor/host'], 'no Prometheus: host only');
    const context = { signal: new AbortController().signal, delayUntil: () => undefined };
    await jobs[0].run(context);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await jobs[0].run(context);
    assert.deepEqual(metrics.ids().sort(), ['host.cpu', 'host.disk', 'host.memory']);
    assert.equal(metrics.get('host.memory')!.lines[0].series.values.length, 2);
    assert.equal(metrics.get('host.cpu')!.lines[0].series.values[0], null, 'no CPU figure on the first sample');
    assert.equal(alerts.worstLevel(), 'warning');
  });

  it('labels series as Prometheus prints them', () => {
    assert.equal(seriesLabel({ __name__: 'up', job: 'api' }), 'up{job="api"}');
    assert.equal(seriesLabel({ __name__: 'up' }), 'up');
    assert.equal(seriesLabel({}), '{}');
  });
});
