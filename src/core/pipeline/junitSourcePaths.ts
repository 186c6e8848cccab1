import { lstat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Frame } from './junitFrames';

// Reports name source files as the test tool saw them: a path on a CI runner or in a
// container (/home/runner/work/shop/shop/tests/OrderTests.cs, /app/tests/OrderTest.php), a
// bare file name with a package (Go: orders_test.go in github.com/acme/shop/orders; Java:
// OrderTest.java in com.acme). The Problems panel needs the file in this workspace, so each
// is mapped onto it: the longest tail of the path that exists here wins.

/** Where JVM build tools keep sources, tried before anything else for a package path. */
const jvmSourceRoots = ['src/test/java', 'src/test/kotlin', 'src/test/scala', 'src/test/groovy', 'src/main/java', 'src/main/kotlin', 'src'];
/** Path segments looked at from the end; deeper CI prefixes are never part of the repository. */
const maxTail = 8;

/** Finds files by glob relative to the workspace (tinyglobby's signature, links not followed). */
export type SourceSearch = (pattern: string) => Promise<string[]>;

/** Resolves the files of many failures, each distinct question asked of the disk once. */
export function sourcePathResolver(workspace: string, search?: SourceSearch): (frame: Frame, owner: string) => Promise<{ path: string; found: boolean }> {
  const cache = new Map<string, Promise<string | undefined>>();
  const existing = (candidates: readonly string[]): Promise<string | undefined> => {
    const key = candidates.join('\n');
    let found = cache.get(key);
    if (!found) {
      found = firstFile(workspace, candidates);
      cache.set(key, found);
    }
    return found;
  };
  // A module of a multi-module build keeps its sources one or more folders down.
  const searches = new Map<string, Promise<string | undefined>>();
  const searched = (packagePath: string): Promise<string | undefined> => {
    let found = searches.get(packagePath);
    if (!found) {
      found = (search ?? (() => Promise.resolve([])))(`**/src/*/*/${packagePath}`).then((paths) => paths.sort()[0], () => undefined);
      searches.set(packagePath, found);
    }
    return found;
  };
  return async (frame, owner) => {
    const file = frame.file.replace(/\\/g, '/');
    if (isAbsolute(frame.file)) {
      const inside = relative(workspace, frame.file);
      if (!inside.startsWith('..') && !isAbsolute(inside)) return { path: inside, found: true };
    }
    const candidates = [
      ...(frame.packagePath ? jvmSourceRoots.map((root) => `${root}/${frame.packagePath}`) : []),
      ...(!isAbsolute(frame.file) ? [file] : []),
      ...tails(file),
      // A Go package path names the folder of its test files.
      ...(!file.includes('/') && owner.includes('/') ? tails(`${owner}/${file}`) : []),
    ];
    const found = (await existing(candidates)) ?? (frame.packagePath && search ? await searched(frame.packagePath) : undefined);
    if (found !== undefined) return { path: found, found: true };
    return { path: frame.packagePath ?? (isAbsolute(frame.file) ? frame.file : file), found: false };
  };
}

/** a/b/c/d.ts → b/c/d.ts, c/d.ts, d.ts (longest first), within maxTail segments. */
function tails(path: string): string[] {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const out: string[] = [];
  for (let start = Math.max(1, segments.length - maxTail); start < segments.length; start++) out.push(segments.slice(start).join('/'));
  return out;
}

async function firstFile(workspace: string, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    // Never a path that climbs out of the workspace; lstat: nor a link that leads out of it.
    if (candidate.split('/').includes('..')) continue;
    const info = await lstat(join(workspace, candidate)).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}
