import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { fixture } from '../../../unit/ci/replayServer';
import { activateExtension, waitFor } from '../empty/extensionUnderTest';
import { openJobLog, runShown, sameDocument } from './ciLiveLogDocument';
import { answerGithubRuns, providerRows, serveGithubCi, type GithubCiServer } from './ciProvidersWorkspace';

// A running GitHub Actions job inside VS Code, against a replay server on 127.0.0.1 that
// advances it as GitHub's jobs API lists it (fixtures of GitHub's REST docs): its steps
// progress in the CI Runs view, its open log says the log comes when the job ends (GitHub
// serves a job's log once it has finished), and on completion the same document shows
// the log, cut into all of the job's steps, including those not started when it opened.

const token = 'ghp_CI_LIVE_GITHUB_TOKEN_51c2';
const runId = '30433642';
const jobId = '399444496';
const prefix = 'github:octo-org/octo-repo';

type Phase = 'early' | 'later' | 'done';

/** The jobs GitHub lists in each phase: step 2 running, then step 3 running, then the finished job. */
function jobsIn(phase: Phase): { total_count: number; jobs: Record<string, unknown>[] } {
  if (phase === 'done') {
    const finished = fixture<{ jobs: Record<string, unknown>[] }>('github/workflow-jobs.json').jobs.filter((job) => String(job.id) === jobId);
    return { total_count: finished.length, jobs: finished };
  }
  const early = fixture<{ total_count: number; jobs: { steps: Record<string, unknown>[] }[] }>('github/workflow-jobs-in-progress.json');
  if (phase === 'early') return early;
  const [job] = early.jobs;
  const steps = job.steps.map((step) => {
    if (step.number === 2) return { ...step, status: 'completed', conclusion: 'success', completed_at: '2026-11-27T09:00:09.000Z' };
    if (step.number === 3) return { ...step, status: 'in_progress', started_at: '2026-11-27T09:00:09.000Z' };
    return step;
  });
  return { total_count: 1, jobs: [{ ...job, steps }] };
}

describe('Live CI logs: a running GitHub job\'s steps progress, and its log comes on completion', function () {
  this.timeout(120_000);
  let api: DevopsTestApi;
  let github: GithubCiServer | undefined;
  let phase: Phase = 'early';
  let logReads = 0;
  const logText = fixture<string>('github/job-log-demo-failure.json');
  const runs = (): { workflow_runs: Record<string, unknown>[] } => {
    const listed = fixture<{ workflow_runs: Record<string, unknown>[] }>('github/workflow-runs.json').workflow_runs.filter((run) => String(run.id) === runId);
    return { workflow_runs: listed.map((run) => (phase === 'done' ? { ...run, status: 'completed', conclusion: 'failure' } : run)) };
  };
  const jobRow = (): RowNode | undefined => providerRows(api, prefix).runs.find((row) => row.id.endsWith(`/run/${runId}`))?.children.find((row) => row.id.endsWith(`/job/${jobId}`));
  const stepIcons = (): string => (jobRow()?.children ?? []).map((step) => step.icon).join(' ');

  before(async () => {
    api = await activateExtension();
    github = await serveGithubCi(api, token, (req, res, url, base) => {
      // The storage URL is signed: GitHub's client sends no token there.
      if (url.pathname === `/storage/job-${jobId}.txt`) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(logText);
        return true;
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
        return true;
      }
      if (url.pathname === `/repos/octo-org/octo-repo/actions/jobs/${jobId}/logs`) {
        logReads++;
        if (phase === 'done') res.writeHead(302, { location: `${base}/storage/job-${jobId}.txt` }).end();
        else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found","documentation_url":"https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run"}');
        return true;
      }
      return answerGithubRuns(url, res, { runs: runs(), jobs: jobsIn(phase) });
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await github?.stop();
  });

  it('shows the steps as they progress; the open log fills in place once the job ends, with every step as a section', async () => {
    await runShown(api, prefix, runId, () => []);
    const doc = await openJobLog(api, prefix, runId, jobId, (text) => text.startsWith('[unavailable]'));
    assert.match(doc.lineAt(0).text, /^\[unavailable\] The log is not available yet; it will be shown when the job ends\./);
    await waitFor('the first steps', () => stepIcons() === 'pass sync~spin clock clock', 20_000);

    phase = 'later';
    api.ci.refreshNow();
    await waitFor('step 3 running', () => stepIcons() === 'pass pass sync~spin clock', 30_000);
    assert.equal(logReads, 1, 'the log is not asked again while the job runs');
    assert.ok(doc.getText().startsWith('[unavailable]'));

    phase = 'done';
    api.ci.refreshNow();
    await waitFor('the log of the finished job', () => doc.getText().includes('Cleaning up orphan processes'), 30_000);
    sameDocument(doc);
    assert.doesNotMatch(doc.getText(), /\[unavailable\]/, 'the notice is gone');
    await waitFor('the finished steps', () => stepIcons() === 'pass pass error pass', 20_000);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['Set up job', 'Run actions/checkout@v4', 'Run npm test', 'Complete job']);
    const reads = logReads;
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    assert.equal(logReads, reads, 'a finished job\'s log is read once');
  });
});
