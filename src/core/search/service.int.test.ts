import { sql } from 'kysely';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../clock.ts';
import { connect } from '../db/connect.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import { seededRandom as random } from '../seeded-random.ts';
import { normalize } from './model.ts';
import {
  createSearchService,
  type SearchEntry,
  type SearchHit,
  type SearchQuery,
  type SearchService,
} from './service.ts';

const SEEDS = new URL('../../dev/seeds/', import.meta.url);
const seedTexts = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readFileSync(new URL(f, SEEDS), 'utf8'));

const AGENCIES = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
const TOPICS = ['综合政务/政务公开', '教育/学前教育', '卫生健康/疾病预防'];
const N = 300;

/** Documents cut from the seed texts: real sentences, 50–3,000 characters, spread over metadata. */
function generate(): SearchEntry[] {
  const rnd = random(20261201);
  const docs: SearchEntry[] = [];
  for (let i = 0; i < N; i++) {
    const source = seedTexts[i % seedTexts.length] as string;
    const len = 50 + Math.floor(rnd() * 2950);
    const from = Math.floor(rnd() * Math.max(1, source.length - len));
    const text = source.slice(from, from + len);
    const titleFrom = Math.floor(rnd() * (source.length - 40));
    docs.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      agencyId: AGENCIES[i % 2] as string,
      title: source.slice(titleFrom, titleFrom + 10 + Math.floor(rnd() * 25)).replace(/\s+/g, ''),
      docNumber: i % 3 === 0 ? `西政办发〔${2016 + (i % 10)}〕${i}号` : null,
      text,
      topic: TOPICS[i % 3] as string,
      publishedAt: new Date(Date.UTC(2016 + (i % 10), i % 12, 1 + (i % 28), 2)).toISOString(),
      validity: i % 7 === 0 ? 'repealed' : i % 5 === 0 ? 'expired' : 'in_force',
      effectiveTo: i % 11 === 0 ? '2025-06-30' : null,
    });
  }
  return docs;
}

/** The ground truth: documents whose normalised title or text contains every term. */
function scan(docs: readonly SearchEntry[], q: string): string[] {
  const terms = normalize(q).split(' ');
  return docs
    .filter((d) => {
      const title = normalize(d.title);
      const text = normalize(d.text);
      return terms.every((t) => title.includes(t) || text.includes(t));
    })
    .map((d) => d.id)
    .sort();
}

const HAN_ONLY = /^\p{Script=Han}+$/u;

/** Random Chinese substrings of 2–6 characters of the documents (so each is found at least once). */
function sampleQueries(docs: readonly SearchEntry[], count: number): string[] {
  const rnd = random(7);
  const out = new Set<string>();
  while (out.size < count) {
    const d = docs[Math.floor(rnd() * docs.length)] as SearchEntry;
    const len = 2 + Math.floor(rnd() * 5);
    const at = Math.floor(rnd() * Math.max(1, d.text.length - len));
    const s = d.text.slice(at, at + len);
    if (HAN_ONLY.test(s)) out.add(s);
  }
  return [...out];
}

async function allIds(search: SearchService, query: SearchQuery): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await search.search({ ...query, page, pageSize: 50 });
    ids.push(...res.items.map((i) => i.id));
    if (!res.hasNext) return ids;
  }
}

const results = new Map<string, unknown>();

describe.each(await testEngines())('search on %s', (engine) => {
  let db: TestDb;
  let search: SearchService;
  const clock = new FixedClock('2026-12-01T02:00:00Z');
  const docs = generate();
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-search-'));

  beforeAll(async () => {
    db = await createTestDb(engine);
    // Batches of 64: the load goes through several, prepared in the worker ahead of the writes.
    // PostgreSQL: the replica catches up on the 300 in FTS5's bulk settings (more than 10 × 20 behind).
    search = createSearchService({
      db,
      clock,
      bulkBatch: 64,
      replicaFile: join(dir, 'replica.db'),
      replicaWaitLimit: 20,
    });
    await search.beginBulkLoad();
    await search.indexMany(docs);
    await search.endBulkLoad();
  });
  afterAll(async () => {
    await search.close();
    await db.drop();
  });

  it('indexes every document of a bulk load of several batches', async () => {
    const { n } = await db.kysely
      .selectFrom('search_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(docs.length);
  });

  it('leaves FTS5 merging as usual after a bulk load (PostgreSQL: in the replica)', async () => {
    const fts = engine === 'sqlite' ? db : connect({ kind: 'sqlite', file: join(dir, 'replica.db') });
    const { rows } = await sql<{ k: string; v: number }>`select k, v from search_fts_config`.execute(
      fts.kysely,
    );
    if (fts !== db) await fts.close();
    const config = Object.fromEntries(rows.map((r) => [r.k, Number(r.v)]));
    expect(config).toMatchObject({ automerge: 4, crisismerge: 16, hashsize: 1024 * 1024 });
  });

  it('fails a bulk load whose entry cannot be prepared, naming the entry', async () => {
    const bad = { ...(docs[0] as SearchEntry), id: 'bad-entry', publishedAt: 'not a date' };
    await expect(search.indexMany([bad])).rejects.toThrow(/bad-entry: bad publishedAt/);
  });

  it('finds exactly the documents containing each of 150 random Chinese substrings, and no others', async () => {
    const mismatches: string[] = [];
    for (const q of sampleQueries(docs, 150)) {
      const got = (await allIds(search, { q })).sort();
      const want = scan(docs, q);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`${q}: got ${got.length}, want ${want.length}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('finds exactly the documents containing both of two terms', async () => {
    const qs = sampleQueries(docs, 40);
    for (let i = 0; i + 1 < qs.length; i += 2) {
      const q = `${qs[i]} ${qs[i + 1]}`;
      expect((await allIds(search, { q })).sort(), q).toEqual(scan(docs, q));
    }
  });

  it('finds a phrase at the end of a body of more than 20,000 characters', async () => {
    const long = seedTexts.reduce((a, b) => (b.length > a.length ? b : a));
    expect(long.length).toBeGreaterThan(20_000);
    const id = '00000000-0000-4000-8000-100000000000';
    await db.kysely.transaction().execute((trx) =>
      search.index(trx, {
        ...(docs[0] as SearchEntry),
        id,
        title: '长文',
        text: `${long}${long}末尾的唯一短语甲乙丙丁`,
      }),
    );
    expect((await search.search({ q: '短语甲乙丙丁' })).items.map((i) => i.id)).toEqual([id]);
    // Every substring near the end is found too (they sit beyond 16,383 positions).
    const tail = `${long}${long}`.slice(-3000).replace(/[^\p{Script=Han}]/gu, ' ');
    const probe = tail
      .split(' ')
      .filter((s) => s.length >= 4)
      .slice(-20);
    for (const p of probe) {
      expect((await allIds(search, { q: p.slice(0, 4) })).includes(id), p).toBe(true);
    }
    await db.kysely.transaction().execute((trx) => search.remove(trx, id));
    expect((await search.search({ q: '短语甲乙丙丁' })).total).toBe(0);
  });

  it('replaces an entry on re-index and forgets it on remove', async () => {
    const d = docs[1] as SearchEntry;
    await db.kysely
      .transaction()
      .execute((trx) => search.index(trx, { ...d, text: `${d.text}新增修订内容戊己庚` }));
    expect((await search.search({ q: '修订内容戊己庚' })).items.map((i) => i.id)).toEqual([d.id]);
    await db.kysely.transaction().execute((trx) => search.index(trx, d));
    expect((await search.search({ q: '修订内容戊己庚' })).total).toBe(0);
    expect((await allIds(search, { q: '政务' })).filter((id) => id === d.id).length).toBeLessThanOrEqual(1);
  });

  it('filters by agency, topic, year and validity (an ended effective period counts as 失效)', async () => {
    const q = '公开';
    const base = scan(docs, q);
    const byId = new Map(docs.map((d) => [d.id, d]));
    const ids = (f: (d: SearchEntry) => boolean): string[] =>
      base.filter((id) => f(byId.get(id) as SearchEntry));
    expect((await allIds(search, { q, agencyId: AGENCIES[0] })).sort()).toEqual(
      ids((d) => d.agencyId === AGENCIES[0]),
    );
    expect((await allIds(search, { q, topic: TOPICS[1] })).sort()).toEqual(ids((d) => d.topic === TOPICS[1]));
    expect((await allIds(search, { q, year: 2019 })).sort()).toEqual(
      ids((d) => d.publishedAt.startsWith('2019')),
    );
    const expired = (d: SearchEntry): boolean =>
      d.validity === 'expired' || (d.validity === 'in_force' && d.effectiveTo !== null);
    expect((await allIds(search, { q, validity: 'expired' })).sort()).toEqual(ids(expired));
    expect((await allIds(search, { q, validity: 'in_force' })).sort()).toEqual(
      ids((d) => d.validity === 'in_force' && !expired(d)),
    );
    expect((await allIds(search, { q, validity: 'repealed' })).sort()).toEqual(
      ids((d) => d.validity === 'repealed'),
    );
  });

  it('ranks title hits first, newest first within a tier, and pages without gaps or repeats', async () => {
    const q = '政府';
    const ids = await allIds(search, { q });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(scan(docs, q));
    const hits: SearchHit[] = [];
    for (let page = 1; ; page++) {
      const res = await search.search({ q, page, pageSize: 50 });
      hits.push(...res.items);
      if (!res.hasNext) break;
    }
    const inTitle = hits.map((i) => i.title.some((p) => p.hit));
    expect(inTitle.includes(true) && inTitle.includes(false)).toBe(true);
    // Every title hit comes before every other hit, and title hits are newest first.
    expect(inTitle).toEqual([...inTitle].sort((x, y) => Number(y) - Number(x)));
    const titled = hits.filter((i) => i.title.some((p) => p.hit)).map((i) => i.publishedAt);
    expect(titled).toEqual([...titled].sort().reverse());
    const first = await search.search({ q, pageSize: 50 });
    expect(first.total).toBe(scan(docs, q).length);
    expect(first.totalExact).toBe(true);
    const small = await search.search({ q, page: 2, pageSize: 7 });
    expect(small.items.map((i) => i.id)).toEqual(first.items.slice(7, 14).map((i) => i.id));
  });

  it('pages the same when the count stops early (a small cap takes the capped paths)', async () => {
    // PostgreSQL: a second replica, made from nothing on its first search.
    const capped = createSearchService({ db, clock, countCap: 30, replicaFile: join(dir, 'capped.db') });
    for (const q of ['政府', '公开', '信息 公开', '规定']) {
      const want = await search.search({ q, pageSize: 50 });
      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const res = await capped.search({ q, page, pageSize: 7 });
        if (page === 1) expect(res.totalExact, q).toBe(want.total < 30);
        ids.push(...res.items.map((i) => i.id));
        if (!res.hasNext) break;
      }
      expect(ids.slice(0, 50), q).toEqual(want.items.map((i) => i.id));
      expect(ids.sort(), q).toEqual(scan(docs, q));
    }
    await capped.close();
  });

  it('marks the hits in the title and in a snippet cut from the body', async () => {
    const res = await search.search({ q: '信息公开' });
    const hit = res.items.find((i) => i.snippet.some((p) => p.hit));
    expect(hit).toBeDefined();
    for (const p of hit?.snippet.filter((s) => s.hit) ?? []) expect(normalize(p.text)).toBe('信息公开');
    results.set(engine, res);
  });

  it('refuses bad queries with a Chinese message and changes nothing', async () => {
    const before = await allIds(search, { q: '公开' });
    for (const q of ['政'.repeat(10_000), '\u0001\u0002', '', '县']) {
      const err = await search.search({ q }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).status).toBe(400);
      expect((err as DomainError).message).toMatch(/[\u4e00-\u9fff]/);
    }
    await expect(search.search({ q: '公开', pageSize: 51 })).rejects.toThrow(DomainError);
    expect(await allIds(search, { q: '公开' })).toEqual(before);
  });
});

describe('both engines', () => {
  it('give the same first page for the same query', async () => {
    const engines = await testEngines();
    if (engines.length < 2) return;
    expect(results.get('postgres')).toEqual(results.get('sqlite'));
  });
});
