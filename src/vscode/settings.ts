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
}

const defaults: DevopsSettings = {
  'plan.collapseDoneGroup': true,
  'services.notifyTransitions': true,
  'pipeline.notifyOnSuccess': false,
  showOnStartup: false,
};

/** The one typed way to read settings; nothing else calls getConfiguration('devops'). */
export class Settings {
  get<K extends keyof DevopsSettings>(key: K): DevopsSettings[K] {
    const value = vscode.workspace.getConfiguration('devops').get<unknown>(key);
    return typeof value === typeof defaults[key] ? (value as DevopsSettings[K]) : defaults[key];
  }

  /** Fires with the keys that changed. */
  onDidChange(listener: (keys: (keyof DevopsSettings)[]) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      const keys = (Object.keys(defaults) as (keyof DevopsSettings)[]).filter((key) => event.affectsConfiguration(`devops.${key}`));
      if (keys.length > 0) listener(keys);
    });
  }
}
