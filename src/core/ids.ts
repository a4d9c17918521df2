import { randomUUID } from 'node:crypto';

/** Every row id is a random UUID string: the same type on SQLite and PostgreSQL, safe to expose. */
export const newId = (): string => randomUUID();
