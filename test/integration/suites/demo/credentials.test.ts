import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { ReplayServer } from '../../../unit/ci/replayServer';
import { activateExtension, readText, showCiRunsView, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';

// A credential goes only to the origin it was given for, whatever devops.yaml names.
// Two real servers on 127.0.0.1 (two origins: another port is another server): a token
// stored for one never reaches the other, for the Plan (GitLab, Jira, GitHub) and the CI
// view alike, and the message names the real command that signs in. Which editor sign-in
// an origin may get (github.com's for api.github.com only) is decided by one function,
// tested in Node (test/unit/credentials/credentialOrigin.test.ts): these runs have no
// GitHub sign-in, and VS Code hands an undeclared test provider's sessions to no one.

const gitlabToken = 'glpat-ONLY-FOR-THE-FIRST-SERVER';
const jiraToken = 'ATATT-ONLY-FOR-THE-FIRST-SERVER';
const githubToken = 'ghp_ONLY_FOR_THE_FIRST_SERVER';

/** The palette titles ("DevOps: Set GitLab Token") of the commands the extension contributes. */
function paletteTitles(): string[] {
  const extension = vscode.extensions.getExtension('devops-loop.devops-loop');
  const commands = (extension?.packageJSON as { contributes: { commands: { title: string; category?: string }[] } }).contributes.commands;
  return commands.map((command) => `${command.category ? `${command.category}: ` : ''}${command.title}`);
}

/** Every "DevOps: …" command a message names exists in the palette. */
function assertNamesRealCommands(message: string): void {
  const named = [...message.matchAll(/"(DevOps: [^"]+)"/g)].map((match) => match[1]);
  assert.ok(named.length > 0, `the message names a command: ${message}`);
  for (const title of named) assert.ok(paletteTitles().includes(title), `"${title}" is a command of the palette`);
}

describe('credentials go only to the origin they were given for', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let first: ReplayServer;
  let second: ReplayServer;
  let configUri: vscode.Uri;
  let original: string;

  const usePlan = async (plan: Record<string, unknown>): Promise<void> => {
    const doc = parseDocument(original);
    doc.setIn(['plan'], plan);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    await vscode.commands.executeCommand('devops.plan.refresh');
  };
  const planError = (): Error | undefined => api.plan.model?.state.error;

  before(async () => {
    api = await activateExtension();
    [first, second] = await Promise.all([ReplayServer.start(), ReplayServer.start()]);
    configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
    original = await readText(configUri);
    await api.credentials.store('gitlab', first.base, gitlabToken);
    await api.credentials.store('jira', first.base, { email: 'ada@example.com', token: jiraToken });
    await api.credentials.store('github', first.base, githubToken);
  });

  after(async () => {
    await writeText(configUri, original);
    await api.config.reload();
    for (const kind of ['gitlab', 'jira', 'github'] as const) await api.credentials.store(kind, first.base, undefined);
    await Promise.all([first.close(), second.close()]);
  });

  it('GitLab plan: the token of one server is not sent to another; the message names "DevOps: Set GitLab Token"', async () => {
    await usePlan({ provider: 'gitlab', repository: 'group/project', baseUrl: `${second.base}/api/v4` });
    const error = await waitFor('the GitLab plan to say it is signed out', planError);
    assert.equal((error as { reason?: unknown }).reason, 'unauthorized');
    assertNamesRealCommands(error.message);
    assert.equal(second.requests.length, 0, 'no request, so no token, reached the other server');

    await usePlan({ provider: 'gitlab', repository: 'group/project', baseUrl: `${first.base}/api/v4` });
    const asked = await waitFor('the GitLab plan to ask its own server', () => first.requests.find((request) => request.path.startsWith('/api/v4/projects/')));
    assert.equal(asked.headers['private-token'], gitlabToken);
  });

  it('Jira plan: the same for the e-mail and API token; the message names "DevOps: Set Jira Credentials"', async () => {
    await usePlan({ provider: 'jira', baseUrl: second.base, board: 5 });
    const error = await waitFor('the Jira plan to say it is signed out', () => (api.plan.model?.provider.id === 'jira' ? planError() : undefined));
    assert.equal((error as { reason?: unknown }).reason, 'unauthorized');
    assertNamesRealCommands(error.message);
    assert.equal(second.requests.length, 0);

    await usePlan({ provider: 'jira', baseUrl: first.base, board: 5 });
    const asked = await waitFor('the Jira plan to ask its own server', () => first.requests.find((request) => request.path.startsWith('/rest/agile/')));
    assert.equal(asked.headers.authorization, `Basic ${Buffer.from(`ada@example.com:${jiraToken}`).toString('base64')}`);
  });

  it('GitHub plan and CI: a base URL that merely contains api.github.com gets no other server\'s token', async () => {
    const lookalike = `${second.base}/api.github.com/`;
    await usePlan({ provider: 'github', repository: 'octo-org/octo-repo', baseUrl: lookalike });
    const doc = parseDocument(await readText(configUri));
    doc.setIn(['pipeline', 'ci'], [{ provider: 'github', baseUrl: lookalike, repository: 'octo-org/octo-repo' }]);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    await showCiRunsView(api);
    await waitFor('the GitHub plan to say it is signed out', () => (api.plan.model?.provider.id === 'github' ? planError() : undefined));
    await waitFor('the CI view to offer the sign-in', () => api.contextKey('devops.ci.signedOut') === 'github', 20_000);
    api.ci.refreshNow();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(second.requests.length, 0, 'nothing was sent to the look-alike server');

    await usePlan({ provider: 'github', repository: 'octo-org/octo-repo', baseUrl: first.base });
    const asked = await waitFor('the GitHub plan to ask its own server', () => first.requests.find((request) => request.path.startsWith('/repos/octo-org/octo-repo/')));
    assert.equal(asked.headers.authorization, `Bearer ${githubToken}`, 'the token stored for that very origin');
  });

  it('one Set GitLab Token serves the plan and CI on the same server: one token asked, both send it; two servers are a pick', async () => {
    const server = `${second.base}/api/v4`;
    const doc = parseDocument(original);
    doc.setIn(['plan'], { provider: 'gitlab', repository: 'group/project', baseUrl: server });
    doc.setIn(['pipeline', 'ci'], [{ provider: 'gitlab', baseUrl: server, project: 'group/project' }]);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    await showCiRunsView(api);
    await waitFor('the CI view to offer the GitLab sign-in', () => api.contextKey('devops.ci.signedOut') === 'gitlab', 20_000);
    const asked: string[] = [];
    api.prompts.answer('credentials', (prompt) => {
      asked.push(`${prompt.kind} ${prompt.text}`);
      return prompt.kind === 'input' ? 'glpat-SECOND-SERVER' : undefined;
    });
    try {
      await vscode.commands.executeCommand('devops.setGitlabToken');
      assert.deepEqual(asked, [`input GitLab token for ${second.base}`], 'one server: no pick, one token');
      assert.equal(await api.credentials.has('gitlab', second.base), true);
      await waitFor('the CI entry signed in', () => api.contextKey('devops.ci.signedOut') === '', 20_000);
      const sent = (plan: boolean): boolean =>
        second.requests.some((request) => request.path.startsWith('/api/v4/projects/group%2Fproject/') && request.path.includes('/pipelines') !== plan && request.headers['private-token'] === 'glpat-SECOND-SERVER');
      await waitFor('the plan to load again with the token', () => sent(true), 20_000);
      await waitFor('CI to ask with the token', () => sent(false), 20_000);

      doc.setIn(['pipeline', 'ci'], [{ provider: 'gitlab', baseUrl: server, project: 'group/project' }, { provider: 'gitlab', baseUrl: `${first.base}/api/v4`, project: 'group/other' }]);
      await writeText(configUri, doc.toString());
      await api.config.reload();
      asked.length = 0;
      await vscode.commands.executeCommand('devops.setGitlabToken');
      assert.deepEqual(asked, ['pick Sign in to which GitLab server?'], 'two servers: a pick, Escape stores nothing');
      assert.deepEqual(api.prompts.log.filter((prompt) => prompt.topic === 'credentials.server').at(-1)?.options, [second.base, first.base]);
    } finally {
      api.prompts.answer('credentials', undefined);
      await api.credentials.store('gitlab', second.base, undefined);
    }
  });

  it('Set Jira Credentials and Set Jenkins Credentials ask name and token for the one server devops.yaml names, and store them for its origin', async () => {
    const doc = parseDocument(original);
    doc.setIn(['plan'], { provider: 'jira', baseUrl: second.base, board: 5 });
    doc.setIn(['pipeline', 'ci'], [{ provider: 'jenkins', baseUrl: `${second.base}/jenkins`, job: 'team/app' }]);
    await writeText(configUri, doc.toString());
    await api.config.reload();
    const asked: string[] = [];
    api.prompts.answer('credentials', (prompt) => {
      asked.push(prompt.text);
      return prompt.text.includes('e-mail') ? 'grace@example.com' : prompt.text.startsWith('Jenkins user') ? 'ci-bot' : 'a-token-for-the-second-server';
    });
    try {
      assert.equal(await api.credentials.has('jira', second.base), false);
      await vscode.commands.executeCommand('devops.setJiraCredentials');
      assert.equal(await api.credentials.has('jira', second.base), true);
      assert.equal(await api.credentials.has('jira', `http://127.0.0.1:${Number(new URL(second.base).port) + 1}`), false);
      await vscode.commands.executeCommand('devops.setJenkinsCredentials');
      assert.equal(await api.credentials.has('jenkins', second.base), true);
      assert.deepEqual(asked, [
        `Jira account e-mail (empty for a Data Center personal access token) for ${second.base}`,
        `Jira API token for ${second.base}`,
        `Jenkins user for ${second.base}`,
        `Jenkins API token of ci-bot for ${second.base}`,
      ]);
    } finally {
      api.prompts.answer('credentials', undefined);
      await api.credentials.store('jira', second.base, undefined);
      await api.credentials.store('jenkins', second.base, undefined);
    }
  });
});
