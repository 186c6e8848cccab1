import * as z from 'zod';

// The `ci` block of devops.yaml: which CI engines the CI Runs view watches. Several
// entries are allowed (a GitHub repository and a Jenkins job side by side). Credentials
// never go here: they live in VS Code's authentication providers and SecretStorage.

export const ciEntrySchema = z
  .object({
    provider: z.enum(['github', 'gitlab', 'jenkins']),
    baseUrl: z.string().optional().describe('API base for self-hosted servers (GitHub Enterprise: https://HOST/api/v3; GitLab: https://HOST or https://HOST/api/v4; Jenkins: its root URL).'),
    repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name').optional().describe('GitHub: owner/name.'),
    project: z.string().optional().describe('GitLab: group/project path or numeric id.'),
    job: z.string().optional().describe('Jenkins: job path, e.g. folder/job.'),
    caFile: z.string().optional().describe('PEM file with extra CA certificates.'),
    proxy: z
      .string()
      .regex(/^https?:\/\/[^\s/@]+\/?$/, 'http://host:port, without user:password (put proxy credentials in the http.proxy setting, not in a shared file)')
      .optional()
      .describe('Forward proxy to this server, http://host:port. Without it the editor\'s http.proxy setting is used. Loopback hosts are never proxied.'),
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
  /** http://[user:pass@]host:port, used when the entry names no proxy. */
  proxy?: string;
  /** Hosts reached directly (NO_PROXY style); also applies to the entry's own proxy. */
  noProxy?: readonly string[];
}

/** How an entry's server is reached; the fields of the backends' connection options. */
export interface CiConnection {
  /** The entry's base URL, if any (each provider has its default). */
  baseUrl?: string;
  /** The CA file resolved against the workspace. */
  caFile?: string;
  /** The entry's proxy, else the fallback's. */
  proxy?: string;
  /** The fallback's exclusions; undefined leaves the client's default (loopback only). */
  noProxy?: readonly string[];
}

/** The connection settings of an entry: its own, completed by the editor's or the environment's proxy. */
export function ciConnection(entry: CiEntryConfig, resolvePath: (file: string) => string, fallback: ProxyFallback = {}): CiConnection {
  return {
    baseUrl: entry.baseUrl,
    caFile: entry.caFile === undefined ? undefined : resolvePath(entry.caFile),
    proxy: entry.proxy ?? (fallback.proxy?.trim() || undefined),
    noProxy: fallback.noProxy,
  };
}

/** A stable key of an entry, for row ids and secrets: "github:owner/repo". */
export function ciEntryKey(entry: CiEntryConfig): string {
  const where = entry.provider === 'github' ? entry.repository : entry.provider === 'gitlab' ? entry.project : entry.job;
  return `${entry.provider}:${where ?? ''}@${entry.baseUrl ?? ''}`;
}
