import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { fixture, ReplayServer, type SeenRequest } from '../../../unit/ci/replayServer';
import { activateExtension, waitFor } from '../empty/extensionUnderTest';
import { answers, providerRows, runRow, useCiEntries } from './ciProvidersWorkspace';
import { answerCi, answerDeploys, ciMessages, ciQuestions, deployPrompts } from '../empty/recordedPrompts';

// Trigger, Rerun and Cancel on GitHub Actions inside VS Code, against a replay server on
// 127.0.0.1 answering with the fixtures of GitHub's REST documentation. The trigger's
// questions and the protected-deploy modal are answered through the test API.

const token = 'ghp_CI_ACTIONS_TEST_TOKEN';
const repo = '/repos/octo-org/octo-repo';
const prefix = 'github:octo-org/octo-repo';
type RunsBody = { total_count: number; workflow_runs: Record<string, unknown>[] };

describe('CI actions on GitHub Actions: trigger with inputs, protected deploys, rerun, cancel', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  let server: ReplayServer;
  let restore: (() => Promise<void>) | undefined;
  const runs = fixture<RunsBody>('github/workflow-runs.json');
  const posts = (): SeenRequest[] => server.requests.filter((request) => request.method === 'POST');
  const postsAfter = (count: number): SeenRequest[] => posts().slice(count);
  const lastMessage = (): string => ciMessages(api).at(-1)?.text ?? '';
  const trigger = (): Thenable<unknown> => vscode.commands.executeCommand('devops.ci.trigger', providerRows(api, prefix).provider?.id);

  before(async () => {
    api = await activateExtension();
    server = await ReplayServer.start();
    const contents = { deploy: fixture('github/contents-deploy.json'), ci: fixture('github/contents-ci.json') };
    server
      .on('GET', `${repo}/actions/runs`, () => ({ json: runs }))
      .on('GET', `${repo}/actions/workflows`, { json: fixture('github/workflows.json') })
      .on('GET', `${repo}/contents/.github/workflows/ci.yml`, { json: contents.ci })
      // On the ref "no-dispatch" the deploy workflow has no workflow_dispatch yet.
      .on('GET', `${repo}/contents/.github/workflows/deploy.yml`, (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
        const body = url.searchParams.get('ref') === 'no-dispatch' ? contents.ci : contents.deploy;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })
      .on('POST', `${repo}/actions/workflows/161336/dispatches`, (req: http.IncomingMessage, res: http.ServerResponse) => {
        const gone = server.requests.at(-1)?.body.includes('"ref":"gone"') === true;
        if (gone) return void res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify(fixture('github/dispatch-no-ref.json')));
        res.writeHead(req.headers.authorization === `Bearer ${token}` ? 204 : 401).end();
      })
      .on('POST', `${repo}/actions/runs/30433641/rerun-failed-jobs`, { status: 201, body: '{}' })
      .on('POST', `${repo}/actions/runs/30433641/rerun`, { status: 201, body: '{}' })
      .on('POST', `${repo}/actions/runs/30433642/cancel`, { status: 202, body: '{}' })
      .on('POST', `${repo}/actions/runs/30433639/cancel`, { json: fixture('github/cancel-completed.json'), status: 409, etag: false });
    await api.credentials.store('github', server.base, token);
    restore = await useCiEntries(api, [{ provider: 'github', baseUrl: server.base, repository: 'octo-org/octo-repo' }]);
    await waitFor('GitHub runs in the CI Runs view', () => providerRows(api, prefix).runs.length === 4, 30_000);
  });

  afterEach(() => {
    answerCi(api, undefined);
    answerDeploys(api, undefined);
  });

  after(async () => {
    await restore?.();
    if (server) await api.credentials.store('github', server.base, undefined);
    await server?.close();
  });

  it('triggers workflow_dispatch with the declared inputs: asks ref and each input, posts exactly them', async () => {
    const asked = ciQuestions(api).length;
    const deploysAsked = deployPrompts(api).length;
    const before = posts().length;
    answerCi(api, answers('main', { environment: 'staging', dry_run: 'true', version: '1.4.0' }));
    const sent = await trigger();
    assert.deepEqual(sent, { target: '161336', ref: 'main', inputs: { environment: 'staging', dry_run: 'true', version: '1.4.0' } });
    const [post, ...more] = postsAfter(before);
    assert.equal(more.length, 0, 'one request started the run');
    assert.equal(post.path, `${repo}/actions/workflows/161336/dispatches`);
    assert.deepEqual(JSON.parse(post.body), { ref: 'main', inputs: { environment: 'staging', dry_run: 'true', version: '1.4.0' } });
    assert.equal(post.headers.authorization, `Bearer ${token}`);
    const questions = ciQuestions(api).slice(asked).map((q) => (q.kind === 'input' ? `input ${q.input.name} ${q.input.type}` : q.kind));
    assert.deepEqual(questions, ['ref', 'input environment choice', 'input dry_run boolean', 'input version string']);
    assert.equal(deployPrompts(api).length, deploysAsked, 'staging is not protected: no modal');
    assert.match(lastMessage(), /Started Deploy on main in octo-org\/octo-repo/);
  });

  it('asks the protected-environment modal for production: No sends nothing, Yes sends the dispatch', async () => {
    const before = posts().length;
    answerCi(api, answers('main', { environment: 'production', dry_run: 'false', version: '1.4.0' }));
    answerDeploys(api, () => false);
    assert.equal(await trigger(), undefined);
    assert.deepEqual(postsAfter(before), [], 'nothing was POSTed after No');
    assert.deepEqual(deployPrompts(api).at(-1), { kind: 'confirmDeploy', environment: 'production', version: '1.4.0', commit: 'the tip of main on octo-org/octo-repo' });
    assert.deepEqual(ciMessages(api).at(-1), { level: 'error', text: '"Deploy" was not started: deploying to the protected environment "production" was not confirmed, nothing was sent to octo-org/octo-repo.' });

    const asked = deployPrompts(api).length;
    answerDeploys(api, (prompt) => prompt.kind === 'confirmDeploy' && prompt.environment === 'production');
    await trigger();
    assert.equal(deployPrompts(api).length, asked + 1);
    const sent = postsAfter(before);
    assert.equal(sent.length, 1);
    assert.deepEqual(JSON.parse(sent[0].body), { ref: 'main', inputs: { environment: 'production', dry_run: 'false', version: '1.4.0' } });
  });

  it('says clearly when nothing can be started, when an input is wrong and when GitHub refuses (with its message)', async () => {
    const before = posts().length;
    answerCi(api, answers('no-dispatch', {}));
    await trigger();
    assert.equal(lastMessage(), 'Nothing in octo-org/octo-repo can be started on "no-dispatch": no active workflow there declares `on: workflow_dispatch`.');

    const told = ciMessages(api).length;
    const asked = ciQuestions(api).length;
    answerCi(api, answers('main', { environment: 'staging', dry_run: 'maybe', version: '1' }));
    assert.equal(await trigger(), undefined);
    assert.equal(ciMessages(api).length, told, 'backing out is silent');
    assert.deepEqual(ciQuestions(api).slice(asked).map((q) => (q.kind === 'input' ? q.input.name : q.kind)), ['ref', 'environment', 'dry_run'], 'a pick offers only true and false: another answer is Escape and nothing is asked after it');

    answerCi(api, answers('main', { environment: 'staging', dry_run: 'false', version: '' }));
    await trigger();
    assert.equal(lastMessage(), '"Deploy" needs the input "version".');

    answerCi(api, answers('gone', { environment: 'staging', dry_run: 'false', version: '2.0.0' }));
    await trigger();
    assert.match(lastMessage(), /^octo-org\/octo-repo did not start "Deploy" on gone: POST \S*\/repos\/octo-org\/octo-repo\/actions\/workflows\/161336\/dispatches: 422 .*No ref found for: gone/);
    assert.equal(ciMessages(api).at(-1)?.level, 'error');
    assert.equal(postsAfter(before).length, 1, 'only the refused dispatch was sent');
  });

  it('reruns the failed jobs, reruns all and cancels: the right POSTs, then the runs are polled again', async () => {
    const failed = runRow(api, prefix, '30433641');
    assert.match(failed.contextValue, /\brerunnable-failed\b/);
    for (const [command, row, path] of [
      ['devops.ci.rerunFailed', failed, `${repo}/actions/runs/30433641/rerun-failed-jobs`],
      ['devops.ci.rerunAll', failed, `${repo}/actions/runs/30433641/rerun`],
      ['devops.ci.cancel', runRow(api, prefix, '30433642'), `${repo}/actions/runs/30433642/cancel`],
    ] as const) {
      const before = posts().length;
      const polls = server.count(`${repo}/actions/runs`);
      await vscode.commands.executeCommand(command, row);
      assert.deepEqual(postsAfter(before).map((request) => request.path), [path], command);
      assert.equal(postsAfter(before)[0].headers.authorization, `Bearer ${token}`);
      assert.equal(ciMessages(api).at(-1)?.level, 'info', `${command}: ${lastMessage()}`);
      await waitFor(`runs polled again after ${command}`, () => server.count(`${repo}/actions/runs`) > polls, 15_000);
    }
    assert.equal(lastMessage(), 'octo-org/octo-repo: cancel of CI #562 requested.');
  });

  it('shows GitHub\'s reason when a cancel is refused, and polls the run again', async () => {
    const polls = server.count(`${repo}/actions/runs`);
    await vscode.commands.executeCommand('devops.ci.cancel', runRow(api, prefix, '30433639').id);
    assert.equal(ciMessages(api).at(-1)?.level, 'error');
    assert.match(lastMessage(), /^octo-org\/octo-repo: Cancelling CI #559 failed: .*409 .*Cannot cancel a workflow run that is completed\./);
    await waitFor('runs polled again after the refused cancel', () => server.count(`${repo}/actions/runs`) > polls, 15_000);
  });
});
