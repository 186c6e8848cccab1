import * as vscode from 'vscode';
import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { PlanSession } from './planSession';

/** The status bar item of the active sprint item (the one the current branch was made for); a click reveals it. */
export class ActiveItemStatusBar extends DisposableOwner {
  private readonly item = this.register(vscode.window.createStatusBarItem('devops.plan.activeItem', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly session: PlanSession) {
    super();
    this.item.name = 'DevOps Loop: Active Sprint Item';
    this.item.command = CommandId.planRevealActive;
    this.register(session.onDidChange(() => this.update()));
    this.update();
  }

  /** What the item shows now, undefined while hidden. */
  get text(): string | undefined {
    return this.shownText;
  }

  private shownText: string | undefined;

  private update(): void {
    const model = this.session.state?.model;
    const id = model?.activeItemId;
    const planItem = id === undefined ? undefined : model?.item(id);
    if (!planItem) {
      this.shownText = undefined;
      this.item.hide();
      return;
    }
    const title = planItem.title.length > 40 ? `${planItem.title.slice(0, 39)}…` : planItem.title;
    this.shownText = `$(target) ${planItem.id} ${title}`;
    this.item.text = this.shownText;
    this.item.tooltip = `Working on ${planItem.id}: ${planItem.title} (${planItem.status}). Click to show it in the Plan view.`;
    this.item.show();
  }
}
