import * as vscode from 'vscode';
import type { ConnectionChoices, WorkspaceNetworkValue } from '../../core/config/ciConfig';
import type { UserPrompts } from '../prompts/userPrompts';
import type { Settings } from '../settings';
import type { WorkspaceTrustGate } from '../trust/workspaceTrustGate';
import { editorProxy, editorProxySettings } from './editorProxy';

// Who decides the proxy and the extra CA of the extension's connections. The user's own
// settings, always; a devops.yaml `proxy:` or `caFile:` only in a trusted workspace and
// after the user allowed exactly that value, because a proxy or CA chosen by a
// repository could read the TLS traffic, tokens included. The consent is remembered
// outside the workspace (globalState), per folder and value, so a changed value asks
// again. Without it the value is ignored and the user is told once, with a button.

/** One "allow this devops.yaml value?" notice: the subject of its `network.consent` prompt. */
export interface ConsentQuestion {
  /** The proxy or the CA file. */
  kind: WorkspaceNetworkValue['kind'];
  /** The exact value the consent names (a proxy URL, an absolute file path). */
  value: string;
  /** The text shown. */
  text: string;
  /** The button that allows it; absent when the value can never be used (a file outside the workspace). */
  allow?: string;
}

const consentKey = 'devops.networkConsent';

export class NetworkChoices implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a consent was given or the user's network settings changed: clients are rebuilt. */
  readonly onDidChange = this.changed.event;
  private readonly told = new Set<string>();
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly settings: Settings,
    private readonly trust: WorkspaceTrustGate,
    private readonly state: vscode.Memento,
    private readonly prompts: UserPrompts,
  ) {
    this.listener = settings.onDidChangeUser(editorProxySettings, () => this.changed.fire());
  }

  /**
   * The choices for the devops.yaml in `root`: the user's proxy and CA, and which workspace
   * values they allowed. `caFile` is devops.yaml's CA file as resolveInWorkspace resolved it
   * (undefined when it leaves the workspace).
   */
  choicesFor(root: string, caFile?: string): ConnectionChoices {
    return {
      fallback: editorProxy(this.settings),
      userCaFile: this.settings.userValue('devops.network.caFile'),
      allows: (kind, value) => this.trust.isTrusted && this.consents().includes(consentId(root, kind, value)),
      resolveCaFile: () => caFile,
    };
  }

  /** Tells the user, once per value, that devops.yaml's value is not used; the button allows it. Says nothing in Restricted Mode. */
  report(root: string, ignored: readonly WorkspaceNetworkValue[], server: string): void {
    if (!this.trust.isTrusted) return;
    for (const item of ignored) {
      const id = consentId(root, item.kind, item.value);
      if (this.told.has(id)) continue;
      this.told.add(id);
      void this.ask(root, item, server);
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }

  private async ask(root: string, item: WorkspaceNetworkValue, server: string): Promise<void> {
    const question = questionFor(item, server);
    const notice = { topic: 'network.consent', level: 'warning', text: question.text, subject: question } as const;
    if (!question.allow) {
      void this.prompts.notify(notice);
      return;
    }
    if ((await this.prompts.notify({ ...notice, buttons: [question.allow] })) !== question.allow) return;
    await this.state.update(consentKey, [...this.consents(), consentId(root, item.kind, item.value)]);
    this.changed.fire();
  }

  private consents(): string[] {
    const stored = this.state.get<unknown>(consentKey);
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  }
}

function consentId(root: string, kind: WorkspaceNetworkValue['kind'], value: string): string {
  return JSON.stringify([root, kind, value]);
}

function questionFor(item: WorkspaceNetworkValue, server: string): ConsentQuestion {
  if (item.why === 'outside-workspace') {
    return { kind: item.kind, value: item.value, text: `DevOps Loop: devops.yaml's caFile "${item.value}" for ${server} is outside the workspace, so it is ignored. Put the CA file in the repository, or set devops.network.caFile in your user settings.` };
  }
  if (item.kind === 'proxy') {
    return {
      kind: 'proxy',
      value: item.value,
      text: `DevOps Loop: devops.yaml asks to send the traffic to ${server}, your token included, through the proxy ${item.value}. A proxy chosen by a repository can read it, so your own proxy settings are used until you allow this one.`,
      allow: 'Allow This Proxy',
    };
  }
  return {
    kind: 'caFile',
    value: item.value,
    text: `DevOps Loop: devops.yaml asks to trust the certificates in ${item.value} for ${server}. A CA chosen by a repository can read that traffic, your token included, so it is not trusted until you allow this file.`,
    allow: 'Allow This CA File',
  };
}
