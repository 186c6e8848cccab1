// A real container registry for the image tests: Debian's docker-registry (Distribution)
// on 127.0.0.1 and a free port, its storage in a temporary folder. `readOnly` starts it in
// maintenance mode, where it refuses every push as a registry under maintenance does;
// `login` makes it ask for that user (htpasswd with a bcrypt hash, as `htpasswd -B` writes
// it; Distribution takes no other). stop() ends the process and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSync } from 'bcryptjs';

export interface RegistryHarness {
  /** host:port, as an image name starts. */
  host: string;
  /** The tags of a repository, as GET /v2/<name>/tags/list answers. */
  tags(repository: string): Promise<string[]>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startRegistry(options: { readOnly?: boolean; login?: { username: string; password: string } } = {}): Promise<RegistryHarness> {
  const work = mkdtempSync(join(tmpdir(), 'devops-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(work, 'data')}`,
    ...(options.readOnly ? ['  maintenance:', '    readonly:', '      enabled: true'] : []),
    ...(options.login ? ['auth:', '  htpasswd:', '    realm: devops-test', `    path: ${join(work, 'htpasswd')}`] : []),
    'http:',
    `  addr: ${host}`,
    '',
  ].join('\n');
  if (options.login) writeFileSync(join(work, 'htpasswd'), `${options.login.username}:${hashSync(options.login.password, 10)}\n`);
  writeFileSync(join(work, 'config.yml'), config);
  const log = openSync(join(work, 'registry.log'), 'a');
  const child: ChildProcess = spawn('docker-registry', ['serve', join(work, 'config.yml')], { stdio: ['ignore', log, log] });
  const authorization = options.login ? { authorization: `Basic ${Buffer.from(`${options.login.username}:${options.login.password}`).toString('base64')}` } : undefined;
  const get = (path: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, timeout: 5000, headers: authorization }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('timeout', () => req.destroy(new Error('no answer')));
      req.on('error', reject);
    });
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}; see ${join(work, 'registry.log')}`);
    if ((await get('/v2/').catch(() => ({ status: 0 }))).status === 200) break;
    if (waited > 20_000) throw new Error('docker-registry did not answer within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host,
    async tags(repository) {
      const answer = await get(`/v2/${repository}/tags/list`);
      if (answer.status === 404) return [];
      return ((JSON.parse(answer.text) as { tags?: string[] | null }).tags ?? []).sort();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
}
