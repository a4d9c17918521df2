import { z } from 'zod';
import { FINDING_CODES, SEVERITIES, TARGETS } from './model.ts';

/** Shapes of the screening API, shared by the routes, the service and the console. */

const severity = z.enum(SEVERITIES, { message: '请选择处理方式（须修改或提醒）' });
const agencyId = z.uuid({ message: '请选择适用单位' });

export const wordCreateSchema = z.object({
  word: z
    .string({ message: '请填写敏感词' })
    .trim()
    .min(1, '请填写敏感词')
    .max(50, '敏感词不能超过 50 个字')
    .refine((w) => !/[\r\n]/.test(w), '敏感词不能换行'),
  severity,
  note: z.string().trim().max(200, '说明不能超过 200 个字').default(''),
  agencyId,
});
export type WordCreateInput = z.input<typeof wordCreateSchema>;

export const wordUpdateSchema = wordCreateSchema.omit({ agencyId: true }).partial();
export type WordUpdateInput = z.input<typeof wordUpdateSchema>;

const title = z.string().trim().min(2, '职务至少 2 个字').max(30, '职务不能超过 30 个字');

export const leaderCreateSchema = z.object({
  name: z
    .string({ message: '请填写姓名' })
    .trim()
    .regex(/^[\p{Script=Han}·]{2,8}$/u, '姓名须为 2–8 个汉字'),
  titles: z.array(title, { message: '请填写职务' }).min(1, '请至少填写一个职务').max(6, '职务不能超过 6 个'),
  agencyId,
  active: z.boolean().default(true),
  sortOrder: z.int('排序须为整数').min(0, '排序不能为负数').max(9999, '排序不能超过 9999').default(0),
});
export type LeaderCreateInput = z.input<typeof leaderCreateSchema>;

export const leaderUpdateSchema = leaderCreateSchema.omit({ agencyId: true }).partial();
export type LeaderUpdateInput = z.input<typeof leaderUpdateSchema>;

export const idParamsSchema = z.object({ id: z.uuid({ message: '编号有误' }) });

/** The try-it box: a text (and optionally files) checked as the documents workflow would check it. */
export const checkSchema = z.object({
  title: z.string().max(200, '标题不能超过 200 个字').default(''),
  bodyText: z.string().max(200_000, '正文不能超过 20 万字').default(''),
  links: z.array(z.string().max(2000, '链接过长')).max(50, '链接不能超过 50 个').default([]),
  agencyId: agencyId.optional(),
  attachments: z
    .array(
      z.object({
        name: z.string().trim().min(1, '请填写附件名').max(200, '附件名过长'),
        contentBase64: z
          .base64({ message: '附件内容须为 Base64 编码' })
          .max(900_000, '附件过大（试检不超过 650 KB）'),
      }),
    )
    .max(3, '试检最多 3 个附件')
    .default([]),
});
export type CheckInput = z.input<typeof checkSchema>;

export const excerptSchema = z.object({ before: z.string(), match: z.string(), after: z.string() });

export const findingSchema = z.object({
  key: z.string(),
  code: z.enum(FINDING_CODES),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  location: z.object({
    target: z.enum(TARGETS),
    attachmentId: z.string().optional(),
    attachmentName: z.string().optional(),
    offset: z.number().optional(),
    length: z.number().optional(),
    place: z.string().optional(),
    excerpt: excerptSchema,
  }),
});

export const checkResultSchema = z.object({
  findings: z.array(findingSchema),
  /** True when a blocking finding stops publication. */
  blocked: z.boolean(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const wordSchema = z.object({
  id: z.string(),
  word: z.string(),
  severity: z.enum(SEVERITIES),
  note: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** May the actor change or delete it: the console shows the buttons. */
  editable: z.boolean(),
});
export type WordView = z.infer<typeof wordSchema>;

export const leaderSchema = z.object({
  id: z.string(),
  name: z.string(),
  titles: z.array(z.string()),
  agencyId: z.string(),
  agencyName: z.string(),
  active: z.boolean(),
  sortOrder: z.number(),
  updatedAt: z.string(),
  editable: z.boolean(),
});
export type LeaderView = z.infer<typeof leaderSchema>;
