import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createFrontDoor } from './front-door.ts';

const req = (url: string) => ({ method: 'GET', url, headers: {} }) as IncomingMessage;
const res = () => ({ statusCode: 200, headersSent: false, destroy() {} }) as unknown as ServerResponse;

/** A logger that records its info and error lines, at the given level. */
function logger(level: string) {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const log = {
    level,
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

describe('front door', () => {
  it('asks its handlers in order, and tells listeners of the request answered', () => {
    const door = createFrontDoor();
    const seen: unknown[] = [];
    door.onAnswer((method, route, status, seconds) => seen.push({ method, route, status, seconds }));
    door.use((r) => (r.url === '/a' ? '/a-route' : null));
    door.use((r) => (r.url === '/b' ? '/b-route' : null));
    expect(door.answer(req('/b'), res())).toBe(true);
    expect(door.answer(req('/c'), res())).toBe(false);
    expect(seen).toEqual([
      { method: 'GET', route: '/b-route', status: 200, seconds: expect.any(Number) as unknown },
    ]);
    expect(door.stats().answered).toBe(1);
  });

  it('logs a line per request at info, none at warn', () => {
    const door = createFrontDoor();
    door.use(() => '/x');
    const info = logger('info');
    door.setLogger(info.log);
    door.answer(req('/x?y=1'), res());
    expect(info.lines).toEqual([
      {
        level: 'info',
        obj: {
          method: 'GET',
          url: '/x?y=1',
          statusCode: 200,
          responseTime: expect.any(Number) as unknown,
          frontDoor: true,
        },
        msg: 'request completed',
      },
    ]);
    const warn = logger('warn');
    door.setLogger(warn.log);
    door.answer(req('/x'), res());
    expect(warn.lines).toEqual([]);
  });

  it('leaves everything to Fastify once closed, and when a handler fails before sending', () => {
    const door = createFrontDoor();
    const { log, lines } = logger('warn');
    door.setLogger(log);
    door.use((r) => {
      if (r.url === '/fail') throw new Error('bug');
      return '/x';
    });
    expect(door.answer(req('/fail'), res())).toBe(false);
    expect(lines.map((l) => l.msg)).toEqual(['front door failed']);
    expect(door.answer(req('/x'), res())).toBe(true);
    door.close();
    expect(door.answer(req('/x'), res())).toBe(false);
  });

  it('builds the server Fastify would, with the door in front of it', async () => {
    const door = createFrontDoor();
    const app = Fastify({ serverFactory: door.serverFactory, keepAliveTimeout: 12_345 });
    app.get('/fastify', async () => 'from fastify');
    door.use((r, s) => {
      if (r.url !== '/door') return null;
      s.writeHead(200, { 'content-type': 'text/plain' });
      s.end('from the door');
      return '/door';
    });
    try {
      expect(app.server.keepAliveTimeout).toBe(12_345);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${base}/door`)).text()).toBe('from the door');
      expect(await (await fetch(`${base}/fastify`)).text()).toBe('from fastify');
    } finally {
      await app.close();
    }
    expect(() => door.serverFactory(() => undefined, { https: {} })).toThrow(/HTTP\/1/);
  });
});
