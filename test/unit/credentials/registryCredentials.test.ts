import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRegistryLogin, registryAuthHeader, registryHost, registryOrigin } from '../../../src/backends/pipeline/image/registryCredentials';
import { registryCredentialKey } from '../../../src/core/credentials/credentialOrigin';
import type { SecretStore } from '../../../src/core/ports';
import { tempDir } from '../pipeline/pipelineTestKit';

// The login a push sends: only the one kept for the pushed image's exact registry, from
// SecretStorage by origin or from the user's Docker config as `docker login` writes it.

function memorySecrets(entries: Record<string, string>): SecretStore {
  const map = new Map(Object.entries(entries));
  return { get: (k) => Promise.resolve(map.get(k)), store: (k, v) => Promise.resolve(void map.set(k, v)), delete: (k) => Promise.resolve(void map.delete(k)) };
}

describe('registry logins for an image push', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir('devops-home-');
    mkdirSync(join(home.path, '.docker'));
    // As `docker login` writes it: host:port keys, the Hub's v1 URL, a credsStore nobody runs here.
    writeFileSync(
      join(home.path, '.docker', 'config.json'),
      JSON.stringify(
        {
          auths: {
            'registry.example:5000': { auth: Buffer.from('ci-bot:s3cr:et').toString('base64') },
            'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
            'registry.example': { auth: Buffer.from('other:port').toString('base64') },
          },
          credsStore: 'desktop',
        },
        null,
        '\t',
      ),
    );
  });
  afterEach(() => home.remove());

  it('names the registry of an image as docker does', () => {
    assert.deepEqual(['registry.example:5000/shop/web', 'localhost/web', 'shop/web', 'web', '127.0.0.1:5000/x'].map(registryHost), ['registry.example:5000', 'localhost', 'docker.io', 'docker.io', '127.0.0.1:5000']);
    assert.equal(registryOrigin('127.0.0.1:5000'), 'http://127.0.0.1:5000');
    assert.equal(registryOrigin('registry.example:5000'), 'https://registry.example:5000');
  });

  it('takes the Docker config entry of that exact host and port, and no other', async () => {
    const env = { HOME: home.path };
    const login = await findRegistryLogin('registry.example:5000', { env });
    assert.deepEqual([login?.username, login?.password], ['ci-bot', 's3cr:et']);
    assert.equal((await findRegistryLogin('registry.example', { env }))?.username, 'other');
    assert.equal((await findRegistryLogin('docker.io', { env }))?.username, 'hubuser');
    assert.equal(await findRegistryLogin('registry.example:5001', { env }), undefined);
    assert.equal(await findRegistryLogin('evil.example', { env }), undefined);
    assert.equal(await findRegistryLogin('registry.example:5000', { env: { HOME: join(home.path, 'nowhere') } }), undefined);
  });

  it('prefers the login stored for the registry origin, and never one stored for another origin', async () => {
    const secrets = memorySecrets({ [registryCredentialKey('https://registry.example:5000')]: JSON.stringify({ username: 'stored', password: 'pw' }), [registryCredentialKey('https://evil.example')]: JSON.stringify({ username: 'evil', password: 'pw' }) });
    assert.equal((await findRegistryLogin('registry.example:5000', { env: { HOME: home.path }, secrets }))?.username, 'stored');
    assert.equal((await findRegistryLogin('registry.example:5001', { env: { HOME: home.path }, secrets }))?.username, undefined);
  });

  it('writes X-Registry-Auth as padded base64url JSON, "{}" without a login', () => {
    // Engines before 23.0 decode with Go's padded URL alphabet: an unpadded tail loses the login.
    for (const password of ['p', 'pw', 'pwd']) assert.match(registryAuthHeader('r:1', { username: 'u', password, source: 'x' }), /^[A-Za-z0-9_-]*={0,2}$/);
    assert.equal(registryAuthHeader('r:1', { username: 'u', password: 'pw', source: 'x' }).length % 4, 0);
    assert.deepEqual(JSON.parse(Buffer.from(registryAuthHeader('r:1', { username: 'u', password: 'p', source: 'x' }), 'base64url').toString()), { username: 'u', password: 'p', serveraddress: 'r:1' });
    assert.equal(Buffer.from(registryAuthHeader('r:1', undefined), 'base64url').toString(), '{}');
  });
});
