import { z } from 'zod';
import { isValidPhone } from '../../core/validators.ts';
import { GUIDE_FIELD_LABELS, GUIDE_FIELDS } from './model.ts';

/** Shapes of the guides API, shared by the routes, the service and the console. */

/** Control characters other than line breaks are refused in every field. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

const text = (label: string, min: number, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .min(min, `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`)
    .refine((v) => !CONTROL.test(v), `${label}含有不可见的控制字符`)
    // Lines are kept as they are typed, with Windows line breaks made plain.
    .transform((v) => v.replace(/\r\n?/g, '\n'));

const line = (label: string, min: number, max: number) =>
  text(label, min, max).refine((v) => !v.includes('\n'), `${label}应为一行`);

const phoneNumber = (label: string) =>
  line(label, 1, 32).refine(isValidPhone, {
    message: `${label}有误：请填写带区号的固定电话（如 0954-7011234）或手机号码`,
  });

/** An optional one-line field: '' or null is "none". */
const optional = <T extends z.ZodType<string>>(schema: T) =>
  z
    .union([z.literal(''), z.null(), schema], { message: '格式有误' })
    .optional()
    .transform((v) => (v ? v : null));

export const guideInputSchema = z.object({
  officeName: line(GUIDE_FIELD_LABELS.officeName, 2, 100),
  officeAddress: line(GUIDE_FIELD_LABELS.officeAddress, 2, 200),
  officeHours: line(GUIDE_FIELD_LABELS.officeHours, 2, 200),
  phone: phoneNumber(GUIDE_FIELD_LABELS.phone),
  fax: optional(phoneNumber(GUIDE_FIELD_LABELS.fax)),
  internetContact: line(GUIDE_FIELD_LABELS.internetContact, 2, 300),
  postalCode: optional(
    z
      .string()
      .trim()
      .regex(/^[1-8]\d{5}$/, '邮政编码应为 6 位数字，如 756300'),
  ),
  howToApply: text(GUIDE_FIELD_LABELS.howToApply, 10, 5000),
  feeRule: text(GUIDE_FIELD_LABELS.feeRule, 10, 5000),
  classification: text(GUIDE_FIELD_LABELS.classification, 10, 5000),
  arrangement: text(GUIDE_FIELD_LABELS.arrangement, 10, 5000),
});
export type GuideInput = z.input<typeof guideInputSchema>;

export const guideParamsSchema = z.object({ agencyId: z.uuid({ message: '单位编号有误' }) });

// A fresh schema per use: one object used twice becomes an unnamed $ref, which OpenAPI cannot hold.
const content = () =>
  z.object(
    Object.fromEntries(GUIDE_FIELDS.map((f) => [f, z.string().nullable()])) as Record<
      (typeof GUIDE_FIELDS)[number],
      z.ZodNullable<z.ZodString>
    >,
  );

export const guideViewSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  /** The guide as the portal shows it. */
  content: content(),
  /** The text generated from the agency's data: what a field shows when nobody wrote one. */
  defaults: content(),
  /** The fields with the office's own text (the rest follow the agency's data). */
  customized: z.array(z.enum(GUIDE_FIELDS)),
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Whether the actor may edit it ('guide.manage'). */
  canEdit: z.boolean(),
  /** Where the portal shows it. */
  portalPath: z.string(),
});
export type GuideView = z.infer<typeof guideViewSchema>;
