// The Prometheus HTTP API's JSON envelope (https://prometheus.io/docs/prometheus/latest/querying/api/),
// validated where it enters.
import * as z from 'zod';

/** [unix seconds, value as a string ("NaN", "+Inf" included)]. */
const samplePair = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());

const data = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: samplePair })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.array(samplePair) })) }),
  z.object({ resultType: z.literal('scalar'), result: samplePair }),
  z.object({ resultType: z.literal('string'), result: samplePair }),
]);

export const prometheusResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data, warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

export type PrometheusResponse = z.output<typeof prometheusResponseSchema>;
export type PrometheusData = z.output<typeof data>;
