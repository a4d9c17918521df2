import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAuditRoutes } from './core/audit/routes.ts';
import { registerAuth } from './core/auth/http.ts';
import { registerCalendarRoutes } from './core/calendar/routes.ts';
import { registerFileRoutes } from './core/files/routes.ts';
import { registerDeadlineRoutes } from './core/deadlines/routes.ts';
import { registerNotifyRoutes } from './core/notify/routes.ts';
import { registerTaskRoutes } from './core/tasks/routes.ts';
import { registerAssignmentRoutes } from './modules/assignments/routes.ts';
import { registerDocumentRoutes } from './modules/documents/routes.ts';
import { registerCatalogRoutes } from './modules/catalog/routes.ts';
import { registerConsole } from './core/http/console.ts';
import { frameworkErrors, registerErrorHandling } from './core/http/errors.ts';
import { createFrontDoor } from './core/http/front-door.ts';
import { registerOps } from './core/http/ops.ts';
import { registerSecurity } from './core/http/security.ts';
import { registerOrgsRoutes } from './modules/orgs/routes.ts';
import { registerGuideRoutes } from './modules/guides/routes.ts';
import { refusedRequestPage, registerPortal } from './portal/routes.tsx';
import type { Services } from './services.ts';
import { registerScreeningRoutes } from './modules/screening/routes.ts';
import { registerRequestRoutes } from './modules/requests/routes.ts';

// Validation messages in Chinese for every zod schema (console, API and portal forms).
z.config(z.locales.zhCN());

const routeLists = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route the app registered (for the garbage-input test that walks them all). */
export function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  return routeLists.get(app) ?? [];
}

export interface AppOptions {
  /** Pino logger options; false in tests. */
  logger?: boolean | { level: string };
}

/**
 * Builds the HTTP application: core plugins first, then each module's routes and pages,
 * registered explicitly (no autoload) so that the list below is the map of the system.
 */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  // Cached portal pages are answered in front of Fastify (decision 0011, "Front door").
  const frontDoor = createFrontDoor();
  const app = Fastify({
    serverFactory: frontDoor.serverFactory,
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: services.config.http.trustProxy,
    return503OnClosing: true,
    frameworkErrors: frameworkErrors(refusedRequestPage),
    // Requests ids appear in every log line of the request.
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  frontDoor.setLogger(app.log);
  app.decorate('frontDoor', frontDoor);
  // First of the preClose hooks: from the moment close() begins, Fastify answers every request
  // (503 to new ones, Connection: close on the rest), the front door none.
  app.addHook('preClose', (done) => {
    frontDoor.close();
    done();
  });

  const routes: { method: string; url: string }[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await registerSecurity(app);
  await app.register(cookie, { secret: services.config.sessionSecret });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Gongkai 政务公开平台 API',
        version: '0.1.0',
        description: '控制台与门户使用的 JSON 接口',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gk_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerOps(app, services.db, frontDoor);

  // First: its hook resolves the session cookie and checks CSRF for every route below.
  registerAuth(app, services.auth, { publicBaseUrl: services.config.http.publicBaseUrl });
  registerAuditRoutes(app, services.audit, services.orgs);
  await registerConsole(app);
  registerOrgsRoutes(app, services.orgs);
  // The public site and the app's not-found handler (HTML for people, JSON under /api).
  await registerPortal(app, services);
  registerCalendarRoutes(app, services.calendar);
  registerDeadlineRoutes(app, services.deadlines, services.orgs);
  registerNotifyRoutes(app, services.notify);
  registerTaskRoutes(app, services.tasks);
  registerAssignmentRoutes(app, services.assignments);
  await registerFileRoutes(app, services.files);
  registerCatalogRoutes(app, services.catalog);
  registerGuideRoutes(app, services.guides);
  registerScreeningRoutes(app, services.screening);
  registerDocumentRoutes(app, services.documents);
  registerRequestRoutes(app, services.requests);
  // <app:routes>

  return app;
}
