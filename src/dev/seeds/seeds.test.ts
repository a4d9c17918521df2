import { describe, expect, it } from 'vitest';
import { isDocumentNumber, parseBody } from '../../modules/documents/model.ts';
import { publishDocumentInput } from '../../modules/documents/schemas.ts';
import { SEED_DOCUMENTS, seedBody } from './index.ts';

describe.each(SEED_DOCUMENTS.map((s) => [s.slug, s] as const))('seed %s', (_slug, seed) => {
  const body = seedBody(seed);
  const blocks = parseBody(body);

  it('is free of scraping debris: ads, navigation, table pipes, share buttons, placeholders', () => {
    for (const debris of [
      'uedbet',
      '扫一扫',
      '手机版',
      '【打印】',
      '附件下载',
      '相关文件：',
      '|',
      '?',
      '\uFFFD',
    ]) {
      expect(body, debris).not.toContain(debris);
    }
  });

  it('is simplified Chinese without pinyin annotations', () => {
    expect(body).not.toMatch(/[關於發務鄉縣範機構規辦開]/);
    expect(body).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)/);
  });

  it('uses full-width punctuation in running text', () => {
    expect(body).not.toMatch(/[\u4e00-\u9fa5][,;:()]|[,;:()][\u4e00-\u9fa5]/);
  });

  it('has a full body with its parts as headings', () => {
    expect(body.length).toBeGreaterThan(2000);
    expect(blocks.some((b) => b.kind === 'heading')).toBe(true);
  });

  it('is valid input for publication, with a well-formed 文号 when it has one', () => {
    if (seed.docNumber !== null) expect(isDocumentNumber(seed.docNumber)).toBe(true);
    const parsed = publishDocumentInput.safeParse({
      agencyId: '00000000-0000-4000-8000-000000000002',
      title: seed.title,
      docNumber: seed.docNumber,
      writtenOn: seed.writtenOn,
      topic: seed.topic,
      genre: seed.genre,
      legalCategory: seed.legalCategory,
      validity: seed.validity,
      effectiveFrom: seed.effectiveFrom,
      effectiveTo: seed.effectiveTo,
      body,
      portalSection: seed.portalSection,
      sourceNote: seed.sourceNote,
    });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});

describe('the demo region', () => {
  it('owns exactly one of the seeds (西吉县) and names the real issuer of the others', () => {
    const own = SEED_DOCUMENTS.filter((s) => s.ownDocument);
    expect(own.map((s) => s.issuer)).toEqual(['西吉县人民政府办公室']);
    for (const s of SEED_DOCUMENTS.filter((x) => !x.ownDocument)) {
      expect(s.sourceNote).toContain(s.issuer);
    }
  });

  it('keeps the 西吉县 rules with their effective period, 2018-04-01 to 2022-04-30', () => {
    const xiji = SEED_DOCUMENTS.find((s) => s.ownDocument);
    expect(xiji).toMatchObject({
      docNumber: '西政办发〔2018〕47号',
      writtenOn: '2018-03-22',
      effectiveFrom: '2018-04-01',
      effectiveTo: '2022-04-30',
    });
    const headings = parseBody(seedBody(xiji!)).filter((b) => b.kind === 'heading' && b.level === 2);
    // The cover letter lists 15 rule sets; all 15 are in the body.
    expect(headings).toHaveLength(15);
  });
});
