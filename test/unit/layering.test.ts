import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// Only src/vscode/ and src/extension.ts may import 'vscode' (ARCHITECTURE.md "Layers").
// Lint says so too; this makes the plain unit run fail on a layering break as well.
// And no module of src imports itself through others: an import circle makes the order of
// loading decide what a module sees, and hides which of two modules is the lower one.

const root = join(__dirname, '..', '..', '..');
const plainLayers = ['src/core', 'src/backends', 'src/protocol', 'src/webview', 'src/cli'];

/** import … from 'vscode', import 'vscode', import('vscode'), require('vscode'), export … from 'vscode', and 'vscode/…' subpaths. */
const vscodeImport = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])vscode(?:\/[^'"`]*)?\1/;

export function vscodeImportLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (vscodeImport.test(line) ? [i + 1] : []));
}

/**
 * The modules a TypeScript file imports at load time: `import … from`, `import '…'` and
 * `export … from`, type-only ones included (a circle of types still ties two modules
 * together); `await import('…')` loads on demand, after both modules exist, so it is left out.
 */
export function importedSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(/(?:^|[;\n])\s*(?:import|export)\s+(?:[^;'"`]*?\bfrom\s*)?(['"])([^'"]+)\1/g)].map((match) => match[2] ?? '');
}

/** Every circle in an import graph (file → files it imports), each once, as the files it goes through. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components: a component of two or more files is a circle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return circles;
}

/** The import graph of the .ts files under `dir`: relative imports resolved to files. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir).filter((f) => f.endsWith('.ts'))) {
    const targets = importedSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const base = resolve(dirname(file), specifier).replace(/\.js$/, '');
        return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate)) ?? base;
      });
    graph.set(relative(root, file), [...new Set(targets.map((target) => relative(root, target)))]);
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return []; // a layer that does not exist yet has nothing to break
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

describe('layering', () => {
  it('recognizes every way of importing vscode, and nothing else', () => {
    const imports = [
      "import * as vscode from 'vscode';",
      'import { window } from "vscode";',
      "import type { Uri } from 'vscode';",
      "import 'vscode';",
      "const vscode = require('vscode');",
      "const v = await import('vscode');",
      "export { Disposable } from 'vscode';",
      "import { x } from 'vscode/lib';",
    ];
    for (const line of imports) assert.deepEqual(vscodeImportLines(line), [1], line);
    const fine = ["import { z } from 'zod';", "// talk about 'vscode' here", "const name = 'vscode';", "import { x } from './vscodeish';", "import { y } from '@types/vscode';"];
    for (const line of fine) assert.deepEqual(vscodeImportLines(line), [], line);
  });

  it(`no file under ${plainLayers.join(', ')} imports vscode`, () => {
    const files = plainLayers.flatMap((layer) => sourceFiles(join(root, layer)));
    assert.ok(files.length > 10, `expected the source tree at ${root}, found ${files.length} files`);
    const breaks = files.flatMap((file) => vscodeImportLines(readFileSync(file, 'utf8')).map((line) => `${relative(root, file)}:${line}`));
    assert.deepEqual(breaks, [], `these import 'vscode' outside src/vscode/: ${breaks.join(', ')}`);
  });

  it('reads the imports of a module the way TypeScript writes them, and finds circles', () => {
    const text = [
      "import * as vscode from 'vscode';",
      "import type { A } from './a';",
      'import {',
      '  b,',
      "} from '../b';",
      "export { c } from './c';",
      "import './side-effect';",
      "// import { gone } from './comment';",
      "const lazy = await import('./lazy.js');",
      "const text = 'not from here';",
      "export function quoted(): string { return 'x'; }",
      "export const named = 'y';",
    ].join('\n');
    assert.deepEqual(importedSpecifiers(text), ['vscode', './a', '../b', './c', './side-effect']);
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a', 'd']], ['e', []]]);
    assert.deepEqual(importCircles(graph), [['a', 'b', 'c'], ['d']]);
  });

  it('no module of src imports itself through other modules', () => {
    const graph = importGraph(join(root, 'src'));
    assert.ok(graph.size > 100, `expected the source tree, found ${graph.size} files`);
    const circles = importCircles(graph).map((circle) => circle.join(' → '));
    assert.deepEqual(circles, [], `import circles in src:\n${circles.join('\n')}`);
  });

  it('src/vscode holds only what talks to the editor: each file imports vscode or another file of src/vscode', () => {
    // Editor glue that needs neither: the command ids of package.json, the words its menus
    // match, the bundler's on-demand imports, the counter of what went through the ports.
    const glue = ['src/vscode/commands/commandTable.ts', 'src/vscode/trees/contextValue.ts', 'src/vscode/lazyCore.ts', 'src/vscode/trust/portUsage.ts'];
    const graph = importGraph(join(root, 'src', 'vscode'));
    const plain = [...graph]
      .filter(([file, targets]) => !glue.includes(file) && vscodeImportLines(readFileSync(join(root, file), 'utf8')).length === 0 && !targets.some((target) => target.startsWith('src/vscode/')))
      .map(([file]) => file);
    assert.deepEqual(plain, [], 'plain logic belongs in src/core (or a backend in src/backends)');
  });
});
