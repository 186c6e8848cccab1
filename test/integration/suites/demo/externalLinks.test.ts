import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { fixture } from '../../../unit/ci/replayServer';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { answerGithubRuns, serveGithubCi, type GithubCiServer } from './ciProvidersWorkspace';
import { ciMessages, failures, linksOpened } from '../empty/recordedPrompts';

// Links the extension opens come from devops.yaml, a sprint item or a CI server's
// answer: only http and https ones are handed on. A command:, file: or vscode: link is
// refused with a message and never reaches openExternal. An answer to the `link` prompts
// takes the place of the browser, so what would have been opened is recorded.

const token = 'ghp_LINKS_TEST_TOKEN';
type RunsBody = { total_count: number; workflow_runs: Record<string, unknown>[] };

describe('links open only over http and https', function () {
  this.timeout(90_000);
  let api: DevopsTestApi;
  const restores: (() => Promise<void>)[] = [];

  const rewrite = async (file: string, change: (doc: ReturnType<typeof parseDocument>) => void): Promise<void> => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), file);
    const original = await readText(uri);
    const doc = parseDocument(original);
    change(doc);
    await writeText(uri, doc.toString());
    restores.push(() => writeText(uri, original));
  };
  /** Whether the command handed `url` on (true) or refused it with a message naming it (false). */
  const outcomeOf = async (command: string, arg: unknown, url: string): Promise<boolean | undefined> => {
    const [links, told] = [linksOpened(api).length, failures(api).length];
    await vscode.commands.executeCommand(command, arg);
    if (linksOpened(api).slice(links).includes(url)) return true;
    return failures(api).slice(told).some((failure) => failure.text.includes('opens only http and https links')) ? false : undefined;
  };
  let handedFrom = 0;
  const handed = (): string[] => linksOpened(api).slice(handedFrom);

  before(async () => {
    api = await activateExtension();
    handedFrom = linksOpened(api).length;
    api.prompts.answer('link', () => true);
  });

  after(async () => {
    api.prompts.answer('link', undefined);
    for (const restore of restores.reverse()) await restore();
    await api.config.reload();
  });

  it('a service URL from devops.yaml: command: and file: are refused, http is handed on', async () => {
    await rewrite('devops.yaml', (doc) => {
      doc.setIn(['services', 'web', 'url'], 'command:devops.showMonitor');
      doc.setIn(['services', 'api', 'url'], 'file:///etc/passwd');
    });
    await api.config.reload();
    await waitFor('devops.yaml read', () => api.services.service('web')?.config.url === 'command:devops.showMonitor');
    assert.equal(await outcomeOf('devops.services.openUrl', 'web', 'command:devops.showMonitor'), false);
    assert.equal(await outcomeOf('devops.services.openUrl', 'api', 'file:///etc/passwd'), false);
    assert.deepEqual(handed(), [], 'nothing reached openExternal');
    assert.equal(await outcomeOf('devops.services.openUrl', 'store', 'http://127.0.0.1:7303/items'), true);
    assert.deepEqual(handed(), ['http://127.0.0.1:7303/items']);
  });

  it('a sprint item\'s url: vscode: is refused, https is handed on', async () => {
    handedFrom = linksOpened(api).length;
    await rewrite('sprint.yaml', (doc) => {
      doc.setIn(['items', 0, 'url'], 'vscode://devops-loop.devops-loop/run');
      doc.setIn(['items', 1, 'url'], 'https://tracker.example/DL-102');
    });
    await waitFor('the sprint file read', () => api.plan.model?.item('DL-101')?.url === 'vscode://devops-loop.devops-loop/run');
    await waitFor('the row of DL-101', () => api.views.plan.findRow('plan/DL-101'));
    assert.equal(await outcomeOf('devops.plan.openInBrowser', api.views.plan.findRow('plan/DL-101'), 'vscode://devops-loop.devops-loop/run'), false);
    assert.deepEqual(handed(), []);
    assert.equal(await outcomeOf('devops.plan.openInBrowser', api.views.plan.findRow('plan/DL-102'), 'https://tracker.example/DL-102'), true);
    assert.deepEqual(handed(), ['https://tracker.example/DL-102']);
  });

  it('a CI run\'s page from the server\'s answer: command: is refused, https is handed on', async () => {
    handedFrom = linksOpened(api).length;
    const runs = fixture<RunsBody>('github/workflow-runs.json');
    runs.workflow_runs[0].html_url = 'command:devops.refresh';
    const jobs = fixture<{ total_count: number; jobs: Record<string, unknown>[] }>('github/workflow-jobs.json');
    const github: GithubCiServer = await serveGithubCi(api, token, (_req, res, url) => answerGithubRuns(url, res, { runs, jobs }));
    restores.push(() => github.stop());
    const rowOf = (index: number): string | undefined => {
      const provider = api.ci.view.getChildren().find((row) => row.id.startsWith('ci/github:octo-org/octo-repo'));
      return provider?.children.find((row) => row.id.endsWith(`/run/${String(runs.workflow_runs[index].id)}`))?.id;
    };
    const [hostile, good] = await waitFor('the runs', () => (rowOf(0) && rowOf(1) ? [rowOf(0), rowOf(1)] : undefined), 30_000);
    const goodUrl = String(runs.workflow_runs[1].html_url);
    assert.match(goodUrl, /^https:\/\//);
    assert.equal(await outcomeOf('devops.ci.openInBrowser', hostile, 'command:devops.refresh'), false);
    assert.deepEqual(handed(), []);
    const refusal = ciMessages(api).at(-1);
    assert.equal(refusal?.level, 'error');
    assert.match(refusal?.text ?? '', /opens only http and https links; the CI page is a command: link/);
    assert.equal(await outcomeOf('devops.ci.openInBrowser', good, goodUrl), true);
    assert.deepEqual(handed(), [goodUrl]);
  });
});
