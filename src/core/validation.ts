import type { z } from 'zod';
import { invalid, type FieldErrors } from './errors.ts';

export interface ParseOptions {
  /** The field named when the input as a whole is wrong (not one of its properties). */
  rootField?: string;
  /** The error's message, from the field messages. */
  message?: (fields: FieldErrors) => string;
}

const GENERIC = '提交的数据有误，请检查后重试';

/** The first field's message, or `fallback`: for inputs where one message says it all. */
export const firstFieldOr =
  (fallback: string) =>
  (fields: FieldErrors): string =>
    Object.values(fields)[0] ?? fallback;

/**
 * Parses service input with the API's own schema, so that every caller (routes, scripts, the demo
 * loader) gets the same checks and the same Chinese messages, as one `invalid_input` error whose
 * fields name each problem.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: ParseOptions = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    fields[issue.path.join('.') || (options.rootField ?? 'body')] ??= issue.message;
  }
  throw invalid(options.message?.(fields) ?? GENERIC, fields);
}
