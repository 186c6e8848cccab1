import type { DeployRecord } from '../../core/pipeline/deployTypes';
import type { EnvironmentState } from '../../core/pipeline/environmentsModel';
import { markdown, type RowNode } from '../trees/rowNode';
import { contextValue, type RowCapability } from '../trees/contextValue';
import type { PipelineRowData } from './pipelineRowData';
import type { EnvironmentEntry } from '../../core/pipeline/pipelineOutline';
import { formatDuration, shortCommit } from '../../core/pipeline/runText';
import { statusIcon } from './runRows';
import { describeDrift, describeMainAhead } from '../../core/pipeline/releaseDrift';

function recordText(record: DeployRecord): string {
  return [record.version, shortCommit(record.commit), new Date(record.at).toLocaleString(), record.who, record.result].filter(Boolean).join(' · ');
}

function recordRow(environment: string, record: DeployRecord, index: number): RowNode {
  const icon = statusIcon[record.result];
  return {
    id: `pipeline/env/${environment}/deploy/${index}`,
    label: record.action === 'rollback' ? `${record.version} (rollback)` : record.action === 'promote' ? `${record.version} (from ${record.from ?? 'another environment'})` : record.version,
    description: [shortCommit(record.commit), new Date(record.at).toLocaleString(), record.who, `${record.result} in ${formatDuration(record.durationMs)}`].filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(`${record.version} → ${environment}`).appendMarkdown(`** ${record.result}\n\n`);
      md.appendText(`Commit: ${record.commit ?? 'unknown'}\nBy: ${record.who} on ${record.host} (pid ${record.pid})\nAt: ${record.at}`);
      if (record.reason) md.appendMarkdown('\n\n').appendText(record.reason);
    }),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('deploy'),
    children: [],
  };
}

function targetText(state: EnvironmentState | undefined): string | undefined {
  const target = state?.onTarget;
  if (!target) return state?.targetError ? `target not read: ${state.targetError}` : undefined;
  const when = target.changedAt ? new Date(target.changedAt).toLocaleString() : undefined;
  const rolling = target.rollout === 'updating' || target.rollout === 'rollback_started' ? `rollout ${target.rollout}` : undefined;
  const drift = state.drift ? describeMainAhead(target.version, state.drift) : undefined;
  return [`runs ${target.version ?? target.image}`, `${target.replicas.running}/${target.replicas.desired}`, rolling, when, target.changedBy, drift].filter(Boolean).join(' · ');
}

/** One environment: what is deployed there now (version, commit, when, who), a running deploy, and its history. */
export function environmentRow({ name, config, deployedBy }: EnvironmentEntry, state: EnvironmentState | undefined, hasLog: boolean, promoteSources: readonly string[] = []): RowNode {
  const capabilities: RowCapability[] = ['deployable'];
  if (config.protected) capabilities.push('protected');
  if (config.target && !state?.running && state?.onTarget?.previous) capabilities.push('rollbackable');
  if (config.target && promoteSources.length > 0) capabilities.push('promotable');
  if (state?.running) capabilities.push('cancelable');
  if (hasLog) capabilities.push('log');
  const deployed = state?.deployed;
  const status = state?.running ? `deploying${state.running.version ? ` ${state.running.version}` : ''} (${state.running.who})` : deployed ? recordText(deployed) : 'nothing deployed yet';
  const lastFailed = state?.last && state.last !== deployed && state.last.result !== 'succeeded' ? `last: ${state.last.result}` : undefined;
  // An engine target's row says what the engine runs; the local audit only says what was tried.
  const engineStatus = state?.running ? undefined : targetText(state);
  return {
    id: `pipeline/env/${name}`,
    label: name,
    description: [config.protected ? 'protected' : undefined, engineStatus ?? status, lastFailed].filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(name).appendMarkdown('**');
      if (config.protected) md.appendMarkdown('\n\n$(lock) ').appendText('Protected: a deploy asks for confirmation first.');
      if (config.url) md.appendMarkdown('\n\n').appendText(config.url);
      if (state?.onTarget) md.appendMarkdown('\n\n').appendText(`On ${state.onTarget.target}: ${state.onTarget.image}${state.onTarget.rollout ? ` (rollout ${state.onTarget.rollout})` : ''}`);
      if (state?.onTarget?.previous) md.appendMarkdown('\n\n').appendText(`Rollback returns to: ${state.onTarget.previous.version ?? state.onTarget.previous.image}`);
      if (state?.drift && state.onTarget?.version) md.appendMarkdown('\n\n$(git-commit) ').appendText(describeDrift(name, state.onTarget.version, state.drift));
      if (state?.targetError) md.appendMarkdown('\n\n').appendText(`Target not read: ${state.targetError}`);
      if (deployed) md.appendMarkdown('\n\n').appendText(`Deployed: ${recordText(deployed)}`);
      if (deployedBy.length > 0) md.appendMarkdown('\n\n').appendText(`Deploy stages: ${deployedBy.join(', ')}`);
    }),
    icon: state?.running ? 'loading~spin' : config.protected ? 'lock' : 'server-environment',
    iconColor: !state?.running && config.protected ? 'list.warningForeground' : undefined,
    contextValue: contextValue('environment', capabilities),
    collapsed: true,
    children: (state?.history ?? []).map((record, i) => recordRow(name, record, i)),
    data: { environment: name } satisfies PipelineRowData,
  };
}
