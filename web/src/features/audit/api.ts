import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEventView } from '../../../../src/core/audit/schemas.ts';
import { api, query } from '../../lib/api.ts';

/** GET /api/audit (core/audit routes): newest first, paged backwards with `beforeSeq`. */
export type { AuditEventView };

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
}

const PAGE = 50;

export function useAuditEvents(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api.get<{ events: AuditEventView[] }>(
        `/api/audit${query({ ...filter, beforeSeq: pageParam, limit: PAGE })}`,
      ),
    getNextPageParam: (last) => (last.events.length < PAGE ? undefined : last.events.at(-1)?.seq),
  });
}

export const ENTITY_LABELS: Record<string, string> = {
  agency: '单位',
  user: '用户',
  login: '登录',
  notification: '通知',
  assignment: '交办事项',
  document: '政府信息',
  calendar_override: '工作日历',
  deadline: '期限',
};

export const ACTION_LABELS: Record<string, string> = {
  'agency.created': '新增单位',
  'agency.updated': '修改单位',
  'user.created': '新增用户',
  'user.updated': '修改用户',
  'user.memberships_set': '设置单位与角色',
  'user.password_changed': '修改密码',
  'user.password_reset': '重置密码',
  'user.locked': '账号锁定',
  'user.unlocked': '解除锁定',
  'user.login': '登录',
  'user.login_failed': '登录失败',
  'login.unknown_user': '未知用户名登录',
  'user.logout': '退出登录',
  'user.agency_switched': '切换单位',
  'notification.read': '通知已读',
  'notification.all_read': '通知全部已读',
  'document.drafted': '起草政府信息',
  'document.published': '发布政府信息',
  'assignment.created': '交办',
  'assignment.completed': '办结交办事项',
  'assignment.cancelled': '撤销交办事项',
  'calendar_override.set': '设置地区日历调整',
  'calendar_override.removed': '删除地区日历调整',
  'deadline.reminded': '期限提醒',
  'deadline.escalated': '逾期督办',
};
