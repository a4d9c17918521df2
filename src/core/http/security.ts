import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * The strict CSP: scripts only from this origin; styles from this origin or carrying the
 * per-request nonce (the console's CSS-in-JS uses it); no framing; forms post here.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The same policy as one header value, for the few answers sent before helmet's hook runs (a
 * request the router refused): they carry no nonce, and need none.
 */
export const STRICT_CSP = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`)
  .join('; ');

/** Security headers (helmet) with the strict CSP and a per-request nonce. */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  // Off by default; each route that needs a limit says so in its config (login, public forms).
  await app.register(rateLimit, { global: false });
}

/**
 * Rate limit for the login route, per client address: slows password spraying across accounts (each
 * account also locks after 5 wrong passwords), while a whole office behind one NAT address can still
 * log in at the start of the day. Behind a reverse proxy, TRUST_PROXY must be on, or every visitor
 * shares the proxy's address and this one limit.
 */
export const loginRateLimit = { max: 30, timeWindow: '1 minute' };

/** Rate limit for every public (portal) form: per client address. */
export const publicFormRateLimit = { max: 20, timeWindow: '1 minute' };
