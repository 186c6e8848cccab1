import * as vscode from 'vscode';
import type { ShellChannel } from '../../core/engines/engineTypes';

// Shells in containers and pods as integrated terminals. Each terminal is a Pseudoterminal
// over a ShellChannel the engine already opened (Docker's exec API, Kubernetes' exec
// subresource) with a terminal the engine allocated, rather than a ShellExecution of
// `docker exec -it`: nothing starts on this machine, so there is no process for the trust
// gate to let through, the request itself passes the network gate (refused in Restricted
// Mode), and it works with no docker or kubectl installed. The terminal only relays keys
// and output; the engine's terminal does the echo and line editing.

/** Output kept per shell: enough for the last screens, bounded whatever runs. */
const KEPT_OUTPUT_CHARS = 64 * 1024;

/** One open shell as the test seam reads it. */
export interface ShellView {
  readonly name: string;
  /** The latest output, as the terminal received it. */
  readonly output: string;
  /** Set once the shell ended. */
  readonly ended: { code?: number } | undefined;
}

class ShellTerminal implements vscode.Pseudoterminal, ShellView {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  output = '';
  ended: { code?: number } | undefined;
  private opened = false;
  private readonly early: string[] = [];

  constructor(
    readonly name: string,
    private readonly channel: ShellChannel,
  ) {
    channel.onData((data) => this.write(data));
    void channel.ended.then((end) => {
      this.ended = end;
      this.write(`\r\n\x1b[2m[the shell ended${end.code === undefined ? '' : ` with exit code ${end.code}`}; press a key to close the terminal]\x1b[0m\r\n`);
    });
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    this.opened = true;
    for (const data of this.early.splice(0)) this.written.fire(data);
    if (dimensions) this.setDimensions(dimensions);
  }

  handleInput(data: string): void {
    if (this.ended) this.closed.fire(this.ended.code ?? 0);
    else this.channel.write(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    // A lost resize only leaves the old size; the shell keeps working.
    this.channel.resize({ columns: dimensions.columns, rows: dimensions.rows }).catch(() => undefined);
  }

  close(): void {
    this.channel.close();
  }

  dispose(): void {
    this.channel.close();
    this.written.dispose();
    this.closed.dispose();
  }

  private write(data: string): void {
    this.output = (this.output + data).slice(-KEPT_OUTPUT_CHARS);
    // Output before VS Code opened the terminal would be lost: held until open().
    if (this.opened) this.written.fire(data);
    else this.early.push(data);
  }
}

/** The shells this window opened; closing the window (or the extension) closes them. */
export class EngineShells implements vscode.Disposable {
  private readonly shells = new Set<ShellTerminal>();
  private readonly terminals = new Map<vscode.Terminal, ShellTerminal>();
  private readonly closing = vscode.window.onDidCloseTerminal((terminal) => {
    const shell = this.terminals.get(terminal);
    if (!shell) return;
    this.terminals.delete(terminal);
    this.shells.delete(shell);
    shell.dispose();
  });

  /** Shows a terminal over an open shell channel. */
  show(name: string, channel: ShellChannel): vscode.Terminal {
    const shell = new ShellTerminal(name, channel);
    this.shells.add(shell);
    const terminal = vscode.window.createTerminal({ name, pty: shell, iconPath: new vscode.ThemeIcon('terminal') });
    this.terminals.set(terminal, shell);

    terminal.show();
    return terminal;
  }

  /** Shells opened and not yet closed, oldest first. */
  get open(): readonly ShellView[] {
    return [...this.shells];
  }

  dispose(): void {
    this.closing.dispose();
    for (const shell of this.shells) shell.dispose();
    this.shells.clear();
    this.terminals.clear();
  }
}
