// How to reach a service: what the Services view lists under "Endpoints".
import type { ServiceConfig } from '../config/schema';

/** One way to reach or configure a service. */
export interface ServiceEndpoint {
  /** url (open in a browser), address (host:port), or env (a variable it reads). */
  kind: 'url' | 'address' | 'env';
  /** The URL, "localhost:8080", or the variable name. */
  value: string;
  /** Where it comes from: "url", "health", "port", "env". */
  label: string;
}

export function serviceEndpoints(service: ServiceConfig): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  if (service.url) out.push({ kind: 'url', value: service.url, label: 'url' });
  if (service.health?.http && service.health.http !== service.url) out.push({ kind: 'url', value: service.health.http, label: 'health' });
  for (const port of service.ports) out.push({ kind: 'address', value: `localhost:${port}`, label: 'port' });
  if (service.health?.tcp && !service.ports.some((p) => service.health?.tcp === `localhost:${p}`)) {
    out.push({ kind: 'address', value: service.health.tcp, label: 'health' });
  }
  for (const name of service.env) out.push({ kind: 'env', value: name, label: 'env' });
  return out;
}
