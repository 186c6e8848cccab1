import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { describeSize } from '../../core/yaml/sourceGuards';
import type { RepoEntry, RepoListing, RepoRead, ScaffoldRepo } from './scaffoldRepo';

/** A ScaffoldRepo over a folder on disk (the CLI, tests and benchmarks). */
export function directoryRepo(root: string): ScaffoldRepo {
  const inside = (relPath: string): string | undefined => {
    const path = resolve(root, relPath);
    const rel = relative(resolve(root), path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)) ? path : undefined;
  };
  return {
    async list(relDir): Promise<RepoListing> {
      const path = inside(relDir);
      if (!path) return { refused: 'outside the repository' };
      try {
        const entries = await readdir(path, { withFileTypes: true });
        return { entries: entries.map((e): RepoEntry => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'folder' : 'other' })) };
      } catch (error) {
        return { refused: `cannot be listed (${errorCode(error)})` };
      }
    },
    async read(relPath, maxBytes): Promise<RepoRead> {
      const path = inside(relPath);
      if (!path) return { refused: 'is outside the repository' };
      try {
        // lstat: a link could lead out of the repository or to a device.
        const info = await lstat(path);
        if (!info.isFile()) return { refused: 'is not a regular file' };
        if (info.size > maxBytes) return { refused: `is ${describeSize(info.size)}, larger than the ${describeSize(maxBytes)} read for a scaffold` };
        return { text: await readFile(path, 'utf8') };
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return { missing: true };
        return { refused: `cannot be read (${errorCode(error)})` };
      }
    },
    async readGitMetadata(absolutePath, maxBytes) {
      // Only the two names git metadata lookups need; a `.git` file cannot point the scan at anything else.
      if (!isAbsolute(absolutePath) || !['config', 'commondir'].includes(basename(absolutePath))) return undefined;
      try {
        const info = await stat(absolutePath);
        return info.isFile() && info.size <= maxBytes ? await readFile(absolutePath, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
