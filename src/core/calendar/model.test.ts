import { describe, expect, it } from 'vitest';
import { buildCalendar, isValidRegionCode, regionChain, type CalendarEntry } from './model.ts';

const national: CalendarEntry[] = [
  { regionCode: '', date: '2024-10-01', isWorking: false, name: '国庆节', source: 'chinese-days' },
  { regionCode: '', date: '2024-10-05', isWorking: false, name: '国庆节', source: 'chinese-days' },
  { regionCode: '', date: '2024-10-12', isWorking: true, name: '国庆节', source: 'chinese-days' },
];
// Test data for the mechanism, not a real regional arrangement.
const ningxia: CalendarEntry = {
  regionCode: '640000',
  date: '2024-10-14',
  isWorking: false,
  name: '测试节',
  source: 'admin',
};

describe('region codes', () => {
  it('are national (empty) or a 6-digit 行政区划代码', () => {
    expect(isValidRegionCode('')).toBe(true);
    expect(isValidRegionCode('640000')).toBe(true);
    expect(isValidRegionCode('640422')).toBe(true);
    expect(isValidRegionCode('64042')).toBe(false);
    expect(isValidRegionCode('990000')).toBe(false);
    expect(isValidRegionCode('ningxia')).toBe(false);
  });

  it('a county inherits its province and prefecture, widest first', () => {
    expect(regionChain('640422')).toEqual(['640000', '640400', '640422']);
    expect(regionChain('640400')).toEqual(['640000', '640400']);
    expect(regionChain('640000')).toEqual(['640000']);
    expect(regionChain('')).toEqual([]);
    expect(() => regionChain('12')).toThrow(RangeError);
  });
});

describe('a day in the calendar', () => {
  const calendar = buildCalendar({ years: [2024], entries: [...national, ningxia] });

  it('Monday to Friday work, the weekend does not, unless an entry says otherwise', () => {
    expect(calendar.day('2024-10-09')).toMatchObject({
      isWorking: true,
      reason: 'workday',
      source: 'weekday_rule',
    });
    expect(calendar.day('2024-10-13')).toMatchObject({ isWorking: false, reason: 'weekend', name: null });
  });

  it('a holiday is off with its name, also on a weekend day inside the holiday', () => {
    expect(calendar.day('2024-10-01')).toMatchObject({ isWorking: false, reason: 'holiday', name: '国庆节' });
    expect(calendar.day('2024-10-05')).toMatchObject({ isWorking: false, reason: 'holiday', name: '国庆节' });
  });

  it('a 调休 Saturday is an adjusted working day', () => {
    expect(calendar.day('2024-10-12')).toMatchObject({ isWorking: true, reason: 'adjusted_working_day' });
  });

  it('a regional override applies to the region and every county in it, not elsewhere', () => {
    expect(calendar.day('2024-10-14').isWorking).toBe(true);
    expect(calendar.day('2024-10-14', '110000').isWorking).toBe(true);
    expect(calendar.day('2024-10-14', '640000')).toMatchObject({
      isWorking: false,
      reason: 'holiday',
      name: '测试节',
      source: 'admin',
      regionCode: '640000',
    });
    expect(calendar.day('2024-10-14', '640422')).toMatchObject({ isWorking: false, regionCode: '640000' });
  });

  it('the most specific region decides: a county can work on its province’s holiday', () => {
    const county: CalendarEntry = { ...ningxia, regionCode: '640422', isWorking: true, name: '照常上班' };
    const c = buildCalendar({ years: [2024], entries: [...national, ningxia, county] });
    expect(c.day('2024-10-14', '640422')).toMatchObject({ isWorking: true, regionCode: '640422' });
    expect(c.day('2024-10-14', '640402')).toMatchObject({ isWorking: false, regionCode: '640000' });
  });

  it('a year without national data is answered by the weekday rule and marked uncovered', () => {
    expect(calendar.day('2027-01-01')).toMatchObject({
      isWorking: true,
      covered: false,
      source: 'weekday_rule',
    });
    expect(calendar.day('2024-01-01').covered).toBe(true);
  });

  it('lists overrides and the regions that have them', () => {
    expect(calendar.regions()).toEqual(['640000']);
    expect(calendar.overrides()).toEqual([ningxia]);
    expect(calendar.overrides('640422')).toEqual([]);
  });
});
