import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

// The checked-out branch and commit, read from .git directly: the CI view needs them
// on every branch switch and reading two small files is cheaper than a git process.
export async function readGitHead(root: string): Promise<{ branch?: string; commit?: string }> {
  try {
    const head = (await readFile(join(root, '.git', 'HEAD'), 'utf8')).trim();
    const ref = /^ref: (refs\/heads\/(.+))$/.exec(head);
    if (!ref) return { commit: head };
    const commit = await readRef(root, ref[1]);
    return { branch: ref[2], commit };
  } catch {
    return {};
  }
}

async function readRef(root: string, ref: string): Promise<string | undefined> {
  try {
    return (await readFile(join(root, '.git', ref), 'utf8')).trim();
  } catch {
    const packed = await readFile(join(root, '.git', 'packed-refs'), 'utf8').catch(() => '');
    return packed.split('\n').find((line) => line.endsWith(` ${ref}`))?.split(' ')[0];
  }
}
