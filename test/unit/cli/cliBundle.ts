// The CLI as it ships: bundled the way scripts/build.mjs makes dist/cli.js, run as a real
// child process. Shared by the CLI tests that go through the whole binary.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** What one run of the bundled CLI gave. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A bundled CLI in a temporary folder; `dispose` removes it. */
export interface CliBundle {
  /** Path of the bundled cli.js. */
  cli: string;
  /** Runs `node cli.js …args` in `cwd`. */
  run(cwd: string, ...args: string[]): Promise<CliRun>;
  dispose(): Promise<void>;
}

const repoRoot = join(__dirname, '..', '..', '..', '..');

export async function bundleCli(): Promise<CliBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'devops-cli-bundle-'));
  const cli = join(dir, 'cli.js');
  // The options of the CLI target in scripts/build.mjs, import.meta.url shim included.
  const bundleFileUrl = "const __bundleFileUrl = require('url').pathToFileURL(__filename).href;";
  await esbuild.build({
    entryPoints: [join(repoRoot, 'src/cli/main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    define: { 'import.meta.url': '__bundleFileUrl' },
    banner: { js: `#!/usr/bin/env node\n${bundleFileUrl}` },
    logLevel: 'warning',
  });
  return { cli, run: (cwd, ...args) => runProcess(cli, cwd, args), dispose: () => rm(dir, { recursive: true, force: true }) };
}

function runProcess(cli: string, cwd: string, args: string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** A suite's CLI: bundled once before its tests, with a fresh temporary folder for each test. */
export interface CliSuite {
  readonly bundle: CliBundle;
  /** This test's folder; removed after it. */
  readonly work: string;
}

/** Registers the mocha hooks of a CLI suite; call inside `describe`. */
export function cliSuite(prefix: string): CliSuite {
  const state: { bundle?: CliBundle; work?: string } = {};
  before(async () => (state.bundle = await bundleCli()));
  after(() => state.bundle?.dispose());
  beforeEach(async () => (state.work = await mkdtemp(join(tmpdir(), prefix))));
  afterEach(() => rm(state.work ?? '', { recursive: true, force: true }));
  return {
    get bundle() {
      return state.bundle!;
    },
    get work() {
      return state.work!;
    },
  };
}
