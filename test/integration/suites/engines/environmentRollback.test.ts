import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { PipelineRun } from '../../../../src/core/pipeline/runTypes';
import type { RowNode } from '../../../../src/vscode/trees/rowNode';
import type { DevopsTestApi } from '../../../../src/vscode/testApi';
import { dockerSuite } from '../../../unit/engines/dockerHarness';
import { startRegistry, type RegistryHarness } from '../../../unit/engines/registryHarness';
import { activateExtension, readText, waitFor, workspaceRoot, writeText } from '../empty/extensionUnderTest';
import { answerApprovals, answerDeploys, deployPrompts, failures } from '../empty/recordedPrompts';

// Rollback…, Promote and drift on the environment rows, inside the editor, on a real
// dockerd, one-node Swarm and docker-registry: two releases deployed to a Swarm staging,
// Rollback… from its row returns it to the first (the row and the history say so), Promote
// sends staging's image to a protected production through the confirmation, and the row
// tells how far main has moved past what staging runs, also after a new commit.

const STAGING = 'envrb-staging';
const PRODUCTION = 'envrb-production';
const QA = 'envrb-qa';
const FRESH = 'envrb-fresh';

describe('Rollback…, Promote and drift on environment rows', function () {
  this.timeout(300_000);
  const docker = dockerSuite({ prefix: 'envrb' });
  let api: DevopsTestApi;
  let registry: RegistryHarness;
  let original: { config: string; packageJson: string };
  let git: SimpleGit;
  let madeRepository = false;
  const root = (): string => workspaceRoot().fsPath;
  const fileUri = (name: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), name);
  const services = (): { staging: string; production: string; fresh: string } => ({ staging: `${docker.harness.runLabel[1]}_stg`, production: `${docker.harness.runLabel[1]}_prd`, fresh: `${docker.harness.runLabel[1]}_new` });
  const envRow = (name: string): RowNode | undefined => api.views.pipeline.findRow(`pipeline/env/${name}`);
  const rowWith = (name: string, text: string): Promise<RowNode> => waitFor(`the ${name} row saying "${text}"`, () => {
    const found = envRow(name);
    return found?.description?.includes(text) ? found : undefined;
  }, 30_000);

  // A failed run's message carries its stage log: the engine's own words on the failed task are there.
  const why = (run: PipelineRun | undefined): string => {
    const stage = run?.stages[0];
    const log = stage?.logFile && existsSync(stage.logFile) ? readFileSync(stage.logFile, 'utf8') : '';
    return `${stage?.reason ?? failures(api).at(-1)?.text ?? 'no run'}\n${log}`;
  };

  const release = async (version: string): Promise<void> => {
    await writeText(fileUri('package.json'), original.packageJson.replace(/"version": "[^"]+"/, `"version": "${version}"`));
    await git.add('.').commit(`chore(release): v${version}`);
    await git.addAnnotatedTag(`v${version}`, `Release v${version}`);
    const run = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.runStage', 'envrb-image');
    assert.equal(run?.stages[0]?.status, 'succeeded', run?.stages[0]?.reason ?? failures(api).at(-1)?.text);
  };

  before(async function () {
    this.timeout(240_000);
    api = await activateExtension();
    answerApprovals(api, () => true);
    registry = await startRegistry();
    for (const service of Object.values(services())) await docker.harness.createService(service, 1, {});
    await mkdir(join(root(), 'envrb-image'), { recursive: true });
    const program = JSON.stringify(['/bin/busybox', 'sh', '-c', 'trap "exit 0" TERM; /bin/busybox httpd -p 8080 -h /www; while true; do /bin/busybox sleep 1; done']);
    await writeFile(join(root(), 'envrb-image', 'Dockerfile'), `FROM ${docker.harness.image}\n# The base image asks httpd for health every second: on a loaded machine that alone can pause a rollout.\nHEALTHCHECK NONE\nCMD ${program}\n`);
    original = { config: await readText(fileUri('devops.yaml')), packageJson: await readText(fileUri('package.json')) };
    const doc = parseDocument(original.config);
    const image = `${registry.host}/envrb/web`;
    doc.set('engines', { docker: { host: `unix://${docker.harness.socket}` } });
    doc.setIn(['pipeline', 'stages', 'envrb-image'], { kind: 'image', context: 'envrb-image', image });
    doc.setIn(['environments', STAGING], { target: { swarm: services().staging }, image, rolloutTimeout: '120s' });
    doc.setIn(['environments', QA], { target: { swarm: services().staging }, image });
    doc.setIn(['environments', FRESH], { target: { swarm: services().fresh }, image });
    doc.setIn(['environments', PRODUCTION], { target: { swarm: services().production }, image, protected: true, rolloutTimeout: '120s' });
    await writeText(fileUri('devops.yaml'), doc.toString());
    // The demo folder is no repository here: drift needs one, with the release's tags.
    git = simpleGit(root());
    if (!existsSync(join(root(), '.git'))) {
      madeRepository = true;
      await git.init(['-b', 'main']);
      await git.addConfig('user.name', 'Envrb Tester').addConfig('user.email', 'envrb@example.test').addConfig('commit.gpgsign', 'false').addConfig('tag.gpgsign', 'false');
      await git.add('.').commit('feat: the shop');
    }
    await api.config.reload();
    await api.pipeline.load();
    await vscode.commands.executeCommand('devops.pipeline.focus');
  });

  after(async () => {
    answerApprovals(api, undefined);
    answerDeploys(api, undefined);
    api.prompts.answer('pipeline.promoteFrom', undefined);
    if (original) {
      await writeText(fileUri('devops.yaml'), original.config);
      await writeText(fileUri('package.json'), original.packageJson);
    }
    await api?.config.reload();
    if (docker.harness) for (const service of Object.values(services())) await docker.harness.api('DELETE', `/services/${service}`);
    if (registry) {
      const filters = encodeURIComponent(JSON.stringify({ reference: [`${registry.host}/envrb/web`] }));
      const images = ((await docker.harness.api('GET', `/images/json?filters=${filters}`)).json ?? []) as { Id: string }[];
      for (const image of images) await docker.harness.api('DELETE', `/images/${image.Id}?force=1`);
      await registry.stop();
    }
    await rm(join(root(), 'envrb-image'), { recursive: true, force: true });
    if (madeRepository) await rm(join(root(), '.git'), { recursive: true, force: true });
  });

  it('Rollback… on the staging row returns it to the version deployed before, and the row and the history say so', async () => {
    await release('1.4.0');
    const first = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', STAGING);
    assert.equal(first?.status, 'succeeded', why(first));
    await release('1.5.0');
    const second = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.deploy', STAGING);
    assert.equal(second?.status, 'succeeded', why(second));
    const before = await rowWith(STAGING, 'runs 1.5.0');
    assert.match(api.views.pipeline.getTreeItem(before).contextValue ?? '', /\brollbackable\b/);

    const run = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.rollback', before);
    assert.equal(run?.status, 'succeeded', why(run));
    assert.equal(run?.stages[0]?.name, `rollback-${STAGING}`);
    await rowWith(STAGING, 'runs 1.4.0');
    const newest = api.pipeline.environment(STAGING)?.history[0];
    assert.deepEqual([newest?.action, newest?.version, newest?.result], ['rollback', '1.4.0', 'succeeded']);
    assert.equal(api.pipeline.history[0]?.id, run?.id, 'the rollback is in the Runs section');
    const historyRow = api.views.pipeline.getChildren(envRow(STAGING))[0];
    assert.equal(historyRow?.label, '1.4.0 (rollback)');
  });

  it('the staging row tells how far main is past what staging runs, and counts a new commit on main', async () => {
    const drifting = await rowWith(STAGING, 'main is 1.5.0 (1 commit ahead)');
    const tooltip = api.views.pipeline.getTreeItem(drifting).tooltip;
    // appendText escapes the markdown: spaces become &nbsp;, parentheses get a backslash.
    const shown = (tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip)).replace(/&nbsp;/g, ' ').replace(/\\/g, '');
    assert.match(shown, new RegExp(`${STAGING} runs 1\\.4\\.0, main is 1\\.5\\.0 \\(1 commit ahead\\)`));
    await writeFile(join(root(), 'envrb-note.txt'), 'a fix\n');
    await git.add('envrb-note.txt').commit('fix: a note');
    // Refresh reads the targets and their drift again. A moved HEAD does too (demo group's
    // headWatcher suite), but in this group, after the Open Shell suite, the workbench's watcher
    // delivered no .git event for the commit; the cause is not found yet.
    await vscode.commands.executeCommand('devops.refresh');
    await rowWith(STAGING, 'main is 1.5.0 (2 commits ahead)');
  });

  it('Promote on the protected production row sends the image staging runs there after the confirmation, asking which environment to take it from', async () => {
    answerDeploys(api, () => true);
    api.prompts.answer('pipeline.promoteFrom', () => STAGING);
    const row = await waitFor('the production row offering Promote', () => {
      const found = envRow(PRODUCTION);
      return found && /\bpromotable\b/.test(api.views.pipeline.getTreeItem(found).contextValue ?? '') ? found : undefined;
    });
    const run = await vscode.commands.executeCommand<PipelineRun | undefined>('devops.pipeline.promote', row);
    assert.equal(run?.status, 'succeeded', why(run));
    const picks = api.prompts.log.filter((record) => record.topic === 'pipeline.promoteFrom');
    assert.deepEqual(picks.at(-1)?.options, [STAGING, QA, FRESH]);
    const confirmation = deployPrompts(api).at(-1);
    assert.deepEqual(confirmation, { kind: 'confirmDeploy', environment: PRODUCTION, version: '1.4.0', change: { action: 'promote', text: `Promote 1.4.0 from ${STAGING} to ${PRODUCTION}` } });
    await rowWith(PRODUCTION, 'runs 1.4.0');
    const newest = api.pipeline.environment(PRODUCTION)?.history[0];
    assert.deepEqual([newest?.action, newest?.from, newest?.version], ['promote', STAGING, '1.4.0']);
  });

  it('Rollback… is refused, saying why, for an environment whose service the engine keeps no previous spec of', async () => {
    const fresh = await waitFor('the fresh environment row', () => envRow(FRESH)?.description?.includes('runs') && envRow(FRESH));
    assert.doesNotMatch(api.views.pipeline.getTreeItem(fresh).contextValue ?? '', /\brollbackable\b/, 'the row offers no Rollback…');
    const failed = failures(api).length;
    api.prompts.answer('pipeline.environment', () => FRESH);
    try {
      await vscode.commands.executeCommand('devops.pipeline.rollback');
    } finally {
      api.prompts.answer('pipeline.environment', undefined);
    }
    const refusal = failures(api).slice(failed);
    assert.deepEqual(refusal.map((f) => [f.reason, f.text]), [['not-found', `swarm ${services().fresh} has no previous version to roll back to: the engine keeps none until it was updated once.`]]);
  });
});
