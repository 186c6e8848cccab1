import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { activateExtension, row, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerApprovals, answerDeploys, deployPrompts, failures, noticeCount } from '../empty/recordedPrompts';

// Cancel, Open Log and a release from the Pipeline's commands, on the demo repository that
// pipelineRun.test.ts made a git repository with one commit (this file sorts after it and
// registers the same way, at the end of the run).
process.nextTick(() =>
  describe('pipeline commands: cancel a running deploy, open a log, release', function () {
    this.timeout(120_000);
    let api: DevopsTestApi;
    let root: string;
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

    before(async () => {
      api = await activateExtension();
      root = workspaceRoot().fsPath;
      answerApprovals(api, () => true);
      answerDeploys(api, (prompt) => prompt.kind === 'confirmRelease');
      await api.pipeline.load();
    });

    after(async () => {
      answerApprovals(api, undefined);
      answerDeploys(api, undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('Cancel with nothing running says so', async () => {
      const told = noticeCount(api, 'pipeline.cancel');
      await vscode.commands.executeCommand('devops.pipeline.cancel');
      assert.equal(noticeCount(api, 'pipeline.cancel'), told + 1);
    });

    it('Cancel ends a running deploy: the run is cancelled in history and the audit says so', async () => {
      const deploying = vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', 'staging');
      await waitFor('the deploy running', () => api.pipeline.current?.stages.some((s) => s.status === 'running'), 20_000);
      await waitFor('staging shown as deploying', () => api.pipeline.environment('staging')?.running);
      await vscode.commands.executeCommand('devops.pipeline.cancel');
      const run = await deploying;
      assert.ok(run, JSON.stringify(failures(api).at(-1)));
      assert.equal(run.status, 'cancelled');
      assert.equal(api.pipeline.history[0]?.id, run.id);
      const audit = (await readFile(join(root, '.devops', 'deploys.jsonl'), 'utf8')).trim().split('\n');
      const last = JSON.parse(audit.at(-1) ?? '{}') as { runId?: string; result?: string };
      assert.deepEqual([last.runId, last.result], [run.id, 'cancelled']);
      assert.equal(api.pipeline.environment('staging')?.running, undefined, 'the lock is released');
      assert.match(row(api.views.pipeline, `pipeline/run/${run.id}`).description ?? '', /cancelled/);
    });

    it('Open Log on a stage row opens the log of its latest run', async () => {
      const build = api.pipeline.history.flatMap((r) => r.stages).find((s) => s.name === 'build' && s.status === 'succeeded');
      assert.ok(build, 'an earlier test ran build');
      await vscode.commands.executeCommand('devops.pipeline.openLog', row(api.views.pipeline, 'pipeline/stage/build'));
      const editor = await waitFor('the log in an editor', () => vscode.window.activeTextEditor);
      assert.equal(editor.document.uri.fsPath, build.logFile);
      assert.match(editor.document.getText(), /build:/);
    });

    it('Rerun Failed runs again only what failed in a run', async () => {
      const failed = api.pipeline.history.find((r) => r.status === 'failed' && r.stages.every((s) => s.name === 'test'));
      assert.ok(failed, 'the failed test run of pipelineRun.test.ts is in history');
      const run = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.rerunFailed', row(api.views.pipeline, `pipeline/run/${failed.id}`));
      assert.ok(run, JSON.stringify(failures(api).at(-1)));
      assert.deepEqual(run.stages.map((s) => [s.name, s.status]), [['test', 'succeeded']], 'the broken test file is gone, so test passes now');
    });

    it('a release stage shows its preview, then bumps the version, commits and tags', async () => {
      const asked = deployPrompts(api).length;
      const before = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
      const run = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.runStage', 'release');
      assert.ok(run, JSON.stringify(failures(api).at(-1)));
      assert.equal(run.status, 'succeeded', JSON.stringify(run.stages.map((s) => [s.name, s.status, s.reason])));
      const preview = deployPrompts(api).slice(asked);
      assert.equal(preview.length, 1);
      assert.equal(preview[0]?.kind, 'confirmRelease');
      const version = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
      assert.notEqual(version, before);
      assert.deepEqual(preview[0], { kind: 'confirmRelease', version, tag: `v${version}` });
      assert.equal(git('tag', '--points-at', 'HEAD'), `v${version}`);
      assert.match(git('log', '-1', '--format=%s'), new RegExp(version.replace(/\./g, '\\.')));
    });
  }),
);
