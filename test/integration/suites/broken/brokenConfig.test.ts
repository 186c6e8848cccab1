import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, ids, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';

// Lines are 1-based in these comments; diagnostics are 0-based.
const schemaErrors = [
  'version: 1', // 1
  'services:', // 2
  '  api:', // 3
  '    ports: [http]', // 4  a string where a port number belongs
  '    dependsOn: store', // 5  a string where a list belongs
  'pipelin:', // 6  unknown key, did you mean pipeline?
  '  stages: {}', // 7
].join('\n');

const referenceErrors = [
  'version: 1', // 1
  'services:', // 2
  '  api:', // 3
  '    dependsOn: [ghost]', // 4  a service that does not exist
  '  web:', // 5
  '    dependsOn: [web]', // 6  depends on itself
  'pipeline:', // 7
  '  stages:', // 8
  '    build:', // 9
  '      run: echo build', // 10
  '      needs: [test]', // 11  build → test → build
  '    test:', // 12
  '      run: echo test', // 13
  '      needs: [build]', // 14
].join('\n');

// Values the schema refuses, then values the checks after it refuse (they run once the schema holds).
const hostileDurations = [
  'version: 1', // 1
  'services:', // 2
  '  api:', // 3
  '    health: { http: "http://127.0.0.1:1/healthz", interval: 200ms }', // 4  probe interval under 1 s
  'pipeline:', // 5
  '  stages:', // 6
  '    build: { run: make, timeout: 600h }', // 7  longer than a timer can wait
].join('\n');

const hostilePatternAndPath = [
  'version: 1', // 1
  'services:', // 2
  '  api:', // 3
  '    health: { http: "http://127.0.0.1:1/healthz", bodyMatch: "(ok" }', // 4  not a pattern
  '    logs: [{ file: ../../var/log/syslog }]', // 5  a path out of the folder
].join('\n');

/** Waits until the file's errors are exactly `expected`, in line order ("line: message"). */
async function expectErrors(uri: vscode.Uri, expected: RegExp[]): Promise<void> {
  let last: string[] = [];
  try {
    await waitFor('the expected errors', () => {
      last = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => `${d.range.start.line + 1}: ${d.message}`).sort();
      return last.length === expected.length && expected.every((pattern, i) => pattern.test(last[i] ?? '')) ? true : undefined;
    });
  } catch (error) {
    assert.fail(`${(error as Error).message}; the errors were:\n${last.join('\n')}`);
  }
}

function errorLines(uri: vscode.Uri): number[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .map((d) => d.range.start.line)
    .sort((a, b) => a - b);
}

// A devops.yaml that turns invalid: positioned problems, the last good data kept and
// marked stale, and everything back to normal once fixed.
describe('a devops.yaml that breaks and is fixed again', () => {
  let api: DevopsTestApi;
  let configUri: vscode.Uri;
  let original: string;
  let goodServices: string[];

  before(async () => {
    api = await activateExtension();
    configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    original = await readText(configUri);
    assert.equal(api.config.snapshot.state, 'valid');
    goodServices = ids(api.views.services.getChildren());
    assert.ok(goodServices.length > 0);
  });

  after(async () => {
    await writeText(configUri, original);
  });

  it('puts schema errors into the Problems panel at their lines and keeps the last good data, marked stale', async () => {
    await writeText(configUri, schemaErrors);
    await waitFor('the store to turn stale', () => api.config.snapshot.state === 'stale');
    const lines = await waitFor('diagnostics for devops.yaml', () => (errorLines(configUri).length >= 3 ? errorLines(configUri) : undefined));
    for (const line of [3, 4, 5]) assert.ok(lines.includes(line), `an error on line ${line + 1}; got ${lines.map((l) => l + 1).join(', ')}`);
    const unknownKey = vscode.languages.getDiagnostics(configUri).find((d) => d.range.start.line === 5);
    assert.match(unknownKey?.message ?? '', /pipeline/);
    assert.equal(api.contextKey('devops.config'), 'stale');

    const rows = ids(api.views.services.getChildren());
    assert.deepEqual(rows, ['services/stale', ...goodServices]);
    assert.match(api.views.services.message ?? '', /last good/);
    assert.ok(api.views.plan.findRow('plan/sprint'), 'the plan still shows the sprint');
    assert.ok(api.views.pipeline.findRow('pipeline/stale'));
  });

  it('reports unknown references, self-dependencies and cycles at their lines', async () => {
    await writeText(configUri, referenceErrors);
    const expected = [3, 5, 10];
    const lines = await waitFor('reference diagnostics', () => {
      const found = errorLines(configUri);
      return expected.every((line) => found.includes(line)) ? found : undefined;
    });
    assert.ok(lines.every((line) => line >= 3), `no error before line 4; got ${lines.map((l) => l + 1).join(', ')}`);
    assert.equal(api.config.snapshot.state, 'stale');
    assert.deepEqual(ids(api.views.services.getChildren()), ['services/stale', ...goodServices]);
  });

  it('refuses hostile values at their lines: a probe interval under 1 s, a 600h timeout, a pattern that does not compile, a path out of the folder', async () => {
    await writeText(configUri, hostileDurations);
    await expectErrors(configUri, [/^4: .*200ms is shorter than the 1s minimum/, /^7: .*600h is longer than the 576h \(24 days\)/]);
    await writeText(configUri, hostilePatternAndPath);
    await expectErrors(configUri, [/^4: bodyMatch is not a regular expression/, /^5: .*leads out of the folder of devops\.yaml/]);
    assert.equal(api.config.snapshot.state, 'stale');
  });

  it('Reveal Problem picks among the problems and opens devops.yaml at the one picked', async () => {
    await writeText(configUri, referenceErrors);
    await waitFor('reference diagnostics', () => errorLines(configUri).includes(10));
    let offered: string[] = [];
    api.prompts.answer('config.problem', (prompt) => {
      offered = prompt.options;
      return offered.find((label) => /cycle/.test(label));
    });
    try {
      await vscode.commands.executeCommand('devops.revealProblem');
      assert.ok(offered.length >= 3, offered.join('\n'));
      const editor = await waitFor('devops.yaml open', () => vscode.window.activeTextEditor);
      assert.equal(editor.document.uri.toString(), configUri.toString());
      const cycle = vscode.languages.getDiagnostics(configUri).find((d) => /cycle/.test(d.message));
      assert.equal(editor.selection.start.line, cycle?.range.start.line, 'the cursor is on the problem picked');
    } finally {
      api.prompts.answer('config.problem', undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('clears the problems and the stale mark once the file is fixed', async () => {
    await writeText(configUri, original);
    await waitFor('the store to be valid again', () => api.config.snapshot.state === 'valid');
    await waitFor('the problems to clear', () => vscode.languages.getDiagnostics(configUri).length === 0);
    assert.deepEqual(ids(api.views.services.getChildren()), goodServices);
    assert.equal(api.views.services.message, undefined);
    assert.equal(api.contextKey('devops.config'), 'valid');
  });
});
