import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import * as https from 'node:https';

// The library makes a new agent for every request it authenticates, so each request would
// build its TLS context and do a full handshake. The pool keeps one agent per TLS identity
// (CA, client certificate and key, verification), whose TLS session cache makes later
// handshakes short; a credential plugin that hands out a new client certificate gets a new
// agent. Connections are not kept alive: watches hold theirs for minutes anyway, and
// measured against a local server, pooled keep-alive sockets made the first list and the
// watches that follow it slower, not faster. A cluster reached through its kubeconfig
// proxy-url keeps the library's proxy agent.

type TlsOptions = Pick<https.RequestOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'>;

export class ConnectionPool {
  private agent: https.Agent | undefined;
  private identity: string | undefined;

  /** The agent for a request whose options the library filled in. */
  agentFor(options: https.RequestOptions, server: URL, proxied: boolean): http.Agent | undefined {
    if (proxied || server.protocol !== 'https:') return options.agent as http.Agent | undefined;
    const tls: TlsOptions = { ca: options.ca, cert: options.cert, key: options.key, pfx: options.pfx, passphrase: options.passphrase, rejectUnauthorized: options.rejectUnauthorized, servername: options.servername };
    const identity = fingerprint(tls);
    if (identity !== this.identity || this.agent === undefined) {
      this.agent?.destroy();
      this.agent = new https.Agent(tls);
      this.identity = identity;
    }
    return this.agent;
  }

  /** Drops the agent and its TLS sessions. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
    this.identity = undefined;
  }
}

function fingerprint(tls: TlsOptions): string {
  const hash = createHash('sha256');
  for (const [name, value] of Object.entries(tls)) {
    hash.update(`${name}=`);
    for (const part of Array.isArray(value) ? value : [value]) hash.update(part === undefined ? '-' : typeof part === 'string' || Buffer.isBuffer(part) ? part : JSON.stringify(part));
    hash.update('\n');
  }
  return hash.digest('hex');
}
