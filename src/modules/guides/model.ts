/**
 * 政府信息公开指南: what a guide must say (条例第十二条) and the text generated from an agency's data
 * when its disclosure office has not written its own. Pure, no I/O.
 */

/**
 * The fields of a guide. Art 12 requires: the classification and 编排体系 of the information, how to
 * obtain it, and the disclosure office's name, address, office hours, phone, fax and internet contact.
 * The postal code serves letters (信函申请); the fee rule is 国办函〔2020〕109号.
 */
export const GUIDE_FIELDS = [
  'officeName',
  'officeAddress',
  'officeHours',
  'phone',
  'fax',
  'internetContact',
  'postalCode',
  'howToApply',
  'feeRule',
  'classification',
  'arrangement',
] as const;
export type GuideField = (typeof GUIDE_FIELDS)[number];

export const GUIDE_FIELD_LABELS: Record<GuideField, string> = {
  officeName: '工作机构名称',
  officeAddress: '办公地址',
  officeHours: '办公时间',
  phone: '联系电话',
  fax: '传真号码',
  internetContact: '互联网联系方式',
  postalCode: '邮政编码',
  howToApply: '依申请公开的获取方式',
  feeRule: '信息处理费',
  classification: '政府信息的分类',
  arrangement: '编排体系',
};

/** Fields a guide may leave empty (an office without a fax says so; the postal code is a convenience). */
export const OPTIONAL_GUIDE_FIELDS: readonly GuideField[] = ['fax', 'postalCode'];

/** A guide's content; a value is null only where the agency's data has nothing and nobody wrote one. */
export type GuideContent = Record<GuideField, string | null>;

/** What the generated guide is made from: the agency, the office that runs its disclosure, the region. */
export interface GuideFacts {
  agencyName: string;
  /** The government's own office runs a government's disclosure work; any other agency runs its own. */
  office: { name: string; address: string | null; phone: string | null };
  regionName: string;
  /** The portal's address for on-request applications (e.g. https://…/disclosure/on-request). */
  onRequestUrl: string;
}

/** Office hours when none are recorded: the common schedule of a county office, to be checked. */
export const DEFAULT_OFFICE_HOURS =
  '法定工作日上午 8:30—12:00，下午 14:30—18:00（国家法定节假日和休息日除外）';

/**
 * 信息处理费 (国办函〔2020〕109号, rules.md §3): 按件 or 按量, progressive on the excess only, one method
 * per request, never both.
 */
export const DEFAULT_FEE_RULE = [
  '行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费（《条例》第四十二条）。',
  '信息处理费按件计收或者按量计收，均实行超额累进；对同一申请只选择其中一种方式，不重复收费。',
  '按件计收：同一申请人一个自然月内累计申请 10 件以下（含 10 件）的，不收费；11—30 件（含 30 件）的部分，每件 100 元；31 件以上的部分，以 10 件为一档，每增加一档，收费标准提高 100 元/件。',
  '按量计收：同一申请获取的纸质复制件、电子邮件或电子数据复制件，30 页以下（含 30 页）的，不收费；31—100 页（含 100 页）的部分，每页 10 元；101—200 页（含 200 页）的部分，每页 20 元；201 页以上的部分，每页 40 元。',
  '决定收费的，行政机关在答复期限内向申请人发出收费通知，说明收费依据、标准、数额和缴纳方式。申请人应当自收到收费通知次日起 20 个工作日内缴纳；逾期未缴纳的，视为放弃申请，行政机关不再处理该申请。',
].join('\n');

/** The guide generated from the agency's data: every Art 12 element has a sensible starting text. */
export function defaultGuide(facts: GuideFacts): GuideContent {
  const { agencyName, office, regionName, onRequestUrl } = facts;
  return {
    officeName: office.name,
    officeAddress: office.address,
    officeHours: DEFAULT_OFFICE_HOURS,
    phone: office.phone,
    fax: null,
    internetContact: `${regionName}政府信息公开专栏“依申请公开”栏目：${onRequestUrl}`,
    postalCode: null,
    howToApply: [
      `除主动公开的政府信息外，公民、法人或者其他组织可以向${agencyName}申请获取相关政府信息。申请应当向${office.name}提出，采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请（《条例》第二十九条）。`,
      `在线申请：通过${regionName}政府信息公开专栏“依申请公开”栏目提交（${onRequestUrl}）。`,
      `信函申请：将申请邮寄至${office.name}${office.address ? `（${office.address}）` : ''}，请在信封左下角注明“政府信息公开申请”字样。`,
      `当面申请：在办公时间内到${office.name}${office.address ? `（${office.address}）` : ''}当面提交。`,
      '申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。',
      '能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起 20 个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过 20 个工作日（《条例》第三十三条）。',
    ].join('\n'),
    feeRule: DEFAULT_FEE_RULE,
    classification: [
      `${agencyName}的政府信息分为主动公开、依申请公开和不予公开三类。`,
      '主动公开的政府信息按“政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报”四个栏目发布；法定主动公开内容按《条例》第二十条、第二十一条规定的事项分类，并可按规章、行政规范性文件、行政许可、行政处罚、行政强制、行政事业性收费等类别查阅。',
      '依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开（《条例》第十四条至第十六条）。',
    ].join('\n'),
    arrangement: [
      '每条主动公开的政府信息均标注索引号、标题、发布机构、成文日期、发布日期、文号、主题分类、体裁和有效性。',
      '索引号由发布机构的统一社会信用代码、发布年份和顺序号组成，格式为“统一社会信用代码/年份-顺序号”，如 11640422MB1234567X/2026-00001。',
      '各栏目内的信息按发布日期由新到旧排列，可按发布机构筛选；政府信息公开目录列出每条信息的索引、名称、内容概述和生成日期（《条例》第十二条）。',
    ].join('\n'),
  };
}

/**
 * The stored form of an edited guide: a value equal to the generated one is kept as null, so that it
 * goes on following the agency's data (a moved office, a new phone number) until someone writes
 * their own.
 */
export function overridesOf(input: GuideContent, defaults: GuideContent): GuideContent {
  const out = {} as GuideContent;
  for (const f of GUIDE_FIELDS) out[f] = input[f] === defaults[f] ? null : input[f];
  return out;
}

/** The guide as shown: each stored value, else the generated one. */
export function effectiveGuide(stored: GuideContent | null, defaults: GuideContent): GuideContent {
  const out = {} as GuideContent;
  for (const f of GUIDE_FIELDS) out[f] = stored?.[f] ?? defaults[f];
  return out;
}

/** The fields whose shown value differs between two versions (for the audit event). */
export function changedFields(before: GuideContent, after: GuideContent): GuideField[] {
  return GUIDE_FIELDS.filter((f) => before[f] !== after[f]);
}

/** Multi-line texts are stored with '\n'; each line is one paragraph on the page. */
export function paragraphs(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
