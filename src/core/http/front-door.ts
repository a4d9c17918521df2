import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyServerFactory } from 'fastify';

/**
 * Answers a request from the raw `node:http` handler, before Fastify routes it, or declines (null).
 * When it answers it has sent the whole response, and returns the route pattern it answered as
 * (e.g. `/documents/:id`), for the metrics and the log line.
 */
export type FrontDoorHandler = (req: IncomingMessage, res: ServerResponse) => string | null;

/** Told of each request the front door answered (the duration in seconds). */
export type FrontDoorListener = (method: string, route: string, statusCode: number, seconds: number) => void;

/**
 * The "front door" (decision 0011): requests a registered handler can answer from memory (the
 * portal's cached pages) are answered before Fastify's per-request work (routing, request object,
 * helmet, the session hook, hooks, reply); every other request goes to Fastify unchanged. Handlers
 * must answer only with exactly what Fastify would have sent. `inject()` never comes through here,
 * so the Fastify path has to be complete on its own.
 */
export interface FrontDoor {
  /** For Fastify's `serverFactory` option: the HTTP/1 server Fastify would build, with this door in front. */
  serverFactory: FastifyServerFactory;
  use(handler: FrontDoorHandler): void;
  onAnswer(listener: FrontDoorListener): void;
  /** The app's logger: at `info` each answered request gets a line, like Fastify's "request completed". */
  setLogger(log: FastifyBaseLogger): void;
  /** From now on every request goes to Fastify (graceful shutdown: it answers 503 / Connection: close). */
  close(): void;
  /** Whether a handler answered the request. */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
  /** Requests answered here since start (Fastify never saw them). */
  stats(): { answered: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Registered by buildApp (src/app.ts). */
    frontDoor: FrontDoor;
  }
}

/** Levels at which `info` lines are written (pino's standard levels). */
const INFO_ENABLED = new Set(['trace', 'debug', 'info']);

export function createFrontDoor(): FrontDoor {
  const handlers: FrontDoorHandler[] = [];
  const listeners: FrontDoorListener[] = [];
  let log: FastifyBaseLogger | null = null;
  let open = true;
  let answered = 0;

  function answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (!open) return false;
    const started = performance.now();
    for (const handler of handlers) {
      let route: string | null;
      try {
        route = handler(req, res);
      } catch (err) {
        log?.error({ err, url: req.url }, 'front door failed');
        // Nothing sent yet: Fastify answers. Half sent: the client sees a cut connection, not a mix.
        if (!res.headersSent) return false;
        res.destroy();
        return true;
      }
      if (route === null) continue;
      answered++;
      const ms = performance.now() - started;
      const method = req.method ?? '';
      for (const l of listeners) l(method, route, res.statusCode, ms / 1000);
      if (log && INFO_ENABLED.has(log.level)) {
        log.info(
          { method, url: req.url, statusCode: res.statusCode, responseTime: ms, frontDoor: true },
          'request completed',
        );
      }
      return true;
    }
    return false;
  }

  const serverFactory: FastifyServerFactory = (fastifyHandler, opts) => {
    // Only plain HTTP/1 is built here (as this app runs); Fastify's https/http2 servers are not.
    if (opts.https || opts.http2) throw new Error('front door: only plain HTTP/1 servers are supported');
    const server: Server = createServer(
      (opts.http ?? {}) as Parameters<typeof createServer>[0] & object,
      (req, res) => {
        if (handlers.length === 0 || !answer(req, res)) fastifyHandler(req, res);
      },
    );
    // What Fastify sets on the server it builds itself (fastify/lib/server.js getServerInstance).
    server.keepAliveTimeout = opts.keepAliveTimeout as number;
    server.requestTimeout = opts.requestTimeout as number;
    server.setTimeout(opts.connectionTimeout as number);
    const maxRequestsPerSocket = opts.maxRequestsPerSocket as number | undefined;
    if (maxRequestsPerSocket && maxRequestsPerSocket > 0) server.maxRequestsPerSocket = maxRequestsPerSocket;
    return server;
  };

  return {
    serverFactory,
    use: (handler) => void handlers.push(handler),
    onAnswer: (listener) => void listeners.push(listener),
    setLogger: (l) => void (log = l),
    close: () => void (open = false),
    answer,
    stats: () => ({ answered }),
  };
}
