import * as vscode from 'vscode';
import type { CiTransition } from '../../core/ci/ciTransitions';
import type { CiEntryConfig } from '../../core/config/ciConfig';

/** Who to notify about: runs started by the signed-in user, watched branches too, all runs, or nobody. */
export type CiNotifyScope = 'mine' | 'watched' | 'all' | 'off';

/** A notification as shown, for the tests. */
export interface CiNotification {
  /** failed, recovered or waiting. */
  kind: CiTransition['kind'];
  /** The message text. */
  message: string;
  /** Provider row id it belongs to. */
  providerKey: string;
  /** The run's id. */
  runId: string;
}

const phrases: Record<CiTransition['kind'], string> = { failed: 'failed', recovered: 'passed again', waiting: 'waits for approval' };

// Turns model transitions into notifications. The model already says each once per run;
// this decides whether the user wants to hear it and offers Open log / Rerun.
export class CiNotifier {
  readonly shown: CiNotification[] = [];

  constructor(
    private readonly scope: () => CiNotifyScope,
    private readonly act: (action: 'openLog' | 'rerun', providerKey: string, transition: CiTransition) => Promise<void>,
  ) {}

  notify(providerKey: string, label: string, entry: CiEntryConfig, transition: CiTransition, me: string | undefined, headBranch: string | undefined): void {
    if (!this.wanted(entry, transition, me, headBranch)) return;
    const { run } = transition;
    const name = `${run.workflow}${run.number === undefined ? '' : ` #${run.number}`}${run.branch ? ` on ${run.branch}` : ''}`;
    const message = `${label}: ${name} ${phrases[transition.kind]}.`;
    this.shown.push({ kind: transition.kind, message, providerKey, runId: run.id });
    const actions = transition.kind === 'failed' ? ['Open Log', 'Rerun'] : ['Open Log'];
    const show = transition.kind === 'failed' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, ...actions)).then(async (picked) => {
      if (picked === 'Open Log') await this.act('openLog', providerKey, transition);
      if (picked === 'Rerun') await this.act('rerun', providerKey, transition);
    });
  }

  private wanted(entry: CiEntryConfig, transition: CiTransition, me: string | undefined, headBranch: string | undefined): boolean {
    const scope = this.scope();
    if (scope === 'off') return false;
    if (scope === 'all') return true;
    const { run } = transition;
    const mine = (me !== undefined && run.actor === me) || (me === undefined && run.branch !== undefined && run.branch === headBranch);
    if (scope === 'mine') return mine;
    return mine || (run.branch !== undefined && entry.watchBranches.includes(run.branch));
  }
}
