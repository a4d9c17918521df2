import type { Actor } from '../../core/auth/actor.ts';
import type { AssignmentCreateInput } from './schemas.ts';
import type { AssignmentsService } from './service.ts';

/**
 * Work the county's disclosure officer has handed to the education bureau, so that a first look at
 * the console finds something in My tasks: items due within a day or three (coloured due-soon) and
 * one with time to spare. They are created now, on the real calendar, and fall overdue honestly if
 * the demo is left running.
 */
const DEMO_ASSIGNMENTS: readonly Omit<AssignmentCreateInput, 'agencyId'>[] = [
  {
    title: '报送本单位 2026 年度政府信息公开工作年度报告素材',
    description: '按年报格式要求，报送主动公开、依申请公开、复议诉讼等各项统计数据及工作情况说明。',
    assigneeRole: 'drafter',
    workingDays: 1,
  },
  {
    title: '对拟公开的秋季招生政策解读稿进行保密审查',
    description: '审查是否涉及国家秘密、工作秘密及个人信息，出具审查意见。',
    assigneeRole: 'secrecy_reviewer',
    workingDays: 3,
  },
  {
    title: '更新本单位政府信息公开指南',
    description: '核对办公地址、联系电话、受理时间，指南变更后 10 个工作日内在门户更新。',
    assigneeRole: 'unit_head',
    workingDays: 5,
  },
  {
    title: '审定本单位主动公开基本目录（2026 年版）',
    description: '对照县政府办公室下发的目录编制规范，审定后报送县政务公开办。',
    assigneeRole: 'leader_in_charge',
    workingDays: 10,
  },
];

export async function seedDemoAssignments(
  services: { assignments: AssignmentsService },
  officer: Actor,
  agencyId: string,
): Promise<number> {
  for (const item of DEMO_ASSIGNMENTS) await services.assignments.create(officer, { ...item, agencyId });
  return DEMO_ASSIGNMENTS.length;
}
