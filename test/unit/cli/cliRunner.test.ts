import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli, type CliBundle } from './cliBundle';

// The shipped CLI runs everything through the same checked runner as the editor, minus the
// editor's questions: the user typed the command, so a stage with its own variables and
// folder runs without asking, and git (a run's commit, the built-in release) is the git
// binary started by that runner.
describe('devops-loop runs stages and git through the one runner, asking nothing', function () {
  this.timeout(120_000);
  let bundle: CliBundle;
  let dir: string;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

  before(async () => (bundle = await bundleCli()));
  after(() => bundle.dispose());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-cli-runner-'));
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'Cli Runner');
    git('config', 'user.email', 'cli@test.invalid');
    git('config', 'commit.gpgsign', 'false');
    git('config', 'tag.gpgsign', 'false');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, '.gitignore'), '.devops/\n');
    writeFileSync(join(dir, 'package.json'), '{\n  "name": "cli-runner",\n  "version": "1.0.0"\n}\n');
    writeFileSync(
      join(dir, 'devops.yaml'),
      [
        'version: 1',
        'pipeline:',
        '  stages:',
        '    greet:',
        '      run: node -e "console.log(process.env.GREETING + \' from \' + require(\'path\').basename(process.cwd()) + \' in \' + process.env.DEVOPS_STAGE)"',
        '      env: { GREETING: hello, NODE_OPTIONS: "--no-warnings" }',
        '      cwd: sub',
        '    release:',
        '      kind: release',
        '',
      ].join('\n'),
    );
    git('add', '.');
    git('commit', '--quiet', '-m', 'feat: first feature');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a stage with its variables and folder at once, and records the commit git reports', async () => {
    const result = await bundle.run(dir, 'run', 'greet');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'greet | hello from sub in greet\n');
    const history = JSON.parse(readFileSync(join(dir, '.devops', 'history.json'), 'utf8')) as { runs: { commit?: string; branch?: string; who?: string }[] };
    assert.deepEqual([history.runs[0]?.commit, history.runs[0]?.branch, history.runs[0]?.who], [git('rev-parse', 'HEAD'), 'main', 'Cli Runner']);
  });

  it('releases with git: version, changelog, commit and annotated tag', async () => {
    const result = await bundle.run(dir, 'run', 'release');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /release \| Committed [0-9a-f]{7}, tagged v1\.1\.0\./);
    assert.equal(git('cat-file', '-t', 'v1.1.0'), 'tag');
    assert.equal(git('log', '-1', '--format=%s'), 'chore(release): v1.1.0');
    assert.match(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'), /## 1\.1\.0 .*\n\n### Features\n\n- first feature/);
  });
});
