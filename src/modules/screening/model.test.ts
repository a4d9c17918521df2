import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SEED_DOCUMENTS } from '../../dev/seeds/index.ts';
import {
  blocksPublication,
  isIdNumber,
  passesLuhn,
  screenText,
  titleFits,
  urlsInText,
  type Finding,
  type Leader,
  type ScreeningRules,
} from './model.ts';

const NONE: ScreeningRules = { words: [], leaders: [] };
const codes = (findings: Finding[]): string[] => findings.map((f) => f.code);
const body = (text: string, rules: ScreeningRules = NONE): Finding[] =>
  screenText({ title: '关于做好有关工作的通知', body: text }, rules);

describe('secrecy marks (保密法 Art 20, GB/T 9704 §7.2.2)', () => {
  it.each([
    ['秘密★1年\n关于某事项的通知', '秘密★1年'],
    ['000123\n机密★\n特急', '机密★'],
    ['绝密 ★长期', '绝密 ★长期'],
    ['密级：秘密', '密级：秘密'],
    ['机密\n正文', '机密'],
    ['内部资料 注意保存\n正文', '内部资料 注意保存'],
    ['内部文件，请勿外传', '内部文件，请勿外传'],
    ['正文\n注意保密', '注意保密'],
  ])('a marking such as %j is a blocking secrecy mark', (text, mark) => {
    const [f] = body(text);
    expect(f).toMatchObject({ code: 'secrecy_mark', severity: 'blocking' });
    expect(f?.location.excerpt.match).toBe(mark);
  });

  it('finds a mark in the title', () => {
    const [f] = screenText({ title: '秘密★6个月 关于调整人员的通知', body: '' }, NONE);
    expect(f?.location).toMatchObject({ target: 'title', offset: 0 });
  });

  it.each([
    '行政机关不得公开涉及国家秘密、商业秘密、个人隐私的政府信息。',
    '依照定密规定，明确标志为“秘密”、“机密”、“绝密”的政府信息不予公开。',
    '对政府信息是否属于国家秘密和属于何种密级不明确的，报有权确定该事项密级的机关确定。',
    '公开前应当依法依规做好保密审查。',
    '秘密文件管理办法另行制定。',
    '不得将内部资料用于其他用途。',
  ])('a mention is not a mark: %j', (text) => {
    expect(body(text)).toEqual([]);
  });

  it('finds nothing to block in the five published regulation texts of the demo', () => {
    const dir = fileURLToPath(new URL('../../dev/seeds/', import.meta.url));
    for (const doc of SEED_DOCUMENTS) {
      const text = readFileSync(`${dir}${doc.slug}.md`, 'utf8');
      const found = screenText({ title: doc.title, body: text }, NONE);
      expect(
        found.filter((f) => f.severity === 'blocking'),
        doc.slug,
      ).toEqual([]);
    }
  });
});

describe('ID numbers (GB 11643: province, birth date, ISO 7064 MOD 11-2)', () => {
  it('accepts a number with the right check digit, X included', () => {
    expect(isIdNumber('640422198001011234')).toBe(true);
    expect(isIdNumber('11010519491231002X')).toBe(true);
    expect(isIdNumber('11010519491231002x')).toBe(true);
  });

  it('rejects a wrong check digit, an impossible birth date and an unknown province', () => {
    expect(isIdNumber('640422198001011235')).toBe(false);
    // 29 February 2001 does not exist, though the check digit is right for these 17 digits.
    expect(isIdNumber('640422200102291239')).toBe(false);
    expect(isIdNumber('990422198001011234')).toBe(false);
  });

  it('blocks an ID number in the body and shows where it is', () => {
    const text = '经审核，申请人马某（身份证号640422198001011234）符合条件。';
    const [f] = body(text);
    expect(f).toMatchObject({ code: 'id_number', severity: 'blocking' });
    expect(f?.location).toMatchObject({
      target: 'body',
      offset: text.indexOf('6404'),
      length: 18,
      excerpt: { before: '经审核，申请人马某（身份证号', match: '640422198001011234', after: '）符合条件。' },
    });
  });

  it('does not take an 18-digit number with a wrong check digit, or a masked one, for an ID', () => {
    expect(codes(body('编号 640422198001011235 已登记。'))).not.toContain('id_number');
    expect(body('身份证号 640422********1234')).toEqual([]);
    // Part of a longer run of digits is not an ID number either.
    expect(codes(body('流水号 9640422198001011234'))).not.toContain('id_number');
  });
});

describe('bank cards (Luhn) and mobile numbers', () => {
  it('knows Luhn', () => {
    expect(passesLuhn('4367420012345673')).toBe(true);
    expect(passesLuhn('4367420012345674')).toBe(false);
  });

  it('blocks a card number that passes Luhn, plain or grouped by four', () => {
    expect(codes(body('收款账号：6217001234567890 11'.replace(' 11', '')))).toEqual([]);
    expect(codes(body('收款账号：621700123456789011'))).toEqual(['bank_card']);
    expect(codes(body('卡号 4367 4200 1234 5673'))).toEqual(['bank_card']);
    expect(body('卡号 4367 4200 1234 5673')[0]?.severity).toBe('blocking');
  });

  it('does not call a number that fails Luhn a card, nor an ID number a card', () => {
    expect(codes(body('合同编号 4367420012345674'))).toEqual([]);
    expect(codes(body('640422198001011234'))).toEqual(['id_number']);
  });

  it('warns about a mobile number, not about one inside a longer number or an office landline', () => {
    const [f] = body('联系人：马某，电话 13912345678。');
    expect(f).toMatchObject({ code: 'mobile', severity: 'warning' });
    expect(codes(body('电话 139-1234-5678'))).toEqual(['mobile']);
    expect(codes(body('咨询电话：0954-3012345'))).toEqual([]);
    expect(codes(body('订单号 2013912345678901'))).toEqual([]);
  });
});

describe('personal addresses', () => {
  it('warns about an address after 住址 / 家庭住址 / 现住 / 户籍地址', () => {
    const [f] = body('申请人马某，家庭住址：西吉县吉强镇龙王坝村三组 12 号。');
    expect(f).toMatchObject({ code: 'personal_address', severity: 'warning' });
    expect(f?.location.excerpt.match).toBe('家庭住址：西吉县吉强镇龙王坝村三组');
    expect(codes(body('马某，现住西吉县兴隆镇单家集村。'))).toEqual(['personal_address']);
  });

  it('does not take the word for an address', () => {
    expect(body('不得公开个人身份证号码、家庭住址、联系方式等个人信息。')).toEqual([]);
    expect(body('加强对户籍地址变更业务的指导。')).toEqual([]);
  });
});

describe('configured sensitive words carry their own severity', () => {
  const rules: ScreeningRules = {
    words: [
      { word: '最高级', severity: 'warning', note: '广告法禁用的绝对化用语' },
      { word: 'XX县', severity: 'blocking', note: '模板占位符未替换' },
    ],
    leaders: [],
  };
  it('finds each occurrence, ignoring case for Latin letters', () => {
    const found = body('本项目为最高级示范项目，由xx县负责。', rules);
    expect(found.map((f) => [f.code, f.severity, f.location.excerpt.match])).toEqual([
      ['sensitive_word', 'blocking', 'xx县'],
      ['sensitive_word', 'warning', '最高级'],
    ]);
    expect(found[1]?.message).toBe('发现敏感词“最高级”（广告法禁用的绝对化用语），请修改后发布');
  });
});

describe('leaders’ names and titles (严重表述错误 is a veto item)', () => {
  const leaders: Leader[] = [
    { name: '马建国', titles: ['县委副书记', '县长'] },
    { name: '张德明', titles: ['常务副县长'] },
    { name: '李文静', titles: ['副县长'] },
    { name: '田志刚', titles: ['副县长'] },
  ];
  const rules: ScreeningRules = { words: [], leaders };

  it('knows that 副县长 is not 县长, though 常务副县长 may be shortened to 副县长', () => {
    expect(titleFits('县长', '副县长')).toBe(false);
    expect(titleFits('县长', '代县长')).toBe(false);
    expect(titleFits('副县长', '常务副县长')).toBe(true);
    expect(titleFits('书记', '县委副书记')).toBe(false);
    expect(titleFits('副书记', '县委副书记')).toBe(true);
  });

  it('blocks a known leader called by a title that is not theirs', () => {
    const [f] = body('县长李文静出席会议并讲话。', rules);
    expect(f).toMatchObject({ code: 'leader_title', severity: 'blocking' });
    expect(f?.location.excerpt.match).toBe('县长李文静');
    expect(f?.message).toBe('领导职务表述有误：李文静的现任职务为“副县长”，不是“县长”');
    expect(codes(body('马建国副县长主持会议。', rules))).toEqual(['leader_title']);
  });

  it('accepts the right titles, shortened ones and lists', () => {
    expect(
      body('县委副书记、县长马建国，常务副县长张德明，副县长李文静、田志刚出席。副县长张德明讲话。', rules),
    ).toEqual([]);
    expect(body('马建国县长强调，要做好政务公开工作。', rules)).toEqual([]);
  });

  it('blocks another name after a title that has one holder, but not a former holder', () => {
    const [f] = body('县长王志强主持召开常务会议。', rules);
    expect(f).toMatchObject({ code: 'leader_name', severity: 'blocking' });
    expect(f?.location.excerpt.match).toBe('县长王志强');
    expect(f?.message).toBe('领导姓名表述有误：现任县长为马建国，文中写作“县长王志强”');
    expect(body('原县长王志强、时任县长王志强', rules)).toEqual([]);
    // 副县长 has several holders, and 县长 inside 副县长 is another title.
    expect(body('副县长王志强', rules).map((x) => x.code)).toEqual([]);
    expect(body('请通过县长信箱反映，县长办公会议研究决定。', rules)).toEqual([]);
  });
});

describe('findings', () => {
  it('have stable keys that survive edits elsewhere, and distinct keys for repeats', () => {
    const a = body('身份证号640422198001011234。');
    const b = body('根据申请，身份证号640422198001011234，另 640422198001011234。');
    expect(a[0]?.key).toMatch(/^[0-9a-f]{16}$/);
    expect(b[0]?.key).toBe(a[0]?.key);
    expect(b[1]?.key).not.toBe(b[0]?.key);
  });

  it('put blocking findings first and say whether publication is stopped', () => {
    const found = body('电话 13912345678，身份证号 640422198001011234');
    expect(codes(found)).toEqual(['id_number', 'mobile']);
    expect(blocksPublication(found)).toBe(true);
    expect(blocksPublication(body('电话 13912345678'))).toBe(false);
  });

  it('lists the http(s) links written in a text', () => {
    expect(urlsInText('见 http://example.gov.cn/a?b=1，以及 https://x.cn/y。')).toEqual([
      'http://example.gov.cn/a?b=1',
      'https://x.cn/y',
    ]);
  });
});
