import { join } from 'node:path';
import { scheduleAuditAnchor } from './core/audit/anchor-job.ts';
import { createAuditService, type AuditService } from './core/audit/service.ts';
import { createAuthService, type AuthService } from './core/auth/service.ts';
import { createCalendarService, type CalendarService } from './core/calendar/service.ts';
import type { Config } from './core/config.ts';
import type { Clock } from './core/clock.ts';
import type { Db } from './core/db/connect.ts';
import { createFilesService, type FilesService } from './core/files/service.ts';
import { createDeadlinesService, type DeadlinesService } from './core/deadlines/service.ts';
import { createJobsService, type JobsService } from './core/jobs/service.ts';
import { createNotifyService, type NotifyService } from './core/notify/service.ts';
import { createDeadlineSweep, queueMovedAlerts, type DeadlineSweep } from './core/reminders/sweep.ts';
import { createSearchService, type SearchService } from './core/search/service.ts';
import { createTasksService, type TasksService } from './core/tasks/service.ts';
import { createAssignmentsService, type AssignmentsService } from './modules/assignments/service.ts';
import { createCatalogService, type CatalogService } from './modules/catalog/service.ts';
import { createDocumentsService, type DocumentsService } from './modules/documents/service.ts';
import { createPublicDocumentIndex, type PublicDocumentIndex } from './modules/documents/public-index.ts';
import { createGuidesService, type GuidesService } from './modules/guides/service.ts';
import { createAgencyDirectory, createOrgsService, type OrgsService } from './modules/orgs/service.ts';
import { createScreeningService, type ScreeningService } from './modules/screening/service.ts';
import { createRequestsService, type RequestsService } from './modules/requests/service.ts';
import { createSealer } from './core/sealed.ts';
import { httpFetcher, portalLinkResolver } from './modules/screening/links.ts';

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
  files: FilesService;
  catalog: CatalogService;
  guides: GuidesService;
  /** Published documents' addresses, for the sitemap. */
  documentIndex: PublicDocumentIndex;
  search: SearchService;
  screening: ScreeningService;
  requests: RequestsService;
  // <services:fields>
}

export function createServices(config: Config, db: Db, clock: Clock): Services {
  const audit = createAuditService({ db, clock });
  // Auth reads agency names and paths through the orgs module's directory (decision 0003).
  const auth = createAuthService({ db, clock, audit, orgs: createAgencyDirectory(db) });
  // Orgs needs auth (user management) and auth needs the agency tree: the cycle is broken by the
  // read-only directory above, which auth gets; the full orgs service is built after auth.
  const orgs = createOrgsService({ db, clock, audit, auth });
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
  // Attachments; permission checks over ORGS' authority paths.
  const files = createFilesService({ db, clock, audit, config, orgs });
  // 主动公开目录: published documents come from DOCUMENTS (called late: documents is built below).
  const catalog = createCatalogService({
    db,
    clock,
    audit,
    orgs,
    calendar,
    documents: {
      publishedForAgency: (agencyId) => documents.publishedForCatalog(agencyId),
      publishedByIds: (ids, ex) => documents.publishedByIds(ids, ex),
    },
  });
  // 政府信息公开指南: generated from ORGS' agency data, edited by the disclosure office.
  const guides = createGuidesService({ db, clock, audit, orgs, publicBaseUrl: config.http.publicBaseUrl });
  const documentIndex = createPublicDocumentIndex(db);
  // The full-text index of published documents; the documents workflow feeds it in its transactions.
  // On PostgreSQL searches run on a local replica in DATA_DIR (decision 0012).
  const search = createSearchService({ db, clock, replicaFile: join(config.dataDir, 'search-replica.db') });
  // Links into the portal are fetched at its own address; other private addresses are refused.
  const screening = createScreeningService({
    db,
    clock,
    audit,
    orgs,
    links: {
      fetcher: httpFetcher(),
      baseUrl: config.http.publicBaseUrl,
      resolveInternal: portalLinkResolver(config.http.publicBaseUrl),
    },
  });
  // The proactive-disclosure workflow; it files documents into the catalog at publication, and the
  // catalog reads published documents back through it (each holds the other through a closure).
  const documents = createDocumentsService({
    db,
    clock,
    audit,
    orgs,
    calendar,
    deadlines,
    users: auth,
    screening,
    files,
    search,
    catalog: { file: (trx, actor, input) => catalog.file(trx, actor, input) },
    // 条例第四十四条: what several applicants asked for is considered for proactive disclosure.
    requests: { repeatedlyRequested: (agencyId, year) => requests.repeatedlyRequested(agencyId, year) },
  });
  // Co-issuers who let the answer limit pass consent by silence (西吉县 2018), recorded hourly.
  jobs.register('documents.lapse_consultations', async () => {
    await documents.lapseConsultations();
  });
  jobs.every('documents.lapse_consultations', 3_600_000);
  // 依申请公开: identity numbers sealed under the deployment's field key; "already public?" searches.
  const requests = createRequestsService({
    db,
    clock,
    audit,
    calendar,
    deadlines,
    orgs,
    users: auth,
    sealer: createSealer(config.fieldKey),
    search,
    files,
  });
  // Corrections and fee windows that lapse become their replies (条例第三十条; 国办函〔2020〕109号).
  jobs.register('requests.lapse', async () => {
    await requests.lapse();
  });
  jobs.every('requests.lapse', 3_600_000);
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
    files,
    catalog,
    guides,
    documentIndex,
    search,
    screening,
    requests,
    // <services:return>
  };
}
