import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

// Runs a copy of demo/ in a temp folder on free ports, so the tests never touch the
// checked-in demo's logs or a demo the developer has running on the default ports.

/** The checked-in demo workspace (out/test/unit/demo -> repository root). */
export const DEMO_SOURCE = path.resolve(__dirname, '..', '..', '..', '..', 'demo');

/** What demo/services/lib/ports.js exports that the tests use. */
interface DemoPorts {
  /** Port offsets from the base, per process name. */
  OFFSETS: Record<string, number>;
  /** Rewrites the default 73xx ports of devops.yaml for another base. */
  shiftPorts(text: string, base: number): string;
}

export const demoPorts = createRequire(__filename)(path.join(DEMO_SOURCE, 'services', 'lib', 'ports.js')) as DemoPorts;

/** A copy of the demo without generated files (logs, .devops). */
export function copyDemo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-demo-'));
  fs.cpSync(DEMO_SOURCE, dir, {
    recursive: true,
    filter: (src) => !['logs', '.devops'].includes(path.relative(DEMO_SOURCE, src).split(path.sep)[0] ?? ''),
  });
  return dir;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base where every demo port (base + offset) is free right now. */
export async function freePortBase(): Promise<number> {
  const offsets = Object.values(demoPorts.OFFSETS);
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    const free = await Promise.all(offsets.map((offset) => canListen(base + offset)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free range of ports for the demo');
}

/** Exit code and output of one of the demo's scripts. */
export interface ScriptResult {
  /** Exit code (null when ended by a signal). */
  code: number | null;
  /** Everything it printed on stdout. */
  stdout: string;
  /** Everything it printed on stderr. */
  stderr: string;
}

export function runScript(demoDir: string, args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: demoDir, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Alive and not a zombie (a zombie has ended; only its parent has not reaped it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line mentions `text` (Linux /proc). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text) && isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Pids from the demo's pid files (.devops/run/<name>.pid), by name. */
export function pidFiles(demoDir: string): Record<string, number> {
  const runDir = path.join(demoDir, '.devops', 'run');
  if (!fs.existsSync(runDir)) return {};
  const pids: Record<string, number> = {};
  for (const file of fs.readdirSync(runDir)) pids[path.basename(file, '.pid')] = Number(fs.readFileSync(path.join(runDir, file), 'utf8'));
  return pids;
}

export async function fetchText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
}
