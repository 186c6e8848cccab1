import type { AlertTransition } from '../../core/monitor/alerts';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { MetricsSession } from './metricsSession';

/** One notification when an alert starts firing and one when it is resolved. */
export class AlertsNotifier extends DisposableOwner {
  constructor(
    metrics: MetricsSession,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(metrics.onDidTransition((transition) => this.notify(transition)));
  }

  private notify(transition: AlertTransition): void {
    // Only firing and its end are news; pending and back-to-normal-before-firing are not.
    if (transition.to !== 'firing' && transition.to !== 'resolved') return;
    const level = transition.to === 'resolved' ? 'info' : transition.severity === 'critical' ? 'error' : 'warning';
    void this.prompts.notify({ topic: 'monitor.alert', level, text: `DevOps alert: ${transition.message}`, subject: { rule: transition.rule, to: transition.to } });
  }
}
