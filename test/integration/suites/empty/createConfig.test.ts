import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDevopsConfig } from '../../../../src/core/config/loader';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, ids, readText, row, waitFor, workspaceRoot, writeText } from './extensionUnderTest';

const packageJson = JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { build: 'tsc -p .', test: 'mocha' } }, null, 2);
const compose = `services:
  web:
    image: nginx
    ports:
      - "8080:80"
    depends_on:
      - db
  db:
    image: postgres
    ports:
      - "5432:5432"
`;

// An empty folder: the welcome view, then Create devops.yaml from what the repository has.
describe('a workspace without devops.yaml', () => {
  let api: DevopsTestApi;
  const created: vscode.Uri[] = [];

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('sets the welcome context key and shows no rows', () => {
    assert.equal(api.config.snapshot.state, 'missing');
    assert.equal(api.contextKey('devops.config'), 'missing');
    assert.deepEqual(api.views.plan.getChildren(), []);
    assert.deepEqual(api.views.services.getChildren(), []);
    assert.deepEqual(api.views.pipeline.getChildren(), []);
    assert.equal(api.ports.processStarts, 0);
  });

  it('Create devops.yaml writes a valid file from package.json and docker-compose.yml, and the views show it', async () => {
    const root = workspaceRoot();
    for (const [name, text] of [['package.json', packageJson], ['docker-compose.yml', compose]] as const) {
      const uri = vscode.Uri.joinPath(root, name);
      await writeText(uri, text);
      created.push(uri);
    }
    const target = vscode.Uri.joinPath(root, 'devops.yaml');
    created.push(target);
    await vscode.commands.executeCommand('devops.createConfig');

    const { config, problems } = parseDevopsConfig(await readText(target), target.fsPath);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    assert.ok(config);
    assert.deepEqual(Object.keys(config.services).sort(), ['db', 'web']);
    assert.deepEqual(config.services['web']?.dependsOn, ['db']);
    assert.ok(config.pipeline && 'build' in config.pipeline.stages && 'test' in config.pipeline.stages, 'package.json scripts became stages');

    await waitFor('the config store to read the new file', () => api.config.snapshot.state === 'valid');
    assert.equal(api.contextKey('devops.config'), 'valid');
    const services = api.views.services;
    assert.deepEqual(ids(services.getChildren()).sort(), ['services/db', 'services/web']);
    assert.deepEqual(services.getChildren(row(services, 'services/web/dependsOn')).map((r) => r.label), ['db']);
    const stages = api.views.pipeline.getChildren(row(api.views.pipeline, 'pipeline/stages')).map((r) => r.label);
    assert.ok(stages.includes('build') && stages.includes('test'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), 'the new file is open');
  });

  it('checks devops.yaml while it is typed, before any save and without a YAML extension', async () => {
    const target = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    const editor = await vscode.window.showTextDocument(target);
    const errors = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(target).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors(), []);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((edit) => edit.insert(end, '\nservics: {}\n')));
    const typo = await waitFor('a problem for the unsaved typo', () => errors().find((d) => /unknown key `servics`/.test(d.message)), 5000);
    assert.equal(typo.range.start.line, end.line + 1);
    assert.ok(editor.document.isDirty, 'nothing was saved');
    assert.equal(api.config.snapshot.state, 'valid', 'the views keep following the saved file');

    const typed = new vscode.Range(end, editor.document.lineAt(editor.document.lineCount - 1).range.end);
    assert.ok(await editor.edit((edit) => edit.delete(typed)));
    await waitFor('the problem to go once the typo is gone', () => errors().length === 0, 5000);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.isDirty, false);
  });
});
