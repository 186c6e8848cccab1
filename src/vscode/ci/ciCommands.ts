import * as vscode from 'vscode';
import type { CiRun } from '../../core/ci/ciTypes';
import { DevopsError } from '../../core/errors';
import type { CommandRunner } from '../commands/commandRunner';
import { CommandId } from '../commands/commandTable';
import type { SignInSource } from '../credentials/signInCommands';
import type { ExternalLinks } from '../externalLinks';
import type { CiLogDocuments } from './ciLogDocuments';
import type { CiQuestions } from './ciQuestions';
import { ciRowData, type CiRowData } from './ciRowData';
import { ciSignIn } from './ciRows';
import { ciOriginOf } from '../../backends/ci/createCiProvider';
import type { CiEntry, CiSession } from './ciSession';
import type { CiTree } from './ciTree';
import { explained, triggerRun, withCiProgress, type CiTriggerDeps } from './ciTrigger';

interface CiCommandParts {
  session: CiSession;
  tree: CiTree;
  logs: CiLogDocuments;
  /** Opens run and job pages: http and https only. */
  links: ExternalLinks;
  /** The trigger's questions, the protected-deploy modal, environments and head. */
  trigger: CiTriggerDeps;
}

// Menus pass the row; notices and row clicks pass what a row stands for ({ entryKey, run }); tests may pass a row's id.
function targetOf(arg: unknown, tree: CiTree): CiRowData | undefined {
  if (typeof arg === 'string') return ciRowData(tree.findRow(arg));
  if (typeof arg === 'object' && arg !== null && typeof (arg as Partial<CiRowData>).entryKey === 'string') return arg as CiRowData;
  return ciRowData(arg);
}

const runName = (run: CiRun): string => `${run.workflow}${run.number === undefined ? '' : ` #${run.number}`}`;

/** The CI entries' servers, for the one sign-in command of each kind. */
export function ciSignInSource(session: CiSession, tree: CiTree): SignInSource {
  const targetOfEntry = (entry: CiEntry): { origin: string; usedBy: string }[] => {
    const origin = ciOriginOf(entry.config);
    return origin === undefined ? [] : [{ origin, usedBy: `CI ${entry.model.provider.label}` }];
  };
  return {
    targets: (kind) => session.entries.filter((entry) => entry.config.provider === kind).flatMap(targetOfEntry),
    targetOf: (kind, row) => {
      const key = targetOf(row, tree)?.entryKey;
      const entry = key === undefined ? undefined : session.entry(key);
      if (!entry) return undefined;
      if (entry.config.provider !== kind) throw new DevopsError('invalid-config', `${entry.model.provider.label} is a ${entry.config.provider} entry, not ${kind}.`);
      const origin = ciOriginOf(entry.config);
      if (origin === undefined) throw new DevopsError('invalid-config', `The baseUrl of ${entry.model.provider.label} is not an http(s) URL.`);
      return { origin, usedBy: `CI ${entry.model.provider.label}` };
    },
  };
}

export function registerCiCommands(commands: CommandRunner, parts: CiCommandParts): vscode.Disposable {
  const { session, tree, logs } = parts;
  const questions: CiQuestions = parts.trigger.questions;
  const resolve = (arg: unknown): { target: CiRowData; entry: CiEntry } | undefined => {
    const target = targetOf(arg, tree);
    const entry = target && session.entry(target.entryKey);
    return target && entry ? { target, entry } : undefined;
  };
  const runOf = (arg: unknown): { run: CiRun; entry: CiEntry } => {
    const found = resolve(arg);
    if (!found?.target.run) throw new DevopsError('not-found', 'That run is no longer in the CI Runs view; refresh and pick it again.');
    return { run: found.target.run, entry: found.entry };
  };
  const pickEntry = (candidates: readonly CiEntry[]): Promise<CiEntry | undefined> =>
    questions.pickProvider(candidates.map((entry) => ({ label: entry.model.provider.label, description: entry.config.provider, value: entry })));
  const entryOf = async (arg: unknown): Promise<CiEntry | undefined> => {
    const found = resolve(arg)?.entry;
    if (found) return found;
    const candidates = session.entries;
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
      return { label, run: () => vscode.commands.executeCommand(action.command, { entryKey: entry.key } satisfies CiRowData) };
    });
    // Each button runs a sign-in command, whose runner shows its own failures.
    void questions.signInFirst(text, actions);
    return undefined;
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
    questions.info(`${label}: ${done(run)}.`);
  };
  return vscode.Disposable.from(
    commands.register(CommandId.ciRefresh, () => { for (const entry of session.entries) entry.model.refreshNow(); }),
    commands.register(CommandId.ciOpenLog, (arg) => { const found = resolve(arg); return found ? logs.show(found.target) : undefined; }),
    commands.register(CommandId.ciRerunFailed, (arg) => act(arg, (run) => `Rerunning the failed jobs of ${runName(run)}`, (run) => `rerunning the failed jobs of ${runName(run)}`, (entry, run, signal) => entry.model.rerun(run, 'failed', signal))),
    commands.register(CommandId.ciRerunAll, (arg) => act(arg, (run) => `Rerunning ${runName(run)}`, (run) => `rerunning all of ${runName(run)}`, (entry, run, signal) => entry.model.rerun(run, 'all', signal))),
    commands.register(CommandId.ciCancel, (arg) => act(arg, (run) => `Cancelling ${runName(run)}`, (run) => `cancel of ${runName(run)} requested`, (entry, run, signal) => entry.model.cancel(run, signal))),
    commands.register(CommandId.ciProceed, (arg) => act(arg, (run) => `Proceeding with ${runName(run)}`, (run) => `${runName(run)} proceeds`, (entry, run, signal) => entry.model.answerInput(run, true, signal).then(() => undefined))),
    commands.register(CommandId.ciAbort, (arg) => act(arg, (run) => `Aborting ${runName(run)} at its input`, (run) => `${runName(run)} was aborted at its input`, (entry, run, signal) => entry.model.answerInput(run, false, signal).then(() => undefined))),
    commands.register(CommandId.ciPlayJob, async (arg) => {
      const found = resolve(arg);
      const job = found?.target.job;
      if (!found || !job) throw new DevopsError('not-found', 'That job is no longer in the CI Runs view; refresh and pick it again.');
      const label = found.entry.model.provider.label;
      try {
        await withCiProgress(`Starting ${job.name} in ${label}…`, 60_000, (signal) => found.entry.model.playJob(job, signal));
      } catch (error) {
        found.entry.model.refreshNow();
        throw explained(`${label}: starting ${job.name} failed`, error);
      }
      questions.info(`${label}: started ${job.name}.`);
    }),
    commands.register(CommandId.ciOpenInBrowser, (arg) => {
      const found = resolve(arg);
      const url = found?.target.job?.url ?? found?.target.run?.url;
      return url ? parts.links.open(url, 'the CI page') : undefined;
    }),
    commands.register(CommandId.ciShowAllBranches, async (arg) => (await entryOf(arg))?.model.setScope('all')),
    commands.register(CommandId.ciShowCurrentBranch, async (arg) => (await entryOf(arg))?.model.setScope('current')),
    commands.register(CommandId.ciTrigger, async (arg) => {
      if (session.entries.length === 0) throw new DevopsError('invalid-config', 'No CI is configured: add a `ci` list under `pipeline` in devops.yaml.');
      const entry = await triggerEntry(arg);
      return entry ? triggerRun(entry, parts.trigger) : undefined;
    }),
  );
}
