import { z } from 'zod';
import { ROLES } from '../../core/auth/roles.ts';
import { isValidDivisionCode, isValidPhone, isValidUscc } from '../../core/validators.ts';
import { AGENCY_KINDS } from './model.ts';

/**
 * Input and output shapes of the orgs API, shared by the routes, the service (which parses its
 * input with them too, so the demo world and scripts get the same checks) and the console.
 * Optional text fields accept '' from forms; the service stores it as null.
 */

const optionalText = (max: number) =>
  z.string().trim().max(max, `不能超过 ${max} 个字`).nullable().optional();

const uscc = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => v === '' || isValidUscc(v), {
    message: '统一社会信用代码有误：应为 18 位，且校验位须正确（GB 32100-2015）',
  })
  .nullable()
  .optional();

const divisionCode = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || isValidDivisionCode(v), {
      message: `${label}有误：应为 6 位数字的行政区划代码，如 640422`,
    })
    .nullable()
    .optional();

const phone = z
  .string()
  .trim()
  .refine((v) => v === '' || isValidPhone(v), {
    message: '电话号码有误：请填写带区号的固定电话（如 0954-7011234）或手机号码',
  })
  .nullable()
  .optional();

export const agencyKindSchema = z.enum(AGENCY_KINDS, { message: '单位类型有误' });

export const agencyCreateSchema = z.object({
  parentId: z.uuid({ message: '上级单位有误' }).nullable(),
  name: z.string().trim().min(2, '单位名称至少 2 个字').max(100, '单位名称不能超过 100 个字'),
  shortName: optionalText(30),
  kind: agencyKindSchema,
  uscc,
  divisionCode: divisionCode('行政区划代码'),
  regionCode: divisionCode('日历地区代码'),
  address: optionalText(200),
  phone,
  sortOrder: z.int('排序号须为整数').min(0).max(100_000).optional(),
});
export type AgencyCreateInput = z.input<typeof agencyCreateSchema>;

export const agencyPatchSchema = agencyCreateSchema
  .extend({ active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '没有需要修改的内容');
export type AgencyPatch = z.input<typeof agencyPatchSchema>;

export const agencySchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  kind: agencyKindSchema,
  uscc: z.string().nullable(),
  divisionCode: z.string().nullable(),
  regionCode: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  sortOrder: z.number(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export interface AgencyTreeNode extends z.infer<typeof agencySchema> {
  children: AgencyTreeNode[];
}

export const agencyNodeSchema: z.ZodType<AgencyTreeNode> = agencySchema.extend({
  get children() {
    return z.array(agencyNodeSchema);
  },
});

export const agencyDetailSchema = agencySchema.extend({
  /** From the root down to the agency itself. */
  path: z.array(z.object({ id: z.string(), name: z.string() })),
  supervisingAgency: z.object({ id: z.string(), name: z.string() }).nullable(),
  allowedActions: z.array(z.string()),
});

export const idParamsSchema = z.object({ id: z.uuid({ message: '编号有误' }) });

export const roleSchema = z.enum(ROLES, { message: '角色有误' });

/*
 * User shapes are checked structurally here; the account rules themselves (username format, e-mail,
 * password policy, roles) live in core/auth and come back as field errors from the auth service.
 */

export const membershipSchema = z.object({
  agencyId: z.string().trim().min(1, '请选择单位').max(64),
  roles: z.array(roleSchema).min(1, '每个单位至少选择一个角色').max(ROLES.length),
});

export const membershipsSchema = z.array(membershipSchema).max(50, '所属单位过多');

export const userCreateSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  displayName: z.string().trim().min(1, '请输入姓名').max(50, '姓名不能超过 50 个字'),
  password: z.string().min(1, '请设置初始密码').max(200, '密码过长'),
  email: z.string().trim().max(254, '电子邮箱过长').nullable().optional(),
  phone: z.string().trim().max(32, '电话号码过长').nullable().optional(),
  memberships: membershipsSchema.min(1, '请至少为用户指定一个单位和角色'),
});
export type UserCreateInput = z.input<typeof userCreateSchema>;

export const userPatchSchema = z
  .object({
    displayName: z.string().trim().min(1, '请输入姓名').max(50, '姓名不能超过 50 个字'),
    email: z.string().trim().max(254, '电子邮箱过长').nullable(),
    phone: z.string().trim().max(32, '电话号码过长').nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, '没有需要修改的内容');
export type UserPatch = z.input<typeof userPatchSchema>;

export const setMembershipsSchema = z.object({ memberships: membershipsSchema });

export const resetPasswordSchema = z.object({
  newPassword: z.string().min(1, '请输入新密码').max(200, '密码过长'),
});

export const userListQuerySchema = z.object({ agencyId: z.uuid({ message: '单位有误' }).optional() });

export { UserViewSchema as userViewSchema } from '../../core/auth/schemas.ts';
