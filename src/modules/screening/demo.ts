import type { Actor } from '../../core/auth/actor.ts';
import type { LeaderCreateInput, WordCreateInput } from './schemas.ts';
import type { ScreeningService } from './service.ts';

/**
 * The demo county's screening lists: a few sensitive words the county office keeps, and the
 * county's leaders. The names are fictional (they match no real official of 西吉县).
 */
const DEMO_WORDS: readonly Omit<WordCreateInput, 'agencyId'>[] = [
  { word: 'XX县', severity: 'blocking', note: '模板占位符未替换' },
  { word: '此处填写', severity: 'blocking', note: '模板提示语未删除' },
  { word: '最高级', severity: 'warning', note: '广告法禁用的绝对化用语' },
  { word: '全国第一', severity: 'warning', note: '绝对化表述，须有权威依据' },
  { word: '维稳名单', severity: 'blocking', note: '内部工作用语，不得公开' },
];

export const DEMO_LEADERS: readonly Omit<LeaderCreateInput, 'agencyId'>[] = [
  { name: '马振华', titles: ['县委副书记', '县长'], sortOrder: 10 },
  { name: '杨国栋', titles: ['县委常委', '常务副县长'], sortOrder: 20 },
  // The demo's leader in charge of education and health.
  { name: '田志刚', titles: ['副县长'], sortOrder: 30 },
  { name: '海丽萍', titles: ['副县长'], sortOrder: 40 },
  { name: '苏文博', titles: ['县人民政府党组成员', '县长助理'], sortOrder: 50 },
];

export async function seedDemoScreening(
  services: { screening: ScreeningService },
  officer: Actor,
  countyId: string,
): Promise<void> {
  for (const w of DEMO_WORDS) await services.screening.createWord(officer, { ...w, agencyId: countyId });
  for (const l of DEMO_LEADERS) await services.screening.createLeader(officer, { ...l, agencyId: countyId });
}
