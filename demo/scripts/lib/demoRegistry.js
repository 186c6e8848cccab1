'use strict';
// The demo's container registry: Debian's docker-registry (Distribution) on 127.0.0.1 at
// the demo's registry port (7350, moved by DEVOPS_DEMO_PORT_BASE), its storage in
// .devops/registry/<project>/. The pipeline's image stage pushes the shop's web image
// there and Deploy rolls it to the Swarm stack. A pid file lets `stop` end exactly the
// process `start` began, even from another shell.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');
const { portOf } = require('../../services/lib/ports');

const REGISTRY_BINARY = '/usr/bin/docker-registry';
const DEMO_DIR = path.resolve(__dirname, '..', '..');

const folderOf = (project) => path.join(DEMO_DIR, '.devops', 'registry', project);

function answers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/v2/', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** The pid in the project's pid file, when that process still is a docker-registry. */
function runningPid(project) {
  try {
    const pid = Number(fs.readFileSync(path.join(folderOf(project), 'registry.pid'), 'utf8'));
    // A pid the system has given to another program since is not ours to end.
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('docker-registry') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the project's registry and removes its storage; true when one was running. */
async function stopRegistry(project) {
  const pid = runningPid(project);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 5000 && runningPid(project) !== undefined; waited += 100) await sleep(100);
  }
  fs.rmSync(folderOf(project), { recursive: true, force: true });
  return pid !== undefined;
}

/** Starts the registry; returns a line saying where it listens, or how to get one. */
async function startRegistry(project, env = process.env) {
  if (!fs.existsSync(REGISTRY_BINARY)) {
    return 'no registry for the image stage: install one with `apt-get install docker-registry`';
  }
  await stopRegistry(project);
  const port = portOf('registry', env);
  const folder = folderOf(project);
  fs.mkdirSync(folder, { recursive: true });
  const config = ['version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(folder, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''];
  fs.writeFileSync(path.join(folder, 'config.yml'), config.join('\n'));
  const log = fs.openSync(path.join(folder, 'registry.log'), 'a');
  const child = spawn(REGISTRY_BINARY, ['serve', path.join(folder, 'config.yml')], { stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  fs.writeFileSync(path.join(folder, 'registry.pid'), String(child.pid));
  child.unref();
  for (let waited = 0; waited < 20_000; waited += 200) {
    if (child.exitCode !== null) {
      return `the registry exited (is 127.0.0.1:${port} taken? move the demo with DEVOPS_DEMO_PORT_BASE); see ${path.join(folder, 'registry.log')}`;
    }
    if (await answers(port)) return `registry on 127.0.0.1:${port} (the image stage pushes the shop's web image there)`;
    await sleep(200);
  }
  return `the registry did not answer on 127.0.0.1:${port} within 20 s; see ${path.join(folder, 'registry.log')}`;
}

module.exports = { startRegistry, stopRegistry, REGISTRY_BINARY };
