import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, waitFor } from '../empty/extensionUnderTest';
import { demoOnFreePorts, type DemoOnFreePorts } from './demoServices';

// The Monitor panel on the demo with its services running on free ports: charts get data,
// a service's log lines reach the panel, and stopping api fires the api-down alert.
describe('monitor: charts, logs and alerts on the running demo', function () {
  this.timeout(150_000);
  let api: DevopsTestApi;
  let demo: DemoOnFreePorts | undefined;

  before(async () => {
    api = await activateExtension();
    demo = await demoOnFreePorts(api, { prometheus: false });
    await demo.start('store', 'api', 'web');
  });

  after(async () => {
    await demo?.dispose();
  });

  it('opens on the demo and shows a chart with data and log lines from a demo service', async () => {
    await vscode.commands.executeCommand('devops.showMonitor');
    await waitFor('the Monitor page to load', () => api.monitor.isResolved && api.monitor.lastSnapshotSent);
    const withData = await waitFor(
      'the Memory chart to get samples',
      () => {
        const sent = api.monitor.lastSnapshotSent;
        return sent?.charts.some((c) => c.title === 'Memory' && (c.lines?.[0]?.timestamps.length ?? 0) > 0) ? sent : undefined;
      },
      30_000,
    );
    const value = withData.charts.find((c) => c.title === 'Memory')?.lines?.[0]?.values.at(-1);
    assert.ok(typeof value === 'number' && value > 0 && value <= 100, `memory % is ${String(value)}`);
    await waitFor('the page to draw a snapshot with data', () => (api.monitor.lastRenderedRevision ?? 0) >= withData.revision);
    await vscode.commands.executeCommand('devops.services.probeNow');
    const lines = await waitFor('log lines from the api service', () => {
      const found = api.monitor.queryLogs({ sources: ['api'] });
      return found.length > 0 ? found : undefined;
    }, 30_000);
    assert.ok(lines.every((l) => l.source === 'api'));
    await waitFor('the lines to be posted to the page', () => api.monitor.lastLogSeqSent >= lines.at(-1)!.seq);
    const latency = await waitFor(
      'endpoint latency per probed service',
      () => api.monitor.lastSnapshotSent?.charts.find((c) => c.source === 'latency' && (c.lines?.length ?? 0) > 0),
      30_000,
    );
    assert.ok(latency.lines!.some((l) => l.label === 'api'));
    assert.equal(api.monitor.droppedMessages, 0);
  });

  it('fires the api-down alert (list, status bar, one notification) when api stops', async () => {
    const notifications = api.monitor.alertNotifications;
    await demo!.services('stop', 'api');
    let lastProbe = 0;
    const alert = await waitFor(
      'api-down to fire',
      async () => {
        if (Date.now() - lastProbe > 2000) {
          lastProbe = Date.now();
          await vscode.commands.executeCommand('devops.services.probeNow');
        }
        return api.monitor.lastSnapshotSent?.alerts.find((a) => a.name === 'api-down' && a.state === 'firing');
      },
      60_000,
    );
    assert.equal(alert.severity, 'critical');
    assert.ok(api.monitor.alertNotifications > notifications, 'a notification for the transition');
    assert.match(api.statusBar.text ?? '', /api-down/);
    assert.equal(api.statusBar.level, 'error');
  });
});
