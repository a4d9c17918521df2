import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:web` (vite, web/vite.config.ts) writes the console. */
export const CONSOLE_DIST = resolve(import.meta.dirname, '../../../web/dist');

const NONCE_PLACEHOLDER = '__CSP_NONCE__';

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>工作台尚未构建</title>
<p>政务公开平台工作台尚未构建。请在项目目录运行 <code>npm run build:web</code> 后刷新本页。</p>
<p>The console has not been built. Run <code>npm run build:web</code> and reload.</p></html>`;

/**
 * The console (React SPA) at /console. Hashed assets are cached for a year; index.html is answered
 * for /console and every client-side route below it, never cached, with this response's CSP style
 * nonce written into it so that antd's CSS-in-JS style tags pass the strict CSP (security.ts).
 */
export async function registerConsole(app: FastifyInstance, dist: string = CONSOLE_DIST): Promise<void> {
  await app.register(fastifyStatic, {
    root: join(dist, 'assets'),
    prefix: '/console/assets/',
    // Another static root (the portal's) may decorate the reply; this one must not clash with it.
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
    index: false,
    dotfiles: 'ignore',
  });

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    const indexPath = join(dist, 'index.html');
    if (!existsSync(indexPath)) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    // Read per request: a rebuilt console takes effect without a restart, and the file is small.
    const html = await readFile(indexPath, 'utf8');
    const nonce = reply.cspNonce.style;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };

  const hide = { schema: { hide: true } };
  app.get('/console', hide, (_req, reply) => sendIndex(reply));
  app.get('/console/*', hide, (req, reply) => {
    // A missing hashed file is a 404, not the app: the browser would try to run HTML as a script.
    if (req.url.startsWith('/console/assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}
