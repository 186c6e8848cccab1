import * as assert from 'node:assert/strict';
import { buildServiceGraph } from '../../../src/core/services/serviceGraph';
import { layoutServiceMap } from '../../../src/core/services/serviceMapLayout';
import { isMapHostMessage, isMapWebviewMessage, type MapSnapshot } from '../../../src/protocol/serviceMapProtocol';

function snapshotOf(count: number): MapSnapshot {
  const services: Record<string, { dependsOn: string[] }> = {};
  for (let i = 0; i < count; i++) services[`svc-${i}`] = { dependsOn: i === 0 ? [] : [`svc-${Math.floor((i - 1) / 3)}`] };
  const layout = layoutServiceMap(buildServiceGraph(services));
  return { revision: 1, ...layout, health: Object.fromEntries(Object.keys(services).map((n, i) => [n, i % 7 === 0 ? 'down' : 'up'])) };
}

describe('service map protocol', () => {
  it('accepts a laid-out 100-service snapshot and health updates', () => {
    const snapshot = snapshotOf(100);
    assert.equal(snapshot.nodes.length, 100);
    assert.equal(snapshot.edges.length, 99);
    assert.ok(isMapHostMessage({ type: 'snapshot', snapshot }));
    assert.ok(isMapHostMessage({ type: 'health', revision: 2, health: { a: 'degraded' } }));
  });

  it('drops host messages that do not fit', () => {
    const snapshot = snapshotOf(3);
    assert.equal(isMapHostMessage({ type: 'snapshot', snapshot: { ...snapshot, health: { 'svc-0': 'on fire' } } }), false);
    assert.equal(isMapHostMessage({ type: 'snapshot', snapshot: { ...snapshot, nodes: [{ id: 'a', x: '1', y: 0, width: 1, height: 1 }] } }), false);
    assert.equal(isMapHostMessage({ type: 'health', health: {} }), false);
    assert.equal(isMapHostMessage({ type: 'html', html: '<script>' }), false);
  });

  it('checks what the page sends', () => {
    assert.ok(isMapWebviewMessage({ type: 'ready' }));
    assert.ok(isMapWebviewMessage({ type: 'reveal', service: 'api' }));
    assert.ok(isMapWebviewMessage({ type: 'rendered', revision: 3, nodes: 100 }));
    assert.equal(isMapWebviewMessage({ type: 'reveal', service: 42 }), false);
    assert.equal(isMapWebviewMessage({ type: 'runCommand', command: 'rm -rf /' }), false);
    assert.equal(isMapWebviewMessage(null), false);
  });
});
