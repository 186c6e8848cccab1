import * as assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { maxTimerMs, timeoutSignal, timerDelay } from '../../../src/core/safeTimers';
import { cliSuite } from './cliBundle';

// devops.yaml is hostile input: a duration must be refused at its line when a timer
// cannot keep it, and no timer may overflow into "fire after 1 ms" whatever reaches it.

describe('hostile durations', function () {
  this.timeout(60_000);
  const cli = cliSuite('devops-durations-');

  it('check reports a probe interval under 1 s and any duration over 24 days as errors at their line:col', async () => {
    await writeFile(
      join(cli.work, 'devops.yaml'),
      [
        'version: 1',
        'services:',
        '  api:',
        '    health:',
        '      http: http://127.0.0.1:7302/healthz',
        '      interval: 200ms',
        '      timeout: 25d',
        '  store:',
        '    health: { tcp: "127.0.0.1:7303", interval: 1s, timeout: 1000h }',
        'pipeline:',
        '  stages:',
        '    build: { run: make, timeout: 600h }',
        '    test: { run: make test, timeout: 576h }',
        'monitor:',
        '  alerts:',
        '    - { name: slow, metric: cpu, warning: 80, for: 99999999999999999999h }',
        '',
      ].join('\n'),
    );
    const result = await cli.bundle.run(cli.work, 'check');
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), [
      'devops.yaml:6:17: error: `services.api.health.interval`: 200ms is shorter than the 1s minimum',
      'devops.yaml:7:16: error: `services.api.health.timeout` is not valid: expected a duration such as "500ms", "10s", "5m" or "1h"',
      'devops.yaml:9:61: error: `services.store.health.timeout`: 1000h is longer than the 576h (24 days) a timer can wait',
      'devops.yaml:12:34: error: `pipeline.stages.build.timeout`: 600h is longer than the 576h (24 days) a timer can wait',
      'devops.yaml:16:52: error: `monitor.alerts[0].for`: 99999999999999999999h is longer than the 576h (24 days) a timer can wait',
    ]);
  });

  it('a timer given more than 2^31-1 ms waits the longest it can instead of firing after 1 ms', async () => {
    assert.equal(timerDelay(600 * 3_600_000), maxTimerMs);
    assert.deepEqual([timerDelay(-5), timerDelay(Number.NaN), timerDelay(250)], [0, 0, 250]);
    const signal = timeoutSignal(600 * 3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(signal.aborted, false, 'an overflowing AbortSignal.timeout aborts after 1 ms');
    const runner = new NodeProcessRunner({ isTrusted: () => true });
    const proc = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: 'sleep 0.3; echo finished', cwd: cli.work, timeoutMs: 600 * 3_600_000 });
    const out: Buffer[] = [];
    proc.onStdout((chunk) => out.push(chunk));
    const exit = await proc.exited;
    assert.deepEqual({ code: exit.code, endedBy: exit.endedBy, out: Buffer.concat(out).toString() }, { code: 0, endedBy: undefined, out: 'finished\n' });
  });
});
