import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevopsConfigFile, parseDevopsConfig } from '../../../src/core/config/loader';
import type { ConfigLoadResult } from '../../../src/core/config/loader';
import { formatProblem } from '../../../src/core/config/problem';
import type { Problem } from '../../../src/core/config/problem';

// Each bad input must give a clear, positioned error and never throw. How fast is
// measured by `npm run bench` (check.badInputWorstMs), not here.
function parse(text: string): ConfigLoadResult {
  return parseDevopsConfig(text, 'devops.yaml');
}

function firstError(text: string, code: string): Problem {
  const result = parse(text);
  assert.equal(result.config, undefined);
  const problem = result.problems.find((p) => p.severity === 'error' && p.code === code);
  assert.ok(problem, `a ${code} error among ${result.problems.map(formatProblem).join(' | ')}`);
  assert.ok(!problem.message.includes('\n'), 'one-line message');
  assert.ok(problem.line >= 1 && problem.column >= 1);
  return problem;
}

const billionLaughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat('bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n');

describe('bad input to the config loader', () => {
  it('an empty file, and one with only comments', () => {
    assert.match(firstError('', 'empty').message, /devops\.yaml is empty; it should hold keys such as `version: 1`/);
    assert.equal(firstError('# nothing yet\n\n', 'empty').line, 1);
  });

  it('a JSON array, a plain scalar and markdown are not a mapping', () => {
    assert.match(firstError('[1, 2, 3]\n', 'not-a-mapping').message, /but it holds a list/);
    assert.match(firstError('hello\n', 'not-a-mapping').message, /holds a single text value/);
    // Headings are YAML comments, so markdown prose reads as one text value starting after them.
    assert.equal(firstError('# Title\n\nSome prose.\n\n- a bullet\n', 'not-a-mapping').line, 3);
    assert.equal(firstError('# Title\n\n**Bold**: text\n', 'yaml-syntax').line, 3);
  });

  it('binary garbage with NUL bytes, at the first one', () => {
    const p = firstError('version: 1\nab\u0000\u0001\u00ff\n', 'binary');
    assert.equal(`${p.line}:${p.column}`, '2:3');
    assert.match(p.message, /U\+0000; it looks like a binary file/);
  });

  it('bytes that are not UTF-8, read from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devops-bad-'));
    try {
      const path = join(dir, 'devops.yaml');
      await writeFile(path, Buffer.from([0x76, 0x3a, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x0a]));
      const result = await loadDevopsConfigFile(path);
      assert.equal(result.problems[0].code, 'binary');
      assert.match(result.problems[0].message, /not UTF-8/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a billion-laughs alias bomb stops at the expansion limit, at the alias that crosses it', () => {
    const p = firstError(billionLaughs, 'alias-limit');
    assert.match(billionLaughs.split('\n')[p.line - 1] ?? '', /^\w: &\w \[\*\w/, 'marks a line of aliases');
    assert.ok(p.line > 2, 'the first levels expand to little and pass');
    assert.match(p.message, /alias bomb/);
  });

  it('blocks shared through nested anchors and merge keys by many services load', () => {
    // The yaml package's own alias guard refused this (it multiplies alias counts); it expands to a few KB.
    const lines = ['version: 1', 'x-probe: &probe { interval: 30s, timeout: 5s }', 'x-logs: &logs [{ command: docker compose logs -f }]', 'x-service: &service', '  health: { <<: *probe, tcp: 127.0.0.1:1 }', '  logs: *logs', 'services:'];
    for (let i = 0; i < 12; i++) lines.push(`  direct-${i}:`, '    health: { <<: *probe, tcp: 127.0.0.1:2 }', '    logs: *logs');
    for (let i = 0; i < 60; i++) lines.push(`  shared-${i}:`, '    <<: *service', `    description: number ${i}`);
    const result = parse(`${lines.join('\n')}\n`);
    assert.deepEqual(result.problems.map(formatProblem), []);
    assert.equal(Object.keys(result.config?.services ?? {}).length, 72);
    assert.equal(result.config?.services['shared-59'].health?.interval, '30s');
  });

  it('an alias inside the block it names is refused, at that alias', () => {
    const p = firstError('version: 1\nservices:\n  api: &api\n    description: x\n    self: *api\n', 'alias-limit');
    assert.equal(p.line, 5);
    assert.match(p.message, /refers to the block that contains it/);
  });

  it('a few real aliases still work', () => {
    const text = 'version: 1\nenvironments:\n  staging: &env { deploy: ./deploy.sh }\n  production: *env\n';
    const result = parse(text);
    assert.deepEqual(result.problems, []);
    assert.equal(result.config?.environments.production.deploy, './deploy.sh');
  });

  it('a 10 MB text is refused with its size, without parsing', () => {
    const big = `version: 1\nname: ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const p = firstError(big, 'too-large');
    assert.match(p.message, /devops\.yaml is 10\.0 MB, larger than the 256\.0 KB limit/);
  });

  it('a 10 MB file is refused before it is read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devops-big-'));
    try {
      const path = join(dir, 'devops.yaml');
      await writeFile(path, `version: 1\nservices:\n${'  # padding\n'.repeat(900_000)}`);
      const started = performance.now();
      const result = await loadDevopsConfigFile(path);
      assert.ok(performance.now() - started < 1000);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0].code, 'too-large');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('nesting a hundred thousand levels deep is refused quickly', () => {
    assert.equal(firstError(`version: 1\nx: ${'['.repeat(200_000)}`, 'too-deep').line, 2);
    assert.equal(firstError(`version: 1\nx:\n  ${'- '.repeat(100_000)}a\n`, 'too-deep').line, 3);
    const indented = Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    assert.equal(firstError(indented, 'too-deep').code, 'too-deep');
  });

  it('thousands of unknown keys list the first 200 and count the rest', () => {
    const text = `version: 1\n${Array.from({ length: 5000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    const result = parse(text);
    assert.equal(result.problems.length, 201);
    const more = result.problems.find((p) => p.code === 'more-problems');
    assert.equal(more?.message, '4800 more problems like these are not listed; fix the ones above first');
  });

  it('a device such as /dev/zero is refused, not read forever', async () => {
    const result = await loadDevopsConfigFile('/dev/zero');
    assert.equal(result.problems[0].code, 'not-a-file');
    assert.match(result.problems[0].message, /not a regular file/);
  });

  it('duplicate keys are marked at the second key', () => {
    const p = firstError('version: 1\nname: a\nname: b\n', 'duplicate-key');
    assert.equal(`${p.line}:${p.column}-${p.endLine}:${p.endColumn}`, '3:1-3:5');
    assert.equal(p.message, 'duplicate key `name`; a key may appear only once in a mapping');
  });

  it('CRLF line ends keep positions right', () => {
    const p = firstError('version: 1\r\nservices:\r\n  api:\r\n    portz: [1]\r\n', 'unknown-key');
    assert.equal(`${p.line}:${p.column}-${p.endLine}:${p.endColumn}`, '4:5-4:10');
    const ok = parse('version: 1\r\nservices:\r\n  api:\r\n    ports: [8080]\r\n');
    assert.deepEqual(ok.problems, []);
  });

  it('a BOM is ignored and line 1 columns stay as the editor shows them', () => {
    const p = firstError('\uFEFFversoin: 1\n', 'unknown-key');
    assert.equal(`${p.line}:${p.column}-${p.endLine}:${p.endColumn}`, '1:1-1:8');
    assert.equal(parse('\uFEFFversion: 1\r\n').problems.length, 0);
  });

  it('tabs for indentation get a clear message at the tab', () => {
    const p = firstError('version: 1\nservices:\n\tapi: {}\n', 'yaml-syntax');
    assert.equal(`${p.line}:${p.column}`, '3:1');
    assert.match(p.message, /tabs are not allowed for indentation/);
  });

  it('a broken flow collection gives a few syntax errors, not hundreds', () => {
    const result = parse(`version: 1\nx: ${'[a, '.repeat(90)}\n`);
    assert.ok(result.problems.length > 0 && result.problems.length <= 20, `${result.problems.length} problems`);
  });
});
