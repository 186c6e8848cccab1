// CI files → `pipeline.ci` entries for the CI Runs view. The repository on the CI engine is
// the `origin` remote's; what cannot be known from the files (a Jenkins server, a GitHub
// repository without a GitHub remote) is written as a commented entry to fill in.
import type { RemoteLocation } from './gitRemote';
import type { ScaffoldNote } from './scaffoldNotes';

/** One `pipeline.ci` entry, active or commented out. */
export interface CiDraft {
  entry: Record<string, string>;
  /** Set when the entry is written as a comment: what the user must fill in. */
  toFill?: string;
}

/** Which CI files the repository has: the first workflow file, `.gitlab-ci.yml`, `Jenkinsfile`. */
export interface CiFiles {
  githubWorkflow?: string;
  gitlabCi?: string;
  jenkinsfile?: string;
}

export function ciDrafts(files: CiFiles, origin: RemoteLocation | undefined, repoName: string, notes: ScaffoldNote[]): CiDraft[] {
  const drafts: CiDraft[] = [];
  if (files.githubWorkflow) drafts.push(githubDraft(files.githubWorkflow, origin, notes));
  if (files.gitlabCi) drafts.push(gitlabDraft(files.gitlabCi, origin, notes));
  if (files.jenkinsfile) {
    const job = origin?.path.split('/').at(-1) ?? repoName;
    drafts.push({ entry: { provider: 'jenkins', baseUrl: 'https://jenkins.example.com/', job }, toFill: "your Jenkins server's URL and the job's path" });
    notes.push({ file: files.jenkinsfile, line: 1, message: "a Jenkins entry is written commented out in devops.yaml: fill in the server's URL and the job, then uncomment it" });
  }
  return drafts;
}

function githubDraft(file: string, origin: RemoteLocation | undefined, notes: ScaffoldNote[]): CiDraft {
  if (origin?.host === 'github.com' && origin.path.split('/').length === 2) return { entry: { provider: 'github', repository: origin.path } };
  if (origin && /(^|\.)github\./.test(origin.host) && origin.path.split('/').length === 2) {
    notes.push({ file, line: 1, message: `the origin remote is on ${origin.host}: the GitHub entry assumes GitHub Enterprise Server there (its API at /api/v3)` });
    return { entry: { provider: 'github', baseUrl: `https://${hostWithPort(origin)}/api/v3`, repository: origin.path } };
  }
  notes.push({ file, line: 1, message: `${origin ? `the origin remote (${origin.host}) is not on GitHub` : 'no origin remote was found'}: the GitHub entry is written commented out; fill in owner/name and uncomment it` });
  return { entry: { provider: 'github', repository: 'OWNER/NAME' }, toFill: 'the repository on GitHub, as owner/name' };
}

function gitlabDraft(file: string, origin: RemoteLocation | undefined, notes: ScaffoldNote[]): CiDraft {
  if (!origin) {
    notes.push({ file, line: 1, message: 'no origin remote was found: the GitLab entry is written commented out; fill in the project path and uncomment it' });
    return { entry: { provider: 'gitlab', project: 'GROUP/PROJECT' }, toFill: 'the project path on GitLab, as group/project' };
  }
  if (origin.host === 'gitlab.com') return { entry: { provider: 'gitlab', project: origin.path } };
  if (origin.host === 'github.com') {
    notes.push({ file, line: 1, message: `the origin remote is on github.com: the GitLab entry assumes the project is mirrored as ${origin.path} on gitlab.com` });
    return { entry: { provider: 'gitlab', project: origin.path } };
  }
  return { entry: { provider: 'gitlab', baseUrl: `https://${hostWithPort(origin)}`, project: origin.path } };
}

function hostWithPort(origin: RemoteLocation): string {
  return origin.webPort === undefined || origin.webPort === 443 ? origin.host : `${origin.host}:${origin.webPort}`;
}
