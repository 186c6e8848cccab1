import type { DockerEndpoint } from '../../../core/engines/dockerEndpoint';
import { dockerEndpointText } from '../../../core/engines/dockerEndpoint';
import { DevopsError } from '../../../core/errors';
import { describeWait, reasonForStatus, serverMessage } from '../../http/httpErrors';

// Failures talking to the Docker engine as typed errors a user can act on: the engine not
// running, the socket's permission, a missing container, a Swarm that is not there. Callers
// branch on `reason` (and DockerApiError's status), never on the message.

/** An error status from the engine: the reason by status, and the status itself. */
export class DockerApiError extends DevopsError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(status === 409 ? 'conflict' : status === 503 ? 'unavailable' : reasonForStatus(status), message);
    this.name = 'DockerApiError';
  }
}

export interface FailureContext {
  cancelled: boolean;
  timedOut: boolean;
  timeoutMs: number;
}

/** A transport failure (no answer, refused, permission, reset) as a DevopsError naming the engine. */
export function dockerConnectError(error: unknown, label: string, endpoint: DockerEndpoint, context: FailureContext): DevopsError {
  if (DevopsError.is(error)) return error;
  if (context.cancelled) return new DevopsError('cancelled', `${label} was cancelled`, { cause: error });
  const where = dockerEndpointText(endpoint);
  if (context.timedOut) return new DevopsError('timeout', `the Docker engine at ${where} did not answer ${label} within ${describeWait(context.timeoutMs)}`, { cause: error });
  const code = (error as { code?: unknown } | undefined)?.code;
  const socket = endpoint.kind === 'unix' ? endpoint.socketPath : undefined;
  switch (code) {
    case 'ENOENT':
      return new DevopsError('unavailable', `the Docker engine is not running: there is no socket at ${socket ?? where} — start Docker, or point DOCKER_HOST or engines.docker.host in devops.yaml at an engine that runs`, { cause: error });
    case 'ECONNREFUSED':
      return new DevopsError('unavailable', `the Docker engine is not running: nothing answers at ${where} — start Docker, or point DOCKER_HOST or engines.docker.host in devops.yaml at an engine that runs`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new DevopsError('forbidden', `permission denied on the Docker socket ${socket ?? where}: add your user to the "docker" group and log in again, or set DOCKER_HOST`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DevopsError('unavailable', `the Docker engine's host in ${where} is not found`, { cause: error });
    case 'ECONNRESET':
    case 'EPIPE':
      return new DevopsError('unavailable', `the Docker engine at ${where} closed the connection during ${label}`, { cause: error });
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new DevopsError('unavailable', `cannot reach the Docker engine at ${where} (${typeof code === 'string' ? code : detail})`, { cause: error });
    }
  }
}

/** An error status as DockerApiError, with the engine's own sentence (it names the container, the missing Swarm…). */
export function dockerStatusError(status: number, body: Buffer, label: string): DockerApiError {
  const said = serverMessage(body);
  return new DockerApiError(status, `the Docker engine refused ${label}: ${said ?? `status ${status}`}`);
}

/** The network gate's refusal (Restricted Mode) as it is: it already says why. */
export function engineRefusal(error: unknown, label: string): DevopsError {
  if (DevopsError.is(error)) return error;
  return new DevopsError('untrusted', `${label} was refused: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** True for a 404 from the engine: the container, service or task is gone. */
export function isGone(error: unknown): boolean {
  return error instanceof DockerApiError && error.status === 404;
}
