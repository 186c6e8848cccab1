import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogSource } from '../../../src/backends/logs/fileLogSource';
import { followLogSources } from '../../../src/backends/logs/followLogSources';
import { LogModel } from '../../../src/core/monitor/logModel';
import type { LogSource } from '../../../src/core/monitor/logTypes';
import { waitFor } from '../monitor/waitFor';

describe('followLogSources', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'devops-follow-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('merges two files into one numbered stream with a source column, and stops both', async () => {
    const web = join(dir, 'web.log');
    const api = join(dir, 'api.log');
    writeFileSync(web, '');
    writeFileSync(api, '');
    // A window far longer than two polls, so both files are read before the merge even on a busy machine.
    const model = new LogModel({ reorderWindowMs: 1500 });
    const followed = followLogSources([new FileLogSource({ name: 'web', path: web, pollMs: 20 }), new FileLogSource({ name: 'api', path: api, pollMs: 20 })], model);
    await waitFor(() => model.sourceStatuses().filter((s) => s.status.state === 'following').length === 2, 'both following');
    appendFileSync(api, '2026-11-27T10:00:02.000Z INFO api second\n2026-11-27T10:00:04.000Z ERROR api fourth\n');
    appendFileSync(web, '2026-11-27T10:00:01.000Z INFO web first\n2026-11-27T10:00:03.000Z WARN web third\n');
    await waitFor(() => model.nextSeq === 4, 'four lines');
    await followed.stop();
    const lines = model.range(0, 10);
    assert.deepEqual(lines.map((l) => [l.seq, l.source, l.level, l.text.split(' ').at(-1)]), [
      [0, 'web', 'info', 'first'],
      [1, 'api', 'info', 'second'],
      [2, 'web', 'warn', 'third'],
      [3, 'api', 'error', 'fourth'],
    ]);
  });

  it('reports a source that breaks its contract without stopping the others', async () => {
    const broken: LogSource = { name: 'broken', follow: () => Promise.reject(new Error('bug')) };
    const model = new LogModel({ reorderWindowMs: 0 });
    const followed = followLogSources([broken], model);
    await followed.done;
    assert.deepEqual(model.sourceStatuses(), [{ source: 'broken', status: { state: 'error', message: 'broken stopped: bug' } }]);
  });
});
