import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { noticeCount } from '../empty/recordedPrompts';
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

  it('copies log lines to the clipboard and opens the raw log of a source, as the page asks', async () => {
    const lines = api.monitor.queryLogs({ sources: ['api'] }, 3);
    assert.ok(lines.length > 0, 'api has log lines (the previous test waited for them)');
    // What the page's Copy button sends with no line selected: the shown lines' text.
    const text = `${lines.map((l) => l.text).join('\n')}\n<img src=x onerror=alert(1)>`;
    await api.monitor.postPageMessage({ type: 'copy', text });
    assert.equal(await vscode.env.clipboard.readText(), text);
    const dropped = api.monitor.droppedMessages;
    await api.monitor.postPageMessage({ type: 'copy', text: 42 });
    assert.equal(api.monitor.droppedMessages, dropped + 1, 'a message that does not fit the protocol is dropped');
    assert.equal(await vscode.env.clipboard.readText(), text, 'and changes nothing');

    const source = api.monitor.snapshot.logSources.find((s) => s.service === 'api' && s.kind === 'file');
    assert.ok(source, 'api declares a log file');
    await api.monitor.postPageMessage({ type: 'openLog', source: source.name });
    const editor = await waitFor('the raw log in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath.endsWith(`/${source.target}`)));
    assert.equal(editor.document.uri.fsPath, vscode.Uri.joinPath(workspaceRoot(), source.target).fsPath);
    assert.ok(editor.document.getText().includes(lines[0].text), 'the file holds the lines the panel showed');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('fires the api-down alert (list, status bar, one notification) when api stops', async () => {
    const notifications = noticeCount(api, 'monitor.alert');
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
    assert.ok(noticeCount(api, 'monitor.alert') > notifications, 'a notification for the transition');
    assert.match(api.statusBar.text ?? '', /api-down/);
    assert.equal(api.statusBar.level, 'error');
  });
});
