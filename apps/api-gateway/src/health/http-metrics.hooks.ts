import type { FastifyInstance } from 'fastify';
import { routeOf } from '../errors/api-exception.filter';
import type { MetricsService } from './metrics.service';

const started = Symbol('started');

/**
 * Counts every answer, including ones Nest never sees (a body too large, a
 * malformed header): Fastify's hooks wrap the whole request, Nest interceptors do not.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, bigint>)[started] = process.hrtime.bigint();
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const t0 = (request as unknown as Record<symbol, bigint | undefined>)[started];
    const labels = { method: request.method, route: request.routeOptions?.url ? routeOf(request) : 'unmatched', status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    if (t0 !== undefined) metrics.latency.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9);
  });
}
