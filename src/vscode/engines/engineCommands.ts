import * as vscode from 'vscode';
import type { EngineBackend, Workload, WorkloadAction, WorkloadMember } from '../../core/engines/engineTypes';
import { checkReplicaCount, canDo, maxReplicas } from '../../core/engines/workloadActions';
import { DevopsError } from '../../core/errors';
import { timeoutSignal } from '../../core/safeTimers';
import type { CommandRunner } from '../commands/commandRunner';
import { CommandId } from '../commands/commandTable';
import type { UserPrompts } from '../prompts/userPrompts';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { EngineShells } from './engineShells';
import type { PortForwards } from './portForwards';
import type { EnginesSession } from './enginesSession';
import { workloadOfRow } from './workloadRows';

// The actions on live workloads: Scale…, start, stop, restart (a rollout restart on
// Kubernetes), delete a pod, open a shell, port-forward, and their logs in the Monitor. Each goes to the engine's API
// through its backend (which passes the network gate), only in a trusted workspace, and
// only after the user confirmed in a modal that names the workload and what changes.

const ACTION_TIMEOUT_MS = 120_000;

/** What the engine commands need. */
export interface EngineCommandParts {
  session: EnginesSession;
  trust: WorkspaceTrustGate;
  prompts: UserPrompts;
  /** Shows the workload's logs in the Monitor. */
  showLogs(engineId: string, workload: Workload): Promise<void>;
  /** The terminals of open shells. */
  shells: EngineShells;
  /** The port-forwards this window started. */
  forwards: PortForwards;
}

interface Target {
  backend: EngineBackend;
  workload: Workload;
  member?: WorkloadMember;
}

export function registerEngineCommands(commands: CommandRunner, parts: EngineCommandParts): vscode.Disposable {
  const actions = new EngineActions(parts);
  return vscode.Disposable.from(
    commands.register(CommandId.engineScale, (row) => actions.scale(row)),
    commands.register(CommandId.engineRestart, (row) => actions.simple(row, 'restart')),
    commands.register(CommandId.engineStart, (row) => actions.simple(row, 'start')),
    commands.register(CommandId.engineStop, (row) => actions.simple(row, 'stop')),
    commands.register(CommandId.engineDeleteMember, (row) => actions.deleteMember(row)),
    commands.register(CommandId.engineShowLogs, (row) => actions.showLogs(row)),
    commands.register(CommandId.engineOpenShell, (row) => actions.openShell(row)),
    commands.register(CommandId.enginePortForward, (row) => actions.portForward(row)),
    commands.register(CommandId.engineStopPortForward, () => actions.stopPortForward()),
    commands.register(CommandId.engineAllowHost, (row) => allowHost(parts.session, row)),
  );
}

// From the refused engine's row (its address in the row's data or the click's argument), else the one devops.yaml names.
async function allowHost(session: EnginesSession, row: unknown): Promise<void> {
  const given = addressOf(row) ?? addressOf(row === undefined ? undefined : (row as { data?: unknown }).data);
  const address = given ?? session.state.refused.find((refusal) => refusal.reason === 'no-consent')?.address;
  if (address === undefined) throw new DevopsError('invalid-config', 'devops.yaml names no Docker engine on another machine waiting to be allowed');
  await session.allowHost(address);
}

function addressOf(value: unknown): string | undefined {
  const address = typeof value === 'object' && value !== null ? (value as { address?: unknown }).address : undefined;
  return typeof address === 'string' ? address : undefined;
}

const verbs: Record<'restart' | 'start' | 'stop', { title: string; past: string }> = {
  restart: { title: 'Restart', past: 'restarted' },
  start: { title: 'Start', past: 'started' },
  stop: { title: 'Stop', past: 'stopped' },
};

class EngineActions {
  constructor(private readonly parts: EngineCommandParts) {}

  async scale(row: unknown): Promise<void> {
    this.parts.trust.assertTrusted('scaling a workload');
    const target = await this.target(row, 'scale', 'Scale which workload?');
    if (!target) return;
    const { backend, workload } = target;
    const now = workload.replicas?.desired ?? 1;
    const text = await this.parts.prompts.input({
      topic: 'engines.scale.replicas',
      title: `Scale ${workload.name}`,
      prompt: `Replicas of ${workload.name} (now ${now}${workload.replicas ? `, ${workload.replicas.ready} ready` : ''})`,
      value: String(now),
      validate: (value) => (/^\d+$/.test(value.trim()) && Number(value) <= maxReplicas ? undefined : `a whole number from 0 to ${maxReplicas}`),
      subject: { workload: workload.id },
    });
    if (text === undefined) return;
    const replicas = Number(text.trim());
    checkReplicaCount(replicas);
    const go = `Scale to ${replicas}`;
    const answer = await this.parts.prompts.modal({ topic: 'engines.scale.confirm', text: `Scale ${workload.name} from ${now} to ${replicas} replicas?`, detail: `${describe(workload)}\n\nThis changes what runs on ${backend.id}.`, buttons: [go], subject: { workload: workload.id, replicas } });
    if (answer !== go) return;
    await this.run(`Scaling ${workload.name} to ${replicas}`, (signal) => backend.scale!(workload, replicas, signal));
    void this.parts.prompts.notify({ topic: 'engines.done', level: 'info', text: `${workload.name} is being scaled from ${now} to ${replicas} replicas.`, subject: { workload: workload.id, action: 'scale' } });
  }

  async simple(row: unknown, action: 'restart' | 'start' | 'stop'): Promise<void> {
    const verb = verbs[action];
    this.parts.trust.assertTrusted(`${action === 'restart' ? 'restarting' : action === 'start' ? 'starting' : 'stopping'} a workload`);
    const target = await this.target(row, action, `${verb.title} which workload?`);
    if (!target) return;
    const { backend, workload } = target;
    const rollout = action === 'restart' && workload.engine === 'kubernetes';
    const title = rollout ? 'Rollout restart' : verb.title;
    const answer = await this.parts.prompts.modal({ topic: `engines.${action}.confirm`, text: `${title} ${workload.name}?`, detail: describe(workload), buttons: [title], subject: { workload: workload.id } });
    if (answer !== title) return;
    await this.run(`${title} ${workload.name}`, async (signal) => {
      if (action === 'restart') await backend.restart?.(workload, signal);
      else if (action === 'start') await backend.start?.(workload, signal);
      else await backend.stop?.(workload, signal);
    });
    void this.parts.prompts.notify({ topic: 'engines.done', level: 'info', text: `${workload.name} ${rollout ? 'is rolling out again' : verb.past}.`, subject: { workload: workload.id, action } });
  }

  async deleteMember(row: unknown): Promise<void> {
    this.parts.trust.assertTrusted('deleting a pod');
    const target = await this.target(row, 'delete-member', 'Delete a pod of which workload?');
    if (!target) return;
    const { backend, workload } = target;
    const member = target.member ?? (await this.parts.prompts.pick({ topic: 'engines.member', items: workload.members.map((m) => ({ label: m.name, description: m.state, value: m })), placeHolder: `Pod of ${workload.name}` }));
    if (!member) return;
    const answer = await this.parts.prompts.modal({ topic: 'engines.deleteMember.confirm', text: `Delete pod ${member.name}?`, detail: `${describe(workload)}\n\nIts controller starts a new one.`, buttons: ['Delete Pod'], subject: { workload: workload.id, member: member.id } });
    if (answer !== 'Delete Pod') return;
    await this.run(`Deleting ${member.name}`, (signal) => backend.deleteMember!(workload, member, signal));
  }

  async showLogs(row: unknown): Promise<void> {
    this.parts.trust.assertTrusted('following engine logs');
    const target = await this.target(row, 'logs', 'Show the logs of which workload?');
    if (target) await this.parts.showLogs(target.backend.id, target.workload);
  }

  async openShell(row: unknown): Promise<void> {
    this.parts.trust.assertTrusted('opening a shell in a container');
    const target = await this.target(row, 'shell', 'Open a shell in which workload?');
    if (!target) return;
    const { backend, workload } = target;
    const running = workload.members.filter((m) => m.state === 'running');
    const member = target.member ?? (running.length === 1 ? running[0] : await this.parts.prompts.pick({ topic: 'engines.member', items: running.map((m) => ({ label: m.name, description: m.node, value: m })), placeHolder: `Open a shell in which member of ${workload.name}?` }));
    if (!member) return;
    if (member.state !== 'running') throw new DevopsError('invalid-config', `${member.name} is ${member.state}: a shell opens only in a running ${workload.engine === 'kubernetes' ? 'pod' : 'container'}.`);
    // A pod of several containers: which one, the default first (kubectl's -c).
    const choices = member.containers ?? [];
    const container = choices.length < 2 ? undefined : await this.parts.prompts.pick({ topic: 'engines.shell.container', items: choices.map((name, i) => ({ label: name, ...(i === 0 ? { description: 'default' } : {}), value: name })), placeHolder: `Open a shell in which container of ${member.name}?` });
    if (choices.length >= 2 && container === undefined) return;
    const where = container ? `${member.name}/${container}` : member.name;
    const go = 'Open Shell';
    const answer = await this.parts.prompts.modal({ topic: 'engines.shell.confirm', text: `Open a shell in ${where}?`, detail: `${describe(workload)}\n\nWhat you type runs inside it, on ${backend.id}.`, buttons: [go], subject: { workload: workload.id, member: member.id, container } });
    if (answer !== go) return;
    // The channel lives as long as the terminal; only opening it has a deadline (the transport's).
    const channel = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Opening a shell in ${where}` }, () => backend.shell!(workload, member, { columns: 80, rows: 24 }, new AbortController().signal, container));
    this.parts.shells.show(`Shell: ${where}`, channel);
  }

  async portForward(row: unknown): Promise<void> {
    this.parts.trust.assertTrusted('forwarding a port');
    const target = await this.target(row, 'port-forward', 'Forward a port of which workload?');
    if (!target) return;
    const { backend, workload } = target;
    const text = await this.parts.prompts.input({ topic: 'engines.portForward.port', title: `Port-forward ${workload.name}`, prompt: `Port in a pod of ${workload.name} to reach from 127.0.0.1`, validate: (value) => (/^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 65_535 ? undefined : 'a port from 1 to 65535'), subject: { workload: workload.id } });
    if (text === undefined) return;
    const port = Number(text.trim());
    const go = 'Forward';
    const answer = await this.parts.prompts.modal({ topic: 'engines.portForward.confirm', text: `Forward a local port to port ${port} of ${workload.name}?`, detail: `${describe(workload)}\n\nIt listens on 127.0.0.1 only, until you stop it or close the window.`, buttons: [go], subject: { workload: workload.id, port } });
    if (answer !== go) return;
    // Listening is quick; the forward itself lives until stopped, so its signal is its own.
    const forward = await backend.portForward!(workload, port, {}, new AbortController().signal);
    this.parts.forwards.add(workload, forward);
  }

  async stopPortForward(): Promise<void> {
    const { forwards, prompts } = this.parts;
    if (forwards.list.length === 0) throw new DevopsError('not-found', 'No port-forward is running in this window.');
    const view = forwards.list.length === 1 ? forwards.list[0] : await prompts.pick({ topic: 'engines.portForward.stop', placeHolder: 'Stop which port-forward?', items: forwards.list.map((f) => ({ label: f.url, description: `${f.member}:${f.remotePort}`, value: f })) });
    if (view) await forwards.stop(view);
  }

  // The row's workload as the latest snapshot has it, or one the user picks among those that can.
  private async target(row: unknown, action: WorkloadAction, placeHolder: string): Promise<Target | undefined> {
    const { session } = this.parts;
    const data = workloadOfRow(row);
    if (data) {
      const backend = session.backend(data.engineId);
      const workload = session.workload(data.engineId, data.workloadId);
      if (!backend || !workload) throw new DevopsError('not-found', `${data.workloadId} is no longer on the engine.`);
      if (!canDo(backend, workload, action)) throw new DevopsError('invalid-config', `${workload.name} (${workload.kind.replace('-', ' ')}) cannot ${action.replace('-member', ' a member')}.`);
      return { backend, workload, member: data.memberId ? workload.members.find((m) => m.id === data.memberId) : undefined };
    }
    const choices = session.state.engines.flatMap((entry) =>
      (entry.snapshot?.workloads ?? []).filter((w) => canDo(entry.backend, w, action) && (entry.backend.can?.(w, capabilityOf[action]) ?? true)).map((workload) => ({ backend: entry.backend, workload })),
    );
    if (choices.length === 0) throw new DevopsError('not-found', `No live workload that can ${action.replace('-member', ' a member')}: devops.yaml's engines run none (or name no engine).`);
    return this.parts.prompts.pick({ topic: 'engines.workload', placeHolder, items: choices.map((c) => ({ label: c.workload.name, description: `${c.workload.kind} on ${c.backend.id}${c.workload.group ? ` · ${c.workload.group.name}` : ''}`, value: c })) });
  }

  private async run(title: string, body: (signal: AbortSignal) => Promise<void>): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort(new DevopsError('cancelled', 'Cancelled')));
      try {
        await body(AbortSignal.any([controller.signal, timeoutSignal(ACTION_TIMEOUT_MS)]));
      } finally {
        cancel.dispose();
      }
    });
  }
}

const capabilityOf = { scale: 'scale', restart: 'restart', start: 'start', stop: 'stop', logs: 'logs', stats: 'stats', 'delete-member': 'deleteMember', shell: 'shell', 'port-forward': 'portForward' } as const;

function describe(workload: Workload): string {
  const where = workload.group ? ` in ${workload.group.kind} ${workload.group.name}` : '';
  const replicas = workload.replicas ? `, ${workload.replicas.ready}/${workload.replicas.desired} ready` : '';
  return `${workload.kind.replace('-', ' ')} ${workload.name}${where} on ${workload.engine} (${workload.state}${replicas})`;
}
