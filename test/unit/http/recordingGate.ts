import { DevopsError } from '../../../src/core/errors';
import type { NetworkGate } from '../../../src/core/ports';

/** A NetworkGate for tests: records every connection it let through, or refuses all as Restricted Mode does. */
export class RecordingGate implements NetworkGate {
  /** Targets let through, in order. */
  readonly opened: string[] = [];
  /** Targets refused, in order. */
  readonly refused: string[] = [];

  constructor(private readonly refuse: boolean) {}

  open(target: URL): void {
    if (this.refuse) {
      this.refused.push(target.href);
      throw new DevopsError('untrusted', `Restricted Mode: connecting to ${target.host} is not allowed until you trust this folder.`);
    }
    this.opened.push(target.href);
  }
}
