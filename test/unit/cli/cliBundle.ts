// The CLI as it ships: bundled by scripts/build.mjs as it makes dist/cli.js, run as a real
// child process. Shared by the CLI tests that go through the whole binary.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  // scripts/build.mjs itself makes it, with the on-demand modules next to it as in dist/.
  const build = await runProcess(join(repoRoot, 'scripts', 'build.mjs'), repoRoot, ['--cli-into', dir]);
  if (build.code !== 0) throw new Error(`scripts/build.mjs --cli-into failed: ${build.stderr}`);
  return { cli, run: (cwd, ...args) => runProcess(cli, cwd, args), dispose: () => rm(dir, { recursive: true, force: true }) };
}

function runProcess(script: string, cwd: string, args: string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
