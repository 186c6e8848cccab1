import * as assert from 'node:assert/strict';
import { SerialRuns } from '../../../src/core/refresh/serialRuns';

// A file saved while it is read must be read once more; a burst of saves costs two reads.
describe('SerialRuns', () => {
  it('runs once at a time: calls during a run share it and ask for exactly one more run', async () => {
    const started: number[] = [];
    let finish: (() => void) | undefined;
    const runs = new SerialRuns(async () => {
      started.push(started.length + 1);
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const first = runs.run();
    const second = runs.run();
    const third = runs.run();
    assert.equal(second, first, 'a call during the run shares its promise');
    assert.equal(third, first);
    assert.deepEqual(started, [1]);
    finish?.();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [1, 2], 'one more run for the calls that came during the first');
    finish?.();
    await first;
    assert.deepEqual(started, [1, 2], 'and no third');
    await runs.settled();
    const later = runs.run();
    assert.notEqual(later, first, 'a call after the runs ended starts a new one');
    finish?.();
    await later;
    assert.deepEqual(started, [1, 2, 3]);
  });
});
