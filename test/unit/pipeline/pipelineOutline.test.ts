import * as assert from 'node:assert/strict';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { pipelineEnvironments, pipelineStages, stageOrder } from '../../../src/core/pipeline/pipelineOutline';

// The Pipeline view lists stages after what they need, and each environment with the
// deploy stages that target it, from devops.yaml as a team writes it.
const text = `version: 1
pipeline:
  stages:
    deploy-staging: { kind: deploy, environment: staging, needs: [test] }
    test: { run: npm test, needs: [build] }
    lint: { run: npm run lint }
    build: { run: npm run build }
    deploy-prod: { kind: deploy, environment: production, needs: [deploy-staging] }
environments:
  staging: { deploy: ./deploy.sh staging }
  production: { deploy: ./deploy.sh production, protected: true }
  preview: { deploy: ./deploy.sh preview }
`;

describe('pipeline outline', () => {
  const { config } = parseDevopsConfig(text, 'devops.yaml');

  it('lists every stage after the stages it needs, otherwise in the order of the file', () => {
    assert.ok(config);
    assert.deepEqual(pipelineStages(config).map((stage) => stage.name), ['lint', 'build', 'test', 'deploy-staging', 'deploy-prod']);
  });

  it('puts stages caught in a cycle last, in the order of the file, so none goes missing', () => {
    const stages = { a: { needs: ['b'] }, c: { needs: [] }, b: { needs: ['a'] }, d: { needs: ['ghost'] } };
    assert.deepEqual(stageOrder(stages), ['c', 'd', 'a', 'b']);
  });

  it('names the deploy stages of each environment', () => {
    assert.deepEqual(pipelineEnvironments(config).map((env) => [env.name, env.deployedBy]), [['staging', ['deploy-staging']], ['production', ['deploy-prod']], ['preview', []]]);
    assert.deepEqual(pipelineStages(undefined), []);
  });
});
