import type { JobsService } from '../jobs/service.ts';
import { formatAnchor } from './chain.ts';
import type { AuditService } from './service.ts';

export const AUDIT_ANCHOR_JOB = 'audit.anchor';

/**
 * Once a day the chain head goes into the structured log, which is shipped and kept apart from the
 * database: `gongkai audit verify --anchor` with any logged head then detects a cut-off tail.
 */
export function scheduleAuditAnchor(
  jobs: Pick<JobsService, 'register' | 'daily'>,
  audit: AuditService,
): void {
  jobs.register(AUDIT_ANCHOR_JOB, async (_payload, { logger }) => {
    const head = await audit.head();
    logger.info({ auditHead: head ? formatAnchor(head) : null }, 'audit chain head');
  });
  jobs.daily(AUDIT_ANCHOR_JOB, '00:10');
}
