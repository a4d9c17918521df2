import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../auth/actor.ts';
import { FixedClock } from '../clock.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { createJobsService, type Logger } from '../jobs/service.ts';
import { scheduleAuditAnchor } from './anchor-job.ts';
import { formatAnchor } from './chain.ts';
import { createAuditService } from './service.ts';

describe.each(await testEngines())('the daily audit anchor on %s', (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(() => db.drop());

  it('logs the chain head once a day, at 00:10 Beijing time', async () => {
    const clock = new FixedClock('2026-03-02T16:05:00Z'); // 00:05 on 3 March in Beijing
    const lines: object[] = [];
    const logger: Logger = { info: (o) => lines.push(o), warn: () => undefined, error: () => undefined };
    const audit = createAuditService({ db, clock });
    const jobs = createJobsService({ db, clock, logger });
    scheduleAuditAnchor(jobs, audit);
    await audit.record(db.kysely, {
      actor: systemActor,
      agencyId: null,
      entityType: 'probe',
      entityId: 'p',
      action: 'probe.created',
    });
    const head = formatAnchor((await audit.head())!);
    const logged = () => lines.filter((o) => 'auditHead' in o);

    await jobs.tick(); // the 2 March occurrence (00:10 yesterday) is due: it runs now
    expect(logged()).toEqual([{ auditHead: head }]);
    await jobs.tick();
    clock.set('2026-03-02T16:09:00Z');
    await jobs.tick();
    expect(logged()).toHaveLength(1);
    clock.set('2026-03-02T16:10:00Z');
    await jobs.tick();
    expect(logged()).toEqual([{ auditHead: head }, { auditHead: head }]);
    await jobs.stop();
  });
});
