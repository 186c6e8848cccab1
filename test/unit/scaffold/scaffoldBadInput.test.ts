import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { directoryRepo } from '../../../src/backends/scaffold/directoryRepo';
import { formatNote, scaffoldRepository } from '../../../src/backends/scaffold/scaffold';
import type { ScaffoldRepo } from '../../../src/backends/scaffold/scaffoldRepo';
import { scaffold, tempRepo, type TempRepo } from './scaffoldKit';

// Unreadable, binary, huge and hostile files: each gets one note naming the file and line,
// and the rest of the repository is still read.
const goodCompose = 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n';
const deployment = (name: string, namespace: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${JSON.stringify(name)}\n  namespace: ${JSON.stringify(namespace)}\nspec:\n  replicas: 1\n`;
const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`), 'services: {}'].join('\n');

describe('the scaffold on bad input', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = tempRepo()));
  afterEach(() => repo.remove());

  it('notes each bad file once at its line, and still imports the good ones', async () => {
    repo.write({
      'compose.yaml': goodCompose,
      'package.json': '{\n  "name": "shop",\n  "scripts": {\n    "test": "jest",\n  }\n}\n',
      Makefile: Buffer.from([0x62, 0x75, 0x69, 0x6c, 0x64, 0x3a, 0x0a, 0x00, 0x01, 0x02]),
      'k8s/binary.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\n'), Buffer.from([0x00, 0xff, 0xfe])]),
      'k8s/huge.yaml': `apiVersion: v1\nkind: ConfigMap\ndata:\n${'  k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n'.repeat(40_000)}`,
      'k8s/deep.yaml': `apiVersion: v1\nkind: Pod\nmetadata: ${'['.repeat(5000)}\n`,
      'k8s/hostile.yaml': `${deployment('api', 'x $(touch pwned)')}---\n${deployment('worker', 'shop')}`,
      'stacks/bomb/compose.yaml': bomb,
    });
    execFileSync('mkfifo', [join(repo.root, 'k8s', 'fifo.yaml')]);
    symlinkSync('/etc/passwd', join(repo.root, 'k8s', 'passwd.yaml'));
    const { config, printed, text } = await scaffold(repo.root);
    assert.deepEqual(Object.keys(config.services), ['web', 'worker'], 'the good files are still read');
    const byFile = (file: string): string[] => printed.filter((p) => p.startsWith(`${file}:`));
    assert.match(byFile('package.json').join(), /^package\.json:5: note: not valid JSON \(.+\); no stages from its scripts$/);
    assert.deepEqual(byFile('Makefile'), ['Makefile:2: note: Makefile contains the control character U+0000; it looks like a binary file, not Makefile text; not read']);
    assert.deepEqual(byFile('k8s/binary.yaml'), ['k8s/binary.yaml:3: note: binary.yaml contains the control character U+0000; it looks like a binary file, not YAML text; not read']);
    assert.match(byFile('k8s/huge.yaml').join(), /^k8s\/huge\.yaml:1: note: this file is 2\.\d MB, larger than the 1\.0 MB read for a scaffold; not read$/);
    assert.match(byFile('k8s/deep.yaml').join(), /^k8s\/deep\.yaml:3: note: deep\.yaml nests more than 100 levels deep/);
    assert.deepEqual(byFile('k8s/fifo.yaml'), ['k8s/fifo.yaml:1: note: a link or special file, not a regular file; not followed']);
    assert.deepEqual(byFile('k8s/passwd.yaml'), ['k8s/passwd.yaml:1: note: a link or special file, not a regular file; not followed']);
    assert.deepEqual(byFile('k8s/hostile.yaml'), ['k8s/hostile.yaml:5: note: Deployment has the namespace "x $(touch pwned)", which Kubernetes does not accept; not imported']);
    assert.match(byFile('stacks/bomb/compose.yaml').join(), /^stacks\/bomb\/compose\.yaml:[6-9]: note: Aliases expand to more than 2 MB of data; this looks like an alias bomb; no services imported$/);
    assert.doesNotMatch(text, /pwned|root:/);
  });

  it('a folder that cannot be listed is noted and the scan goes on', async () => {
    repo.write({ 'a/compose.yaml': goodCompose, 'b/compose.yaml': goodCompose.replace('web', 'api').replace('8080', '8081') });
    const disk = directoryRepo(repo.root);
    const refusing: ScaffoldRepo = { ...disk, list: (dir) => (dir === 'a' ? Promise.resolve({ refused: 'cannot be listed (EACCES)' }) : disk.list(dir)) };
    const result = await scaffoldRepository(refusing, repo.root);
    assert.deepEqual(result.notes.map(formatNote), ['a:1: note: this folder cannot be listed (EACCES); what it holds is not scanned']);
    assert.match(result.text, /^ {2}api:$/m);
  });
});
