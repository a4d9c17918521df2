import type { MigrationDb } from '../schema-helpers.ts';

/**
 * users.must_change_password: 1 after an administrator has reset the password (the administrator
 * knows it), 0 again once the user has chosen their own. Until then the session may do nothing
 * but change the password (core/auth/http.ts).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
