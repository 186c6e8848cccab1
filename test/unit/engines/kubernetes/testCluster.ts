import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNetwork } from '../../../../src/backends/http/openNetwork';
import { allowCredentialHelpers } from '../../../../src/backends/engines/kubernetes/credentialHelper';
import { KubernetesBackend } from '../../../../src/backends/engines/kubernetes/kubernetesBackend';
import type { KubernetesBackendOptions, KubernetesTimings } from '../../../../src/backends/engines/kubernetes/kubernetesBackend';
import type { EngineSnapshot } from '../../../../src/core/engines/engineTypes';
import { FakeKubeApi } from './fakeKubeApi';

// What the Kubernetes tests share: a CA made here with openssl and a server certificate it
// signed for 127.0.0.1, a kubeconfig written the way kubectl writes one, and a backend
// with short waits pointed at the fake API server.

export interface TestCa {
  dir: string;
  caPem: string;
  serverKey: string;
  serverCert: string;
}

let shared: TestCa | undefined;

/** A CA and a server certificate for 127.0.0.1, made once per test run (EC keys: fast). */
export function testCa(): TestCa {
  if (shared) return shared;
  const dir = mkdtempSync(join(tmpdir(), 'devops-kube-ca-'));
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=devops-loop-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=kube-apiserver', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.crt', '-extfile', 'ext.cnf');
  shared = { dir, caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'), serverKey: readFileSync(join(dir, 'server.key'), 'utf8'), serverCert: readFileSync(join(dir, 'server.crt'), 'utf8') };
  return shared;
}

export interface KubeconfigUser {
  name: string;
  /** YAML lines under `user:`, indented by 4. */
  yaml: string;
}

/** A kubeconfig user whose credentials come from the exec credential plugin `command` (client.authentication.k8s.io/v1, as cloud CLIs write it). */
export function execUser(name: string, command: string): KubeconfigUser {
  return {
    name,
    yaml: ['    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${command}`, '      args:', '      - --cluster', '      - test', '      env:', '      - name: PLUGIN_MODE', '        value: test', '      interactiveMode: Never', '      provideClusterInfo: false'].join('\n'),
  };
}

/** Writes a kubeconfig as `kubectl config view --raw` prints one: two contexts on the server, "prod" current. */
export function writeKubeconfig(dir: string, server: string, caPem: string, options: { token?: string; extraUser?: KubeconfigUser; currentContext?: string | null } = {}): string {
  const caData = Buffer.from(caPem).toString('base64');
  const user = options.extraUser;
  const text = [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${caData}`,
    `    server: ${server}`,
    '  name: test-cluster',
    'contexts:',
    '- context:',
    '    cluster: test-cluster',
    '    namespace: shop',
    '    user: shop-admin',
    '  name: prod',
    '- context:',
    '    cluster: test-cluster',
    `    user: ${user?.name ?? 'shop-admin'}`,
    '  name: staging',
    options.currentContext === null ? '' : `current-context: ${options.currentContext ?? 'prod'}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    '- name: shop-admin',
    '  user:',
    `    token: ${options.token ?? 'test-token-1234'}`,
    ...(user ? [`- name: ${user.name}`, '  user:', user.yaml] : []),
    '',
  ].join('\n');
  const file = join(dir, 'config');
  writeFileSync(file, text);
  return file;
}

/** Waits that make the tests quick: failures retried after 50 ms, snapshots gathered for 10 ms. */
export const quickTimings: Partial<KubernetesTimings> = { backoffFirstMs: 50, backoffMaxMs: 200, coalesceMs: 10, quietMs: 5, requestMs: 3000, idleMs: 3000, rescanMs: 200, statsIntervalMs: 100 };

/** A backend on `kubeconfig` with the given options, the open network and quick timings. */
export function testBackend(kubeconfig: string, options: Partial<KubernetesBackendOptions> = {}): KubernetesBackend {
  return new KubernetesBackend({ config: {}, network: openNetwork, allowCredentialHelper: allowCredentialHelpers, env: { KUBECONFIG: kubeconfig }, timings: quickTimings, ...options });
}

/** Collects snapshots and resolves the first that `accept` takes. */
export class SnapshotRecorder {
  readonly snapshots: EngineSnapshot[] = [];
  private waiters: { accept: (s: EngineSnapshot) => boolean; resolve: (s: EngineSnapshot) => void }[] = [];

  readonly push = (snapshot: EngineSnapshot): void => {
    this.snapshots.push(snapshot);
    this.waiters = this.waiters.filter((w) => {
      if (!w.accept(snapshot)) return true;
      w.resolve(snapshot);
      return false;
    });
  };

  next(accept: (s: EngineSnapshot) => boolean, what: string, timeoutMs = 8000): Promise<EngineSnapshot> {
    const seen = this.snapshots.find(accept);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no snapshot where ${what} within ${timeoutMs} ms; last: ${JSON.stringify(this.snapshots.at(-1)?.error ?? this.snapshots.at(-1)?.workloads.map((w) => `${w.id} ${w.state}`))}`)), timeoutMs);
      this.waiters.push({ accept, resolve: (s) => (clearTimeout(timer), resolve(s)) });
    });
  }

  /** Forgets what came so far: `next` then waits for a new snapshot. */
  clear(): void {
    this.snapshots.length = 0;
  }
}

/** A started fake API server with the shop fixtures and a kubeconfig pointing at it. */
export async function startShop(dir: string, options: { token?: string } = {}): Promise<{ api: FakeKubeApi; kubeconfig: string }> {
  const ca = testCa();
  const api = await FakeKubeApi.start({ key: ca.serverKey, cert: ca.serverCert }, options.token ?? 'test-token-1234');
  api.loadShop();
  return { api, kubeconfig: writeKubeconfig(dir, api.url, ca.caPem, options) };
}
