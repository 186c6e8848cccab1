import * as z from 'zod';
import { resolveInWorkspace } from '../workspacePath';

// The `ci` block of devops.yaml: which CI engines the CI Runs view watches. Several
// entries are allowed (a GitHub repository and a Jenkins job side by side). Credentials
// never go here: they live in VS Code's authentication providers and SecretStorage.

export const ciEntrySchema = z
  .object({
    provider: z.enum(['github', 'gitlab', 'jenkins']),
    baseUrl: z.string().optional().describe('API base for self-hosted servers (GitHub Enterprise: https://HOST/api/v3; GitLab: https://HOST or https://HOST/api/v4; Jenkins: its root URL). Credentials are kept per server: sign in for this one; plain http:// gets none except on this machine.'),
    repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name').optional().describe('GitHub: owner/name.'),
    project: z.string().optional().describe('GitLab: group/project path or numeric id.'),
    job: z.string().optional().describe('Jenkins: job path, e.g. folder/job.'),
    caFile: z.string().optional().describe('PEM file inside the workspace with extra CA certificates. Used only after you trust the workspace and allow this file; otherwise the devops.network.caFile user setting applies.'),
    proxy: z
      .string()
      .regex(/^https?:\/\/[^\s/@]+\/?$/, 'http://host:port, without user:password (put proxy credentials in the http.proxy setting, not in a shared file)')
      .optional()
      .describe('Forward proxy to this server, http://host:port. Used only after you trust the workspace and allow this proxy; otherwise the editor\'s http.proxy setting is used. Loopback hosts are never proxied.'),
    watchBranches: z.array(z.string()).default([]).describe('Branches whose failures notify even when the run is not yours.'),
  })
  .strict()
  .superRefine((entry, context) => {
    const needed = { github: 'repository', gitlab: 'project', jenkins: 'job' } as const;
    const key = needed[entry.provider];
    if (entry[key] === undefined) context.addIssue({ code: 'custom', path: [key], message: `provider ${entry.provider} needs "${key}"` });
    if (entry.provider === 'jenkins' && entry.baseUrl === undefined) context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'provider jenkins needs "baseUrl"' });
  });

export const ciSchema = z.array(ciEntrySchema).describe('CI engines whose runs the CI Runs view shows.');

export type CiEntryConfig = z.output<typeof ciEntrySchema>;

/** A proxy from outside devops.yaml: the editor's http.proxy setting or the environment. */
export interface ProxyFallback {
  /** http://[user:pass@]host:port, used when the entry's own proxy is not in use. */
  proxy?: string;
  /** Hosts reached directly (NO_PROXY style); also applies to the entry's own proxy. */
  noProxy?: readonly string[];
}

/** A devops.yaml value that would change where traffic goes or whom it trusts. */
export interface WorkspaceNetworkValue {
  /** Which field: the entry's proxy or its CA file. */
  kind: 'proxy' | 'caFile';
  /** The proxy URL, or the CA file's absolute path (as written when it left the workspace). */
  value: string;
  /** Why it is not used: no consent yet, or a CA file outside the workspace (never usable). */
  why: 'no-consent' | 'outside-workspace';
}

/** What decides an entry's connection besides devops.yaml: the user's own settings and consents. */
export interface ConnectionChoices {
  /** The user's proxy (the editor's http.proxy) and exclusions. */
  fallback: ProxyFallback;
  /** The user's own CA file, absolute (a user setting). */
  userCaFile?: string;
  /** True when the user allowed this devops.yaml value: the workspace is trusted and a remembered consent names it. */
  allows(kind: WorkspaceNetworkValue['kind'], value: string): boolean;
  /** devops.yaml's caFile as an absolute path inside the workspace (see resolveEntryCaFile); undefined when it leaves it. */
  resolveCaFile(file: string): string | undefined;
}

/** How an entry's server is reached; the fields of the backends' connection options. */
export interface CiConnection {
  /** The entry's base URL, if any (each provider has its default). */
  baseUrl?: string;
  /** The CA file in use: devops.yaml's when allowed, else the user's. */
  caFile?: string;
  /** The proxy in use: devops.yaml's when allowed, else the user's. */
  proxy?: string;
  /** The fallback's exclusions; undefined leaves the client's default (loopback only). */
  noProxy?: readonly string[];
}

/**
 * The connection of an entry. devops.yaml comes with the repository, so its own proxy and
 * CA file (which could read TLS traffic, tokens included) are used only when the user
 * allowed exactly that value; otherwise the user's settings apply and the value is
 * reported as ignored.
 */
export function ciConnection(entry: CiEntryConfig, choices: ConnectionChoices): { connection: CiConnection; ignored: WorkspaceNetworkValue[] } {
  const ignored: WorkspaceNetworkValue[] = [];
  let proxy = choices.fallback.proxy?.trim() || undefined;
  if (entry.proxy !== undefined) {
    if (choices.allows('proxy', entry.proxy)) proxy = entry.proxy;
    else ignored.push({ kind: 'proxy', value: entry.proxy, why: 'no-consent' });
  }
  let caFile = choices.userCaFile;
  if (entry.caFile !== undefined) {
    const resolved = choices.resolveCaFile(entry.caFile);
    if (resolved === undefined) ignored.push({ kind: 'caFile', value: entry.caFile, why: 'outside-workspace' });
    else if (choices.allows('caFile', resolved)) caFile = resolved;
    else ignored.push({ kind: 'caFile', value: resolved, why: 'no-consent' });
  }
  return { connection: { baseUrl: entry.baseUrl, caFile, proxy, noProxy: choices.fallback.noProxy }, ignored };
}

/** An entry's caFile as a path inside `root`, symbolic links resolved; undefined when it has none or it leaves the workspace. */
export async function resolveEntryCaFile(entry: CiEntryConfig, root: string): Promise<string | undefined> {
  if (entry.caFile === undefined) return undefined;
  return resolveInWorkspace(root, entry.caFile, 'caFile').catch(() => undefined);
}

/** A stable key of an entry, for row ids and secrets: "github:owner/repo". */
export function ciEntryKey(entry: CiEntryConfig): string {
  const where = entry.provider === 'github' ? entry.repository : entry.provider === 'gitlab' ? entry.project : entry.job;
  return `${entry.provider}:${where ?? ''}@${entry.baseUrl ?? ''}`;
}
