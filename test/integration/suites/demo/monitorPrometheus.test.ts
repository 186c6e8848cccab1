import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ChartSpec } from '../../../../src/protocol/monitorProtocol';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, waitFor } from '../empty/extensionUnderTest';
import { demoOnFreePorts, type DemoOnFreePorts } from './demoServices';

const PROMETHEUS = '/usr/bin/prometheus';
const CHART = 'Requests per second';

// The Prometheus charts of demo/devops.yaml inside the editor: the demo's services and their
// Prometheus (Debian's package) on free ports of 127.0.0.1, its data in the test workspace's
// own .devops/prometheus (a temporary copy of demo/, removed afterwards). A query chart gets
// points; stopping Prometheus gives the chart a clear message and keeps its last points.
describe('monitor: Prometheus query charts on the running demo', function () {
  this.timeout(180_000);
  let api: DevopsTestApi;
  let demo: DemoOnFreePorts | undefined;

  const chart = (): ChartSpec | undefined => api.monitor.lastSnapshotSent?.charts.find((c) => c.title === CHART);
  const points = (spec: ChartSpec | undefined): number => (spec?.lines ?? []).reduce((n, line) => n + line.values.filter((v) => v !== null).length, 0);

  before(async () => {
    assert.ok(existsSync(PROMETHEUS), `${PROMETHEUS} is missing: this suite needs a real Prometheus (apt-get install prometheus; .ci/run installs it)`);
    api = await activateExtension();
    demo = await demoOnFreePorts(api, { prometheus: true });
    await demo.start('store', 'api', 'web', 'prometheus');
    assert.equal(api.config.snapshot.config?.monitor?.prometheus?.url, `http://127.0.0.1:${demo.base + 90}`);
  });

  after(async () => {
    await demo?.dispose();
  });

  it('draws a query chart of demo/devops.yaml from what Prometheus scraped', async () => {
    await vscode.commands.executeCommand('devops.showMonitor');
    await waitFor('the Monitor page to load', () => api.monitor.isResolved && api.monitor.lastSnapshotSent);
    // Prometheus scrapes every 5 s and rate() needs two scrapes; the chart refreshes every 15 s.
    const drawn = await waitFor('points in the query chart', () => (points(chart()) > 0 ? chart() : undefined), 90_000);
    assert.equal(drawn.kind, 'query');
    assert.match(drawn.source, /demo_http_requests_total/);
    assert.equal(drawn.error, undefined);
    const labels = drawn.lines!.map((l) => l.label);
    assert.ok(labels.some((l) => /service="(web|api|store)"/.test(l)), `series per service, got ${labels.join(' | ')}`);
    const values = drawn.lines!.flatMap((l) => l.values).filter((v): v is number => v !== null);
    assert.ok(values.every((v) => v >= 0) && values.some((v) => v > 0), `request rates ${values.slice(-5).join(', ')}`);
    const model = api.monitor.snapshot.charts.find((c) => c.title === CHART);
    assert.ok(points(model) > 0, 'the model holds the same data as the page got');
  });

  it('says Prometheus is not reachable when it stops, and keeps the last points', async () => {
    // Other suites of the group send deliberately bad page messages: count only this test's.
    const droppedBefore = api.monitor.droppedMessages;
    const before = points(chart());
    assert.ok(before > 0, 'the chart had data');
    await demo!.services('stop', 'prometheus');
    const failed = await waitFor('the chart to report the stopped Prometheus', () => (chart()?.error ? chart() : undefined), 60_000);
    assert.match(failed.error ?? '', /^Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable/);
    assert.ok(points(failed) >= before, `the last data stays (${points(failed)} points, had ${before})`);
    assert.equal(api.monitor.droppedMessages, droppedBefore);
  });
});
