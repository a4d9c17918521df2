import { PG_ADMIN_URL, testEngines } from '../src/core/db/testing.ts';

/** Says once, up front, which database engines the integration suite runs on. */
export default async function setup(): Promise<void> {
  const engines = await testEngines();
  if (!engines.includes('postgres')) {
    console.warn(
      `\n*** PostgreSQL leg SKIPPED: no server at ${PG_ADMIN_URL} (set PG_TEST_URL). ` +
        'Integration tests ran on SQLite only. Under CI=true this is a failure. ***\n',
    );
  } else {
    console.log(`Integration tests run on SQLite and PostgreSQL (${PG_ADMIN_URL}).`);
  }
}
