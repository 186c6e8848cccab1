// Bundles the entry points: extension host (plus its on-demand modules), webview
// (browser) and CLI.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

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

// yaml's Node build asks process.env for LOG_TOKENS once per token (a getenv call each
// time: a fifth of a devops.yaml check) and for LOG_STREAM once per document, to print its
// debug trace; the bundles never print it. A yaml release that drops or renames those
// reads fails the build here, so this is looked at again.
const YAML_DEBUG_READS = { 'parse/parser.js': 'node_process.env.LOG_TOKENS', 'compose/composer.js': 'node_process.env.LOG_STREAM' };
const yamlWithoutDebugTrace = {
  name: 'yaml-without-debug-trace',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const [file, read] = Object.entries(YAML_DEBUG_READS).find(([name]) => args.path.replace(/\\/g, '/').endsWith(`yaml/dist/${name}`));
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(read)) return { errors: [{ text: `yaml/dist/${file} no longer reads ${read}: check whether scripts/build.mjs still needs yaml-without-debug-trace` }] };
      return { contents: text.replaceAll(read, 'undefined'), loader: 'js' };
    });
  },
};

// Some dependencies ship only ESM that reads import.meta.url (tinyglobby's fdir);
// in a CommonJS bundle that is empty, so point it at the bundle file itself.
const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  define: { 'import.meta.url': '__bundleFileUrl' },
  plugins: [yamlWithoutDebugTrace],
};
const bundleFileUrl = "const __bundleFileUrl = require('url').pathToFileURL(__filename).href;";

// On-demand modules: src/**/*.lazy.ts, reached only through `await import('./x.lazy.js')`.
// The extension bundle leaves them out and requires dist/x.lazy.js on first use, so what
// they pull in (dagre, the XML parser, the service import…) costs nothing at activation; the
// CLI (dist/cli.js) requires them from dist/ the same way. Under tsc the import resolves to
// the module itself.
const lazyModules = new Map();
for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lazy.ts')).sort()) {
  const name = basename(file, '.ts');
  if (lazyModules.has(name)) throw new Error(`two on-demand modules are named ${name}: dist/ holds one file per name`);
  lazyModules.set(name, resolve('src', file));
}

// Libraries only on-demand modules may bring in: one in the features means a static
// import went around a *.lazy.ts module and every start pays for it again.
const ON_DEMAND_ONLY = ['node_modules/@dagrejs/', 'node_modules/@kubernetes/', 'node_modules/tinyglobby/', 'node_modules/fast-xml-parser/', 'src/backends/import/'];
// dist/extension.js is what activation loads: it registers the contributed commands and
// views, then loads the features (dist/features.lazy.js). The parser, the schemas and
// the sessions there, or anything heavier, would cost every activation again.
const FEATURES = 'src/vscode/features.lazy.ts';
const NOT_AT_ACTIVATION = [...ON_DEMAND_ONLY, 'node_modules/yaml/', 'node_modules/zod/', 'src/core/', 'src/backends/'];
// DevopsError is matched with instanceof: a second copy in another bundle would make its
// errors unrecognisable to the features, so only the features' bundle holds it.
const FEATURES_ONLY = ['src/core/errors.ts'];

const onDemandImports = {
  name: 'on-demand-imports',
  setup(build) {
    build.onResolve({ filter: /\.lazy(\.js)?$/ }, (args) => {
      const name = basename(args.path).replace(/\.js$/, '');
      const source = lazyModules.get(name);
      if (source !== resolve(args.resolveDir, args.path).replace(/(\.js)?$/, '.ts')) return undefined;
      if (args.kind !== 'dynamic-import') {
        return { errors: [{ text: `${args.path} is an on-demand module: load it with \`await import('${args.path}')\`; a static import puts it back into the activation bundle` }] };
      }
      return { path: `./${name}.js`, external: true };
    });
  },
};

/** What an output of the extension target must not contain, by its entry point. */
function forbiddenIn(entryPoint) {
  if (entryPoint === FEATURES) return ON_DEMAND_ONLY;
  if (entryPoint?.endsWith('.lazy.ts')) return FEATURES_ONLY;
  return [...NOT_AT_ACTIVATION, ...FEATURES_ONLY];
}

/** Fails the build when the metafile shows a module in a bundle it must stay out of (see forbiddenIn). */
function checkOnDemandSplit(result) {
  const problems = [];
  for (const [output, { inputs, entryPoint }] of Object.entries(result.metafile?.outputs ?? {})) {
    if (!output.endsWith('.js')) continue;
    const forbidden = forbiddenIn(entryPoint);
    const found = Object.keys(inputs).filter((input) => forbidden.some((prefix) => input.startsWith(prefix)));
    if (found.length > 0) problems.push(`${output} must not contain ${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}`);
  }
  if (problems.length > 0) throw new Error(`on-demand split broken:\n  ${problems.join('\n  ')}`);
}

const extensionTarget = {
  ...nodeCommon,
  metafile: true,
  entryPoints: { extension: 'src/extension.ts', ...Object.fromEntries([...lazyModules].map(([name, path]) => [name, relative('.', path)])) },
  outdir: 'dist',
  external: ['vscode'],
  banner: { js: bundleFileUrl },
  // import() of an on-demand module becomes require(): the extension host loads CommonJS.
  supported: { 'dynamic-import': false },
  plugins: [...nodeCommon.plugins, onDemandImports, { name: 'check-on-demand-split', setup: (build) => build.onEnd((result) => { if (result.errors.length === 0) checkOnDemandSplit(result); }) }],
};

// The CLI loads the same on-demand modules from its own folder (dist/), so a command that
// never watches Kubernetes does not parse its 4 MB client at every start.
const cliTarget = (outdir) => ({
  ...nodeCommon,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir,
  banner: { js: `#!/usr/bin/env node\n${bundleFileUrl}` },
  supported: { 'dynamic-import': false },
  plugins: [...nodeCommon.plugins, onDemandImports],
});

// `--cli-into <dir>`: only the CLI and the on-demand modules it loads, into <dir>; the CLI
// tests run what this makes, so what they test is what ships.
const cliInto = process.argv.includes('--cli-into') ? process.argv[process.argv.indexOf('--cli-into') + 1] : undefined;
const targets = cliInto
  ? [cliTarget(cliInto), { ...extensionTarget, entryPoints: Object.fromEntries([...lazyModules].map(([name, path]) => [name, relative('.', path)])), outdir: cliInto }]
  : [
      extensionTarget,
      { ...common, entryPoints: { webview: 'src/webview/main.ts', serviceMap: 'src/webview/serviceMap/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'css' } },
      cliTarget('dist'),
    ];
const outdir = cliInto ?? 'dist';

if (!cliInto) {
  // A fresh dist/ each build: an on-demand module removed from src/ must not live on as a
  // stale dist/x.lazy.js that the vsix would still ship.
  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist', { recursive: true });
  // uPlot's own stylesheet, loaded by the Monitor page next to media/monitor.css.
  copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/uPlot.min.css');
}
if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  process.stdout.write('esbuild: watching for changes\n');
} else {
  const results = await Promise.all(targets.map((options) => esbuild.build(options)));
  chmodSync(join(outdir, 'cli.js'), 0o755);
  if (metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(results.map((r) => r.metafile)));
}
