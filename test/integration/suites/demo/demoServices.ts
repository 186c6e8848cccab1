import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { readText, workspaceRoot, writeText } from '../empty/extensionUnderTest';

const run = promisify(execFile);

// The demo's own processes on free ports, for the suites that need them running. The demo's
// script starts and stops them (not the extension's runner, so the extension's process count
// stays its own); devops.yaml is rewritten for the shifted ports and restored afterwards.

/** Demo processes services.js knows; Prometheus is one of them when asked for. */
export type DemoProcess = 'store' | 'api' | 'web' | 'prometheus';

export interface DemoOnFreePorts {
  /** DEVOPS_DEMO_PORT_BASE of this run: web is base+1, api +2, store +3, Prometheus +90. */
  readonly base: number;
  /** `node scripts/services.js <command> [names…]` on this run's ports. */
  services(command: 'start' | 'stop' | 'restart', ...names: DemoProcess[]): Promise<void>;
  /** Starts the named processes, then points devops.yaml at their ports (once) and reloads it. */
  start(...names: DemoProcess[]): Promise<void>;
  /** Stops every demo process, restores devops.yaml and removes Prometheus' data. */
  dispose(): Promise<void>;
}

/** The port offsets of demo/services/lib/ports.js that must be free. */
const OFFSETS = { web: 1, api: 2, store: 3, prometheus: 90 } as const;

export async function demoOnFreePorts(api: DevopsTestApi, options: { prometheus: boolean }): Promise<DemoOnFreePorts> {
  const root = workspaceRoot();
  const configUri = vscode.Uri.joinPath(root, 'devops.yaml');
  const original = await readText(configUri);
  const base = await freePortBase(options.prometheus ? Object.values(OFFSETS) : [OFFSETS.web, OFFSETS.api, OFFSETS.store]);
  const env = { ...process.env, DEVOPS_DEMO_PORT_BASE: String(base), DEVOPS_DEMO_PROMETHEUS: options.prometheus ? '1' : '0' };
  let shifted = false;
  const services = async (command: string, ...names: string[]): Promise<void> => {
    await run(process.execPath, [path.join(root.fsPath, 'scripts', 'services.js'), command, ...names], { cwd: root.fsPath, env, timeout: 60_000 });
  };
  return {
    base,
    services,
    async start(...names) {
      await services('start', ...names);
      if (shifted) return;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { shiftPorts } = require(path.join(root.fsPath, 'services', 'lib', 'ports.js')) as { shiftPorts: (text: string, base: number) => string };
      const text = shiftPorts(original, base);
      assert.notEqual(text, original, 'the demo config names the default ports');
      await writeText(configUri, text);
      shifted = true;
      await api.config.reload();
    },
    async dispose() {
      await services('stop').catch(() => undefined);
      if (shifted) {
        await writeText(configUri, original);
        await api.config.reload();
      }
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, '.devops', 'prometheus'), { recursive: true }).then(undefined, () => undefined);
    },
  };
}

/** A base whose demo ports (base + each offset) are free on 127.0.0.1 right now. */
async function freePortBase(offsets: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const free = await Promise.all(offsets.map((offset) => isFree(base + offset)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free port range found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
