import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/connect.ts';
import { migrationsCurrent } from '../db/migrate.ts';
import type { FrontDoor } from './front-door.ts';

/**
 * /healthz (process up), /readyz (database reachable and migrations current), /metrics (Prometheus).
 * Requests the front door answers (front-door.ts) are counted like the ones Fastify answers.
 */
export function registerOps(app: FastifyInstance, db: Db, frontDoor?: Pick<FrontDoor, 'onAnswer'>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gongkai_' });
  const requests = new Counter({
    name: 'gongkai_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gongkai_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const record = (method: string, route: string, status: number, seconds: number): void => {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
  };
  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, not the raw URL, so that ids do not explode the label set.
    record(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  frontDoor?.onAnswer(record);

  // Graceful shutdown: once close() has begun, answers to in-flight requests carry
  // `Connection: close`, so that keep-alive sockets end with them and close() can finish.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  const hide = { schema: { hide: true } };
  app.get('/healthz', hide, async () => ({ status: 'ok' }));
  app.get('/readyz', hide, async (_req, reply) => {
    try {
      await sql`select 1`.execute(db.kysely);
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: false, migrations: false });
    }
    const current = await migrationsCurrent(db.kysely);
    return reply
      .status(current ? 200 : 503)
      .send({ status: current ? 'ok' : 'unavailable', database: true, migrations: current });
  });
  app.get('/metrics', hide, async (_req, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
