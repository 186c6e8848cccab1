/**
 * Counts what the extension started through its ports. Tests read it to prove that
 * activation spawns no process and opens no connection.
 */
export class PortUsage {
  private processes = 0;
  private connections = 0;

  recordProcessStart(): void {
    this.processes++;
  }

  recordConnection(): void {
    this.connections++;
  }

  get processStarts(): number {
    return this.processes;
  }

  get connectionsOpened(): number {
    return this.connections;
  }
}
