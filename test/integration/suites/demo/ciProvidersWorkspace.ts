import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { CiAnswerer, CiQuestion } from '../../../../src/vscode/ci/ciPrompts';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { readText, workspaceRoot, writeText } from '../empty/extensionUnderTest';

// Shared by the CI suites that drive GitLab, Jenkins and GitHub inside VS Code: point
// devops.yaml's `pipeline.ci` at a local replay server, answer the trigger's questions.

/** Writes `entries` as pipeline.ci, reloads and shows the CI Runs view; the returned function puts devops.yaml back. */
export async function useCiEntries(api: DevopsTestApi, entries: Record<string, unknown>[]): Promise<() => Promise<void>> {
  const configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
  const original = await readText(configUri);
  const doc = parseDocument(original);
  doc.setIn(['pipeline', 'ci'], entries);
  await writeText(configUri, doc.toString());
  await api.config.reload();
  assert.equal(api.config.snapshot.config?.pipeline?.ci?.length, entries.length, 'devops.yaml took the ci list');
  await vscode.commands.executeCommand('devops.ci.focus');
  return async () => {
    await writeText(configUri, original);
    await api.config.reload();
  };
}

/**
 * Answers the trigger's questions: the ref, each input by name, then the free variables
 * in order ('' ends them). A question it has no answer for is Escape.
 */
export function answers(ref: string, inputs: Record<string, string>, variables: string[] = []): CiAnswerer {
  const left = [...variables, ''];
  return (question: CiQuestion) => {
    if (question.kind === 'ref') return ref;
    if (question.kind === 'input') return inputs[question.input.name];
    if (question.kind === 'variable') return left.shift();
    return undefined;
  };
}

/** The provider row whose id starts with `ci/<prefix>`, and its run rows. */
export function providerRows(api: DevopsTestApi, prefix: string): { provider: RowNode | undefined; runs: RowNode[] } {
  const provider = api.ci.view.getChildren().find((row) => row.id.startsWith(`ci/${prefix}`));
  return { provider, runs: provider?.children.filter((row) => row.id.includes('/run/')) ?? [] };
}

/** The run row of a run id under the provider `prefix`; fails when it is not shown. */
export function runRow(api: DevopsTestApi, prefix: string, runId: string): RowNode {
  const found = providerRows(api, prefix).runs.find((row) => row.id.endsWith(`/run/${runId}`));
  assert.ok(found, `the CI Runs view shows run ${runId} of ${prefix}`);
  return found;
}
