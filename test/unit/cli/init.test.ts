import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempRepo, type TempRepo } from '../scaffold/scaffoldKit';
import { bundleCli, type CliBundle } from './cliBundle';

// `devops-loop init` as it ships: the bundled CLI as a child process on real folders.
describe('devops-loop init (child process)', () => {
  let bundle: CliBundle;
  let repo: TempRepo;
  before(async () => (bundle = await bundleCli()));
  after(() => bundle.dispose());
  beforeEach(() => (repo = tempRepo('devops-init-')));
  afterEach(() => repo.remove());

  const project = (): void =>
    repo.write({
      'package.json': JSON.stringify({ name: 'shop', scripts: { build: 'tsc -p .', test: 'vitest run', 'deploy:staging': './deploy.sh staging' } }, null, 2),
      'compose.yaml': 'services:\n  api:\n    build: .\n    ports: ["3000:3000", "${METRICS_PORT}:9100"]\n  db:\n    image: postgres:16\n',
    });

  it('--print prints the file and its notes, and writes nothing', async () => {
    project();
    const result = await bundle.run(repo.root, 'init', '--print');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# devops\.yaml: the DevOps loop/);
    assert.match(result.stdout, /^ {6}run: npm run build$/m);
    assert.equal(result.stderr, 'compose.yaml:4: note: service "api": Port "${METRICS_PORT}:9100" skipped: it takes a port from $METRICS_PORT, which has no default and no value in .env; add the port by hand\n');
    assert.equal(existsSync(join(repo.root, 'devops.yaml')), false);
  });

  it('writes devops.yaml that `check` passes, then refuses to overwrite it', async () => {
    project();
    const written = await bundle.run(repo.root, 'init');
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /^wrote devops\.yaml: 2 services, 3 stages, 0 CI entries, 1 note above$/m);
    const text = readFileSync(join(repo.root, 'devops.yaml'), 'utf8');
    const check = await bundle.run(repo.root, 'check');
    assert.equal(check.code, 0, check.stdout);
    assert.equal(check.stdout, '');
    repo.write({ 'devops.yaml': `${text}# my own edit\n` });
    const again = await bundle.run(repo.root, 'init');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /devops\.yaml already exists; it is left as it is/);
    assert.match(readFileSync(join(repo.root, 'devops.yaml'), 'utf8'), /# my own edit\n$/);
  });

  it('takes the folder as an argument and names note files from where it runs', async () => {
    repo.write({ 'app/compose.yaml': 'services:\n  web:\n    ports: ["$PORT:80"]\n' });
    const result = await bundle.run(repo.root, 'init', 'app', '--print');
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^app\/compose\.yaml:3: note: service "web": Port/);
  });

  it('an empty folder gets a minimal file that passes check', async () => {
    assert.equal((await bundle.run(repo.root, 'init')).code, 0);
    const check = await bundle.run(repo.root, 'check');
    assert.equal(check.code, 0, check.stdout);
    assert.match(readFileSync(join(repo.root, 'devops.yaml'), 'utf8'), /^version: 1$/m);
  });

  it('takes --help and refuses a wrong command line', async () => {
    const help = await bundle.run(repo.root, 'init', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: devops-loop init \[path\] \[--print\]/);
    const wrong = await bundle.run(repo.root, 'init', 'a', 'b');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /expected at most one path/);
    const missing = await bundle.run(repo.root, 'init', 'nope');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope is not a folder/);
  });
});
