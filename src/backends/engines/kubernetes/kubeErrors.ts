import { DevopsError } from '../../../core/errors';
import type { DevopsErrorReason } from '../../../core/errors';
import { HttpError } from '../../http/httpErrors';
import type { KubeSession } from './kubeSession';

// Failures of the API server and of the credentials, as typed errors. The server answers
// an error with a Status object (kind: Status, message, reason, code); its message is what
// kubectl shows too, so it is kept (it names objects, never credentials).

/** The reason of an error status: 409 is a conflict (someone changed the object), 410 an expired resourceVersion. */
function reasonOf(status: number): DevopsErrorReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'invalid-data';
}

const hints: Partial<Record<DevopsErrorReason, string>> = {
  unauthorized: 'the cluster refused the credentials of this context; log in again (your cloud CLI, kubelogin) or renew the token',
  forbidden: 'the user of this context lacks the permission (RBAC)',
};

/** The error of a non-2xx answer, with the server's own message. */
export function statusFailure(status: number, body: Buffer, label: string): HttpError {
  const reason = reasonOf(status);
  const said = statusMessage(body);
  const hint = hints[reason];
  const text = [hint, said].filter((part) => part !== undefined && part !== '').join(': ');
  return new HttpError(reason, `${label}: ${status} ${text || 'request rejected'}`, { detail: 'status', status, request: label });
}

/** The message of a Status object body, at most 300 characters. */
export function statusMessage(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.subarray(0, 8192).toString('utf8')) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message.slice(0, 300) : undefined;
  } catch {
    const text = body.subarray(0, 300).toString('utf8').trim();
    return text === '' ? undefined : text;
  }
}

/** True when the server said the resourceVersion (or continue token) is too old: relist. */
export function isExpired(error: unknown): boolean {
  return HttpError.isHttp(error) && error.status === 410;
}

/** Turns a failure to authenticate (the library's plain Error) into a typed one naming the context. */
export function credentialFailure(error: unknown, session: KubeSession): DevopsError {
  if (DevopsError.is(error)) return error;
  const said = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] || 'no message';
  const helper = session.credentialHelper;
  if (helper?.kind === 'exec') {
    return new DevopsError('unauthorized', `the credential plugin of Kubernetes context "${session.context}" (${helper.command}) failed: ${said}`, { cause: error });
  }
  return new DevopsError('invalid-config', `cannot use the credentials of Kubernetes context "${session.context}": ${said}`, { cause: error });
}
