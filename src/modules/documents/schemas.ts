import { z } from 'zod';
import { DEADLINE_UNITS } from '../../core/deadlines/model.ts';
import { findingSchema } from '../screening/schemas.ts';
import {
  CONSULTATION_STATUSES,
  DISCLOSURE_MODES,
  DOCUMENT_EVENTS,
  DOCUMENT_STATUSES,
  isDocumentNumber,
  LEGAL_CATEGORIES,
  PORTAL_SECTIONS,
  REVIEW_DECISIONS,
  REVIEW_STEPS,
  VALIDITIES,
  WITHHOLDING_GROUND_CODES,
  type BodyFormat,
  type DisclosureMode,
  type LegalCategory,
  type PortalSection,
  type Validity,
} from './model.ts';

const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** Text fields: trimmed, and control characters (other than line breaks in bodies) refused. */
const line = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`)
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `${label}含有不可见的控制字符`);

const docNumber = z
  .string()
  .trim()
  .max(60, '文号过长')
  .refine(
    (v) => v === '' || isDocumentNumber(v),
    '文号格式应为“机关代字〔年份〕序号号”，如 西政办发〔2018〕47号',
  )
  .nullish()
  .transform((v) => (v ? v : null));

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullish()
    .transform((v) => (v ? v : null));

/** The metadata every document carries (rules.md §7.1), shared by import and drafting. */
const metadataShape = {
  title: line('标题', 300),
  docNumber,
  writtenOn: isoDate,
  topic: line('主题分类', 60),
  genre: line('体裁', 30),
  legalCategory: z.enum(LEGAL_CATEGORIES, { message: '请选择法定类别' }),
  validity: z.enum(VALIDITIES, { message: '有效性有误' }).default('in_force'),
  effectiveFrom: isoDate.nullish().transform((v) => v ?? null),
  effectiveTo: isoDate.nullish().transform((v) => v ?? null),
  portalSection: z.enum(PORTAL_SECTIONS, { message: '栏目有误' }).default('statutory'),
};

const periodIsOrdered = {
  check: (d: { effectiveFrom: string | null; effectiveTo: string | null }) =>
    d.effectiveFrom === null || d.effectiveTo === null || d.effectiveFrom <= d.effectiveTo,
  params: { message: '失效日期不能早于施行日期', path: ['effectiveTo'] },
};

/** What the publisher supplies to put an already-approved document on the portal (imports, the demo loader). */
export const publishDocumentInput = z
  .object({
    agencyId: z.uuid({ message: '发布机构有误' }),
    ...metadataShape,
    body: z
      .string({ message: '请填写正文' })
      .trim()
      .min(1, '请填写正文')
      .max(500_000, '正文过长')
      // eslint-disable-next-line no-control-regex
      .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), '正文含有不可见的控制字符'),
    sourceNote: optionalText('来源说明', 1000),
  })
  .refine(periodIsOrdered.check, periodIsOrdered.params);

export type PublishDocumentInput = z.input<typeof publishDocumentInput>;

const idList = (label: string, max: number) =>
  z
    .array(z.uuid({ message: `${label}有误` }), { message: `${label}有误` })
    .max(max, `${label}最多 ${max} 个`)
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, `${label}有重复`);

/**
 * A draft as the drafter writes it: metadata, the rich-text body (sanitised in body.ts), co-issuers,
 * attachments, catalog items and the proposed disclosure mode (may still be open in a draft; it
 * must be settled before submission, model.modeProblems).
 */
export const draftInput = z
  .object({
    agencyId: z.uuid({ message: '请选择发布机构' }),
    ...metadataShape,
    /** HTML from the console editor. */
    body: z
      .string({ message: '请填写正文' })
      .min(1, '请填写正文')
      .max(1_000_000, '正文过长（不能超过 100 万个字符）'),
    coIssuers: idList('联合发文单位', 20),
    attachmentIds: idList('附件', 30),
    catalogItemIds: idList('目录事项', 10),
    // 公开属性源头认定: the drafter proposes the mode with the draft.
    disclosureMode: z.enum(DISCLOSURE_MODES, { message: '请确定公开属性（主动公开、依申请公开或不予公开）' }),
    withholdingGround: z
      .enum(WITHHOLDING_GROUND_CODES as [string, ...string[]], { message: '不予公开依据有误' })
      .nullish()
      .transform((v) => v ?? null),
    modeReason: optionalText('理由', 500),
  })
  .refine(periodIsOrdered.check, periodIsOrdered.params)
  .refine((d) => !d.coIssuers.includes(d.agencyId), {
    message: '发布机构不能同时是联合发文单位',
    path: ['coIssuers'],
  });
export type DraftInput = z.input<typeof draftInput>;

const opinion = (label: string, min: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(min, min > 1 ? `${label}至少 ${min} 个字` : `请填写${label}`)
    .max(1000, `${label}不能超过 1000 个字`);

export const reviewInput = z.object({
  opinion: opinion('审核意见', 1)
    .nullish()
    .transform((v) => v ?? null),
});
export const returnInput = z.object({ opinion: opinion('退回意见', 2) });
export const escalateInput = z.object({ question: opinion('请示事项', 5) });
export const answerEscalationInput = z.object({
  authority: line('答复机关', 100),
  answer: opinion('答复内容', 2),
});
export const consultationAnswerInput = z
  .object({
    decision: z.enum(['consent', 'object'], { message: '请选择同意或不同意' }),
    opinion: opinion('会签意见', 1)
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((d) => d.decision === 'consent' || d.opinion !== null, {
    message: '不同意时须说明理由',
    path: ['opinion'],
  });
export const overrideInput = z.object({
  key: z.string().min(1).max(100),
  reason: opinion('忽略警告的理由', 5),
});
export const publishWorkflowInput = z.object({
  overrides: z.array(overrideInput).max(200).default([]),
});
export const reviseInput = draftInput.safeExtend({
  reason: opinion('更新原因', 2),
  overrides: z.array(overrideInput).max(200).default([]),
});
export type ReviseInput = z.input<typeof reviseInput>;
export const withdrawInput = z.object({ reason: opinion('撤回原因', 5) });
export const validityInput = z.object({
  validity: z.enum(VALIDITIES, { message: '有效性有误' }),
  effectiveTo: isoDate.nullish().transform((v) => v ?? null),
  note: opinion('说明', 2),
});
export const convertInput = z.object({ reason: opinion('转为主动公开的理由', 5) });
export const settingsInput = z.object({
  /** null = inherit the chain from the agency above. */
  reviewSteps: z
    .array(z.enum(REVIEW_STEPS, { message: '审核环节有误' }))
    .min(1, '请至少保留保密审查')
    .nullable(),
  publicationDays: z
    .int('公开时限须为整数')
    .min(1, '公开时限至少 1 个工作日')
    .max(20, '公开时限不能超过《条例》第二十六条规定的 20 个工作日')
    .nullable(),
  consultationDays: z
    .int('会签期限须为整数')
    .min(1, '会签期限至少 1 个工作日')
    .max(30, '会签期限不能超过 30 个工作日')
    .nullable(),
});
export type SettingsInput = z.input<typeof settingsInput>;

export const staffListQuery = z.object({
  agencyId: z.uuid({ message: '机构有误' }).optional(),
  status: z.enum(DOCUMENT_STATUSES, { message: '状态有误' }).optional(),
  awaitingMe: z.stringbool().optional(),
});
export const selfReviewQuery = z.object({
  agencyId: z.uuid({ message: '机构有误' }),
  year: z.coerce.number().int('年份有误').min(2008, '年份有误').max(2100, '年份有误'),
});
export const documentIdParams = z.object({ id: z.uuid({ message: '文件编号有误' }) });
export const consultationParams = z.object({
  id: z.uuid({ message: '文件编号有误' }),
  consultationId: z.uuid({ message: '会签编号有误' }),
});
export const agencyIdParams = z.object({ agencyId: z.uuid({ message: '机构有误' }) });

/** A screening finding as the screening module makes it. */
export type FindingView = z.infer<typeof findingSchema>;

export const screeningRecordSchema = z.object({
  at: z.string(),
  findings: z.array(findingSchema),
  blocking: z.number(),
  warnings: z.number(),
});
export type ScreeningRecord = z.infer<typeof screeningRecordSchema>;

const deadlineBrief = z
  .object({
    id: z.string(),
    dueAt: z.string(),
    dueDate: z.string(),
    workingDaysLeft: z.number(),
    state: z.enum(['ok', 'due_soon', 'overdue']),
    status: z.enum(['open', 'closed']),
    paused: z.boolean(),
    provisional: z.boolean(),
    unit: z.enum(DEADLINE_UNITS),
  })
  .nullable();

export const documentViewSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  writtenOn: z.string(),
  topic: z.string(),
  genre: z.string(),
  legalCategory: z.enum(LEGAL_CATEGORIES),
  validity: z.enum(VALIDITIES),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  validityNote: z.string().nullable(),
  portalSection: z.enum(PORTAL_SECTIONS),
  body: z.string(),
  bodyFormat: z.enum(['text', 'html']),
  disclosureMode: z.enum(DISCLOSURE_MODES).nullable(),
  withholdingGround: z.string().nullable(),
  modeReason: z.string().nullable(),
  coIssuers: z.array(z.object({ id: z.string(), name: z.string() })),
  attachments: z.array(z.object({ fileId: z.string(), name: z.string() })),
  catalogItemIds: z.array(z.string()),
  status: z.enum(DOCUMENT_STATUSES),
  reviewChain: z.array(z.enum(REVIEW_STEPS)),
  reviewStep: z.enum(REVIEW_STEPS).nullable(),
  escalation: z
    .object({
      question: z.string(),
      askedAt: z.string(),
      askedBy: z.string(),
      authority: z.string().nullable(),
      answer: z.string().nullable(),
      answeredAt: z.string().nullable(),
    })
    .nullable(),
  indexNumber: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishWorkingDays: z.number().nullable(),
  publicationDays: z.number(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  version: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publicationDeadline: deadlineBrief,
  stepDeadline: deadlineBrief,
  reviews: z.array(
    z.object({
      step: z.enum(REVIEW_STEPS),
      decision: z.enum(REVIEW_DECISIONS),
      opinion: z.string().nullable(),
      actorName: z.string(),
      at: z.string(),
    }),
  ),
  consultations: z.array(
    z.object({
      id: z.string(),
      agencyId: z.string(),
      agencyName: z.string(),
      status: z.enum(CONSULTATION_STATUSES),
      opinion: z.string().nullable(),
      answeredAt: z.string().nullable(),
      answeredByName: z.string().nullable(),
      deadline: deadlineBrief,
      mayAnswer: z.boolean(),
    }),
  ),
  versions: z.array(
    z.object({
      version: z.number(),
      reason: z.string().nullable(),
      createdAt: z.string(),
      createdByName: z.string(),
    }),
  ),
  screening: screeningRecordSchema.nullable(),
  allowedActions: z.array(
    z
      .enum(DOCUMENT_EVENTS)
      .or(z.enum(['edit', 'escalate', 'answer_escalation', 'change_validity', 'screen'])),
  ),
});
export type DocumentView = z.infer<typeof documentViewSchema>;
export type DocumentAction = DocumentView['allowedActions'][number];

export const documentListItemSchema = documentViewSchema.pick({
  id: true,
  agencyId: true,
  agencyName: true,
  title: true,
  docNumber: true,
  writtenOn: true,
  status: true,
  disclosureMode: true,
  reviewStep: true,
  indexNumber: true,
  publishedAt: true,
  updatedAt: true,
  validity: true,
});
export type DocumentListItem = z.infer<typeof documentListItemSchema>;

export const settingsViewSchema = z.object({
  agencyId: z.string(),
  reviewSteps: z.array(z.enum(REVIEW_STEPS)),
  publicationDays: z.number(),
  consultationDays: z.number(),
  own: z.object({
    reviewSteps: z.array(z.enum(REVIEW_STEPS)).nullable(),
    publicationDays: z.number().nullable(),
    consultationDays: z.number().nullable(),
  }),
  inheritedFrom: z.object({
    reviewSteps: z.string().nullable(),
    publicationDays: z.string().nullable(),
    consultationDays: z.string().nullable(),
  }),
  mayEdit: z.boolean(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const selfReviewViewSchema = z.object({
  agencyId: z.string(),
  year: z.number(),
  withheld: z.array(
    documentListItemSchema.extend({
      withholdingGround: z.string().nullable(),
      modeReason: z.string().nullable(),
    }),
  ),
  repeatedlyRequested: z.array(
    z.object({ title: z.string(), count: z.number(), documentId: z.string().nullable() }),
  ),
  mayConvert: z.boolean(),
});
export type SelfReviewView = z.infer<typeof selfReviewViewSchema>;

/** A published document as the public sees it. */
export interface PublicDocument {
  id: string;
  agencyId: string;
  agencyName: string;
  title: string;
  docNumber: string | null;
  writtenOn: string;
  publishedAt: string;
  /** 发布日期: the publication day in Beijing. */
  publishedOn: string;
  indexNumber: string;
  topic: string;
  genre: string;
  legalCategory: LegalCategory;
  /** The validity as of today (an ended effective period reads 失效). */
  validity: Validity;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  disclosureMode: DisclosureMode;
  portalSection: PortalSection;
  body: string;
  bodyFormat: BodyFormat;
  sourceNote: string | null;
  /** 联合发文单位. */
  coIssuerNames: string[];
  attachments: { fileId: string; name: string }[];
  /** The last change of the current version (the portal's 更新日期). */
  updatedAt: string;
  version: number;
  validityNote: string | null;
  /** Working days from formation to publication (条例第二十六条), when published through the workflow. */
  publishWorkingDays: number | null;
}

export type PublicDocumentSummary = Omit<
  PublicDocument,
  | 'body'
  | 'bodyFormat'
  | 'sourceNote'
  | 'coIssuerNames'
  | 'attachments'
  | 'validityNote'
  | 'publishWorkingDays'
>;

/** What stays of a withdrawn document on the portal (a tombstone): who published what, and why it went. */
export interface WithdrawnDocument {
  id: string;
  title: string;
  agencyName: string;
  indexNumber: string | null;
  docNumber: string | null;
  publishedAt: string | null;
  withdrawnAt: string;
  reason: string;
}

export interface DocumentPage {
  items: PublicDocumentSummary[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}
