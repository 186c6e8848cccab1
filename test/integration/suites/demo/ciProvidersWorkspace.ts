import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { readText, showCiRunsView, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import type { CiQuestionOrSecret } from '../empty/recordedPrompts';

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
  await showCiRunsView(api);
  return async () => {
    await writeText(configUri, original);
    await api.config.reload();
  };
}

/**
 * Answers the trigger's questions: the ref, each input by name, then the free variables
 * in order ('' ends them). A question it has no answer for is Escape.
 */
export function answers(ref: string, inputs: Record<string, string>, variables: string[] = []): (question: CiQuestionOrSecret) => string | undefined {
  const left = [...variables, ''];
  return (question) => {
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

/**
 * Signs the GitHub CI view in for `origin` with `token`, as "Sign in to GitHub" does for a
 * server no editor sign-in belongs to (tests cannot sign in); the returned function signs out.
 */
export async function useGithubToken(api: DevopsTestApi, origin: string, token: string): Promise<() => Promise<void>> {
  await api.credentials.store('github', origin, token);
  return () => api.credentials.store('github', origin, undefined);
}

/** The runs and jobs GitHub lists, in the shape of its REST API (fixtures from its documentation). */
export interface GithubRunsReplay {
  runs: { workflow_runs: Record<string, unknown>[] };
  jobs: { total_count: number; jobs: Record<string, unknown>[] };
}

/**
 * Answers GitHub's runs and jobs listings of octo-org/octo-repo with rate-limit headers, as
 * GitHub does; false when the request is for something else. The job list is the same for
 * every run, with the run's id in each job.
 */
export function answerGithubRuns(url: URL, res: http.ServerResponse, replay: GithubRunsReplay): boolean {
  const headers = { 'content-type': 'application/json', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) };
  if (url.pathname === '/repos/octo-org/octo-repo/actions/runs') {
    res.writeHead(200, headers).end(JSON.stringify(replay.runs));
    return true;
  }
  const jobsOf = /^\/repos\/octo-org\/octo-repo\/actions\/runs\/(\d+)\/jobs$/.exec(url.pathname);
  if (!jobsOf) return false;
  res.writeHead(200, headers).end(JSON.stringify({ ...replay.jobs, jobs: replay.jobs.jobs.map((job) => ({ ...job, run_id: Number(jobsOf[1]) })) }));
  return true;
}

/** A GitHub API stand-in on 127.0.0.1 that devops.yaml's CI entry points at. */
export interface GithubCiServer {
  /** http://127.0.0.1:<port>, the entry's baseUrl. */
  base: string;
  /** Puts devops.yaml back, forgets the token and closes the server. */
  stop(): Promise<void>;
}

/**
 * Serves `answer` on 127.0.0.1 (unanswered requests get GitHub's 404), signs the CI view in
 * with `token`, and points a GitHub entry for octo-org/octo-repo (watching main) at it.
 */
export async function serveGithubCi(api: DevopsTestApi, token: string, answer: (req: http.IncomingMessage, res: http.ServerResponse, url: URL, base: string) => boolean): Promise<GithubCiServer> {
  let base = '';
  const server = createServer((req, res) => {
    if (!answer(req, res, new URL(req.url ?? '/', base), base)) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const restoreToken = await useGithubToken(api, base, token);
  const restoreConfig = await useCiEntries(api, [{ provider: 'github', baseUrl: base, repository: 'octo-org/octo-repo', watchBranches: ['main'] }]);
  assert.equal(api.config.snapshot.config?.pipeline?.ci?.[0]?.baseUrl, base);
  return {
    base,
    stop: async () => {
      await restoreConfig();
      await restoreToken();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
