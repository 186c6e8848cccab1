import * as vscode from 'vscode';
import type { Workload } from '../../core/engines/engineTypes';
import { ViewId } from '../commands/commandTable';
import { DisposableOwner } from '../disposableStore';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { EnginesSession } from './enginesSession';

type Standing = 'up' | 'down' | 'unhealthy';

/** How a workload stands for a person: up, down (stopped or failed), or running but unhealthy. */
export function standingOf(workload: Workload): Standing | undefined {
  if (workload.state === 'failed' || workload.state === 'stopped') return 'down';
  if (workload.health === 'unhealthy') return 'unhealthy';
  if (workload.state === 'running') return 'up';
  return undefined;
}

/** "Container shop-web-1 is down: exited (137)". */
export function workloadTransitionText(workload: Workload, to: Standing): string {
  const what = `${workload.kind === 'container' ? 'Container' : workload.kind.replace('-', ' ').replace(/^./, (c) => c.toUpperCase())} ${workload.name}`;
  if (to === 'up') return `${what} is running again.`;
  const detail = workload.members.find((m) => m.detail)?.detail;
  return `${what} is ${to === 'down' ? 'down' : 'unhealthy'}${detail ? `: ${detail}` : ` (${workload.state})`}.`;
}

/**
 * One notification when a live workload goes down or unhealthy, and one when it is up
 * again; the first snapshot of an engine only sets what is known, and a stale one says
 * nothing. `devops.services.notifyTransitions: false` mutes them, as for declared services.
 */
export class EnginesNotifier extends DisposableOwner {
  private readonly known = new Map<string, Map<string, Standing>>();

  constructor(
    private readonly session: EnginesSession,
    private readonly settings: Settings,
    private readonly prompts: UserPrompts,
  ) {
    super();
    this.register(session.onDidChange(() => this.check()));
  }

  private check(): void {
    const engineIds = new Set(this.session.state.engines.map((e) => e.backend.id));
    for (const id of [...this.known.keys()]) if (!engineIds.has(id)) this.known.delete(id);
    for (const snapshot of this.session.snapshots()) {
      if (snapshot.stale) continue;
      const before = this.known.get(snapshot.engineId);
      const now = new Map<string, Standing>();
      for (const workload of snapshot.workloads) {
        const standing = standingOf(workload);
        const was = before?.get(workload.id);
        now.set(workload.id, standing ?? was ?? 'up');
        if (before && standing && was && standing !== was) this.notify(workload, standing);
      }
      this.known.set(snapshot.engineId, now);
    }
  }

  private notify(workload: Workload, to: Standing): void {
    if (!this.settings.get('services.notifyTransitions')) return;
    const level = to === 'down' ? 'error' : to === 'unhealthy' ? 'warning' : 'info';
    void this.prompts.notify({ topic: 'engines.transition', level, text: workloadTransitionText(workload, to), buttons: ['Show Services'], subject: { workload: workload.id, to } }).then((choice) => {
      if (choice) void vscode.commands.executeCommand(`${ViewId.services}.focus`);
    });
  }
}
