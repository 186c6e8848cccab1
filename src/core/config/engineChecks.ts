import { isLoopbackHost } from '../credentials/credentialOrigin';
import { dockerHostEndpoint } from '../engines/dockerEndpoint';
import { bindingEngine, enginesSchema, runsOnBinding } from './enginesConfig';
import type { DevopsConfig } from './schema';
import type { Report } from './report';

// `engines` and `runsOn` beyond their shapes: a binding needs exactly one target and the
// engine that runs it, two services cannot claim one workload, and an engine on another
// machine over plain tcp:// is pointed out (it is used only once the user allows it).

export function checkEngines(config: DevopsConfig, report: Report): void {
  const claimed = new Map<string, string>();
  for (const [name, service] of Object.entries(config.services)) {
    if (service.runsOn === undefined) continue;
    const path = ['services', name, 'runsOn'];
    const binding = runsOnBinding(service.runsOn);
    if (!binding) {
      report(path, 'error', 'no-binding', `\`runsOn\` of \`${name}\` needs exactly one of \`compose\`, \`swarm\` or \`kubernetes\``, 'key');
      continue;
    }
    const engine = bindingEngine[binding.kind];
    // Only engines this schema knows are checked; one it does not know yet is accepted.
    if (engine in enginesSchema.shape && (config.engines as Record<string, unknown> | undefined)?.[engine] === undefined) {
      report([...path, binding.kind], 'error', 'missing-engine', `service \`${name}\` runs on ${binding.kind}, which needs \`engines.${engine}\`; add \`engines: { ${engine}: {} }\``, 'key');
    }
    const key = `${binding.kind}:${binding.target}`;
    const first = claimed.get(key);
    if (first !== undefined) report([...path, binding.kind], 'warning', 'duplicate-binding', `services \`${first}\` and \`${name}\` both run on ${binding.kind} \`${binding.target}\`; the live state shows under \`${first}\` only`);
    else claimed.set(key, name);
  }
  const host = config.engines?.docker?.host;
  if (host === undefined) return;
  // An address of another shape: the schema already reported it.
  const endpoint = dockerHostEndpoint(host);
  if (endpoint?.kind === 'tcp' && !isLoopbackHost(endpoint.host)) {
    report(['engines', 'docker', 'host'], 'warning', 'remote-engine', `${host} is another machine over plain, unencrypted tcp://; DevOps Loop connects only after you allow this host, and sends it no credential`);
  }
}
