import { delay } from '../../../core/safeTimers';
import type { LogFollow } from './containerLogs';
import { isGone } from './dockerErrors';
import { serviceSchema } from './dockerSchemas';
import { taskMemberName } from './dockerWorkloads';
import { parseEngineTime } from './engineTime';
import { readLogStream } from './logStream';

// A Swarm service's logs: one stream from the engine for all its tasks, on every node,
// new tasks included. With details=1 each record names its task
// ("com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… text"),
// which tags the line with the task's name as the workload's members have it ("api.2").

export interface ServiceRef {
  id: string;
  name: string;
}

export async function followService(follow: LogFollow, service: ServiceRef): Promise<void> {
  const { client, options, positions, signal } = follow;
  const names = new Map<string, string>();
  const learnTasks = async (): Promise<void> => {
    const tasks = await client.listTasks({ service: [service.id] }, signal);
    const nodes = tasks.some((t) => t.Slot == null) ? new Map((await client.listNodes(signal)).map((n) => [n.ID, n.Description?.Hostname ?? n.ID])) : new Map<string, string>();
    for (const task of tasks) names.set(task.ID, taskMemberName(service.name, task, task.NodeID ? nodes.get(task.NodeID) : undefined));
  };
  let failures = 0;
  while (!signal.aborted) {
    try {
      const raw = await client.getJson({ path: `/services/${encodeURIComponent(service.id)}`, signal }, serviceSchema);
      await learnTasks();
      const fresh = positions.isFresh();
      const stream = await client.stream({
        path: `/services/${encodeURIComponent(service.id)}/logs`,
        query: { follow: options.follow ? 1 : 0, stdout: 1, stderr: 1, timestamps: 1, details: 1, since: positions.since(), tail: fresh && options.since === undefined ? options.tail : undefined },
        signal,
      });
      if (failures > 0) options.onNotice?.({ member: service.name, state: 'resumed', message: `${service.name}: following again` });
      failures = 0;
      let unknownTask = false;
      await readLogStream(stream, raw.Spec.TaskTemplate?.ContainerSpec?.TTY ?? false, (line) => {
        const { taskId, text } = splitDetails(line.text);
        const time = parseEngineTime(line.timestamp);
        const member = (taskId && names.get(taskId)) ?? `${service.name}.${taskId?.slice(0, 12) ?? '?'}`;
        if (taskId && !names.has(taskId)) unknownTask = true;
        if (time && positions.accept(member, line.stream, time.cursor)) follow.onLine({ member, time: time.ms, text, stream: line.stream, cursor: time.cursor });
      });
      if (unknownTask) await learnTasks();
      if (!options.follow) return;
    } catch (error) {
      if (signal.aborted) return;
      if (isGone(error) || !options.follow) throw error;
      failures++;
      options.onNotice?.({ member: service.name, state: 'error', message: `${service.name}: ${error instanceof Error ? error.message : String(error)}; trying again` });
    }
    await delay(follow.backoffMs[Math.min(failures, follow.backoffMs.length - 1)] ?? 1000, signal);
  }
}

/** `<details> <text>` → the task id from the details and the text. */
export function splitDetails(text: string): { taskId?: string; text: string } {
  const space = text.indexOf(' ');
  const head = space < 0 ? text : text.slice(0, space);
  if (!head.includes('com.docker.swarm.')) return { text };
  const pairs = new Map(head.split(',').map((pair) => pair.split('=') as [string, string]));
  return { taskId: pairs.get('com.docker.swarm.task.id'), text: space < 0 ? '' : text.slice(space + 1) };
}
