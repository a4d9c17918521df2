/**
 * The console's one way to call the JSON API. Same-origin cookies carry the session; every
 * state-changing request carries the CSRF token the server handed out last (login, /api/auth/me,
 * switch-agency). Errors arrive as the uniform body `{ error: { code, message, fields } }` and are
 * shown as a Chinese message unless the caller handles them itself (`quiet`).
 */

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export interface RequestOptions {
  /** Do not show the error message; the caller shows it (e.g. on form fields). */
  quiet?: boolean;
  /** A 401 is an answer, not an expired session (the login form, the session probe). */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

interface ApiHooks {
  onError(error: ApiError): void;
  onUnauthenticated(): void;
}

let csrfToken: string | null = null;
let hooks: ApiHooks = {
  onError: () => undefined,
  onUnauthenticated: () => window.location.assign('/console/login'),
};

/** The providers connect errors to antd's message API and 401s to the login page. */
export function configureApi(next: Partial<ApiHooks>): void {
  hooks = { ...hooks, ...next };
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Used when the server does not say what went wrong in its own words. */
function fallbackMessage(status: number): string {
  if (status === 0) return '网络连接失败，请检查网络后重试';
  if (status === 401) return '登录已过期，请重新登录';
  if (status === 403) return '您没有执行此操作的权限';
  if (status === 404) return '未找到该记录，或您无权访问';
  if (status === 409) return '数据已被他人修改，请刷新后重试';
  if (status === 413) return '提交的内容过大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务器暂时无法处理请求，请稍后再试';
  return '请求有误，请检查后重试';
}

function isErrorBody(
  value: unknown,
): value is { error: { code: string; message: string; fields?: FieldErrors } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Login, /api/auth/me and switch-agency answer with the session's CSRF token; remember the last one. */
function rememberCsrf(value: unknown): void {
  if (typeof value === 'object' && value !== null && 'csrfToken' in value) {
    const token = value.csrfToken;
    if (typeof token === 'string') csrfToken = token;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    const error = new ApiError(0, 'network', fallbackMessage(0));
    if (!options.quiet) hooks.onError(error);
    throw error;
  }

  const data = await readJson(response);
  if (response.ok) {
    rememberCsrf(data);
    return data as T;
  }

  const error = isErrorBody(data)
    ? new ApiError(response.status, data.error.code, data.error.message, data.error.fields ?? {})
    : new ApiError(response.status, 'http_' + String(response.status), fallbackMessage(response.status));
  if (response.status === 401 && !options.allowUnauthenticated) {
    csrfToken = null;
    hooks.onUnauthenticated();
  } else if (!options.quiet) {
    hooks.onError(error);
  }
  throw error;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, body ?? {}, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body ?? {}, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Uploads one file as multipart/form-data (POST /api/files and the like), with the session's CSRF
 * token; errors come back as the same ApiError (e.g. the Chinese message for a renamed file).
 */
export async function uploadFile<T>(
  path: string,
  file: Blob & { name?: string },
  options: RequestOptions = {},
) {
  const form = new FormData();
  form.append('file', file, file.name ?? 'file');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: form,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    const error = new ApiError(0, 'network', fallbackMessage(0));
    if (!options.quiet) hooks.onError(error);
    throw error;
  }
  const data = await readJson(response);
  if (response.ok) return data as T;
  const error = isErrorBody(data)
    ? new ApiError(response.status, data.error.code, data.error.message, data.error.fields ?? {})
    : new ApiError(response.status, 'http_' + String(response.status), fallbackMessage(response.status));
  if (response.status === 401) {
    csrfToken = null;
    hooks.onUnauthenticated();
  } else if (!options.quiet) {
    hooks.onError(error);
  }
  throw error;
}
