'use strict';
// Starts, stops and restarts the demo's processes in the background, with pid files
// under .devops/run/ and output appended to logs/<name>.log.
//
//   node scripts/services.js start [name...]     (default: all, dependencies first)
//   node scripts/services.js stop [name...]
//   node scripts/services.js restart <name...>
//   node scripts/services.js status
//
// Names: store, api, web, and prometheus when the `prometheus` binary is on PATH
// (skip it with DEVOPS_DEMO_PROMETHEUS=0). DEVOPS_DEMO_PORT_BASE moves every port.

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { setTimeout: sleep } = require('node:timers/promises');
const { portOf, urlOf } = require('../services/lib/ports');
const { writePrometheusConfig } = require('./lib/prometheusConfig');

const DEMO_DIR = path.resolve(__dirname, '..');
const RUN_DIR = path.join(DEMO_DIR, '.devops', 'run');
const LOG_DIR = path.join(DEMO_DIR, 'logs');
const SERVICES = ['store', 'api', 'web'];

function hasPrometheus() {
  if (process.env.DEVOPS_DEMO_PROMETHEUS === '0') return false;
  return spawnSync('prometheus', ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

function processSpec(name) {
  if (name === 'prometheus') {
    const { configFile, dataDir } = writePrometheusConfig(DEMO_DIR);
    return {
      command: 'prometheus',
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=127.0.0.1:${portOf('prometheus')}`,
        '--storage.tsdb.retention.time=1d',
      ],
      marker: configFile,
      ready: `${urlOf('prometheus')}/-/ready`,
    };
  }
  const script = path.join(DEMO_DIR, 'services', `${name}.js`);
  return { command: process.execPath, args: [script], marker: script, ready: `${urlOf(name)}/healthz` };
}

const pidFile = (name) => path.join(RUN_DIR, `${name}.pid`);

function readPid(name) {
  try {
    const pid = Number(fs.readFileSync(pidFile(name), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// Alive and still our process: a pid file left by a crash may name a pid reused since.
function isRunning(pid, marker) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no /proc (macOS): trust the signal check
  }
}

async function isReady(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function start(name) {
  const spec = processSpec(name);
  const existing = readPid(name);
  if (existing && isRunning(existing, spec.marker)) return console.log(`${name}: already running (pid ${existing})`);
  // Another copy of the demo on the same ports would answer our readiness check for us.
  if (await isReady(spec.ready)) throw new Error(`${name}: something else answers at ${spec.ready}; move the demo with DEVOPS_DEMO_PORT_BASE`);
  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const out = fs.openSync(path.join(LOG_DIR, `${name}.log`), 'a');
  const child = spawn(spec.command, spec.args, { cwd: DEMO_DIR, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  child.unref();
  fs.writeFileSync(pidFile(name), `${child.pid}\n`);
  for (let waited = 0; waited < 15000 && !exited; waited += 200) {
    if (await isReady(spec.ready)) return console.log(`${name}: started (pid ${child.pid}) ${spec.ready}`);
    await sleep(200);
  }
  throw new Error(`${name} did not become ready at ${spec.ready}${exited ? ' (it exited)' : ''}; see logs/${name}.log`);
}

async function stop(name) {
  const spec = processSpec(name);
  const pid = readPid(name);
  if (!pid || !isRunning(pid, spec.marker)) {
    fs.rmSync(pidFile(name), { force: true });
    return console.log(`${name}: not running`);
  }
  signalGroup(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && isRunning(pid, spec.marker); waited += 100) await sleep(100);
  if (isRunning(pid, spec.marker)) signalGroup(pid, 'SIGKILL');
  fs.rmSync(pidFile(name), { force: true });
  console.log(`${name}: stopped (pid ${pid})`);
}

// Each process leads its own group (detached), so the signal reaches anything it started.
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

async function status(name) {
  const spec = processSpec(name);
  const pid = readPid(name);
  const running = pid !== undefined && isRunning(pid, spec.marker);
  const health = running ? ((await isReady(spec.ready)) ? 'up' : 'not ready') : 'down';
  console.log(`${name.padEnd(10)} ${health.padEnd(9)} ${running ? `pid ${pid}` : '-'}\t${spec.ready}`);
}

async function main() {
  const [command, ...requested] = process.argv.slice(2);
  const known = [...SERVICES, 'prometheus'];
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown service ${unknown.join(', ')}; known: ${known.join(', ')}`);
  // Named ones run in dependency order. Starting "all" includes Prometheus only when it is
  // installed; stopping "all" always looks for it, since it may have been started by name.
  const everything = command === 'stop' || hasPrometheus() ? known : SERVICES;
  const names = requested.length > 0 ? known.filter((name) => requested.includes(name)) : everything;
  const reversed = [...names].reverse();
  switch (command) {
    case 'start':
      for (const name of names) await start(name);
      break;
    case 'stop':
      for (const name of reversed) await stop(name);
      break;
    case 'restart':
      if (requested.length === 0) throw new Error('restart needs a service name');
      for (const name of reversed) await stop(name);
      for (const name of names) await start(name);
      break;
    case 'status':
      for (const name of names) await status(name);
      break;
    default:
      throw new Error('usage: node scripts/services.js start|stop|restart|status [name...]');
  }
}

main().catch((error) => {
  console.error(`services: ${error.message}`);
  process.exitCode = 1;
});
