/**
 * Errors with three audiences (after Ghost): a stable `code` for programs, a Chinese `message`
 * for people, and optional per-field messages. Every HTTP error body has the same shape:
 * `{ "error": { "code", "message", "fields" } }`.
 */
export type FieldErrors = Record<string, string>;

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldErrors };
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: FieldErrors | undefined;

  constructor(code: string, message: string, status = 400, fields?: FieldErrors) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

export const invalid = (message: string, fields?: FieldErrors, code = 'invalid_input'): DomainError =>
  new DomainError(code, message, 400, fields);

export const unauthenticated = (message = '请先登录'): DomainError =>
  new DomainError('unauthenticated', message, 401);

export const forbidden = (message = '您没有执行此操作的权限'): DomainError =>
  new DomainError('forbidden', message, 403);

/** Also used when the actor may not see the thing: the answer does not reveal that it exists. */
export const notFound = (message = '未找到该记录，或您无权访问'): DomainError =>
  new DomainError('not_found', message, 404);

export const conflict = (message: string, code = 'conflict'): DomainError =>
  new DomainError(code, message, 409);
