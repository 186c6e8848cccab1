import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StarterRepo } from './starterConfig';

/** Files that generateStarterConfig reads are small; this guards against a huge one. */
const maxReadBytes = 1024 * 1024;

/** A StarterRepo over a folder on disk (the CLI and tests; the editor may use workspace.fs). */
export function directoryRepo(root: string): StarterRepo {
  return {
    async readText(relPath) {
      try {
        const path = join(root, relPath);
        const info = await stat(path);
        return info.isFile() && info.size <= maxReadBytes ? await readFile(path, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    async list(relDir) {
      try {
        return await readdir(join(root, relDir));
      } catch {
        return [];
      }
    },
  };
}
