/** A subscription that can be ended. Same shape as vscode.Disposable, so views can register it. */
export interface Subscription {
  dispose(): void;
}

/** Subscribe to an event; the shape of vscode.Event, without depending on it. */
export type Listen<T> = (listener: (value: T) => void) => Subscription;

/** A tiny typed event source for core models; listener errors never break the emitter. */
export class ChangeEmitter<T> {
  private listeners = new Set<(value: T) => void>();

  readonly event: Listen<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A broken view must not stop the run that reports to it.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
