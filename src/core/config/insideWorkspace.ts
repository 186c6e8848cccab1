import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

// A path from devops.yaml names a file of the repository, never one elsewhere on the
// machine: it is resolved against the workspace and, when it exists, through its
// symlinks, and must still be inside the workspace's own (resolved) folder.

/** The absolute path of `file` (relative to `root`) when it stays inside `root` after resolving symlinks; undefined when it leaves it. */
export function resolveInsideWorkspace(root: string, file: string): string | undefined {
  const realRoot = realOrSelf(resolve(root));
  const lexical = resolve(realRoot, file);
  const real = realOrSelf(lexical);
  return isWithin(realRoot, lexical) && isWithin(realRoot, real) ? real : undefined;
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

// A file that does not exist yet has no links to follow: its read fails later with its own message.
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
