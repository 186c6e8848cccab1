import { readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { DevopsError } from './errors';

// devops.yaml comes with the repository, so a path in it (the sprint file, test reports,
// log files, a release's version file, the .devops state folder) must not reach a file
// elsewhere on the machine: not by `..`, not by an absolute path, not through a symbolic
// link committed into the repository. The refusal names the path, never what the file holds.

/** Why `file`, as written in devops.yaml, leaves the folder before any link is followed; undefined when it stays. */
export function pathLeavesWorkspace(file: string): string | undefined {
  if (isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return 'is an absolute path; write it relative to the folder of devops.yaml';
  const normal = normalize(file);
  if (normal === '..' || normal.startsWith(`..${sep}`) || normal.startsWith('../')) return 'leads out of the folder of devops.yaml with `..`';
  return undefined;
}

/**
 * The absolute path of `file` (relative to `workspace`, or absolute) once checked to stay
 * inside `workspace` with every symbolic link on its way resolved. A path that does not
 * exist yet is checked through its nearest existing folder. Throws DevopsError('forbidden')
 * naming `what` (e.g. "plan.file") otherwise.
 */
export async function resolveInWorkspace(workspace: string, file: string, what: string): Promise<string> {
  const root = resolve(workspace);
  const target = resolve(root, file);
  if (!isWithin(root, target)) throw outside(what, file, '');
  const [realRoot, realTarget] = await Promise.all([realpathOrSelf(root), realpathOfNearest(target)]);
  if (!isWithin(realRoot, realTarget)) throw outside(what, file, ' through a symbolic link');
  return target;
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function outside(what: string, file: string, how: string): DevopsError {
  return new DevopsError('forbidden', `${what} "${file}" leads outside the workspace${how}; DevOps Loop reads and writes files only inside the workspace folder`);
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

// The real path of the nearest part of `path` that exists, with the missing rest appended.
// A dangling link is followed by hand: a write through it would create its target.
async function realpathOfNearest(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (let step = 0; step < 64; step++) {
    try {
      return join(await realpath(current), ...[...missing].reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw new DevopsError('io', `cannot resolve ${path}: ${code ?? String(error)}`, { cause: error });
      const link = await readlink(current).catch(() => undefined);
      if (link !== undefined) current = resolve(parent, link);
      else {
        missing.push(basename(current));
        current = parent;
      }
    }
  }
  throw new DevopsError('io', `cannot resolve ${path}: too many symbolic links`);
}
