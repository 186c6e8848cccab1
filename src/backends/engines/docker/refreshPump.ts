import { setSafeTimeout } from '../../../core/safeTimers';
import { emptyWork, hasWork, type RefreshWork } from './dockerEvents';

// Runs the refreshes events ask for one batch at a time: events that arrive within
// `batchMs` of each other (a scale to 10 fires dozens) become one read per named row and
// one snapshot, and a batch never overlaps the one before, so rows are read in event order.

export class RefreshPump {
  /** Work gathered for the next batch; events add to it. */
  work: RefreshWork = emptyWork();
  private timer: ReturnType<typeof setSafeTimeout> | undefined;
  private running = false;
  private paused = true;
  private idleWork: (() => Promise<boolean>) | undefined;

  constructor(
    private readonly apply: (work: RefreshWork) => Promise<void>,
    private readonly batchMs: number,
    /** Told of the first failure; the pump stops. */
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Starts running batches (the first full list is done). */
  start(): void {
    this.paused = false;
    this.schedule();
  }

  /** Work to run when no event waits, a slice at a time, until it returns false. */
  setIdleWork(work: () => Promise<boolean>): void {
    this.idleWork = work;
    this.schedule();
  }

  /** Asks for a batch soon; events call it after adding to `work`. */
  schedule(): void {
    if (this.paused || this.running || this.timer !== undefined) return;
    const due = hasWork(this.work) ? this.batchMs : 0;
    if (!hasWork(this.work) && this.idleWork === undefined) return;
    this.timer = setSafeTimeout(() => void this.run(), due);
  }

  stop(): void {
    this.paused = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.paused) return;
    this.running = true;
    try {
      if (hasWork(this.work)) {
        const work = this.work;
        this.work = emptyWork();
        await this.apply(work);
      } else if (this.idleWork && !(await this.idleWork())) {
        this.idleWork = undefined;
      }
    } catch (error) {
      this.stop();
      this.onFailure(error);
      return;
    } finally {
      this.running = false;
    }
    this.schedule();
  }
}
