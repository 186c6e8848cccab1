import { ciJobCapabilities, ciRunCapabilities } from '../../core/ci/ciProvider';
import type { CiRunRow } from '../../core/ci/ciRunsModel';
import type { CiJob, CiRun, CiStatus, CiStep } from '../../core/ci/ciTypes';
import { CommandId } from '../commands/commandTable';
import { contextValue, type RowCapability } from '../trees/contextValue';
import { markdown, type RowNode } from '../trees/rowNode';
import type { CiRowData } from './ciRowData';
import type { CiEntry } from './ciSession';

// Rows of the CI Runs view: provider → runs → jobs → steps. Pure functions of the
// models, so the row merge refreshes only rows whose look changed. Each row carries the
// entry, run and job it stands for, so commands on it read them from the row.

const look: Record<CiStatus, [string, string | undefined]> = {
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  running: ['sync~spin', 'charts.blue'],
  queued: ['clock', undefined],
  waiting: ['watch', 'list.warningForeground'],
  cancelled: ['circle-slash', 'disabledForeground'],
  skipped: ['debug-step-over', 'disabledForeground'],
  unknown: ['question', 'list.warningForeground'],
};

export function providerRow(entry: CiEntry, now: number): RowNode {
  const { model } = entry;
  const state = model.state;
  const id = `ci/${entry.key}`;
  // Without a checked-out branch the "current" scope cannot filter: say what is shown.
  const scope = model.currentScope === 'all' ? 'all branches' : model.headBranch !== undefined ? model.headBranch : 'all branches (no branch checked out)';
  const staleText = state.stale && state.staleSince !== undefined ? `stale since ${new Date(state.staleSince).toLocaleTimeString()}` : undefined;
  const description = [entry.config.provider, scope, staleText ?? (state.error ? 'failing' : undefined)].filter(Boolean).join(' · ');
  const budget = state.budget;
  const tooltip = markdown((md) => {
    md.appendText(`${model.provider.label} (${entry.config.provider})\n`);
    md.appendText(budget ? `API budget: ${budget.remaining}${budget.limit === undefined ? '' : ` of ${budget.limit}`} requests left` : 'API budget: not reported');
    if (budget?.resetAt !== undefined) md.appendText(`, resets in ${Math.max(0, Math.round((budget.resetAt - now) / 60_000))} min`);
    md.appendText('\n');
    if (staleText) md.appendText(`Showing data ${staleText}.\n`);
    if (state.error) md.appendText(`Last error: ${state.error.message.split('\n')[0]}\n`);
  });
  const runs = model.runs.map((row) => runRow(entry, row));
  const children = runs.length > 0 ? runs : [infoRow(`${id}/empty`, state.loaded ? 'No runs' : state.error ? 'Could not load runs' : 'Loading runs…')];
  return {
    id,
    label: model.provider.label,
    description,
    tooltip,
    icon: state.stale ? 'warning' : 'server-environment',
    iconColor: state.stale ? 'list.warningForeground' : undefined,
    contextValue: contextValue('ci-provider', providerWords(entry)),
    children,
    data: { entryKey: entry.key } satisfies CiRowData,
  };
}

function providerWords(entry: CiEntry): RowCapability[] {
  const words: RowCapability[] = [entry.model.currentScope === 'all' ? 'scope-all' : 'scope-current'];
  if (entry.model.capabilities.has('trigger')) words.push('triggerable');
  if (entry.config.provider !== 'github') words.push(`credentials-${entry.config.provider}`);
  return words;
}

/** The sign-in of each engine, as signed-out rows, the welcome and the Trigger notice offer it. */
export const ciSignIn: Record<CiEntry['config']['provider'], { command: string; title: string; engine: string }> = {
  github: { command: CommandId.signInGithub, title: 'Sign in to GitHub', engine: 'GitHub' },
  gitlab: { command: CommandId.setGitlabToken, title: 'Set GitLab Token…', engine: 'GitLab' },
  jenkins: { command: CommandId.setJenkinsCredentials, title: 'Set Jenkins Credentials…', engine: 'Jenkins' },
};

/** The row of an engine without credentials, while others are signed in: a sign-in action, not an error. */
export function signedOutRow(entry: CiEntry): RowNode {
  const id = `ci/${entry.key}`;
  const provider = entry.config.provider;
  const action = ciSignIn[provider];
  return {
    id,
    label: entry.model.provider.label,
    description: `${provider} · signed out`,
    tooltip: `${action.title} to see the runs of ${entry.model.provider.label}.`,
    icon: 'account',
    contextValue: contextValue('ci-provider', ['signed-out', `signin-${provider}`]),
    command: { command: action.command, title: action.title, arguments: [{ entryKey: entry.key } satisfies CiRowData] },
    children: [],
    data: { entryKey: entry.key } satisfies CiRowData,
  };
}

function runRow(entry: CiEntry, { run, isHeadCommit }: CiRunRow): RowNode {
  const id = `ci/${entry.key}/run/${run.id}`;
  const [icon, iconColor] = look[run.status];
  const jobs = entry.model.jobs(run.id);
  const children = jobs === undefined ? [infoRow(`${id}/loading`, 'Loading jobs…')] : jobs.map((job) => jobRow(entry, run, job, id));
  const description = [isHeadCommit ? '● HEAD' : undefined, run.branch, run.commit?.slice(0, 7), run.actor, duration(run.durationMs)].filter(Boolean).join(' · ');
  return {
    id,
    label: `${run.number === undefined ? '' : `#${run.number} `}${run.title}`,
    description,
    tooltip: `${run.workflow}: ${run.rawStatus ?? run.status}${run.event ? ` (${run.event})` : ''}`,
    icon,
    iconColor,
    contextValue: contextValue('ci-run', ciRunCapabilities(entry.model.capabilities, run, isHeadCommit)),
    collapsed: true,
    children: children.length > 0 ? children : [infoRow(`${id}/nojobs`, 'No jobs')],
    data: { entryKey: entry.key, run } satisfies CiRowData,
  };
}

function jobRow(entry: CiEntry, run: CiRun, job: CiJob, parent: string): RowNode {
  const id = `${parent}/job/${job.id}`;
  const target: CiRowData = { entryKey: entry.key, run, job };
  const [icon, iconColor] = look[job.status];
  return {
    id,
    label: job.name,
    description: [job.stage, duration(job.durationMs)].filter(Boolean).join(' · '),
    icon,
    iconColor,
    contextValue: contextValue('ci-job', ciJobCapabilities(entry.model.capabilities, job)),
    collapsed: true,
    command: { command: CommandId.ciOpenLog, title: 'Open Log', arguments: [target] },
    children: job.steps.map((step) => stepRow(id, step)),
    data: target,
  };
}

function stepRow(parent: string, step: CiStep): RowNode {
  const [icon, iconColor] = look[step.status];
  return { id: `${parent}/step/${step.number}`, label: step.name, description: duration(step.durationMs), icon, iconColor, contextValue: contextValue('ci-step'), children: [] };
}

function infoRow(id: string, label: string): RowNode {
  return { id, label, icon: 'info', contextValue: contextValue('info'), children: [] };
}

function duration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

