import * as vscode from 'vscode';
import type { StageConfig } from '../../core/config/schema';
import { DevopsError } from '../../core/errors';
import { userMessage } from '../commands/commandRunner';
import { DisposableOwner } from '../disposableStore';
import { OutputPseudoterminal } from './outputTerminal';
import type { PipelineController } from '../../core/pipeline/pipelineController';
import type { PipelineSession } from './pipelineSession';
import { formatDuration } from '../../core/pipeline/runText';

/** The task type package.json declares (taskDefinitions), with its one property. */
export const DEVOPS_TASK_TYPE = 'devops';

/** `{ "type": "devops", "stage": "build" }` in tasks.json. */
export interface DevopsTaskDefinition extends vscode.TaskDefinition {
  /** Stage of devops.yaml to run. */
  stage: string;
}

/** Problem matchers that fit what a stage runs: $tsc for tsc, $eslint-stylish for eslint. */
export function problemMatchersFor(config: StageConfig): string[] {
  const command = config.run ?? '';
  const matchers: string[] = [];
  if (/\btsc\b/.test(command)) matchers.push('$tsc');
  if (/\beslint\b/.test(command)) matchers.push('$eslint-stylish');
  return matchers;
}

/**
 * Every stage of devops.yaml as a task. The task runs the stage through the same
 * controller as the view (CustomExecution, not a shell of its own), so workspace trust,
 * command approval, protected-environment confirmation, logs and history all apply.
 */
export class StageTasks extends DisposableOwner implements vscode.TaskProvider {
  constructor(
    private readonly session: PipelineSession,
    private readonly controller: PipelineController,
  ) {
    super();
    this.register(vscode.tasks.registerTaskProvider(DEVOPS_TASK_TYPE, this));
  }

  provideTasks(): vscode.Task[] {
    const stages = this.session.config?.pipeline?.stages ?? {};
    return Object.keys(stages).map((stage) => this.taskFor({ type: DEVOPS_TASK_TYPE, stage }));
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const stage: unknown = task.definition.stage;
    if (typeof stage !== 'string' || !(stage in (this.session.config?.pipeline?.stages ?? {}))) return undefined;
    // The definition object must be the one VS Code passed, so tasks.json customizations stay attached.
    return this.taskFor(task.definition as DevopsTaskDefinition);
  }

  private taskFor(definition: DevopsTaskDefinition): vscode.Task {
    const config = this.session.config?.pipeline?.stages[definition.stage];
    const folder = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
    const execution = new vscode.CustomExecution(() => Promise.resolve(this.terminalFor(definition.stage)));
    const task = new vscode.Task(definition, folder, definition.stage, 'devops', execution, config ? problemMatchersFor(config) : []);
    task.detail = config?.run ?? (config ? `${config.kind}${config.environment ? ` → ${config.environment}` : ''}` : undefined);
    if (/test/i.test(definition.stage)) task.group = vscode.TaskGroup.Test;
    else if (/build|compile/i.test(definition.stage)) task.group = vscode.TaskGroup.Build;
    return task;
  }

  private terminalFor(stage: string): vscode.Pseudoterminal {
    let runId: string | undefined;
    let finished = false;
    // Terminating the task cancels its run, as Cancel in the view does.
    const pty = new OutputPseudoterminal(
      () => void start(),
      () => {
        if (!finished && runId !== undefined) this.controller.cancel();
      },
    );
    const output = this.session.onDidOutput((o) => {
      if (o.runId === runId) pty.output(o.chunk);
    });
    const start = async (): Promise<void> => {
      let code = 1;
      try {
        const run = await this.controller.run({ stages: [stage], terminals: false }, (id) => (runId = id));
        const result = run?.stages.find((s) => s.name === stage);
        if (!run || !result) pty.note(`${stage}: not run (declined).`);
        else {
          pty.note(`${stage}: ${result.status}${result.durationMs === undefined ? '' : ` in ${formatDuration(result.durationMs)}`}${result.reason ? ` — ${result.reason}` : ''}`);
          code = result.status === 'succeeded' ? 0 : 1;
        }
      } catch (error) {
        pty.note(`${stage}: ${DevopsError.is(error) ? error.message : userMessage(error)}`);
      } finally {
        finished = true;
        output.dispose();
        pty.exit(code);
      }
    };
    return pty;
  }
}
