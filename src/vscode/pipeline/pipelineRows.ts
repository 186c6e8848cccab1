import type { EnvironmentState } from '../../core/pipeline/environmentsModel';
import type { PipelineRun, StageRun } from '../../core/pipeline/runTypes';
import { CommandId } from '../commands/commandTable';
import type { ConfigSnapshot } from '../config/configStore';
import { infoRow, staleConfigRow } from '../trees/commonRows';
import { markdown, type RowNode } from '../trees/rowNode';
import { environmentRow } from './environmentRows';
import { contextValue, type RowCapability } from '../trees/contextValue';
import type { PipelineRowData } from './pipelineRowData';
import type { EnvironmentEntry, StageEntry } from '../../core/pipeline/pipelineOutline';
import { failedTestRows, historySection, stageResultText, statusIcon } from './runRows';


const kindIcon: Record<StageEntry['config']['kind'], string> = { run: 'gear', release: 'tag', deploy: 'rocket', image: 'package' };

/** Everything the Pipeline view shows. */
export interface PipelineViewData {
  config: ConfigSnapshot;
  stages: readonly StageEntry[];
  environments: readonly EnvironmentEntry[];
  /** Workspace folder, to resolve test files. */
  workspace: string;
  current: PipelineRun | undefined;
  history: readonly PipelineRun[];
  environmentState: (name: string) => EnvironmentState | undefined;
  hasDeployLog: (environment: string) => boolean;
  now: number;
}

/** The Pipeline view's rows: stages (with their latest result), the runs, then the environments. */
export function pipelineRows(data: PipelineViewData): RowNode[] {
  const { config, stages, environments } = data;
  if (!config.config) return [];
  const rows: RowNode[] = config.state === 'stale' ? [staleConfigRow('pipeline', config)] : [];
  const openConfig = { command: CommandId.openConfig, title: 'Open devops.yaml' };
  const currentStatus = data.current ? 'running' : data.history[0]?.status;
  rows.push({
    id: 'pipeline/stages',
    label: 'Stages',
    description: [String(stages.length), currentStatus ? `last run ${currentStatus}` : undefined].filter(Boolean).join(' · '),
    icon: currentStatus === 'running' ? 'loading~spin' : 'list-ordered',
    contextValue: contextValue('section'),
    children: stages.length > 0 ? stages.map((s) => stageRow(s, latestStage(data, s.name), data)) : [infoRow('pipeline/stages/none', 'No stages in devops.yaml', undefined, openConfig)],
  });
  rows.push(historySection(data.current, data.history, data.workspace, data.now));
  rows.push({
    id: 'pipeline/environments',
    label: 'Environments',
    description: String(environments.length),
    icon: 'globe',
    contextValue: contextValue('section'),
    children:
      environments.length > 0
        ? environments.map((e) => environmentRow(e, data.environmentState(e.name), data.hasDeployLog(e.name), promoteSources(environments, e.name)))
        : [infoRow('pipeline/environments/none', 'No environments in devops.yaml', undefined, openConfig)],
  });
  return rows;
}

/** The stage's result in the current run, else in the newest run that included it. */
function latestStage(data: PipelineViewData, name: string): { run: PipelineRun; stage: StageRun } | undefined {
  for (const run of data.current ? [data.current, ...data.history] : data.history) {
    const stage = run.stages.find((s) => s.name === name);
    if (stage && stage.status !== 'waiting' && stage.status !== 'skipped') return { run, stage };
    if (stage && run === data.current) return { run, stage };
  }
  return undefined;
}

function stageRow({ name, config }: StageEntry, latest: { run: PipelineRun; stage: StageRun } | undefined, data: PipelineViewData): RowNode {
  const parts = [config.kind === 'run' ? undefined : config.kind, config.manual ? 'manual' : undefined, config.environment ? `→ ${config.environment}` : undefined, config.needs.length > 0 ? `needs ${config.needs.join(', ')}` : undefined];
  const stage = latest?.stage;
  const capabilities: RowCapability[] = ['runnable'];
  if (stage?.status === 'running') capabilities.push('cancelable');
  if (stage && stage.status !== 'waiting' && stage.status !== 'skipped') capabilities.push('log');
  if (stage?.status === 'failed' || stage?.status === 'cancelled') capabilities.push('rerunnable');
  if (config.environment) capabilities.push('deployable');
  const icon = stage ? statusIcon[stage.status] : { icon: kindIcon[config.kind], color: undefined };
  const id = `pipeline/stage/${name}`;
  return {
    id,
    label: name,
    description: [stage ? stageResultText(stage, data.now) : undefined, ...parts].filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(name).appendMarkdown(`** (${config.kind})`);
      if (config.run) md.appendMarkdown('\n\n').appendCodeblock(config.run, 'sh');
      if (config.needs.length > 0) md.appendMarkdown('\n\n').appendText(`Needs: ${config.needs.join(', ')}`);
      if (config.timeout) md.appendMarkdown('\n\n').appendText(`Timeout: ${config.timeout}`);
      if (config.manual) md.appendMarkdown('\n\n').appendText('Manual: runs only with Run Stage, not with the whole pipeline.');
      if (stage?.reason) md.appendMarkdown('\n\n').appendText(stage.reason);
    }),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('stage', capabilities),
    children: stage ? failedTestRows(id, data.workspace, stage) : [],
    data: { stage: name } satisfies PipelineRowData,
  };
}

/** Other environments on an engine target: where a promotion to `name` can take its image from. */
function promoteSources(environments: readonly EnvironmentEntry[], name: string): string[] {
  return environments.filter((e) => e.name !== name && e.config.target).map((e) => e.name);
}
