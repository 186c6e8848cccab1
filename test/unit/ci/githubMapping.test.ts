import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCiRun } from '../../../src/backends/ci/github/githubMapping';
import { githubRunsPageSchema, type GithubRun } from '../../../src/backends/ci/github/githubSchemas';

// Runs as the API returns them (test/fixtures/ci/github/workflow-runs.json, shaped after the
// "List workflow runs for a repository" docs), with the names real workflow files give.
const fixture = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ci', 'github', 'workflow-runs.json');
const runs = githubRunsPageSchema.parse((JSON.parse(readFileSync(fixture, 'utf8')) as { body: unknown }).body).workflow_runs;

describe('GitHub run titles', () => {
  const run = (changes: Partial<GithubRun>): GithubRun => ({ ...runs[0], ...changes });

  it('names the workflow and the commit or pull request title', () => {
    assert.equal(toCiRun(run({})).title, 'CI: Add login form');
  });

  it('a workflow whose name is empty is named by its file, as GitHub shows it', () => {
    assert.equal(toCiRun(run({ name: '' })).title, '.github/workflows/ci.yml: Add login form');
    assert.equal(toCiRun(run({ name: '  ', path: null })).title, 'workflow 161335: Add login form');
    assert.equal(toCiRun(run({ name: '' })).workflow, '.github/workflows/ci.yml');
  });

  it('an empty display title leaves the workflow alone, without a dangling colon', () => {
    assert.equal(toCiRun(run({ display_title: '' })).title, 'CI');
    assert.equal(toCiRun(run({ name: '', display_title: '' })).title, '.github/workflows/ci.yml');
  });
});
