import { openNetwork } from '../../backends/http/openNetwork';
import { allowCredentialHelpers } from '../../backends/engines/kubernetes/credentialHelper';
import { createEngineAccess } from '../../backends/pipeline/engineAccess';
import { readDeployRecords } from '../../backends/pipeline/local/deployAudit';
import { readTarget } from '../../backends/pipeline/swarm/targetDeploy';
import { checkStateFolder, pipelineStateFiles } from '../../backends/pipeline/local/localPipeline';
import { DevopsError } from '../../core/errors';
import type { DeployRecord } from '../../core/pipeline/deployTypes';
import { RunHistory } from '../../core/pipeline/runHistory';
import type { PipelineRun } from '../../core/pipeline/runTypes';
import type { DevopsConfig, EnvironmentConfig } from '../../core/config/schema';
import type { TargetState } from '../../core/pipeline/targetState';
import { timeoutSignal } from '../../core/safeTimers';
import { GitCli } from '../../backends/git/gitCli';
import type { Git } from '../../core/ports';
import { describeMainAhead, readReleaseDrift } from '../../core/pipeline/releaseDrift';
import { cliProcessRunner } from '../cliProcessRunner';
import type { HealthState } from '../../core/services/healthTypes';
import { worstItemState, type StatusItem, type StatusSection } from './statusReport';

// The Pipeline part of `devops-loop status`: the last run and what each environment runs,
// read from the files the local runner and the editor write (.devops/), so a CI job and a
// developer see the same facts. It starts nothing.

const runState: Record<PipelineRun['status'], HealthState> = { succeeded: 'up', failed: 'down', cancelled: 'degraded', running: 'unknown' };
const deployState: Record<DeployRecord['result'], HealthState> = { succeeded: 'up', failed: 'down', cancelled: 'degraded' };

export async function pipelineSection(config: DevopsConfig, context: { configDir: string }): Promise<StatusSection> {
  const files = pipelineStateFiles(context.configDir);
  try {
    await checkStateFolder(context.configDir);
  } catch (error) {
    if (!DevopsError.is(error, 'forbidden')) throw error;
    return { name: 'pipeline', state: 'down', ok: false, summary: 'run state refused', items: [{ name: 'state', state: 'down', detail: error.message }] };
  }
  const warnings: string[] = [];
  const history = new RunHistory(files.history, { onWarning: (message) => warnings.push(message) });
  const [runs, audit] = await Promise.all([history.load(), readDeployRecords(files.deploys)]);
  history.dispose();
  const last = runs[0];
  const items: StatusItem[] = [last ? runItem(last) : { name: 'last run', state: 'unknown', detail: 'no runs yet' }];
  // The CLI runs in the folder its user chose, as `run` does: a workspace kubeconfig and its
  // credential plugin are theirs to use, as with kubectl.
  const engines = createEngineAccess(config.engines, { network: openNetwork, env: process.env, workspace: context.configDir, isTrusted: () => true, allowCredentialHelper: allowCredentialHelpers });
  const git = new GitCli(cliProcessRunner(), context.configDir);
  for (const [environment, environmentConfig] of Object.entries(config.environments)) {
    const item = environmentItem(environment, audit.records);
    items.push(environmentConfig.target ? await withTarget(item, environmentConfig, () => readTarget(engines, environmentConfig, timeoutSignal(10_000)), git) : item);
  }
  for (const warning of warnings) items.push({ name: 'history', state: 'degraded', detail: warning });
  if (audit.skipped > 0) items.push({ name: 'audit', state: 'degraded', detail: `${audit.skipped} unreadable line(s) in ${files.deploys} skipped` });
  const down = items.filter((i) => i.state === 'down').map((i) => i.name);
  const summary = down.length > 0 ? `${down.join(', ')} failed` : last ? `last run ${last.status}` : 'no runs yet';
  return { name: 'pipeline', state: worstItemState(items), ok: down.length === 0, summary, items };
}

function runItem(run: PipelineRun): StatusItem {
  const where = [run.branch, run.commit?.slice(0, 7)].filter(Boolean).join('@');
  const failed = run.stages.filter((s) => s.status === 'failed').map((s) => s.name);
  const detail = [`${run.status} ${new Date(run.startedAt).toISOString()}`, where && `on ${where}`, `by ${run.who}`, failed.length > 0 && `failed: ${failed.join(', ')}`];
  return { name: 'last run', state: runState[run.status], detail: detail.filter(Boolean).join(' ') };
}

function environmentItem(environment: string, records: readonly DeployRecord[]): StatusItem {
  const latest = records.filter((r) => r.environment === environment).sort((a, b) => b.at.localeCompare(a.at))[0];
  if (!latest) return { name: environment, state: 'unknown', detail: 'never deployed' };
  const commit = latest.commit ? ` (${latest.commit.slice(0, 7)})` : '';
  const reason = latest.reason ? `: ${latest.reason}` : '';
  return { name: environment, state: deployState[latest.result], detail: `${latest.version}${commit} ${latest.result} ${latest.at} by ${latest.who}${reason}` };
}

// An engine-targeted environment is what its engine says runs there; the audit line adds
// how the last deploy of this folder went.
async function withTarget(item: StatusItem, config: EnvironmentConfig, read: () => Promise<TargetState> | undefined, git: Git): Promise<StatusItem> {
  try {
    const target = await read();
    if (!target) return item;
    const drift = await readReleaseDrift(git, target.version, timeoutSignal(10_000)).catch(() => undefined);
    const healthy = target.replicas.running >= target.replicas.desired && target.rollout !== 'paused' && target.rollout !== 'rollback_paused';
    return {
      ...item,
      state: healthy ? (item.state === 'down' ? 'degraded' : 'up') : 'down',
      detail: `${target.target} runs ${target.image} (${target.replicas.running}/${target.replicas.desired})${target.rollout ? `, rollout ${target.rollout}` : ''}${drift ? `, ${describeMainAhead(target.version, drift)}` : ''}; last deploy here: ${item.detail}`,
      running: { image: target.image, version: target.version ?? null, replicas: target.replicas, changedAt: target.changedAt ?? null, changedBy: target.changedBy ?? null, drift: drift ? { behind: drift.behind, mainVersion: drift.mainVersion } : null },
    };
  } catch (error) {
    if (!DevopsError.is(error)) throw error;
    return { ...item, state: 'down', detail: `${config.target?.swarm ?? config.target?.kubernetes ?? 'target'} could not be read: ${error.message}` };
  }
}
