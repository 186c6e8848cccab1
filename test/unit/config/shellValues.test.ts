import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { importComposeText } from '../../../src/backends/import/composeImport';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { stagesFromScripts } from '../../../src/backends/scaffold/packageScripts';
import { shellWord } from '../../../src/core/shellWord';

// Command lines written from values in a repository's files (a compose service's name, a
// package.json script's name) run through a real /bin/sh here, with `docker` and `npm`
// replaced by a stand-in that prints the arguments it got: each value must arrive as one
// argument, exactly as written, and nothing in it may run.
describe('values from repository files in command lines', () => {
  let dir: string;
  const runner = new NodeProcessRunner({ isTrusted: () => true });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'devops-shell-values-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['docker', 'npm', 'yarn']) {
      writeFileSync(join(bin, tool), '#!/usr/bin/env node\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)));\n');
      chmodSync(join(bin, tool), 0o755);
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a command line as a stage would and returns the arguments the stand-in received. */
  async function argumentsOf(command: string): Promise<string[]> {
    const env = { PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}` };
    const child = runner.start({ purpose: { kind: 'stage', source: 'test' }, command, cwd: dir, env });
    let out = '';
    child.onStdout((chunk) => (out += chunk.toString('utf8')));
    const exit = await child.exited;
    assert.equal(exit.code, 0, `${command} failed`);
    return JSON.parse(out) as string[];
  }
  const ranNothing = (): void => assert.deepEqual(readdirSync(dir).sort(), ['bin'], 'no file was made by a value');

  const hostile = ['web$(touch pwned)', 'api`touch pwned2`', "db';touch pwned3;'", 'cache; touch pwned4', 'a b'];

  it('a quoted word passes through the shell unchanged', async () => {
    for (const value of [...hostile, '', "it's", 'plain-name_1.0']) {
      assert.deepEqual(await argumentsOf(`docker ${shellWord(value)}`), [value], value);
    }
    assert.equal(shellWord('plain-name_1.0'), 'plain-name_1.0', 'plain words stay readable');
    ranNothing();
  });

  it('a compose service named with shell syntax becomes log and restart commands that pass the name as it is', async () => {
    const compose = `services:\n${hostile.map((name) => `  ${JSON.stringify(name)}:\n    image: nginx\n`).join('')}`;
    const result = importComposeText(compose, join(dir, 'my compose.yml'));
    assert.equal(result.services.length, hostile.length);
    for (const service of result.services) {
      assert.deepEqual(await argumentsOf(service.config.logs[0]?.command ?? ''), ['compose', '-f', 'my compose.yml', 'logs', '-f', '--no-log-prefix', service.name]);
      assert.deepEqual(await argumentsOf(service.config.actions.restart?.run ?? ''), ['compose', '-f', 'my compose.yml', 'restart', service.name]);
    }
    ranNothing();
  });

  it('a package.json script named with shell syntax becomes a stage that runs exactly that script', async () => {
    const scripts = { 'build:$(touch pwned)': 'tsc', 'test:`touch pwned2`': 'mocha' };
    for (const manager of ['npm', 'yarn']) {
      const { stages } = stagesFromScripts(scripts, manager);
      const runs = Object.values(stages).map((stage) => stage.run ?? '');
      assert.equal(runs.length, 2);
      const received = await Promise.all(runs.map(argumentsOf));
      assert.deepEqual(received.map((args) => args.at(-1)).sort(), Object.keys(scripts).sort(), manager);
    }
    assert.equal(existsSync(join(dir, 'pwned')), false);
    ranNothing();
  });
});
