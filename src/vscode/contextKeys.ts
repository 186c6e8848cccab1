import * as vscode from 'vscode';

/** Where devops.yaml stands; `invalid` means broken with no earlier good version to show. */
export type ConfigContextState = 'loading' | 'missing' | 'valid' | 'stale' | 'invalid';

/** Every context key the extension sets, with its type; package.json `when` clauses use these names. */
export interface ContextKeyValues {
  /** State of devops.yaml, drives the welcome views. */
  'devops.config': ConfigContextState;
  /** True in Restricted Mode: views read, nothing runs. */
  'devops.restricted': boolean;
  /** True when devops.yaml names at least one CI engine: the CI Runs view is shown. */
  'devops.ciConfigured': boolean;
  /** True when CI is configured but every engine lacks credentials: the CI Runs view is empty and its welcome offers sign-in. */
  'devops.ci.needsSignIn': boolean;
  /** The CI engines without credentials, space-separated and sorted ("github jenkins"): which sign-in buttons the welcome shows. */
  'devops.ci.signedOut': string;
  /** True while a port-forward of this window runs: Stop Port Forward is offered. */
  'devops.portForwards': boolean;
}

export type ContextKeyName = keyof ContextKeyValues;

/** Sets context keys and remembers the values, so tests can read what menus and welcome views see. */
export class ContextKeys {
  private readonly values = new Map<ContextKeyName, unknown>();

  set<K extends ContextKeyName>(key: K, value: ContextKeyValues[K]): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  get<K extends ContextKeyName>(key: K): ContextKeyValues[K] | undefined {
    return this.values.get(key) as ContextKeyValues[K] | undefined;
  }
}
