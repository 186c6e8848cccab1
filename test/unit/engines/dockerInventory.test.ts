import * as assert from 'node:assert/strict';
import { DockerClient } from '../../../src/backends/engines/docker/dockerClient';
import { DockerInventory } from '../../../src/backends/engines/docker/dockerInventory';
import { DockerTransport } from '../../../src/backends/engines/docker/dockerTransport';
import { openNetwork } from '../../../src/backends/http/openNetwork';
import { dockerSuite } from './dockerHarness';

// What the inventory keeps when the engine changes under it, on a real dockerd made a
// one-node Swarm: a service removed between its event and the read that follows is dropped,
// where the engine's 404 for its tasks used to fail the whole snapshot.

describe('Docker inventory on a real engine', function () {
  this.timeout(120_000);
  const docker = dockerSuite({ swarm: true });

  it('drops a Swarm service removed before it is read again, without failing', async () => {
    const { harness } = docker;
    const client = new DockerClient(new DockerTransport({ endpoint: { kind: 'unix', socketPath: harness.socket }, network: openNetwork }));
    const inventory = new DockerInventory(client);
    const name = `${harness.runLabel[1]}-gone`;
    const id = await harness.createService(name, 1, {});
    const signal = new AbortController().signal;
    await inventory.listAll(signal);
    assert.ok(inventory.workloads().some((w) => w.name === name), 'the service is listed first');
    await harness.api('DELETE', `/services/${id}`);
    // The engine answers GET /tasks?filters={"service":[id]} for a removed service with 404.
    const answer = await harness.api('GET', `/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [id] }))}`);
    assert.equal(answer.status, 404, 'the engine still answers a removed service\'s tasks with 404');
    await inventory.refreshService(id, signal);
    assert.ok(!inventory.workloads().some((w) => w.name === name), 'the removed service is dropped');
  });
});
