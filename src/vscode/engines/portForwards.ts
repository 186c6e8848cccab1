import * as vscode from 'vscode';
import type { PortForward, Workload } from '../../core/engines/engineTypes';
import type { ContextKeys } from '../contextKeys';
import type { UserPrompts } from '../prompts/userPrompts';

// The port-forwards this window started. Each one is told to the user with its local URL
// (open it, or stop it there); Stop Port Forward ends one, and closing the window (the
// extension's disposal) ends them all, as `kubectl port-forward` ends with its terminal.

/** One forward as the test seam and the Stop pick show it. */
export interface PortForwardView {
  readonly workloadId: string;
  readonly member: string;
  readonly remotePort: number;
  readonly localPort: number;
  /** http://127.0.0.1:<local port>/ */
  readonly url: string;
}

/** A pod's error is told once per this long, not once per refused connection (a browser retries). */
const ERROR_NOTICE_EVERY_MS = 10_000;

export class PortForwards implements vscode.Disposable {
  private readonly active = new Map<PortForwardView, PortForward>();

  constructor(
    private readonly prompts: UserPrompts,
    private readonly contextKeys: ContextKeys,
  ) {}

  get list(): readonly PortForwardView[] {
    return [...this.active.keys()];
  }

  /** Keeps a started forward and tells the user where it listens. */
  add(workload: Workload, forward: PortForward): PortForwardView {
    const view: PortForwardView = { workloadId: workload.id, member: forward.member, remotePort: forward.remotePort, localPort: forward.localPort, url: `http://127.0.0.1:${forward.localPort}/` };
    this.active.set(view, forward);
    this.changed();
    let lastNotice = 0;
    forward.onError((message) => {
      if (!this.active.has(view) || Date.now() - lastNotice < ERROR_NOTICE_EVERY_MS) return;
      lastNotice = Date.now();
      void this.prompts.notify({ topic: 'engines.portForward.error', level: 'warning', text: `Port-forward to ${view.member}:${view.remotePort} failed: ${message}`, subject: { workload: view.workloadId } });
    });
    const open = 'Open in Browser';
    const stop = 'Stop Forwarding';
    void this.prompts
      .notify({ topic: 'engines.portForward.started', level: 'info', text: `Forwarding ${view.url} to ${view.member}:${view.remotePort}.`, buttons: [open, stop], subject: { workload: view.workloadId, url: view.url } })
      .then(async (answer) => {
        if (answer === open) await this.prompts.openExternal(vscode.Uri.parse(view.url));
        else if (answer === stop) await this.stop(view);
      });
    return view;
  }

  async stop(view: PortForwardView): Promise<void> {
    const forward = this.active.get(view);
    if (!forward) return;
    this.active.delete(view);
    this.changed();
    await forward.close();
  }

  dispose(): void {
    for (const forward of this.active.values()) void forward.close();
    this.active.clear();
  }

  private changed(): void {
    this.contextKeys.set('devops.portForwards', this.active.size > 0);
  }
}
