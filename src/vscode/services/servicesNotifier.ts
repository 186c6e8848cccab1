import * as vscode from 'vscode';
import type { HealthTransition } from '../../core/services/healthTracker';
import { CommandId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { ServicesSession } from './servicesSession';

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
export class ServicesNotifier extends DisposableOwner {
  constructor(
    services: ServicesSession,
    private readonly settings: Settings,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(services.model.onDidTransition((t) => this.notify(t)));
  }

  private notify(transition: HealthTransition): void {
    if (!this.settings.get('services.notifyTransitions')) return;
    const level = transition.kind === 'down' ? 'error' : transition.kind === 'degraded' ? 'warning' : 'info';
    const subject = { service: transition.service, kind: transition.kind };
    void this.prompts.notify({ topic: 'services.transition', level, text: transitionMessage(transition), buttons: ['Show Services'], subject }).then((choice) => {
      if (choice) void vscode.commands.executeCommand(CommandId.revealService, transition.service);
    });
  }
}
