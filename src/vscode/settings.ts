import * as vscode from 'vscode';

/** Every setting under `devops.*` with its type; package.json `contributes.configuration` declares the same keys. */
export interface DevopsSettings {
  /** Start the "done" status group collapsed in the Plan view. */
  'plan.collapseDoneGroup': boolean;
  /** Notify when a service goes down, degrades or recovers (once per incident). */
  'services.notifyTransitions': boolean;
  /** Notify when a pipeline run succeeds (a failed run always notifies). */
  'pipeline.notifyOnSuccess': boolean;
  /** Open the DevOps sidebar when a folder with devops.yaml opens. */
  showOnStartup: boolean;
  /** Which CI runs notify: mine, watched, all or off. */
  'ci.notifications': string;
}

/**
 * Settings that decide where credentials and traffic go, read from the user's own
 * settings only: a workspace's .vscode/settings.json comes with the repository and
 * must not choose them. Full keys, the editor's own ones included.
 */
export interface UserOnlySettings {
  /** PEM file with extra CA certificates for every server the extension reaches (devops.network.caFile). */
  'devops.network.caFile': string;
  /** The GitHub Enterprise server the editor's github-enterprise sign-in belongs to (the built-in GitHub authentication's setting). */
  'github-enterprise.uri': string;
  /** The editor's proxy, http://[user:pass@]host:port. */
  'http.proxy': string;
  /** Hosts the editor reaches without its proxy. */
  'http.noProxy': readonly string[];
  /** "off" keeps extensions off the editor's proxy. */
  'http.proxySupport': string;
}

const defaults: DevopsSettings = {
  'plan.collapseDoneGroup': true,
  'services.notifyTransitions': true,
  'pipeline.notifyOnSuccess': false,
  showOnStartup: false,
  'ci.notifications': 'all',
};

/** The one typed way to read settings; nothing else calls getConfiguration. */
export class Settings {
  get<K extends keyof DevopsSettings>(key: K): DevopsSettings[K] {
    const value = vscode.workspace.getConfiguration('devops').get<unknown>(key);
    return typeof value === typeof defaults[key] ? (value as DevopsSettings[K]) : defaults[key];
  }

  /** The value in the user's settings (never a workspace or folder's); undefined when unset, empty or of another type. */
  userValue<K extends keyof UserOnlySettings>(key: K): UserOnlySettings[K] | undefined {
    const dot = key.lastIndexOf('.');
    const value = vscode.workspace.getConfiguration(key.slice(0, dot)).inspect<unknown>(key.slice(dot + 1))?.globalValue;
    if (typeof value === 'string') return (value.trim() === '' ? undefined : value.trim()) as UserOnlySettings[K];
    if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string') as unknown as UserOnlySettings[K];
    return undefined;
  }

  /** Fires with the keys that changed. */
  onDidChange(listener: (keys: (keyof DevopsSettings)[]) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      const keys = (Object.keys(defaults) as (keyof DevopsSettings)[]).filter((key) => event.affectsConfiguration(`devops.${key}`));
      if (keys.length > 0) listener(keys);
    });
  }

  /** Fires when any of the user-only settings named changes. */
  onDidChangeUser(keys: readonly (keyof UserOnlySettings)[], listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (keys.some((key) => event.affectsConfiguration(key))) listener();
    });
  }
}
