import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { fixture, ReplayServer } from '../../../unit/ci/replayServer';
import { activateExtension, readText, showCiRunsView, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { answerCi, ciMessages, type CiQuestionOrSecret } from '../empty/recordedPrompts';

// Signed out, the CI Runs view is empty and its welcome offers sign-in (the context key
// devops.ci.needsSignIn); a stored token fills it from a replay server on 127.0.0.1
// without a reload, an engine still without credentials shows a sign-in row, and taking
// the token away empties it again. The replay server is neither api.github.com nor an
// Enterprise server of the user's settings, so its credential is a token stored for its
// exact origin, as "Sign in to GitHub" stores it for such a server.

const token = 'ghp_CI_SIGNIN_TEST_TOKEN';
const gitlabToken = 'glpat-CI-SIGNIN-TEST-TOKEN';
const runsPath = '/repos/octo-org/octo-repo/actions/runs';

describe('CI Runs view signed out: empty with a sign-in welcome, filled after sign-in without reload', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let server: ReplayServer;
  let configUri: vscode.Uri;
  let original: string | undefined;
  let unauthorized = 0;

  before(async () => {
    api = await activateExtension();
    server = await ReplayServer.start();
    const runs = fixture('github/workflow-runs.json');
    server.on('GET', runsPath, (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        unauthorized++;
        return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(runs));
    });
    await api.credentials.store('github', server.base, undefined);
    configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    original = await readText(configUri);
    const doc = parseDocument(original);
    doc.setIn(['pipeline', 'ci'], [
      { provider: 'github', baseUrl: server.base, repository: 'octo-org/octo-repo' },
      { provider: 'gitlab', baseUrl: `${server.base}/api/v4`, project: 'signin/never-stored' },
    ]);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    assert.equal(api.config.snapshot.config?.pipeline?.ci?.length, 2);
    await showCiRunsView(api);
  });

  after(async () => {
    if (original !== undefined) {
      await writeText(configUri, original);
      await api.config.reload();
    }
    answerCi(api, undefined);
    if (server) {
      await api.credentials.store('gitlab', server.base, undefined);
      await api.credentials.store('github', server.base, undefined);
    }
    await server?.close();
  });

  const rows = (): RowNode[] => api.ci.view.getChildren();
  const github = (): RowNode | undefined => rows().find((row) => row.id.startsWith('ci/github:octo-org/octo-repo'));
  const gitlab = (): RowNode | undefined => rows().find((row) => row.id.startsWith('ci/gitlab:signin/never-stored'));
  const runRows = (): RowNode[] => github()?.children.filter((row) => row.id.includes('/run/')) ?? [];

  it('without credentials the view has no rows, the welcome key is set, and nothing is asked', async () => {
    await waitFor('devops.ci.needsSignIn', () => api.contextKey('devops.ci.needsSignIn') === true, 20_000);
    assert.equal(api.contextKey('devops.ci.signedOut'), 'github gitlab');
    assert.equal(api.contextKey('devops.ciConfigured'), true);
    assert.deepEqual(rows().map((row) => row.id), []);
    api.ci.refreshNow();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(server.requests.length, 0, 'a signed-out engine does not poll');
  });

  it('storing the token fills the view without a reload; GitLab, still signed out, shows a sign-in row', async () => {
    await api.credentials.store('github', server.base, token);
    await waitFor('GitHub runs in the view', () => runRows().length === 4, 30_000);
    assert.equal(api.contextKey('devops.ci.needsSignIn'), false);
    assert.equal(api.contextKey('devops.ci.signedOut'), 'gitlab');
    assert.deepEqual(runRows().map((row) => row.icon), ['sync~spin', 'error', 'watch', 'pass']);
    assert.equal(unauthorized, 0, 'every request carried the stored token');
    const signIn = gitlab();
    assert.ok(signIn, 'the GitLab row is shown');
    assert.match(signIn.contextValue, /\bsignin-gitlab\b/);
    assert.doesNotMatch(signIn.contextValue, /\bci-run\b/);
    assert.match(signIn.description ?? '', /signed out/);
    assert.equal(signIn.icon, 'account', 'a sign-in row, not an error row');
    assert.deepEqual(signIn.children, []);
    const item = api.ci.view.getTreeItem(signIn);
    assert.equal(item.command?.command, 'devops.setGitlabToken');
    assert.deepEqual(item.command?.arguments, [signIn.data], 'the click names the entry whose server to sign in for');
    assert.deepEqual(Object.keys(signIn.data as object), ['entryKey']);
    assert.equal(server.requests.filter((request) => request.path.startsWith('/api/v4')).length, 0, 'GitLab without a token is not asked');
  });

  it('taking the token away returns to the empty view with the sign-in welcome', async () => {
    await api.credentials.store('github', server.base, undefined);
    await waitFor('signed out again', () => api.contextKey('devops.ci.needsSignIn') === true && rows().length === 0, 20_000);
    assert.equal(api.contextKey('devops.ci.signedOut'), 'github gitlab');
  });

  it('Trigger leaves signed-out engines out; when none is left it says to sign in first, and the button signs that engine in', async () => {
    const asked: CiQuestionOrSecret[] = [];
    const messages = (): number => ciMessages(api).length;
    // Both engines are signed out (previous test): no pick, no ref, a notice with both sign-ins.
    answerCi(api, (question) => void asked.push(question));
    let before = messages();
    await vscode.commands.executeCommand('devops.ci.trigger');
    await waitFor('the sign-in notice', () => messages() > before, 10_000);
    let notice = ciMessages(api).at(-1);
    assert.equal(notice?.level, 'warning');
    assert.match(notice?.text ?? '', /^Sign in first: every CI engine of devops\.yaml is signed out \(.*\(GitHub\), signin\/never-stored \(GitLab\)\)/);
    assert.equal(notice?.actions?.length, 2);
    assert.match(notice?.actions?.[0] ?? '', /^Sign in to GitHub \(/);
    assert.equal(notice?.actions?.[1], 'Set GitLab Token… (signin/never-stored)');
    assert.deepEqual(asked.map((question) => question.kind), ['signIn']);

    // GitHub signed in, GitLab still out: the picker would only hold GitHub, so the trigger goes straight to GitHub's ref.
    await api.credentials.store('github', server.base, token);
    await waitFor('GitHub runs in the view', () => runRows().length === 4 && gitlab() !== undefined, 30_000);
    asked.length = 0;
    before = messages();
    await vscode.commands.executeCommand('devops.ci.trigger');
    assert.deepEqual(asked.map((question) => question.kind), ['ref']);
    assert.equal(messages(), before, 'backing out of the ref says nothing');

    // The GitLab row is the only candidate and signed out: its button asks the token and signs GitLab in.
    server.on('GET', '/api/v4/projects/signin%2Fnever-stored/pipelines', { json: fixture('gitlab/pipelines.json') });
    asked.length = 0;
    answerCi(api, (question) => {
      asked.push(question);
      if (question.kind === 'signIn') return question.options[0];
      return question.kind === 'secret' ? gitlabToken : undefined;
    });
    await vscode.commands.executeCommand('devops.ci.trigger', gitlab()?.id);
    await waitFor('GitLab signed in through the notice', () => api.contextKey('devops.ci.signedOut') === '', 20_000);
    notice = ciMessages(api).at(-1);
    assert.equal(notice?.level, 'warning');
    assert.equal(notice?.text, 'Sign in first: signin/never-stored (GitLab) is signed out, so no run can be started there.');
    assert.deepEqual(notice?.actions, ['Set GitLab Token…']);
    assert.deepEqual(asked.map((question) => question.kind), ['signIn', 'secret']);
    assert.deepEqual(asked[1], { kind: 'secret', title: `GitLab token for ${server.base}` });
    await waitFor('GitLab asked with the token', () => server.requests.some((request) => request.path.startsWith('/api/v4/projects/') && request.headers['private-token'] === gitlabToken), 20_000);
  });

  it('Sign in to GitHub asks the token for the server; Refresh asks it again; Show All Branches and Current Branch switch the scope', async () => {
    await api.credentials.store('github', server.base, undefined);
    await waitFor('GitHub signed out', () => github() === undefined || runRows().length === 0, 20_000);
    answerCi(api, (question) => (question.kind === 'secret' ? token : undefined));
    await vscode.commands.executeCommand('devops.signInGithub');
    assert.equal(await api.credentials.has('github', server.base), true);
    await waitFor('GitHub runs in the view again', () => runRows().length === 4, 30_000);

    const listed = (): number => server.requests.filter((request) => request.path.startsWith(runsPath)).length;
    let before = listed();
    await vscode.commands.executeCommand('devops.ci.refresh');
    await waitFor('the runs asked again', () => listed() > before, 20_000);

    const row = github();
    assert.ok(row);
    before = listed();
    await vscode.commands.executeCommand('devops.ci.showAllBranches', row);
    await waitFor('the row scoped to all branches', () => /\bscope-all\b/.test(github()?.contextValue ?? ''), 20_000);
    assert.match(github()?.description ?? '', /all branches/);
    await waitFor('the runs of all branches asked', () => listed() > before, 20_000);
    await vscode.commands.executeCommand('devops.ci.showCurrentBranch', github());
    await waitFor('the row scoped to the current branch', () => /\bscope-current\b/.test(github()?.contextValue ?? ''), 20_000);
  });
});
