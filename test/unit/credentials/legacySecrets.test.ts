import * as assert from 'node:assert/strict';
import { credentialKey } from '../../../src/core/credentials/credentialOrigin';
import { adoptCiSecret, deleteFixedKeySecrets } from '../../../src/core/credentials/legacySecrets';
import type { SecretStore } from '../../../src/core/ports';

// Secrets kept by earlier versions: the plan's one-key-for-every-server GitLab and Jira
// secrets are deleted (never sent to any server again), the CI's baseUrl-keyed ones move
// to the origin of that very baseUrl.

class MapSecrets implements SecretStore {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

describe('secrets of earlier versions', () => {
  it('deletes the fixed-key plan secrets and says what to set again', async () => {
    const secrets = new MapSecrets();
    secrets.values.set('devops-loop.gitlab.token', 'glpat-old');
    secrets.values.set('devops-loop.jira.email', 'ada@example.com');
    secrets.values.set('devops-loop.jira.token', 'ATATT-old');
    secrets.values.set('unrelated', 'kept');
    assert.deepEqual(await deleteFixedKeySecrets(secrets), ['GitLab token', 'Jira credentials']);
    assert.deepEqual([...secrets.values.keys()], ['unrelated']);
    assert.deepEqual(await deleteFixedKeySecrets(secrets), [], 'nothing to say the second time');
  });

  it('moves a CI token from its baseUrl key to that URL\'s origin, and nowhere else', async () => {
    const secrets = new MapSecrets();
    secrets.values.set('devops.ci.gitlab.token:https://GitLab.corp.example/', 'glpat-ci');
    secrets.values.set('devops.ci.jenkins.credentials:https://ci.corp.example/jenkins', '{"user":"alice","token":"j"}');
    await adoptCiSecret(secrets, { provider: 'gitlab', baseUrl: 'https://GitLab.corp.example/' }, 'https://gitlab.corp.example');
    await adoptCiSecret(secrets, { provider: 'jenkins', baseUrl: 'https://ci.corp.example/jenkins' }, 'https://ci.corp.example');
    assert.equal(secrets.values.get(credentialKey('gitlab', 'https://gitlab.corp.example')), 'glpat-ci');
    assert.equal(secrets.values.get(credentialKey('jenkins', 'https://ci.corp.example')), '{"user":"alice","token":"j"}');
    assert.equal(secrets.values.size, 2, 'the old keys are gone');
  });

  it('a CI token kept for a plain-http server is dropped, and one already there is not replaced', async () => {
    const secrets = new MapSecrets();
    secrets.values.set('devops.ci.gitlab.token:http://gitlab.corp.example', 'glpat-plain');
    await adoptCiSecret(secrets, { provider: 'gitlab', baseUrl: 'http://gitlab.corp.example' }, 'http://gitlab.corp.example');
    assert.equal(secrets.values.size, 0);
    secrets.values.set('devops.ci.gitlab.token:https://gitlab.com', 'glpat-old');
    secrets.values.set(credentialKey('gitlab', 'https://gitlab.com'), 'glpat-new');
    await adoptCiSecret(secrets, { provider: 'gitlab' }, 'https://gitlab.com');
    assert.deepEqual([...secrets.values.values()], ['glpat-new']);
  });
});
