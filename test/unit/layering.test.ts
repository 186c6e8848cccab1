import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Only src/vscode/ and src/extension.ts may import 'vscode' (ARCHITECTURE.md "Layers").
// Lint says so too; this makes the plain unit run fail on a layering break as well.

const root = join(__dirname, '..', '..', '..');
const plainLayers = ['src/core', 'src/backends', 'src/protocol', 'src/webview', 'src/cli'];

/** import … from 'vscode', import 'vscode', import('vscode'), require('vscode'), export … from 'vscode', and 'vscode/…' subpaths. */
const vscodeImport = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"`])vscode(?:\/[^'"`]*)?\1/;

export function vscodeImportLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (vscodeImport.test(line) ? [i + 1] : []));
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
});
