import * as assert from 'node:assert/strict';
import { MetricsModel } from '../../../src/core/monitor/metricsModel';
import { chooseStepMs, planRange, pointCount, RollingSeries } from '../../../src/core/monitor/series';

describe('range step choice', () => {
  const ranges = [5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000, 7 * 86_400_000];
  const widths = [2, 50, 300, 800, 1440, 3000];
  for (const range of ranges) {
    for (const width of widths) {
      it(`never asks for more points than ${width} px over ${range / 60_000} min`, () => {
        const plan = planRange(Date.parse('2026-11-27T12:34:56.789Z'), range, width);
        assert.ok(pointCount(plan) <= width, `${pointCount(plan)} points for ${width} px`);
        assert.equal(plan.start % plan.stepMs, 0);
        assert.equal(plan.end % plan.stepMs, 0);
        assert.ok(plan.end - plan.start <= range);
      });
    }
  }

  it('picks the smallest readable step that fits', () => {
    assert.equal(chooseStepMs(3_600_000, 1440), 5000); // 2.5 s needed → 5 s
    assert.equal(chooseStepMs(5 * 60_000, 1000), 1000); // floor of 1 s
    assert.equal(chooseStepMs(24 * 3_600_000, 1440), 60_000 * 2); // 60.04 s → 2 min
    assert.equal(chooseStepMs(300_000, 1000, 15_000), 15_000); // never below the scrape interval
  });

  it('is a pure function of its inputs', () => {
    assert.deepEqual(planRange(1_800_000_000_000, 3_600_000, 600), planRange(1_800_000_000_000, 3_600_000, 600));
  });

  it('refuses nonsense sizes', () => {
    assert.throws(() => chooseStepMs(0, 100), RangeError);
    assert.throws(() => chooseStepMs(1000, 1), RangeError);
  });
});

describe('RollingSeries and MetricsModel', () => {
  it('keeps samples within the window and turns non-finite values into gaps', () => {
    const series = new RollingSeries(10_000);
    series.push(0, 1);
    series.push(5000, Number.NaN);
    series.push(12_000, 3);
    series.push(11_000, 9); // late: ignored
    assert.deepEqual(series.snapshot(), { timestamps: [5000, 12_000], values: [null, 3] });
    assert.deepEqual(series.snapshot(6000), { timestamps: [12_000], values: [3] });
  });

  it('emits whole chart data on each change and keeps data on failure', () => {
    const model = new MetricsModel(60_000);
    const seen: string[] = [];
    model.onDidChange((c) => seen.push(`${c.id}:${c.lines[0]?.series.values.join(',') ?? ''}:${c.error ?? ''}`));
    model.record('host.cpu', 1000, 10);
    model.record('host.cpu', 2000, 20);
    model.fail('host.cpu', 'sampler failed');
    model.replace('query.0', [{ label: 'up{job="x"}', series: { timestamps: [1], values: [1] } }], 3000);
    assert.deepEqual(seen, ['host.cpu:10:', 'host.cpu:10,20:', 'host.cpu:10,20:sampler failed', 'query.0:1:']);
    assert.deepEqual(model.get('host.cpu', 1500)?.lines[0]?.series, { timestamps: [2000], values: [20] });
    assert.deepEqual(model.ids(), ['host.cpu', 'query.0']);
  });
});
