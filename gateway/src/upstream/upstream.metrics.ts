/** Upstream latency by service, on the process's registry (created once per registry). */
import client from 'prom-client';
import type { Metrics } from '@seatlease/shared';

const UPSTREAM_DURATION_METRIC = 'gateway_upstream_duration_seconds';

export type UpstreamHistogram = client.Histogram<'service' | 'method' | 'status'>;

export function upstreamHistogram(metrics: Metrics): UpstreamHistogram {
  const existing = metrics.registry.getSingleMetric(UPSTREAM_DURATION_METRIC);
  if (existing) return existing as UpstreamHistogram;
  return new client.Histogram({
    name: UPSTREAM_DURATION_METRIC,
    help: 'Time from forwarding a request to a service until its response head arrived, by service, method and status',
    labelNames: ['service', 'method', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
}
