import * as vscode from 'vscode';
import { DisposableOwner } from '../disposableStore';
import { type StatusDisplay, type StatusReport, worstOf } from '../../core/status/worstOf';

/** What feeds the status bar: the services, the pipeline, the alerts. */
export interface StatusSource {
  /** The current report; `idle` when the source has nothing to say. */
  report(): StatusReport;
  /** Fires when report() would return something else. */
  readonly onDidChange: vscode.Event<void>;
}

/**
 * The product's one status bar item: the worst of several sources, with the warning or
 * error background. Sources may hold resources while the item is shown (the services source
 * keeps probes running only then), so the item tells them through onDidChangeShown.
 */
export class WorstOfStatusBar extends DisposableOwner {
  private readonly item = this.register(vscode.window.createStatusBarItem('devops.status', vscode.StatusBarAlignment.Left, 50));
  private readonly sources = new Set<StatusSource>();
  private readonly shownChanged = this.register(new vscode.EventEmitter<boolean>());
  /** Fires when the item appears or disappears. */
  readonly onDidChangeShown = this.shownChanged.event;
  private display: StatusDisplay | undefined;

  constructor() {
    super();
    this.item.name = 'DevOps Loop';
  }

  /** What the item shows now, undefined while hidden. */
  get current(): StatusDisplay | undefined {
    return this.display;
  }

  get isShown(): boolean {
    return this.display !== undefined;
  }

  addSource(source: StatusSource): vscode.Disposable {
    this.sources.add(source);
    const listener = source.onDidChange(() => this.update());
    this.update();
    return new vscode.Disposable(() => {
      listener.dispose();
      this.sources.delete(source);
      this.update();
    });
  }

  private update(): void {
    const wasShown = this.isShown;
    this.display = worstOf([...this.sources].map((s) => s.report()));
    const display = this.display;
    if (!display) {
      this.item.hide();
    } else {
      this.item.text = display.text;
      this.item.tooltip = display.tooltip;
      this.item.command = display.lead.command;
      this.item.backgroundColor =
        display.level === 'error'
          ? new vscode.ThemeColor('statusBarItem.errorBackground')
          : display.level === 'warning'
            ? new vscode.ThemeColor('statusBarItem.warningBackground')
            : undefined;
      this.item.accessibilityInformation = { label: `DevOps: ${display.lead.text}` };
      this.item.show();
    }
    if (wasShown !== this.isShown) this.shownChanged.fire(this.isShown);
  }
}
