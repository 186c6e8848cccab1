import { assertCarriesCredentials } from '../../core/credentials/credentialOrigin';
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import { HttpError } from './httpErrors';

// The two checks every outgoing request of the backends passes before a byte is sent:
// the network gate (nothing in Restricted Mode, each connection counted) and the
// credential rule (plain http carries none, except to this machine). The JSON client
// and the log reader both call it, so no backend can leave either out.

/** Throws HttpError (detail 'refused') when `url` may not be asked now, or not with credentials. */
export function guardRequest(network: NetworkGate, url: URL, label: string, withCredentials: boolean): void {
  try {
    if (withCredentials) assertCarriesCredentials(url);
    network.open(url);
  } catch (error) {
    if (!DevopsError.is(error)) throw error;
    throw new HttpError(error.reason, `${label}: ${error.message}`, { detail: 'refused', request: label, cause: error });
  }
}
