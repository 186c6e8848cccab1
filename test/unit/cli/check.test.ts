import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli, type CliBundle, type CliRun } from './cliBundle';

// The CLI runs as a real child process from a bundle made the way scripts/build.mjs
// makes dist/cli.js, so what is tested is what ships.

describe('devops-loop CLI (child process)', () => {
  let bundle: CliBundle;
  let work: string;

  before(async () => {
    bundle = await bundleCli();
  });
  after(async () => {
    await bundle.dispose();
  });
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'devops-cli-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const run = (...args: string[]): Promise<CliRun> => bundle.run(work, ...args);
  const file = (name: string, text: string | Buffer): Promise<void> => writeFile(join(work, name), text);

  it('check of a valid ./devops.yaml (the default path) exits 0 and prints nothing on stdout', async () => {
    await file('devops.yaml', 'version: 1\nservices:\n  api: { ports: [8080] }\n');
    const result = await run('check');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /devops\.yaml: no problems/);
  });

  it('prints path:line:col: error: message for each problem and exits 1', async () => {
    await file('my.yaml', 'version: 1\nservics: {}\nservices:\n  api: { dependsOn: [api] }\n');
    const result = await run('check', 'my.yaml');
    assert.equal(result.code, 1);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), ['my.yaml:2:1: error: unknown key `servics` (did you mean `services`?)']);
    assert.match(result.stderr, /1 error, 0 warnings/);
  });

  it('a stage offered on an event that does not exist is an error at that value; `on: [merge]` is fine', async () => {
    const stages = '  stages:\n    build: { run: npm run build }\n    ship:\n      run: ./ship.sh\n      needs: [build]\n';
    await file('devops.yaml', `version: 1\n# ship after a merge\npipeline:\n${stages}      on: [merge, Push]\n`);
    const result = await run('check');
    assert.equal(result.code, 1);
    assert.deepEqual(result.stdout.trimEnd().split('\n'), ['devops.yaml:9:19: error: `pipeline.stages.ship.on[1]` must be `merge`']);
    await file('devops.yaml', `version: 1\npipeline:\n${stages}      on:\n        - merge\n`);
    assert.equal((await run('check')).code, 0);
  });

  it('warnings alone exit 0', async () => {
    await file('devops.yaml', 'version: 1\npipeline:\n  stages:\n    ship: { kind: deploy, run: ./ship.sh }\n');
    const result = await run('check', '.');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^devops\.yaml:4:5: warning: deploy stage `ship` has no `environment`/);
  });

  it('--json prints the same problems as JSON', async () => {
    await file('devops.yaml', 'version: 1\nservices:\n  a: { dependsOn: [b] }\n  b: { dependsOn: [a] }\n');
    const result = await run('check', '--json');
    assert.equal(result.code, 1);
    const data = JSON.parse(result.stdout) as { files: string[]; errorCount: number; warningCount: number; problems: { line: number; column: number; code: string; message: string }[] };
    assert.deepEqual(data.files, ['devops.yaml']);
    assert.equal(data.errorCount, 1);
    assert.equal(data.warningCount, 0);
    assert.equal(data.problems[0].code, 'cycle');
    assert.equal(data.problems[0].message, 'dependency cycle: a → b → a');
    assert.deepEqual([data.problems[0].line, data.problems[0].column], [3, 20]);
  });

  it('also checks the sprint file that plan.file names', async () => {
    await mkdir(join(work, 'plan'));
    await file('devops.yaml', 'version: 1\nplan:\n  file: plan/sprint.yaml\n  statuses: [todo, done]\n');
    await file('plan/sprint.yaml', 'sprint: { name: S1, start: 2026-11-01, end: 2026-11-14 }\nitems:\n  - { id: A-1, title: One, status: todo }\n  - { id: A-1, title: Two, status: dnoe }\n');
    const result = await run('check');
    assert.equal(result.code, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^plan\/sprint\.yaml:4:11: error: duplicate item id `A-1` \(first used on line 3\)$/);
    assert.match(lines[1], /^plan\/sprint\.yaml:4:36: error: unknown status `dnoe` \(did you mean `done`\?\)/);
  });

  it('a missing sprint file is an error', async () => {
    await file('devops.yaml', 'version: 1\nplan: { provider: file }\n');
    const result = await run('check');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^sprint\.yaml:1:1: error: no such file \(expected the sprint file\)/);
  });

  it('a missing config file is one clear error', async () => {
    const result = await run('check', 'nope.yaml');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'nope.yaml:1:1: error: no such file (expected devops.yaml)\n');
  });

  it('bad input gives one clear line quickly: binary, 10 MB, alias bomb, tabs, BOM with CRLF', async () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefg'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)].join('\n');
    const cases: [string, string | Buffer, RegExp][] = [
      ['binary.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]), /^binary\.yaml:1:1: error: .*binary file/],
      ['big.yaml', `version: 1\n${'#'.repeat(10 * 1024 * 1024)}\n`, /^big\.yaml:1:1: error: devops\.yaml is 10\.0 MB, larger than the 256\.0 KB limit/],
      ['bomb.yaml', bomb, /^bomb\.yaml:7:\d+: error: aliases expand to more than 2 MB of data; this looks like an alias bomb\n$/],
      ['tabs.yaml', 'version: 1\nservices:\n\tapi: {}\n', /^tabs\.yaml:3:1: error: tabs are not allowed/],
      ['bom.yaml', '\uFEFFversion: 1\r\nsevices: {}\r\n', /^bom\.yaml:2:1: error: unknown key `sevices`/],
    ];
    for (const [name, text, expected] of cases) {
      await file(name, text);
      const result = await run('check', name);
      assert.equal(result.code, 1, name);
      assert.match(result.stdout, expected);
      assert.ok(result.ms < 10_000, `${name} took ${result.ms} ms including Node start`);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('--help lists the commands; check --help shows its options', async () => {
    const help = await run('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: devops-loop <command>/);
    assert.match(help.stdout, /^\s+check\s+check devops\.yaml/m);
    const checkHelp = await run('check', '--help');
    assert.equal(checkHelp.code, 0);
    assert.match(checkHelp.stdout, /--json/);
  });

  it('an unknown command, an unknown option and no command are usage errors with exit 2', async () => {
    const unknown = await run('chek');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^devops-loop: unknown command `chek` \(did you mean `check`\?\)/);
    const option = await run('check', '--jsn');
    assert.equal(option.code, 2);
    assert.match(option.stderr, /devops-loop check: .*'--jsn'/);
    const none = await run();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage: devops-loop/);
  });
});
