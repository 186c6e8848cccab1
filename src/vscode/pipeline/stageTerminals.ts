import * as vscode from 'vscode';
import type { StageOutput } from '../../core/pipeline/pipelineEngine';
import { DisposableOwner } from '../disposableStore';
import { OutputPseudoterminal } from './outputTerminal';

interface StageTerminal {
  terminal: vscode.Terminal;
  pty: OutputPseudoterminal;
  runId: string;
}

/**
 * One terminal per stage ("DevOps: build"), showing its output live. The log file is
 * the record (the core writes it); a closed terminal is simply made again on the next
 * output. A run started by a task shows its output in the task's terminal instead.
 */
export class StageTerminals extends DisposableOwner {
  private readonly terminals = new Map<string, StageTerminal>();

  constructor(
    onOutput: vscode.Event<StageOutput>,
    private readonly isQuiet: (runId: string) => boolean,
  ) {
    super();
    this.register(onOutput((output) => this.take(output)));
    this.register(
      vscode.window.onDidCloseTerminal((closed) => {
        for (const [stage, entry] of this.terminals) if (entry.terminal === closed) this.drop(stage);
      }),
    );
  }

  /** Shows a stage's terminal, when one exists; false otherwise. */
  show(stage: string): boolean {
    const entry = this.terminals.get(stage);
    entry?.terminal.show(true);
    return entry !== undefined;
  }

  override dispose(): void {
    for (const stage of [...this.terminals.keys()]) this.drop(stage, true);
    super.dispose();
  }

  private take({ runId, stage, chunk }: StageOutput): void {
    if (this.isQuiet(runId)) return;
    let entry = this.terminals.get(stage);
    if (!entry) {
      const pty = new OutputPseudoterminal();
      const terminal = vscode.window.createTerminal({ name: `DevOps: ${stage}`, pty, iconPath: new vscode.ThemeIcon('gear'), isTransient: true });
      entry = { terminal, pty, runId: '' };
      this.terminals.set(stage, entry);
    }
    if (entry.runId !== runId) {
      entry.runId = runId;
      entry.pty.note(`── ${stage} · run ${runId} ──`);
    }
    entry.pty.output(chunk);
  }

  private drop(stage: string, closeTerminal = false): void {
    const entry = this.terminals.get(stage);
    if (!entry) return;
    this.terminals.delete(stage);
    if (closeTerminal) entry.terminal.dispose();
    entry.pty.dispose();
  }
}
