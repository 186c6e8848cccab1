import * as vscode from 'vscode';
import { DevopsError } from '../core/errors';

// The one way the extension opens a page outside the editor. Links come from devops.yaml,
// a sprint item or a CI server's answer, so only http and https are opened: a command:,
// file: or vscode: URI would run a command, open a local file or reach into the editor.

/** What was handed to the system (or refused), for the test API. */
export interface OpenedLink {
  /** The link as given. */
  url: string;
  /** Whether it went to the browser. */
  opened: boolean;
}

/** Opens a URI outside the editor; VS Code's openExternal unless the test API replaced it. */
export type LinkOpener = (uri: vscode.Uri) => Thenable<boolean>;

export class ExternalLinks {
  private readonly handled: OpenedLink[] = [];
  private opener: LinkOpener | undefined;

  /** Links asked to open since activation, oldest first. */
  get log(): readonly OpenedLink[] {
    return this.handled;
  }

  /** Test hook: hand links to this function instead of the browser (undefined restores openExternal). */
  openWith(opener: LinkOpener | undefined): void {
    this.opener = opener;
  }

  /** Opens an http(s) link in the browser; anything else is refused with DevopsError('invalid-data') naming `what`. */
  async open(url: string, what: string): Promise<void> {
    const uri = httpUri(url);
    this.handled.push({ url, opened: uri !== undefined });
    if (!uri) {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1];
      throw new DevopsError('invalid-data', `DevOps Loop opens only http and https links; ${what} is ${scheme ? `a ${scheme}: link` : 'not a link'}, so it was not opened.`);
    }
    await (this.opener ?? vscode.env.openExternal)(uri);
  }
}

function httpUri(url: string): vscode.Uri | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? vscode.Uri.parse(parsed.href, true) : undefined;
  } catch {
    return undefined;
  }
}
