import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';

// Kept while the terminal is not open yet; older output is in the log file anyway.
const PENDING_LIMIT = 1 << 20;

/** Terminal text from process output: every line break as \r\n, as a terminal needs. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * A Pseudoterminal fed with raw output chunks. UTF-8 split across chunks is decoded
 * whole; what arrives before VS Code opens the terminal is held (bounded) and written
 * on open.
 */
export class OutputPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  private decoder = new StringDecoder('utf8');
  private pending: string[] = [];
  private pendingSize = 0;
  private opened = false;
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    private readonly onOpen?: () => void,
    private readonly onClose?: () => void,
  ) {}

  open(): void {
    this.opened = true;
    for (const text of this.pending) this.writeEmitter.fire(text);
    this.pending = [];
    this.pendingSize = 0;
    this.onOpen?.();
  }

  /** The user closed the terminal (or terminated the task). */
  close(): void {
    this.opened = false;
    this.onClose?.();
  }

  /** Process output as it arrives. */
  output(chunk: Buffer): void {
    this.write(this.decoder.write(chunk));
  }

  /** A line of our own (headers, results), dimmed so it stands apart from the command's output. */
  note(text: string): void {
    this.write(`${this.decoder.end()}\x1b[2m${text}\x1b[0m\n`);
    this.decoder = new StringDecoder('utf8');
  }

  /** Ends the terminal (tasks): VS Code shows the exit code. */
  exit(code: number): void {
    this.closeEmitter.fire(code);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }

  private write(text: string): void {
    if (text === '') return;
    const shown = toTerminalText(text);
    if (this.opened) {
      this.writeEmitter.fire(shown);
      return;
    }
    this.pending.push(shown);
    this.pendingSize += shown.length;
    while (this.pendingSize > PENDING_LIMIT && this.pending.length > 1) this.pendingSize -= this.pending.shift()?.length ?? 0;
  }
}
