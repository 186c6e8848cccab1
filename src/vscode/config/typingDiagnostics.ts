import * as vscode from 'vscode';
import { setSafeTimeout } from '../../core/safeTimers';
import { DisposableOwner } from '../disposableStore';
import { loadConfigParser } from '../lazyCore';
import type { ConfigStore } from './configStore';
import type { ProblemsPublisher } from './problemsPublisher';

/** Long enough that a word typed at speed is checked once, short enough to feel immediate. */
const settleMs = 300;

/**
 * Problems of devops.yaml while it is typed, before any save and without a YAML extension:
 * each change of the open document is checked with the loader's own rules (debounced) and
 * replaces the file's problems. The views still follow the saved file (ConfigStore); when
 * the store publishes the saved file's problems while the document differs, the document's
 * are put back, and closing the document brings back the saved file's.
 */
export class TypingDiagnostics extends DisposableOwner {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checks = 0;

  constructor(
    private readonly configStore: ConfigStore,
    private readonly problems: ProblemsPublisher,
  ) {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((event) => {
      if (this.isConfig(event.document) && event.contentChanges.length > 0) this.schedule(event.document);
    }));
    this.register(configStore.onDidChange(() => {
      const open = vscode.workspace.textDocuments.find((d) => this.isConfig(d));
      if (open?.isDirty) this.schedule(open);
    }));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => {
      if (!this.isConfig(document)) return;
      clearTimeout(this.timer);
      this.checks++;
      void this.configStore.reload();
    }));
    this.register(new vscode.Disposable(() => clearTimeout(this.timer)));
  }

  private isConfig(document: vscode.TextDocument): boolean {
    const uri = this.configStore.snapshot.uri;
    return uri !== undefined && document.uri.toString() === uri.toString();
  }

  private schedule(document: vscode.TextDocument): void {
    clearTimeout(this.timer);
    this.timer = setSafeTimeout(() => void this.check(document), settleMs);
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    const check = ++this.checks;
    const text = document.getText();
    const { parseDevopsConfig } = await loadConfigParser();
    // A newer change or a closed document makes this result stale.
    if (check !== this.checks || document.isClosed) return;
    this.problems.set(document.uri, parseDevopsConfig(text, document.uri.fsPath).problems);
  }
}
