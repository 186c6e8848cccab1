import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DevopsError } from '../../../src/core/errors';
import { LogModel } from '../../../src/core/monitor/logModel';
import type { LineBatch, LogAppend } from '../../../src/core/monitor/logTypes';
import { ManualTimers } from '../../../src/core/refresh/timers';

function collect(model: LogModel): LogAppend[] {
  const appends: LogAppend[] = [];
  model.onDidAppend((a) => appends.push(a));
  return appends;
}

describe('LogModel', () => {
  it('numbers every line once, contiguously across appends', () => {
    const model = new LogModel({ reorderWindowMs: 0 });
    const appends = collect(model);
    model.lines('a', ['one', 'two']);
    model.lines('b', ['three']);
    assert.deepEqual(appends.map((a) => [a.fromSeq, a.lines.map((l) => l.seq)]), [[0, [0, 1]], [2, [2]]]);
    assert.deepEqual(appends[1].lines[0].source, 'b');
  });

  it('merges sources in time order within the reorder window, keeping each source in order', async () => {
    const timers = new ManualTimers(Date.parse('2026-11-27T12:00:00Z'));
    const model = new LogModel({ reorderWindowMs: 100, timers });
    const appends = collect(model);
    model.lines('api', ['2026-11-27T10:00:02Z INFO api b', '2026-11-27T10:00:04Z INFO api d']);
    model.lines('web', ['2026-11-27T10:00:01Z INFO web a', '2026-11-27T10:00:03Z INFO web c']);
    assert.equal(appends.length, 0, 'waits for the window');
    await timers.advance(100);
    assert.equal(appends.length, 1);
    assert.deepEqual(appends[0].lines.map((l) => l.text.slice(-5)), ['web a', 'api b', 'web c', 'api d']);
    assert.deepEqual(appends[0].lines.map((l) => l.source), ['web', 'api', 'web', 'api']);
  });

  it('uses arrival time for lines without a timestamp', () => {
    const timers = new ManualTimers(1_800_000_000_000);
    const model = new LogModel({ reorderWindowMs: 0, timers });
    model.lines('a', ['no time here']);
    const [line] = model.range(0, 1);
    assert.equal(line.time, 1_800_000_000_000);
    assert.equal(line.timeFromLine, false);
  });

  it('keeps the newest lines up to its capacity and can refill a gap from what it keeps', () => {
    const model = new LogModel({ capacity: 1000, reorderWindowMs: 0 });
    for (let i = 0; i < 2500; i++) model.lines('a', [`line ${i}`]);
    assert.equal(model.size, 1000);
    assert.equal(model.firstSeq, 1500);
    assert.equal(model.nextSeq, 2500);
    assert.deepEqual(model.range(1400, 102).map((l) => l.text), ['line 1500', 'line 1501']);
    assert.deepEqual(model.range(2498, 10).map((l) => l.seq), [2498, 2499]);
  });

  it('keeps 100,000 lines by default', () => {
    const model = new LogModel({ reorderWindowMs: 0 });
    const batch = Array.from({ length: 10_000 }, (_, i) => `x ${i}`);
    for (let i = 0; i < 12; i++) model.lines('a', batch);
    assert.equal(model.size, 100_000);
    assert.equal(model.firstSeq, 20_000);
  });

  it('loses and duplicates nothing in a burst of 50,000 numbered lines from two sources', async () => {
    const model = new LogModel({ reorderWindowMs: 50 });
    const appends = collect(model);
    for (let i = 0; i < 25_000; i += 500) {
      model.lines('a', Array.from({ length: 500 }, (_, k) => `a ${i + k}`));
      model.lines('b', Array.from({ length: 500 }, (_, k) => `b ${i + k}`));
    }
    await new Promise((resolve) => setTimeout(resolve, 80));
    const all = appends.flatMap((a) => a.lines);
    assert.equal(all.length, 50_000);
    let expected = 0;
    for (const append of appends) {
      assert.equal(append.fromSeq, expected, 'no gap between appends');
      append.lines.forEach((line, i) => assert.equal(line.seq, append.fromSeq + i));
      expected += append.lines.length;
    }
    for (const source of ['a', 'b']) {
      const numbers = all.filter((l) => l.source === source).map((l) => Number(l.text.split(' ')[1]));
      assert.deepEqual(numbers, Array.from({ length: 25_000 }, (_, i) => i), `${source} in order, once each`);
    }
  });

  it('keeps the head of a gigantic line with a marker, so one line cannot fill memory', () => {
    const model = new LogModel({ reorderWindowMs: 0 });
    model.lines('api', [`ERROR ${'x'.repeat(8 * 1024 * 1024)}`, 'next']);
    const [big, next] = model.range(0, 2);
    assert.ok(big.text.length < 70 * 1024, `kept ${big.text.length} characters`);
    assert.match(big.text, /^ERROR x+ … \[line of 8388614 characters truncated\]$/);
    assert.equal(big.level, 'error');
    assert.equal(next.text, 'next');
  });

  it('holds no more than the kept head of gigantic lines it was given as strings', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const used = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const model = new LogModel({ reorderWindowMs: 0 });
    const before = used();
    for (let i = 0; i < 30; i++) model.lines('api', [`${i} ${'x'.repeat(4 * 1024 * 1024)}`]);
    const grown = used() - before;
    assert.equal(model.size, 30);
    assert.ok(grown < 20 * 1024 * 1024, `30 lines of 4 MB hold ${Math.round(grown / 1024 / 1024)} MB`);
    assert.match(model.range(29, 1)[0].text, /^29 x+ … \[line of 4194307 characters truncated\]$/);
  });

  it('decodes a line only when something reads it: lines that leave the ring unread cost nothing', () => {
    const decoded: number[] = [];
    // A source that reads bytes hands them over like this; the indexes record what was decoded.
    const batchFrom = (first: number, length: number): LineBatch => ({
      length,
      text: (i) => {
        decoded.push(first + i);
        return `2026-11-27T10:00:00Z ${(first + i) % 2 ? 'ERROR' : 'INFO'} line ${first + i}`;
      },
    });
    const model = new LogModel({ capacity: 1000, reorderWindowMs: 0 });
    const appends = collect(model);
    for (let first = 0; first < 100_000; first += 2500) model.lines('api', batchFrom(first, 2500));
    assert.equal(model.nextSeq, 100_000);
    assert.deepEqual(appends.map((a) => a.count), Array(40).fill(2500));
    assert.deepEqual(decoded, [], 'nothing read, nothing decoded');

    const kept = model.range(0, 100_000);
    assert.deepEqual(kept.map((l) => l.seq), Array.from({ length: 1000 }, (_, i) => 99_000 + i));
    assert.equal(kept[1].text, '2026-11-27T10:00:00Z ERROR line 99001');
    assert.equal(kept[1].level, 'error');
    assert.equal(kept[1].time, Date.parse('2026-11-27T10:00:00Z'));
    assert.deepEqual(decoded, Array.from({ length: 1000 }, (_, i) => 99_000 + i), 'the kept lines, once each');
    assert.equal(model.range(99_500, 1)[0], kept[500], 'read again: the same parsed line');
    assert.equal(decoded.length, 1000);

    assert.deepEqual(appends.at(-1)!.lines.slice(-2).map((l) => [l.seq, l.text]), [[99_998, '2026-11-27T10:00:00Z INFO line 99998'], [99_999, '2026-11-27T10:00:00Z ERROR line 99999']]);
    assert.deepEqual(model.query({ levels: ['error'] }, 2).map((l) => l.seq), [99_997, 99_999]);
  });

  it('keeps lines of a merge bigger than the ring, and numbers across many small merges', () => {
    const model = new LogModel({ capacity: 100, reorderWindowMs: 0 });
    model.lines('a', Array.from({ length: 250 }, (_, i) => `big ${i}`));
    for (let i = 0; i < 150; i++) model.lines('a', [`small ${i}`]);
    assert.equal(model.firstSeq, 300);
    assert.deepEqual(model.range(0, 1000).map((l) => l.text), Array.from({ length: 100 }, (_, i) => `small ${i + 50}`));
    assert.deepEqual([...model.query({ text: 'small 14' })].map((l) => l.text), ['small 140', 'small 141', 'small 142', 'small 143', 'small 144', 'small 145', 'small 146', 'small 147', 'small 148', 'small 149']);
    model.lines('a', Array.from({ length: 250 }, (_, i) => `again ${i}`));
    assert.deepEqual(model.range(0, 1000).map((l) => l.seq), Array.from({ length: 100 }, (_, i) => 550 + i));
    assert.equal(model.range(649, 5)[0].text, 'again 249');
  });

  it('filters by text, regex, level and source', () => {
    const model = new LogModel({ reorderWindowMs: 0 });
    model.lines('api', ['ERROR db down', 'INFO GET /orders 200', '{"level":"warn","msg":"slow Orders"}']);
    model.lines('web', ['INFO GET / 200', 'DEBUG render']);
    assert.deepEqual(model.query({ text: 'orders' }).map((l) => l.seq), [1, 2]);
    assert.deepEqual(model.query({ regex: 'GET /\\w*\\s200' }).map((l) => l.seq), [1, 3]);
    assert.deepEqual(model.query({ levels: ['error', 'warn'] }).map((l) => l.seq), [0, 2]);
    assert.deepEqual(model.query({ sources: ['web'] }).map((l) => l.seq), [3, 4]);
    assert.deepEqual(model.query({ sources: ['api'], levels: ['info'], text: 'get' }).map((l) => l.seq), [1]);
    assert.deepEqual(model.query({}, 2).map((l) => l.seq), [3, 4]);
  });

  it('reports an invalid regex as a typed error with the reason', () => {
    const model = new LogModel({ reorderWindowMs: 0 });
    assert.throws(
      () => model.query({ regex: 'level=(warn' }),
      (error: unknown) => DevopsError.is(error, 'invalid-config') && /Invalid regular expression "level=\(warn": .*(terminated|group)/i.test(error.message),
    );
  });

  it('forwards source status after the lines that came before it', () => {
    const model = new LogModel({ reorderWindowMs: 1000 });
    const order: string[] = [];
    model.onDidAppend((a) => order.push(`lines:${a.lines.length}`));
    model.onDidChangeSourceStatus((s) => order.push(`status:${s.status.state}`));
    model.lines('f', ['last line']);
    model.status('f', { state: 'waiting', message: 'f was deleted' });
    assert.deepEqual(order, ['lines:1', 'status:waiting']);
    assert.deepEqual(model.sourceStatuses(), [{ source: 'f', status: { state: 'waiting', message: 'f was deleted' } }]);
    model.dispose();
  });
});
