import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalize } from './model.ts';

/**
 * Words for ranking: jieba's segmentation (dictionary only, no HMM, so it is deterministic) with a
 * 政务 user dictionary, so that a document where the query is a word (公开 in "主动公开，接受监督")
 * ranks above one where its characters merely meet across words (公开 in "办公开支"). Words never
 * decide whether a document is found; the bigrams in model.ts do.
 */
const GOVERNMENT_WORDS = [
  '政务公开',
  '政府信息公开',
  '政府信息',
  '依申请公开',
  '主动公开',
  '不予公开',
  '政策解读',
  '舆情回应',
  '政务新媒体',
  '政府网站',
  '保密审查',
  '公开目录',
  '公开指南',
  '年度报告',
  '规范性文件',
  '行政规范性文件',
  '统一社会信用代码',
  '索引号',
  '文号',
  '成文日期',
  '有效性',
  '工作日',
  '人民政府',
  '办公室',
  '公众参与',
  '新闻发言人',
  '联席会议',
  '责任追究',
  '社会评议',
  '监督检查',
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政事业性收费',
  '政府采购',
  '财政预决算',
  '重大建设项目',
  '突发公共事件',
  '应急预案',
];

let jieba: Jieba | null = null;

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(GOVERNMENT_WORDS.map((w) => `${w} 100000 n`).join('\n')));
  }
  return jieba;
}

const WORD = /^[\p{L}\p{N}]{2,64}$/u;

const keep = (ws: string[]): string[] => [...new Set(ws.filter((w) => WORD.test(w)))];

/**
 * The words of a text for the index: search mode, which adds the words inside long words
 * (政务公开 also gives 政务 and 公开); single characters and punctuation are left out.
 */
export function indexWords(text: string): string[] {
  const norm = normalize(text);
  return norm === '' ? [] : keep(instance().cutForSearch(norm, false));
}

/** The words of a query term (plain mode: 政务公开 stays one word). Each must be among a document's. */
export function queryWords(term: string): string[] {
  const norm = normalize(term);
  return norm === '' ? [] : keep(instance().cut(norm, false));
}
