import type { EngineLogExtras, EngineLogLine } from '../../../core/engines/engineTypes';
import { DevopsError } from '../../../core/errors';
import { delay } from '../../../core/safeTimers';
import type { DockerClient } from './dockerClient';
import { isGone } from './dockerErrors';
import { containerFromInspect, containerMember } from './dockerRecords';
import { readLines } from './dockerStreams';
import { parseEngineTime } from './engineTime';
import type { LogPositions } from './logPositions';
import { readLogStream } from './logStream';
import { parseEventLine } from './dockerEvents';

// The logs of a container or of a Compose service's containers. Each container has its own
// stream; one that ends because its container exited says so, and follows again when the
// engine reports the container (or a new one of the service) started. A stream that breaks
// is opened again from the last line's time; positions drop what it repeats.

export interface LogFollow {
  client: DockerClient;
  options: { since?: number; tail?: number; follow: boolean } & EngineLogExtras;
  positions: LogPositions;
  onLine: (line: EngineLogLine) => void;
  signal: AbortSignal;
  backoffMs: readonly number[];
}

/** Which containers: a filter of the list (and of the start events), and words for messages. */
export interface ContainerSelector {
  list: Record<string, string[]>;
  what: string;
}

export async function followContainers(follow: LogFollow, selector: ContainerSelector): Promise<void> {
  const running = new Map<string, Promise<void>>();
  const spawn = (id: string): void => {
    if (running.has(id) || follow.signal.aborted) return;
    const done = followOne(follow, id).finally(() => running.delete(id));
    running.set(id, done);
  };
  const containers = await follow.client.listContainers(selector.list, follow.signal);
  if (containers.length === 0) throw new DevopsError('not-found', `the Docker engine has no container for ${selector.what}`);
  for (const container of containers) spawn(container.Id);
  if (follow.options.follow) await watchStarts(follow, selector, spawn);
  await Promise.allSettled([...running.values()]);
}

async function followOne(follow: LogFollow, id: string): Promise<void> {
  const { client, options, positions, signal } = follow;
  let failures = 0;
  let name = id.slice(0, 12);
  while (!signal.aborted) {
    try {
      const record = containerFromInspect(await client.inspectContainer(id, signal));
      name = record.name;
      const since = positions.since([name]);
      const tail = positions.isFresh([name]) && options.since === undefined ? options.tail : undefined;
      const stream = await client.stream({
        path: `/containers/${encodeURIComponent(id)}/logs`,
        query: { follow: options.follow ? 1 : 0, stdout: 1, stderr: 1, timestamps: 1, since, tail: tail ?? 'all' },
        signal,
      });
      if (failures > 0) options.onNotice?.({ member: name, state: 'resumed', message: `${name}: following again` });
      failures = 0;
      await readLogStream(stream, record.tty ?? false, (line) => {
        const time = parseEngineTime(line.timestamp);
        if (time && positions.accept(name, line.stream, time.cursor)) follow.onLine({ member: name, time: time.ms, text: line.text, stream: line.stream, cursor: time.cursor });
      });
      if (!options.follow) return;
      const after = containerMember(containerFromInspect(await client.inspectContainer(id, signal)));
      // The engine ends a followed stream when the container stops; a running one lost its connection.
      if (after.state === 'running' || after.state === 'starting') continue;
      options.onNotice?.({ member: name, state: 'ended', message: `${name} is not running (${after.detail ?? after.state}); its logs continue when it starts again` });
      return;
    } catch (error) {
      if (signal.aborted) return;
      if (isGone(error)) {
        options.onNotice?.({ member: name, state: 'ended', message: `${name} was removed` });
        return;
      }
      if (!options.follow) throw error;
      failures++;
      options.onNotice?.({ member: name, state: 'error', message: `${name}: ${error instanceof Error ? error.message : String(error)}; trying again` });
      await delay(follow.backoffMs[Math.min(failures - 1, follow.backoffMs.length - 1)] ?? 1000, signal);
    }
  }
}

// Follows start events of the selected containers until aborted, reconnecting after drops
// from the time of the last event, so a container that starts meanwhile is not missed.
async function watchStarts(follow: LogFollow, selector: ContainerSelector, spawn: (id: string) => void): Promise<void> {
  const { client, signal } = follow;
  let since = `${Math.floor(Date.now() / 1000)}`;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const filters = { ...selector.list, type: ['container'], event: ['start'] };
      const stream = await client.stream({ path: '/events', query: { since, filters: JSON.stringify(filters) }, signal });
      if (failures > 0) for (const container of await client.listContainers(selector.list, signal)) spawn(container.Id);
      failures = 0;
      await readLines(stream, (line) => {
        const parsed = parseEventLine(line);
        if (!parsed?.event.Actor?.ID) return;
        since = `${parsed.nanos.slice(0, -9)}.${parsed.nanos.slice(-9)}`;
        spawn(parsed.event.Actor.ID);
      });
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      if (failures === 1) follow.options.onNotice?.({ member: selector.what, state: 'error', message: `${selector.what}: ${error instanceof Error ? error.message : String(error)}; trying again` });
    }
    await delay(follow.backoffMs[Math.min(failures, follow.backoffMs.length - 1)] ?? 1000, signal);
  }
}
