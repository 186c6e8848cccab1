import { DevopsError, type DevopsErrorReason } from '../../core/errors';

/** What went wrong talking to Prometheus, for the panel's message and retry policy. */
export type PrometheusFailure =
  | 'down' // refused, unreachable, DNS
  | 'timeout' // no answer in time, or Prometheus' own query timeout
  | 'bad-query' // Prometheus rejected the query (its message is kept)
  | 'server-error' // 5xx or an answer that is not the API
  | 'invalid-payload'; // JSON that does not fit the API's shape

const REASONS: Record<PrometheusFailure, DevopsErrorReason> = {
  down: 'unavailable',
  timeout: 'timeout',
  'bad-query': 'invalid-config',
  'server-error': 'unavailable',
  'invalid-payload': 'invalid-data',
};

export class PrometheusError extends DevopsError {
  constructor(
    readonly failure: PrometheusFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(REASONS[failure], message, options);
    this.name = 'PrometheusError';
  }

  static isFailure(value: unknown, failure?: PrometheusFailure): value is PrometheusError {
    return value instanceof PrometheusError && (failure === undefined || value.failure === failure);
  }
}
