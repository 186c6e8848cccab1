import { DevopsError } from '../../../core/errors';
import type { DockerClient } from '../../engines/docker/dockerClient';
import { isGone } from '../../engines/docker/dockerErrors';
import { layerProgressLog, readProgress } from '../image/engineProgress';

// The image a Compose deploy runs must be on the engine before any container is touched:
// pulled when missing (compose's default pull policy), with the login of the image's own
// registry only. A pull that fails ends the deploy with nothing changed.

export async function ensureImage(client: DockerClient, image: string, registryAuth: (image: string) => Promise<string>, say: (text: string) => void, signal: AbortSignal): Promise<void> {
  if (await hasImage(client, image, signal)) return;
  say(`Pulling ${image}`);
  try {
    const stream = await client.stream({ method: 'POST', path: '/images/create', query: { fromImage: image }, registryAuth: await registryAuth(image), timeoutMs: 60_000, signal });
    await readProgress(stream, layerProgressLog(say), (message) => new DevopsError('not-found', message));
  } catch (error) {
    if (!DevopsError.is(error) || error.reason === 'cancelled' || error.reason === 'untrusted') throw error;
    throw new DevopsError(error.reason, `the image ${image} cannot be pulled (${error.message}); nothing was changed`, { cause: error });
  }
  if (!(await hasImage(client, image, signal))) throw new DevopsError('not-found', `the image ${image} is not on the engine after its pull; nothing was changed`);
}

async function hasImage(client: DockerClient, image: string, signal: AbortSignal): Promise<boolean> {
  try {
    await client.imageLabels(image, signal);
    return true;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}
