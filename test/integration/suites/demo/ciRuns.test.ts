import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerGithubRuns, serveGithubCi, type GithubCiServer } from './ciProvidersWorkspace';
import { ciNotifications } from '../empty/recordedPrompts';

// The CI Runs view against a real HTTP server on 127.0.0.1 that answers as the GitHub
// REST API does (fixtures from GitHub's API documentation, test/fixtures/ci/github).
// The token is stored for the replay server's origin, as "Sign in to GitHub" stores one
// for a server that is neither api.github.com nor the user's Enterprise server.

const fixtures = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'ci', 'github');
const token = 'ghp_CI_VIEW_TEST_TOKEN';
type RunsBody = { total_count: number; workflow_runs: Record<string, unknown>[] };

function fixture<T>(name: string): T {
  return (JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as { body: T }).body;
}

describe('CI Runs view: GitHub Actions runs and a failed run notification', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let github: GithubCiServer | undefined;
  const runs = fixture<RunsBody>('workflow-runs.json');
  const jobs = fixture<{ total_count: number; jobs: Record<string, unknown>[] }>('workflow-jobs.json');
  let unauthorized = 0;

  before(async () => {
    api = await activateExtension();
    github = await serveGithubCi(api, token, (req, res, url) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        unauthorized++;
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
        return true;
      }
      return answerGithubRuns(url, res, { runs, jobs });
    });
  });

  after(async () => {
    await github?.stop();
  });

  const providerRow = (): RowNode | undefined => api.ci.view.getChildren().find((row) => row.id.startsWith('ci/github:octo-org/octo-repo'));
  const runRows = (): RowNode[] => providerRow()?.children.filter((row) => row.id.includes('/run/')) ?? [];

  it('shows the provider with its runs, statuses and the API budget', async () => {
    await waitFor('runs in the CI Runs view', () => runRows().length === 4, 30_000);
    const provider = providerRow();
    assert.ok(provider);
    assert.equal(provider.label, 'octo-org/octo-repo');
    // Outside git the "current branch" scope cannot filter, and the row says what it shows instead.
    const inGit = existsSync(path.join(workspaceRoot().fsPath, '.git'));
    if (inGit) assert.doesNotMatch(provider.description ?? '', /no branch checked out/);
    else assert.match(provider.description ?? '', /^github · all branches \(no branch checked out\)/);
    const tooltip = api.ci.view.getTreeItem(provider).tooltip;
    assert.match(typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), /4990(&nbsp;| )of(&nbsp;| )5000(&nbsp;| )requests/);
    assert.deepEqual(runRows().map((row) => row.icon), ['sync~spin', 'error', 'watch', 'pass']);
    assert.match(runRows()[1].label, /#561 CI: Fix flaky test/);
    assert.match(runRows()[1].contextValue, /\brerunnable-failed\b/);
    assert.match(runRows()[0].contextValue, /\bcancelable\b/);
    assert.equal(unauthorized, 0, 'every request carried the token');
  });

  it('loads the jobs of an expanded run', async () => {
    const run = runRows()[0];
    api.ci.expand(run.id);
    const jobRows = await waitFor('job rows', () => {
      const children = runRows()[0]?.children.filter((row) => row.id.includes('/job/')) ?? [];
      return children.length === 2 ? children : undefined;
    }, 20_000);
    assert.deepEqual(jobRows.map((row) => row.label), ['build', 'lint']);
    assert.match(jobRows[0].contextValue, /\bci-job\b/);
  });

  it('notifies once when a running run fails', async () => {
    const before = ciNotifications(api).length;
    const running = runs.workflow_runs[0];
    Object.assign(running, { status: 'completed', conclusion: 'failure', updated_at: new Date().toISOString() });
    api.ci.refreshNow();
    const note = await waitFor('a failed notification', () => ciNotifications(api).slice(before).find((n) => n.kind === 'failed'), 30_000);
    assert.equal(note.runId, String(running.id));
    assert.match(note.message, /octo-org\/octo-repo: CI #562 on main failed/);
    await waitFor('the run row turned failed', () => runRows()[0]?.icon === 'error', 10_000);
    api.ci.refreshNow();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(ciNotifications(api).slice(before).filter((n) => n.kind === 'failed').length, 1, 'told once');
  });
});
