import { loopbackHosts } from '../../backends/http/proxyAgent';
import type { ProxyFallback } from '../../core/config/ciConfig';
import type { Settings, UserOnlySettings } from '../settings';

// The editor's proxy settings, read in one place for every backend the extension
// builds (CI providers, plan providers), so a team behind a corporate proxy reaches
// all of its servers alike. Only the user's own settings count.

/** The settings that change editorProxy(); a change to any of them means rebuilding the clients. */
export const editorProxySettings: readonly (keyof UserOnlySettings)[] = ['http.proxy', 'http.noProxy', 'http.proxySupport', 'devops.network.caFile'];

/**
 * The editor's proxy (http.proxy, http.noProxy); loopback hosts always stay direct.
 * With http.proxySupport "off" the user keeps extensions off the proxy, so none is given.
 */
export function editorProxy(settings: Settings): ProxyFallback {
  const extra = settings.userValue('http.noProxy') ?? [];
  const proxy = settings.userValue('http.proxySupport') === 'off' ? undefined : settings.userValue('http.proxy');
  return { proxy, noProxy: [...loopbackHosts, ...extra] };
}
