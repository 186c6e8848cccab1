import * as vscode from 'vscode';
import { ciBranchReport } from '../../core/status/ciBranchStatus';
import type { StatusReport } from '../../core/status/worstOf';
import { ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { StatusSource, WorstOfStatusBar } from '../statusBar/statusBarItem';
import type { CiSession } from './ciSession';

/** The checked-out branch's CI runs as a source of the worst-of status bar item; a click shows the CI Runs view. */
export class CiStatusSource extends DisposableOwner implements StatusSource {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly session: CiSession,
    statusBar: WorstOfStatusBar,
  ) {
    super();
    this.register(session.onDidChange(() => this.changed.fire()));
    this.register(statusBar.addSource(this));
  }

  report(): StatusReport {
    const entries = this.session.entries.filter((entry) => entry.signedIn).map((entry) => ({ provider: entry.model.provider.label, runs: entry.model.runs.map((row) => row.run) }));
    return ciBranchReport(entries, this.session.headBranch, `${ViewId.ci}.focus`);
  }
}
