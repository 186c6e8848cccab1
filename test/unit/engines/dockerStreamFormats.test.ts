import * as assert from 'node:assert/strict';
import { LogDecoder, type DecodedLine } from '../../../src/backends/engines/docker/dockerLogDecoder';
import { cpuPercent, memoryUsed } from '../../../src/backends/engines/docker/dockerStats';
import { statsSchema } from '../../../src/backends/engines/docker/dockerSchemas';
import { splitDetails } from '../../../src/backends/engines/docker/serviceLogs';
import { compareCursors, parseEngineTime } from '../../../src/backends/engines/docker/engineTime';
import { isNewEvent, advanceCursor, sinceParam } from '../../../src/backends/engines/docker/dockerEvents';

// The engine's stream formats byte by byte, where a real stream splits them anywhere.
// The bytes below were read from Docker Engine 20.10.24 (API 1.41) on the test machine:
// `GET /containers/{id}/logs?stdout=1&stderr=1&timestamps=1&tail=4` and
// `GET /services/{id}/logs?stdout=1&stderr=1&timestamps=1&details=1&tail=2`
// (frame format: docs.docker.com/reference/api/engine/version/v1.41, "Attach to a container").

const containerLog = Buffer.from(
  '0100000000000025323032362d31322d30375430303a31383a30392e3237303237313431315a206f757420320a0200000000000025323032362d31322d30375430303a31383a30392e3237303732323533375a2065727220320a0100000000000025323032362d31322d30375430303a31383a30392e3739353432303535345a206f757420330a0200000000000025323032362d31322d30375430303a31383a30392e3739353630343039315a2065727220330a',
  'hex',
);
const serviceLogFrame = Buffer.from(
  '02000000000000c2323032362d31322d30375430303a31383a32332e3334313232343233325a20636f6d2e646f636b65722e737761726d2e6e6f64652e69643d6e616d6333696a6f72373162736677706771336230636f647a2c636f6d2e646f636b65722e737761726d2e736572766963652e69643d787569727538687a7a7077656a656d637338776f73343831612c636f6d2e646f636b65722e737761726d2e7461736b2e69643d3535346a3266717761623475393866333261636c6776333333206572722031350a',
  'hex',
);

function decodeInPieces(tty: boolean, bytes: Buffer, cut: number[]): DecodedLine[] {
  const decoder = new LogDecoder(tty);
  const lines: DecodedLine[] = [];
  let from = 0;
  for (const at of [...cut, bytes.length]) {
    lines.push(...decoder.push(bytes.subarray(from, at)));
    from = at;
  }
  return [...lines, ...decoder.end()];
}

describe('Docker log streams', () => {
  const expected = [
    { stream: 'stdout', timestamp: '2026-12-07T00:18:09.270271411Z', text: 'out 2' },
    { stream: 'stderr', timestamp: '2026-12-07T00:18:09.270722537Z', text: 'err 2' },
    { stream: 'stdout', timestamp: '2026-12-07T00:18:09.795420554Z', text: 'out 3' },
    { stream: 'stderr', timestamp: '2026-12-07T00:18:09.795604091Z', text: 'err 3' },
  ];

  it('decodes multiplexed frames however the bytes are split, headers included', () => {
    for (let cut = 0; cut <= containerLog.length; cut++) assert.deepEqual(decodeInPieces(false, containerLog, [cut]), expected, `cut at ${cut}`);
    assert.deepEqual(decodeInPieces(false, containerLog, Array.from({ length: containerLog.length }, (_, i) => i)), expected, 'one byte at a time');
  });

  it('puts a line the engine split into 16 KB records back together, per stream', () => {
    const frame = (stream: 1 | 2, text: string): Buffer => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    const long = 'x'.repeat(16 * 1024);
    const bytes = Buffer.concat([frame(1, `2026-01-01T00:00:00.1Z ${long}`), frame(2, '2026-01-01T00:00:00.15Z oops\n'), frame(1, '2026-01-01T00:00:00.2Z tail\n')]);
    assert.deepEqual(decodeInPieces(false, bytes, [100, 9000]), [
      { stream: 'stderr', timestamp: '2026-01-01T00:00:00.15Z', text: 'oops' },
      { stream: 'stdout', timestamp: '2026-01-01T00:00:00.1Z', text: `${long}tail` },
    ]);
  });

  it('reads a TTY stream as stdout lines ending in \\r\\n, split anywhere', () => {
    const raw = Buffer.from('2026-01-01T00:00:01.5Z hello\r\n2026-01-01T00:00:02Z \r\n2026-01-01T00:00:03Z last');
    assert.deepEqual(decodeInPieces(true, raw, [7, 30]), [
      { stream: 'stdout', timestamp: '2026-01-01T00:00:01.5Z', text: 'hello' },
      { stream: 'stdout', timestamp: '2026-01-01T00:00:02Z', text: '' },
      { stream: 'stdout', timestamp: '2026-01-01T00:00:03Z', text: 'last' },
    ]);
  });

  it('refuses bytes that are not frames instead of printing garbage', () => {
    assert.throws(() => new LogDecoder(false).push(Buffer.from('HTTP/1.1 500 Internal Server Error\r\n')), /not in the multiplexed format/);
  });

  it("finds the task of a Swarm service's line in its details", () => {
    const [line] = decodeInPieces(false, serviceLogFrame, []);
    assert.deepEqual(splitDetails(line.text), { taskId: '554j2fqwab4u98f32aclgv333', text: 'err 15' });
    assert.deepEqual(splitDetails('plain text, no details'), { text: 'plain text, no details' });
  });
});

describe('engine times and cursors', () => {
  it('keeps nanoseconds, which a millisecond would round away', () => {
    const a = parseEngineTime('2026-12-07T00:18:09.270271411Z')!;
    const b = parseEngineTime('2026-12-07T00:18:09.2707Z')!;
    assert.equal(a.ms, Date.UTC(2026, 11, 7, 0, 18, 9, 270));
    assert.equal(a.cursor, '1796602689.270271411');
    assert.equal(b.cursor, '1796602689.270700000');
    assert.ok(compareCursors(a.cursor, b.cursor) < 0 && a.ms === b.ms, 'same millisecond, different positions');
    assert.equal(parseEngineTime('2026-12-07T02:18:09+02:00')?.cursor, '1796602689.000000000');
    assert.equal(parseEngineTime('yesterday'), undefined);
  });

  it('resumes the event stream at the exact nanosecond and skips only what it already handled', () => {
    let cursor = advanceCursor(undefined, '1796602708169413964', 'container\nstart\nabc');
    assert.equal(sinceParam(cursor), '1796602708.169413964');
    assert.equal(isNewEvent(cursor, '1796602708169413964', 'container\nstart\nabc'), false, 'replayed');
    assert.equal(isNewEvent(cursor, '1796602708169413964', 'container\ndie\nabc'), true, 'same instant, another event');
    assert.equal(isNewEvent(cursor, '999999999999999999', 'container\ndie\nabc'), false, 'older (fewer digits)');
    cursor = advanceCursor(cursor, '1796602708169413965', 'service\nupdate\nx');
    assert.deepEqual([...cursor.seen], ['service\nupdate\nx']);
  });
});

describe('container stats as `docker stats` computes them', () => {
  // A sample of GET /containers/{id}/stats read from Docker Engine 20.10.24 (cgroup v1) on the test machine.
  const cgroupV1 = statsSchema.parse({
    read: '2026-12-07T00:18:11.359078235Z',
    cpu_stats: { cpu_usage: { total_usage: 73117784, percpu_usage: [9151325, 63966459] }, system_cpu_usage: 16929970000000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 51957438, percpu_usage: [4756602, 47200836] }, system_cpu_usage: 16928010000000, online_cpus: 2 },
    memory_stats: { usage: 937984, stats: { total_inactive_file: 163840, inactive_file: 0, cache: 0 }, limit: 25276182528 },
  });

  it('takes CPU as the share of host CPU time since the previous reading times the CPUs, and memory without the inactive cache', () => {
    // (73117784 - 51957438) / (16929970000000 - 16928010000000) * 2 * 100
    assert.ok(Math.abs(cpuPercent(cgroupV1)! - 2.1592) < 1e-3, String(cpuPercent(cgroupV1)));
    assert.equal(memoryUsed(cgroupV1), 937984 - 163840);
    // cgroup v2 names the cache inactive_file (docs: ContainerStats, memory_stats.stats).
    const cgroupV2 = statsSchema.parse({ ...cgroupV1, memory_stats: { usage: 5_000_000, stats: { inactive_file: 1_000_000, anon: 3_000_000 }, limit: 8_000_000 } });
    assert.equal(memoryUsed(cgroupV2), 4_000_000);
  });

  it('gives no CPU figure for a first sample, which has no previous reading', () => {
    const first = statsSchema.parse({ ...cgroupV1, precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 } });
    assert.equal(cpuPercent(first), undefined);
    const idle = statsSchema.parse({ ...cgroupV1, cpu_stats: { ...cgroupV1.cpu_stats, cpu_usage: { total_usage: 51957438 } } });
    assert.equal(cpuPercent(idle), 0);
  });
});
