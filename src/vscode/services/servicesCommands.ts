import * as vscode from 'vscode';
import { DevopsError } from '../../core/errors';
import type { ApprovableCommand, CommandApprover, ProcessRunner } from '../../core/ports';
import type { CommandRunner } from '../commands/commandRunner';
import { CommandId } from '../commands/commandTable';
import type { ConfigStore } from '../config/configStore';
import type { ExternalLinks } from '../externalLinks';
import type { UserPrompts } from '../prompts/userPrompts';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import type { ServicesSession } from './servicesSession';
import { serviceOfRow } from './servicesRows';

import { importServicesCommand } from './importServicesCommand';

const ACTION_TIMEOUT_MS = 10 * 60_000;

/** What the Services commands act on and with. */
export interface ServicesCommandParts {
  session: ServicesSession;
  /** Shows a service's row in the Services view. */
  reveal(name: string): Promise<boolean>;
  configStore: ConfigStore;
  runner: ProcessRunner;
  trust: WorkspaceTrustGate;
  approvals: CommandApprover;
  links: ExternalLinks;
  prompts: UserPrompts;
  log: vscode.LogOutputChannel;
}

/** Registers every Services command; each runs through the one CommandRunner. */
export function registerServicesCommands(commands: CommandRunner, parts: ServicesCommandParts): vscode.Disposable {
  const { session, prompts } = parts;
  const actions = new ServiceActionRunner(session, parts.runner, parts.trust, parts.approvals, prompts);
  return vscode.Disposable.from(
    actions,
    commands.register(CommandId.revealService, (name) => (typeof name === 'string' ? parts.reveal(name) : undefined)),
    commands.register(CommandId.openServiceUrl, (row) => openServiceUrl(row, session, parts.links, prompts)),
    commands.register(CommandId.showServiceLogs, (row) => showServiceLogs(row, session, prompts)),
    commands.register(CommandId.runServiceAction, (row, action) => actions.run(row, action)),
    commands.register(CommandId.importServices, () => importServicesCommand(parts.configStore, parts.log, prompts)),
    commands.register(CommandId.probeServices, () => session.checkNow()),
  );
}

/** The service a command was invoked on: a row, a name, or a pick. */
async function serviceNameOf(arg: unknown, services: ServicesSession, prompts: UserPrompts, placeHolder: string): Promise<string | undefined> {
  const named = typeof arg === 'string' ? arg : serviceOfRow(arg);
  if (named !== undefined && services.model.service(named)) return named;
  const names = services.model.names();
  if (names.length === 0) throw new DevopsError('not-found', 'devops.yaml declares no services.');
  return prompts.pick({ topic: 'services.service', items: names.map((label) => ({ label, value: label })), placeHolder });
}

/** Open URL: the service's url, else its first URL endpoint. */
async function openServiceUrl(arg: unknown, services: ServicesSession, links: ExternalLinks, prompts: UserPrompts): Promise<void> {
  const name = await serviceNameOf(arg, services, prompts, 'Open the URL of which service?');
  if (!name) return;
  const url = services.model.service(name)?.endpoints.find((e) => e.kind === 'url')?.value;
  if (!url) throw new DevopsError('not-found', `Service ${name} has no URL in devops.yaml.`);
  await links.open(url, `the URL of service ${name}`);
}

/** Show logs: opens the Monitor panel with its source filter set to the service. */
async function showServiceLogs(arg: unknown, services: ServicesSession, prompts: UserPrompts): Promise<void> {
  const name = await serviceNameOf(arg, services, prompts, 'Show the logs of which service?');
  if (!name) return;
  const logs = services.model.service(name)?.config.logs ?? [];
  if (logs.length === 0) {
    void prompts.notify({ topic: 'services.noLogs', level: 'info', text: `DevOps Loop: service ${name} declares no logs in devops.yaml (services.${name}.logs).` });
    return;
  }
  await vscode.commands.executeCommand(CommandId.monitorShowServiceLogs, name);
}

/**
 * Runs a declared action (restart, scale…) once its exact command is approved. The
 * approval modal shows the command; an approved action with `confirm: true` asks "are you
 * sure" each time, one with `confirm: false` runs at once. Approval is never skipped.
 */
class ServiceActionRunner {
  private output: vscode.OutputChannel | undefined;

  constructor(
    private readonly services: ServicesSession,
    private readonly runner: ProcessRunner,
    private readonly trust: WorkspaceTrustGate,
    private readonly approver: CommandApprover,
    private readonly prompts: UserPrompts,
  ) {}

  dispose(): void {
    this.output?.dispose();
  }

  async run(arg: unknown, actionArg?: unknown): Promise<void> {
    this.trust.assertTrusted('running a service action');
    const name = await serviceNameOf(arg, this.services, this.prompts, 'Run an action of which service?');
    if (!name) return;
    const actions = this.services.model.service(name)?.config.actions ?? {};
    const names = Object.keys(actions);
    if (names.length === 0) throw new DevopsError('not-found', `Service ${name} declares no actions in devops.yaml.`);
    const actionName =
      typeof actionArg === 'string' && actionArg in actions
        ? actionArg
        : await this.prompts.pick({ topic: 'services.action', items: names.map((label) => ({ label, description: actions[label].run, value: label })), placeHolder: `Action of ${name}` });
    if (!actionName) return;
    const action = actions[actionName];
    const command: ApprovableCommand = { purpose: { kind: 'action', source: `${name}.${actionName}` }, command: action.run, cwd: this.services.folder(), env: {} };
    if (!(await this.approver.isApproved(command))) {
      // The approval modal shows the exact command: it is the confirmation too, a second modal would ask the same.
      if (!(await this.approver.ensureApproved([command], 'modal'))) return;
    } else if (action.confirm) {
      const go = `Run ${actionName}`;
      const answer = await this.prompts.modal({ topic: 'services.confirmAction', text: `Run "${actionName}" on ${name}?`, detail: `This runs, in ${command.cwd}:\n\n${action.run}`, buttons: [go] });
      if (answer !== go) return;
    }
    await this.execute(name, actionName, command);
  }

  private async execute(name: string, actionName: string, command: ApprovableCommand): Promise<void> {
    const output = (this.output ??= vscode.window.createOutputChannel('DevOps Loop: Service Actions'));
    output.show(true);
    output.appendLine(`$ ${command.command}    (${name} ${actionName}, in ${command.cwd})`);
    const exit = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${name}: ${actionName}`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort(new DevopsError('cancelled', 'Cancelled')));
        try {
          const child = this.runner.start({ ...command, timeoutMs: ACTION_TIMEOUT_MS, signal: controller.signal });
          child.onStdout((chunk) => output.append(chunk.toString('utf8')));
          child.onStderr((chunk) => output.append(chunk.toString('utf8')));
          return await child.exited;
        } finally {
          cancel.dispose();
        }
      },
    );
    const how = exit.endedBy ? `ended (${exit.endedBy})` : exit.code === 0 ? 'done' : `failed (exit ${exit.code ?? exit.signal})`;
    output.appendLine(`${name} ${actionName}: ${how}`);
    // The action likely changed the service's health: check now rather than at the next interval.
    this.services.model.probeNow(name);
    if (exit.code !== 0) throw new DevopsError('unavailable', `${name} ${actionName} ${how}; see the output.`);
  }
}
