// Bundles the three entry points: extension host, webview (browser) and CLI.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';

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

// Some dependencies ship only ESM that reads import.meta.url (tinyglobby's fdir);
// in a CommonJS bundle that is empty, so point it at the bundle file itself.
const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  define: { 'import.meta.url': '__bundleFileUrl' },
};
const bundleFileUrl = "const __bundleFileUrl = require('url').pathToFileURL(__filename).href;";

const targets = [
  { ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: bundleFileUrl } },
  { ...common, entryPoints: { webview: 'src/webview/main.ts', serviceMap: 'src/webview/serviceMap/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'css' } },
  { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${bundleFileUrl}` } },
];

mkdirSync('dist', { recursive: true });
// uPlot's own stylesheet, loaded by the Monitor page next to media/monitor.css.
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/uPlot.min.css');
if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  process.stdout.write('esbuild: watching for changes\n');
} else {
  const results = await Promise.all(targets.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
  if (metafile) writeFileSync('dist/meta.json', JSON.stringify(results.map((r) => r.metafile)));
}
