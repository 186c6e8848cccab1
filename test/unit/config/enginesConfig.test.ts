import * as assert from 'node:assert/strict';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import type { Problem } from '../../../src/core/config/problem';
import { resolveDockerEndpoint } from '../../../src/core/engines/dockerEndpoint';
import { DevopsError } from '../../../src/core/errors';

// `engines` and `runsOn` in devops.yaml: what is accepted, what is reported where, and
// where the Docker engine is reached (devops.yaml's host is hostile input: another machine
// needs the user's consent).

function problemsOf(text: string): Problem[] {
  return parseDevopsConfig(text, 'devops.yaml').problems;
}

function brief(problems: Problem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code}`);
}

describe('devops.yaml engines and runsOn', () => {
  it('accepts engines.docker and every kind of binding, written the ways people write them', () => {
    const result = parseDevopsConfig(
      `version: 1
engines:
  docker: {}
  kubernetes: { context: prod, namespaces: [shop] }
services:
  web:   { runsOn: { compose: web } }
  admin:
    runsOn:
      compose: shop/admin
  api:   { runsOn: { swarm: shop_api } }
  store: { runsOn: { kubernetes: deployment/store } }
  cache: { runsOn: { kubernetes: shop/statefulset/redis-main } }
`,
      'devops.yaml',
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.config?.services.admin.runsOn, { compose: 'shop/admin' });
    assert.deepEqual(result.config?.engines, { docker: {}, kubernetes: { context: 'prod', namespaces: ['shop'] } });
  });

  it('reports a binding without its engine, with none or two targets, and a workload claimed twice, each at its line', () => {
    const problems = problemsOf(`version: 1
services:
  web: { runsOn: { compose: web } }
  api:
    runsOn: {}
  both:
    runsOn: { compose: web, swarm: web }
  copy: { runsOn: { compose: web } }
`);
    assert.deepEqual(brief(problems), ['3:20 error missing-engine', '5:5 error no-binding', '7:5 error no-binding', '8:21 error missing-engine', '8:30 warning duplicate-binding']);
    assert.match(problems[0].message, /service `web` runs on compose, which needs `engines.docker`; add `engines: \{ docker: \{\} \}`/);
    assert.match(problems[4].message, /services `web` and `copy` both run on compose `web`/);
  });

  it('refuses hosts and names that can never work, and warns about an engine on another machine', () => {
    const problems = problemsOf(`version: 1
engines:
  docker: { host: "ssh://deploy@prod" }
services:
  web: { runsOn: { compose: "web server" } }
  api: { runsOn: { kubernetes: api } }
`);
    assert.deepEqual(brief(problems), ['3:19 error invalid-format', '5:29 error invalid-format', '6:32 error invalid-format']);
    assert.match(problems[0].message, /unix:\/\/\/path\/to\/docker\.sock or tcp:\/\/host:port/);
    assert.match(problems[2].message, /kind\/name, e\.g\. `deployment\/api`/);
    const remote = problemsOf('version: 1\nengines:\n  docker:\n    host: tcp://10.0.0.7:2375\n');
    assert.deepEqual(brief(remote), ['4:11 warning remote-engine']);
    assert.match(remote[0].message, /another machine over plain, unencrypted tcp:\/\/; DevOps Loop connects only after you allow this host/);
    assert.deepEqual(problemsOf('version: 1\nengines:\n  docker: { host: "tcp://127.0.0.1:2375" }\n'), []);
    assert.deepEqual(brief(problemsOf('version: 1\nengines:\n  docker: { hots: x }\n')), ['3:13 error unknown-key']);
  });
});

describe('where the Docker engine is reached', () => {
  it('takes devops.yaml, else DOCKER_HOST, else the local socket, and marks another machine from devops.yaml for consent', () => {
    assert.deepEqual(resolveDockerEndpoint({}, {}), { endpoint: { kind: 'unix', socketPath: '/var/run/docker.sock' }, from: 'default', address: 'unix:///var/run/docker.sock', needsConsent: false });
    assert.deepEqual(resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://build-box:2375' }), { endpoint: { kind: 'tcp', host: 'build-box', port: 2375 }, from: 'DOCKER_HOST', address: 'tcp://build-box:2375', needsConsent: false });
    const fromFile = resolveDockerEndpoint({ host: 'tcp://10.1.2.3:2375' }, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' });
    assert.deepEqual(fromFile, { endpoint: { kind: 'tcp', host: '10.1.2.3', port: 2375 }, from: 'devops.yaml', address: 'tcp://10.1.2.3:2375', needsConsent: true });
    assert.equal(resolveDockerEndpoint({ host: 'tcp://[::1]:2375' }, {}).needsConsent, false);
    assert.equal(resolveDockerEndpoint({ host: 'tcp://localhost:2375' }, {}).needsConsent, false);
    assert.deepEqual(resolveDockerEndpoint({ host: 'unix:///home/me/.docker/run/docker.sock' }, {}).endpoint, { kind: 'unix', socketPath: '/home/me/.docker/run/docker.sock' });
  });

  it('refuses what it cannot speak to rather than guessing: ssh, and TLS engines that need a client certificate', () => {
    assert.throws(() => resolveDockerEndpoint({}, { DOCKER_HOST: 'ssh://me@box' }), (e: unknown) => DevopsError.is(e, 'invalid-config') && /DOCKER_HOST is "ssh:\/\/me@box"/.test(e.message));
    assert.throws(() => resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '1' }), /needs TLS .* sends no client certificate/);
    assert.throws(() => resolveDockerEndpoint({}, { DOCKER_HOST: 'tcp://box:99999' }), /unix:\/\/\/path\/to\/docker\.sock or tcp:\/\/host:port/);
  });
});
