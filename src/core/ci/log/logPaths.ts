import * as path from 'node:path';

// A CI log names files as the runner saw them: relative to its checkout, or absolute
// under its own work folder (/home/runner/work/repo/repo/src/a.ts, /builds/group/
// project/src/a.ts, C:\jenkins\workspace\app\src\a.ts). A problem is only useful when
// it opens the same file here, so the runner's prefix is dropped until what is left
// exists in the workspace.

/**
 * The workspace file `file` (as a CI log wrote it) most likely means: the longest
 * tail of its path that exists under `root`; failing that, a relative path under
 * `root` and an absolute one unchanged.
 */
export function localProblemPath(file: string, root: string, exists: (candidate: string) => boolean): string {
  const absolute = path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file);
  if (!absolute) {
    const direct = path.join(root, file);
    if (exists(direct)) return direct;
  } else if (exists(file) && isInside(file, root)) return file;
  const segments = file.split(/[\\/]+/).filter((segment) => segment !== '' && !/^[A-Za-z]:$/.test(segment));
  for (let start = absolute ? 0 : 1; start < segments.length; start++) {
    const candidate = path.join(root, ...segments.slice(start));
    if (exists(candidate)) return candidate;
  }
  return absolute ? file : path.join(root, file);
}

function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
