import type { FormInstance } from 'antd';
import { ApiError } from './api.ts';

/**
 * Puts the server's per-field messages on the form's own fields (`fields` keys are dotted paths such
 * as `uscc` or `body.uscc`). Returns whether any of `names` got a message; if none did, the caller shows
 * the overall message instead.
 */
export function applyFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  names: readonly string[],
): boolean {
  if (!(error instanceof ApiError)) return false;
  const fields = Object.entries(error.fields)
    .map(([path, message]) => ({ name: path.replace(/^body\./, '').split('.')[0] ?? '', errors: [message] }))
    .filter((f) => names.includes(f.name));
  if (fields.length === 0) return false;
  form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  return true;
}

/**
 * The form's values when every field is valid, or null when some are not: antd then shows the
 * messages on the fields, and the dialog stays open. (validateFields rejects in that case.)
 */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'errorFields' in error) return null;
    throw error;
  }
}
