import * as vscode from 'vscode';
import type { CiRun } from '../../core/ci/ciTypes';
import { DevopsError } from '../../core/errors';
import type { CommandRunner } from '../commands/commandRunner';
import type { Credentials } from '../credentials/credentials';
import type { ExternalLinks } from '../externalLinks';
import type { CiLogDocuments } from './ciLogDocuments';
import type { CiPrompts } from './ciPrompts';
import { ciSignIn, type CiRowTarget } from './ciRows';
import { ciOriginOf } from './ciProviderFactory';
import type { CiEntry, CiSession } from './ciSession';
import type { CiTreeProvider } from './ciTreeProvider';
import { explained, triggerRun, withCiProgress, type CiTriggerDeps } from './ciTrigger';

/** Command ids of the CI Runs view; package.json contributes the same. */
export const CiCommandId = {
  refresh: 'devops.ci.refresh',
  openLog: 'devops.ci.openLog',
  rerunFailed: 'devops.ci.rerunFailed',
  rerunAll: 'devops.ci.rerunAll',
  cancel: 'devops.ci.cancel',
  openInBrowser: 'devops.ci.openInBrowser',
  trigger: 'devops.ci.trigger',
  showAllBranches: 'devops.ci.showAllBranches',
  showCurrentBranch: 'devops.ci.showCurrentBranch',
  signInGithub: 'devops.ci.signInGithub',
  setGitlabToken: 'devops.ci.setGitlabToken',
  setJenkinsCredentials: 'devops.ci.setJenkinsCredentials',
} as const;

interface CiCommandParts {
  session: CiSession;
  tree: CiTreeProvider;
  logs: CiLogDocuments;
  credentials: Credentials;
  /** Opens run and job pages: http and https only. */
  links: ExternalLinks;
  /** The trigger's questions, the protected-deploy modal, environments and head. */
  trigger: CiTriggerDeps;
}

// Menus pass the row; the notification actions and tests pass the row id.
function rowId(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

const runName = (run: CiRun): string => `${run.workflow}${run.number === undefined ? '' : ` #${run.number}`}`;

export function registerCiCommands(commands: CommandRunner, parts: CiCommandParts): vscode.Disposable {
  const { session, tree, logs, credentials } = parts;
  const prompts: CiPrompts = parts.trigger.prompts;
  const resolve = (arg: unknown): { target: CiRowTarget; entry: CiEntry } | undefined => {
    const id = rowId(arg);
    // A provider row id (ci/<entry key>) still names its entry while the view shows no rows (all signed out).
    const target = id === undefined ? undefined : (tree.target(id) ?? (id.startsWith('ci/') ? { entryKey: id.slice(3) } : undefined));
    const entry = target && session.entry(target.entryKey);
    return target && entry ? { target, entry } : undefined;
  };
  const runOf = (arg: unknown): { run: CiRun; entry: CiEntry } => {
    const found = resolve(arg);
    if (!found?.target.run) throw new DevopsError('not-found', 'That run is no longer in the CI Runs view; refresh and pick it again.');
    return { run: found.target.run, entry: found.entry };
  };
  const pickEntry = (candidates: readonly CiEntry[]): Promise<CiEntry | undefined> =>
    prompts.pickProvider(candidates.map((entry) => ({ label: entry.model.provider.label, description: entry.config.provider, value: entry })));
  const entryOf = async (arg: unknown, provider?: string): Promise<CiEntry | undefined> => {
    const found = resolve(arg)?.entry;
    if (found) return found;
    const candidates = session.entries.filter((entry) => provider === undefined || entry.config.provider === provider);
    if (candidates.length <= 1) return candidates[0];
    return pickEntry(candidates);
  };
  // Trigger: only a signed-in engine can start runs, so the picker lists those; when none
  // is left, the user is told to sign in first, with that engine's sign-in as a button.
  const triggerEntry = async (arg: unknown): Promise<CiEntry | undefined> => {
    const named = resolve(arg)?.entry;
    const candidates = named ? [named] : session.entries.filter((entry) => entry.signedIn);
    if (candidates.length === 1 && candidates[0].signedIn) return candidates[0];
    if (candidates.length > 1) return pickEntry(candidates);
    const signedOut = named ? [named] : [...session.entries];
    const names = signedOut.map((entry) => `${entry.model.provider.label} (${ciSignIn[entry.config.provider].engine})`);
    const text = signedOut.length === 1 ? `Sign in first: ${names[0]} is signed out, so no run can be started there.` : `Sign in first: every CI engine of devops.yaml is signed out (${names.join(', ')}), so no run can be started.`;
    const actions = signedOut.map((entry) => {
      const action = ciSignIn[entry.config.provider];
      const label = signedOut.length === 1 ? action.title : `${action.title} (${entry.model.provider.label})`;
      return { label, run: () => vscode.commands.executeCommand(action.command, `ci/${entry.key}`) };
    });
    // Each button runs a sign-in command, whose runner shows its own failures.
    void prompts.signInFirst(text, actions);
    return undefined;
  };
  // A sign-in is for the origin of one entry: the one clicked, the only one, or a pick.
  const signIn = async (arg: unknown, provider: CiEntry['config']['provider']): Promise<void> => {
    const entry = await entryOf(arg, provider);
    if (!entry) throw new DevopsError('not-found', `devops.yaml has no ${ciSignIn[provider].engine} entry under pipeline.ci to sign in for.`);
    const origin = ciOriginOf(entry.config);
    if (origin === undefined) throw new DevopsError('invalid-config', `The baseUrl of ${entry.model.provider.label} is not an http(s) URL.`);
    await credentials.signIn(provider, origin);
  };
  // Rerun and cancel: progress while the request runs; the run is polled again whether it worked or not.
  const act = async (arg: unknown, doing: (run: CiRun) => string, done: (run: CiRun) => string, call: (entry: CiEntry, run: CiRun, signal: AbortSignal) => Promise<void>): Promise<void> => {
    const { run, entry } = runOf(arg);
    const label = entry.model.provider.label;
    try {
      await withCiProgress(`${doing(run)} in ${label}…`, 60_000, (signal) => call(entry, run, signal));
    } catch (error) {
      entry.model.refreshNow();
      throw explained(`${label}: ${doing(run)} failed`, error);
    }
    prompts.info(`${label}: ${done(run)}.`);
  };
  const register = (id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => commands.run(id, () => handler(...args)));

  return vscode.Disposable.from(
    register(CiCommandId.refresh, () => { for (const entry of session.entries) entry.model.refreshNow(); }),
    register(CiCommandId.openLog, (arg) => { const found = resolve(arg); return found ? logs.show(found.target) : undefined; }),
    register(CiCommandId.rerunFailed, (arg) => act(arg, (run) => `Rerunning the failed jobs of ${runName(run)}`, (run) => `rerunning the failed jobs of ${runName(run)}`, (entry, run, signal) => entry.model.rerun(run, 'failed', signal))),
    register(CiCommandId.rerunAll, (arg) => act(arg, (run) => `Rerunning ${runName(run)}`, (run) => `rerunning all of ${runName(run)}`, (entry, run, signal) => entry.model.rerun(run, 'all', signal))),
    register(CiCommandId.cancel, (arg) => act(arg, (run) => `Cancelling ${runName(run)}`, (run) => `cancel of ${runName(run)} requested`, (entry, run, signal) => entry.model.cancel(run, signal))),
    register(CiCommandId.openInBrowser, (arg) => {
      const found = resolve(arg);
      const url = found?.target.job?.url ?? found?.target.run?.url;
      return url ? parts.links.open(url, 'the CI page') : undefined;
    }),
    register(CiCommandId.showAllBranches, async (arg) => (await entryOf(arg))?.model.setScope('all')),
    register(CiCommandId.showCurrentBranch, async (arg) => (await entryOf(arg))?.model.setScope('current')),
    register(CiCommandId.trigger, async (arg) => {
      if (session.entries.length === 0) throw new DevopsError('invalid-config', 'No CI is configured: add a `ci` list under `pipeline` in devops.yaml.');
      const entry = await triggerEntry(arg);
      return entry ? triggerRun(entry, parts.trigger) : undefined;
    }),
    register(CiCommandId.signInGithub, (arg) => signIn(arg, 'github')),
    register(CiCommandId.setGitlabToken, (arg) => signIn(arg, 'gitlab')),
    register(CiCommandId.setJenkinsCredentials, (arg) => signIn(arg, 'jenkins')),
  );
}
