import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, iconId, row, waitFor } from '../empty/extensionUnderTest';
import { noticeCount } from '../empty/recordedPrompts';
import { demoOnFreePorts, type DemoOnFreePorts } from './demoServices';

const NAMES = ['web', 'api', 'store'] as const;

// Real demo services on free ports: the view's rows and the status bar follow them as api
// stops and starts again. The demo's own script starts and stops them (not the extension's
// runner, so the extension's process count stays its own; see demoServices.ts).
describe('services: live health in the view and the status bar', function () {
  this.timeout(120_000);
  let api: DevopsTestApi;
  let demo: DemoOnFreePorts | undefined;
  const probeNow = (): Thenable<unknown> => vscode.commands.executeCommand('devops.services.probeNow');
  const description = (name: string): string => String(api.views.services.getTreeItem(row(api.views.services, `services/${name}`)).description);
  async function until(what: string, check: () => boolean): Promise<void> {
    // Ask for a probe round while waiting, so the test does not sit out the 10 s interval.
    let last = 0;
    await waitFor(what, async () => {
      if (check()) return true;
      if (Date.now() - last > 1000) {
        last = Date.now();
        await probeNow();
      }
      return false;
    }, 30_000);
  }

  before(async () => {
    api = await activateExtension();
    demo = await demoOnFreePorts(api, { prometheus: false });
    await demo.start(...NAMES);
    assert.equal(api.config.snapshot.config?.services.api.health?.http, `http://127.0.0.1:${demo.base + 2}/healthz`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await demo?.dispose();
  });

  it('shows every service up with its latency, and the status bar says all up', async () => {
    await until('all services up', () => NAMES.every((name) => description(name).startsWith('up ·')));
    for (const name of NAMES) {
      assert.match(description(name), /^up · \d+ ms/);
      const item = api.views.services.getTreeItem(row(api.views.services, `services/${name}`));
      assert.equal(iconId(item), 'pass-filled');
      assert.deepEqual((item.iconPath as vscode.ThemeIcon).color, new vscode.ThemeColor('testing.iconPassed'));
      assert.ok(api.views.services.findRow(`services/${name}/checks/0`), `${name} lists its recent checks`);
    }
    await until('the status bar says 3/3 up', () => api.statusBar.text === '$(pass-filled) 3/3 up');
    assert.equal(api.statusBar.level, 'ok');
    assert.equal(api.statusBar.command, 'devops.services.focus');
    assert.equal(api.services.summary.text, '3/3 up');
  });

  it('turns api down in its row and the status bar when api stops, and notifies once', async () => {
    const before = noticeCount(api, 'services.transition');
    await demo!.services('stop', 'api');
    await until('api down', () => description('api').startsWith('down'));
    assert.equal(iconId(api.views.services.getTreeItem(row(api.views.services, 'services/api'))), 'error');
    assert.match(description('web'), /^up/, 'web answers its own health check while api is down');
    await until('the status bar says api down', () => api.statusBar.text === '$(error) api down');
    assert.equal(api.statusBar.level, 'error');
    assert.equal(api.services.service('api')?.state, 'down');
    await probeNow();
    await waitFor('another api check', () => (api.services.service('api')?.history.length ?? 0) >= 2);
    assert.equal(noticeCount(api, 'services.transition'), before + 1, 'one notification for the incident, not one per check');
  });

  it('recovers when api starts again', async () => {
    const before = noticeCount(api, 'services.transition');
    await demo!.services('start', 'api');
    await until('api up again', () => description('api').startsWith('up'));
    await until('the status bar says 3/3 up again', () => api.statusBar.text === '$(pass-filled) 3/3 up');
    assert.equal(noticeCount(api, 'services.transition'), before + 1, 'one recovery notification');
  });

  it('draws the service map and reveals a clicked service in the view', async () => {
    await vscode.commands.executeCommand('devops.showServiceMap');
    const drawn = await waitFor('the map page drew the graph', () => api.serviceMap.lastRendered, 30_000);
    assert.equal(drawn.nodes, NAMES.length);
    assert.equal(api.serviceMap.droppedMessages, 0);
    assert.equal(await api.services.reveal('store'), true);
    await waitFor('the Services view visible', () => api.services.viewVisible);
    assert.equal(await api.services.reveal('no-such-service'), false);
  });

  it('colours the map by health: api stopped turns its node down, the others stay up', async () => {
    await vscode.commands.executeCommand('devops.showServiceMap');
    await demo!.services('stop', 'api');
    await until('the map told api is down', () => api.serviceMap.lastHealthSent?.api === 'down');
    assert.deepEqual(api.serviceMap.lastHealthSent, { web: 'up', api: 'down', store: 'up' });
    await demo!.services('start', 'api');
    await until('the map told api is up again', () => api.serviceMap.lastHealthSent?.api === 'up');
  });
});
