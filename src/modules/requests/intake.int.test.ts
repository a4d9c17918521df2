import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, type TestApp } from '../../dev/test-app.ts';
import type { RequestView } from './schemas.ts';

/**
 * Submissions that arrive together are registered in batches, one transaction each
 * (group-commit.ts): every one is still committed before its answer, with its own tracking
 * number, clock, acknowledgement and audit event, and compared with those before it in its batch.
 */
describe.each(await testEngines())('registrations arriving together on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2026-06-08T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  const apply = (description: string) =>
    t.services.requests.submit({
      agencyId: t.world.agencies.education,
      applicantType: 'natural_person',
      applicantName: '马建华',
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      phone: '13909541234',
      description,
      form: 'electronic',
      delivery: 'online',
    });

  it('commits each with its own number, clock, acknowledgement and audit event, and flags the alike', async () => {
    const officer = await t.as('officer');
    // Two matters, each asked for ten times in other words, all at once.
    const matters = ['2025年西吉县教育局学生资助资金发放明细', '县第一中学2026年食堂承包合同及招标文件'];
    const sent = Array.from({ length: 20 }, (_, i) => ({
      matter: i % 2,
      description: `${matters[i % 2]}（第${i}份）`,
    }));
    const answers = await Promise.all(sent.map((s) => apply(s.description)));
    const numbers = answers.map((a) => a.trackingNumber);
    expect(new Set(numbers).size).toBe(20);

    const rows = await t.db.kysely
      .selectFrom('requests')
      .select(['id', 'tracking_number', 'description', 'deadline_id'])
      .where('tracking_number', 'in', numbers)
      .orderBy('tracking_number')
      .execute();
    expect(rows.map((r) => r.description).sort()).toEqual(sent.map((s) => s.description).sort());
    // Consecutive: a batch takes its numbers together, in its order.
    const seqs = rows.map((r) => Number(r.tracking_number.slice(5)));
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));

    const views = await Promise.all(
      rows.map(async (r) =>
        (await officer.inject({ method: 'GET', url: `/api/requests/${r.id}` })).json<RequestView>(),
      ),
    );
    for (const v of views) {
      expect(v.deadline).toMatchObject({ status: 'open', dueDate: '2026-07-07' });
      expect(v.notices.map((n) => n.kind)).toEqual(['acknowledgement']);
      // Every earlier request of the same matter (and none of the other) is flagged, however the
      // submissions fell into batches.
      const matter = matters.findIndex((m) => v.description.startsWith(m));
      const earlier = views.filter(
        (o) => o.trackingNumber < v.trackingNumber && o.description.startsWith(matters[matter] ?? '?'),
      );
      expect(v.similar.map((s) => s.trackingNumber).sort()).toEqual(
        earlier
          .map((o) => o.trackingNumber)
          .slice(-10)
          .sort(),
      );
      expect(v.similar.every((s) => s.sameApplicant)).toBe(true);
    }

    const events = await t.db.kysely
      .selectFrom('audit_events')
      .select(['entity_id', 'after'])
      .where('action', '=', 'request.registered')
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(events.map((e) => e.entity_id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });
  });
});
