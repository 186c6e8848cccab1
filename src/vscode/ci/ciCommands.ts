import * as vscode from 'vscode';
import { checkTriggerInputs } from '../../core/ci/ciProvider';
import type { TriggerInput } from '../../core/ci/ciTypes';
import type { CommandRunner } from '../commands/commandRunner';
import type { CiCredentials } from './ciCredentials';
import type { CiLogDocuments } from './ciLogDocuments';
import type { CiRowTarget } from './ciRows';
import type { CiEntry, CiSession } from './ciSession';
import type { CiTreeProvider } from './ciTreeProvider';

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
  credentials: CiCredentials;
}

// Menus pass the row; the notification actions and tests pass the row id.
function rowId(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

export function registerCiCommands(commands: CommandRunner, parts: CiCommandParts): vscode.Disposable {
  const { session, tree, logs, credentials } = parts;
  const resolve = (arg: unknown): { target: CiRowTarget; entry: CiEntry } | undefined => {
    const id = rowId(arg);
    const target = id === undefined ? undefined : tree.target(id);
    const entry = target && session.entry(target.entryKey);
    return target && entry ? { target, entry } : undefined;
  };
  const entryOf = async (arg: unknown, provider?: string): Promise<CiEntry | undefined> => {
    const found = resolve(arg)?.entry;
    if (found) return found;
    const candidates = session.entries.filter((entry) => provider === undefined || entry.config.provider === provider);
    if (candidates.length <= 1) return candidates[0];
    const picked = await vscode.window.showQuickPick(candidates.map((entry) => ({ label: entry.model.provider.label, description: entry.config.provider, entry })), { title: 'Which CI?' });
    return picked?.entry;
  };
  const withSignal = <T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> => body(AbortSignal.timeout(60_000));
  const register = (id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => commands.run(id, () => handler(...args)));

  return vscode.Disposable.from(
    register(CiCommandId.refresh, () => { for (const entry of session.entries) entry.model.refreshNow(); }),
    register(CiCommandId.openLog, (arg) => { const found = resolve(arg); return found ? logs.show(found.target) : undefined; }),
    register(CiCommandId.rerunFailed, (arg) => { const found = resolve(arg); return found?.target.run && withSignal((signal) => found.entry.model.rerun(found.target.run!, 'failed', signal)); }),
    register(CiCommandId.rerunAll, (arg) => { const found = resolve(arg); return found?.target.run && withSignal((signal) => found.entry.model.rerun(found.target.run!, 'all', signal)); }),
    register(CiCommandId.cancel, (arg) => { const found = resolve(arg); return found?.target.run && withSignal((signal) => found.entry.model.cancel(found.target.run!, signal)); }),
    register(CiCommandId.openInBrowser, (arg) => {
      const found = resolve(arg);
      const url = found?.target.job?.url ?? found?.target.run?.url;
      return url ? vscode.env.openExternal(vscode.Uri.parse(url)) : undefined;
    }),
    register(CiCommandId.showAllBranches, async (arg) => (await entryOf(arg))?.model.setScope('all')),
    register(CiCommandId.showCurrentBranch, async (arg) => (await entryOf(arg))?.model.setScope('current')),
    register(CiCommandId.trigger, async (arg) => { const entry = await entryOf(arg); if (entry) await trigger(entry, session.headBranch); }),
    register(CiCommandId.signInGithub, async (arg) => {
      const entry = await entryOf(arg, 'github');
      if (entry) await credentials.githubToken(entry.config, true);
    }),
    register(CiCommandId.setGitlabToken, async (arg) => credentials.askGitlabToken((await entryOf(arg, 'gitlab'))?.config.baseUrl)),
    register(CiCommandId.setJenkinsCredentials, async (arg) => credentials.askJenkinsCredentials((await entryOf(arg, 'jenkins'))?.config.baseUrl)),
  );
}

async function trigger(entry: CiEntry, headBranch: string | undefined): Promise<void> {
  const { provider } = entry.model;
  if (!provider.triggerTargets) return;
  const ref = await vscode.window.showInputBox({ title: 'Run on which branch or tag?', value: headBranch ?? '' });
  if (!ref) return;
  const targets = await provider.triggerTargets(ref, AbortSignal.timeout(30_000));
  const picked = targets.length === 1 ? targets[0] : (await vscode.window.showQuickPick(targets.map((t) => ({ label: t.label, target: t })), { title: 'Start what?' }))?.target;
  if (!picked) return;
  const inputs: Record<string, string> = {};
  for (const input of picked.inputs) {
    const value = await askInput(input);
    if (value === undefined) return;
    if (value !== '') inputs[input.name] = value;
  }
  if (picked.freeVariables) {
    for (;;) {
      const pair = await vscode.window.showInputBox({ title: 'Variable NAME=value (empty to start)', ignoreFocusOut: true });
      if (pair === undefined) return;
      if (pair === '') break;
      const at = pair.indexOf('=');
      if (at > 0) inputs[pair.slice(0, at).trim()] = pair.slice(at + 1);
    }
  }
  checkTriggerInputs(picked, inputs);
  await entry.model.trigger({ target: picked.id, ref, inputs }, AbortSignal.timeout(60_000));
}

async function askInput(input: TriggerInput): Promise<string | undefined> {
  const title = `${input.name}${input.required ? '' : ' (optional)'}`;
  if (input.type === 'boolean' || (input.type === 'choice' && input.options)) {
    const options = input.type === 'boolean' ? ['true', 'false'] : (input.options ?? []);
    return vscode.window.showQuickPick(options, { title, placeHolder: input.description ?? input.default });
  }
  return vscode.window.showInputBox({ title, prompt: input.description, value: input.default ?? '', ignoreFocusOut: true });
}
