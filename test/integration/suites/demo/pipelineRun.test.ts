import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { simpleGit } from 'simple-git';
import * as vscode from 'vscode';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import type { PipelineQuestion } from '../../../../src/vscode/pipeline/pipelineQuestions';
import type { ApprovalQuestion } from '../../../../src/vscode/trust/approvalQuestions';
import { activateExtension, row, waitFor, workspaceRoot } from '../empty/extensionUnderTest';
import { answerApprovals, answerDeploys, approvals, deployPrompts, failures, noticeCount } from '../empty/recordedPrompts';

// The demo pipeline run from the commands, as a user would, in the temp copy of demo/
// (made a git repository here, so runs carry a commit). Tests cannot click modals: the
// test API's prompt hook answers them and records what they asked.
//
// views.test.ts checks that activation started no process; this suite starts some, so
// it registers itself after the files already loaded, at the end of the run.
process.nextTick(() =>
  describe('pipeline on the demo workspace', function () {
    this.timeout(120_000);
    let api: DevopsTestApi;
    let root: string;
    let head: string;
    const answers: { deploy: boolean; approve: boolean } = { deploy: false, approve: true };

    const promptsOf = <K extends PipelineQuestion['kind']>(kind: K): Extract<PipelineQuestion, { kind: K }>[] =>
      deployPrompts(api).filter((p): p is Extract<PipelineQuestion, { kind: K }> => p.kind === kind);
    const approvalPrompts = (): readonly ApprovalQuestion[] => approvals(api);
    /** What started since `from` for devops.yaml commands (git, the product's own, left out). */
    const commandsStarted = (from: number): string[] =>
      api.ports.processPurposes.slice(from).flatMap((p) => (p.kind === 'internal' ? [] : [`${p.kind} ${p.source}`]));
    const runCommand = async (id: string, arg?: unknown): Promise<PipelineRun> => {
      const run = await vscode.commands.executeCommand<PipelineRun | undefined>(id, arg);
      assert.ok(run, `${id} returned the finished run (refusals: ${JSON.stringify(failures(api))})`);
      return run;
    };

    before(async () => {
      api = await activateExtension();
      root = workspaceRoot().fsPath;
      const git = simpleGit(root);
      await git.init();
      await git.addConfig('user.name', 'Pipeline Test');
      await git.addConfig('user.email', 'pipeline@test.invalid');
      await writeFile(join(root, '.gitignore'), '.devops/\nlogs/\n');
      await git.add('.');
      await git.commit('feat: demo shop');
      head = (await git.revparse(['HEAD'])).trim();
      answerDeploys(api, (prompt) => prompt.kind === 'confirmDeploy' && answers.deploy);
      answerApprovals(api, () => answers.approve);
      await api.pipeline.load();
    });

    after(() => {
      answerDeploys(api, undefined);
      answerApprovals(api, undefined);
    });

    it('runs build and test from the command after approving their exact commands, and keeps the run in history', async () => {
      const startsBefore = api.ports.processStarts;
      const asked = approvalPrompts().length;
      const run = await runCommand('devops.pipeline.run', { stages: ['build', 'test'] });
      assert.equal(run.status, 'succeeded', JSON.stringify(run.stages.map((s) => [s.name, s.status, s.reason])));
      assert.deepEqual(run.stages.map((s) => s.name), ['build', 'test']);
      assert.deepEqual(commandsStarted(startsBefore), ['stage build', 'stage test'], 'one process per stage, through the gated runner');
      assert.ok(api.ports.processPurposes.slice(startsBefore).some((p) => p.kind === 'internal'), 'git read the commit through the same runner');

      const approvals = approvalPrompts().slice(asked);
      assert.equal(approvals.length, 1);
      assert.equal(approvals[0]?.mode, 'modal');
      assert.deepEqual(approvals[0]?.commands.map((c) => [c.kind, c.source, c.command, c.cwd]), [
        ['stage', 'build', api.config.snapshot.config?.pipeline?.stages.build?.run, root],
        ['stage', 'test', api.config.snapshot.config?.pipeline?.stages.test?.run, root],
      ]);

      const saved = api.pipeline.history[0];
      assert.equal(saved?.id, run.id);
      assert.equal(saved?.commit, head);
      assert.equal(saved?.branch, (await simpleGit(root).revparse(['--abbrev-ref', 'HEAD'])).trim());
      assert.equal(saved?.who, 'Pipeline Test');
      const history = JSON.parse(await readFile(join(root, '.devops', 'history.json'), 'utf8')) as { runs: { id: string }[] };
      assert.equal(history.runs[0]?.id, run.id, 'the run is on disk, so it survives a restart');

      const buildLog = await readFile(run.stages[0]?.logFile ?? '', 'utf8');
      assert.match(buildLog, /build:/, 'the build log holds the stage output');
      const runRow = row(api.views.pipeline, `pipeline/run/${run.id}`);
      assert.match(runRow.description ?? '', /succeeded/);
      assert.match(runRow.description ?? '', new RegExp(head.slice(0, 7)));
    });

    it('shows the JUnit counts the test stage reported', async () => {
      const run = api.pipeline.history[0];
      const test = run?.stages.find((s) => s.name === 'test');
      // Counted here from the report itself, independently of the extension's parser.
      const xml = await readFile(join(root, '.devops', 'reports', 'junit.xml'), 'utf8');
      const cases = xml.match(/<testcase\b/g)?.length ?? 0;
      const skipped = xml.match(/<skipped\b/g)?.length ?? 0;
      const failed = (xml.match(/<failure\b/g)?.length ?? 0) + (xml.match(/<error\b/g)?.length ?? 0);
      assert.ok(cases > 0);
      assert.deepEqual({ passed: test?.tests?.passed, failed: test?.tests?.failed, skipped: test?.tests?.skipped }, { passed: cases - skipped - failed, failed, skipped });
      const stageRow = row(api.views.pipeline, 'pipeline/stage/test');
      assert.match(stageRow.description ?? '', new RegExp(`${cases - skipped - failed} passed, ${failed} failed, ${skipped} skipped`));
      assert.match(stageRow.contextValue, /\blog\b/);
      assert.match(stageRow.contextValue, /\brunnable\b/);
    });

    it('runs an approved command again without asking, and asks again once its text changed', async () => {
      const asked = approvalPrompts().length;
      await runCommand('devops.pipeline.runStage', 'build');
      assert.equal(approvalPrompts().length, asked, 'the same text is not asked again');

      const configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
      const original = await readFile(configUri.fsPath, 'utf8');
      const changed = original.replace('run: node scripts/build.js', 'run: node scripts/build.js --changed');
      assert.notEqual(changed, original);
      try {
        await writeFile(configUri.fsPath, changed);
        await api.config.reload();
        await runCommand('devops.pipeline.runStage', 'build');
        const latest = approvalPrompts();
        assert.equal(latest.length, asked + 1);
        assert.deepEqual(latest.at(-1)?.commands.map((c) => [c.command, c.changes]), [
          ['node scripts/build.js --changed', [{ field: 'command', before: 'node scripts/build.js', after: 'node scripts/build.js --changed' }]],
        ]);
      } finally {
        await writeFile(configUri.fsPath, original);
        await api.config.reload();
      }
    });

    it('asks again when a stage gains a variable such as NODE_OPTIONS or another folder, shows the change, and a refusal runs nothing', async () => {
      const configUri = vscode.Uri.joinPath(workspaceRoot(), 'devops.yaml');
      const original = await readFile(configUri.fsPath, 'utf8');
      const marker = join(root, 'preloaded');
      await writeFile(join(root, 'scripts', 'preload.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
      const withEnv = original.replace('run: node scripts/build.js\n', 'run: node scripts/build.js\n      env: { NODE_OPTIONS: "--require ./scripts/preload.js" }\n');
      const withCwd = original.replace('run: node scripts/build.js\n', 'run: node scripts/build.js\n      cwd: scripts\n');
      assert.notEqual(withEnv, original);
      const startsBefore = api.ports.processStarts;
      try {
        answers.approve = false;
        await writeFile(configUri.fsPath, withEnv);
        await api.config.reload();
        const asked = approvalPrompts().length;
        assert.equal(await vscode.commands.executeCommand('devops.pipeline.runStage', 'build'), undefined, 'declined: no run');
        assert.equal(approvalPrompts().length, asked + 1, 'the same run: text with a new variable is asked again');
        // Shown against the newest approval of the stage (the earlier test approved "--changed"): the variable is among the changes.
        const changes = (): unknown[] => approvalPrompts().at(-1)?.commands[0]?.changes ?? [];
        assert.ok(changes().some((c) => isDeepStrictEqual(c, { field: 'env NODE_OPTIONS', after: '--require ./scripts/preload.js' })), JSON.stringify(changes()));
        assert.equal(existsSync(marker), false, 'NODE_OPTIONS never reached a process');
        assert.deepEqual(commandsStarted(startsBefore), []);

        await writeFile(configUri.fsPath, withCwd);
        await api.config.reload();
        assert.equal(await vscode.commands.executeCommand('devops.pipeline.runStage', 'build'), undefined);
        assert.ok(changes().some((c) => isDeepStrictEqual(c, { field: 'cwd', before: root, after: join(root, 'scripts') })), JSON.stringify(changes()));
        assert.deepEqual(commandsStarted(startsBefore), [], 'the other folder did not run either');
      } finally {
        answers.approve = true;
        await writeFile(configUri.fsPath, original);
        await api.config.reload();
        await rm(join(root, 'scripts', 'preload.js'), { force: true });
      }
    });

    it('shows a failed test as a child that opens its file and line, and in the Problems panel', async () => {
      const failing = join(root, 'tests', 'zz-broken.test.js');
      await writeFile(failing, "'use strict';\nexports.tests = {\n  'adds up': () => {\n    throw new Error('expected 3, got 4');\n  },\n};\n");
      try {
        const run = await runCommand('devops.pipeline.runStage', 'test');
        assert.equal(run.status, 'failed');
        const failure = run.stages[0]?.tests?.failures.find((f) => f.message.includes('expected 3, got 4'));
        assert.ok(failure, JSON.stringify(run.stages[0]?.tests));
        assert.equal(failure.file, 'tests/zz-broken.test.js');
        const stageRow = row(api.views.pipeline, 'pipeline/stage/test');
        const child = stageRow.children.find((c) => c.label === failure.name);
        assert.ok(child, 'the failed test is a child of its stage');
        assert.equal(child.command?.command, 'vscode.open');
        assert.equal((child.command?.arguments?.[0] as vscode.Uri).fsPath, failing);
        assert.equal((child.command?.arguments?.[1] as { selection: vscode.Range }).selection.start.line, (failure.line ?? 1) - 1);
        const problems = vscode.languages.getDiagnostics(vscode.Uri.file(failing));
        assert.ok(problems.some((d) => d.message.includes('expected 3, got 4')), 'the failure is in the Problems panel');
        assert.equal(noticeCount(api, 'pipeline.finished'), 1, 'a failed run notifies');
        await waitFor('the status bar to show the failed run', () => api.pipeline.statusReport.level === 'error', 5000);
        assert.match(api.pipeline.statusReport.text, /failed: test/);
      } finally {
        await rm(failing, { force: true });
      }
    });

    it('refuses a protected deploy that was not confirmed, after asking with environment, version and commit', async () => {
      const startsBefore = api.ports.processStarts;
      const version = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }).version;
      answers.deploy = false;
      const result: unknown = await vscode.commands.executeCommand('devops.pipeline.deploy', { environment: 'production' });
      assert.equal(result, undefined);
      assert.deepEqual(promptsOf('confirmDeploy').at(-1), { kind: 'confirmDeploy', environment: 'production', version, commit: head });
      assert.equal(failures(api).at(-1)?.reason, 'forbidden');
      assert.match(failures(api).at(-1)?.text ?? '', /production/);
      assert.deepEqual(commandsStarted(startsBefore), [], 'nothing started');
      assert.equal(api.pipeline.environment('production')?.history.length, 0);
    });

    it('asks the same modal when a protected deploy stage is part of a run', async () => {
      const asked = promptsOf('confirmDeploy').length;
      const result: unknown = await vscode.commands.executeCommand('devops.pipeline.runStage', 'deploy-production');
      assert.equal(result, undefined);
      assert.equal(promptsOf('confirmDeploy').length, asked + 1);
      assert.equal(promptsOf('confirmDeploy').at(-1)?.environment, 'production');
      assert.equal(failures(api).at(-1)?.reason, 'forbidden');
    });

    it('deploys to an unprotected environment as a recorded run: Environments, Runs and history.json, as the CLI records it', async () => {
      // An earlier suite may have deployed staging (the pull request suite's merge runs it): count from here.
      const auditBefore = await readFile(join(root, '.devops', 'deploys.jsonl'), 'utf8').then((text) => text.trim().split('\n').filter(Boolean).length, () => 0);
      const run = await runCommand('devops.pipeline.deploy', 'staging');
      assert.equal(run.status, 'succeeded', JSON.stringify(run.stages.map((s) => [s.name, s.status, s.reason])));
      // The shape `devops-loop deploy staging` gives its run: one deploy stage named after the environment.
      assert.deepEqual(run.requested, ['deploy-staging']);
      assert.deepEqual(run.stages.map((s) => [s.name, s.kind, s.status]), [['deploy-staging', 'deploy', 'succeeded']]);
      const staging = await waitFor('staging deployed', () => api.pipeline.environment('staging')?.deployed);
      assert.equal(staging.commit, head);
      const audit = (await readFile(join(root, '.devops', 'deploys.jsonl'), 'utf8')).trim().split('\n');
      assert.equal(audit.length, auditBefore + 1, 'one audit record more');
      assert.equal((JSON.parse(audit.at(-1) ?? '{}') as { runId?: string }).runId, run.id, 'the audit record names its run');
      assert.match(row(api.views.pipeline, 'pipeline/env/staging').description ?? '', new RegExp(staging.version));
      const history = JSON.parse(await readFile(join(root, '.devops', 'history.json'), 'utf8')) as { runs: { id: string }[] };
      assert.equal(history.runs[0]?.id, run.id, 'the deploy is in history.json');
      assert.equal(api.pipeline.history[0]?.id, run.id);
      assert.match(row(api.views.pipeline, `pipeline/run/${run.id}`).description ?? '', /succeeded/, 'and in the Runs section');
      assert.match(await readFile(run.stages[0]?.logFile ?? '', 'utf8'), /staging/, 'its log is the run stage log');
    });

    it('offers every stage as a task of type devops', async () => {
      const tasks = await api.pipeline.tasks();
      const stages = Object.keys(api.config.snapshot.config?.pipeline?.stages ?? {});
      assert.deepEqual(tasks.map((t) => (t.definition as { stage?: string }).stage).sort(), [...stages].sort());
      assert.ok(tasks.every((t) => t.definition.type === 'devops' && t.execution instanceof vscode.CustomExecution));
    });

    it('runs a stage as a task through the same runner, into the same history', async () => {
      const lint = (await api.pipeline.tasks()).find((t) => (t.definition as { stage?: string }).stage === 'lint');
      assert.ok(lint);
      const startsBefore = api.ports.processStarts;
      const ended = new Promise<void>((resolve) => {
        const listener = vscode.tasks.onDidEndTask((e) => {
          if (e.execution.task.name === lint.name && e.execution.task.source === lint.source) {
            listener.dispose();
            resolve();
          }
        });
      });
      await vscode.tasks.executeTask(lint);
      await ended;
      const run = await waitFor('the task run in history', () => api.pipeline.history.find((r) => r.requested.length === 1 && r.requested[0] === 'lint'));
      assert.equal(run.stages[0]?.status, 'succeeded', run.stages[0]?.reason);
      assert.deepEqual(commandsStarted(startsBefore), ['stage lint'], 'the task started its stage through the gated runner');
    });
  }),
);
