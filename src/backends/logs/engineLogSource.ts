// A live workload's logs as a log source: every member's lines (a container, a Compose
// service's containers, a Swarm service's tasks), each member its own source column
// (`api:shop_api.2`), with the engine's notices (a container exited, the engine went
// away) as that member's status. The backend reconnects by itself; this only relays.
import type { EngineBackend, Workload } from '../../core/engines/engineTypes';
import { isCancellation } from '../../core/errors';
import type { LogSink, LogSource } from '../../core/monitor/logTypes';

export interface EngineLogSourceOptions {
  /** The service's name; members are shown as `<name>:<member>`. */
  name: string;
  backend: EngineBackend;
  workload: Workload;
  /** Lines each member already has to show first; default 0 (only new ones). */
  tail?: number;
}

export class EngineLogSource implements LogSource {
  readonly name: string;

  constructor(private readonly options: EngineLogSourceOptions) {
    this.name = options.name;
  }

  async follow(sink: LogSink, signal: AbortSignal): Promise<void> {
    const { backend, workload, name } = this.options;
    const column = (member: string): string => (workload.members.length === 1 && workload.kind === 'container' ? name : `${name}:${member}`);
    if (!backend.logs) {
      sink.status(name, { state: 'error', message: `${backend.id} cannot stream logs` });
      return;
    }
    sink.status(name, { state: 'following', message: `Following ${workload.id}` });
    try {
      await backend.logs(
        workload,
        {
          follow: true,
          tail: this.options.tail ?? 0,
          onNotice: (notice) => sink.status(column(notice.member), { state: notice.state === 'resumed' ? 'following' : notice.state === 'ended' ? 'ended' : 'error', message: notice.message }),
        },
        (line) => sink.lines(column(line.member), [line.text]),
        signal,
      );
    } catch (error) {
      if (signal.aborted || isCancellation(error)) return;
      sink.status(name, { state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }
}
