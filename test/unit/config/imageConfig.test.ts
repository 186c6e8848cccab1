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
      '7 error unknown-key: unknown key `nomad` in `environments.production.target`; allowed here: swarm, compose, kubernetes, context, namespace, container',
    ]);
  });

  it('accepts a Kubernetes target as the issue writes it, and its optional keys left out', () => {
    const result = parseDevopsConfig(
      `version: 1
environments:
  staging:    { target: { kubernetes: statefulset/web-cache }, image: registry.example:5000/shop/cache }
  production: { target: { kubernetes: deployment/web, context: prod, namespace: shop, container: web }, image: registry.example:5000/shop/web, protected: true }
`,
      'devops.yaml',
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.config?.environments.production.target, { kubernetes: 'deployment/web', context: 'prod', namespace: 'shop', container: 'web' });
  });

  it('reports a bad Kubernetes workload, namespace or container at its key', () => {
    const found = problems(`version: 1
environments:
  a:
    image: registry.example/shop/web
    target:
      kubernetes: daemonset/agent
  b:
    image: registry.example/shop/web
    target:
      kubernetes: deployment/Web
      namespace: Shop_Prod
      container: "web app"
`);
    assert.deepEqual(found, [
      '6 error invalid-format: `environments.a.target.kubernetes` is not valid: expected a workload such as `deployment/web` or `statefulset/db`',
      '10 error invalid-format: `environments.b.target.kubernetes` is not valid: expected a workload such as `deployment/web` or `statefulset/db`',
      '11 error invalid-format: `environments.b.target.namespace` is not valid: expected a namespace name: lower-case letters, digits and "-", starting and ending with a letter or digit',
      '12 error invalid-format: `environments.b.target.container` is not valid: expected a container name such as `web`',
    ]);
  });

  it('reports a target with no workload or two, and Kubernetes keys on a Swarm target, at their keys', () => {
    const found = problems(`version: 1
environments:
  a:
    image: registry.example/shop/web
    target: {}
  c:
    image: registry.example/shop/web
    target: { swarm: shop_web, kubernetes: deployment/web }
  d:
    image: registry.example/shop/web
    target:
      swarm: shop_web
      namespace: shop
`);
    assert.deepEqual(found, [
      '5 error missing-key: the target of environment `a` names no workload: add `swarm: <service>`, `compose: <service>` or `kubernetes: deployment/<name>`',
      '8 error conflicting-keys: the target of environment `c` names swarm and kubernetes workloads; keep one',
      '13 warning ignored-key: `namespace` only matters for a `kubernetes` target; environment `d` deploys to Swarm service `shop_web`',
    ]);
  });

  it('accepts a Compose target as a service or project/service, and reports a bad one, a second engine or Kubernetes keys at their keys', () => {
    const accepted = parseDevopsConfig(
      `version: 1
environments:
  staging: { target: { compose: web }, image: registry.example:5000/shop/web, rollback: auto, rolloutTimeout: 90s }
  review:  { target: { compose: shop-review/web_1.api }, image: registry.example:5000/shop/web }
`,
      'devops.yaml',
    );
    assert.deepEqual(accepted.problems, []);
    assert.deepEqual(accepted.config?.environments.review.target, { compose: 'shop-review/web_1.api' });
    assert.deepEqual(problems('version: 1\nenvironments:\n  a: { target: { compose: "Shop/web" }, image: registry.example/shop/web }\n'), [
      '3 error invalid-format: `environments.a.target.compose` is not valid: expected a Compose service, `web`, or `project/web`',
    ]);
    const found = problems(`version: 1
environments:
  b:
    image: registry.example/shop/web
    target: { swarm: shop_web, compose: web }
  c:
    image: registry.example/shop/web
    target:
      compose: shop/web
      container: web
`);
    assert.deepEqual(found, [
      '5 error conflicting-keys: the target of environment `b` names swarm and compose workloads; keep one',
      '10 warning ignored-key: `container` only matters for a `kubernetes` target; environment `c` deploys to Compose service `shop/web`',
    ]);
  });
});
