import * as assert from 'node:assert/strict';
import { autoscalerStatus } from '../../../../src/backends/engines/kubernetes/autoscalerMapping';
import { parseQuantity } from '../../../../src/backends/engines/kubernetes/kubeQuantity';
import { hpaSchema, podSchema } from '../../../../src/backends/engines/kubernetes/kubeSchemas';
import type { KubePod } from '../../../../src/backends/engines/kubernetes/kubeSchemas';
import { LogCursor, splitStamp } from '../../../../src/backends/engines/kubernetes/logCursor';
import { podMember, podOwner } from '../../../../src/backends/engines/kubernetes/podMapping';
import { imageVersion } from '../../../../src/backends/engines/kubernetes/workloadMapping';
import { kubeFixture } from './fakeKubeApi';

// The pure parts of the Kubernetes mapping, on the shapes the API and the kubelet write.

const pods = (): KubePod[] => kubeFixture<unknown[]>('pods.json').map((p) => podSchema.parse(p));

describe('Kubernetes mapping', () => {
  it('reads quantities as the API writes them', () => {
    const cases: [string | number, number | undefined][] = [['250m', 0.25], ['1', 1], ['1.5', 1.5], ['462113447n', 0.462113447], ['128Mi', 134217728], ['1Gi', 2 ** 30], ['2k', 2000], ['1e3', 1000], ['85500m', 85.5], ['500M', 5e8], [3, 3], ['12Qi', undefined], ['', undefined], ['m', undefined]];
    for (const [text, value] of cases) {
      const read = parseQuantity(text);
      if (value === undefined) assert.equal(read, undefined, String(text));
      else assert.ok(read !== undefined && Math.abs(read - value) < 1e-9 * Math.max(1, value), `${text}: ${read}`);
    }
  });

  it('finds the workload that owns a pod: a Deployment through its ReplicaSet, a StatefulSet, a DaemonSet, none, or another kind', () => {
    assert.deepEqual(pods().map(podOwner), [
      { kind: 'deployment', name: 'web' },
      { kind: 'deployment', name: 'web' },
      { kind: 'deployment', name: 'web' },
      { kind: 'statefulset', name: 'db' },
      { kind: 'daemonset', name: 'log-agent' },
      'bare',
      'other',
    ]);
    const orphanSet = pods()[0];
    orphanSet.metadata.labels = { app: 'web' }; // a ReplicaSet of its own, no pod-template-hash
    assert.equal(podOwner(orphanSet), 'other');
  });

  it('maps pod states: ready, stuck with the reason, pending, completed, terminating, not ready after start', () => {
    const [ready, restarted, crashing, , , pending, job] = pods().map(podMember);
    assert.deepEqual([ready.state, ready.health, ready.restarts, ready.node], ['running', 'healthy', 0, 'node-1']);
    assert.equal(restarted.restarts, 2);
    assert.deepEqual([crashing.state, crashing.health], ['failed', 'unhealthy']);
    assert.match(crashing.detail ?? '', /^web: CrashLoopBackOff: back-off 5m0s/);
    assert.deepEqual([pending.state, pending.health], ['starting', 'starting']);
    assert.deepEqual([job.state, job.detail], ['stopped', 'completed']);
    const terminating = pods()[0];
    terminating.metadata.deletionTimestamp = '2026-02-13T10:00:00Z';
    assert.deepEqual([podMember(terminating).state, podMember(terminating).detail], ['stopped', 'terminating']);
    const unready = pods()[0];
    unready.status!.conditions = [{ type: 'Ready', status: 'False', reason: null, message: null, lastTransitionTime: null }];
    assert.deepEqual([podMember(unready).state, podMember(unready).health], ['running', 'unhealthy'], 'a started container that is not ready fails its readiness probe');
    unready.status!.containerStatuses![0].started = false;
    assert.equal(podMember(unready).health, 'starting');
  });

  it('lists the containers of a pod with several, kubectl\'s default container first', () => {
    const db = pods().find((pod) => pod.metadata.name === 'db-0')!;
    assert.deepEqual(podMember(db).containers, ['postgres', 'exporter']);
    db.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'exporter' };
    assert.deepEqual(podMember(db).containers, ['exporter', 'postgres']);
    db.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'gone' };
    assert.deepEqual(podMember(db).containers, ['postgres', 'exporter'], 'an annotation naming no container of the pod is ignored');
    assert.equal(podMember(pods()[0]).containers, undefined, 'one container: nothing to choose');
  });

  it('maps an HPA: targets by type, current values matched by name, units, last scale and conditions', () => {
    const status = autoscalerStatus(hpaSchema.parse(kubeFixture('hpa-web.json')));
    assert.deepEqual(status.metrics, [
      { name: 'cpu', current: 92, target: 70, unit: '%' },
      { name: 'http_requests_per_second', current: 85.5, target: 100, unit: '' },
      { name: 'memory', current: 150 * 2 ** 20, target: 200 * 2 ** 20, unit: 'bytes' },
    ]);
    assert.deepEqual([status.min, status.max, status.current, status.desired, status.lastScaleAt], [2, 3, 3, 3, Date.parse('2026-02-13T09:30:00Z')]);
    assert.deepEqual(status.conditions.find((c) => c.type === 'ScalingLimited'), { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    const fresh = hpaSchema.parse({ metadata: { name: 'new', uid: 'u' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 5, metrics: [{ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '30' } } }] } });
    assert.deepEqual(autoscalerStatus(fresh), { name: 'new', min: 1, max: 5, current: 0, desired: 0, metrics: [{ name: 'queue_depth', target: 30, unit: '' }], conditions: [] });
  });

  it('reads the version of an image reference', () => {
    assert.equal(imageVersion('registry.example.com:5000/shop/web:2.4.1'), '2.4.1');
    assert.equal(imageVersion('registry.example.com:5000/shop/web'), 'latest');
    assert.equal(imageVersion('nginx@sha256:4c5a0ff3a1b2c3d4e5f6'), '4c5a0ff3a1b2');
    assert.equal(imageVersion('ghcr.io/acme/api:v3@sha256:aaaa'), 'v3');
  });

  it('splits kubelet timestamps and resumes a log without repeating the last second', () => {
    assert.deepEqual(splitStamp('2026-02-13T10:00:01.5Z GET / 200'), { stamp: { key: '2026-02-13T10:00:01.500000000Z', ms: Date.parse('2026-02-13T10:00:01.500Z') }, text: 'GET / 200' });
    assert.equal(splitStamp('2026-02-13T11:00:01+01:00 x')?.stamp.key, '2026-02-13T10:00:01.000000000Z');
    assert.equal(splitStamp('no stamp here'), undefined);
    const cursor = new LogCursor();
    const feed = (lines: string[]): string[] => {
      cursor.resume();
      return lines.flatMap((l) => {
        const s = splitStamp(l)!;
        return cursor.accept(s.stamp) ? [s.text] : [];
      });
    };
    assert.deepEqual(feed(['2026-02-13T10:00:01.100Z a', '2026-02-13T10:00:01.200Z b', '2026-02-13T10:00:01.200Z c']), ['a', 'b', 'c']);
    assert.equal(cursor.sinceTime(), '2026-02-13T10:00:01Z');
    // The server repeats the whole second; one line of the same stamp is new.
    assert.deepEqual(feed(['2026-02-13T10:00:01.100Z a', '2026-02-13T10:00:01.200Z b', '2026-02-13T10:00:01.200Z c', '2026-02-13T10:00:01.200Z d', '2026-02-13T10:00:02Z e']), ['d', 'e']);
    assert.deepEqual(feed(['2026-02-13T10:00:02Z e', '2026-02-13T10:00:02Z f']), ['f']);
  });
});
