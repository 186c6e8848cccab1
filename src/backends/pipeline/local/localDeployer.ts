import { hostname } from 'node:os';
import { join } from 'node:path';
import type { EnvironmentConfig } from '../../../core/config/schema';
import { DevopsError } from '../../../core/errors';
import type { Clock, ProcessRunner } from '../../../core/ports';
import { EventEmitter } from '../../../core/refresh/eventEmitter';
import { runLoggedCommand } from '../../../core/pipeline/commandStage';
import { assertConfirmed, type DeployAction, type DeployConfirmation, type DeployRecord } from '../../../core/pipeline/deployTypes';
import { deployCommand, type DeployStage } from '../../../core/pipeline/stageCommands';
import type { StageLog } from '../../../core/pipeline/stageLog';
import type { EngineAccess } from '../engineAccess';
import { checkTargetFree, deployToTarget, readTarget, rollbackDestinationOf, rollbackTarget } from '../swarm/targetDeploy';
import { appendDeployRecord } from './deployAudit';
import { acquireDeployLock, type LockHolder } from './deployLock';

export interface LocalDeployerOptions {
  workspace: string;
  environments: Readonly<Record<string, EnvironmentConfig>>;
  runner: ProcessRunner;
  /** Default <workspace>/.devops; holds locks/ and deploys.jsonl. */
  stateDir?: string;
  clock?: Clock;
  /** The engine that environments with a `target` deploy to. */
  engines?: EngineAccess;
}

export interface DeployRequest {
  environment: string;
  version: string;
  commit?: string;
  who: string;
  /** Required for a protected environment. */
  confirmation?: DeployConfirmation;
  /** The deploy stage this deploy runs for: its own `run:` and `env:` take precedence. */
  stage?: DeployStage;
  /** Roll the engine target back, or run another environment's image; the version is then the engine's. */
  action?: DeployAction;
  timeoutMs?: number;
  runId?: string;
  log: StageLog;
  onOutput: (chunk: Buffer) => void;
  signal: AbortSignal;
}

/**
 * Deploys with local commands: confirmation for protected environments, one deploy per
 * environment at a time (lock file), an audit record for every deploy that ran.
 */
/** The audit file's name inside the pipeline's state folder (.devops/). */
export const deployAuditFileName = 'deploys.jsonl';

export class LocalDeployer {
  private readonly started = new EventEmitter<LockHolder>();
  private readonly finished = new EventEmitter<DeployRecord>();
  /** A deploy took its environment's lock and is starting. */
  readonly onDidStartDeploy = this.started.event;
  /** A deploy ended; its audit record. */
  readonly onDidDeploy = this.finished.event;

  constructor(private readonly options: LocalDeployerOptions) {}

  get stateDir(): string {
    return this.options.stateDir ?? join(this.options.workspace, '.devops');
  }

  get auditFile(): string {
    return join(this.stateDir, deployAuditFileName);
  }

  lockFile(environment: string): string {
    return join(this.stateDir, 'locks', `deploy-${environment}.lock`);
  }

  /** Throws not-found, forbidden (unconfirmed protected), invalid-config (no command) or conflict (running). */
  async deploy(request: DeployRequest): Promise<DeployRecord> {
    const { environment } = request;
    const config = this.options.environments[environment];
    if (!config) throw new DevopsError('not-found', `no environment named "${environment}" (environments: ${Object.keys(this.options.environments).join(', ') || 'none'})`);
    assertConfirmed(environment, config.protected, request.confirmation);
    const engines = config.target ? (this.options.engines ?? noEngine(environment)) : undefined;
    const command = engines ? undefined : deployCommand(this.options.workspace, environment, config, request.stage);
    if (!command && !engines) throw new DevopsError('invalid-config', `environment "${environment}" has no deploy command`);
    const { action } = request;
    if (action && !engines) throw new DevopsError('invalid-config', `environment "${environment}" has no engine target: only an engine target can be rolled back or promoted to`);
    // Refused while the target's own rollout runs, whoever started it, or when there is
    // nothing to roll back to or promote: nothing is recorded then.
    if (engines) await checkTargetFree(engines, config, request.signal);
    const planned = engines && action ? await this.planAction(engines, environment, action, request.signal) : undefined;
    const version = planned?.version ?? request.version;
    const now = (): number => this.options.clock?.now() ?? Date.now();
    const lock = await acquireDeployLock(this.lockFile(environment), { environment, who: request.who, startedAt: now(), version });
    try {
      this.started.fire(lock.holder);
      const outcome = command
        ? await runLoggedCommand(
            this.options.runner,
            {
              ...command,
              contextEnv: { DEVOPS_ENVIRONMENT: environment, DEVOPS_VERSION: request.version, DEVOPS_COMMIT: request.commit ?? '', ...(config.url ? { DEVOPS_URL: config.url } : {}) },
              ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
            },
            request.log,
            request.onOutput,
            request.signal,
            (pgid) => lock.trackGroup(pgid),
          )
        : action?.kind === 'rollback'
          ? await rollbackTarget(engines ?? noEngine(environment), { environment, config, who: request.who, ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}), say: sayTo(request), signal: request.signal })
          : await deployToTarget(engines ?? noEngine(environment), { environment, config, version, ...(planned?.image ? { image: planned.image } : {}), who: request.who, ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}), say: sayTo(request), signal: request.signal });
      const record: DeployRecord = {
        environment,
        at: new Date(lock.holder.startedAt).toISOString(),
        who: request.who,
        version,
        // The workspace's commit is not what a rollback or promotion ships.
        ...(request.commit && !action ? { commit: request.commit } : {}),
        ...(action ? { action: action.kind } : {}),
        ...(action?.kind === 'promote' ? { from: action.from } : {}),
        result: outcome.ok ? 'succeeded' : outcome.cancelled ? 'cancelled' : 'failed',
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        durationMs: now() - lock.holder.startedAt,
        host: hostname(),
        pid: process.pid,
        ...(request.runId ? { runId: request.runId } : {}),
      };
      await appendDeployRecord(this.auditFile, record);
      this.finished.fire(record);
      return record;
    } finally {
      await lock.release();
    }
  }

  /** The version (and, to promote, the image) a rollback or promotion will run, read from the engine. */
  private async planAction(engines: EngineAccess, environment: string, action: DeployAction, signal: AbortSignal): Promise<{ version: string; image?: string }> {
    const config = this.options.environments[environment];
    if (!config) throw new DevopsError('not-found', `no environment named "${environment}"`);
    if (action.kind === 'rollback') {
      const destination = await rollbackDestinationOf(engines, config, signal);
      return { version: destination.version ?? destination.image };
    }
    const source = this.options.environments[action.from];
    if (action.from === environment || !source?.target) throw new DevopsError('invalid-config', `"${action.from}" is no other environment with an engine target to promote from`);
    const running = await readTarget(engines, source, signal);
    if (!running?.image) throw new DevopsError('not-found', `${running?.target ?? action.from} runs no image to promote`);
    return { version: running.version ?? running.image, image: running.image };
  }

  dispose(): void {
    this.started.dispose();
    this.finished.dispose();
  }
}

function noEngine(environment: string): never {
  throw new DevopsError('unavailable', `environment "${environment}" deploys to an engine, and this runner has no engine to reach`);
}

// An engine deploy's own lines go where a deploy command's output goes.
function sayTo(request: DeployRequest): (text: string) => void {
  return (text) => {
    const chunk = Buffer.from(`${text}\n`);
    request.log.write(chunk);
    request.onOutput(chunk);
  };
}
