// Instant and range queries against Prometheus' HTTP API. Every call has a timeout and
// takes an AbortSignal; failures are PrometheusError with a `failure` kind.
import { tooLargeText } from '../../core/boundedRead';
import { DevopsError } from '../../core/errors';
import type { NetworkGate } from '../../core/ports';
import type { RangePlan, Series } from '../../core/monitor/series';
import { PrometheusError } from './prometheusError';
import { prometheusResponseSchema, type PrometheusData } from './prometheusPayload';
import { timeoutSignal } from '../../core/safeTimers';

export interface PrometheusClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 (a path prefix is kept). */
  url: string;
  /** Per-request limit; default 10 s. */
  timeoutMs?: number;
  /** Largest answer read; default 16 MB (a range query of 100 series at 2,000 points is about 5 MB). */
  maxAnswerBytes?: number;
  /** Asked before every request: refuses in Restricted Mode, counts connections. */
  network: NetworkGate;
}

/** One labelled value of an instant query. */
export interface InstantSample {
  /** The series' labels (`__name__` included when Prometheus keeps it). */
  labels: Record<string, string>;
  /** Evaluation time, epoch milliseconds. */
  time: number;
  /** The value; null for NaN and infinities, which a chart cannot draw. */
  value: number | null;
}

/** One labelled series of a range query, on the plan's grid. */
export interface RangeSeries {
  /** The series' labels. */
  labels: Record<string, string>;
  /** Points at every step of the plan; null where Prometheus had no value. */
  series: Series;
}

export class PrometheusClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxAnswerBytes: number;
  private readonly network: NetworkGate;

  constructor(options: PrometheusClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAnswerBytes = options.maxAnswerBytes ?? 16 * 1024 * 1024;
    this.network = options.network;
  }

  /** Current values (or values at `time`, epoch ms). */
  async instant(query: string, options: { time?: number; signal?: AbortSignal } = {}): Promise<InstantSample[]> {
    const params: Record<string, string> = { query };
    if (options.time !== undefined) params.time = String(options.time / 1000);
    const data = await this.call('/api/v1/query', params, options.signal);
    switch (data.resultType) {
      case 'vector':
        return data.result.map((r) => ({ labels: r.metric, time: r.value[0] * 1000, value: toNumber(r.value[1]) }));
      case 'scalar':
        return [{ labels: {}, time: data.result[0] * 1000, value: toNumber(data.result[1]) }];
      default:
        throw new PrometheusError('bad-query', `The query "${query}" gives a ${data.resultType}, not a number`);
    }
  }

  /** Values over a planned range (see planRange), one series per label set. */
  async range(query: string, plan: RangePlan, signal?: AbortSignal): Promise<RangeSeries[]> {
    const params = { query, start: String(plan.start / 1000), end: String(plan.end / 1000), step: String(plan.stepMs / 1000) };
    const data = await this.call('/api/v1/query_range', params, signal);
    if (data.resultType !== 'matrix') throw new PrometheusError('invalid-payload', `Prometheus answered a range query with a ${data.resultType}`);
    return data.result.map((r) => ({ labels: r.metric, series: onGrid(plan, r.values) }));
  }

  /** True when Prometheus says it is ready to serve queries. */
  async ready(signal?: AbortSignal): Promise<boolean> {
    try {
      const response = await this.fetch('/-/ready', undefined, signal);
      await response.body?.cancel();
      return response.ok;
    } catch (error) {
      if (PrometheusError.isFailure(error, 'down')) return false;
      throw error;
    }
  }

  private async call(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<PrometheusData> {
    const response = await this.fetch(path, new URLSearchParams(params), signal);
    const text = await this.guard(() => this.readCapped(response), signal);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PrometheusError('server-error', `Prometheus at ${this.base} answered HTTP ${response.status} with something that is not its API: ${text.slice(0, 120)}`);
    }
    const parsed = prometheusResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new PrometheusError('invalid-payload', `Prometheus at ${this.base} sent an answer of an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const body = parsed.data;
    if (body.status === 'error') {
      const failure = body.errorType === 'timeout' ? 'timeout' : body.errorType === 'bad_data' || body.errorType === 'execution' ? 'bad-query' : 'server-error';
      throw new PrometheusError(failure, `Prometheus rejected the query "${params.query}": ${body.error}`);
    }
    return body.data;
  }

  private async fetch(path: string, form: URLSearchParams | undefined, signal?: AbortSignal): Promise<Response> {
    // Refused here, outside guard(): Restricted Mode is not "Prometheus is down". An
    // unparsable URL connects nowhere; fetch reports it below.
    if (URL.canParse(this.base + path)) this.network.open(new URL(this.base + path));
    return this.guard(
      (combined) =>
        fetch(this.base + path, form ? { method: 'POST', body: form, signal: combined } : { signal: combined }),
      signal,
    );
  }

  // The body up to maxAnswerBytes: a query over many series (or a server that is not
  // Prometheus) must not fill the extension host's memory.
  private async readCapped(response: Response): Promise<string> {
    const tooLarge = (bytes: number | undefined): PrometheusError =>
      new PrometheusError('invalid-payload', `${tooLargeText(`The answer of Prometheus at ${this.base}`, bytes, this.maxAnswerBytes)}; ask for fewer series or a longer step`);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > this.maxAnswerBytes) {
      await response.body?.cancel();
      throw tooLarge(declared);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      total += next.value.byteLength;
      if (total > this.maxAnswerBytes) {
        await reader?.cancel().catch(() => undefined);
        throw tooLarge(undefined);
      }
      chunks.push(next.value);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  }

  // Runs one step of a request under the caller's signal and our timeout, turning what
  // fetch throws into typed errors.
  private async guard<T>(step: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const timeout = timeoutSignal(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await step(combined);
    } catch (error) {
      if (error instanceof PrometheusError) throw error;
      if (signal?.aborted) throw new DevopsError('cancelled', 'The Prometheus query was cancelled', { cause: error });
      if (timeout.aborted) throw new PrometheusError('timeout', `Prometheus at ${this.base} did not answer within ${this.timeoutMs / 1000} s`, { cause: error });
      const code = errorCode(error);
      throw new PrometheusError('down', `Prometheus at ${this.base} is not reachable${code ? ` (${describeCode(code)})` : ''}`, { cause: error });
    }
  }
}

function toNumber(value: string): number | null {
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function onGrid(plan: RangePlan, values: [number, string][]): Series {
  const timestamps: number[] = [];
  for (let t = plan.start; t <= plan.end; t += plan.stepMs) timestamps.push(t);
  const out: (number | null)[] = new Array<number | null>(timestamps.length).fill(null);
  for (const [seconds, value] of values) {
    const index = Math.round((seconds * 1000 - plan.start) / plan.stepMs);
    if (index >= 0 && index < out.length) out[index] = toNumber(value);
  }
  return { timestamps, values: out };
}

function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function describeCode(code: string): string {
  const words: Record<string, string> = { ECONNREFUSED: 'connection refused', ENOTFOUND: 'host not found', ECONNRESET: 'connection reset', EHOSTUNREACH: 'host unreachable' };
  return words[code] ? `${words[code]}, ${code}` : code;
}
