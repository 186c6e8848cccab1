import * as vscode from 'vscode';
import { DevopsError } from '../core/errors';
import type { UserPrompts } from './prompts/userPrompts';

// The one way the extension opens a page outside the editor. Links come from devops.yaml,
// a sprint item or a CI server's answer, so only http and https are opened: a command:,
// file: or vscode: URI would run a command, open a local file or reach into the editor.

export class ExternalLinks {
  constructor(private readonly prompts: UserPrompts) {}

  /** Opens an http(s) link in the browser; anything else is refused with DevopsError('invalid-data') naming `what`. */
  async open(url: string, what: string): Promise<void> {
    const uri = httpUri(url);
    if (!uri) {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1];
      throw new DevopsError('invalid-data', `DevOps Loop opens only http and https links; ${what} is ${scheme ? `a ${scheme}: link` : 'not a link'}, so it was not opened.`);
    }
    await this.prompts.openExternal(uri);
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
