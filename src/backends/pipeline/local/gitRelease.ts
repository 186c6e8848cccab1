import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { DevopsError } from '../../../core/errors';
import { loadSimpleGit } from '../../../core/git/loadSimpleGit';
import { bumpFor, bumpVersion, changelogSection, parseCommit, prependChangelog, type Bump, type ConventionalCommit } from '../../../core/pipeline/conventionalCommits';
import { readVersionFile } from './versionFile';

export interface ReleaseOptions {
  /** Repository root; absolute. */
  workspace: string;
  /** "auto" reads the bump from the commits since the last tag. */
  bump: Bump | 'auto';
  /** Relative to the workspace; default package.json. */
  versionFile?: string;
  /** Push the commit and tag to origin. */
  push: boolean;
  signal?: AbortSignal;
  /** Release date for the changelog; default now. */
  date?: Date;
}

/** What a release will do, shown before anything is written. */
export interface ReleasePreview {
  currentVersion: string;
  version: string;
  tag: string;
  /** The last tag, when there is one; commits are counted from it. */
  previousTag?: string;
  bump: Bump;
  /** The CHANGELOG.md section that will be added. */
  changelog: string;
  /** Files the release writes, relative to the workspace. */
  files: string[];
  commits: ConventionalCommit[];
  push: boolean;
}

const CHANGELOG = 'CHANGELOG.md';

// simple-git refuses to pass variables that can change what git runs (npm sets
// npm_config_editor, for one) and GIT_* ones it does not know; leave those out rather
// than loosen its guard.
const unsafeVariable = /editor|askpass|pager|^git_/i;

async function gitFor(options: ReleaseOptions): Promise<SimpleGit> {
  const simpleGit = await loadSimpleGit();
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !unsafeVariable.test(key)));
  // No credential prompt: a push that needs one fails instead of waiting forever.
  env.GIT_TERMINAL_PROMPT = '0';
  return simpleGit({ baseDir: options.workspace, allowEnvironment: ['GIT_TERMINAL_PROMPT'], timeout: { block: 60_000 }, ...(options.signal ? { abort: options.signal } : {}) }).env(env);
}

/** Reads the repository and says what a release would do; writes nothing. Stops (conflict, invalid-data) before writing. */
export async function previewRelease(options: ReleaseOptions): Promise<ReleasePreview> {
  const git = await gitFor(options);
  await assertClean(git);
  const versionLabel = options.versionFile ?? 'package.json';
  const current = await readVersionFile(join(options.workspace, versionLabel), versionLabel);
  const previousTag = await lastTag(git);
  const log = await git.log(previousTag ? { from: previousTag, to: 'HEAD' } : {});
  const commits = log.all.map((c) => parseCommit(c.hash, c.body ? `${c.message}\n\n${c.body}` : c.message));
  if (commits.length === 0) throw new DevopsError('conflict', `nothing to release: no commits since ${previousTag ?? 'the start'}`);
  const bump = options.bump === 'auto' ? bumpFor(commits) : options.bump;
  const version = bumpVersion(current.version, bump);
  const tag = `v${version}`;
  if ((await git.tags(['--list', tag])).all.includes(tag)) throw new DevopsError('conflict', `tag ${tag} already exists`);
  return {
    currentVersion: current.version,
    version,
    tag,
    ...(previousTag ? { previousTag } : {}),
    bump,
    changelog: changelogSection(version, options.date ?? new Date(), commits),
    files: [versionLabel, CHANGELOG],
    commits,
    push: options.push,
  };
}

/** Writes the preview: version file, CHANGELOG.md, commit, annotated tag, push when configured. Re-checks first. */
export async function applyRelease(options: ReleaseOptions, preview: ReleasePreview): Promise<{ commit: string }> {
  const git = await gitFor(options);
  await assertClean(git);
  if ((await git.tags(['--list', preview.tag])).all.includes(preview.tag)) throw new DevopsError('conflict', `tag ${preview.tag} already exists`);
  const versionLabel = preview.files[0] ?? 'package.json';
  const versionFile = await readVersionFile(join(options.workspace, versionLabel), versionLabel);
  if (versionFile.version !== preview.currentVersion) throw new DevopsError('conflict', `${versionLabel} changed since the preview (now ${versionFile.version})`);
  const changelogPath = join(options.workspace, CHANGELOG);
  const existing = await readFile(changelogPath, 'utf8').catch(() => '');
  await writeFile(join(options.workspace, versionLabel), versionFile.withVersion(preview.version));
  await writeFile(changelogPath, prependChangelog(existing, preview.changelog));
  await git.add(preview.files);
  const commit = await git.commit(`chore(release): ${preview.tag}`, preview.files);
  await git.addAnnotatedTag(preview.tag, `Release ${preview.tag}\n\n${preview.changelog}`);
  if (preview.push) {
    try {
      await git.raw(['push', '--follow-tags', 'origin', 'HEAD']);
    } catch (error) {
      throw new DevopsError('unavailable', `released ${preview.tag} locally, but the push failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  }
  return { commit: commit.commit };
}

async function lastTag(git: SimpleGit): Promise<string | undefined> {
  try {
    return (await git.raw(['describe', '--tags', '--abbrev=0'])).trim() || undefined;
  } catch {
    return undefined; // no tag yet: count every commit
  }
}

async function assertClean(git: SimpleGit): Promise<void> {
  const status = await git.status();
  // The runner's own logs live in .devops/; they must not block a release.
  const dirty = status.files.filter((f) => !f.path.startsWith('.devops/'));
  if (dirty.length > 0) {
    const names = dirty.slice(0, 3).map((f) => f.path).join(', ');
    throw new DevopsError('conflict', `the working tree has uncommitted changes (${names}${dirty.length > 3 ? ', …' : ''}): commit or stash them first`);
  }
}
