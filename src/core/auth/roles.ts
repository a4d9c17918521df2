/** The roles a membership can hold (see the glossary and docs/architecture.md). */
export const ROLES = [
  'drafter',
  'unit_head',
  'secrecy_reviewer',
  'leader_in_charge',
  'disclosure_officer',
  'office_head',
  'web_editor',
  'spokesperson',
  'supervisor',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  drafter: '起草人',
  unit_head: '科室负责人',
  secrecy_reviewer: '保密审查员',
  leader_in_charge: '分管领导',
  disclosure_officer: '政务公开专员',
  office_head: '政务公开办负责人',
  web_editor: '网站编辑',
  spokesperson: '新闻发言人',
  supervisor: '监督员',
  admin: '系统管理员',
};
