import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { insertAgency, sqlOrgsPort } from '../auth/testing.ts';
import { FixedClock } from '../clock.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { eventHash, type ChainAnchor } from './chain.ts';
import { createAuditService, type AuditService } from './service.ts';

const officer: Actor = {
  userId: 'u-officer',
  username: 'officer',
  displayName: '政务公开专员',
  memberships: [],
  currentAgencyId: null,
};

const auditor = (agencyId: string, role: 'supervisor' | 'drafter' = 'supervisor'): Actor => ({
  userId: `u-${role}-${agencyId}`,
  username: role,
  displayName: role,
  memberships: [{ agencyId, roles: [role] }],
  currentAgencyId: agencyId,
});

/** An attacker with database rights: removes the append-only triggers, as `verify` must still catch them. */
async function dropTriggers(db: TestDb): Promise<void> {
  if (db.engine === 'postgres') {
    await sql`drop trigger audit_events_no_change on audit_events`.execute(db.kysely);
  } else {
    await sql`drop trigger audit_events_no_update`.execute(db.kysely);
    await sql`drop trigger audit_events_no_delete`.execute(db.kysely);
  }
}

describe.each(await testEngines())('audit log on %s', (engine) => {
  let db: TestDb;
  let audit: AuditService;
  const clock = new FixedClock('2026-03-02T01:00:00.000Z');
  const agency = { root: '', education: '', health: '' };

  beforeAll(async () => {
    db = await createTestDb(engine);
    audit = createAuditService({ db, clock });
    agency.root = await insertAgency(db, '西吉县人民政府', null);
    agency.education = await insertAgency(db, '西吉县教育局', agency.root);
    agency.health = await insertAgency(db, '西吉县卫生健康局', agency.root);
  });
  afterAll(() => db.drop());

  it('an empty log verifies', async () => {
    expect(await audit.verify()).toEqual({ ok: true, count: 0, head: null });
  });

  it('records events in the caller\u2019s transaction, and rolls back with it', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      await audit.record(trx, {
        actor: officer,
        agencyId: agency.education,
        entityType: 'assignment',
        entityId: 'as-1',
        action: 'assignment.created',
        after: { title: '更新政府信息公开指南', days: 10 },
      });
    });
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await audit.record(trx, {
          actor: officer,
          agencyId: agency.education,
          entityType: 'assignment',
          entityId: 'as-1',
          action: 'assignment.completed',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const events = await audit.list({ entityType: 'assignment', entityId: 'as-1', limit: 10 });
    expect(events).toEqual([
      {
        seq: expect.any(Number) as number,
        id: expect.any(String) as string,
        at: '2026-03-02T01:00:00.000Z',
        actorId: 'u-officer',
        actorName: '政务公开专员',
        agencyId: agency.education,
        entityType: 'assignment',
        entityId: 'as-1',
        action: 'assignment.created',
        before: null,
        after: { days: 10, title: '更新政府信息公开指南' },
      },
    ]);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.kysely.transaction().execute((trx) =>
          audit.record(trx, {
            actor: officer,
            agencyId: i % 2 ? agency.education : agency.health,
            entityType: 'document',
            entityId: `doc-${i}`,
            action: 'document.drafted',
            after: { n: i },
          }),
        ),
      ),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, count: 21 });
  });

  it('records without a transaction by opening one', async () => {
    await audit.record(db.kysely, {
      actor: officer,
      agencyId: null,
      entityType: 'login',
      entityId: 'nobody',
      action: 'login.unknown_user',
    });
    expect(await audit.verify()).toMatchObject({ ok: true, count: 22 });
  });

  it('lists newest first, filtered, paged with beforeSeq', async () => {
    const drafts = await audit.list({ entityType: 'document', limit: 5 });
    expect(drafts).toHaveLength(5);
    expect(drafts.map((e) => e.seq)).toEqual([...drafts.map((e) => e.seq)].sort((a, b) => b - a));
    const next = await audit.list({ entityType: 'document', limit: 100, beforeSeq: drafts[4]?.seq });
    expect(next).toHaveLength(15);
    expect(await audit.list({ agencyIds: [agency.health], limit: 100 })).toHaveLength(10);
    expect(await audit.list({ agencyIds: [], limit: 100 })).toEqual([]);
  });

  it('shows each actor only the events of agencies in their audit.view reach', async () => {
    const port = sqlOrgsPort(db);
    const path = (id: string) => port.agencyPath(id);
    const countyWide = await audit.listVisible(auditor(agency.root), { limit: 500 }, path);
    expect(countyWide).toHaveLength(22);
    const educationOnly = await audit.listVisible(auditor(agency.education), { limit: 500 }, path);
    expect(new Set(educationOnly.map((e) => e.agencyId))).toEqual(new Set([agency.education]));
    expect(educationOnly).toHaveLength(11);
    const limited = await audit.listVisible(auditor(agency.education), { limit: 3 }, path);
    expect(limited).toEqual(educationOnly.slice(0, 3));
    await expect(
      audit.listVisible(auditor(agency.root, 'drafter'), { limit: 10 }, path),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('the database refuses UPDATE, DELETE through normal SQL', async () => {
    await expect(sql`update audit_events set action = 'x'`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db.kysely)).rejects.toThrow(/append-only/);
    if (engine === 'postgres') {
      await expect(sql`truncate audit_events`.execute(db.kysely)).rejects.toThrow(/append-only/);
    }
    expect(await audit.verify()).toMatchObject({ ok: true, count: 22 });
  });
});

describe.each(await testEngines())('several events appended at once on %s', (engine) => {
  let db: TestDb;
  let audit: AuditService;

  beforeAll(async () => {
    db = await createTestDb(engine);
    audit = createAuditService({ db, clock: new FixedClock('2026-03-02T01:00:00.000Z') });
  });
  afterAll(() => db.drop());

  const event = (entityId: string) => ({
    actor: officer,
    agencyId: null,
    entityType: 'request',
    entityId,
    action: 'request.registered',
    after: { entityId },
  });

  it('chains them in the order given, next to each other, among concurrent single appends', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.kysely
          .transaction()
          .execute((trx) =>
            i % 2
              ? audit.recordMany(trx, [event(`b${i}-1`), event(`b${i}-2`), event(`b${i}-3`)])
              : audit.record(trx, event(`s${i}`)),
          ),
      ),
    );
    expect(await audit.verify()).toMatchObject({ ok: true, count: 5 * 3 + 5 });
    const ids = (await audit.list({ limit: 100 })).map((e) => e.entityId).reverse();
    for (const i of [1, 3, 5, 7, 9]) {
      const at = ids.indexOf(`b${i}-1`);
      expect(ids.slice(at, at + 3)).toEqual([`b${i}-1`, `b${i}-2`, `b${i}-3`]);
    }
  });

  it('rolls back with the transaction, and appends nothing for no events', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await audit.recordMany(trx, [event('gone-1'), event('gone-2')]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await audit.recordMany(db.kysely, []);
    expect(await audit.verify()).toMatchObject({ ok: true, count: 20 });
  });
});

/** An audit log holding `n` region-wide 'user.updated' events. */
async function auditWithUserUpdates(db: TestDb, n: number): Promise<AuditService> {
  const audit = createAuditService({ db, clock: new FixedClock('2026-03-02T01:00:00.000Z') });
  for (let i = 1; i <= n; i += 1) {
    await audit.record(db.kysely, {
      actor: officer,
      agencyId: null,
      entityType: 'user',
      entityId: `u-${i}`,
      action: 'user.updated',
      before: { active: true },
      after: { active: true, displayName: `用户${i}` },
    });
  }
  return audit;
}

describe.each(await testEngines())('tampering with the audit log on %s', (engine) => {
  let db: TestDb;
  let audit: AuditService;
  let seqs: number[];

  beforeAll(async () => {
    db = await createTestDb(engine);
    audit = await auditWithUserUpdates(db, 6);
    seqs = (await audit.list({ limit: 10 })).map((e) => e.seq).reverse();
    expect(await audit.verify()).toMatchObject({ ok: true, count: 6 });
    await dropTriggers(db);
  });
  afterAll(() => db.drop());

  it('a changed `after` is named as the first broken link', async () => {
    const target = seqs[2] as number;
    await sql`update audit_events set after = ${'{"active":false,"displayName":"用户3"}'} where seq = ${target}`.execute(
      db.kysely,
    );
    expect(await audit.verify()).toEqual({
      ok: false,
      brokenAt: target,
      reason: expect.stringContaining('记录被改动') as string,
    });
  });

  it('recomputing the altered row\u2019s hash only moves the break to the next row', async () => {
    // The attacker also fixes the row's own hash; the next row still points at the old one.
    const target = seqs[2] as number;
    const row = await db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '=', target)
      .executeTakeFirstOrThrow();
    const hash = eventHash({
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      actorName: row.actor_name,
      agencyId: row.agency_id,
      entityType: row.entity_type,
      entityId: row.entity_id,
      action: row.action,
      before: row.before,
      after: row.after,
      prevHash: row.prev_hash,
    });
    await sql`update audit_events set hash = ${hash} where seq = ${target}`.execute(db.kysely);
    expect(await audit.verify()).toEqual({
      ok: false,
      brokenAt: seqs[3],
      reason: expect.stringContaining('不衔接') as string,
    });
  });

  it('a deleted row breaks the link of the row after it', async () => {
    await sql`delete from audit_events where seq = ${seqs[1]}`.execute(db.kysely);
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: seqs[2] });
  });
});

describe.each(await testEngines())('anchoring the chain head on %s', (engine) => {
  let db: TestDb;
  let audit: AuditService;

  beforeAll(async () => {
    db = await createTestDb(engine);
    audit = await auditWithUserUpdates(db, 4);
  });
  afterAll(() => db.drop());

  it('a cut-off tail leaves an intact chain, but not the head written down before', async () => {
    const head = await audit.head();
    expect(await audit.verify()).toEqual({ ok: true, count: 4, head });
    expect(await audit.verify(head ?? undefined)).toMatchObject({ ok: true, count: 4 });

    await dropTriggers(db);
    await sql`delete from audit_events where seq = ${head?.seq}`.execute(db.kysely);
    // Without the anchor nothing is wrong: the remaining three events link up.
    expect(await audit.verify()).toMatchObject({ ok: true, count: 3 });
    expect(await audit.verify(head ?? undefined)).toEqual({
      ok: false,
      brokenAt: head?.seq,
      reason: expect.stringContaining('日志尾部可能被截断') as string,
    });
    // An anchor with another hash at that place means the log was rewritten.
    const earlier = (await audit.head()) as ChainAnchor;
    expect(await audit.verify({ seq: earlier.seq, hash: 'f'.repeat(64) })).toMatchObject({
      ok: false,
      brokenAt: earlier.seq,
      reason: expect.stringContaining('日志被改写') as string,
    });
  });
});
