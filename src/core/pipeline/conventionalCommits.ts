import { DevopsError } from '../errors';

/** A commit read as a Conventional Commit (https://www.conventionalcommits.org). */
export interface ConventionalCommit {
  hash: string;
  /** feat, fix, chore…; "other" when the header does not follow the convention. */
  type: string;
  scope?: string;
  subject: string;
  breaking: boolean;
}

export type Bump = 'major' | 'minor' | 'patch';

const header = /^(\w+)(?:\(([^)]*)\))?(!)?:\s*(.+)$/;

export function parseCommit(hash: string, message: string): ConventionalCommit {
  const [first = '', ...rest] = message.split('\n');
  const body = rest.join('\n');
  const breakingNote = /^BREAKING[ -]CHANGE:/m.test(body);
  const match = header.exec(first.trim());
  if (!match) return { hash, type: 'other', subject: first.trim(), breaking: breakingNote };
  return { hash, type: (match[1] ?? '').toLowerCase(), ...(match[2] ? { scope: match[2] } : {}), subject: match[4] ?? '', breaking: Boolean(match[3]) || breakingNote };
}

/** The bump the commits call for: any breaking → major, any feat → minor, else patch. */
export function bumpFor(commits: readonly ConventionalCommit[]): Bump {
  if (commits.some((c) => c.breaking)) return 'major';
  if (commits.some((c) => c.type === 'feat')) return 'minor';
  return 'patch';
}

const semver = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function isVersion(text: string): boolean {
  return semver.test(text);
}

/** The next version; a pre-release or build suffix is dropped. */
export function bumpVersion(current: string, bump: Bump): string {
  const match = semver.exec(current);
  if (!match) throw new DevopsError('invalid-data', `"${current}" is not a version of the form 1.2.3`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const sections: [title: string, pick: (c: ConventionalCommit) => boolean][] = [
  ['Breaking changes', (c) => c.breaking],
  ['Features', (c) => !c.breaking && c.type === 'feat'],
  ['Fixes', (c) => !c.breaking && c.type === 'fix'],
  ['Performance', (c) => !c.breaking && c.type === 'perf'],
];

/** A CHANGELOG.md section for one version; commits other than feat/fix/perf are left out unless nothing else is there. */
export function changelogSection(version: string, date: Date, commits: readonly ConventionalCommit[]): string {
  const line = (c: ConventionalCommit): string => `- ${c.scope ? `**${c.scope}:** ` : ''}${c.subject} (${c.hash.slice(0, 7)})`;
  const parts = [`## ${version} (${date.toISOString().slice(0, 10)})`, ''];
  for (const [title, pick] of sections) {
    const picked = commits.filter(pick);
    if (picked.length > 0) parts.push(`### ${title}`, '', ...picked.map(line), '');
  }
  if (parts.length === 2) parts.push('### Other changes', '', ...commits.map(line), '');
  return parts.join('\n');
}

/** CHANGELOG.md with the new section on top, under a leading "# …" title when there is one. */
export function prependChangelog(existing: string, section: string): string {
  if (existing.trim() === '') return `# Changelog\n\n${section}`;
  const title = /^# .*\n+/.exec(existing);
  if (!title) return `${section}\n${existing}`;
  return `${title[0]}${section}\n${existing.slice(title[0].length)}`;
}
