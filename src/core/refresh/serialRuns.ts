/**
 * Runs an async job one at a time. A call while it runs shares that run and asks for one
 * more after it, so what changed during a run (a file saved while it was read) is always
 * seen, and a burst of calls costs two runs, not one per call.
 */
export class SerialRuns {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly job: () => Promise<void>) {}

  /** Runs the job now, or once more after the run under way; resolves when no run is left. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves when the run under way (if any) has finished. */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.job();
    } while (this.again);
  }
}
