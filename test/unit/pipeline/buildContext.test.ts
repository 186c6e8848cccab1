import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packBuildContext } from '../../../src/backends/pipeline/image/buildContext';
import { DevopsError } from '../../../src/core/errors';
import { tempDir } from './pipelineTestKit';

// The build context an image stage sends to the engine, read back with the system's tar:
// .dockerignore as people write it, links kept as links (never followed out), and a
// context or Dockerfile that devops.yaml points outside the workspace refused.

function listing(tar: Buffer): string[] {
  const listed = spawnSync('tar', ['-tvf', '-'], { input: tar });
  assert.equal(listed.status, 0, listed.stderr.toString());
  return listed.stdout.toString().trim().split('\n');
}

function names(tar: Buffer): string[] {
  const listed = spawnSync('tar', ['-tf', '-'], { input: tar });
  assert.equal(listed.status, 0, listed.stderr.toString());
  return listed.stdout.toString().trim().split('\n').sort();
}

describe('image build context', () => {
  let ws: ReturnType<typeof tempDir>;
  let outside: ReturnType<typeof tempDir>;
  beforeEach(() => {
    ws = tempDir('devops-context-');
    outside = tempDir('devops-outside-');
    writeFileSync(join(outside.path, 'id_rsa'), 'PRIVATE');
  });
  afterEach(() => {
    ws.remove();
    outside.remove();
  });

  const write = (path: string, text: string): void => {
    mkdirSync(join(ws.path, path, '..'), { recursive: true });
    writeFileSync(join(ws.path, path), text);
  };

  it('honours .dockerignore: comments, folders, ** patterns, wildcards and ! exceptions', async () => {
    write('app/Dockerfile', 'FROM scratch\n');
    write('app/.dockerignore', ['# build output', 'dist', '**/node_modules', '*.log', '!keep.log', '  .env  ', 'docs/**/*.md', ''].join('\r\n'));
    for (const path of ['app/src/index.js', 'app/dist/bundle.js', 'app/node_modules/x/i.js', 'app/src/node_modules/y.js', 'app/debug.log', 'app/keep.log', 'app/.env', 'app/docs/a/b.md', 'app/docs/a/b.txt']) write(path, 'x');
    const context = await packBuildContext(ws.path, 'app', undefined);
    assert.equal(context.dockerfile, 'Dockerfile');
    assert.deepEqual(names(context.tar), ['.dockerignore', 'Dockerfile', 'docs/', 'docs/a/', 'docs/a/b.txt', 'keep.log', 'src/', 'src/index.js']);
  });

  it('reads a .dockerignore the way Docker does: anchored at the context root, * within one folder', async () => {
    write('Dockerfile', 'FROM scratch\n');
    // As projects write them: a leading /, a trailing /, a re-included file, comment headings.
    write('.dockerignore', ['# Dependencies', '**/node_modules', '', '# Output', '/build', 'coverage/', '*.txt', '!keep.txt', '**/*.tmp', '.git'].join('\n'));
    for (const path of ['build/out.js', 'src/build/gen.js', 'notes.txt', 'keep.txt', 'src/notes.txt', 'web/node_modules/a/index.js', 'coverage/lcov.info', 'src/a.tmp', '.git/HEAD']) write(path, 'x');
    const context = await packBuildContext(ws.path, '.', undefined);
    assert.deepEqual(names(context.tar), ['.dockerignore', 'Dockerfile', 'keep.txt', 'src/', 'src/build/', 'src/build/gen.js', 'src/notes.txt', 'web/']);
    assert.equal(context.files, 5);
  });

  it('keeps file modes (an executable entrypoint stays executable)', async () => {
    write('Dockerfile', 'FROM scratch\n');
    write('entrypoint.sh', '#!/bin/sh\n');
    chmodSync(join(ws.path, 'entrypoint.sh'), 0o755);
    chmodSync(join(ws.path, 'Dockerfile'), 0o600);
    const lines = listing((await packBuildContext(ws.path, '.', undefined)).tar);
    assert.match(lines.find((l) => l.endsWith(' entrypoint.sh')) ?? '', /^-rwxr-xr-x /);
    assert.match(lines.find((l) => l.endsWith(' Dockerfile')) ?? '', /^-rw------- /);
  });

  it('archives a link as a link and never what it points to outside', async () => {
    write('Dockerfile', 'FROM scratch\n');
    symlinkSync(join(outside.path, 'id_rsa'), join(ws.path, 'key'));
    const context = await packBuildContext(ws.path, '.', 'Dockerfile');
    const line = listing(context.tar).find((l) => l.includes('key'));
    assert.match(line ?? '', /^l.* key -> .*id_rsa$/);
    assert.ok(!context.tar.includes(Buffer.from('PRIVATE')), 'the secret outside is not in the archive');
  });

  it('sends a Dockerfile beside the context under its own name', async () => {
    write('docker/web.Dockerfile', 'FROM scratch\n');
    write('web/index.html', 'ok');
    const context = await packBuildContext(ws.path, 'web', 'docker/web.Dockerfile');
    assert.equal(context.dockerfile, '.devops-loop.Dockerfile');
    assert.deepEqual(names(context.tar), ['.devops-loop.Dockerfile', 'index.html']);
  });

  it('keeps a long path whole (PAX header)', async () => {
    write('Dockerfile', 'FROM scratch\n');
    const long = `${'deep/'.repeat(30)}file.txt`;
    write(long, 'x');
    assert.ok(names((await packBuildContext(ws.path, '.', undefined)).tar).includes(long));
  });

  it('refuses a context or Dockerfile outside the workspace, by .. or through a link', async () => {
    symlinkSync(outside.path, join(ws.path, 'elsewhere'));
    await assert.rejects(packBuildContext(ws.path, '..', undefined), (e: unknown) => DevopsError.is(e, 'forbidden') && e.message.includes('the image context ".."'));
    await assert.rejects(packBuildContext(ws.path, 'elsewhere', undefined), (e: unknown) => DevopsError.is(e, 'forbidden') && e.message.includes('through a symbolic link'));
    write('Dockerfile', 'FROM scratch\n');
    await assert.rejects(packBuildContext(ws.path, '.', 'elsewhere/Dockerfile'), (e: unknown) => DevopsError.is(e, 'forbidden') && e.message.includes('the Dockerfile'));
  });

  it('says when there is no Dockerfile', async () => {
    write('index.html', 'ok');
    await assert.rejects(packBuildContext(ws.path, '.', undefined), (e: unknown) => DevopsError.is(e, 'not-found') && e.message.includes('no Dockerfile at Dockerfile'));
  });
});
