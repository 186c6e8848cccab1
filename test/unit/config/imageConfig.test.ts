import * as assert from 'node:assert/strict';
import { parseDevopsConfig } from '../../../src/core/config/loader';

// `kind: image` stages and engine deploy targets in devops.yaml: accepted as the issue
// writes them, and each mistake reported at its line with a sentence that says what to do.

function problems(text: string): string[] {
  return parseDevopsConfig(text, 'devops.yaml').problems.map((p) => `${p.line} ${p.severity} ${p.code}: ${p.message}`);
}

describe('devops.yaml image stages and deploy targets', () => {
  it('accepts the shape of the issue', () => {
    const result = parseDevopsConfig(
      `version: 1
pipeline:
  stages:
    test: { run: npm test }
    image: { kind: image, needs: [test], context: ., dockerfile: Dockerfile, image: registry.example:5000/shop/web, buildArgs: { NODE_ENV: production, WORKERS: 4 } }
environments:
  staging:    { target: { swarm: shop_web }, image: registry.example:5000/shop/web, rollback: auto }
  production: { deploy: ./scripts/deploy.sh, protected: true }
`,
      'devops.yaml',
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.config?.pipeline?.stages.image.buildArgs, { NODE_ENV: 'production', WORKERS: '4' });
    assert.equal(result.config?.environments.staging.rolloutTimeout, '5m');
  });

  it('reports what an image stage or a target lacks, and keys that do nothing', () => {
    const found = problems(`version: 1
pipeline:
  stages:
    image:
      kind: image
      context: ../other
    lint:
      run: eslint .
      image: registry.example/x
    ship: { kind: deploy, environment: staging }
environments:
  staging:
    target: { swarm: shop_web }
    deploy: ./deploy.sh
`);
    assert.deepEqual(found, [
      '4 error missing-key: image stage `image` needs `image`, the repository to push to, e.g. registry.example:5000/shop/web',
      '6 error path-outside: "../other" leads out of the folder of devops.yaml with `..`',
      '9 warning ignored-key: `image` only matters for `kind: image`; stage `lint` is `kind: run`',
      '13 error missing-key: environment `staging` deploys to an engine target and needs `image`, the repository its release is tagged in',
      '14 error conflicting-keys: environment `staging` has both `deploy` and `target`; keep one: the command or the engine workload',
    ]);
  });

  it('refuses an image with a tag, a target that is not a Swarm service name, and an unknown target kind', () => {
    const found = problems(`version: 1
pipeline:
  stages:
    image: { kind: image, image: "registry.example:5000/shop/web:latest" }
environments:
  staging: { target: { swarm: "shop web" }, image: registry.example/shop/web }
  production: { target: { nomad: web }, image: registry.example/shop/web }
`);
    assert.deepEqual(found, [
      '4 error invalid-format: `pipeline.stages.image.image` is not valid: expected an image repository without a tag, e.g. registry.example:5000/shop/web',
      '6 error invalid-format: `environments.staging.target.swarm` is not valid: expected a Swarm service name such as `shop_api`',
      '7 error missing-key: missing required key `swarm` in `environments.production.target`',
      '7 error unknown-key: unknown key `nomad` in `environments.production.target`; allowed here: swarm',
    ]);
  });
});
