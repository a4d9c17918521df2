import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { systemActor } from '../core/auth/actor.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { loadConfig } from '../core/config.ts';
import type { Engine } from '../core/db/connect.ts';
import { createTestDb, type TestDb } from '../core/db/testing.ts';
import type { PublicDocument } from '../modules/documents/schemas.ts';
import { createServices, type Services } from '../services.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorld, DEMO_PASSWORD, type DemoUsername, type World } from './world.ts';

/**
 * The whole application on a fresh database with the demo world, driven through `app.inject()`:
 * what HTTP integration tests stand on. `as(username)` logs in and returns a client that sends the
 * session cookie and the CSRF token the way the console does.
 */
export interface TestClient {
  cookie: string;
  csrfToken: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  db: TestDb;
  world: World;
  /** Logs in; `remoteAddress` sets the client's address (login is rate-limited per address). */
  as(username: DemoUsername, password?: string, remoteAddress?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export async function createTestApp(engine: Engine, options: { clock?: Clock } = {}): Promise<TestApp> {
  const db = await createTestDb(engine);
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'gongkai-app-')), SCHEDULER: 'false' });
  const services = createServices(config, db, options.clock ?? systemClock);
  const world = await buildWorld(services);
  const app = await buildApp(services);
  await app.ready();

  const as = async (
    username: DemoUsername,
    password = DEMO_PASSWORD,
    remoteAddress?: string,
  ): Promise<TestClient> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      ...(remoteAddress ? { remoteAddress } : {}),
    });
    if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
    const setCookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('gk_session='));
    if (!setCookie) throw new Error('login set no session cookie');
    const cookie = setCookie.split(';')[0] ?? '';
    const { csrfToken } = res.json<{ csrfToken: string }>();
    return {
      cookie,
      csrfToken,
      inject: (o) =>
        app.inject({ ...o, headers: { cookie, 'x-csrf-token': csrfToken, ...(o.headers ?? {}) } }),
    };
  };

  return {
    app,
    services,
    db,
    world,
    as,
    close: async () => {
      await app.close();
      await services.search.close();
      await db.drop();
    },
  };
}

/**
 * Publishes a 规章 notice of the 政府办 as staff importing it would (screened), numbered `n`:
 * the portal tests' document.
 */
export function publishNotice(t: TestApp, title: string, n: number): Promise<PublicDocument> {
  return t.services.documents.importPublished(undefined, systemActor, {
    agencyId: t.world.agencies.office,
    title,
    docNumber: `西政办发〔2026〕${n}号`,
    writtenOn: '2026-11-02',
    topic: '综合政务',
    genre: '通知',
    legalCategory: 'normative',
    validity: 'in_force',
    effectiveFrom: null,
    effectiveTo: null,
    portalSection: 'rules',
    sourceNote: null,
    body: `一、${title}的正文。\n二、自发布之日起施行。`,
  });
}
