// A real Prometheus (Debian's package) on a free port of 127.0.0.1 with its own temporary
// data folder, for tests that need real PromQL answers. `stop` ends it and removes the folder.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusClient } from '../../../src/backends/metrics/prometheusClient';
import { NodeProcessRunner } from '../../../src/backends/process/nodeProcessRunner';
import { refusedPort } from '../services/localServers';
import { openNetwork } from '../../../src/backends/http/openNetwork';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

/** A running Prometheus. */
export interface RealPrometheus {
  /** http://127.0.0.1:PORT */
  url: string;
  stop(): Promise<void>;
}

/** Starts Prometheus with `scrapeConfigs` (YAML lines under scrape_configs:, none by default) and waits until it is ready. */
export async function startRealPrometheus(scrapeConfigs: string[] = []): Promise<RealPrometheus> {
  if (!existsSync(PROMETHEUS_BINARY)) {
    throw new Error(`${PROMETHEUS_BINARY} is missing: these tests need a real Prometheus (apt-get install prometheus; .ci/run installs it)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'devops-prom-'));
  const config = ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', ...(scrapeConfigs.length > 0 ? ['scrape_configs:', ...scrapeConfigs] : []), ''];
  writeFileSync(join(dir, 'prometheus.yml'), config.join('\n'));
  const port = await refusedPort();
  const stopper = new AbortController();
  const runner = new NodeProcessRunner({ isTrusted: () => true, graceMs: 2000 });
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`];
  const running = runner.start({ purpose: { kind: 'stage', source: 'test' }, command: `${PROMETHEUS_BINARY} ${args.map((a) => `'${a}'`).join(' ')}`, cwd: dir, signal: stopper.signal });
  let exited = false;
  let output = '';
  running.onStderr((chunk) => (output = (output + chunk.toString()).slice(-2000)));
  const done = running.exited.finally(() => (exited = true));
  const stop = async (): Promise<void> => {
    stopper.abort();
    await done.catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const client = new PrometheusClient({ network: openNetwork, url, timeoutMs: 2000 });
  const deadline = Date.now() + 30_000;
  while (!(await client.ready())) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus did not become ready: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, stop };
}
