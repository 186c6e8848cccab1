import type { ProcessPurpose } from '../../core/ports';

/**
 * Counts what the extension started through its ports. Tests read it to prove that
 * activation spawns no process and opens no connection, and what a command started.
 */
export class PortUsage {
  private readonly started: ProcessPurpose[] = [];
  private connections = 0;

  recordProcessStart(purpose: ProcessPurpose): void {
    this.started.push(purpose);
  }

  recordConnection(): void {
    this.connections++;
  }

  get processStarts(): number {
    return this.started.length;
  }

  /** Why each process started, oldest first. */
  get processPurposes(): readonly ProcessPurpose[] {
    return this.started;
  }

  get connectionsOpened(): number {
    return this.connections;
  }
}
