import { wantsNotification } from '../../core/ci/ciTransitions';
import type { CiNotifyScope, CiTransition } from '../../core/ci/ciTransitions';
import type { CiEntryConfig } from '../../core/config/ciConfig';
import type { UserPrompts } from '../prompts/userPrompts';

export type { CiNotifyScope } from '../../core/ci/ciTransitions';

/** What a transition notice is about: the subject of its `ci.transition` prompt. */
export interface CiNotification {
  /** failed, recovered or waiting. */
  kind: CiTransition['kind'];
  /** Provider row id it belongs to. */
  providerKey: string;
  /** The run's id. */
  runId: string;
}

const phrases: Record<CiTransition['kind'], string> = { failed: 'failed', recovered: 'passed again', waiting: 'waits for approval' };

// Turns model transitions into notifications. The model already says each once per run;
// the core decides whether the user wants to hear it (their runs, watched branches);
// this shows it with Open log / Rerun.
export class CiNotifier {
  constructor(
    private readonly prompts: UserPrompts,
    private readonly scope: () => CiNotifyScope,
    private readonly act: (action: 'openLog' | 'rerun', providerKey: string, transition: CiTransition) => Promise<void>,
  ) {}

  /** `me` is the signed-in user as the provider's runs name their actor (undefined while unknown). */
  notify(providerKey: string, label: string, entry: CiEntryConfig, transition: CiTransition, me: string | undefined): void {
    if (!wantsNotification(this.scope(), transition.run, { me, watchBranches: entry.watchBranches })) return;
    const { run } = transition;
    const name = `${run.workflow}${run.number === undefined ? '' : ` #${run.number}`}${run.branch ? ` on ${run.branch}` : ''}`;
    const message = `${label}: ${name} ${phrases[transition.kind]}.`;
    const subject: CiNotification = { kind: transition.kind, providerKey, runId: run.id };
    const buttons = transition.kind === 'failed' ? ['Open Log', 'Rerun'] : ['Open Log'];
    const level = transition.kind === 'failed' ? 'error' : 'info';
    void this.prompts.notify({ topic: 'ci.transition', level, text: message, buttons, subject }).then(async (picked) => {
      if (picked === 'Open Log') await this.act('openLog', providerKey, transition);
      if (picked === 'Rerun') await this.act('rerun', providerKey, transition);
    });
  }
}
