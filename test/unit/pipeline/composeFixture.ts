// Compose services on a real dockerd without the compose CLI: containers labelled as
// `docker compose up` labels them (project, service, container-number, oneoff), named
// project-service-N, on the project's own network with the service name as alias, as
// demo/scripts/engines.js makes them. Images are built FROM the harness's busybox image.
// Everything carries the run's label or name, so remove() takes away only what this made.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerHarness } from '../engines/dockerHarness';

export interface ComposeContainerView {
  id: string;
  name: string;
  image: string;
  state: string;
  health?: string;
  labels: Record<string, string>;
  aliases: string[];
}

export class ComposeFixture {
  readonly images: string[] = [];
  readonly networks: string[] = [];

  constructor(readonly harness: DockerHarness) {}

  get run(): string {
    return this.harness.runLabel[1];
  }

  /** repository:tag of this run's test image, e.g. <run>/web:1.0.0. */
  tag(version: string): string {
    return `${this.run}/web:${version}`;
  }

  /** Builds `tag` FROM the harness image with these Dockerfile lines. */
  async build(tag: string, lines: string[]): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'devops-compose-image-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), [`FROM ${this.harness.image}`, ...lines, ''].join('\n'));
      const tar = spawnSync('tar', ['-C', dir, '-cf', '-', '.']);
      const answer = await post(this.harness.socket, `/v1.41/build?t=${encodeURIComponent(tag)}&rm=1&forcerm=1`, tar.stdout, 'application/x-tar');
      if (answer.status !== 200 || answer.text.includes('"errorDetail"')) throw new Error(`build ${tag}: ${answer.text.slice(0, 400)}`);
      this.images.push(tag);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Starts `count` containers of project/service running `image`; returns their names. */
  async up(project: string, service: string, image: string, count = 1, extraLabels: Record<string, string> = {}): Promise<string[]> {
    const network = `${project}_default`;
    if (!this.networks.includes(network)) {
      const made = await this.harness.api('POST', '/networks/create', { Name: network, Labels: { 'com.docker.compose.project': project, 'com.docker.compose.network': 'default', [this.harness.runLabel[0]]: this.run } });
      if (made.status >= 400) throw new Error(`network ${network}: ${JSON.stringify(made.json)}`);
      this.networks.push(network);
    }
    const names: string[] = [];
    for (let number = 1; number <= count; number++) {
      const name = `${project}-${service}-${number}`;
      const labels = { 'com.docker.compose.project': project, 'com.docker.compose.service': service, 'com.docker.compose.container-number': String(number), 'com.docker.compose.oneoff': 'False', ...extraLabels, [this.harness.runLabel[0]]: this.run };
      const created = await this.harness.api('POST', `/containers/create?name=${name}`, {
        Image: image,
        Labels: labels,
        Env: ['SHOP_MODE=staging'],
        HostConfig: { NetworkMode: network, RestartPolicy: { Name: 'unless-stopped' } },
        NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [service, `${service}.shop`] } } },
      });
      const id = (created.json as { Id?: string }).Id;
      if (!id) throw new Error(`create ${name}: ${JSON.stringify(created.json)}`);
      const started = await this.harness.api('POST', `/containers/${id}/start`);
      if (started.status >= 400) throw new Error(`start ${name}: ${JSON.stringify(started.json)}`);
      names.push(name);
    }
    return names;
  }

  /** Waits until every container of project/service is healthy (the deploy's starting point). */
  async healthy(project: string, service: string): Promise<void> {
    for (let waited = 0; ; waited += 250) {
      const all = await this.containers(project, service);
      if (all.length > 0 && all.every((c) => c.health === 'healthy')) return;
      if (waited > 30_000) throw new Error(`${project}/${service} did not become healthy: ${JSON.stringify(all)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Every container of project/service as the engine reports it, by name. */
  async containers(project: string, service: string): Promise<ComposeContainerView[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] }));
    const list = (await this.harness.api('GET', `/containers/json?all=1&filters=${filters}`)).json as { Id: string }[];
    const views: ComposeContainerView[] = [];
    for (const { Id } of list) {
      const inspect = (await this.harness.api('GET', `/containers/${Id}/json`)).json as {
        Name: string;
        Config: { Image: string; Labels: Record<string, string> };
        State: { Status: string; Health?: { Status: string } };
        NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> };
      };
      const aliases = Object.values(inspect.NetworkSettings.Networks).flatMap((n) => n.Aliases ?? []).filter((a) => !Id.startsWith(a));
      views.push({ id: Id, name: inspect.Name.replace(/^\//, ''), image: inspect.Config.Image, state: inspect.State.Status, ...(inspect.State.Health ? { health: inspect.State.Health.Status } : {}), labels: inspect.Config.Labels, aliases });
    }
    return views.sort((a, b) => a.name.localeCompare(b.name));
  }

  async remove(): Promise<void> {
    const filters = encodeURIComponent(JSON.stringify({ label: [`${this.harness.runLabel[0]}=${this.run}`] }));
    const left = (await this.harness.api('GET', `/containers/json?all=1&filters=${filters}`)).json as { Id: string }[];
    for (const container of left) await this.harness.api('DELETE', `/containers/${container.Id}?force=1&v=1`);
    for (const network of this.networks) await this.harness.api('DELETE', `/networks/${network}`);
    for (const image of this.images) await this.harness.api('DELETE', `/images/${encodeURIComponent(image)}?force=1`);
  }
}

function post(socket: string, path: string, body: Buffer, type: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: socket, method: 'POST', path, headers: { 'content-type': type, 'content-length': body.length }, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${path}: no answer`)));
    req.on('error', reject);
    req.end(body);
  });
}
