import * as vscode from 'vscode';
import type { ImportedService, ServiceImport } from '../../backends/import/importTypes';
import { loadOnDemand } from '../../core/loadOnDemand';
import type { ConfigStore } from '../config/configStore';
import type { PickItem, UserPrompts } from '../prompts/userPrompts';
import { appendServices } from '../../core/services/importAppend';

const COMPOSE_GLOB = '**/{docker-compose,compose}*.{yml,yaml}';
const YAML_GLOB = '**/*.{yml,yaml}';
const EXCLUDE = '**/{node_modules,.git,dist,out}/**';

interface FoundFile {
  uri: vscode.Uri;
  format: 'compose' | 'kubernetes';
}

/**
 * Import Services: pick compose files / Kubernetes manifests, preview the services they
 * would add (already declared ones are marked and left out), then append the chosen ones
 * to devops.yaml as an undoable edit that keeps the rest of the file as it was.
 */
export async function importServicesCommand(configStore: ConfigStore, log: vscode.LogOutputChannel, prompts: UserPrompts): Promise<void> {
  const files = await candidateFiles();
  if (files.length === 0) {
    void prompts.notify({ topic: 'services.import', level: 'info', text: 'No docker-compose files or Kubernetes manifests found in this workspace.' });
    return;
  }
  const picked = await prompts.pickMany({ topic: 'services.import', items: files, placeHolder: 'Import services from which files?' });
  if (!picked || picked.length === 0) return;
  const { importComposeFile, importKubernetesFiles } = await loadOnDemand('service import', () => import('../../backends/import/serviceImport.lazy.js'));
  const results: ServiceImport[] = [];
  // Commands name the file as seen from the workspace root, where devops.yaml and its commands run.
  for (const file of picked.filter((f) => f.format === 'compose')) results.push(await importComposeFile(file.uri.fsPath, { commandPath: vscode.workspace.asRelativePath(file.uri, false) }));
  const manifests = picked.filter((f) => f.format === 'kubernetes').map((f) => f.uri.fsPath);
  if (manifests.length > 0) results.push(await importKubernetesFiles(manifests));
  const notes = results.flatMap((r) => r.notes);
  for (const note of notes) log.info(`import ${note.severity}: ${vscode.workspace.asRelativePath(note.file)}${note.line === undefined ? '' : `:${note.line}`}${note.service ? ` (${note.service})` : ''}: ${note.message}`);
  const declared = new Set(Object.keys(configStore.snapshot.config?.services ?? {}));
  const items = results.flatMap((r) => r.services).map((service) => previewItem(service, declared.has(service.name)));
  const fresh = items.filter((i) => !declared.has(i.value.name));
  if (fresh.length === 0) {
    const text = `Nothing to add: ${items.length === 0 ? 'the files declare no services' : 'devops.yaml already has every service found'}.${notes.length ? ' Notes are in the output.' : ''}`;
    void prompts.notify({ topic: 'services.import', level: 'info', text });
    return;
  }
  const chosen = await prompts.pickMany({
    topic: 'services.import',
    items: fresh,
    placeHolder: `Add these services to devops.yaml? (${notes.length} note${notes.length === 1 ? '' : 's'} in the DevOps Loop output)`,
  });
  if (!chosen || chosen.length === 0) return;
  await appendToConfig(configStore, prompts, chosen.map((service) => ({ name: service.name, config: service.config })));
}

async function appendToConfig(configStore: ConfigStore, prompts: UserPrompts, services: { name: string; config: ImportedService['config'] }[]): Promise<void> {
  const uri = configStore.snapshot.uri ?? vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'devops.yaml');
  const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
  if (!exists) {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(appendServices('version: 1\n', services).text) });
    await vscode.workspace.applyEdit(edit);
  } else {
    const document = await vscode.workspace.openTextDocument(uri);
    const result = appendServices(document.getText(), services);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), result.text);
    await vscode.workspace.applyEdit(edit);
    await document.save();
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  void prompts.notify({ topic: 'services.import', level: 'info', text: `Added ${services.length} service${services.length === 1 ? '' : 's'} to devops.yaml: ${services.map((s) => s.name).join(', ')}.` });
}

function previewItem(service: ImportedService, declared: boolean): PickItem<ImportedService> {
  const { config } = service;
  const facts = [
    config.ports.length ? `ports ${config.ports.join(', ')}` : '',
    config.dependsOn.length ? `needs ${config.dependsOn.join(', ')}` : '',
    config.health ? `health ${config.health.http ?? config.health.tcp ?? config.health.command ?? ''}` : '',
    service.replicas !== undefined ? `${service.replicas} replicas` : '',
  ].filter(Boolean);
  return {
    label: service.name,
    description: `${declared ? 'already in devops.yaml · ' : ''}${vscode.workspace.asRelativePath(service.source.file)} (${service.source.kind})`,
    detail: facts.join(' · ') || 'no ports or health check found',
    picked: !declared,
    value: service,
  };
}

async function candidateFiles(): Promise<PickItem<FoundFile>[]> {
  const compose = await vscode.workspace.findFiles(COMPOSE_GLOB, EXCLUDE, 50);
  const composeSet = new Set(compose.map((u) => u.toString()));
  const items: PickItem<FoundFile>[] = compose.map((uri) => ({ value: { uri, format: 'compose' }, label: vscode.workspace.asRelativePath(uri), description: 'docker-compose' }));
  for (const uri of await vscode.workspace.findFiles(YAML_GLOB, EXCLUDE, 300)) {
    if (composeSet.has(uri.toString()) || uri.path.endsWith('/devops.yaml')) continue;
    const head = new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).subarray(0, 4096));
    // A manifest names apiVersion and kind at the top of some document; cheap to check.
    if (/^apiVersion:/m.test(head) && /^kind:\s*(Deployment|StatefulSet|DaemonSet|ReplicationController|Pod|Service)\b/m.test(head)) {
      items.push({ value: { uri, format: 'kubernetes' }, label: vscode.workspace.asRelativePath(uri), description: 'Kubernetes manifest' });
    }
  }
  return items;
}
