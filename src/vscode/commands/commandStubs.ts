import * as vscode from 'vscode';

type Handler = (...args: unknown[]) => unknown;

/**
 * Every command package.json contributes, registered at activation, before the features
 * have loaded: VS Code runs a command right after the activation that command caused, so
 * each must exist by then. A call waits for the features, then runs the handler they set.
 * The one place that calls vscode.commands.registerCommand.
 */
export class CommandStubs implements vscode.Disposable {
  private readonly contributed: ReadonlySet<string>;
  private readonly handlers = new Map<string, Handler>();
  private readonly registrations: vscode.Disposable[];

  constructor(
    contributed: readonly string[],
    private readonly featuresLoaded: Promise<unknown>,
  ) {
    this.contributed = new Set(contributed);
    this.registrations = contributed.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => this.call(id, args)));
  }

  /** Sets the handler of a contributed command, or registers one package.json does not list (an internal command). */
  register(id: string, handler: Handler): vscode.Disposable {
    if (!this.contributed.has(id)) return vscode.commands.registerCommand(id, handler);
    this.handlers.set(id, handler);
    return new vscode.Disposable(() => {
      if (this.handlers.get(id) === handler) this.handlers.delete(id);
    });
  }

  dispose(): void {
    for (const registration of this.registrations.splice(0)) registration.dispose();
  }

  private async call(id: string, args: unknown[]): Promise<unknown> {
    await this.featuresLoaded;
    const handler = this.handlers.get(id);
    // Every contributed command has a handler once the features are up (commandTable.test checks the table against package.json).
    if (!handler) throw new Error(`DevOps Loop: the command ${id} is not available`);
    return handler(...args);
  }
}
