import { describe, expect, it } from 'vitest';
import {
  checkReply,
  OUTCOME_FAMILIES,
  OUTCOME_INFO,
  OUTCOMES,
  reconsiderationFirst,
  remediesText,
  WITHHOLDING_GROUNDS,
  type Outcome,
  type ReplyDraft,
} from './outcomes.ts';

const remedies = { reconsiderationOrgan: '西吉县人民政府', court: '固原市原州区人民法院' };
const fields = (d: ReplyDraft) => checkReply(d).map((p) => p.field);

describe('答复类型 (the outcome rows of table 三, 2021 format)', () => {
  it('has the 21 rows in the printed order, numbered （一） to （六）3', () => {
    expect(OUTCOMES).toHaveLength(21);
    expect(OUTCOMES.map((o) => OUTCOME_INFO[o].row)).toEqual([
      '（一）',
      '（二）',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `（三）${n}`),
      ...[1, 2, 3].map((n) => `（四）${n}`),
      ...[1, 2, 3, 4, 5].map((n) => `（五）${n}`),
      ...[1, 2, 3].map((n) => `（六）${n}`),
    ]);
  });

  it('groups the rows into the six blocks in order', () => {
    const families = [...new Set(OUTCOMES.map((o) => OUTCOME_INFO[o].family))];
    expect(families).toEqual([...OUTCOME_FAMILIES]);
  });

  it('names the article of each row: Art 14 for the absolute bars, 15 for third parties, 16 for internal and process information', () => {
    expect(OUTCOME_INFO.withheld_state_secret.article).toBe('《中华人民共和国政府信息公开条例》第十四条');
    expect(OUTCOME_INFO.withheld_third_party.article).toBe('《中华人民共和国政府信息公开条例》第十五条');
    expect(OUTCOME_INFO.withheld_internal_affairs.article).toBe(
      '《中华人民共和国政府信息公开条例》第十六条第一款',
    );
    expect(OUTCOME_INFO.withheld_enforcement_file.article).toBe(
      '《中华人民共和国政府信息公开条例》第十六条第二款',
    );
    expect(OUTCOME_INFO.unavailable_needs_creation.article).toBe(
      '《中华人民共和国政府信息公开条例》第三十八条',
    );
    expect(OUTCOME_INFO.other_fee_unpaid.article).toContain('《政府信息公开信息处理费管理办法》');
  });

  it('cites no article for the practice categories rather than a wrong one', () => {
    expect(OUTCOME_INFO.not_processed_confirmation.article).toBeNull();
    expect(OUTCOME_INFO.other_other.article).toBeNull();
  });

  it('treats every reply but 予以公开 as adverse, a partial disclosure included', () => {
    expect(OUTCOMES.filter((o) => !OUTCOME_INFO[o].adverse)).toEqual(['disclosed']);
    expect(OUTCOME_INFO.partly_disclosed.adverse).toBe(true);
  });

  it('lets a withheld part rest on exactly the eight 不予公开 categories', () => {
    expect([...WITHHOLDING_GROUNDS]).toEqual(OUTCOMES.filter((o) => OUTCOME_INFO[o].family === 'withheld'));
  });
});

describe('checkReply: a reply cannot be issued unless its evidence is there', () => {
  it('requires the reply text for every outcome, blank meaning empty after trimming', () => {
    for (const outcome of OUTCOMES) {
      expect(fields({ outcome, text: '  \n' })).toContain('text');
    }
  });

  it('予以公开 (Art 36 (二)): issues once it says how the information is provided', () => {
    const d: ReplyDraft = {
      outcome: 'disclosed',
      text: '经审查，您申请的信息予以公开。',
      provision: { alreadyPublic: false, where: '以电子邮件方式提供，附件 2 份' },
    };
    expect(checkReply(d)).toEqual([]);
  });

  it('予以公开 of information already public (Art 36 (一)): must tell where to find it', () => {
    const problems = checkReply({
      outcome: 'disclosed',
      text: '该信息已主动公开。',
      provision: { alreadyPublic: true, where: ' ' },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('provision.where');
    expect(problems[0]?.message).toContain('第三十六条第（一）项');
    expect(fields({ outcome: 'disclosed', text: '予以公开。' })).toEqual(['provision.where']);
  });

  it('needs no remedies for a full disclosure, which is not adverse', () => {
    expect(
      fields({
        outcome: 'disclosed',
        text: '予以公开。',
        provision: { alreadyPublic: false, where: '邮寄' },
      }),
    ).not.toContain('remedies.court');
  });

  describe('部分公开 (Art 37)', () => {
    const partly: ReplyDraft = {
      outcome: 'partly_disclosed',
      text: '您申请的信息部分公开。',
      disclosedPart: '2024 年度项目批复文件正文',
      withheldParts: [
        { description: '附件中的个人身份证号码', ground: 'withheld_third_party', reason: '涉及个人隐私' },
      ],
      remedies,
    };

    it('issues with the disclosed part, each withheld part with ground and reason, and the remedies', () => {
      expect(checkReply(partly)).toEqual([]);
    });

    it('needs the disclosed part and at least one withheld part', () => {
      expect(fields({ ...partly, disclosedPart: '', withheldParts: [] })).toEqual([
        'disclosedPart',
        'withheldParts',
      ]);
    });

    it('refuses a withheld part whose ground is not a 不予公开 category, naming the part', () => {
      const problems = checkReply({
        ...partly,
        withheldParts: [
          ...(partly.withheldParts ?? []),
          { description: '内部讨论记录', ground: 'unavailable_not_held', reason: '过程性信息' },
        ],
      });
      expect(problems).toEqual([
        { field: 'withheldParts.1.ground', message: '不予公开部分须写明理由及依据' },
      ]);
    });

    it('needs a description and a reason for each withheld part', () => {
      expect(
        fields({
          ...partly,
          withheldParts: [{ description: '', ground: 'withheld_process_info', reason: ' ' }],
        }),
      ).toEqual(['withheldParts.0.description', 'withheldParts.0.reason']);
    });
  });

  it('不予公开 (Art 36 (三)): needs the reason in this case, for each of the eight categories', () => {
    for (const outcome of WITHHOLDING_GROUNDS) {
      expect(fields({ outcome, text: '不予公开。', remedies })).toEqual(['reason']);
      expect(fields({ outcome, text: '不予公开。', reason: '属于内部讨论记录', remedies })).toEqual([]);
    }
  });

  describe('本机关不掌握 (Art 36 (四)(五))', () => {
    const notHeld: ReplyDraft = {
      outcome: 'unavailable_not_held',
      text: '经检索，本机关未制作或获取该信息。',
      remedies,
    };

    it('needs the search record or the organ that holds the information', () => {
      expect(fields(notHeld)).toEqual(['searchRecord']);
      expect(
        fields({
          ...notHeld,
          searchRecord: '2025-03-02 张三在本机关公文系统、档案室以“征收补偿”检索，无结果',
        }),
      ).toEqual([]);
      expect(
        fields({ ...notHeld, otherAgency: { name: '西吉县自然资源局', contact: '0954-1234567' } }),
      ).toEqual([]);
    });

    it('needs both the name and the contact of the other organ once one of them is given', () => {
      expect(fields({ ...notHeld, otherAgency: { name: '西吉县自然资源局', contact: '' } })).toEqual([
        'otherAgency.contact',
      ]);
      expect(
        fields({ ...notHeld, searchRecord: '已检索', otherAgency: { name: ' ', contact: '0954-1234567' } }),
      ).toEqual(['otherAgency.name']);
    });

    it('reads an other-organ form row left empty as not given', () => {
      expect(fields({ ...notHeld, otherAgency: { name: '', contact: '' } })).toEqual(['searchRecord']);
    });
  });

  it('需要另行制作 (Art 38) and every 不予处理 reply need their reason', () => {
    const needReason: Outcome[] = [
      'unavailable_needs_creation',
      ...OUTCOMES.filter((o) => OUTCOME_INFO[o].family === 'not_processed'),
    ];
    for (const outcome of needReason) {
      expect(fields({ outcome, text: '答复。', remedies })).toEqual(['reason']);
      expect(fields({ outcome, text: '答复。', reason: '理由', remedies })).toEqual([]);
    }
  });

  it('补正后仍不明确 and the 其他处理 rows need only the text and the remedies', () => {
    const outcomes: Outcome[] = [
      'unavailable_unclear_after_correction',
      'other_correction_lapsed',
      'other_fee_unpaid',
      'other_other',
    ];
    for (const outcome of outcomes) {
      expect(fields({ outcome, text: '答复。', remedies })).toEqual([]);
    }
  });

  it('needs both remedies (条例第五十一条) on every adverse reply', () => {
    for (const outcome of OUTCOMES.filter((o) => OUTCOME_INFO[o].adverse)) {
      expect(fields({ outcome, text: '答复。' })).toEqual(
        expect.arrayContaining(['remedies.reconsiderationOrgan', 'remedies.court']),
      );
    }
    expect(
      fields({
        outcome: 'other_fee_unpaid',
        text: '答复。',
        remedies: { reconsiderationOrgan: '西吉县人民政府', court: '' },
      }),
    ).toEqual(['remedies.court']);
  });
});

describe('the remedies sentence', () => {
  it('gives 60 days for reconsideration and 6 months for a suit', () => {
    expect(remediesText(remedies)).toBe(
      '如对本答复不服，可以自收到本答复之日起六十日内向西吉县人民政府申请行政复议，或者自收到本答复之日起六个月内向固原市原州区人民法院提起行政诉讼。',
    );
  });

  it('puts reconsideration first where 行政复议法第二十三条 requires it: a suit within 15 days of the decision', () => {
    expect(remediesText(remedies, { reconsiderationFirst: true })).toBe(
      '如对本答复不服，可以自收到本答复之日起六十日内向西吉县人民政府申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向固原市原州区人民法院提起行政诉讼。',
    );
  });

  it('requires reconsideration first for replies that withhold, in whole or in part', () => {
    expect(reconsiderationFirst('withheld_third_party')).toBe(true);
    expect(reconsiderationFirst('partly_disclosed')).toBe(true);
    expect(reconsiderationFirst('unavailable_not_held')).toBe(false);
    expect(reconsiderationFirst('disclosed')).toBe(false);
  });
});
