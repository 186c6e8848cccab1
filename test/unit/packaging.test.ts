import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// What `npm run package` puts in the vsix, as vsce itself lists it: the bundles and their
// assets, and no sources, tests or source maps.
describe('the vsix contents', function () {
  this.timeout(120_000);
  const root = join(__dirname, '..', '..', '..');
  let files: string[];

  before(() => {
    const vsce = join(root, 'node_modules', '.bin', 'vsce');
    files = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  });

  it('holds every bundle and stylesheet the extension loads, on-demand modules included', () => {
    // Each src/**/*.lazy.ts is a dist/<name>.lazy.js the extension requires on first use.
    const onDemand = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lazy.ts')).map((f) => `dist/${basename(f, '.ts')}.js`);
    assert.ok(onDemand.length >= 3, `expected the on-demand modules, found ${onDemand.join(', ')}`);
    for (const needed of ['package.json', 'README.md', 'dist/extension.js', 'dist/webview.js', 'dist/serviceMap.js', 'dist/serviceMap.css', 'dist/uPlot.min.css', 'schemas/devops.schema.json', 'media/devops.svg', ...onDemand]) {
      assert.ok(files.includes(needed), `${needed} is missing from ${files.join(', ')}`);
    }
  });

  it('holds no sources, tests or source maps', () => {
    const unwanted = files.filter((f) => /\.ts$|\.map$|^src\/|^test\/|^out\/|^demo\/|^scripts\//.test(f));
    assert.deepEqual(unwanted, []);
  });

  it('references only files it holds (the icon, the schema, the webview assets)', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { icon?: string; main: string };
    for (const path of [manifest.icon, manifest.main].filter((p): p is string => Boolean(p))) {
      assert.ok(files.includes(path.replace(/^\.\//, '')), `${path} is not packaged`);
    }
  });
});
