import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contextValue, rowCapabilities, rowKinds } from '../../src/vscode/trees/contextValue';

// Every row's contextValue comes from the one builder, and every word a menu of
// package.json matches (`viewItem =~ /\bcancelable\b/`) is one the builder knows.

const root = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The words a `when` clause matches in viewItem: `viewItem =~ /\bword\b/` and `viewItem =~ /^kind\b/`. */
export function matchedWords(when: string): string[] {
  return [...when.matchAll(/viewItem\s*=~\s*\/(?:\\b|\^)([\w-]+)\\b\//g)].map((match) => match[1] ?? '');
}

/** `contextValue:` properties (outside comments and type declarations) whose value is not a call of the builder. */
export function otherBuilders(text: string): string[] {
  const code = text.split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line)).join('\n');
  return [...code.matchAll(/\bcontextValue:\s*([^,\n}]+)/g)]
    .map((match) => (match[1] ?? '').trim())
    .filter((value) => !value.startsWith('contextValue(') && !/^string;?$/.test(value));
}

describe('contextValue: one builder, words the menus know', () => {
  it('puts the kind first, then each word once, sorted', () => {
    assert.equal(contextValue('ci-run', ['rerunnable', 'cancelable', 'rerunnable']), 'ci-run cancelable rerunnable');
    assert.equal(contextValue('info'), 'info');
  });

  it('reads the words of when clauses and spots other builders', () => {
    assert.deepEqual(matchedWords('view == devops.ci && viewItem =~ /\\brerunnable-failed\\b/ && viewItem =~ /^service\\b/'), ['rerunnable-failed', 'service']);
    assert.deepEqual(otherBuilders("contextValue: contextValue('info'),\ncontextValue: `ci-step`, contextValue: 'x'\n  contextValue: string;\n // contextValue: y"), ['`ci-step`', "'x'"]);
  });

  it('every word a menu matches is a kind or capability of the builder', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { when?: string }[]> } };
    const known = new Set<string>([...rowKinds, ...rowCapabilities]);
    const words = Object.values(manifest.contributes.menus).flat().flatMap((entry) => matchedWords(entry.when ?? ''));
    assert.ok(words.length > 20, `menus match row words: ${words.join(', ')}`);
    const unknown = words.filter((word) => !known.has(word));
    assert.deepEqual(unknown, [], `menus match words no row can carry: ${unknown.join(', ')}`);
  });

  it('no row builds its contextValue another way', () => {
    const found = sourceFiles(join(root, 'src')).flatMap((file) => otherBuilders(readFileSync(file, 'utf8')).map((value) => `${relative(root, file)}: ${value}`));
    assert.deepEqual(found, []);
  });
});
