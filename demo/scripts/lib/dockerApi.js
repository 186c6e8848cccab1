'use strict';
// The few Docker Engine API calls the demo needs, over node:http: the engine's socket
// (DOCKER_HOST unix://… or tcp://…, else /var/run/docker.sock), no docker CLI and no
// package. Every call has a timeout, so a stuck engine cannot hold `npm start`.

const http = require('node:http');

const API_VERSION = 'v1.41';

function engineAddress(env = process.env) {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375), label: host };
  }
  const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
  return { socketPath, label: socketPath };
}

function createDockerApi(env = process.env) {
  const address = engineAddress(env);
  function request(method, path, body, { type = 'application/json', timeoutMs = 30_000 } = {}) {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const headers = payload ? { 'content-type': type, 'content-length': payload.length } : {};
      const { label: _label, ...target } = address;
      const req = http.request({ ...target, method, path: `/${API_VERSION}${path}`, headers, timeout: timeoutMs }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`${method} ${path}: the engine did not answer`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(payload);
    });
  }
  /** Like request, but an answer of 400 or more is an error naming the call. */
  async function call(method, path, body, options) {
    const answer = await request(method, path, body, options);
    if (answer.status >= 400) throw new Error(`${method} ${path.split('?')[0]}: ${answer.json?.message ?? answer.text.slice(0, 300)}`);
    return answer;
  }
  return { address, request, call };
}

/** Why no engine can be used, in words for a user, or undefined when one answers. */
async function unreachableReason(api) {
  try {
    const ping = await api.request('GET', '/_ping', undefined, { timeoutMs: 3000 });
    return ping.status === 200 ? undefined : `the engine at ${api.address.label} answered ${ping.status}`;
  } catch (error) {
    if (error.code === 'EACCES') return `permission denied on ${api.address.label} (add your user to the "docker" group and log in again)`;
    if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') return `no Docker engine runs at ${api.address.label}`;
    return `the Docker engine at ${api.address.label} cannot be reached (${error.code ?? error.message})`;
  }
}

/** A label filter for list calls: ?filters={"label":["k=v"]}. */
function labelFilter(key, value) {
  return `filters=${encodeURIComponent(JSON.stringify({ label: [`${key}=${value}`] }))}`;
}

module.exports = { createDockerApi, unreachableReason, labelFilter, engineAddress };
