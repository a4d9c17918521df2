import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { perItemFee, perPageFee } from './fees.ts';
import {
  checkTemplate,
  chineseDate,
  chineseNumber,
  DEFAULT_TEMPLATES,
  feeValues,
  fillTemplate,
  MAX_BODY_CHARS,
  NOTICE_KINDS,
  numberedList,
  PLACEHOLDERS,
  renderDocx,
  renderHtml,
  replyValues,
  type NoticeDocument,
  type NoticeKind,
  type ReplyNoticeInput,
  type Template,
} from './notices.ts';
import { remediesText } from './outcomes.ts';

const REMEDIES = remediesText({ reconsiderationOrgan: '西吉县人民政府', court: '固原市中级人民法院' });

/** A value for every placeholder a kind may use, each recognisable in the output. */
function fullValues(kind: NoticeKind): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of PLACEHOLDERS[kind]) values[name] = `〔${name}〕`;
  return values;
}

const template = (kind: NoticeKind, patch: Partial<Template>): Template => ({
  ...DEFAULT_TEMPLATES[kind],
  ...patch,
});

const notice = (patch: Partial<NoticeDocument> = {}): NoticeDocument => ({
  title: '政府信息公开申请答复书',
  paragraphs: ['张三：', '你于2026年11月3日向本机关提出的政府信息公开申请收悉。', '特此告知。'],
  agencyName: '西吉县人民政府办公室',
  issuedOn: '2026-12-02',
  docNumber: '西政公开〔2026〕3号',
  ...patch,
});

describe('告知书的种类 (notice kinds)', () => {
  it('are the nine codes other modules store', () => {
    expect(NOTICE_KINDS).toEqual([
      'acknowledgement',
      'correction',
      'extension',
      'third_party_consultation',
      'third_party_override',
      'reasons_request',
      'long_limit',
      'fee',
      'reply',
    ]);
  });

  it('name their placeholders in ASCII only', () => {
    for (const kind of NOTICE_KINDS) {
      for (const name of PLACEHOLDERS[kind]) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    }
  });
});

describe('默认模板 (default templates)', () => {
  it.each(NOTICE_KINDS)('%s passes the check and fills with a full value set', (kind) => {
    const t = DEFAULT_TEMPLATES[kind];
    expect(t.kind).toBe(kind);
    expect(checkTemplate(kind, t)).toBeNull();
    const filled = fillTemplate(t, fullValues(kind));
    expect(filled.title).toBe(t.title);
    const text = filled.paragraphs.join('\n');
    expect(text).not.toMatch(/\{\{|\}\}/);
    // Each notice quotes the article it rests on (the reply's depends on the outcome: replyValues).
    expect(t.body).toMatch(/第[一二三四五六七八九十]+条|\{\{article\}\}/);
  });

  it('the correction notice lists everything to correct once, with the period, and the consequence (第三十条)', () => {
    const { body } = DEFAULT_TEMPLATES.correction;
    expect(body).toContain('第三十条');
    expect(body).toContain('一次性告知');
    expect(body).toContain('{{items}}');
    expect(body).toContain('{{correctionDueOn}}前');
    expect(body).toContain('自本机关收到补正后的申请之日起计算');
    expect(body).toContain('视为放弃申请');
  });

  it('the correction notice prints each item to correct as its own paragraph', () => {
    const values = {
      ...fullValues('correction'),
      items: numberedList(['请明确所需信息的名称或文号。', '请补充身份证明']),
    };
    const { paragraphs } = fillTemplate(DEFAULT_TEMPLATES.correction, values);
    expect(paragraphs).toContain('（一）请明确所需信息的名称或文号。');
    expect(paragraphs).toContain('（二）请补充身份证明。');
  });

  it('the extension needs the head of the disclosure office and gives the new limit (第三十三条第二款)', () => {
    const { body } = DEFAULT_TEMPLATES.extension;
    expect(body).toContain('第三十三条第二款');
    expect(body).toContain('政府信息公开工作机构负责人同意');
    expect(body).toContain('{{extensionDays}}个工作日');
  });

  it('the third party has 15 working days to answer (第三十二条)', () => {
    const { body } = DEFAULT_TEMPLATES.third_party_consultation;
    expect(body).toContain('第三十二条');
    expect(body).toContain('15个工作日内');
    expect(body).toContain('逾期未提出意见的');
  });

  it('a disclosure over the objection tells the third party the content, the reasons and the remedies (第三十二条)', () => {
    const { body } = DEFAULT_TEMPLATES.third_party_override;
    expect(body).toContain('公共利益造成重大影响');
    for (const p of ['{{disclosedContent}}', '{{reason}}', '{{remedies}}']) expect(body).toContain(p);
  });

  it('the 第三十五条 notices ask for reasons, then set a reasonable longer limit', () => {
    expect(DEFAULT_TEMPLATES.reasons_request.body).toContain('第三十五条');
    expect(DEFAULT_TEMPLATES.reasons_request.body).toContain('{{reasonsDueOn}}');
    expect(DEFAULT_TEMPLATES.long_limit.body).toContain('第三十五条');
    expect(DEFAULT_TEMPLATES.long_limit.body).toContain('{{dueOn}}');
  });

  it('the fee notice states basis, standard, amount, payment, the 20 working days and non-payment (109号)', () => {
    const fee = feeValues(perItemFee(29, 3));
    const values = { ...fullValues('fee'), ...fee, paymentMethod: '银行转账至西吉县财政局非税收入专户' };
    const text = fillTemplate(DEFAULT_TEMPLATES.fee, values).paragraphs.join('\n');
    expect(text).toContain('第四十二条');
    expect(text).toContain('国办函〔2020〕109号');
    expect(text).toContain('《政府信息公开信息处理费管理办法》第四条');
    expect(text).toContain('计收方式：按件计收');
    expect(text).toContain('第29至30件，共2件：每件100元，小计200元。');
    expect(text).toContain('第31件，共1件：每件200元，小计200元。');
    expect(text).toContain('收费金额：人民币400元。');
    expect(text).toContain('自收到本通知次日起20个工作日内缴纳');
    expect(text).toContain('逾期未缴纳的，视为放弃申请');
  });

  it('per-page fees count pages, the free band included', () => {
    expect(feeValues(perPageFee(35)).feeLines).toBe(
      '第1至30页，共30页：免费。\n第31至35页，共5页：每页10元，小计50元。',
    );
  });
});

describe('模板校验 (checkTemplate: administrators edit the templates)', () => {
  it('refuses a placeholder the kind does not have, naming it in Chinese', () => {
    const message = checkTemplate(
      'acknowledgement',
      template('acknowledgement', { body: '{{unknownThing}}' }),
    );
    expect(message).toContain('不支持的占位符');
    expect(message).toContain('{{unknownThing}}');
  });

  it('refuses a placeholder of another kind', () => {
    expect(checkTemplate('extension', template('extension', { body: '{{amount}}' }))).toContain('{{amount}}');
  });

  it('refuses a Chinese or broken placeholder', () => {
    expect(checkTemplate('reply', template('reply', { body: '{{申请人}}：' }))).toContain('不是有效的占位符');
    expect(checkTemplate('reply', template('reply', { body: '{{applicantName：' }))).toContain('不完整');
  });

  it('checks placeholders in the title too', () => {
    expect(checkTemplate('fee', template('fee', { title: '收费通知书{{nope}}' }))).toContain('{{nope}}');
  });

  it('refuses an empty title or body, a title on two lines, and a body over the limit', () => {
    expect(checkTemplate('fee', template('fee', { title: '  ' }))).toBe('请填写告知书标题');
    expect(checkTemplate('fee', template('fee', { title: '收费\n通知书' }))).toBe('告知书标题不能换行');
    expect(checkTemplate('fee', template('fee', { body: '\n\n' }))).toBe('请填写告知书正文');
    expect(checkTemplate('fee', template('fee', { body: '字'.repeat(MAX_BODY_CHARS) }))).toBeNull();
    expect(checkTemplate('fee', template('fee', { body: '字'.repeat(MAX_BODY_CHARS + 1) }))).toContain(
      '不能超过20000个字符',
    );
  });

  it('refuses a template filed under another kind', () => {
    expect(checkTemplate('fee', DEFAULT_TEMPLATES.reply)).toBe('模板类型与告知书类型不符');
  });
});

describe('填充 (fillTemplate)', () => {
  const t = template('extension', {
    body: '{{applicantName}}：\n\n因{{reason}}，延长{{extensionDays}}个工作日。',
  });

  it('throws when a placeholder has no value', () => {
    const values = { applicantName: '张三', reason: '需调取档案' };
    expect(() => fillTemplate(t, values)).toThrow(/extensionDays/);
  });

  it('throws on a template that fails the check', () => {
    expect(() => fillTemplate(template('extension', { body: '{{amount}}' }), { amount: '1' })).toThrow(
      '不支持的占位符',
    );
  });

  it('turns each line of a value into its own paragraph, trimming full-width indents', () => {
    const filled = fillTemplate(template('correction', { body: '需补正：\n\n{{items}}' }), {
      items: '　　（一）名称\n\n（二）文号',
    });
    expect(filled.paragraphs).toEqual(['需补正：', '（一）名称', '（二）文号']);
  });

  it('drops a paragraph left empty, so that optional blocks vanish', () => {
    const filled = fillTemplate(template('reply', { body: '正文。\n\n{{remedies}}\n\n特此告知。' }), {
      remedies: '',
    });
    expect(filled.paragraphs).toEqual(['正文。', '特此告知。']);
  });

  it('does not fill a placeholder written inside a value', () => {
    const filled = fillTemplate(t, { applicantName: '{{reason}}', reason: '甲', extensionDays: '20' });
    expect(filled.paragraphs[0]).toBe('{{reason}}：');
  });

  it('folds the double full stop of a value that ends its own sentence', () => {
    const once = fillTemplate(template('extension', { body: '理由：{{reason}}。' }), {
      reason: '档案较多。',
    });
    expect(once.paragraphs).toEqual(['理由：档案较多。']);
  });
});

describe('中文日期 (chineseDate)', () => {
  it('writes year, month and day without leading zeros', () => {
    expect(chineseDate('2026-12-02')).toBe('2026年12月2日');
    expect(chineseDate('2027-01-09')).toBe('2027年1月9日');
  });

  it('refuses what is not a real date', () => {
    expect(() => chineseDate('2026-02-30')).toThrow();
    expect(() => chineseDate('2026-2-3')).toThrow();
    expect(() => chineseDate('')).toThrow();
  });

  it('numbers lists in Chinese', () => {
    expect([1, 10, 11, 20, 21, 99].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十一',
      '二十',
      '二十一',
      '九十九',
    ]);
  });
});

describe('答复书 (the reply, 第三十六条、第三十七条)', () => {
  const fill = (input: ReplyNoticeInput) =>
    fillTemplate(DEFAULT_TEMPLATES.reply, {
      ...fullValues('reply'),
      ...replyValues(input),
    }).paragraphs.join('\n');

  it('an adverse reply ends with the remedies sentence', () => {
    const text = fill({ outcome: 'withheld_state_secret', reason: '该文件已依法定密', remedies: REMEDIES });
    expect(text).toContain('作出不予公开的答复');
    expect(text).toContain('第十四条');
    expect(text).toContain(REMEDIES);
    expect(text.endsWith(`${REMEDIES}\n特此告知。`)).toBe(true);
  });

  it('refuses an adverse reply without remedies', () => {
    expect(() => replyValues({ outcome: 'other_fee_unpaid', remedies: ' ' })).toThrow(/remedies/);
  });

  it('a disclosure of information already public says where to find it, and needs no remedies', () => {
    const text = fill({
      outcome: 'disclosed',
      provision: { alreadyPublic: true, where: '西吉县人民政府门户网站“政府信息公开”专栏' },
      remedies: '',
    });
    expect(text).toContain('第三十六条第（一）项');
    expect(text).toContain(
      '已经主动公开，可以通过以下方式和途径获取：西吉县人民政府门户网站“政府信息公开”专栏。',
    );
    expect(text).not.toContain('行政复议');
  });

  it('a partial disclosure gives the disclosed part and each withheld part with its ground and article', () => {
    const text = fill({
      outcome: 'partly_disclosed',
      disclosedPart: '2025年度项目资金分配表',
      withheldParts: [
        { description: '附件3中供应商的银行账号', ground: 'withheld_third_party', reason: '属于商业秘密' },
        { description: '内部审批签报', ground: 'withheld_process_info', reason: '属于请示报告' },
      ],
      remedies: REMEDIES,
    });
    expect(text).toContain('第三十七条');
    expect(text).toContain('提供可以公开的部分：2025年度项目资金分配表。');
    expect(text).toContain('（一）附件3中供应商的银行账号。');
    expect(text).toContain('第十五条');
    expect(text).toContain('（二）内部审批签报。');
    expect(text).toContain('第十六条第二款');
    expect(text).toContain(REMEDIES);
  });

  it('information not held: the search made, or the agency that holds it and its contact', () => {
    const searched = fill({
      outcome: 'unavailable_not_held',
      searchRecord: '2026年11月5日由档案室检索2019年至2026年收文、发文登记簿，检索词“拆迁补偿”',
      remedies: REMEDIES,
    });
    expect(searched).toContain('第三十六条第（四）项');
    expect(searched).toContain('该政府信息不存在');
    expect(searched).toContain('检索词“拆迁补偿”');
    const elsewhere = fill({
      outcome: 'unavailable_not_held',
      otherAgency: { name: '西吉县自然资源局', contact: '0954-3011234' },
      remedies: REMEDIES,
    });
    expect(elsewhere).toContain('第三十六条第（五）项');
    expect(elsewhere).toContain('由西吉县自然资源局负责公开，联系方式：0954-3011234。');
  });

  it('a lapsed correction and an unpaid fee are no longer processed', () => {
    expect(fill({ outcome: 'other_correction_lapsed', remedies: REMEDIES })).toContain('作出不再处理的答复');
    const unpaid = fill({ outcome: 'other_fee_unpaid', remedies: REMEDIES });
    expect(unpaid).toContain('国办函〔2020〕109号');
    expect(unpaid).toContain('20个工作日内缴纳信息处理费');
  });

  it('a not-processed reply states its reason (第三十九条)', () => {
    const text = fill({
      outcome: 'not_processed_petition',
      reason: '请通过信访渠道反映',
      remedies: REMEDIES,
    });
    expect(text).toContain('第三十九条第一款');
    expect(text).toContain('不作为政府信息公开申请处理');
    expect(text).toContain('理由：请通过信访渠道反映。');
  });

  it('refuses to print a reply whose evidence is missing', () => {
    expect(() => replyValues({ outcome: 'disclosed', remedies: '' })).toThrow(/provision/);
    expect(() => replyValues({ outcome: 'withheld_state_secret', remedies: REMEDIES })).toThrow(/reason/);
    expect(() => replyValues({ outcome: 'other_other', remedies: REMEDIES })).toThrow(/says nothing/);
  });
});

describe('.docx', () => {
  const documentXml = async (n: NoticeDocument) => {
    const files = unzipSync(new Uint8Array(await renderDocx(n)));
    expect(files['[Content_Types].xml']).toBeDefined();
    const xml = files['word/document.xml'];
    expect(xml).toBeDefined();
    // A byte sequence that is not UTF-8 and Word refuses the file.
    return new TextDecoder('utf-8', { fatal: true }).decode(xml);
  };

  it('is a zip package holding the title, the paragraphs, the agency and the Chinese date', async () => {
    const xml = await documentXml(notice());
    expect(xml).toContain('政府信息公开申请答复书');
    expect(xml).toContain('你于2026年11月3日向本机关提出的政府信息公开申请收悉。');
    expect(xml).toContain('西政公开〔2026〕3号');
    expect(xml).toContain('西吉县人民政府办公室');
    expect(xml).toContain('2026年12月2日');
  });

  it('is A4 in Chinese fonts, body paragraphs indented two characters', async () => {
    const xml = await documentXml(notice());
    expect(xml).toMatch(/<w:pgSz[^>]*w:w="11906"[^>]*w:h="16838"/);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="zh-CN"');
    expect(xml).toContain('w:firstLineChars="200"');
    expect(xml).toMatch(/<w:jc w:val="right"\/>/);
  });

  it('escapes markup and drops characters XML forbids', async () => {
    const xml = await documentXml(notice({ paragraphs: ['A&B <x> 测\u0007试\uD800 😀'] }));
    expect(xml).toContain('A&amp;B &lt;x&gt; 测试 😀');
    expect(xml).not.toContain('\u0007');
  });
});

describe('打印视图 (HTML for print)', () => {
  it('escapes everything and carries no script or inline style', () => {
    const html = renderHtml(
      notice({ title: '<script>alert(1)</script>', paragraphs: ['"引号" & \'单引号\' <b>'] }),
    );
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;引号&quot; &amp; &#39;单引号&#39; &lt;b&gt;');
    expect(html).not.toMatch(/style=|on\w+=/);
  });

  it('marks the salutation, the document number and the signature for the print stylesheet', () => {
    const html = renderHtml(notice());
    expect(html).toContain('<h1 class="notice-title">政府信息公开申请答复书</h1>');
    expect(html).toContain('<p class="notice-doc-number">西政公开〔2026〕3号</p>');
    expect(html).toContain('<p class="notice-salutation">张三：</p>');
    expect(html).toContain('<p>特此告知。</p>');
    expect(html).toContain('<time datetime="2026-12-02">2026年12月2日</time>');
  });

  it('is laid out in GB/T 9704 order: the agency and 文号 (版头), title, salutation, body, agency and date', () => {
    const html = renderHtml(notice());
    const order = [
      '<p class="notice-issuer">西吉县人民政府办公室</p>',
      'notice-doc-number',
      'notice-title',
      'notice-salutation',
      '你于2026年11月3日',
      '特此告知。',
      '<p class="notice-agency">西吉县人民政府办公室</p>',
      '2026年12月2日',
    ].map((part) => html.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('titles the notice at the heading level of the page around it', () => {
    expect(renderHtml(notice(), 3)).toContain('<h3 class="notice-title">政府信息公开申请答复书</h3>');
    expect(renderHtml(notice(), 3)).not.toContain('<h1');
  });

  it('has no document number line when there is none', () => {
    expect(renderHtml(notice({ docNumber: undefined }))).not.toContain('notice-doc-number');
  });
});
