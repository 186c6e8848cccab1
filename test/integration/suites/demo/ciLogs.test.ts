import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import { activateExtension, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerGithubRuns, serveGithubCi, type GithubCiServer } from './ciProvidersWorkspace';

// A failed GitHub Actions job's log in the editor, against a real HTTP server on
// 127.0.0.1 answering as the GitHub REST API does (fixtures from GitHub's API
// documentation, test/fixtures/ci/github): the log download answers 302 to a storage
// URL, as GitHub does; the lint job's log has expired (410).

const fixtures = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'ci', 'github');
const token = 'ghp_CI_LOGS_TEST_TOKEN_7f3a';
const failedRun = '30433641';
const buildJob = '399444496';
const lintJob = '399444497';

function fixtureFile(name: string): { body?: unknown; lines?: string[] } {
  return JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as { body?: unknown; lines?: string[] };
}

describe('CI logs in the editor: steps, folding, problems, colours, notices', function () {
  this.timeout(120_000);
  let api: DevopsTestApi;
  let github: GithubCiServer | undefined;
  const runs = fixtureFile('workflow-runs.json').body as { workflow_runs: Record<string, unknown>[] };
  const jobs = fixtureFile('workflow-jobs.json').body as { total_count: number; jobs: Record<string, unknown>[] };
  const logText = (fixtureFile('job-log-demo-failure.json').lines ?? []).join('\n') + '\n';
  const storageRequests: http.IncomingHttpHeaders[] = [];
  let buildLog: vscode.TextDocument | undefined;

  before(async () => {
    api = await activateExtension();
    github = await serveGithubCi(api, token, (req, res, url, base) => {
      // The storage URL is signed: GitHub's client sends no token there.
      if (url.pathname === `/storage/job-${buildJob}.txt`) {
        storageRequests.push(req.headers);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(logText);
        return true;
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
        return true;
      }
      if (answerGithubRuns(url, res, { runs, jobs })) return true;
      if (url.pathname === `/repos/octo-org/octo-repo/actions/jobs/${buildJob}/logs`) {
        res.writeHead(302, { location: `${base}/storage/job-${buildJob}.txt` }).end();
        return true;
      }
      if (url.pathname === `/repos/octo-org/octo-repo/actions/jobs/${lintJob}/logs`) {
        res.writeHead(410, { 'content-type': 'application/json' }).end('{"message":"Gone"}');
        return true;
      }
      return false;
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await github?.stop();
  });

  const runRow = (runId: string): RowNode | undefined =>
    api.ci.view
      .getChildren()
      .find((row) => row.id.startsWith('ci/github:octo-org/octo-repo'))
      ?.children.find((row) => row.id.endsWith(`/run/${runId}`));
  const jobRowId = async (runId: string, jobId: string): Promise<string> => {
    await waitFor(`run ${runId} in the CI Runs view`, () => runRow(runId), 30_000);
    api.ci.expand(runRow(runId)!.id);
    const job = await waitFor(`job ${jobId} under run ${runId}`, () => runRow(runId)?.children.find((row) => row.id.endsWith(`/job/${jobId}`)), 20_000);
    return job.id;
  };
  const openLog = async (rowId: string, until: (text: string) => boolean): Promise<vscode.TextDocument> => {
    await vscode.commands.executeCommand('devops.ci.openLog', rowId);
    const shown = (): vscode.TextDocument | undefined => vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === 'devops-ci-log' && editor.document.uri.query.endsWith(`|${rowId.split('/job/')[1]}`))?.document;
    try {
      return await waitFor('the log document with its text', () => {
        const doc = shown();
        return doc && until(doc.getText()) ? doc : undefined;
      }, 30_000);
    } catch (error) {
      const seen = vscode.workspace.textDocuments.filter((doc) => doc.uri.scheme === 'devops-ci-log').map((doc) => `${doc.uri.toString()}: ${doc.getText().slice(0, 200)}`);
      throw new Error(`${String(error)}; log documents: ${JSON.stringify(seen)}; visible: ${JSON.stringify(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()))}`, { cause: error });
    }
  };
  const lineOf = (doc: vscode.TextDocument, text: string): number => {
    const index = doc.getText().split('\n').indexOf(text);
    assert.ok(index >= 0, `the log shows the line ${JSON.stringify(text)}`);
    return index;
  };

  it("opens a failed job's log with its steps' lines, no escapes, no runner markup", async () => {
    buildLog = await openLog(await jobRowId(failedRun, buildJob), (text) => text.includes('Cleaning up orphan processes'));
    const text = buildLog.getText();
    assert.ok(!text.includes('\u001b'), 'no escape characters');
    assert.doesNotMatch(text, /##\[|^\d{4}-\d\d-\d\dT/m, 'no workflow commands or timestamps');
    // Each step's lines, in the order the steps ran.
    const order = ['▸ Set up job', "Current runner version: '2.321.0'", 'Run actions/checkout@v4', 'npm test', '✖ orders total counts every line', 'Process completed with exit code 1.', 'Cleaning up orphan processes'];
    const at = order.map((line) => lineOf(buildLog!, line));
    assert.deepEqual([...at].sort((a, b) => a - b), at);
    assert.equal(storageRequests.length, 1);
    assert.equal(storageRequests[0].authorization, undefined, 'the token stays with the API host');
  });

  it('folds the log by step, with the groups inside', async () => {
    const doc = buildLog!;
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    const pairs = ranges.map((range) => [range.start, range.end]);
    const expected = [
      // GitHub's log has no line naming "Set up job": a header line does, so the fold says which step it is.
      ['Set up job', lineOf(doc, '▸ Set up job'), lineOf(doc, 'Ubuntu 24.04')],
      ['Run actions/checkout@v4', lineOf(doc, 'Run actions/checkout@v4'), lineOf(doc, 'Syncing repository: octo-org/octo-repo')],
      ['Run npm test', lineOf(doc, 'Run npm test'), lineOf(doc, 'Process completed with exit code 1.')],
      ['Complete job', lineOf(doc, '▸ Complete job'), lineOf(doc, 'Cleaning up orphan processes')],
      ['group Operating System', lineOf(doc, 'Operating System'), lineOf(doc, 'Ubuntu 24.04')],
    ] as const;
    for (const [name, start, end] of expected) assert.ok(pairs.some(([s, e]) => s === start && e === end), `a folding range for ${name} (${start}-${end}); got ${JSON.stringify(pairs)}`);
    const steps = ['▸ Set up job', 'Run actions/checkout@v4', 'Run npm test', '▸ Complete job'].map((line) => lineOf(doc, line));
    for (const range of ranges) assert.ok(range.start === lineOf(doc, 'Operating System') || steps.includes(range.start), `fold at ${range.start} starts on a line naming its section: ${doc.lineAt(range.start).text}`);
  });

  it('lists the steps as document symbols for Outline, breadcrumbs and Go to Symbol', async () => {
    const doc = buildLog!;
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(
      symbols.map((symbol) => [symbol.name, symbol.range.start.line, symbol.range.end.line, symbol.selectionRange.start.line]),
      [
        ['Set up job', lineOf(doc, '▸ Set up job'), lineOf(doc, 'Ubuntu 24.04'), lineOf(doc, '▸ Set up job')],
        ['Run actions/checkout@v4', lineOf(doc, 'Run actions/checkout@v4'), lineOf(doc, 'Syncing repository: octo-org/octo-repo'), lineOf(doc, 'Run actions/checkout@v4')],
        ['Run npm test', lineOf(doc, 'Run npm test'), lineOf(doc, 'Process completed with exit code 1.'), lineOf(doc, 'Run npm test')],
        ['Complete job', lineOf(doc, '▸ Complete job'), lineOf(doc, 'Cleaning up orphan processes'), lineOf(doc, '▸ Complete job')],
      ],
    );
    assert.deepEqual(
      symbols[0].children.map((child) => [child.name, child.range.start.line]),
      [['Operating System', lineOf(doc, 'Operating System')]],
    );
    // Go to Symbol lands on a symbol's selection range: a line naming the step.
    for (const symbol of symbols) assert.ok(doc.lineAt(symbol.selectionRange.start.line).text.includes(symbol.name), `${symbol.name} lands on a line naming it`);
  });

  it('puts the errors the log names into the Problems panel, on the workspace files', async () => {
    const orders = vscode.Uri.joinPath(workspaceRoot(), 'services', 'lib', 'orders.js');
    const test = vscode.Uri.joinPath(workspaceRoot(), 'tests', 'orders.test.js');
    // This log's problems only: logs other suites opened keep theirs (problems outlive their log).
    const source = `DevOps CI (${buildLog!.uri.path.slice(1)})`;
    const lint = await waitFor('the ESLint problem on services/lib/orders.js', () => vscode.languages.getDiagnostics(orders).find((d) => d.source === source), 10_000);
    assert.deepEqual([lint.range.start.line, lint.range.start.character], [11, 4]);
    assert.equal(lint.severity, vscode.DiagnosticSeverity.Error);
    assert.match(lint.message, /'total' is never reassigned/);
    assert.equal(lint.code, 'eslint/prefer-const');
    const frame = vscode.languages.getDiagnostics(test).find((d) => d.source === source);
    assert.ok(frame, 'the failing test frame is a problem on tests/orders.test.js');
    assert.deepEqual([frame.range.start.line, frame.range.start.character], [13, 11]);
    assert.match(frame.message, /AssertionError/);
    const elsewhere = vscode.languages.getDiagnostics().filter(([uri, list]) => list.some((d) => d.source === source) && !uri.fsPath.startsWith(workspaceRoot().fsPath));
    assert.deepEqual(elsewhere.map(([uri]) => uri.fsPath), [], 'no CI problem points outside the workspace');
  });

  it('paints the coloured lines with their ANSI colours', async () => {
    const doc = buildLog!;
    const colours = await waitFor('colours painted on the log', () => {
      const painted = api.ci.logColours(doc.uri);
      return painted.length >= 3 ? painted : undefined;
    }, 10_000);
    const linesOf = (style: string): number[] => colours.find((c) => c.style === style)?.ranges.map((r) => r.start.line) ?? [];
    assert.deepEqual(linesOf('fg=cyan bold'), [lineOf(doc, 'npm test')]);
    assert.deepEqual(linesOf('fg=green'), [lineOf(doc, '✔ logger writes one JSON object per line')]);
    assert.deepEqual(linesOf('fg=red'), [lineOf(doc, '✖ orders total counts every line'), lineOf(doc, 'Process completed with exit code 1.')]);
    const cyan = colours.find((c) => c.style === 'fg=cyan bold')!.ranges[0];
    assert.deepEqual([cyan.start.character, cyan.end.character], [0, 'npm test'.length]);
  });

  it('shows an expired log as a notice at the top', async () => {
    const expired = await openLog(await jobRowId(failedRun, lintJob), (text) => text.startsWith('[expired]'));
    assert.match(expired.lineAt(0).text, /^\[expired\] GitHub no longer keeps this log/);
    assert.notEqual(expired.uri.toString(), buildLog?.uri.toString());
  });

  it('never shows the token in a log document', () => {
    const logs = vscode.workspace.textDocuments.filter((doc) => doc.uri.scheme === 'devops-ci-log');
    assert.ok(logs.length >= 1);
    for (const doc of logs) assert.ok(!doc.getText().includes(token), `${doc.uri.path} holds no token`);
  });
});
