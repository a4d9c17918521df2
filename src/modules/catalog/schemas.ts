import { z } from 'zod';
import {
  ART26_WORKING_DAYS,
  AUDIENCES,
  CHANNELS,
  ITEM_MODES,
  LEVELS,
  MAX_GRACE_WORKING_DAYS,
  MAX_LIMIT_WORKING_DAYS,
  NODE_KINDS,
  PERIODS,
  STAGES,
} from './model.ts';

/** Shapes of the catalog API, shared by the routes, the service and the console (as types). */

/** Text fields: trimmed, no control characters. */
const text = (label: string, max: number, min = 0, minMessage = `请填写${label}`) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(min, minMessage)
    .max(max, `${label}不能超过 ${max} 个字`)
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), `${label}含有不可见的控制字符`);

const name = text('名称', 100, 2, '名称至少 2 个字');

export const freshnessSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('after_formation'),
      workingDays: z
        .int('时限须为整数个工作日')
        .min(1, '时限至少 1 个工作日')
        .max(MAX_LIMIT_WORKING_DAYS, `时限不能超过 ${MAX_LIMIT_WORKING_DAYS} 个工作日`),
    }),
    z.object({ kind: z.literal('realtime') }),
    z.object({
      kind: z.literal('periodic'),
      every: z.enum(PERIODS, { message: '请选择公开周期' }),
      graceWorkingDays: z
        .int('期满后的公开期限须为整数个工作日')
        .min(0, '期满后的公开期限不能为负数')
        .max(MAX_GRACE_WORKING_DAYS, `期满后的公开期限不能超过 ${MAX_GRACE_WORKING_DAYS} 个工作日`)
        .default(ART26_WORKING_DAYS),
    }),
    z.object({ kind: z.literal('none') }),
  ],
  { message: '请选择时限规则' },
);

/** The elements of a 公开事项 (rules.md §8). */
export const itemElementsSchema = z
  .object({
    content: text('公开内容（要素）', 2000, 1),
    basis: text('公开依据', 2000, 1),
    owner: text('公开主体', 200, 1),
    timeLimit: text('公开时限', 200, 1),
    freshness: freshnessSchema,
    channels: z
      .array(z.enum(CHANNELS, { message: '公开渠道有误' }), { message: '请选择公开渠道' })
      .min(1, '请至少选择一个公开渠道和载体')
      .transform((cs) => CHANNELS.filter((c) => cs.includes(c))),
    channelOther: text('其他渠道说明', 200).default(''),
    audience: z.enum(AUDIENCES, { message: '请选择公开对象' }),
    mode: z.enum(ITEM_MODES, { message: '请选择公开方式' }),
    levels: z
      .array(z.enum(LEVELS, { message: '公开层级有误' }), { message: '请选择公开层级' })
      .min(1, '请至少选择一个公开层级')
      .transform((ls) => LEVELS.filter((l) => ls.includes(l))),
  })
  .refine((e) => !e.channels.includes('other') || e.channelOther.length > 0, {
    message: '选择“其他”渠道时请说明具体渠道',
    path: ['channelOther'],
  });
export type ItemElementsInput = z.input<typeof itemElementsSchema>;

export const nodeCreateSchema = z
  .object({
    agencyId: z.uuid({ message: '单位有误' }),
    parentId: z.uuid({ message: '请选择上级节点' }),
    kind: z.enum(['field', 'item'], { message: '节点类型有误' }),
    name,
    sortOrder: z.int('排序须为整数').min(0, '排序不能为负数').max(100_000, '排序过大').optional(),
    elements: itemElementsSchema.optional(),
  })
  .refine((n) => n.kind !== 'item' || n.elements !== undefined, {
    message: '请填写公开事项的要素',
    path: ['elements'],
  })
  .refine((n) => n.kind !== 'field' || n.elements === undefined, {
    message: '领域不设公开要素',
    path: ['elements'],
  });
export type NodeCreateInput = z.input<typeof nodeCreateSchema>;

export const nodeUpdateSchema = z.object({
  name: name.optional(),
  sortOrder: z.int('排序须为整数').min(0, '排序不能为负数').max(100_000, '排序过大').optional(),
  elements: itemElementsSchema.optional(),
});
export type NodeUpdateInput = z.input<typeof nodeUpdateSchema>;

export const nodeMoveSchema = z.object({
  parentId: z.uuid({ message: '请选择新的上级节点' }),
  sortOrder: z.int('排序须为整数').min(0, '排序不能为负数').max(100_000, '排序过大').optional(),
});
export type NodeMoveInput = z.input<typeof nodeMoveSchema>;

export const fileSchema = z.object({
  documentId: z.uuid({ message: '政府信息编号有误' }),
  itemIds: z
    .array(z.uuid({ message: '公开事项编号有误' }), { message: '请选择公开事项' })
    .min(1, '请至少选择一个公开事项')
    .max(20, '一次最多归入 20 个公开事项')
    .transform((ids) => [...new Set(ids)]),
});
export type FileInput = z.input<typeof fileSchema>;

export const unfileSchema = z.object({
  documentId: z.uuid({ message: '政府信息编号有误' }),
  itemId: z.uuid({ message: '公开事项编号有误' }),
});
export type UnfileInput = z.input<typeof unfileSchema>;

export const agencyQuerySchema = z.object({ agencyId: z.uuid({ message: '请选择单位' }) });
export const standardTreeSchema = z.object({ agencyId: z.uuid({ message: '请选择单位' }) });
export const nodeIdParamsSchema = z.object({ id: z.uuid({ message: '目录节点编号有误' }) });

// ---------------------------------------------------------------------------------------------
// Views

const freshnessView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('after_formation'), workingDays: z.number() }),
  z.object({ kind: z.literal('realtime') }),
  z.object({ kind: z.literal('periodic'), every: z.enum(PERIODS), graceWorkingDays: z.number() }),
  z.object({ kind: z.literal('none') }),
]);

export const itemElementsViewSchema = z.object({
  content: z.string(),
  basis: z.string(),
  owner: z.string(),
  timeLimit: z.string(),
  freshness: freshnessView,
  channels: z.array(z.enum(CHANNELS)),
  channelOther: z.string(),
  audience: z.enum(AUDIENCES),
  mode: z.enum(ITEM_MODES),
  levels: z.array(z.enum(LEVELS)),
});
export type ItemElementsView = z.infer<typeof itemElementsViewSchema>;

/** A published document as the catalog lists it (条例第十二条: 索引、名称、内容概述、生成日期). */
export const catalogDocumentSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  title: z.string(),
  indexNumber: z.string(),
  writtenOn: z.string(),
  publishedAt: z.string(),
  summary: z.string(),
});
export type CatalogDocument = z.infer<typeof catalogDocumentSchema>;

export interface CatalogNodeView {
  id: string;
  agencyId: string;
  parentId: string | null;
  kind: (typeof NODE_KINDS)[number];
  stage: (typeof STAGES)[number];
  name: string;
  sortOrder: number;
  elements: ItemElementsView | null;
  /** Items: the published documents filed under it, newest first; [] for stages and fields. */
  documents: CatalogDocument[];
  children: CatalogNodeView[];
}

const nodeFields = {
  id: z.string(),
  agencyId: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(NODE_KINDS),
  stage: z.enum(STAGES),
  name: z.string(),
  sortOrder: z.number(),
  elements: itemElementsViewSchema.nullable(),
  documents: z.array(catalogDocumentSchema),
};

/**
 * A node with `depth` levels below it. The tree is at most four deep (stage → field → subfield →
 * item), so the schema is spelled out by depth: OpenAPI cannot describe an unnamed recursive schema.
 */
function nodeSchema(depth: number): z.ZodType<CatalogNodeView> {
  return z.object({
    ...nodeFields,
    children: depth > 0 ? z.array(nodeSchema(depth - 1)) : z.array(z.never()),
  });
}

/** Any node: a stage has at most three levels below it. */
export const catalogNodeSchema = nodeSchema(3);

export const catalogTreeSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  stages: z.array(catalogNodeSchema),
  /** What the actor may do with this agency's catalog: the console shows exactly these buttons. */
  allowedActions: z.array(z.enum(['manage', 'file'])),
});
export type CatalogTreeView = z.infer<typeof catalogTreeSchema>;

const itemRef = z.object({
  itemId: z.string(),
  name: z.string(),
  /** Stage and fields above the item, e.g. ['执行公开', '义务教育']. */
  path: z.array(z.string()),
});

export const catalogReportSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  /** The day the report is computed for (Beijing). */
  asOf: z.string(),
  counts: z.object({ items: z.number(), empty: z.number(), stale: z.number(), unfiled: z.number() }),
  reasons: z.object({ empty: z.string(), stale: z.string(), unfiled: z.string() }),
  empty: z.array(itemRef),
  stale: z.array(
    itemRef.extend({
      timeLimit: z.string(),
      newest: catalogDocumentSchema,
      dueDate: z.string(),
      reason: z.string(),
    }),
  ),
  unfiled: z.array(catalogDocumentSchema),
});
export type CatalogReport = z.infer<typeof catalogReportSchema>;

export const filingResultSchema = z.object({
  documentId: z.string(),
  /** The items the document is filed under after the change. */
  items: z.array(itemRef),
});
export type FilingResult = z.infer<typeof filingResultSchema>;
export type CatalogItemRef = z.infer<typeof itemRef>;
