import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciConnection, ciEntrySchema, resolveEntryCaFile } from '../../../src/core/config/ciConfig';
import type { ConnectionChoices } from '../../../src/core/config/ciConfig';

// A CI entry's own proxy and caFile are used only once the user allowed that exact
// value, and a caFile must be a file of the repository: a path or a symbolic link out of
// the workspace is never used, whatever the user allowed.

describe('the connection of a CI entry', () => {
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

  it('resolves a caFile of the workspace; ../, absolute paths and symbolic links out of it give none', async () => {
    const entry = (caFile: string) => ciEntrySchema.parse({ provider: 'gitlab', project: 'g/p', caFile });
    assert.equal(await resolveEntryCaFile(entry('certs/ca.pem'), root), join(root, 'certs', 'ca.pem'));
    for (const escape of ['../outside.pem', join(outside, 'evil.pem'), '/etc/ssl/certs/ca-certificates.crt', 'certs/link.pem', 'linked-dir/evil.pem']) {
      assert.equal(await resolveEntryCaFile(entry(escape), root), undefined, escape);
    }
    assert.equal(await resolveEntryCaFile(ciEntrySchema.parse({ provider: 'gitlab', project: 'g/p' }), root), undefined);
  });

  it('a caFile outside the workspace is reported, never used, even when "allowed"', async () => {
    const entry = ciEntrySchema.parse({ provider: 'gitlab', project: 'g/p', baseUrl: 'https://gitlab.corp.example', caFile: 'certs/link.pem' });
    const resolved = await resolveEntryCaFile(entry, root);
    const { connection, ignored } = ciConnection(entry, { fallback: {}, userCaFile: '/home/me/corp-ca.pem', allows: () => true, resolveCaFile: () => resolved });
    assert.equal(connection.caFile, '/home/me/corp-ca.pem', 'the user\'s own CA file applies');
    assert.deepEqual(ignored, [{ kind: 'caFile', value: 'certs/link.pem', why: 'outside-workspace' }]);
  });

  it('a caFile inside the workspace and a proxy are used only once allowed, the caFile under its resolved path', async () => {
    const entry = ciEntrySchema.parse({ provider: 'gitlab', project: 'g/p', caFile: 'certs/ca.pem', proxy: 'http://proxy.corp.example:3128' });
    const resolved = await resolveEntryCaFile(entry, root);
    const choices = (allowed: string[]): ConnectionChoices => ({ fallback: { proxy: 'http://mine.example:8080' }, allows: (_kind, value) => allowed.includes(value), resolveCaFile: () => resolved });
    const before = ciConnection(entry, choices([]));
    assert.deepEqual([before.connection.caFile, before.connection.proxy], [undefined, 'http://mine.example:8080']);
    assert.deepEqual(before.ignored.map((item) => [item.kind, item.value, item.why]), [['proxy', 'http://proxy.corp.example:3128', 'no-consent'], ['caFile', join(root, 'certs', 'ca.pem'), 'no-consent']]);
    const after = ciConnection(entry, choices([join(root, 'certs', 'ca.pem'), 'http://proxy.corp.example:3128']));
    assert.deepEqual([after.connection.caFile, after.connection.proxy, after.ignored], [join(root, 'certs', 'ca.pem'), 'http://proxy.corp.example:3128', []]);
  });
});
