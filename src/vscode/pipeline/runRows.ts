import { formatDuration, testsText, whenText, whereText } from '../../core/pipeline/runText';
import type { PipelineRun, RunStatus, StageRun, StageStatus } from '../../core/pipeline/runTypes';
import { CommandId } from '../commands/commandTable';
import { markdown, type RowNode } from '../trees/rowNode';
import { contextValue, type RowCapability } from '../trees/contextValue';
import type { PipelineRowData } from './pipelineRowData';
import { failedTestLocation } from './testDiagnostics';

/** Codicon and theme colour per status; running spins. */
export const statusIcon: Record<StageStatus | RunStatus, { icon: string; color?: string }> = {
  waiting: { icon: 'clock' },
  running: { icon: 'loading~spin' },
  succeeded: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash', color: 'list.warningForeground' },
  skipped: { icon: 'debug-step-over' },
};

/** Duration, test counts and reason of a stage, as one description. */
export function stageResultText(stage: StageRun, now: number): string {
  const duration = stage.durationMs ?? (stage.status === 'running' && stage.startedAt !== undefined ? now - stage.startedAt : undefined);
  return [stage.status, duration === undefined ? undefined : formatDuration(duration), stage.tests ? testsText(stage.tests) : undefined].filter(Boolean).join(' · ');
}

/** Failed tests of a stage as rows that open the test at its file and line. */
export function failedTestRows(idPrefix: string, workspace: string, stage: StageRun): RowNode[] {
  return (stage.tests?.failures ?? []).map((test, index) => {
    const location = failedTestLocation(workspace, test);
    return {
      id: `${idPrefix}/test/${index}`,
      label: test.name,
      description: [test.file ? `${test.file}${test.line ? `:${test.line}` : ''}` : undefined, test.message].filter(Boolean).join(' · '),
      tooltip: markdown((md) => md.appendMarkdown('**').appendText(test.name).appendMarkdown('**\n\n').appendText(test.message)),
      icon: 'testing-failed-icon',
      iconColor: 'testing.iconFailed',
      contextValue: contextValue('test', location ? ['openTest'] : []),
      ...(location ? { command: { command: 'vscode.open', title: 'Open Test', arguments: [location.uri, { selection: location.range }] } } : {}),
      children: [],
    };
  });
}

/** A stage inside one run of the history (or the current run). */
export function runStageRow(run: PipelineRun, stage: StageRun, workspace: string, now: number): RowNode {
  const icon = statusIcon[stage.status];
  const id = `pipeline/run/${run.id}/stage/${stage.name}`;
  const capabilities: RowCapability[] = [];
  if (stage.status !== 'waiting' && stage.status !== 'skipped') capabilities.push('log');
  if (stage.status === 'running') capabilities.push('cancelable');
  return {
    id,
    label: stage.name,
    description: stageResultText(stage, now),
    tooltip: markdown((md) => {
      md.appendMarkdown('**').appendText(stage.name).appendMarkdown(`** ${stage.status}`);
      if (stage.reason) md.appendMarkdown('\n\n').appendText(stage.reason);
      if (stage.exitCode !== undefined) md.appendMarkdown('\n\n').appendText(`Exit code: ${stage.exitCode ?? 'signal'}`);
      md.appendMarkdown('\n\n').appendText(`Log: ${stage.logFile}`);
    }),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('runStage', capabilities),
    ...(capabilities.includes('log') ? { command: { command: CommandId.pipelineOpenLog, title: 'Open Log', arguments: [stage.logFile] } } : {}),
    children: failedTestRows(id, workspace, stage),
    data: { runId: run.id, stage: stage.name, logFile: stage.logFile } satisfies PipelineRowData,
  };
}

/** One run: when, result, where (branch@commit), who; its stages as children. */
export function runRow(run: PipelineRun, workspace: string, now: number, expanded: boolean): RowNode {
  const icon = statusIcon[run.status];
  const duration = run.endedAt === undefined ? undefined : formatDuration(run.endedAt - run.startedAt);
  const capabilities: RowCapability[] = [];
  if (run.status === 'running') capabilities.push('cancelable');
  if (run.status === 'failed' || run.status === 'cancelled') capabilities.push('rerunnable');
  return {
    id: `pipeline/run/${run.id}`,
    label: whenText(run.startedAt),
    description: [run.status, whereText(run.branch, run.commit), run.who, duration].filter(Boolean).join(' · '),
    tooltip: markdown((md) => {
      md.appendMarkdown(`**Run ${run.id}**: ${run.status}\n\n`);
      md.appendText(`Stages: ${run.requested.length > 0 ? run.requested.join(', ') : 'whole pipeline'}\n`);
      md.appendText(`Commit: ${run.commit ?? 'unknown'}\nBranch: ${run.branch ?? 'unknown'}\nBy: ${run.who || 'unknown'}\n`);
      md.appendText(`Started: ${new Date(run.startedAt).toLocaleString()}`);
    }),
    icon: icon.icon,
    iconColor: icon.color,
    contextValue: contextValue('run', capabilities),
    collapsed: !expanded,
    children: run.stages.map((stage) => runStageRow(run, stage, workspace, now)),
    data: { runId: run.id } satisfies PipelineRowData,
  };
}

/** The history section: the run in progress first, then the saved runs, newest first. */
export function historySection(current: PipelineRun | undefined, history: readonly PipelineRun[], workspace: string, now: number): RowNode {
  const runs = current ? [current, ...history.filter((r) => r.id !== current.id)] : [...history];
  return {
    id: 'pipeline/runs',
    label: 'Runs',
    description: history.length > 0 ? `${history.length} in history` : 'none yet',
    icon: 'history',
    contextValue: contextValue('section'),
    children:
      runs.length > 0
        ? runs.map((run, i) => runRow(run, workspace, now, i === 0))
        : [{ id: 'pipeline/runs/none', label: 'No runs yet', description: 'Run Pipeline (▶ above) starts one', icon: 'info', contextValue: contextValue('info'), children: [] }],
  };
}
