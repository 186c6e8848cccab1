// A look-up whose answer does not change while a provider lives (who the token belongs
// to): asked once and remembered. A failure is not remembered, so the next call asks again.
export class AskOnce<T> {
  private pending: Promise<T> | undefined;

  constructor(private readonly ask: (signal: AbortSignal) => Promise<T>) {}

  get(signal: AbortSignal): Promise<T> {
    this.pending ??= this.ask(signal).catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }
}
