import * as assert from 'node:assert/strict';
import { LogPositions } from '../../../src/backends/engines/docker/logPositions';
import { parseEngineTime } from '../../../src/backends/engines/docker/engineTime';

// The engine stamps each line as it reads that stream's pipe, so a container's stderr line can
// arrive after a stdout line stamped later than it. Seen on a real Swarm: task .1's stderr
// line 14 was dropped after stdout line 14 came first with a later time.

const at = (time: string): string => parseEngineTime(time)?.cursor ?? assert.fail(`not an engine time: ${time}`);

describe('log positions of engine streams', () => {
  it('keeps a stderr line stamped before the stdout line delivered just before it', () => {
    const positions = new LogPositions(undefined, undefined);
    assert.equal(positions.accept('web.1', 'stdout', at('2026-12-07T12:00:00.200000000Z')), true);
    assert.equal(positions.accept('web.1', 'stderr', at('2026-12-07T12:00:00.100000000Z')), true);
    assert.equal(positions.accept('web.1', 'stderr', at('2026-12-07T12:00:00.100000000Z')), false, 'the same line again is a repeat');
    assert.equal(positions.accept('web.1', 'stdout', at('2026-12-07T12:00:00.150000000Z')), false, 'stdout is behind its own last line');
  });

  it('reconnects from the earliest stream of a member, and drops what each stream already gave', () => {
    const positions = new LogPositions(undefined, undefined);
    positions.accept('web.1', 'stdout', at('2026-12-07T12:00:02Z'));
    positions.accept('web.1', 'stderr', at('2026-12-07T12:00:01Z'));
    positions.accept('web.2', 'stdout', at('2026-12-07T12:00:03Z'));
    assert.equal(positions.since(), at('2026-12-07T12:00:01Z'));
    assert.equal(positions.since(['web.2']), at('2026-12-07T12:00:03Z'));
    assert.equal(positions.accept('web.1', 'stderr', at('2026-12-07T12:00:01.500000000Z')), true, 'replayed past stderr\'s own line: new');
    assert.equal(positions.accept('web.1', 'stdout', at('2026-12-07T12:00:01.500000000Z')), false, 'replayed before stdout\'s own line: a repeat');
  });

  it('resumes a caller\'s earlier stream after its position on both streams', () => {
    const positions = new LogPositions({ 'web.1': at('2026-12-07T12:00:05Z') }, undefined);
    assert.equal(positions.isFresh(), false);
    assert.equal(positions.since(), at('2026-12-07T12:00:05Z'));
    assert.equal(positions.accept('web.1', 'stderr', at('2026-12-07T12:00:05Z')), false);
    assert.equal(positions.accept('web.1', 'stdout', at('2026-12-07T12:00:04Z')), false);
    assert.equal(positions.accept('web.1', 'stdout', at('2026-12-07T12:00:06Z')), true);
    assert.equal(positions.isFresh(['web.2']), true);
  });
});
