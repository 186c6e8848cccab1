import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { waitFor } from '../empty/extensionUnderTest';
import { providerRows, runRow } from './ciProvidersWorkspace';

// Shared by the live log suites: open a job's log from the CI Runs view the way its row
// does, and check that a growing log stays one document in one editor.

/** Waits until the CI Runs view shows run `runId` under the provider `prefix`. */
export async function runShown(api: DevopsTestApi, prefix: string, runId: string, requests: () => string[]): Promise<void> {
  try {
    await waitFor(`run ${runId} of ${prefix} in the CI Runs view`, () => providerRows(api, prefix).runs.find((row) => row.id.endsWith(`/run/${runId}`)), 30_000);
  } catch (error) {
    const rows = api.ci.view.getChildren().map((row) => ({ id: row.id, label: row.label, description: row.description, children: row.children.map((child) => `${child.id}: ${child.label}`) }));
    throw new Error(`${String(error)}; the view shows ${JSON.stringify(rows)}; the server saw ${JSON.stringify(requests())}`, { cause: error });
  }
}

function logOfRun(runId: string): vscode.TextDocument | undefined {
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === 'devops-ci-log' && editor.document.uri.query.includes(`|${runId}|`))?.document;
}

/**
 * Opens the log of job `jobId` of run `runId` (no job: the run row's own log, as Jenkins
 * keeps one console per build) and waits until its text satisfies `until`.
 */
export async function openJobLog(api: DevopsTestApi, prefix: string, runId: string, jobId: string | undefined, until: (text: string) => boolean): Promise<vscode.TextDocument> {
  let rowId = runRow(api, prefix, runId).id;
  if (jobId !== undefined) {
    api.ci.expand(rowId);
    const job = await waitFor(`job ${jobId} under run ${runId}`, () => runRow(api, prefix, runId).children.find((row) => row.id.endsWith(`/job/${jobId}`)), 20_000);
    rowId = job.id;
  }
  await vscode.commands.executeCommand('devops.ci.openLog', rowId);
  try {
    return await waitFor(`the log of run ${runId} with its first lines`, () => {
      const doc = logOfRun(runId);
      return doc && until(doc.getText()) ? doc : undefined;
    }, 30_000);
  } catch (error) {
    const seen = vscode.workspace.textDocuments.filter((doc) => doc.uri.scheme === 'devops-ci-log').map((doc) => `${doc.uri.toString()}: ${doc.getText().slice(0, 300)}`);
    throw new Error(`${String(error)}; log documents: ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** The log is still the one document of its URI, shown in an editor: it grew in place, not as a new document. */
export function sameDocument(doc: vscode.TextDocument): void {
  const uri = doc.uri.toString();
  const open = vscode.workspace.textDocuments.filter((candidate) => candidate.uri.toString() === uri);
  assert.equal(open.length, 1, 'one document for the log');
  assert.ok(open[0] === doc, 'the document first opened');
  assert.ok(vscode.window.visibleTextEditors.some((editor) => editor.document === doc), 'still shown in its editor');
}

/** Waits until the open log shows `line`, then checks it grew in place: what it showed `before` is still its start, in the same document. */
export async function grewTo(doc: vscode.TextDocument, before: string, line: string): Promise<string> {
  await waitFor(`the log to show ${line}`, () => doc.getText().includes(line), 30_000);
  const now = doc.getText();
  assert.ok(now.startsWith(before), 'the new lines are appended after the old ones');
  sameDocument(doc);
  return now;
}

/** Each of `lines` is a line of `text` exactly once: nothing was appended twice. */
export function shownOnce(text: string, lines: readonly string[]): void {
  for (const line of lines) assert.equal(text.split('\n').filter((l) => l === line).length, 1, `${line} shown once`);
}
