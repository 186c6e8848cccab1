import * as vscode from 'vscode';
import { loopbackHosts } from '../../backends/http/proxyAgent';
import type { ProxyFallback } from '../../core/config/ciConfig';

// The editor's proxy settings, read in one place for every backend the extension
// builds (CI providers, plan providers), so a team behind a corporate proxy reaches
// all of its servers alike.

/** The settings that change editorProxy(); a change to any of them means rebuilding the clients. */
export const editorProxySettings: readonly string[] = ['http.proxy', 'http.noProxy', 'http.proxySupport'];

/**
 * The editor's proxy (http.proxy, http.noProxy); loopback hosts always stay direct.
 * With http.proxySupport "off" the user keeps extensions off the proxy, so none is given.
 */
export function editorProxy(): ProxyFallback {
  const settings = vscode.workspace.getConfiguration('http');
  const noProxy = settings.get<unknown>('noProxy');
  const extra = Array.isArray(noProxy) ? noProxy.filter((host): host is string => typeof host === 'string') : [];
  // An empty http.proxy (the default) means none.
  const proxy = settings.get<string>('proxySupport') === 'off' ? undefined : settings.get<string>('proxy')?.trim() || undefined;
  return { proxy, noProxy: [...loopbackHosts, ...extra] };
}

/** True when a configuration change touches the editor's proxy. */
export function affectsEditorProxy(event: vscode.ConfigurationChangeEvent): boolean {
  return editorProxySettings.some((key) => event.affectsConfiguration(key));
}
