import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciConnection, ciEntrySchema } from '../../../src/core/config/ciConfig';
import { resolveInsideWorkspace } from '../../../src/core/config/insideWorkspace';

// devops.yaml's caFile names a file of the repository: a path or a symlink out of the
// workspace is not used, whatever the user allowed.

describe('a devops.yaml path stays inside the workspace', () => {
  let root: string;
  let outside: string;

  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'inside-ws-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'outside-ws-')));
    mkdirSync(join(root, 'certs'));
    writeFileSync(join(root, 'certs', 'ca.pem'), 'pem');
    writeFileSync(join(outside, 'evil.pem'), 'pem');
    symlinkSync(join(outside, 'evil.pem'), join(root, 'certs', 'link.pem'));
    symlinkSync(outside, join(root, 'linked-dir'));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('resolves files of the workspace, refuses ../, absolute paths and symlinks that leave it', () => {
    assert.equal(resolveInsideWorkspace(root, 'certs/ca.pem'), join(root, 'certs', 'ca.pem'));
    assert.equal(resolveInsideWorkspace(root, './certs/../certs/ca.pem'), join(root, 'certs', 'ca.pem'));
    assert.equal(resolveInsideWorkspace(root, 'certs/missing.pem'), join(root, 'certs', 'missing.pem'), 'a missing file is the read\'s problem');
    for (const escape of ['../outside.pem', join(outside, 'evil.pem'), '/etc/ssl/certs/ca-certificates.crt', 'certs/link.pem', 'linked-dir/evil.pem']) {
      assert.equal(resolveInsideWorkspace(root, escape), undefined, escape);
    }
  });

  it('a CI entry\'s caFile outside the workspace is reported, never used, even when "allowed"', () => {
    const entry = ciEntrySchema.parse({ provider: 'gitlab', project: 'g/p', baseUrl: 'https://gitlab.corp.example', caFile: 'certs/link.pem' });
    const { connection, ignored } = ciConnection(entry, { fallback: {}, userCaFile: '/home/me/corp-ca.pem', allows: () => true, resolveCaFile: (file) => resolveInsideWorkspace(root, file) });
    assert.equal(connection.caFile, '/home/me/corp-ca.pem', 'the user\'s own CA file applies');
    assert.deepEqual(ignored, [{ kind: 'caFile', value: 'certs/link.pem', why: 'outside-workspace' }]);
  });

  it('a caFile inside the workspace is used only once allowed, under its resolved path', () => {
    const entry = ciEntrySchema.parse({ provider: 'gitlab', project: 'g/p', caFile: 'certs/ca.pem', proxy: 'http://proxy.corp.example:3128' });
    const choices = (allowed: string[]) => ({ fallback: { proxy: 'http://mine.example:8080' }, allows: (_kind: string, value: string) => allowed.includes(value), resolveCaFile: (file: string) => resolveInsideWorkspace(root, file) });
    const before = ciConnection(entry, choices([]));
    assert.deepEqual([before.connection.caFile, before.connection.proxy], [undefined, 'http://mine.example:8080']);
    assert.deepEqual(before.ignored.map((item) => [item.kind, item.value, item.why]), [['proxy', 'http://proxy.corp.example:3128', 'no-consent'], ['caFile', join(root, 'certs', 'ca.pem'), 'no-consent']]);
    const after = ciConnection(entry, choices([join(root, 'certs', 'ca.pem'), 'http://proxy.corp.example:3128']));
    assert.deepEqual([after.connection.caFile, after.connection.proxy, after.ignored], [join(root, 'certs', 'ca.pem'), 'http://proxy.corp.example:3128', []]);
  });
});
