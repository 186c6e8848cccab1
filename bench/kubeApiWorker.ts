// The Kubernetes API server of the kubernetes bench, in a worker thread so that its work
// (serializing 1,000 pods and their events) does not count against the loop being measured,
// as a real API server runs elsewhere.
import { parentPort } from 'node:worker_threads';
import { FakeKubeApi } from '../test/unit/engines/kubernetes/fakeKubeApi';
import { testCa } from '../test/unit/engines/kubernetes/testCluster';

async function main(): Promise<void> {
  const ca = testCa();
  const api = await FakeKubeApi.start({ key: ca.serverKey, cert: ca.serverCert }, 'bench-token');
  api.addDeployment('load', 'big', 1000);
  parentPort?.postMessage({ url: api.url, caPem: ca.caPem });
  parentPort?.on('message', (message: string) => {
    if (message === 'restart-pods') parentPort?.postMessage({ events: api.restartEveryPod('load') });
    if (message === 'stop') void api.close().then(() => parentPort?.close());
  });
}

void main();
