import * as assert from 'node:assert/strict';
import { detectPlainLevel } from '../../../src/core/monitor/logLevel';
import { parseLogLine } from '../../../src/core/monitor/logParse';
import { parseLeadingTime } from '../../../src/core/monitor/logTime';

const NOW = Date.parse('2026-11-27T12:00:00.000Z');

describe('log level detection', () => {
  const cases: [string, string][] = [
    ['2026-11-27T10:00:00.000Z ERROR [api] store unreachable', 'error'],
    ['2026-11-27T10:00:00.000Z WARN  [api] slow', 'warn'],
    ['2026-11-27 10:00:00,123 WARNING something', 'warn'],
    ['ts=2026-11-27T10:00:00Z level=warn msg="disk filling"', 'warn'],
    ['time="x" level=ERROR msg=boom', 'error'],
    ['[error] connection reset', 'error'],
    ['[Info] started', 'info'],
    ['<debug> cache miss', 'debug'],
    ['FATAL: out of memory', 'error'],
    ['E1127 10:00:00.000000    1 controller.go:114] sync failed', 'error'],
    ['W1127 10:00:00.000000    1 reflector.go:42] watch closed', 'warn'],
    ['I1127 10:00:00.000000    1 main.go:1] ready', 'info'],
    ['DEBUG cache hit ratio 0.9', 'debug'],
    ['GET /errors 200 12ms', 'unknown'],
    ['2026-11-27T10:00:00Z INFO no error found in batch', 'info'],
    ['plain text with an error word in lowercase', 'unknown'],
    ['', 'unknown'],
  ];
  for (const [line, level] of cases) {
    it(`${JSON.stringify(line)} → ${level}`, () => assert.equal(detectPlainLevel(line), level));
  }

  it('looks only at the head of a very long line', () => {
    assert.equal(detectPlainLevel('x'.repeat(1_000_000) + ' ERROR'), 'unknown');
  });
});

describe('JSON log lines', () => {
  it('reads level, msg and time fields', () => {
    const parsed = parseLogLine('{"time":"2026-11-27T10:00:01.250Z","level":"warn","service":"api","msg":"slow store call","ms":312}', NOW);
    assert.deepEqual(parsed, { level: 'warn', time: Date.parse('2026-11-27T10:00:01.250Z'), message: 'slow store call' });
  });

  it('reads severity / message and lvl, and pino numeric levels', () => {
    assert.equal(parseLogLine('{"severity":"ERROR","message":"boom"}', NOW).level, 'error');
    assert.equal(parseLogLine('{"severity":"ERROR","message":"boom"}', NOW).message, 'boom');
    assert.equal(parseLogLine('{"lvl":"dbug","msg":"x"}', NOW).level, 'unknown');
    assert.equal(parseLogLine('{"lvl":"debug","msg":"x"}', NOW).level, 'debug');
    assert.equal(parseLogLine('{"level":50,"time":1795000000000,"msg":"pino"}', NOW).level, 'error');
    assert.equal(parseLogLine('{"level":30,"time":1795000000000,"msg":"pino"}', NOW).time, 1795000000000);
    assert.equal(parseLogLine('{"level":"info","ts":1795000000.5}', NOW).time, 1795000000500);
  });

  it('treats broken JSON as a plain line', () => {
    const parsed = parseLogLine('{"level":"error", oops ERROR', NOW);
    assert.equal(parsed.level, 'error');
    assert.equal(parsed.message, '{"level":"error", oops ERROR');
    assert.equal(parsed.time, undefined);
  });
});

describe('leading timestamps', () => {
  it('parses ISO 8601 with zone, offset, comma and nanoseconds', () => {
    assert.equal(parseLeadingTime('2026-11-27T10:00:00.123Z x', NOW), Date.parse('2026-11-27T10:00:00.123Z'));
    assert.equal(parseLeadingTime('2026-11-27T10:00:00.123456789Z x', NOW), Date.parse('2026-11-27T10:00:00.123Z'));
    assert.equal(parseLeadingTime('[2026-11-27 11:00:00,5+0100] x', NOW), Date.parse('2026-11-27T10:00:00.500Z'));
    assert.equal(parseLeadingTime('2026-11-27T10:00:00+02:00 x', NOW), Date.parse('2026-11-27T08:00:00Z'));
    assert.equal(parseLeadingTime('2026-11-27T10:00:00-0530 x', NOW), Date.parse('2026-11-27T15:30:00Z'));
    assert.equal(parseLeadingTime('2026-11-27 10:00:00 no zone is local time', NOW), new Date(2026, 10, 27, 10, 0, 0).getTime());
  });

  it('parses syslog times in local time of the current year', () => {
    assert.equal(parseLeadingTime('Nov 27 09:08:07 host sshd[1]: hi', NOW), new Date(2026, 10, 27, 9, 8, 7).getTime());
    assert.equal(parseLeadingTime('Dec 31 23:00:00 host x', NOW), new Date(2025, 11, 31, 23, 0, 0).getTime());
  });

  it('gives undefined when the line has no timestamp', () => {
    assert.equal(parseLeadingTime('GET / 200', NOW), undefined);
    assert.equal(parseLeadingTime('2026-13-45T99:00:00Z', NOW), undefined);
  });
});
