import { App, type FormInstance } from 'antd';
import { ApiError } from '../../lib/api.ts';

/**
 * Puts the server's field messages on the form's fields, nested paths included
 * (`provision.where`, `withheldParts.0.ground`); `aliases` renames a server path to the form's
 * (the intake's `receivedOn` is the date field the channel shows). Returns whether any field of
 * `names` (first path segments) got a message.
 */
export function applyServerErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  names: readonly string[],
  aliases: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const fields = Object.entries(error.fields)
    .map(([path, message]) => {
      const bare = path.replace(/^body\./, '');
      const name = (aliases[bare] ?? bare).split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      return { name, errors: [message] };
    })
    .filter((f) => names.includes(String(f.name[0])));
  if (fields.length === 0) return false;
  form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  return true;
}

/**
 * Runs a submission: success → the message and true; failure → the messages on the fields, or the
 * server's own words (a 403 or 409 says why in Chinese) as a message, and false.
 */
export function useSubmit() {
  const { message } = App.useApp();
  return async <T>(
    form: FormInstance<T> | null,
    fields: readonly string[],
    run: () => Promise<unknown>,
    done: string,
    aliases: Record<string, string> = {},
  ): Promise<boolean> => {
    try {
      await run();
      void message.success(done);
      return true;
    } catch (error) {
      const onFields = form ? applyServerErrors(form, error, fields, aliases) : false;
      if (!onFields && error instanceof ApiError) void message.error(error.message);
      return false;
    }
  };
}
