import * as assert from 'node:assert/strict';
import { AlertEvaluator, alertRulesFromConfig, breachOf, type AlertRule, type AlertTransition } from '../../../src/core/monitor/alerts';
import { parseDurationMs } from '../../../src/core/duration';

const cpuRule: AlertRule = { name: 'cpu-high', subject: { kind: 'metric', metric: 'cpu' }, warning: 70, critical: 90, forMs: 30_000 };

function track(evaluator: AlertEvaluator): string[] {
  const seen: string[] = [];
  evaluator.onDidTransition((t: AlertTransition) => seen.push(`${t.from}->${t.to}${t.severity ? `(${t.severity})` : ''}`));
  return seen;
}

describe('alert rules', () => {
  it('goes inactive → pending → firing → resolved, one event per transition', () => {
    const evaluator = new AlertEvaluator([cpuRule], 0);
    const seen = track(evaluator);
    evaluator.observeMetric('cpu', 50, 1000);
    evaluator.observeMetric('cpu', 80, 2000);
    evaluator.observeMetric('cpu', 85, 12_000);
    evaluator.observeMetric('cpu', 81, 31_000);
    assert.equal(evaluator.worstLevel(), 'ok', 'pending is not yet an alert');
    evaluator.observeMetric('cpu', 82, 32_000);
    evaluator.observeMetric('cpu', 83, 40_000);
    assert.equal(evaluator.worstLevel(), 'warning');
    evaluator.observeMetric('cpu', 20, 50_000);
    evaluator.observeMetric('cpu', 10, 60_000);
    assert.deepEqual(seen, ['inactive->pending(warning)', 'pending->firing(warning)', 'firing->resolved']);
    assert.equal(evaluator.statuses()[0].state, 'resolved');
    assert.equal(evaluator.statuses()[0].since, 50_000);
  });

  it('drops back to inactive when the condition does not hold long enough', () => {
    const evaluator = new AlertEvaluator([cpuRule], 0);
    const seen = track(evaluator);
    evaluator.observeMetric('cpu', 95, 0);
    evaluator.observeMetric('cpu', 10, 10_000);
    evaluator.observeMetric('cpu', 95, 20_000);
    evaluator.observeMetric('cpu', 95, 49_999);
    assert.deepEqual(seen, ['inactive->pending(critical)', 'pending->inactive', 'inactive->pending(critical)']);
    evaluator.tick(50_000);
    assert.deepEqual(seen.at(-1), 'pending->firing(critical)');
    assert.equal(evaluator.worstLevel(), 'critical');
  });

  it('reports an escalation while firing, and fires at once with for: 0s', () => {
    const evaluator = new AlertEvaluator([{ ...cpuRule, forMs: 0 }], 0);
    const seen = track(evaluator);
    evaluator.observeMetric('cpu', 75, 1);
    evaluator.observeMetric('cpu', 76, 2);
    evaluator.observeMetric('cpu', 99, 3);
    assert.deepEqual(seen, ['inactive->firing(warning)', 'firing->firing(critical)']);
  });

  it('neither raises nor clears on missing data', () => {
    const evaluator = new AlertEvaluator([{ ...cpuRule, forMs: 0 }], 0);
    const seen = track(evaluator);
    evaluator.observeMetric('cpu', 95, 1);
    evaluator.observeMetric('cpu', null, 2);
    evaluator.observeMetric('cpu', Number.NaN, 3);
    assert.deepEqual(seen, ['inactive->firing(critical)']);
  });

  it('alerts on service health and on lower-is-worse thresholds', () => {
    const rules: AlertRule[] = [
      { name: 'api-down', subject: { kind: 'service', service: 'api' }, forMs: 0 },
      { name: 'free-low', subject: { kind: 'query', query: 'free_ratio' }, warning: 0.2, critical: 0.05, forMs: 0 },
    ];
    const evaluator = new AlertEvaluator(rules, 0);
    const seen: string[] = [];
    evaluator.onDidTransition((t) => seen.push(`${t.rule}:${t.to}:${t.severity ?? '-'}`));
    evaluator.observeService('api', 'degraded', 1);
    evaluator.observeService('api', 'down', 2);
    evaluator.observeService('web', 'down', 2);
    evaluator.observeService('api', 'unknown', 3);
    evaluator.observeService('api', 'up', 4);
    evaluator.observeQuery('free_ratio', 0.5, 5);
    evaluator.observeQuery('free_ratio', 0.1, 6);
    evaluator.observeQuery('free_ratio', 0.01, 7);
    assert.deepEqual(seen, ['api-down:firing:warning', 'api-down:firing:critical', 'api-down:resolved:-', 'free-low:firing:warning', 'free-low:firing:critical']);
    assert.equal(breachOf(rules[1], 0.3), undefined);
  });

  it('builds rules from devops.yaml alerts', () => {
    const rules = alertRulesFromConfig([
      { name: 'cpu', metric: 'cpu', warning: 80, for: '2m' },
      { name: 'api', service: 'api', for: '0s' },
      { name: 'errors', query: 'rate(errors_total[1m])', critical: 1, for: '30s' },
    ]);
    assert.deepEqual(rules.map((r) => [r.name, r.subject.kind, r.forMs]), [['cpu', 'metric', 120_000], ['api', 'service', 0], ['errors', 'query', 30_000]]);
    assert.equal(parseDurationMs('500ms'), 500);
    assert.throws(() => parseDurationMs('5 minutes'), /not a duration/);
  });
});
