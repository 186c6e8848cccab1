import type { PlanChange } from '../../core/plan/planModel';
import { DevopsError } from '../../core/errors';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { PlanSession } from './planSession';

/**
 * Tells the user once per incident that a remote sprint could not be loaded, with Retry.
 * Signed out and Restricted Mode are said in the view; a notification is for outages.
 */
export class PlanNotifier extends DisposableOwner {
  constructor(
    private readonly session: PlanSession,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(session.onDidChange((change) => this.notify(change)));
  }

  private notify(change: PlanChange | undefined): void {
    if (change?.kind !== 'failed' || !change.newIncident || this.session.state?.config.provider === 'file') return;
    if (DevopsError.is(change.error, 'unauthorized') || DevopsError.is(change.error, 'untrusted')) return;
    const text = `DevOps Loop: the sprint could not be loaded: ${change.error.message}`;
    void this.prompts.notify({ topic: 'plan.loadFailed', level: 'warning', text, buttons: ['Retry'] }).then((answer) => {
      if (answer === 'Retry') void this.session.refresh();
    });
  }
}
