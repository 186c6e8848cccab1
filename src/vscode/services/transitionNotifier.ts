import * as vscode from 'vscode';
import type { HealthTransition } from '../../core/services/healthTracker';
import { CommandId } from '../commands/commandIds';
import { DisposablePart } from '../disposableStore';
import type { Settings } from '../settings';
import type { LiveServices } from './liveServices';

/** The sentence a notification says, e.g. "api is down: connection refused". */
export function transitionMessage(transition: HealthTransition): string {
  if (transition.kind === 'recovered') {
    const seconds = Math.max(0, Math.round((transition.at - transition.incidentSince) / 1000));
    const lasted = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
    return `Service ${transition.service} is up again (after ${lasted}).`;
  }
  return `Service ${transition.service} is ${transition.kind}: ${transition.detail}`;
}

/**
 * One notification per transition the model reports (the model already keeps it to one per
 * incident); `devops.services.notifyTransitions: false` mutes them.
 */
export class TransitionNotifier extends DisposablePart {
  private shown = 0;

  constructor(services: LiveServices, private readonly settings: Settings) {
    super();
    this.register(services.model.onDidTransition((t) => this.notify(t)));
  }

  /** Notifications shown since activation, for tests. */
  get count(): number {
    return this.shown;
  }

  private notify(transition: HealthTransition): void {
    if (!this.settings.get('services.notifyTransitions')) return;
    this.shown++;
    const message = transitionMessage(transition);
    const show =
      transition.kind === 'down' ? vscode.window.showErrorMessage : transition.kind === 'degraded' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, 'Show Services')).then((choice) => {
      if (choice) void vscode.commands.executeCommand(CommandId.revealService, transition.service);
    });
  }
}
