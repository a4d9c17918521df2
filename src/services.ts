import { scheduleAuditAnchor } from './core/audit/anchor-job.ts';
import { createAuditService, type AuditService } from './core/audit/service.ts';
import { createAuthService, type AuthService } from './core/auth/service.ts';
import { createCalendarService, type CalendarService } from './core/calendar/service.ts';
import type { Config } from './core/config.ts';
import type { Clock } from './core/clock.ts';
import type { Db } from './core/db/connect.ts';
import { createDeadlinesService, type DeadlinesService } from './core/deadlines/service.ts';
import { createJobsService, type JobsService } from './core/jobs/service.ts';
import { createNotifyService, type NotifyService } from './core/notify/service.ts';
import { createDeadlineSweep, queueMovedAlerts, type DeadlineSweep } from './core/reminders/sweep.ts';
import { createTasksService, type TasksService } from './core/tasks/service.ts';
import { createAssignmentsService, type AssignmentsService } from './modules/assignments/service.ts';
import { createDocumentsService, type DocumentsService } from './modules/documents/service.ts';
import { createAgencyDirectory, createOrgsService, type OrgsService } from './modules/orgs/service.ts';

/**
 * Every service of the running system. Built once by `createServices` (the composition root);
 * each service lists the collaborators it uses, and no module constructs another's service.
 */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  audit: AuditService;
  auth: AuthService;
  orgs: OrgsService;
  documents: DocumentsService;
  calendar: CalendarService;
  deadlines: DeadlinesService;
  jobs: JobsService;
  notify: NotifyService;
  deadlineSweep: DeadlineSweep;
  tasks: TasksService;
  assignments: AssignmentsService;
  // <services:fields>
}

export function createServices(config: Config, db: Db, clock: Clock): Services {
  const audit = createAuditService({ db, clock });
  // Auth reads agency names and paths through the orgs module's directory (decision 0003).
  const auth = createAuthService({ db, clock, audit, orgs: createAgencyDirectory(db) });
  // Orgs needs auth (user management) and auth needs the agency tree: the cycle is broken by the
  // read-only directory above, which auth gets; the full orgs service is built after auth.
  const orgs = createOrgsService({ db, clock, audit, auth });
  const documents = createDocumentsService({ db, clock, audit, orgs });
  // The job queue comes before the services that enqueue in their transactions.
  const jobs = createJobsService({ db, clock });
  scheduleAuditAnchor(jobs, audit);
  const calendar = createCalendarService({ db, clock, audit, orgs });
  // The people whose deadlines a calendar change moved are told by a job queued in the recompute.
  const deadlines = createDeadlinesService({ db, clock, calendar, onMoved: queueMovedAlerts(jobs) });
  // After every calendar change (override set or removed, new national data) open deadlines are recomputed.
  calendar.onChange(async () => (await deadlines.recomputeOpen()).length);
  const notify = createNotifyService({ db, clock, jobs, config, audit, users: auth });
  // Registers the hourly reminder/escalation sweep and the moved-deadline alerts on `jobs`.
  const deadlineSweep = createDeadlineSweep({ db, clock, jobs, deadlines, notify, audit, users: auth, orgs });
  const tasks = createTasksService({ deadlines, orgs });
  const assignments = createAssignmentsService({ db, clock, audit, deadlines, notify, orgs, users: auth });
  // <services:build>
  return {
    config,
    db,
    clock,
    audit,
    auth,
    orgs,
    documents,
    calendar,
    deadlines,
    jobs,
    notify,
    deadlineSweep,
    tasks,
    assignments,
    // <services:return>
  };
}
