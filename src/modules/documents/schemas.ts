import { z } from 'zod';
import {
  isDocumentNumber,
  LEGAL_CATEGORIES,
  PORTAL_SECTIONS,
  VALIDITIES,
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

/** What the publisher supplies to put a document on the portal (the demo loader, later the workflow). */
export const publishDocumentInput = z
  .object({
    agencyId: z.uuid({ message: '发布机构有误' }),
    title: line('标题', 300),
    docNumber: z
      .string()
      .trim()
      .max(60, '文号过长')
      .refine(
        (v) => v === '' || isDocumentNumber(v),
        '文号格式应为“机关代字〔年份〕序号号”，如 西政办发〔2018〕47号',
      )
      .nullish()
      .transform((v) => (v ? v : null)),
    writtenOn: isoDate,
    topic: line('主题分类', 60),
    genre: line('体裁', 30),
    legalCategory: z.enum(LEGAL_CATEGORIES, { message: '法定类别有误' }),
    validity: z.enum(VALIDITIES, { message: '有效性有误' }).default('in_force'),
    effectiveFrom: isoDate.nullish().transform((v) => v ?? null),
    effectiveTo: isoDate.nullish().transform((v) => v ?? null),
    body: z
      .string({ message: '请填写正文' })
      .trim()
      .min(1, '请填写正文')
      .max(500_000, '正文过长')
      // eslint-disable-next-line no-control-regex
      .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), '正文含有不可见的控制字符'),
    portalSection: z.enum(PORTAL_SECTIONS, { message: '栏目有误' }),
    sourceNote: z
      .string()
      .trim()
      .max(1000, '来源说明过长')
      .nullish()
      .transform((v) => (v ? v : null)),
  })
  .refine((d) => d.effectiveFrom === null || d.effectiveTo === null || d.effectiveFrom <= d.effectiveTo, {
    message: '失效日期不能早于施行日期',
    path: ['effectiveTo'],
  });

export type PublishDocumentInput = z.input<typeof publishDocumentInput>;

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
}

export type PublicDocumentSummary = Omit<PublicDocument, 'body' | 'bodyFormat' | 'sourceNote'>;

export interface DocumentPage {
  items: PublicDocumentSummary[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}
