import * as assert from 'node:assert/strict';
import { dispatchInputs } from '../../../src/backends/ci/github/workflowInputs';

// Workflow files in the shapes repositories write them; the anchored one shares an input
// and job blocks through anchors and aliases, as GitHub allows (it has no merge keys).
describe('workflow_dispatch inputs of a workflow file', () => {
  it('reads inputs shared through anchors and aliases, however many jobs reuse a block', () => {
    // 20 jobs from one job template whose steps reuse two steps: harmless (it expands to a
    // few KB), but the yaml package's alias-count guard multiplies the counts and refuses it.
    const anchors = Array.from({ length: 20 }, (_, i) => `  job${i}: *job`).join('\n');
    const yaml = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment: &env-input
        type: choice
        options: [staging, production]
        required: true
      target: *env-input
x-checkout: &checkout { uses: actions/checkout@v4, with: { fetch-depth: 0 } }
x-cache: &cache { uses: actions/cache@v4, with: { path: ~/.npm, key: npm } }
x-steps: &steps [*checkout, *cache, { run: make lint }, *checkout, *cache, { run: make deploy }]
x-job: &job { runs-on: ubuntu-latest, timeout-minutes: 30, steps: *steps }
jobs:
${anchors}
`;
    const inputs = dispatchInputs(yaml);
    assert.deepEqual(inputs?.map((i) => [i.name, i.type, i.required, i.options?.join('|')]), [
      ['environment', 'choice', true, 'staging|production'],
      ['target', 'choice', true, 'staging|production'],
    ]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    assert.equal(dispatchInputs(`on: workflow_dispatch\n${levels.join('\n')}\n`), undefined);
  });

  it('tells a workflow that cannot be dispatched from one without inputs', () => {
    assert.equal(dispatchInputs('on: [push, pull_request]\n'), undefined);
    assert.deepEqual(dispatchInputs('on: [push, workflow_dispatch]\n'), []);
    assert.deepEqual(dispatchInputs('true:\n  workflow_dispatch:\n'), []);
  });
});
