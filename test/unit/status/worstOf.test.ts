import * as assert from 'node:assert/strict';
import { type StatusReport, worstOf } from '../../../src/core/status/worstOf';

function report(source: string, level: StatusReport['level'], text: string, order = 1): StatusReport {
  return { source, level, text, tooltip: `${source}: ${text}`, command: `open.${source}`, order };
}

describe('worstOf (the one status bar item)', () => {
  it('hides when every source is idle', () => {
    assert.equal(worstOf([]), undefined);
    assert.equal(worstOf([report('services', 'idle', '')]), undefined);
  });

  it('shows the worst source with its command, and appends other problems', () => {
    const shown = worstOf([report('services', 'ok', '3/3 up', 1), report('pipeline', 'error', 'build failed', 2), report('alerts', 'warning', 'cpu-high', 3)]);
    assert.ok(shown);
    assert.equal(shown.level, 'error');
    assert.equal(shown.lead.command, 'open.pipeline');
    assert.equal(shown.text, '$(error) build failed · cpu-high');
    assert.deepEqual(shown.tooltip.split('\n\n'), ['pipeline: build failed', 'alerts: cpu-high', 'services: 3/3 up']);
  });

  it('breaks ties by order and ignores idle sources', () => {
    const shown = worstOf([report('alerts', 'error', 'disk full', 3), report('services', 'error', 'api down', 1), report('pipeline', 'idle', '', 2)]);
    assert.equal(shown?.lead.source, 'services');
    assert.equal(shown?.text, '$(error) api down · disk full');
    assert.equal(worstOf([report('services', 'ok', '2/2 up')])?.text, '$(pass-filled) 2/2 up');
  });
});
