import { z } from 'zod';
import { deadlineViewSchema } from '../../core/deadlines/schemas.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  CONSULTATION_ANSWERS,
  CONSULTATION_KINDS,
  DELIVERIES,
  DISPUTE_KINDS,
  DISPUTE_OUTCOMES,
  FORMS,
  ID_TYPES,
  REQUEST_EVENTS,
  REQUEST_STATUSES,
} from './model.ts';
import { FEE_METHODS } from './fees.ts';
import { MILESTONES } from './deadlines.ts';
import { OUTCOMES } from './outcomes.ts';
import { NOTICE_KINDS } from './notices.ts';
import { CELL_KEYS, COLUMNS, DISPUTE_COLUMNS, TABLE_THREE_ROW_KEYS, type CellKey } from './statistics.ts';

/** Shapes of the requests API, shared by the routes, the service, the portal and the console. */

const date = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const text = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** What the applicant fills in (条例第二十九条), on the portal or through an officer. */
export const applicationSchema = z.object({
  agencyId: z.uuid({ message: '请选择受理机关' }),
  applicantType: z.enum(APPLICANT_TYPES, { message: '请选择申请人类型' }),
  applicantName: text('申请人姓名或名称', 100),
  contactPerson: optionalText('联系人', 50),
  idType: z.enum(ID_TYPES, { message: '请选择证件类型' }),
  idNumber: text('证件号码', 40),
  phone: z
    .string({ message: '请填写联系电话' })
    .trim()
    .regex(/^[0-9+\-() ]{7,20}$/, '联系电话格式有误'),
  email: z
    .email({ message: '电子邮箱格式有误' })
    .max(100)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  address: optionalText('通信地址', 200),
  postalCode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, '邮政编码应为 6 位数字')
    .optional()
    .transform((v) => (v ? v : undefined)),
  description: z
    .string({ message: '请描述所需的政府信息' })
    .trim()
    .min(5, '请描述所需的政府信息（名称、文号或便于查询的其他特征，至少 5 个字）')
    .max(5000, '所需信息的描述不能超过 5000 个字'),
  purpose: optionalText('用途', 1000),
  form: z.enum(FORMS, { message: '请选择获取信息的形式' }),
  delivery: z.enum(DELIVERIES, { message: '请选择获取信息的方式' }),
});
export type ApplicationInput = z.input<typeof applicationSchema>;

/** Staff intake: the application, how it came, and the dates 条例第三十一条 needs. */
export const staffIntakeSchema = applicationSchema.extend({
  channel: z.enum(CHANNELS, { message: '请选择申请方式' }),
  submittedOn: date.optional(),
  signedOn: date.optional(),
  confirmedOn: date.optional(),
  intakeNote: optionalText('登记说明', 500),
  /** Scans of the letter and other case papers (the case file). */
  fileIds: z
    .array(z.uuid({ message: '附件编号有误' }))
    .max(20, '附件不能超过 20 个')
    .default([]),
  /** Copies of the identity document: kept apart, read only through the audited identity route. */
  identityFileIds: z
    .array(z.uuid({ message: '证件材料编号有误' }))
    .max(5, '证件材料不能超过 5 个')
    .default([]),
});
export type StaffIntakeInput = z.input<typeof staffIntakeSchema>;

export const trackSchema = z.object({
  trackingNumber: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{6,}$/, '申请编号格式有误，例如 2026-000123'),
  phoneTail: z
    .string()
    .trim()
    .regex(/^\d{4}$/, '请输入联系电话的后四位'),
});

export const tokenTrackSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, '链接无效'),
  phoneTail: z
    .string()
    .trim()
    .regex(/^\d{4}$/, '请输入联系电话的后四位'),
});

export const correctionSchema = z.object({
  items: z.array(text('补正事项', 500)).min(1, '请列出需要补正的全部事项').max(20, '补正事项不能超过 20 项'),
});

export const correctedSchema = z.object({
  receivedOn: date,
  description: optionalText('补正后的描述', 5000),
});

export const assignSchema = z.object({
  agencyId: z.uuid({ message: '请选择承办单位' }),
  assigneeId: z.uuid({ message: '请选择承办人' }),
});

export const searchRecordSchema = z.object({ record: text('检索记录', 5000) });

export const consultationSchema = z.object({
  kind: z.enum(CONSULTATION_KINDS, { message: '请选择征求意见的对象类型' }),
  party: text('被征求意见方', 200),
  contact: text('联系方式', 200),
  matter: text('征求意见的事项', 2000),
  sentOn: date,
});

export const consultationAnswerSchema = z.object({
  answer: z.enum(CONSULTATION_ANSWERS, { message: '请选择答复结果' }),
  answeredOn: date.optional(),
  note: optionalText('意见内容', 2000),
  overrideReason: optionalText('公共利益理由', 2000),
});

export const extensionSchema = z.object({
  days: z.int('延长天数应为整数').min(1, '延长天数至少 1 个工作日'),
  reason: text('延期理由', 1000),
});

export const reasonsSchema = z.object({ note: text('要求说明理由的内容', 2000) });
export const longLimitSchema = z.object({
  days: z.int('答复期限应为整数'),
  reason: text('延期答复理由', 2000),
});

export const feeSchema = z.object({
  method: z.enum(FEE_METHODS, { message: '请选择计收方式' }),
  items: z.int().min(1).optional(),
  pages: z.int().min(0).optional(),
});

export const paymentSchema = z.object({ paidOn: date });

const withheldPart = z.object({
  description: z.string().trim().default(''),
  ground: z.string().default(''),
  reason: z.string().trim().default(''),
});

export const replySchema = z.object({
  outcome: z.enum(OUTCOMES, { message: '请选择答复类型' }),
  text: z.string().trim().max(20_000, '答复内容过长').default(''),
  provision: z.object({ alreadyPublic: z.boolean(), where: z.string().trim().default('') }).optional(),
  disclosedPart: z.string().trim().optional(),
  withheldParts: z.array(withheldPart).max(50).optional(),
  reason: z.string().trim().optional(),
  searchRecord: z.string().trim().optional(),
  otherAgency: z.object({ name: z.string().trim(), contact: z.string().trim() }).optional(),
  remedies: z.object({ reconsiderationOrgan: z.string().trim(), court: z.string().trim() }).optional(),
});
export type ReplyInput = z.input<typeof replySchema>;

export const returnDraftSchema = z.object({ opinion: text('退回意见', 1000) });

export const deliverySchema = z.object({
  noticeId: z.uuid({ message: '告知书编号有误' }),
  method: z.enum(['in_person', 'post', 'email', 'online', 'fax'], { message: '请选择送达方式' }),
  deliveredAt: z.iso.datetime({ offset: true, message: '送达时间格式有误' }).optional(),
});

export const disputeSchema = z.object({
  kind: z.enum(DISPUTE_KINDS, { message: '请选择争议类型' }),
  receivedOn: date,
  body: text('受理机关或法院', 200),
});

export const disputeUpdateSchema = z.object({
  outcome: z.enum(DISPUTE_OUTCOMES, { message: '请选择结果' }),
  decidedOn: date.optional(),
  hearing: z.object({ on: date, note: text('庭审或听证情况', 1000) }).optional(),
  followUp: optionalText('整改落实情况', 2000),
});

export const settingsSchema = z.object({
  replyDays: z
    .int()
    .min(1, '答复期限至少 1 个工作日')
    .max(20, '答复期限不得超过 20 个工作日（条例第三十三条）')
    .nullable(),
  extensionDays: z.int().min(1).max(20, '延长期限不得超过 20 个工作日（条例第三十三条）').nullable(),
  correctionPeriodDays: z
    .int()
    .min(1, '补正期限至少 1 个工作日')
    .max(60, '补正期限不超过 60 个工作日')
    .nullable(),
  feeWindowCounted: z.boolean().nullable(),
  milestones: z.partialRecord(z.enum(MILESTONES), z.int().min(1).max(20)).nullable(),
});

export const templateSchema = z.object({
  title: z.string().trim(),
  body: z.string(),
});

export const templateParamsSchema = z.object({ kind: z.enum(NOTICE_KINDS, { message: '告知书类型有误' }) });

export const requestListQuerySchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const statisticsQuerySchema = z.object({
  agencyId: z.uuid({ message: '请选择机关' }),
  scope: z.enum(['agency', 'region'], { message: '统计范围有误' }).default('agency'),
  year: z.coerce.number().int().min(2000, '年份有误').max(2100, '年份有误'),
});

const tableRowView = <K extends string, C extends string>(keys: readonly K[], columns: readonly C[]) =>
  z.object({ key: z.enum(keys), label: z.string(), cells: z.record(z.enum(columns), z.number()) });

/** Tables 三 and 四 (statistics.ts), counts only: a cell's requests come from the cell route. */
export const statisticsView = z.object({
  tableThree: z.object({ year: z.number(), rows: z.array(tableRowView(TABLE_THREE_ROW_KEYS, COLUMNS)) }),
  tableFour: z.object({ year: z.number(), groups: z.array(tableRowView(DISPUTE_KINDS, DISPUTE_COLUMNS)) }),
});
export type StatisticsView = z.infer<typeof statisticsView>;
export type { CellKey };

export const statisticsCellQuerySchema = statisticsQuerySchema.extend({
  cell: z.enum(CELL_KEYS, {
    message:
      '统计单元格有误：应为“表.行.列”，如 three.new.total（表三）或 four.reconsideration.upheld（表四）',
  }),
  page: z.coerce.number().int().min(1, '页码有误').max(10_000, '页码有误').default(1),
});
export type StatisticsCellQuery = z.output<typeof statisticsCellQuerySchema>;

/** One page of the requests behind a cell (table 四: one line per case, with the case's receipt day). */
export const statisticsCellView = z.object({
  cell: z.enum(CELL_KEYS),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  requests: z.array(
    z.object({
      id: z.string(),
      trackingNumber: z.string(),
      agencyId: z.string(),
      agencyName: z.string(),
      applicantType: z.enum(APPLICANT_TYPES),
      applicantName: z.string(),
      status: z.enum(REQUEST_STATUSES),
      outcome: z.enum(OUTCOMES).nullable(),
      receivedOn: z.string(),
      repliedOn: z.string().nullable(),
      caseReceivedOn: z.string().nullable(),
    }),
  ),
});
export type StatisticsCellView = z.infer<typeof statisticsCellView>;

export const requestIdParamsSchema = z.object({ id: z.uuid({ message: '申请编号有误' }) });

/** A published document that may already answer a request (条例第三十六条第（一）项), with its portal page. */
export const publicMatchView = z.object({
  id: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  publishedOn: z.string(),
  url: z.string(),
});
export type PublicMatchView = z.infer<typeof publicMatchView>;

export const noticeView = z.object({
  id: z.string(),
  kind: z.enum(NOTICE_KINDS),
  addressee: z.string(),
  title: z.string(),
  paragraphs: z.array(z.string()),
  issuedOn: z.string(),
  deliveredAt: z.string().nullable(),
  deliveryMethod: z.string().nullable(),
});
export type NoticeView = z.infer<typeof noticeView>;

export const requestView = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  trackingNumber: z.string(),
  status: z.enum(REQUEST_STATUSES),
  channel: z.enum(CHANNELS),
  receivedOn: z.string(),
  intakeBy: z.string().nullable(),
  intakeNote: z.string().nullable(),
  applicantType: z.enum(APPLICANT_TYPES),
  applicantName: z.string(),
  contactPerson: z.string().nullable(),
  idType: z.enum(ID_TYPES),
  idNumberMasked: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  description: z.string(),
  purpose: z.string().nullable(),
  form: z.enum(FORMS),
  delivery: z.enum(DELIVERIES),
  responsibleAgencyId: z.string().nullable(),
  responsibleAgencyName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  deadline: deadlineViewSchema.nullable(),
  milestones: z.array(
    z.object({ milestone: z.string(), label: z.string(), days: z.number(), dueOn: z.string() }),
  ),
  correction: z
    .object({
      items: z.array(z.string()),
      noticeOn: z.string(),
      dueOn: z.string(),
      correctedOn: z.string().nullable(),
    })
    .nullable(),
  extensionDays: z.number().nullable(),
  longLimitDays: z.number().nullable(),
  fee: z.unknown().nullable(),
  feeDueOn: z.string().nullable(),
  paidOn: z.string().nullable(),
  searchRecord: z.string().nullable(),
  reply: z.unknown().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  repliedOn: z.string().nullable(),
  archivedAt: z.string().nullable(),
  similar: z.array(
    z.object({ id: z.string(), trackingNumber: z.string(), score: z.number(), sameApplicant: z.boolean() }),
  ),
  consultations: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(CONSULTATION_KINDS),
      party: z.string(),
      matter: z.string(),
      sentOn: z.string(),
      dueOn: z.string(),
      answer: z.enum(CONSULTATION_ANSWERS).nullable(),
      answeredOn: z.string().nullable(),
      note: z.string().nullable(),
      overrideReason: z.string().nullable(),
    }),
  ),
  notices: z.array(noticeView),
  disputes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(DISPUTE_KINDS),
      receivedOn: z.string(),
      body: z.string(),
      defenceDueOn: z.string(),
      evidenceDueOn: z.string(),
      outcome: z.enum(DISPUTE_OUTCOMES),
      decidedOn: z.string().nullable(),
      followUp: z.string().nullable(),
      hearings: z.array(z.object({ on: z.string(), note: z.string() })),
    }),
  ),
  caseFiles: z.array(z.object({ id: z.string(), fileId: z.string() })),
  identityProofs: z.number(),
  allowedEvents: z.array(z.enum(REQUEST_EVENTS)),
});
export type RequestView = z.infer<typeof requestView>;

/** What the tracking page shows: status and the notices to the applicant, nothing else. */
export interface TrackingView {
  trackingNumber: string;
  agencyName: string;
  status: string;
  statusLabel: string;
  receivedOn: string;
  dueOn: string | null;
  paused: boolean;
  descriptionExcerpt: string;
  notices: { id: string; kind: string; title: string; issuedOn: string; paragraphs: string[] }[];
}
