import { readdirSync, readFileSync } from 'node:fs';
import type { SearchEntry } from '../../src/core/search/service.ts';
import { seededRandom as random } from '../../src/core/seeded-random.ts';

export { random };

/**
 * Realistic documents for the documents benchmark: bodies of 300–3,000 characters made of whole
 * sentences of the five seed rule sets (src/dev/seeds), shuffled, with an agency name and a year
 * stirred in; titles "<agency>关于<phrase>的<genre>"; 300 agencies; publication over ten years.
 * Seeded, so every run with the same N builds the same documents.
 */
const SEEDS = new URL('../../src/dev/seeds/', import.meta.url);

export const AGENCY_COUNT = 300;
const GENRES = ['通知', '意见', '办法', '规定', '方案', '公告', '通报', '批复'];
const TOPICS = [
  '综合政务/政务公开',
  '综合政务/应急管理',
  '教育/学前教育',
  '教育/义务教育',
  '卫生健康/疾病预防',
  '民政/社会救助',
  '农业农村/乡村振兴',
  '城乡建设/住房保障',
  '财政/预算决算',
  '市场监管/食品安全',
];
const TOWNS = [
  '吉强',
  '兴隆',
  '平峰',
  '新营',
  '红耀',
  '田坪',
  '马建',
  '震湖',
  '兴平',
  '西滩',
  '王民',
  '什字',
  '将台',
  '硝河',
  '偏城',
  '沙沟',
  '白崖',
  '火石寨',
  '苏堡',
];
const UNITS = [
  '人民政府',
  '教育局',
  '卫生健康局',
  '民政局',
  '财政局',
  '农业农村局',
  '自然资源局',
  '住房和城乡建设局',
  '市场监督管理局',
  '应急管理局',
  '人力资源和社会保障局',
  '交通运输局',
  '水务局',
  '文化旅游广电局',
  '统计局',
];

/** Every sentence (ending in 。；！？) of the seed texts, markup stripped. */
export function seedSentences(): string[] {
  const text = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => readFileSync(new URL(f, SEEDS), 'utf8'))
    .join('\n')
    .replace(/^[#>]+\s*/gm, '');
  return text
    .split(/(?<=[。；！？])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 6);
}

export interface BenchAgency {
  id: string;
  name: string;
  uscc: string;
}

export function agencies(): BenchAgency[] {
  return Array.from({ length: AGENCY_COUNT }, (_, i) => {
    const town = TOWNS[i % TOWNS.length] as string;
    const unit = UNITS[Math.floor(i / TOWNS.length) % UNITS.length] as string;
    return {
      id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: i === 0 ? '基准县人民政府' : `基准县${town}${unit}${i}`,
      uscc: `11640000${String(i).padStart(9, '0')}X`,
    };
  });
}

export interface BenchDocument extends SearchEntry {
  genre: string;
  writtenOn: string;
  indexNumber: string;
}

const YEAR_MS = 365.25 * 86_400_000;
const START = Date.parse('2016-01-01T00:00:00Z');

/** N documents, generated lazily (a million do not fit in memory at once). */
export function* documents(n: number, seed = 20261201): Generator<BenchDocument> {
  const sentences = seedSentences();
  const list = agencies();
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  for (let i = 0; i < n; i++) {
    const agency = pick(list);
    const target = 300 + Math.floor(rnd() * rnd() * 2700);
    const paragraphs: string[] = [];
    let para = '';
    let length = 0;
    while (length < target) {
      const s = pick(sentences);
      para += s;
      length += s.length;
      if (rnd() < 0.25) {
        paragraphs.push(para);
        para = '';
      }
    }
    if (para) paragraphs.push(para);
    const ms = START + Math.floor(rnd() * 10 * YEAR_MS);
    const published = new Date(ms);
    const year = published.getUTCFullYear();
    const phrase = pick(sentences)
      .replace(/[，。；！？、：“”《》（）]/g, '')
      .slice(0, 8 + Math.floor(rnd() * 14));
    const genre = pick(GENRES);
    const body = paragraphs.join('\n');
    const validityRoll = rnd();
    const id = `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    yield {
      id,
      agencyId: agency.id,
      title: `${agency.name}关于${phrase}的${genre}`,
      docNumber: rnd() < 0.6 ? `基政办发〔${year}〕${1 + Math.floor(rnd() * 200)}号` : null,
      text: body,
      topic: pick(TOPICS),
      publishedAt: published.toISOString(),
      validity: validityRoll < 0.05 ? 'repealed' : validityRoll < 0.12 ? 'expired' : 'in_force',
      effectiveTo: rnd() < 0.2 ? `${year + 2 + Math.floor(rnd() * 4)}-12-31` : null,
      genre,
      writtenOn: new Date(ms - 3 * 86_400_000).toISOString().slice(0, 10),
      indexNumber: `${agency.uscc}/${year}-${String(i + 1).padStart(7, '0')}`,
    };
  }
}
