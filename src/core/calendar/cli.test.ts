import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarCommand } from './cli.ts';

/** Bad input is refused before the database is opened: exit code 2, Chinese and English on stderr. */
describe('gongkai calendar: bad input', () => {
  afterEach(() => vi.restoreAllMocks());

  const cases: [string[], RegExp][] = [
    [['due', '--from', '2024-02-30', '--working-days', '20'], /日期“2024-02-30”无效/],
    [['due', '--from', '27.09.2024', '--working-days', '20'], /日期“27.09.2024”无效/],
    [['due', '--from', '1999-12-31', '--working-days', '20'], /日期须在 2000–2100 年之间/],
    [['due', '--working-days', '20'], /缺少日期 --from/],
    [['due', '--from', '2024-09-27', '--working-days', '0'], /工作日数“0”无效/],
    [['due', '--from', '2024-09-27', '--working-days', '-3'], /错误/],
    [['due', '--from', '2024-09-27', '--working-days', '1001'], /工作日数“1001”无效/],
    [['due', '--from', '2024-09-27'], /缺少 --working-days/],
    [['due', '--from', '2024-09-27', '--working-days', '20', '--region', '64'], /地区代码“64”无效/],
    [['due', '--from', '2024-09-27', '--working-days', '20', '--region', ''], /地区代码“”无效/],
    [['is-working', '2024-09-27', '--region', '990000'], /地区代码“990000”无效/],
    [['is-working'], /缺少日期/],
    [['is-working', '2024-09-27', '2024-09-28'], /只能给出一个日期/],
    [['due', '--from', '2024-09-27', '--working-days', '20', '--bogus'], /参数有误/],
    [['weekday'], /未知的子命令“weekday”/],
    [[], /未知的子命令/],
  ];

  for (const [args, zh] of cases) {
    it(`gongkai calendar ${args.join(' ')} → exit 2`, async () => {
      const errors: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      expect(await calendarCommand(args)).toBe(2);
      const stderr = errors.join('\n');
      expect(stderr).toMatch(zh);
      expect(stderr).toMatch(/Error: /);
      expect(stderr).toContain('用法 / usage');
      expect(log).not.toHaveBeenCalled();
    });
  }
});
