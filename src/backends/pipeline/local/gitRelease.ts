import { writeFile } from 'node:fs/promises';
import { readFileCapped } from '../../../core/boundedRead';
import { DevopsError } from '../../../core/errors';
import type { Git } from '../../../core/ports';
import { bumpFor, bumpVersion, changelogSection, parseCommit, prependChangelog, type Bump, type ConventionalCommit } from '../../../core/pipeline/conventionalCommits';
import { resolveInWorkspace } from '../../../core/workspacePath';
import { readVersionFile } from './versionFile';

export interface ReleaseOptions {
  /** Repository root; absolute. */
  workspace: string;
  /** Git of that repository. */
  git: Git;
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

/** Reads the repository and says what a release would do; writes nothing. Stops (conflict, invalid-data) before writing. */
export async function previewRelease(options: ReleaseOptions): Promise<ReleasePreview> {
  const { git, signal } = options;
  await assertClean(git, signal);
  const versionLabel = options.versionFile ?? 'package.json';
  const current = await readVersionFile(await resolveInWorkspace(options.workspace, versionLabel, 'versionFile'), versionLabel);
  const previousTag = await git.lastTag(signal);
  const commits = (await git.commitsSince(previousTag, signal)).map((c) => parseCommit(c.hash, c.message));
  if (commits.length === 0) throw new DevopsError('conflict', `nothing to release: no commits since ${previousTag ?? 'the start'}`);
  const bump = options.bump === 'auto' ? bumpFor(commits) : options.bump;
  const version = bumpVersion(current.version, bump);
  const tag = `v${version}`;
  if (await git.hasTag(tag, signal)) throw new DevopsError('conflict', `tag ${tag} already exists`);
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
  const { git, signal } = options;
  await assertClean(git, signal);
  if (await git.hasTag(preview.tag, signal)) throw new DevopsError('conflict', `tag ${preview.tag} already exists`);
  const versionLabel = preview.files[0] ?? 'package.json';
  // Both files are written: a link committed in their place must not carry the write elsewhere.
  const versionPath = await resolveInWorkspace(options.workspace, versionLabel, 'versionFile');
  const changelogPath = await resolveInWorkspace(options.workspace, CHANGELOG, CHANGELOG);
  const versionFile = await readVersionFile(versionPath, versionLabel);
  if (versionFile.version !== preview.currentVersion) throw new DevopsError('conflict', `${versionLabel} changed since the preview (now ${versionFile.version})`);
  const existing = await readFileCapped(changelogPath, 16 * 1024 * 1024, CHANGELOG).then(
    (bytes) => bytes.toString('utf8'),
    (error: unknown) => {
      if (DevopsError.is(error, 'not-found')) return '';
      throw error;
    },
  );
  await writeFile(versionPath, versionFile.withVersion(preview.version));
  await writeFile(changelogPath, prependChangelog(existing, preview.changelog));
  const commit = await git.commit(`chore(release): ${preview.tag}`, preview.files, signal);
  await git.tag(preview.tag, `Release ${preview.tag}\n\n${preview.changelog}`, signal);
  if (preview.push) {
    try {
      await git.push(signal);
    } catch (error) {
      if (DevopsError.is(error, 'cancelled')) throw error;
      throw new DevopsError('unavailable', `released ${preview.tag} locally, but the push failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
    }
  }
  return { commit };
}

async function assertClean(git: Git, signal: AbortSignal | undefined): Promise<void> {
  // The runner's own logs live in .devops/; they must not block a release.
  const dirty = (await git.changedPaths(signal)).filter((path) => !path.startsWith('.devops/'));
  if (dirty.length > 0) {
    const names = dirty.slice(0, 3).join(', ');
    throw new DevopsError('conflict', `the working tree has uncommitted changes (${names}${dirty.length > 3 ? ', …' : ''}): commit or stash them first`);
  }
}
