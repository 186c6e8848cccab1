import type { simpleGit } from 'simple-git';
import { loadOnDemand } from '../loadOnDemand';

/** simple-git's factory: `factory({ baseDir, ... })` gives a client for one repository. */
export type SimpleGitFactory = typeof simpleGit;

/** simple-git, loaded on first use so it stays out of the extension's activation bundle. */
export async function loadSimpleGit(): Promise<SimpleGitFactory> {
  return (await loadOnDemand('git', () => import('./simpleGit.lazy.js'))).simpleGit;
}
