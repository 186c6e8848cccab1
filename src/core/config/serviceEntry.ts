import type { ServiceConfig } from './schema';

// A service entry as a person would write it: only what differs from the schema's
// defaults. Used where imports write devops.yaml text (Import Services, `init`).
export function compactEntry(config: ServiceConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config.description) out.description = config.description;
  if (config.url) out.url = config.url;
  if (config.ports.length > 0) out.ports = config.ports;
  if (config.dependsOn.length > 0) out.dependsOn = config.dependsOn;
  if (config.env.length > 0) out.env = config.env;
  if (config.health) {
    const { expectStatus, interval, timeout, ...rest } = config.health;
    const health: Record<string, unknown> = { ...rest };
    if (expectStatus !== 200) health.expectStatus = expectStatus;
    if (interval !== '10s') health.interval = interval;
    if (timeout !== '2s') health.timeout = timeout;
    for (const key of Object.keys(health)) if (health[key] === undefined) delete health[key];
    out.health = health;
  }
  if (config.logs.length > 0) out.logs = config.logs;
  if (Object.keys(config.actions).length > 0) out.actions = config.actions;
  if (config.runsOn) out.runsOn = config.runsOn;
  return out;
}
