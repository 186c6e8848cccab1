// `npm run bench`: runs every bench/*.bench.ts (each exports async bench*() functions
// returning named figures), adds the bundle, vsix and activation figures, prints a
// table and writes bench/results.json.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Figures = Record<string, number>;
type BenchFunction = () => Promise<Figures>;

const repoRoot = join(__dirname, '..', '..');

async function runAreaBenches(only: string | undefined): Promise<Figures> {
  const figures: Figures = {};
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort();
  for (const file of files) {
    const area = file.replace(/\.bench\.js$/, '');
    if (only && area !== only) continue;
    const module = (await import(pathToFileURL(join(__dirname, file)).href)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(module)) {
      if (!name.startsWith('bench') || typeof fn !== 'function') continue;
      process.stderr.write(`bench: ${area}/${name}…\n`);
      Object.assign(figures, await (fn as BenchFunction)());
    }
  }
  return figures;
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
    measureActivation: (options: { runs: number }) => Promise<{ activationMs: number; floorMs: number }>;
  };
  const { activationMs, floorMs } = await activation.measureActivation({ runs: 5 });
  return { 'activation.ms': activationMs, 'activation.floorMs': floorMs };
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const figures: Figures = {};
  if (!only || only === 'package') Object.assign(figures, packagingFigures());
  Object.assign(figures, await runAreaBenches(only));
  if (!only || only === 'activation') Object.assign(figures, await activationFigures());
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
  if (!only) writeFileSync(join(repoRoot, 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), figures }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
