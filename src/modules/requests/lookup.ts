/**
 * "Already public?" (条例第三十六条第一项: information already proactively disclosed is answered by
 * telling the applicant where to find it): the searches to run for a request's description, most
 * specific first. Pure; the service runs them against the portal's search.
 */
import { MAX_QUERY_LENGTH } from '../../core/search/model.ts';
import { queryWords } from '../../core/search/words.ts';

/** Words every request uses, which find everything and so nothing. */
const COMMON = new Set([
  '申请',
  '公开',
  '信息',
  '政府',
  '政府信息',
  '关于',
  '有关',
  '提供',
  '相关',
  '文件',
  '资料',
  '情况',
  '需要',
  '本人',
  '我们',
  '贵单位',
  '内容',
  '请求',
  '希望',
  '获取',
]);

const DOC_NUMBER = /[\p{Script=Han}A-Za-z]{1,12}[〔[［(（]\d{4}[〕\]］)）]\d{1,4}号/gu;
/** What a description says before a 文号 (请提供西政办发〔2018〕47号): not part of the number. */
const LEADING_VERBS = /^(?:请|申请|提供|公开|查询|获取|要求|查阅)+/u;
const TITLE = /《([^《》]{2,60})》/gu;

export function lookupQueries(description: string): string[] {
  const out: string[] = [];
  const add = (q: string): void => {
    const t = q.trim().slice(0, MAX_QUERY_LENGTH);
    if (t.length >= 2 && !out.includes(t)) out.push(t);
  };
  // A 文号 or a 《title》 names one document: search it as written.
  for (const m of description.matchAll(DOC_NUMBER)) add(m[0].replace(LEADING_VERBS, ''));
  for (const m of description.matchAll(TITLE)) add(m[1] ?? '');
  // Otherwise the two longest distinctive words, together.
  const words = [...new Set(queryWords(description))]
    .filter((w) => w.length >= 2 && !COMMON.has(w) && !/^\d+$/.test(w))
    .sort((a, b) => b.length - a.length);
  if (words.length >= 2) add(`${words[0]} ${words[1]}`);
  if (words[0]) add(words[0]);
  return out.slice(0, 4);
}
