import { sql } from 'kysely';
import { createAuditService, type AuditService } from '../audit/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { newId } from '../ids.ts';
import { systemActor, type Membership } from './actor.ts';
import { createAuthService, type AuthService, type OrgsPort, type UserView } from './service.ts';

/**
 * Helpers for core tests that need agencies and users without the orgs module (core does not import
 * modules): agencies are written with plain SQL, and the orgs port reads them back the same way.
 */

export const TEST_PASSWORD = 'Demo2026gongkai';

export async function insertAgency(db: Db, name: string, parentId: string | null): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await sql`insert into agencies (id, parent_id, name, kind, region_code, created_at, updated_at)
            values (${id}, ${parentId}, ${name}, ${parentId ? 'department' : 'government'}, '640000', ${now}, ${now})`.execute(
    db.kysely,
  );
  return id;
}

export function sqlOrgsPort(db: Db): OrgsPort {
  return {
    async agencyPath(id, executor = db.kysely) {
      const path: string[] = [];
      let current: string | null = id;
      while (current) {
        const res: { rows: { parent_id: string | null }[] } = await sql<{
          parent_id: string | null;
        }>`select parent_id from agencies where id = ${current}`.execute(executor);
        const row = res.rows[0];
        if (!row) return [];
        path.unshift(current);
        current = row.parent_id;
      }
      return path;
    },
    async agencyNames(ids) {
      if (ids.length === 0) return new Map();
      const res = await sql<{
        id: string;
        name: string;
      }>`select id, name from agencies where id in (${sql.join(ids)})`.execute(db.kysely);
      return new Map(res.rows.map((r) => [r.id, r.name]));
    },
  };
}

export function createTestAuth(db: Db, clock: Clock): { audit: AuditService; auth: AuthService } {
  const audit = createAuditService({ db, clock });
  return { audit, auth: createAuthService({ db, clock, audit, orgs: sqlOrgsPort(db) }) };
}

/** Creates a user with memberships as the system would (seeding), with TEST_PASSWORD by default. */
export async function createTestUser(
  db: Db,
  auth: AuthService,
  input: { username: string; displayName?: string; password?: string; memberships: Membership[] },
): Promise<UserView> {
  return db.kysely.transaction().execute(async (trx) => {
    const user = await auth.createUser(trx, systemActor, {
      username: input.username,
      displayName: input.displayName ?? input.username,
      password: input.password ?? TEST_PASSWORD,
    });
    await auth.setMemberships(trx, systemActor, user.id, input.memberships);
    return { ...user, memberships: input.memberships };
  });
}
