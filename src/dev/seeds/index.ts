import { readFileSync } from 'node:fs';
import type { LegalCategory, PortalSection, Validity } from '../../modules/documents/model.ts';

/**
 * The five local 政务公开 rule sets (`shared/seeds/`) as demo documents. Each body lives beside this
 * file as structured text (see `parseBody` in modules/documents/model.ts), cleaned of what the web
 * scrape added or broke: advertising injected into the text (001), site navigation, share buttons,
 * table pipes and footers (003, 004), and a traditional-character page with pinyin annotations (000),
 * converted back to simplified Chinese. Punctuation is restored to full width. Characters the scrape
 * dropped were restored only where the text itself settles them; `source_note` says what was done.
 */
export interface SeedDocument {
  /** File name stem in this folder. */
  slug: string;
  /** The seed file in `shared/seeds/` the text comes from. */
  seedFile: string;
  title: string;
  /** 文号; null when the published page shows none. */
  docNumber: string | null;
  /** The body that issued the text (发文机关). */
  issuer: string;
  /** 成文日期 'YYYY-MM-DD'. */
  writtenOn: string;
  topic: string;
  genre: string;
  legalCategory: LegalCategory;
  validity: Validity;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  portalSection: PortalSection;
  /** True for the demo region's own document; the others are published as reference rule sets. */
  ownDocument: boolean;
  sourceNote: string;
}

const TOPIC = '综合政务/政务公开';

export const SEED_DOCUMENTS: readonly SeedDocument[] = [
  {
    slug: 'linxian-2023-disclosure-rules',
    seedFile: '000_7f68c52d6322117e.txt',
    title: '临县人民政府办公室关于印发《政务公开组织管理规范》《临县政府信息主动公开工作规范》的通知',
    docNumber: null,
    issuer: '临县人民政府办公室',
    writtenOn: '2023-01-10',
    topic: TOPIC,
    genre: '通知',
    legalCategory: 'other',
    validity: 'in_force',
    effectiveFrom: null,
    effectiveTo: null,
    portalSection: 'rules',
    ownDocument: false,
    sourceNote:
      '参考制度：原文由山西省吕梁市临县人民政府办公室印发，本平台作为政务公开制度参考转载。原网页为繁体字并夹注拼音，转载时已转换为简体、删去注音，补全了抓取时缺失的个别字（“拟”“归”“懂”）。',
  },
  {
    slug: 'nanning-2017-six-actions',
    seedFile: '001_cfd71a96518f12bc.txt',
    title: '关于印发南宁市全面推进政务公开六项行动工作方案的通知',
    docNumber: '南府办函〔2017〕296号',
    issuer: '南宁市人民政府办公厅',
    writtenOn: '2017-09-19',
    topic: TOPIC,
    genre: '通知',
    legalCategory: 'other',
    validity: 'in_force',
    effectiveFrom: null,
    effectiveTo: null,
    portalSection: 'rules',
    ownDocument: false,
    sourceNote:
      '参考制度：原文由广西壮族自治区南宁市人民政府办公厅印发，本平台作为政务公开制度参考转载。转载来源网页被植入了广告词，已删除并按上下文恢复被替换的词语（如“政府信息公开条例”“信息发布”）；文号据南宁市行政审批局2017年政府信息公开工作年度报告的引用补录；补全了文号括号、引号与落款日期。',
  },
  {
    slug: 'huangyan-2024-disclosure-rules',
    seedFile: '003_d1d3ca677a817a9f.txt',
    title: '黄岩区人民政府办公室信息公开工作制度',
    docNumber: null,
    issuer: '台州市黄岩区人民政府办公室',
    writtenOn: '2024-05-16',
    topic: TOPIC,
    genre: '制度',
    legalCategory: 'other',
    validity: 'in_force',
    effectiveFrom: null,
    effectiveTo: null,
    portalSection: 'rules',
    ownDocument: false,
    sourceNote:
      '参考制度：原文由浙江省台州市黄岩区人民政府办公室发布（原索引号 12331003E96936103G/2024-154420），本平台作为政务公开制度参考转载。转载时删除了网页表格残留，按原文条款恢复分段。',
  },
  {
    slug: 'shaoguan-2019-dynamic-expansion',
    seedFile: '004_00cdcc418adfba28.txt',
    title:
      '韶关市人民政府办公室关于印发《韶关市政府系统政务公开动态扩展机制》和《韶关市政府系统依申请公开促进依法行政工作机制》的通知',
    docNumber: '韶府办明电〔2019〕3号',
    issuer: '韶关市人民政府办公室',
    writtenOn: '2019-01-03',
    topic: TOPIC,
    genre: '通知',
    legalCategory: 'other',
    validity: 'in_force',
    effectiveFrom: null,
    effectiveTo: null,
    portalSection: 'rules',
    ownDocument: false,
    sourceNote:
      '参考制度：原文由广东省韶关市人民政府办公室印发，本平台作为政务公开制度参考转载。转载时删除了网站导航、分享按钮与页脚。',
  },
  {
    slug: 'xiji-2018-disclosure-rules',
    seedFile: '002_3c2db3b3ccf838f5.txt',
    title: '西吉县人民政府办公室关于印发政务公开相关制度的通知',
    docNumber: '西政办发〔2018〕47号',
    issuer: '西吉县人民政府办公室',
    writtenOn: '2018-03-22',
    topic: TOPIC,
    genre: '通知',
    legalCategory: 'other',
    // 各项制度"自2018年4月1日起施行，有效期至2022年4月30日".
    validity: 'expired',
    effectiveFrom: '2018-04-01',
    effectiveTo: '2022-04-30',
    portalSection: 'rules',
    ownDocument: true,
    sourceNote:
      '本办原文件（原索引号 640422001/2018-12666）。电子文本取自原网页，抓取时缺失的条序号、日期、文号括号、引号及部分“县”字已按上下文补全，其余保持原貌。',
  },
];

/** The cleaned body of a seed document. */
export function seedBody(seed: Pick<SeedDocument, 'slug'>): string {
  return readFileSync(new URL(`./${seed.slug}.md`, import.meta.url), 'utf8');
}
