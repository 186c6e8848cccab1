// `npm run bench`: runs every bench/*.bench.ts (each exports async bench*() functions
// returning named figures), adds the bundle, vsix and activation figures and the CPU
// calibration, prints each figure next to its floor with the ratio, compares the ratios
// with the committed bench/results.json, and writes bench/results.json. A figure worse
// by more than 20% than the committed run fails the bench, by name.
//   npm run bench [area]   only bench/<area>.bench.ts (or "package", "activation", "demo"); no file written
//   DEVOPS_BENCH_DEMO_HEAP=1 npm run bench   adds the five-minute demo heap figures
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareFigures, formatRows, REGRESSION_LIMIT } from './compareFigures';
import type { Figures } from './compareFigures';
import { calibrationSamples, median } from './cpuCalibration';
import { CPU_FLOOR } from './figureRules';

type BenchFunction = () => Promise<Figures>;

const repoRoot = join(__dirname, '..', '..');

// Each area runs in a process of its own: an area's heap (a 100,000-line ring, a thousand
// pods) or the engine work it leaves behind would otherwise be paid by the areas after it.
function runAreaBenches(only: string | undefined): Figures {
  const figures: Figures = {};
  const areas = readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort().map((f) => f.replace(/\.bench\.js$/, ''));
  for (const area of areas) {
    if (only && area !== only) continue;
    const output = execFileSync(process.execPath, [__filename, AREA_FLAG, area], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
    Object.assign(figures, JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Figures);
  }
  return figures;
}

const AREA_FLAG = '--area-in-process';

/** The child's side: one area's bench functions, their figures as JSON on the last line of stdout. */
async function runOneArea(area: string): Promise<void> {
  const figures: Figures = {};
  const module = (await import(pathToFileURL(join(__dirname, `${area}.bench.js`)).href)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(module)) {
    if (!name.startsWith('bench') || typeof fn !== 'function') continue;
    process.stderr.write(`bench: ${area}/${name}…\n`);
    Object.assign(figures, await (fn as BenchFunction)());
  }
  // Exits once written: a handle an area left open must not keep the run waiting.
  process.stdout.write(`\n${JSON.stringify(figures)}\n`, () => process.exit(0));
}

function sizeKB(path: string): number {
  return Math.round((statSync(path).size / 1024) * 10) / 10;
}

function packagingFigures(): Figures {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const { version } = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: repoRoot, encoding: 'utf8' })) as { version: string };
  return {
    'bundle.extensionKB': sizeKB(join(repoRoot, 'dist', 'extension.js')),
    'bundle.webviewKB': sizeKB(join(repoRoot, 'dist', 'webview.js')),
    'bundle.cliKB': sizeKB(join(repoRoot, 'dist', 'cli.js')),
    'vsix.KB': sizeKB(join(repoRoot, `devops-loop-${version}.vsix`)),
  };
}

async function activationFigures(): Promise<Figures> {
  const script = pathToFileURL(join(repoRoot, 'scripts', 'measureActivation.mjs')).href;
  const activation = (await import(script)) as {
    measureActivation: (options: { runs: number }) => Promise<{ activationMs: number; floorMs: number; firstViewMs: number; viewAskMs: number }>;
  };
  const { activationMs, floorMs, firstViewMs, viewAskMs } = await activation.measureActivation({ runs: 5 });
  return { 'activation.ms': activationMs, 'activation.floorMs': floorMs, 'activation.firstViewMs': firstViewMs, 'activation.viewAskMs': viewAskMs };
}

/** Five minutes of the demo with the Monitor open: only when asked for (DEVOPS_BENCH_DEMO_HEAP=1). */
async function demoHeapFigures(): Promise<Figures> {
  const script = pathToFileURL(join(repoRoot, 'scripts', 'measureDemoHeap.mjs')).href;
  const heap = (await import(script)) as { measureDemoHeap: () => Promise<{ heapMB: number; growthMB: number }> };
  const { heapMB, growthMB } = await heap.measureDemoHeap();
  return { 'demo.heap5minMB': heapMB, 'demo.heapGrowth2to5MB': growthMB };
}

/** The committed run: HEAD's bench/results.json, else the file on disk. */
function baselineFigures(): Figures | undefined {
  const parse = (text: string): Figures | undefined => (JSON.parse(text) as { figures?: Figures }).figures;
  try {
    return parse(execFileSync('git', ['show', 'HEAD:bench/results.json'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    try {
      return parse(readFileSync(join(repoRoot, 'bench', 'results.json'), 'utf8'));
    } catch {
      return undefined;
    }
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const figures: Figures = {};
  const calibration = calibrationSamples();
  if (!only || only === 'package') Object.assign(figures, packagingFigures());
  Object.assign(figures, runAreaBenches(only));
  if (!only || only === 'activation') Object.assign(figures, await activationFigures());
  if ((!only || only === 'demo') && process.env.DEVOPS_BENCH_DEMO_HEAP === '1') Object.assign(figures, await demoHeapFigures());
  figures[CPU_FLOOR] = Math.round(median([...calibration, ...calibrationSamples()]) * 10) / 10;

  const rows = compareFigures(figures, baselineFigures());
  process.stdout.write(`${formatRows(rows)}\n`);
  const regressed = rows.filter((row) => row.regressed);
  if (!only) writeFileSync(join(repoRoot, 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), figures }, null, 2) + '\n');
  if (regressed.length > 0) {
    const names = regressed.map((row) => `${row.name} (+${Math.round((row.worseBy ?? 0) * 100)}%)`).join(', ');
    throw new Error(`worse by more than ${REGRESSION_LIMIT * 100}% than the committed bench/results.json: ${names}`);
  }
}

(process.argv[2] === AREA_FLAG ? runOneArea(process.argv[3] ?? '') : main()).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
