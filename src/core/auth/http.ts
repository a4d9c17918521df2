import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, unauthenticated } from '../errors.ts';
import { loginRateLimit } from '../http/security.ts';
import type { Actor } from './actor.ts';
import { blockedUntilPasswordChanged } from './model.ts';
import { ChangePasswordBody, LoginBody, LoginResponse, MeSchema, SwitchAgencyBody } from './schemas.ts';
import type { AuthService, SessionState } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, from the session cookie; null for the public. */
    actor: Actor | null;
    /** The session behind `actor`. */
    authSession: ({ token: string } & SessionState) | null;
  }
}

export const SESSION_COOKIE = 'gk_session';
export const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrfFailed = (message = '安全校验失败，请刷新页面后重试'): DomainError =>
  new DomainError('csrf_failed', message, 403);

const passwordChangeRequired = (): DomainError =>
  new DomainError('password_change_required', '您的密码由管理员设置，请先修改为只有您本人知道的密码', 403);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The logged-in actor, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}

function requireSession(req: FastifyRequest): { actor: Actor; token: string } & SessionState {
  if (!req.actor || !req.authSession) throw unauthenticated();
  return { actor: req.actor, ...req.authSession };
}

const noContent = { 204: z.null().describe('无内容') };

/**
 * Sessions, CSRF protection and the /api/auth routes. Register before every other route: the hook
 * it adds resolves the `gk_session` cookie to `req.actor` for all of them, refuses state-changing
 * /api requests that come from another site or lack the session's CSRF token, and, while an
 * administrator's reset password has not been changed, every /api request but the change itself.
 */
export function registerAuth(
  app: FastifyInstance,
  auth: AuthService,
  options: { publicBaseUrl: string },
): void {
  const ownOrigin = new URL(options.publicBaseUrl).origin;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: options.publicBaseUrl.startsWith('https:'),
  };

  app.decorateRequest('actor', null);
  app.decorateRequest('authSession', null);

  app.addHook('onRequest', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const session = await auth.session(token);
      if (session) {
        req.actor = session.actor;
        req.authSession = {
          token,
          csrfToken: session.csrfToken,
          mustChangePassword: session.mustChangePassword,
        };
      } else {
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }

    const path = req.url.split('?', 1)[0] ?? '';
    if (STATE_CHANGING.has(req.method) && path.startsWith('/api/')) {
      // Browsers send Origin with every cross-site POST; a form on another site (login CSRF
      // included) stops here even without a session.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== ownOrigin && origin !== `${req.protocol}://${req.host}`) {
        throw csrfFailed('请求来源不被允许');
      }
      // Logging in needs no token: there is no session yet, or the old one is being replaced.
      if (req.authSession && path !== '/api/auth/login') {
        const given = req.headers[CSRF_HEADER];
        if (typeof given !== 'string' || !sameSecret(given, req.authSession.csrfToken)) throw csrfFailed();
      }
    }
    // The administrator who reset the password knows it: until the user has chosen their own, the
    // session reads who it is, changes the password or logs out, and nothing else (reads included).
    if (req.authSession?.mustChangePassword && blockedUntilPasswordChanged(req.method, path)) {
      throw passwordChangeRequired();
    }
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: loginRateLimit },
      schema: {
        tags: ['auth'],
        summary: '登录',
        description: '成功后设置 gk_session 会话 Cookie，并返回当前用户信息与 CSRF 令牌。',
        body: LoginBody,
        response: { 200: LoginResponse },
      },
    },
    async (req, reply) => {
      const result = await auth.login(req.body.username, req.body.password, { ip: req.ip });
      void reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      return { me: result.me, csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录', response: noContent } },
    async (req, reply) => {
      if (req.authSession) await auth.logout(req.authSession.token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: '当前登录用户', response: { 200: MeSchema } } },
    async (req) => {
      const { actor, csrfToken, mustChangePassword } = requireSession(req);
      return auth.me(actor, { csrfToken, mustChangePassword });
    },
  );

  r.post(
    '/api/auth/switch-agency',
    {
      schema: {
        tags: ['auth'],
        summary: '切换当前单位',
        body: SwitchAgencyBody,
        response: { 200: MeSchema },
      },
    },
    async (req) => {
      const { actor, token } = requireSession(req);
      return auth.switchAgency(token, actor, req.body.agencyId);
    },
  );

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        description: '修改成功后，本人的其他会话全部失效。',
        body: ChangePasswordBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      const { actor, token } = requireSession(req);
      await auth.changePassword(actor, req.body.oldPassword, req.body.newPassword, token);
      return reply.status(204).send(null);
    },
  );
}
