// A real Docker engine for the e2e's Services shot: the one that answers on DOCKER_HOST
// (unix://) or /var/run/docker.sock, never one started here. It builds a 2 MB image FROM
// scratch with the host's static busybox (nothing is pulled) and starts one container
// labelled as the Compose service `web` of project `dle2e`; stop() removes both.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROJECT = 'dle2e';

function call(socket, method, path, body, type = 'application/json') {
  return new Promise((resolve, reject) => {
    const headers = body ? { 'content-type': type, 'content-length': body.length } : {};
    const req = request({ socketPath: socket, method, path: `/v1.41${path}`, headers, timeout: 60_000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}

const json = (value) => Buffer.from(JSON.stringify(value));

function imageContext(work) {
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((path) => spawnSync(path, ['true']).status === 0);
  if (!busybox) return undefined;
  const context = join(work, 'context');
  mkdirSync(context, { recursive: true });
  copyFileSync(busybox, join(context, 'busybox'));
  // As PID 1 the shell ignores SIGTERM unless it traps it: without the trap removal waits for SIGKILL.
  const program = 'trap "exit 0" TERM; while true; do echo "web $(/bin/busybox date +%T)"; /bin/busybox sleep 1; done';
  writeFileSync(join(context, 'Dockerfile'), `FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox","sh","-c",${JSON.stringify(program)}]\n`);
  return spawnSync('tar', ['-C', context, '-cf', '-', '.'], { maxBuffer: 16 * 1024 * 1024 }).stdout;
}

/** { socket, stop() } with the container running, or { skipped: reason }. */
export async function startDockerWorkload() {
  const socket = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock';
  const ping = await call(socket, 'GET', '/_ping').catch((error) => ({ status: 0, text: error.message }));
  if (ping.status !== 200) return { skipped: `no Docker engine answers on ${socket} (${ping.text.trim().slice(0, 80)})` };
  const work = mkdtempSync(join(tmpdir(), 'devops-e2e-docker-'));
  const image = `devops-loop-e2e:${process.pid}`;
  let id;
  const stop = async () => {
    if (id) await call(socket, 'DELETE', `/containers/${id}?force=1&v=1`).catch(() => undefined);
    await call(socket, 'DELETE', `/images/${encodeURIComponent(image)}?force=1`).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const tar = imageContext(work);
    if (!tar) return await stop().then(() => ({ skipped: 'busybox-static is not installed' }));
    const built = await call(socket, 'POST', `/build?t=${encodeURIComponent(image)}&rm=1&forcerm=1`, tar, 'application/x-tar');
    if (built.status !== 200 || built.text.includes('"errorDetail"')) throw new Error(`image build failed: ${built.text.slice(0, 300)}`);
    const labels = { 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' };
    const created = await call(socket, 'POST', `/containers/create?name=${PROJECT}-web-1-${process.pid}`, json({ Image: image, Labels: labels }));
    id = JSON.parse(created.text).Id;
    if (!id) throw new Error(`container create: ${created.text.slice(0, 300)}`);
    const started = await call(socket, 'POST', `/containers/${id}/start`);
    if (started.status >= 400) throw new Error(`container start: ${started.text.slice(0, 300)}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { socket, stop };
}
