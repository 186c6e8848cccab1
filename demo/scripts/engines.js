'use strict';
// The demo shop on a Docker engine, beside the processes of scripts/services.js, so the
// Services view, the Monitor's charts and Scale… have live engine data:
//   - store, api and web as containers labelled the way `docker compose` labels them
//     (project devops-demo), each with a health check, ports published on 127.0.0.1 only;
//   - when the engine already is a Swarm manager, a stack devops-demo: the api at two
//     replicas and its store. This never makes an engine a Swarm; try it after
//     `docker swarm init --advertise-addr 127.0.0.1`. Its web service (no published port)
//     is where the pipeline's Deploy to `stack` rolls the released image;
//   - the demo's registry (lib/demoRegistry.js) for the image stage to push to, when
//     docker-registry is installed; the shop image is also tagged <project>/shop:current,
//     which image/Dockerfile builds FROM.
//
//   node scripts/engines.js start      (removes what an earlier start left, and the
//                                       project's earlier images no container uses, then starts)
//   node scripts/engines.js stop       (removes exactly what start made: by its label)
//
// Without an engine, start prints one line saying how to get one and exits 0.
// DEVOPS_DEMO_PROJECT renames the project and stack (tests run beside a user's demo).

const { setTimeout: sleep } = require('node:timers/promises');
const { createDockerApi, unreachableReason, labelFilter } = require('./lib/dockerApi');
const { ensureShopImage, pruneShopImages, NODE_IN_IMAGE } = require('./lib/shopImage');
const { startRegistry, stopRegistry } = require('./lib/demoRegistry');

const MARK = 'devops-loop.demo';
const SERVICES = ['store', 'api', 'web'];
const STACK_SERVICES = { store: 1, api: 2, web: 1 };
const project = (env = process.env) => env.DEVOPS_DEMO_PROJECT || 'devops-demo';

function serviceEnv(name) {
  // Names resolve on the project's network, as they do under Compose.
  const env = ['PORT=8080', 'STORE_URL=http://store:8080', 'API_URL=http://api:8080'];
  return name === 'api' ? [...env, 'DEMO_ERROR_RATE=0.02'] : env;
}

async function createNetwork(api, name, driver, labels) {
  const spec = { Name: name, Driver: driver, CheckDuplicate: true, Labels: labels, Attachable: driver === 'overlay' };
  const answer = await api.call('POST', '/networks/create', spec);
  return answer.json.Id;
}

async function startContainers(api, image, name) {
  const network = `${name}_default`;
  await createNetwork(api, network, 'bridge', { 'com.docker.compose.project': name, 'com.docker.compose.network': 'default', [MARK]: name });
  const started = [];
  for (const service of SERVICES) {
    const labels = {
      'com.docker.compose.project': name,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      [MARK]: name,
    };
    const body = {
      Image: image,
      Cmd: [NODE_IN_IMAGE, `services/${service}.js`],
      Env: serviceEnv(service),
      Labels: labels,
      ExposedPorts: { '8080/tcp': {} },
      // HostPort '' lets the engine pick a free one: the demo's own processes hold 7301-7303.
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, NetworkMode: network },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [service] } } },
    };
    const created = await api.call('POST', `/containers/create?name=${encodeURIComponent(`${name}-${service}-1`)}`, body);
    await api.call('POST', `/containers/${created.json.Id}/start`);
    started.push({ service, id: created.json.Id });
  }
  return started;
}

async function waitHealthy(api, containers, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const states = new Map();
  for (;;) {
    for (const { service, id } of containers) {
      const info = (await api.call('GET', `/containers/${id}/json`)).json;
      const port = info.NetworkSettings?.Ports?.['8080/tcp']?.[0];
      states.set(service, { health: info.State?.Health?.Status ?? info.State?.Status, port: port && `${port.HostIp}:${port.HostPort}` });
    }
    const all = [...states.values()];
    if (all.every((s) => s.health === 'healthy') || all.some((s) => s.health === 'exited') || Date.now() > deadline) return states;
    await sleep(1000);
  }
}

// Swarm publishes through its ingress mesh on every address of the host (0.0.0.0), and
// `mode: host` publishing with a fixed port cannot place two api replicas on one node.
// Neither keeps the demo on 127.0.0.1, so the stack publishes nothing: its rows, replicas,
// health, logs and Scale… all come through the engine's API.
async function deployStack(api, image, name) {
  const network = `${name}_stack`;
  await createNetwork(api, network, 'overlay', { 'com.docker.stack.namespace': name, [MARK]: name });
  for (const [service, replicas] of Object.entries(STACK_SERVICES)) {
    const labels = { 'com.docker.stack.namespace': name, 'com.docker.stack.image': image, [MARK]: name };
    await api.call('POST', '/services/create', {
      Name: `${name}_${service}`,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: image,
          Command: [NODE_IN_IMAGE, `services/${service}.js`],
          Env: serviceEnv(service),
          Labels: { 'com.docker.stack.namespace': name },
        },
        Networks: [{ Target: network, Aliases: [service] }],
      },
      Mode: { Replicated: { Replicas: replicas } },
    });
  }
}

/** Removes every service, container and network carrying this project's mark; returns how many. */
async function stopAll(api, name) {
  const filter = labelFilter(MARK, name);
  let removed = 0;
  const services = (await api.request('GET', `/services?${filter}`)).json;
  for (const service of Array.isArray(services) ? services : []) removed += (await api.request('DELETE', `/services/${service.ID}`)).status < 400 ? 1 : 0;
  // A removed service's tasks leave a moment later; they hold the stack's network until then.
  for (let attempt = 0; attempt < 60; attempt++) {
    const containers = (await api.call('GET', `/containers/json?all=1&${filter}`)).json;
    const tasks = (await api.call('GET', `/containers/json?all=1&${labelFilter('com.docker.stack.namespace', name)}`)).json;
    for (const container of containers) removed += (await api.request('DELETE', `/containers/${container.Id}?force=1&v=1`)).status < 400 ? 1 : 0;
    if (containers.length === 0 && tasks.length === 0) break;
    await sleep(500);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const networks = (await api.call('GET', `/networks?${filter}`)).json;
    for (const network of networks) await api.request('DELETE', `/networks/${network.Id}`);
    if (networks.length === 0) break;
    await sleep(500);
  }
  return removed;
}

async function start(api, env) {
  const why = await unreachableReason(api);
  if (why) {
    console.log(`Docker: ${why}; the demo runs without containers. Start Docker (or set DOCKER_HOST) to see the shop on an engine too.`);
    return;
  }
  const name = project(env);
  await stopAll(api, name);
  const { tag, built } = await ensureShopImage(api, env);
  console.log(`Docker: ${built ? 'built' : 'reusing'} image ${tag}`);
  // A stable name for image/Dockerfile to build FROM, whatever the hash in the tag.
  await api.call('POST', `/images/${encodeURIComponent(tag)}/tag?repo=${encodeURIComponent(`${name}/shop`)}&tag=current`);
  const pruned = await pruneShopImages(api, tag);
  if (pruned.length > 0) console.log(`Docker: removed the demo's earlier image${pruned.length === 1 ? '' : 's'} ${pruned.join(', ')}`);
  const states = await waitHealthy(api, await startContainers(api, tag, name));
  for (const [service, state] of states) console.log(`Docker: ${name}-${service}-1 ${state.health}${state.port ? ` on http://${state.port}` : ''}`);
  const info = (await api.call('GET', '/info')).json;
  if (info.Swarm?.ControlAvailable === true) {
    await deployStack(api, tag, name);
    console.log(`Docker: Swarm stack ${name} deployed (api ×${STACK_SERVICES.api}, store ×${STACK_SERVICES.store}, web ×${STACK_SERVICES.web}; no published ports)`);
  } else {
    console.log(`Docker: the engine is no Swarm manager, so no stack; try it after \`docker swarm init --advertise-addr 127.0.0.1\``);
  }
  console.log(`Docker: ${await startRegistry(name, env)}`);
}

async function main() {
  const [command] = process.argv.slice(2);
  const api = createDockerApi();
  if (command === 'start') return start(api, process.env);
  if (command === 'stop') {
    if (await stopRegistry(project())) console.log(`Docker: stopped the demo's registry of ${project()}`);
    if (await unreachableReason(api)) return;
    const removed = await stopAll(api, project());
    if (removed > 0) console.log(`Docker: removed ${removed} demo container${removed === 1 ? '' : 's'} and service${removed === 1 ? '' : 's'} of ${project()}`);
    return;
  }
  throw new Error('usage: node scripts/engines.js start|stop');
}

main().catch((error) => {
  console.error(`engines: ${error.message}`);
  process.exitCode = 1;
});
