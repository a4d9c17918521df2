import { z } from 'zod';
import { ACTIONS } from './permissions.ts';
import { ROLES } from './roles.ts';

/** Request and response shapes of the auth API, shared with the console (web/). */

export const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string().min(1, '请输入密码').max(200, '密码过长'),
});

export const SwitchAgencyBody = z.object({
  agencyId: z.string().min(1, '请选择单位').max(64),
});

export const ChangePasswordBody = z.object({
  oldPassword: z.string().min(1, '请输入原密码').max(200, '密码过长'),
  newPassword: z.string().min(1, '请输入新密码').max(200, '密码过长'),
});

export const RoleSchema = z.enum(ROLES);
export const ActionSchema = z.enum(ACTIONS);

export const MembershipSchema = z.object({
  agencyId: z.string(),
  roles: z.array(RoleSchema),
});

export const MeSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  memberships: z.array(
    z.object({ agencyId: z.string(), agencyName: z.string(), roles: z.array(RoleSchema) }),
  ),
  currentAgencyId: z.string().nullable(),
  csrfToken: z.string(),
  allowedActions: z.array(ActionSchema),
  /** An administrator reset the password: every other request is refused until the user changes it. */
  mustChangePassword: z.boolean(),
});
export type MeResponse = z.infer<typeof MeSchema>;

export const LoginResponse = z.object({ me: MeSchema, csrfToken: z.string() });

export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  memberships: z.array(MembershipSchema),
});
