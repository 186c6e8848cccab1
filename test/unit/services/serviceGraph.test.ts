import * as assert from 'node:assert/strict';
import { HealthTracker } from '../../../src/core/services/healthTracker';
import type { HealthState, ProbeResult } from '../../../src/core/services/healthTypes';
import { RingBuffer } from '../../../src/core/services/ringBuffer';
import { buildServiceGraph } from '../../../src/core/services/serviceGraph';
import { layoutServiceMap } from '../../../src/core/services/serviceMapLayout';
import { summarizeServices } from '../../../src/core/services/serviceSummary';

const deps = (map: Record<string, string[]>): Record<string, { dependsOn: string[] }> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, { dependsOn: v }]));

describe('service graph', () => {
  it('links dependents in reverse and finds no issue in a clean graph', () => {
    const g = buildServiceGraph(deps({ web: ['api', 'cache'], api: ['db', 'cache'], db: [], cache: [] }));
    assert.deepEqual(g.dependents.get('cache'), ['web', 'api']);
    assert.deepEqual(g.dependents.get('web'), []);
    assert.deepEqual(g.issues, []);
  });

  it('reports a self-dependency, an unknown name and each cycle clearly', () => {
    const g = buildServiceGraph(deps({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['nope'], f: ['g'], g: ['f'] }));
    assert.deepEqual(
      g.issues.map((i) => i.message),
      [
        'Service "d" depends on itself.',
        'Service "e" depends on "nope", which is not declared.',
        'Dependency cycle: a → b → c → a.',
        'Dependency cycle: f → g → f.',
      ],
    );
    assert.deepEqual(g.dependsOn.get('d'), []);
  });

  it('handles a 5000-long chain without overflowing the stack', () => {
    const map: Record<string, string[]> = {};
    for (let i = 0; i < 5000; i++) map[`s${i}`] = i + 1 < 5000 ? [`s${i + 1}`] : ['s0'];
    const g = buildServiceGraph(deps(map));
    assert.equal(g.issues.length, 1);
    assert.equal(g.issues[0].services.length, 5000);
  });
});

describe('service map layout', () => {
  it('places every service, dependents above what they need, and routes each edge', () => {
    const g = buildServiceGraph(deps({ web: ['api'], api: ['db'], db: [] }));
    const map = layoutServiceMap(g);
    const y = Object.fromEntries(map.nodes.map((n) => [n.id, n.y]));
    assert.ok(y.web < y.api && y.api < y.db, JSON.stringify(y));
    assert.equal(map.edges.length, 2);
    for (const edge of map.edges) assert.ok(edge.points.length >= 2);
    assert.ok(map.width > 0 && map.height > 0);
  });

  it('lays out 100 services with cycles, without overlapping boxes', () => {
    const map: Record<string, string[]> = {};
    // Layered like real systems (front ends → APIs → stores), plus one cycle back to the top.
    for (let i = 0; i < 100; i++) map[`svc-${i}`] = [i * 2 + 1, i * 3 + 2].filter((j) => j < 100).map((j) => `svc-${j}`);
    map['svc-99'] = ['svc-0'];
    const layout = layoutServiceMap(buildServiceGraph(deps(map)));
    assert.equal(layout.nodes.length, 100);
    const seen = new Set(layout.nodes.map((n) => `${Math.round(n.x)},${Math.round(n.y)}`));
    assert.equal(seen.size, 100, 'no two boxes at the same place');
    for (const n of layout.nodes) assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y));
  });
});

function result(state: HealthState, at: number): ProbeResult {
  return { state, reason: 'ok', detail: state, at };
}

describe('health tracker, ring buffer and summary', () => {
  it('keeps the newest results only', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    assert.deepEqual(ring.toArray(), [3, 4, 5]);
    assert.equal(ring.last(), 5);
    assert.throws(() => new RingBuffer(0), RangeError);
  });

  it('gives one transition per incident, an escalation to down, and a recovery', () => {
    const tracker = new HealthTracker('api', 4);
    const states: HealthState[] = ['up', 'up', 'degraded', 'degraded', 'down', 'degraded', 'down', 'unknown', 'up', 'up', 'down'];
    const kinds = states.map((s, i) => tracker.record(result(s, i))?.kind ?? '-');
    assert.deepEqual(kinds, ['-', '-', 'degraded', '-', 'down', '-', '-', '-', 'recovered', '-', 'down']);
    assert.equal(tracker.history.length, 4);
    assert.equal(tracker.incidentSince, 10);
  });

  it('summarizes worst-of', () => {
    const s = (list: [string, HealthState, boolean?][]) => summarizeServices(list.map(([name, state, probed]) => ({ name, state, probed: probed ?? true })));
    assert.equal(s([['a', 'up'], ['b', 'up'], ['c', 'down', false]]).text, '2/2 up');
    assert.equal(s([['a', 'up'], ['api', 'down'], ['c', 'degraded']]).text, 'api down');
    assert.equal(s([['a', 'down'], ['b', 'down'], ['c', 'down']]).text, '3 down');
    assert.equal(s([['a', 'degraded'], ['b', 'up']]).state, 'degraded');
    assert.equal(s([['a', 'unknown'], ['b', 'up']]).text, '1/2 up');
    assert.equal(s([]).text, 'no health checks');
  });
});
