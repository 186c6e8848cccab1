import * as vscode from 'vscode';
import { checkTriggerInputs } from '../../core/ci/ciProvider';
import type { TriggerRequest, TriggerTarget } from '../../core/ci/ciTypes';
import { protectedEnvironments, type EnvironmentProtection } from '../../core/ci/protectedDeploys';
import { DevopsError, isCancellation } from '../../core/errors';
import type { CiQuestions } from './ciQuestions';
import type { CiEntry } from './ciSession';
import type { DeployConfirmer } from '../../core/pipeline/pipelineController';
import { timeoutSignal } from '../../core/safeTimers';


/** What the trigger needs besides the entry. */
export interface CiTriggerDeps {
  questions: CiQuestions;
  deploys: DeployConfirmer;
  /** The environments of devops.yaml as they are now. */
  environments: () => EnvironmentProtection;
  /** The checked-out branch and commit. */
  head: () => Promise<{ branch?: string; commit?: string }>;
}

/** Runs a CI request under a cancellable notification progress, with a deadline. */
export function withCiProgress<T>(title: string, timeoutMs: number, body: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort(new DevopsError('cancelled', `${title} cancelled`)));
    try {
      return await body(AbortSignal.any([controller.signal, timeoutSignal(timeoutMs)]));
    } finally {
      cancel.dispose();
    }
  });
}

/** The error with what was being done in front, same reason; a cancellation stays as it is. */
export function explained(what: string, error: unknown): unknown {
  if (isCancellation(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DevopsError(DevopsError.is(error) ? error.reason : 'unavailable', `${what}: ${message}`, { cause: error });
}

/**
 * Trigger: asks the ref, the target, each declared input and free variables, checks them,
 * confirms protected deploys in the local runner's modal, then starts the run. Returns
 * the request sent, or undefined when the user backed out.
 */
export async function triggerRun(entry: CiEntry, deps: CiTriggerDeps): Promise<TriggerRequest | undefined> {
  const { provider } = entry.model;
  const label = provider.label;
  const listTargets = provider.triggerTargets?.bind(provider);
  if (!listTargets || !entry.model.capabilities.has('trigger')) throw new DevopsError('conflict', `${label} (${provider.id}) cannot start runs from the editor.`);
  const head = await deps.head();
  const ref = await deps.questions.ref(head.branch);
  if (!ref) return undefined;
  const targets = await withCiProgress(`Reading what ${label} can start on ${ref}…`, 30_000, (signal) => listTargets(ref, signal)).then(undefined, (error: unknown) => {
    throw explained(`Could not read what ${label} can start on "${ref}"`, error);
  });
  if (targets.length === 0) {
    const why = provider.id === 'github' ? ': no active workflow there declares `on: workflow_dispatch`' : '';
    throw new DevopsError('not-found', `Nothing in ${label} can be started on "${ref}"${why}.`);
  }
  const picked = targets.length === 1 ? targets[0] : await deps.questions.pickTarget(targets.map((target) => ({ label: target.label, value: target })));
  if (!picked) return undefined;
  const inputs = await askValues(picked, deps.questions);
  if (!inputs) return undefined;
  checkTriggerInputs(picked, inputs);
  for (const environment of protectedEnvironments(picked, inputs, deps.environments())) {
    const commit = ref === head.branch ? head.commit : undefined;
    const version = inputs.version ?? ref;
    if (!(await deps.deploys.confirmDeploy(environment, version, commit ?? `the tip of ${ref} on ${label}`))) {
      throw new DevopsError('forbidden', `"${picked.label}" was not started: deploying to the protected environment "${environment}" was not confirmed, nothing was sent to ${label}.`);
    }
  }
  const request: TriggerRequest = { target: picked.id, ref, inputs };
  await withCiProgress(`Starting ${picked.label} on ${ref}…`, 60_000, (signal) => entry.model.trigger(request, signal)).then(undefined, (error: unknown) => {
    throw explained(`${label} did not start "${picked.label}" on ${ref}`, error);
  });
  deps.questions.info(`Started ${picked.label} on ${ref} in ${label}.`);
  return request;
}

async function askValues(target: TriggerTarget, questions: CiQuestions): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const input of target.inputs) {
    const value = await questions.input(target.label, input);
    if (value === undefined) return undefined;
    if (value !== '') values[input.name] = value;
  }
  if (!target.freeVariables) return values;
  for (;;) {
    const pair = await questions.variable(target.label, Object.keys(values));
    if (pair === undefined) return undefined;
    if (pair.trim() === '') return values;
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DevopsError('invalid-data', `"${pair}" is not NAME=value: a variable name is letters, digits and _, not starting with a digit.`);
    values[name] = pair.slice(at + 1);
  }
}
