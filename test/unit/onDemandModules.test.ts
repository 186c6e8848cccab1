import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DevopsError } from '../../src/core/errors';
import { loadOnDemand } from '../../src/core/loadOnDemand';

// The extension bundle as scripts/build.mjs makes it (npm test builds before the unit
// tests): what only some commands need sits in dist/<name>.lazy.js, required on first use,
// and each of those files works by itself in plain Node, the way the extension host loads it.

const root = join(__dirname, '..', '..', '..');
const dist = join(root, 'dist');

/** Names of the src/**\/*.lazy.ts modules, e.g. "junitLibraries.lazy". */
function onDemandSources(): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lazy.ts')).map((f) => basename(f, '.ts')).sort();
}

/**
 * On-demand modules the editor does not load yet: their backend exists (and the CLI may use
 * it) before a feature part of src/vscode/ reaches it. Remove a name once its part does:
 * the first test fails until then, so the list cannot go stale.
 */
const notYetInTheEditor = new Set<string>();

async function loadBundle<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(join(dist, `${name}.js`)).href)) as T;
}

describe('on-demand modules', function () {
  this.timeout(60_000);
  let temp: string;
  beforeEach(() => (temp = mkdtempSync(join(tmpdir(), 'devops-on-demand-'))));
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it('the extension bundle requires the features, and they each other one, from its own file beside it', () => {
    assert.ok(existsSync(join(dist, 'extension.js')), 'dist/extension.js is missing: run `npm run build` first');
    const requiredBy = (file: string): string[] => [...readFileSync(join(dist, file), 'utf8').matchAll(/require\("\.\/([\w.-]+\.lazy)\.js"\)/g)].map((m) => m[1] ?? '');
    assert.deepEqual([...new Set(requiredBy('extension.js'))], ['features.lazy'], 'activation loads the features and nothing else on demand');
    const required = [...new Set(['features.lazy', ...requiredBy('features.lazy.js')])].sort();
    assert.ok(onDemandSources().length >= 3, `expected the on-demand modules, found ${onDemandSources().join(', ')}`);
    assert.deepEqual(required, onDemandSources().filter((name) => !notYetInTheEditor.has(name)));
    for (const name of notYetInTheEditor) assert.ok(!required.includes(name), `${name} is loaded by the editor now: remove it from notYetInTheEditor`);
    for (const name of required) assert.ok(existsSync(join(dist, `${name}.js`)), `dist/${name}.js is missing`);
  });

  it('the Kubernetes client library lives only in its own bundle, which works by itself', async () => {
    const library = /node_modules\/@kubernetes\/client-node\/|No command was specified for exec authProvider/;
    assert.doesNotMatch(readFileSync(join(dist, 'extension.js'), 'utf8'), library, 'the activation bundle carries the Kubernetes library');
    // The CLI requires it from dist/ too: a command that never talks to Kubernetes does not parse it.
    assert.doesNotMatch(readFileSync(join(dist, 'cli.js'), 'utf8'), library, 'the CLI bundle carries the Kubernetes library');
    assert.match(readFileSync(join(dist, 'kubernetesLibrary.lazy.js'), 'utf8'), library);
    const { loadKubeConfig } = await loadBundle<typeof import('../../src/backends/engines/kubernetes/kubernetesLibrary.lazy.js')>('kubernetesLibrary.lazy');
    const asked: string[] = [];
    const text = 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://10.0.0.1:6443"}\nusers:\n- name: u\n  user: {token: abc}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u, namespace: shop}\ncurrent-context: ctx\n';
    const config = await loadKubeConfig([{ path: join(temp, 'config'), text }], { beforeRequest: (target) => (asked.push(target.href), Promise.resolve()) });
    assert.equal(config.getCurrentContext(), 'ctx');
    const options: { headers?: Record<string, unknown> } = {};
    await config.applyToHTTPSOptions(options);
    assert.equal(options.headers?.Authorization, 'Bearer abc');
    assert.deepEqual(asked, ['https://10.0.0.1:6443/']);
  });

  it('the service map layout lays dependents out above what they need', async () => {
    const { layoutServiceMap } = await loadBundle<typeof import('../../src/core/services/serviceMapLayout.lazy.js')>('serviceMapLayout.lazy');
    const layout = layoutServiceMap({ names: ['web', 'api', 'db'], dependsOn: new Map([['web', ['api']], ['api', ['db']]]) });
    const y = (id: string): number => layout.nodes.find((n) => n.id === id)?.y ?? Number.NaN;
    assert.ok(y('web') < y('api') && y('api') < y('db'), JSON.stringify(layout.nodes));
    assert.equal(layout.edges.length, 2);
  });

  it('no bundle carries a git library: git runs as the git binary through the one runner', () => {
    const bundles = readdirSync(dist).filter((f) => f.endsWith('.js'));
    assert.ok(bundles.includes('extension.js') && bundles.includes('cli.js'), bundles.join(', '));
    for (const bundle of bundles) assert.doesNotMatch(readFileSync(join(dist, bundle), 'utf8'), /node_modules\/simple-git\//, `${bundle} bundles simple-git`);
  });

  it('the report libraries find files by glob and check XML', async () => {
    const { glob, XMLValidator } = await loadBundle<typeof import('../../src/core/pipeline/junitLibraries.lazy.js')>('junitLibraries.lazy');
    mkdirSync(join(temp, 'reports'));
    writeFileSync(join(temp, 'reports', 'a.xml'), '<testsuite name="a"/>');
    writeFileSync(join(temp, 'reports', 'notes.txt'), 'not a report');
    assert.deepEqual(await glob(['reports/*.xml'], { cwd: temp }), ['reports/a.xml']);
    assert.equal(XMLValidator.validate('<testsuite name="a"/>'), true);
    assert.notEqual(XMLValidator.validate('<testsuite>'), true);
  });

  it('the service import reads a docker-compose file', async () => {
    const { importComposeFile } = await loadBundle<typeof import('../../src/backends/import/serviceImport.lazy.js')>('serviceImport.lazy');
    const file = join(temp, 'docker-compose.yml');
    writeFileSync(file, 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    depends_on: [api]\n  api:\n    image: node\n');
    const result = await importComposeFile(file);
    assert.deepEqual(result.services.map((s) => s.name).sort(), ['api', 'web']);
    assert.deepEqual(result.services.find((s) => s.name === 'web')?.config.dependsOn, ['api']);
  });

  it('the scaffold writes a devops.yaml from a folder by itself', async () => {
    const { scaffoldRepository } = await loadBundle<typeof import('../../src/backends/scaffold/scaffold.lazy.js')>('scaffold.lazy');
    const { directoryRepo } = await import('../../src/backends/scaffold/directoryRepo.js');
    writeFileSync(join(temp, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports: ["${WEB_PORT:-8080}:80"]\n');
    const scaffold = await scaffoldRepository(directoryRepo(temp), temp);
    assert.match(scaffold.text, /^ {2}web:\n {4}description: image nginx\n {4}ports: \[8080\]$/m);
    assert.deepEqual(scaffold.notes, []);
  });

  it('one that cannot be loaded fails at once with an error naming the feature', async () => {
    const missing = join(temp, 'gone.lazy.js');
    // The shape esbuild gives `await import('./gone.lazy.js')` in the extension bundle.
    const load = (): Promise<unknown> => Promise.resolve().then(() => createRequire(__filename)(missing) as unknown);
    await assert.rejects(loadOnDemand('service map', load), (error: unknown) => {
      assert.ok(DevopsError.is(error, 'io'), String(error));
      assert.match(error.message, /could not load its service map code/);
      assert.match(error.message, /gone\.lazy\.js/);
      return true;
    });
  });
});
