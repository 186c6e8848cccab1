import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import type { BuildContext } from './buildContext';
import { layerProgressLog, readProgress } from './engineProgress';

// Building, tagging and pushing an image through the engine's API: the same work as
// `docker build`, `docker tag` and `docker push`, with no docker client installed.

export interface ImageBuild {
  context: BuildContext;
  /** repository:tag the build is tagged with. */
  tag: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

/** Builds; returns the image id. Build output goes to `say` line by line. */
export async function buildImage(client: DockerClient, build: ImageBuild, say: (text: string) => void, signal: AbortSignal): Promise<string> {
  const stream = await client.stream({
    method: 'POST',
    path: '/build',
    query: { t: build.tag, dockerfile: build.context.dockerfile, buildargs: JSON.stringify(build.buildArgs), labels: JSON.stringify(build.labels), rm: 1, forcerm: 1 },
    rawBody: { contentType: 'application/x-tar', data: build.context.tar },
    // The engine answers once it has read the whole context.
    timeoutMs: 120_000,
    signal,
  });
  let id: string | undefined;
  let partial = '';
  await readProgress(
    stream,
    (line) => {
      if (line.aux?.ID) id = line.aux.ID;
      if (line.stream === undefined) return;
      const text = partial + line.stream;
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const one of lines) if (one.trim() !== '') say(one.trimEnd());
    },
    (message) => new DevopsError('invalid-data', `the image build failed: ${message}`),
  );
  if (partial.trim() !== '') say(partial.trimEnd());
  if (id === undefined) throw new DevopsError('invalid-data', 'the Docker engine finished the build without naming the image it built');
  return id;
}

/** `docker tag`: one more name for an image. */
export async function tagImage(client: DockerClient, image: string, repository: string, tag: string, signal: AbortSignal): Promise<void> {
  await client.send({ method: 'POST', path: `/images/${encodeURIComponent(image)}/tag`, query: { repo: repository, tag }, signal });
}

/** Pushes repository:tag with the registry's X-Registry-Auth; layer progress goes to `say`. Returns the pushed digest. */
export async function pushImage(client: DockerClient, push: { repository: string; tag: string; registryAuth: string; host: string }, say: (text: string) => void, signal: AbortSignal): Promise<string | undefined> {
  const stream = await client.stream({
    method: 'POST',
    path: `/images/${encodeURIComponent(push.repository)}/push`,
    query: { tag: push.tag },
    registryAuth: push.registryAuth,
    timeoutMs: 60_000,
    signal,
  });
  let digest: string | undefined;
  const log = layerProgressLog(say);
  await readProgress(
    stream,
    (line) => {
      if (line.aux?.Digest) digest = line.aux.Digest;
      log(line);
    },
    (message) => new DevopsError('unavailable', `the registry ${push.host} did not take ${push.repository}:${push.tag}: ${message}`),
  );
  return digest;
}
