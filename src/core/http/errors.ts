import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type ErrorBody, type FieldErrors } from '../errors.ts';
import { STRICT_CSP } from './security.ts';

/** Maps Fastify's own error codes to a stable code and a Chinese message. */
const FASTIFY_ERRORS: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: '提交的内容过大' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: '不支持的内容类型' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_input', message: '请求内容为空' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_input', message: '请求内容不是有效的 JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_input', message: '请求长度有误' },
  FST_ERR_BAD_URL: { code: 'invalid_input', message: '网址有误' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'invalid_input', message: '网址参数过长' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'invalid_input', message: '请求有误' },
};

function body(code: string, message: string, fields?: FieldErrors): ErrorBody {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/** The JSON API's paths; every other path is a page for people. */
export const isApiPath = (url: string): boolean =>
  url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * Errors the router raises before any route or hook runs (bad URL encoding, an over-long path
 * parameter): Fastify hands them to `frameworkErrors`, not to the error handler. The API answers
 * with the uniform body; anything else was a page someone tried to open, and gets `htmlPage`.
 */
export function frameworkErrors(htmlPage: (status: number) => string) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    const status = err.statusCode ?? 400;
    if (!isApiPath(req.url)) {
      void reply
        .status(status)
        .headers({ 'content-security-policy': STRICT_CSP, 'x-content-type-options': 'nosniff' })
        .type('text/html; charset=utf-8')
        .send(htmlPage(status));
      return;
    }
    const known = FASTIFY_ERRORS[err.code] ?? { code: 'invalid_input', message: '请求有误' };
    void reply.status(status).send(body(known.code, known.message));
  };
}

/**
 * One error body everywhere, Chinese messages, and never a stack trace to the client: anything we
 * did not anticipate is logged in full and answered with a generic 500.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      return reply.status(err.status).send(err.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: FieldErrors = {};
      for (const v of err.validation) {
        const path =
          v.instancePath.replace(/^\//, '').replaceAll('/', '.') || err.validationContext || 'body';
        fields[path] ??= v.message ?? '格式有误';
      }
      return reply.status(400).send(body('invalid_input', '提交的数据有误，请检查后重试', fields));
    }
    if (err.validation) {
      return reply.status(400).send(body('invalid_input', '提交的数据有误，请检查后重试'));
    }
    if (err.statusCode === 429) {
      return reply.status(429).send(body('rate_limited', '操作过于频繁，请稍后再试'));
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) return reply.status(err.statusCode ?? 400).send(body(known.code, known.message));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body('bad_request', '请求有误'));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', '服务器内部错误，请稍后再试'));
  });
}
