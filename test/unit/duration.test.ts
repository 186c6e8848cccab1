import * as assert from 'node:assert/strict';
import { durationText, parseDuration, parseDurationMs } from '../../src/core/duration';

describe('devops.yaml durations', () => {
  it('reads each unit, and gives undefined for what is not a duration', () => {
    assert.deepEqual(['250ms', '10s', ' 5m ', '2h'].map(parseDuration), [250, 10_000, 300_000, 7_200_000]);
    assert.deepEqual(['5 minutes', '1.5s', '', '10'].map(parseDuration), [undefined, undefined, undefined, undefined]);
  });

  it('throws an invalid-config error naming the format when a duration is required', () => {
    assert.equal(parseDurationMs('1m'), 60_000);
    assert.throws(() => parseDurationMs('soon'), { reason: 'invalid-config', message: /"soon" is not a duration such as "500ms"/ });
  });

  it('writes the shortest text that reads back to the same milliseconds', () => {
    for (const ms of [150, 1000, 90_000, 120_000, 3_600_000, 5_400_000]) assert.equal(parseDuration(durationText(ms)), ms);
    assert.deepEqual([150, 30_000, 120_000, 7_200_000].map(durationText), ['150ms', '30s', '2m', '2h']);
  });
});
