import * as vscode from 'vscode';
import { EngineLogSource } from '../../backends/logs/engineLogSource';
import { followLogSources, type FollowedSources } from '../../backends/logs/followLogSources';
import type { EngineBackend, Workload } from '../../core/engines/engineTypes';
import type { LineBatch, LogSink, LogSourceStatus } from '../../core/monitor/logTypes';
import type { LogSourceSpec } from '../../protocol/monitorProtocol';
import { DisposableOwner } from '../disposableStore';

/** Lines each member shows first when its logs are opened. */
const TAIL_LINES = 200;

interface Followed {
  name: string;
  backend: EngineBackend;
  workload: Workload;
  followed: FollowedSources;
  /** The source columns seen so far (`api:shop_api.1`), in order. */
  columns: Set<string>;
}

/**
 * Engine logs in the Monitor's merged stream: a workload's logs start when the user asks
 * for them (Show Logs on its row) and keep following until devops.yaml's engines change.
 * Each member is its own source column, `<name>:<member>`, so every line is tagged with the
 * container, task or pod it came from.
 */
export class EngineLogs extends DisposableOwner {
  private readonly followed = new Map<string, Followed>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** A workload's logs started or a new member column appeared. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly sink: LogSink) {
    super();
    this.register(new vscode.Disposable(() => void this.stopAll()));
  }

  /** Starts following the workload (once); returns the name its columns start with. */
  follow(backend: EngineBackend, workload: Workload, name: string): string {
    const key = `${backend.id}\n${workload.id}`;
    const known = this.followed.get(key);
    if (known) return known.name;
    const columns = new Set<string>();
    const seen = (column: string): void => {
      if (columns.has(column)) return;
      columns.add(column);
      this.changed.fire();
    };
    const tagging: LogSink = {
      lines: (source: string, lines: readonly string[] | LineBatch) => (seen(source), this.sink.lines(source, lines)),
      status: (source: string, status: LogSourceStatus) => (seen(source), this.sink.status(source, status)),
    };
    const source = new EngineLogSource({ name, backend, workload, tail: TAIL_LINES });
    this.followed.set(key, { name, backend, workload, columns, followed: followLogSources([source], tagging) });
    this.changed.fire();
    return name;
  }

  /** The panel's source list: one entry per member column, under the workload's name. */
  specs(): LogSourceSpec[] {
    return [...this.followed.values()].flatMap(({ name, workload, columns }) =>
      [...columns].map((column) => ({ id: column, name: column, kind: 'engine' as const, target: `${workload.kind} ${workload.name} on ${workload.engine}`, service: name })),
    );
  }

  /** Stops the workloads of backends that are gone (devops.yaml's engines changed, trust was granted). */
  retain(backends: readonly EngineBackend[]): void {
    if ([...this.followed.values()].some((f) => !backends.includes(f.backend))) void this.stopAll();
  }

  /** Stops every followed workload. */
  async stopAll(): Promise<void> {
    const running = [...this.followed.values()];
    this.followed.clear();
    this.changed.fire();
    await Promise.all(running.map((f) => f.followed.stop()));
  }
}
