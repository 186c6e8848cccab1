// Bundles the three entry points: extension host, webview (browser) and CLI.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const metafile = process.argv.includes('--metafile');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  metafile,
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: { webview: 'src/webview/main.ts', serviceMap: 'src/webview/serviceMap/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'css' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' } },
];

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  process.stdout.write('esbuild: watching for changes\n');
} else {
  const results = await Promise.all(targets.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
  if (metafile) writeFileSync('dist/meta.json', JSON.stringify(results.map((r) => r.metafile)));
}
