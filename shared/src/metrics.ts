/** Prometheus metrics (prom-client): a registry per process with default and HTTP metrics. */
import client from 'prom-client';
import type { NextFunction, Request, Response } from 'express';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  counter(name: string, help: string, labelNames?: string[]): client.Counter<string>;
  /** A gauge whose value is read at each scrape (`read` answers it; errors leave it unset). */
  gaugeFrom(name: string, help: string, read: () => Promise<number | null>): client.Gauge<string>;
}

export function createMetrics(service: string): Metrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const counters = new Map<string, client.Counter<string>>();
  return {
    registry,
    httpDuration,
    counter(name, help, labelNames = []) {
      let c = counters.get(name);
      if (!c) {
        c = new client.Counter({ name, help, labelNames, registers: [registry] });
        counters.set(name, c);
      }
      return c;
    },
    gaugeFrom(name, help, read) {
      return new client.Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          const v = await read().catch(() => null);
          if (v === null) this.reset();
          else this.set(v);
        },
      });
    },
  };
}

export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route?.path as string | undefined) ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
      end({ method: req.method, route: `${req.baseUrl}${route === req.baseUrl ? '' : route}`, status: String(res.statusCode) });
    });
    next();
  };
}
