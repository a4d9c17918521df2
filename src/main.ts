import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { systemClock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { connect } from './core/db/connect.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { seedDemo } from './dev/demo.ts';
import { createServices, type Services } from './services.ts';

export interface Running {
  app: FastifyInstance;
  services: Services;
  stop(): Promise<void>;
}

/**
 * The composition root: config → database → migrations → services → demo data (first start only)
 * → HTTP server and scheduler. `stop()` lets in-flight requests finish, then closes the database.
 */
export async function start(config: Config): Promise<Running> {
  const db = connect(config.db);
  await migrateToLatest(db.kysely);
  const services = createServices(config, db, systemClock);
  // First start: an empty database gets the demo region (SEED_DEMO=false turns this off).
  if (config.seedDemo && !(await services.orgs.root())) await seedDemo(services);
  // National holiday data from the shipped chinese-days/fixtures; recomputes open deadlines if it changed.
  await services.calendar.syncNational();
  // <main:after-services>
  const app = await buildApp(services, { logger: { level: config.logLevel } });
  if (!(await services.orgs.root())) {
    app.log.warn('数据库中还没有单位，无人能登录：请先运行 gongkai init / no region yet: run `gongkai init`');
  }
  await app.listen({ host: config.http.host, port: config.http.port });
  // The scheduler runs in every server process; the jobs table makes that safe (a job runs once).
  if (config.scheduler) services.jobs.startScheduler({ logger: app.log });
  // <main:after-listen>

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Waits for the job that is running, so that it is not cut off halfway.
      await services.jobs.stop();
      // <main:before-close>
      await app.close();
      await services.search.close();
      await db.close();
    })();
    return stopping;
  };
  return { app, services, stop };
}

/** Stops on SIGTERM/SIGINT: the server stops accepting, finishes what it has, then exits. */
export function exitOnSignals(running: Running): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    running.app.log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        running.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
