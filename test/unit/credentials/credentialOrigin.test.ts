import * as assert from 'node:assert/strict';
import { assertCarriesCredentials, carriesCredentials, credentialKey, credentialOrigin, githubSessionFor, isLoopbackHost } from '../../../src/core/credentials/credentialOrigin';
import { DevopsError } from '../../../src/core/errors';

// The one module that decides where a credential may go: the key of a secret is its
// exact origin, the github.com sign-in goes to api.github.com only, an Enterprise
// sign-in to the user's own server only, and plain http carries none but to loopback.

describe('credential origins', () => {
  it('one origin for the spellings of one server, another for another scheme or port', () => {
    const same = ['https://GitLab.example:443/api/v4', 'https://gitlab.example', 'https://gitlab.example/', 'HTTPS://gitlab.EXAMPLE/group/project?x=1'];
    assert.deepEqual(new Set(same.map(credentialOrigin)), new Set(['https://gitlab.example']));
    assert.equal(credentialKey('gitlab', 'https://GitLab.example:443/api/v4'), credentialKey('gitlab', 'https://gitlab.example'));
    const others = ['http://gitlab.example', 'https://gitlab.example:8443', 'https://gitlab.example.evil.test', 'https://evil.test/gitlab.example'];
    for (const other of others) assert.notEqual(credentialKey('gitlab', other), credentialKey('gitlab', 'https://gitlab.example'), other);
    assert.equal(credentialOrigin('http://127.0.0.1:80/x'), 'http://127.0.0.1');
    assert.equal(credentialOrigin('http://[::1]:8080/'), 'http://[::1]:8080');
  });

  it('keeps kinds apart and refuses what is not a server address', () => {
    assert.notEqual(credentialKey('gitlab', 'https://h.example'), credentialKey('jenkins', 'https://h.example'));
    for (const bad of ['gitlab.example', 'file:///etc/passwd', 'command:workbench.action.quit', '']) {
      assert.throws(() => credentialOrigin(bad), (e: unknown) => DevopsError.is(e, 'invalid-config'), bad);
    }
  });

  it('loopback is 127.0.0.0/8, ::1 and localhost only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['128.0.0.1', '127.0.0.1.nip.io', 'localhost.example', '10.0.0.1', '::2', '0.0.0.0']) assert.equal(isLoopbackHost(host), false, host);
  });

  it('plain http carries credentials only to loopback; the refusal names the origin', () => {
    assert.equal(carriesCredentials('https://jira.example'), true);
    assert.equal(carriesCredentials('http://127.0.0.1:9000/api'), true);
    assert.equal(carriesCredentials('http://[::1]:9000/api'), true);
    assert.equal(carriesCredentials('http://localhost:9000'), true);
    assert.equal(carriesCredentials('http://jira.example/rest'), false);
    assert.equal(carriesCredentials('http://127.0.0.1.evil.example/'), false);
    assert.throws(
      () => assertCarriesCredentials('http://Jira.Example:8080/rest/api'),
      (e: unknown) => DevopsError.is(e, 'insecure') && e.message.includes('http://jira.example:8080'),
    );
  });

  it('the github.com sign-in goes to https://api.github.com exactly', () => {
    assert.equal(githubSessionFor('https://api.github.com', undefined), 'github');
    assert.equal(githubSessionFor('https://API.GitHub.com:443/', undefined), 'github');
    for (const other of ['https://evil.example/api.github.com/', 'https://api.github.com.evil.example', 'http://api.github.com', 'https://api.github.com:8443', 'https://github.com', 'http://127.0.0.1:3000/api.github.com']) {
      assert.equal(githubSessionFor(other, undefined), undefined, other);
    }
  });

  it('the Enterprise sign-in goes only to the server the user set (its API path or the GHE.com api host)', () => {
    const uri = 'https://GitHub.Corp.example';
    assert.equal(githubSessionFor('https://github.corp.example/api/v3', uri), 'github-enterprise');
    assert.equal(githubSessionFor('https://github.corp.example:443', uri), 'github-enterprise');
    assert.equal(githubSessionFor('https://api.github.com', uri), 'github', 'github.com keeps its own sign-in');
    for (const other of ['https://other.corp.example/api/v3', 'http://github.corp.example/api/v3', 'https://github.corp.example:8443', 'https://evil.example/github.corp.example']) {
      assert.equal(githubSessionFor(other, uri), undefined, other);
    }
    assert.equal(githubSessionFor('https://api.octo.ghe.com', 'https://octo.ghe.com'), 'github-enterprise');
    assert.equal(githubSessionFor('https://api.github.corp.example', uri), undefined, 'api.HOST is GHE.com only');
    assert.equal(githubSessionFor('http://github.corp.example', 'http://github.corp.example'), undefined, 'an Enterprise server set as http gets no session');
    assert.equal(githubSessionFor('https://github.corp.example', 'not a url'), undefined);
  });
});
