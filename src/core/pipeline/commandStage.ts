import type { ProcessRunner, ShellProcessSpec } from '../ports';
import { DevopsError } from '../errors';
import { parseDurationMs } from '../duration';
import { describeExit } from './exitReason';
import { stageCommand } from './stageCommands';
import type { StageContext, StageOutcome } from './stageExecutor';
import type { StageLog } from './stageLog';

/** Optional flow control a runner may offer (NodeProcessRunner does). */
interface Pausable {
  pause(): void;
  resume(): void;
}

const isPausable = (value: object): value is Pausable => 'pause' in value && 'resume' in value;

/** A command whose output goes to a stage log, with its reason when it did not succeed. */
export type LoggedCommand = Omit<ShellProcessSpec, 'signal'>;

/**
 * Runs a command with its stdout and stderr streamed into the log as they arrive. When
 * the log falls behind, reading pauses, so the child blocks instead of memory growing.
 * A log write failure ends the command and becomes the reason. `onStarted` is called
 * synchronously with the process group id as soon as the command runs.
 */
export async function runLoggedCommand(
  runner: ProcessRunner,
  spec: LoggedCommand,
  log: StageLog,
  onOutput: (chunk: Buffer) => void,
  signal: AbortSignal,
  onStarted?: (pgid: number) => void,
): Promise<StageOutcome> {
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  log.onError(() => local.abort());
  try {
    const processSpec: ShellProcessSpec = { ...spec, signal: local.signal };
    const proc = runner.start(processSpec);
    onStarted?.(proc.pid);
    const pausable = isPausable(proc) ? proc : undefined;
    let paused = false;
    log.onDrain(() => {
      if (paused) pausable?.resume();
      paused = false;
    });
    const take = (chunk: Buffer): void => {
      onOutput(chunk);
      if (!log.write(chunk) && pausable && !paused) {
        paused = true;
        pausable.pause();
      }
    };
    proc.onStdout(take);
    proc.onStderr(take);
    const exit = await proc.exited;
    if (log.failure) return { ok: false, exitCode: exit.code, reason: log.failure.message };
    const reason = describeExit(exit, spec.command, spec.timeoutMs);
    return { ok: reason === undefined, exitCode: exit.code, reason, cancelled: exit.endedBy === 'abort' };
  } catch (error) {
    if (DevopsError.is(error, 'cancelled')) return { ok: false, reason: 'cancelled', cancelled: true };
    if (DevopsError.is(error)) return { ok: false, reason: error.message };
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The `run:` stage kind: a shell command, like a CI step. */
export function commandSpecOf(context: StageContext): LoggedCommand {
  const { config, workspace, run, stage } = context;
  const command = stageCommand(workspace, stage.name, config);
  if (!command) throw new DevopsError('invalid-config', `stage "${stage.name}" has no run command`);
  return {
    ...command,
    contextEnv: { DEVOPS_RUN_ID: run.id, DEVOPS_STAGE: stage.name },
    timeoutMs: config.timeout === undefined ? undefined : parseDurationMs(config.timeout),
  };
}
