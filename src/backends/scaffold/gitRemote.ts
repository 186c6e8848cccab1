// The `origin` remote of a repository, read from git's own config file rather than by
// starting git: a scaffold needs one URL, and reading a file needs no approval.
import { isAbsolute, join, resolve } from 'node:path';
import type { ScaffoldRepo } from './scaffoldRepo';

/** Where a remote lives: its host and the repository path on it. */
export interface RemoteLocation {
  /** Host name, lower case, without user or port. */
  host: string;
  /** The port of an http(s) URL, when it names one (a web port; an SSH port is not one). */
  webPort?: number;
  /** owner/repo on GitHub, group/subgroup/project on GitLab; without ".git". */
  path: string;
}

const maxConfigBytes = 256 * 1024;

/** The origin remote of the repository at the root of `repo`, or undefined when none is found. */
export async function readOrigin(repo: ScaffoldRepo, root: string): Promise<RemoteLocation | undefined> {
  const config = await gitConfigText(repo, root);
  const url = config === undefined ? undefined : originUrl(config);
  return url === undefined ? undefined : parseRemoteUrl(url);
}

async function gitConfigText(repo: ScaffoldRepo, root: string): Promise<string | undefined> {
  const direct = await repo.read('.git/config', maxConfigBytes);
  if ('text' in direct) return direct.text;
  // A worktree or submodule: `.git` is a file naming the real git directory.
  const pointer = await repo.read('.git', 4096);
  const gitdir = 'text' in pointer ? /^gitdir:\s*(.+?)\s*$/m.exec(pointer.text)?.[1] : undefined;
  if (gitdir === undefined) return undefined;
  const dir = isAbsolute(gitdir) ? gitdir : resolve(root, gitdir);
  // A worktree's git directory shares the main one's config, named by `commondir`.
  const common = (await repo.readGitMetadata(join(dir, 'commondir'), 4096))?.trim();
  const configDir = common ? (isAbsolute(common) ? common : resolve(dir, common)) : dir;
  return repo.readGitMetadata(join(configDir, 'config'), maxConfigBytes);
}

/** The `url` of `[remote "origin"]` in git config text. */
export function originUrl(config: string): string | undefined {
  let inOrigin = false;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (section) {
      inOrigin = section[1].toLowerCase() === 'remote' && section[2] === 'origin';
      continue;
    }
    const entry = inOrigin ? /^url\s*=\s*(.*)$/i.exec(line) : null;
    if (entry) return unquote(entry[1].replace(/\s[#;].*$/, '').trim());
  }
  return undefined;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length > 1 ? value.slice(1, -1) : value;
}

/** https://host/owner/repo.git, git@host:owner/repo.git, ssh://git@host:2222/group/project.git… */
export function parseRemoteUrl(url: string): RemoteLocation | undefined {
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/.exec(url);
  if (scp && !/^[A-Za-z]:[\\/]/.test(url)) return location(scp[1], undefined, scp[2]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return undefined;
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  // User and password of an https URL (a token, often) are never carried over.
  return location(parsed.hostname, web && parsed.port ? Number(parsed.port) : undefined, decodeURIComponent(parsed.pathname));
}

function location(host: string, webPort: number | undefined, rawPath: string): RemoteLocation | undefined {
  const path = rawPath.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  const segments = path.split('/');
  if (segments.length < 2 || segments.some((s) => !/^[A-Za-z0-9_.-]+$/.test(s) || s === '.' || s === '..')) return undefined;
  return { host: host.toLowerCase(), ...(webPort === undefined ? {} : { webPort }), path };
}
