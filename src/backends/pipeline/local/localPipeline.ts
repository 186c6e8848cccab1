import { join } from 'node:path';
import type { DevopsConfig } from '../../../core/config/schema';
import { DevopsError } from '../../../core/errors';
import type { Git, NetworkGate, ProcessRunner, SecretStore } from '../../../core/ports';
import { timeoutSignal } from '../../../core/safeTimers';
import { EnvironmentsModel } from '../../../core/pipeline/environmentsModel';
import { PipelineEngine, type RunRequest } from '../../../core/pipeline/pipelineEngine';
import type { PipelineRun } from '../../../core/pipeline/runTypes';
import { RunHistory } from '../../../core/pipeline/runHistory';
import type { TargetState } from '../../../core/pipeline/targetState';
import { RunStageExecutor } from '../../../core/pipeline/runStageExecutor';
import type { Disposable } from '../../../core/refresh/eventEmitter';
import { GitCli } from '../../git/gitCli';
import type { CredentialHelperPolicy } from '../../engines/kubernetes/credentialHelper';
import { createEngineAccess } from '../engineAccess';
import { ImageStageExecutor } from '../image/imageStageExecutor';
import { readTarget } from '../swarm/targetDeploy';
import { readDeployRecords } from './deployAudit';
import { DeployStageExecutor } from './deployStageExecutor';
import { deployAuditFileName, LocalDeployer } from './localDeployer';
import { ReleaseStageExecutor, type ConfirmRelease } from './releaseStageExecutor';
import { readRunOrigin } from '../../../core/pipeline/runOrigin';
import { readReleaseDrift } from '../../../core/pipeline/releaseDrift';
import { resolveInWorkspace } from '../../../core/workspacePath';

export interface LocalPipelineOptions {
  /** Folder of devops.yaml; absolute. */
  workspace: string;
  config: DevopsConfig;
  runner: ProcessRunner;
  /** Checked before every run (the editor's workspace trust; true in the CLI). */
  isTrusted: () => boolean;
  /** Shown the release preview before anything is written. */
  confirmRelease?: ConfirmRelease;
  /** A corrupt history or audit line was set aside. */
  onWarning?: (message: string) => void;
  /** Gate of the engine connections (image stages, engine deploys); without it they are refused. */
  network?: NetworkGate;
  /** Where registry logins are kept, by registry origin (the editor's SecretStorage). */
  secrets?: SecretStore;
  /** The user's environment (DOCKER_HOST, DOCKER_CONFIG, HOME); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whether a kubeconfig's credential plugin may run for a Kubernetes target: the editor's approval of the live engines, the CLI's yes; default: refuse. */
  allowCredentialHelper?: CredentialHelperPolicy;
}

/** The local runner's parts wired together; the CLI and the editor both build it with this. */
export interface LocalPipeline {
  engine: PipelineEngine;
  history: RunHistory;
  deployer: LocalDeployer;
  environments: EnvironmentsModel;
  /** Git of the workspace, through the same runner. */
  git: Git;
  /** Runs stages (or one deploy) and saves the finished run to history before resolving; onStarted as the engine's. */
  run(request?: RunRequest, onStarted?: (run: Readonly<PipelineRun>) => void): Promise<PipelineRun>;
  /** Reruns what did not succeed in a run, saved to history too. */
  rerunFailed(previous: PipelineRun, confirmedEnvironments?: string[]): Promise<PipelineRun>;
  /** Reads history and the audit log from disk, then what engine targets run; call once after creating, and on refresh. */
  load(): Promise<void>;
  /** Reads again what the engine targets of environments run (all, or one). */
  readTargets(environment?: string): Promise<void>;
  /** Throws DevopsError('forbidden') when a link makes the state folder (.devops) lead out of the workspace. */
  checkStateFolder(): Promise<void>;
  dispose(): void;
}

/** Where the local runner keeps its state: the CLI's status reads the same files. */
export function pipelineStateFiles(workspace: string): { stateDir: string; history: string; deploys: string } {
  const stateDir = join(workspace, '.devops');
  return { stateDir, history: join(stateDir, 'history.json'), deploys: join(stateDir, deployAuditFileName) };
}

// What the runner writes and reads back under .devops: a link committed in the repository
// at any of them would send history, audit lines or logs to a file elsewhere.
const stateEntries = ['.devops', '.devops/runs', '.devops/locks', '.devops/history.json', `.devops/${deployAuditFileName}`];

/** Throws DevopsError('forbidden') when .devops or what the runner keeps in it leads out of the workspace. */
export async function checkStateFolder(workspace: string): Promise<void> {
  for (const entry of stateEntries) await resolveInWorkspace(workspace, entry, 'the run state');
}

export function createLocalPipeline(options: LocalPipelineOptions): LocalPipeline {
  const { workspace, config, runner } = options;
  const { stateDir, history: historyFile } = pipelineStateFiles(workspace);
  const engines = createEngineAccess(config.engines, { network: options.network ?? noNetwork, env: options.env ?? process.env, workspace, isTrusted: options.isTrusted, ...(options.secrets ? { secrets: options.secrets } : {}), ...(options.allowCredentialHelper ? { allowCredentialHelper: options.allowCredentialHelper } : {}) });
  const deployer = new LocalDeployer({ workspace, environments: config.environments, runner, stateDir, engines });
  const git = new GitCli(runner, workspace);
  const engine = new PipelineEngine({
    workspace,
    stages: config.pipeline?.stages ?? {},
    parallel: config.pipeline?.parallel ?? 2,
    isTrusted: options.isTrusted,
    runsDir: join(stateDir, 'runs'),
    protectedEnvironments: new Set(Object.entries(config.environments).filter(([, e]) => e.protected).map(([name]) => name)),
    executors: {
      run: new RunStageExecutor(runner),
      release: new ReleaseStageExecutor(runner, options.confirmRelease),
      deploy: new DeployStageExecutor(deployer),
      image: new ImageStageExecutor(engines, (signal) => git.remoteUrl('origin', signal)),
    },
    origin: () => readRunOrigin(git),
  });
  const history = new RunHistory(historyFile, { ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
  const environments = new EnvironmentsModel(config.environments);
  const readTargets = async (only?: string): Promise<void> => {
    const names = Object.keys(config.environments).filter((name) => only === undefined || name === only);
    await Promise.all(
      names.map(async (name) => {
        const environment = config.environments[name];
        const reading = environment ? readTargetSafely(() => readTarget(engines, environment, timeoutSignal(10_000))) : undefined;
        const read = reading && (await reading);
        if (!read) return;
        // Drift needs git; a folder without a repository or release tags shows none.
        const drift = 'target' in read ? await readReleaseDrift(git, read.target.version, timeoutSignal(10_000)).catch(() => undefined) : undefined;
        environments.setTarget(name, drift ? { ...read, drift } : read);
      }),
    );
  };
  const subscriptions: Disposable[] = [
    deployer.onDidStartDeploy((h) => environments.setRunning(h.environment, { who: h.who, since: h.startedAt, pid: h.pid, host: h.host, ...(h.version ? { version: h.version } : {}) })),
    deployer.onDidDeploy((record) => {
      environments.addRecord(record);
      void readTargets(record.environment);
    }),
  ];
  const record = async (run: PipelineRun): Promise<PipelineRun> => {
    try {
      await history.add(run);
    } catch (error) {
      options.onWarning?.(`could not save run ${run.id} to history: ${(error as Error).message}`);
    }
    return run;
  };
  return {
    engine,
    run: async (request, onStarted) => {
      await checkStateFolder(workspace);
      return record(await engine.run(request, onStarted));
    },
    rerunFailed: async (previous, confirmed) => {
      await checkStateFolder(workspace);
      return record(await engine.rerunFailed(previous, confirmed));
    },
    checkStateFolder: () => checkStateFolder(workspace),
    history,
    deployer,
    environments,
    git,
    async load() {
      await checkStateFolder(workspace);
      await history.load();
      const { records, skipped } = await readDeployRecords(deployer.auditFile);
      if (skipped > 0) options.onWarning?.(`${skipped} unreadable line(s) in ${deployer.auditFile} were skipped`);
      environments.setRecords(records);
      await readTargets();
    },
    readTargets,
    dispose() {
      subscriptions.forEach((s) => s.dispose());
      engine.dispose();
      history.dispose();
      deployer.dispose();
      environments.dispose();
    },
  };
}

// Without a gate (a caller that reaches no network), engine work is refused, not done ungated.
const noNetwork: NetworkGate = {
  open(target) {
    throw new DevopsError('untrusted', `no connection to ${target.host || target.href} may be made here`);
  },
};

// A target that cannot be read becomes the row's error, never a failed load.
async function readTargetSafely(read: () => Promise<TargetState> | undefined): Promise<{ target: TargetState } | { error: string } | undefined> {
  try {
    const reading = read();
    return reading ? { target: await reading } : undefined;
  } catch (error) {
    if (!DevopsError.is(error)) throw error;
    return { error: error.message };
  }
}
