// Repositories for the scaffold tests: real folders in the temp directory, real git
// repositories where the origin remote matters.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { directoryRepo } from '../../../src/backends/scaffold/directoryRepo';
import { formatNote, scaffoldRepository, type Scaffold } from '../../../src/backends/scaffold/scaffold';
import { parseDevopsConfig } from '../../../src/core/config/loader';
import { formatProblem } from '../../../src/core/config/problem';
import type { DevopsConfig } from '../../../src/core/config/schema';

export interface TempRepo {
  root: string;
  write(files: Record<string, string | Buffer>): void;
  git(...args: string[]): string;
  remove(): void;
}

export function tempRepo(prefix = 'devops-scaffold-'): TempRepo {
  return repoAt(mkdtempSync(join(tmpdir(), prefix)));
}

/** A TempRepo over a folder that exists (a worktree, say). */
export function repoAt(root: string): TempRepo {
  return {
    root,
    write(files) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    },
    git: (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface ScaffoldResult extends Scaffold {
  config: DevopsConfig;
  /** The notes as printed: `file:line: note: message`. */
  printed: string[];
}

/** Scaffolds the folder and checks that the file passes the loader without a single problem. */
export async function scaffold(root: string): Promise<ScaffoldResult> {
  const result = await scaffoldRepository(directoryRepo(root), root);
  const { config, problems } = parseDevopsConfig(result.text, 'devops.yaml');
  assert.deepEqual(problems.map(formatProblem), [], result.text);
  assert.ok(config);
  return { ...result, config, printed: result.notes.map(formatNote) };
}
