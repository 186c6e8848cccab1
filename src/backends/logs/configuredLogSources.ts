// The log sources devops.yaml declares, for one service or for the Monitor panel.
import { isAbsolute, resolve } from 'node:path';
import { DevopsError } from '../../core/errors';
import type { DevopsConfig, LogSourceConfig } from '../../core/config/schema';
import { logSourceName as sourceName } from '../../core/monitor/logSourceNames';
import type { LogSource } from '../../core/monitor/logTypes';
import type { ProcessRunner } from '../../core/ports';
import { CommandLogSource } from './commandLogSource';
import { FileLogSource } from './fileLogSource';

export interface LogSourceContext {
  /** Folder of devops.yaml; relative files and commands start there. */
  baseDir: string;
  /** Runs log commands (and refuses them in an untrusted workspace). */
  runner: ProcessRunner;
  /** Read files from their start instead of their end. */
  fromStart?: boolean;
  /** File check interval in ms. */
  pollMs?: number;
}

/** Sources of `services.<name>.logs`; throws DevopsError('not-found') for an unknown service. */
export function serviceLogSources(config: DevopsConfig, service: string, context: LogSourceContext): LogSource[] {
  const declared = config.services[service];
  if (!declared) {
    const known = Object.keys(config.services);
    const list = known.length > 0 ? `; services: ${known.join(', ')}` : '; devops.yaml declares no services';
    throw new DevopsError('not-found', `No service named "${service}"${list}`);
  }
  return declared.logs.map((entry, index) => createLogSource(entry, sourceName(service, entry, index, declared.logs.length), context));
}

/** Sources of `monitor.logs` plus every service's logs, for the Monitor panel. */
export function allLogSources(config: DevopsConfig, context: LogSourceContext): LogSource[] {
  const sources: LogSource[] = [];
  for (const service of Object.keys(config.services)) sources.push(...serviceLogSources(config, service, context));
  (config.monitor?.logs ?? []).forEach((entry, index) => {
    sources.push(createLogSource(entry, entry.name ?? sourceName('log', entry, index, Number.POSITIVE_INFINITY), context));
  });
  return sources;
}

export function createLogSource(entry: LogSourceConfig, name: string, context: LogSourceContext): LogSource {
  if (entry.file) {
    const path = isAbsolute(entry.file) ? entry.file : resolve(context.baseDir, entry.file);
    // devops.yaml names the file, so it must stay in the folder (links included).
    return new FileLogSource({ name, path, workspace: context.baseDir, fromStart: context.fromStart, pollMs: context.pollMs });
  }
  if (entry.command) return new CommandLogSource({ name, command: entry.command, cwd: context.baseDir, runner: context.runner });
  throw new DevopsError('invalid-config', `Log source "${name}" needs a file or a command`);
}
