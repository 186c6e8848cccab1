import * as assert from 'node:assert/strict';
import type { AutoscalerStatus, Workload } from '../../../src/core/engines/engineTypes';
import { AlertEvaluator, autoscalerAtMaxRule } from '../../../src/core/monitor/alerts';
import type { AlertTransition } from '../../../src/core/monitor/alerts';
import { autoscalerOverload } from '../../../src/core/monitor/autoscalerAlert';

// autoscaler-at-max: an HPA at its maximum while a metric stays above target for the
// rule's duration fires once, resolves when it has room again or the metric falls, and
// missing metrics neither raise nor clear it.

function hpa(current: number, cpu: number | undefined, extra: Partial<AutoscalerStatus> = {}): AutoscalerStatus {
  return {
    name: 'api',
    min: 2,
    max: 10,
    current,
    desired: current,
    metrics: [{ name: 'cpu', ...(cpu === undefined ? {} : { current: cpu }), target: 70, unit: '%' }, { name: 'http_requests_per_second', current: 80, target: 100, unit: '' }],
    conditions: [],
    ...extra,
  };
}

function workload(name: string, autoscaler: AutoscalerStatus | undefined): Workload {
  return { id: `kubernetes/deployment/shop/${name}`, engine: 'kubernetes', kind: 'deployment', name, state: 'running', health: 'healthy', restarts: 0, members: [], labels: {}, ...(autoscaler ? { autoscaler } : {}) };
}

describe('alert kind autoscaler-at-max', () => {
  it('is over target only at the maximum, by the worst metric in percent of its target', () => {
    assert.equal(autoscalerOverload(hpa(10, 91)), 130);
    assert.equal(autoscalerOverload(hpa(9, 91)), 0, 'below its maximum it can still scale');
    assert.equal(autoscalerOverload(hpa(10, 70)), 0, 'at target is not above it');
    assert.equal(autoscalerOverload(hpa(10, 50)), 0);
    assert.equal(autoscalerOverload(hpa(10, undefined, { metrics: [{ name: 'cpu', target: 70, unit: '%' }] })), null, 'no current value is no data');
    assert.equal(autoscalerOverload(hpa(10, 60, { metrics: [{ name: 'queue', current: 1.5, target: 1, unit: '' }] })), 150);
  });

  it('fires after the duration, once, and resolves when the autoscaler has room again', () => {
    const evaluator = new AlertEvaluator([autoscalerAtMaxRule('api at max', 'kubernetes/deployment/shop/api', 5 * 60_000)], 0);
    const seen: AlertTransition[] = [];
    evaluator.onDidTransition((t) => seen.push(t));
    const at = (minute: number, status: AutoscalerStatus | undefined, others: Workload[] = []): void => evaluator.observeWorkloads([...others, workload('api', status)], minute * 60_000);
    at(0, hpa(8, 95));
    assert.equal(seen.length, 0);
    at(1, hpa(10, 95));
    at(3, hpa(10, 99));
    at(5, undefined); // the HPA vanished from a snapshot: no data, nothing changes
    at(6, hpa(10, 91));
    at(7, hpa(10, 93));
    assert.deepEqual(seen.map((t) => [t.to, t.severity, t.time / 60_000]), [['pending', 'warning', 1], ['firing', 'warning', 6]]);
    assert.equal(evaluator.worstLevel(), 'warning');
    at(8, hpa(10, 60, { desired: 10 }), [workload('web', hpa(10, 200))]);
    assert.deepEqual(seen.map((t) => t.to), ['pending', 'firing', 'resolved'], "another workload's autoscaler is not this rule's");
    evaluator.dispose();
  });

  it('"*" watches every autoscaler and takes the worst', () => {
    const evaluator = new AlertEvaluator([autoscalerAtMaxRule('any at max', '*', 0)], 0);
    const seen: AlertTransition[] = [];
    evaluator.onDidTransition((t) => seen.push(t));
    evaluator.observeWorkloads([workload('api', hpa(4, 95)), workload('web', hpa(10, 140)), workload('db', undefined)], 1000);
    assert.deepEqual(seen.map((t) => [t.to, t.value]), [['firing', 200]]);
    evaluator.observeWorkloads([workload('api', hpa(4, 95)), workload('web', hpa(10, 40))], 2000);
    assert.deepEqual(seen.map((t) => t.to), ['firing', 'resolved']);
    evaluator.dispose();
  });
});
