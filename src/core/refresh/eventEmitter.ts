// A minimal typed emitter with VS Code's `event(listener) → Disposable` shape, so the
// vscode layer can forward models' events to tree providers without adapters.

/** Something that can be released; same shape as vscode.Disposable. */
export interface Disposable {
  /** Releases what this holds; calling it twice is harmless. */
  dispose(): void;
}

/** Subscribe with a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export class EventEmitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // A throwing listener must not stop the others nor the model that fired.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        /* listeners own their errors */
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
