import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { fixture, ReplayServer, type SeenRequest } from '../../../unit/ci/replayServer';
import { activateExtension, waitFor } from '../empty/extensionUnderTest';
import { answers, providerRows, runRow, useCiEntries } from './ciProvidersWorkspace';
import { answerCi, answerDeploys, ciMessages, ciNotifications, deployPrompts } from '../empty/recordedPrompts';

// GitLab CI and Jenkins inside VS Code: runs and jobs (stages) in the CI Runs view, a
// started pipeline or build with its variables or parameters, and the notification of a
// run that failed. Each against a replay server on 127.0.0.1 with the fixtures of the
// product's API documentation; tokens stored for the replay server's origin as the Set… commands do.

const childRows = (row: RowNode | undefined): RowNode[] => row?.children.filter((child) => child.id.includes('/job/')) ?? [];
const posts = (server: ReplayServer, from: number): SeenRequest[] => server.requests.filter((request) => request.method === 'POST').slice(from);
const postCount = (server: ReplayServer): number => server.requests.filter((request) => request.method === 'POST').length;

describe('CI Runs view on GitLab CI: pipelines, jobs, a pipeline with variables, a failure notification', function () {
  this.timeout(90_000);
  const token = 'glpat-CI-PROVIDERS-TEST';
  const project = '/api/v4/projects/group%2Fproject';
  const prefix = 'gitlab:group/project';
  let api: DevopsTestApi;
  let server: ReplayServer;
  let restore: (() => Promise<void>) | undefined;
  const pipelines = fixture<Record<string, unknown>[]>('gitlab/pipelines.json');

  before(async () => {
    api = await activateExtension();
    server = await ReplayServer.start();
    const created = fixture('gitlab/pipeline.json');
    server
      .on('GET', `${project}/pipelines`, () => ({ json: pipelines }))
      .on('GET', `${project}/pipelines/46/jobs`, { json: fixture('gitlab/pipeline-jobs.json') })
      .on('POST', `${project}/pipeline`, (req: http.IncomingMessage, res: http.ServerResponse) => {
        const status = req.headers['private-token'] === token ? 201 : 401;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 201 ? created : { message: '401 Unauthorized' }));
      });
    const base = `${server.base}/api/v4`;
    await api.credentials.store('gitlab', base, token);
    restore = await useCiEntries(api, [{ provider: 'gitlab', baseUrl: base, project: 'group/project' }]);
  });

  afterEach(() => {
    answerCi(api, undefined);
    answerDeploys(api, undefined);
  });

  after(async () => {
    await restore?.();
    await server?.close();
  });

  it('shows the pipelines with their statuses, and the jobs of an expanded pipeline with their stages', async () => {
    await waitFor('GitLab pipelines in the view', () => providerRows(api, prefix).runs.length === 4, 30_000);
    const { provider, runs } = providerRows(api, prefix);
    assert.equal(provider?.label, 'group/project');
    assert.deepEqual(runs.map((row) => row.icon), ['sync~spin', 'error', 'watch', 'pass']);
    assert.match(runs[1].label, /Build pipeline #11/);
    assert.equal(server.requests.find((r) => r.path === `${project}/pipelines`)?.headers['private-token'], token, 'the token from SecretStorage went with the request');
    api.ci.expand(runRow(api, prefix, '46').id);
    const jobs = await waitFor('job rows of pipeline 46', () => {
      const rows = childRows(runRow(api, prefix, '46'));
      return rows.length === 3 ? rows : undefined;
    }, 20_000);
    assert.deepEqual(jobs.map((row) => [row.label, row.icon]), [['build', 'pass'], ['test', 'error'], ['deploy', 'watch']]);
    assert.match(jobs[1].description ?? '', /^test/);
  });

  it('plays a manual job from its row: the job waiting for a person offers Play, the others do not', async () => {
    server.on('POST', `${project}/jobs/9/play`, { json: fixture('gitlab/job-play.json'), etag: false });
    const jobs = childRows(runRow(api, prefix, '46'));
    assert.deepEqual(jobs.map((job) => /\bplayable\b/.test(job.contextValue)), [false, false, true]);
    const before = postCount(server);
    await vscode.commands.executeCommand('devops.ci.playJob', jobs[2]);
    const [play, ...more] = posts(server, before);
    assert.equal(more.length, 0);
    assert.equal(play.path, `${project}/jobs/9/play`);
    assert.equal(play.headers['private-token'], token);
    assert.match(ciMessages(api).at(-1)?.text ?? '', /group\/project: started deploy\./);
  });

  it('starts a pipeline with free variables; a variable naming the protected environment asks first', async () => {
    const before = postCount(server);
    answerCi(api, answers('main', {}, ['DEPLOY_NOTE=from the editor', 'LOG_LEVEL=debug']));
    const sent = await vscode.commands.executeCommand('devops.ci.trigger', providerRows(api, prefix).provider?.id);
    assert.deepEqual(sent, { target: 'pipeline', ref: 'main', inputs: { DEPLOY_NOTE: 'from the editor', LOG_LEVEL: 'debug' } });
    const [post, ...more] = posts(server, before);
    assert.equal(more.length, 0);
    assert.equal(post.path, `${project}/pipeline`);
    assert.deepEqual(JSON.parse(post.body), {
      ref: 'main',
      variables: [
        { key: 'DEPLOY_NOTE', value: 'from the editor', variable_type: 'env_var' },
        { key: 'LOG_LEVEL', value: 'debug', variable_type: 'env_var' },
      ],
    });
    assert.match(ciMessages(api).at(-1)?.text ?? '', /Started Pipeline of group\/project on main/);

    answerCi(api, answers('main', {}, ['DEPLOY_ENV=production']));
    answerDeploys(api, () => false);
    await vscode.commands.executeCommand('devops.ci.trigger', providerRows(api, prefix).provider?.id);
    assert.equal(posts(server, before).length, 1, 'nothing more was POSTed after No');
    assert.deepEqual(deployPrompts(api).at(-1), { kind: 'confirmDeploy', environment: 'production', version: 'main', commit: 'the tip of main on group/project' });
    assert.match(ciMessages(api).at(-1)?.text ?? '', /protected environment "production" was not confirmed/);
  });

  it('notifies once when the running pipeline fails', async () => {
    const before = ciNotifications(api).length;
    Object.assign(pipelines[0], { status: 'failed', updated_at: new Date().toISOString() });
    api.ci.refreshNow();
    const note = await waitFor('a failed notification', () => ciNotifications(api).slice(before).find((n) => n.kind === 'failed'), 30_000);
    assert.equal(note.runId, '47');
    assert.match(note.message, /^group\/project: Build pipeline #12 on main failed\.$/);
    await waitFor('the pipeline row turned failed', () => runRow(api, prefix, '47').icon === 'error', 10_000);
    api.ci.refreshNow();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(ciNotifications(api).slice(before).filter((n) => n.kind === 'failed' && n.runId === '47').length, 1, 'told once');
  });
});

describe('CI Runs view on Jenkins: builds, stages, a build with parameters (crumb), a failure notification', function () {
  this.timeout(90_000);
  const user = 'alice';
  const apiToken = '11aa22bb33cc44dd55ee66ff77889900';
  const jobPath = '/jenkins/job/team/job/app';
  const prefix = 'jenkins:team/app';
  const crumb = fixture<{ crumb: string; crumbRequestField: string }>('jenkins/crumb.json');
  let api: DevopsTestApi;
  let server: ReplayServer;
  let restore: (() => Promise<void>) | undefined;
  const builds = fixture<{ builds: Record<string, unknown>[] }>('jenkins/builds.json');

  before(async () => {
    api = await activateExtension();
    server = await ReplayServer.start();
    const parameters = fixture('jenkins/parameters.json');
    server
      // One path answers both the build list and the parameter definitions: the tree query says which.
      .on('GET', `${jobPath}/api/json`, (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
        const body = url.searchParams.get('tree')?.startsWith('property') ? parameters : builds;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })
      .on('GET', `${jobPath}/wfapi/runs`, { json: fixture('jenkins/wfapi-runs.json'), etag: false })
      .on('GET', `${jobPath}/15/wfapi/describe`, { json: fixture('jenkins/wfapi-describe.json'), etag: false })
      .on('GET', '/jenkins/crumbIssuer/api/json', { json: crumb, headers: { 'set-cookie': 'JSESSIONID.it=node0ci; Path=/; HttpOnly' }, etag: false })
      .on('POST', `${jobPath}/buildWithParameters`, (req: http.IncomingMessage, res: http.ServerResponse) => {
        const crumbed = req.headers[crumb.crumbRequestField.toLowerCase()] === crumb.crumb && req.headers.cookie === 'JSESSIONID.it=node0ci';
        if (!crumbed) return void res.writeHead(403, { 'content-type': 'text/html' }).end('<html>No valid crumb was included in the request</html>');
        res.writeHead(201, { location: `${server.base}/jenkins/queue/item/7/` }).end();
      });
    await api.credentials.store('jenkins', `${server.base}/jenkins`, { user, token: apiToken });
    restore = await useCiEntries(api, [{ provider: 'jenkins', baseUrl: `${server.base}/jenkins`, job: 'team/app' }]);
  });

  afterEach(() => {
    answerCi(api, undefined);
    answerDeploys(api, undefined);
  });

  after(async () => {
    await restore?.();
    await server?.close();
  });

  it('shows the builds with their statuses, and the stages of an expanded build', async () => {
    await waitFor('Jenkins builds in the view', () => providerRows(api, prefix).runs.length === 4, 30_000);
    const { provider, runs } = providerRows(api, prefix);
    assert.equal(provider?.label, 'team/app');
    assert.deepEqual(runs.map((row) => row.icon), ['watch', 'error', 'pass', 'error'], 'a build paused on input waits; UNSTABLE counts as failed');
    assert.match(runs[1].label, /#15/);
    assert.equal(server.requests.find((r) => r.path === `${jobPath}/api/json`)?.headers.authorization, `Basic ${Buffer.from(`${user}:${apiToken}`).toString('base64')}`);
    api.ci.expand(runRow(api, prefix, '15').id);
    const stages = await waitFor('stage rows of build 15', () => {
      const rows = childRows(runRow(api, prefix, '15'));
      return rows.length === 3 ? rows : undefined;
    }, 20_000);
    assert.deepEqual(stages.map((row) => [row.label, row.icon]), [['Build', 'pass'], ['Test', 'error'], ['Deploy', 'debug-step-over']]);
  });

  it('starts a build with parameters, sending the crumb; TARGET=production asks the protected-deploy modal', async () => {
    const before = postCount(server);
    answerCi(api, answers('main', { TARGET: 'production', DRY_RUN: 'true' }));
    answerDeploys(api, () => true);
    const asked = deployPrompts(api).length;
    const sent = await vscode.commands.executeCommand('devops.ci.trigger', providerRows(api, prefix).provider?.id);
    assert.deepEqual(sent, { target: 'team/app', ref: 'main', inputs: { TARGET: 'production', DRY_RUN: 'true' } });
    assert.deepEqual(deployPrompts(api).slice(asked).map((p) => p.kind === 'confirmDeploy' && p.environment), ['production']);
    const [post, ...more] = posts(server, before);
    assert.equal(more.length, 0, `one build request (messages: ${JSON.stringify(ciMessages(api).slice(-2))})`);
    assert.equal(post.path, `${jobPath}/buildWithParameters`);
    assert.deepEqual(Object.fromEntries(post.url.searchParams), { TARGET: 'production', DRY_RUN: 'true' });
    assert.equal(post.headers[crumb.crumbRequestField.toLowerCase()], crumb.crumb);
    assert.equal(ciMessages(api).at(-1)?.level, 'info');

    answerCi(api, answers('main', { TARGET: 'staging', DRY_RUN: 'false' }));
    const stagingAsked = deployPrompts(api).length;
    await vscode.commands.executeCommand('devops.ci.trigger', providerRows(api, prefix).provider?.id);
    assert.equal(deployPrompts(api).length, stagingAsked, 'staging is not protected');
    assert.deepEqual(Object.fromEntries(posts(server, before)[1].url.searchParams), { TARGET: 'staging', DRY_RUN: 'false' });
  });

  it('answers the input build #16 waits for from its row: Proceed and Abort post to Jenkins with the crumb', async () => {
    server.on('GET', `${jobPath}/16/wfapi/pendingInputActions`, { json: fixture('jenkins/wfapi-pending-input.json'), etag: false });
    const input = `${jobPath}/16/input/Ef95dd500ae6ed3b27b89fb852296d12`;
    server.on('POST', `${input}/proceedEmpty`, { status: 302, headers: { location: `${server.base}${jobPath}/16/` } });
    server.on('POST', `${input}/abort`, { status: 302, headers: { location: `${server.base}${jobPath}/16/` } });
    const waiting = runRow(api, prefix, '16');
    assert.match(waiting.contextValue, /\banswerable\b/);
    assert.doesNotMatch(runRow(api, prefix, '15').contextValue, /\banswerable\b/);
    const before = postCount(server);
    await vscode.commands.executeCommand('devops.ci.proceed', waiting);
    await vscode.commands.executeCommand('devops.ci.abort', waiting);
    const sent = posts(server, before);
    assert.deepEqual(sent.map((post) => post.path), [`${input}/proceedEmpty`, `${input}/abort`]);
    assert.equal(sent[0].headers[crumb.crumbRequestField.toLowerCase()], crumb.crumb);
    assert.match(ciMessages(api).at(-1)?.text ?? '', /was aborted at its input/);
  });

  it('notifies once when the build waiting for input fails', async () => {
    const before = ciNotifications(api).length;
    Object.assign(builds.builds[0], { building: false, result: 'FAILURE', duration: 120_000 });
    api.ci.refreshNow();
    const note = await waitFor('a failed notification', () => ciNotifications(api).slice(before).find((n) => n.kind === 'failed'), 30_000);
    assert.equal(note.runId, '16');
    assert.match(note.message, /^team\/app: .*#16 on main failed\.$/);
    await waitFor('the build row turned failed', () => runRow(api, prefix, '16').icon === 'error', 10_000);
    api.ci.refreshNow();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(ciNotifications(api).slice(before).filter((n) => n.kind === 'failed' && n.runId === '16').length, 1, 'told once');
  });
});
