import type { Kysely } from 'kysely';
import type { AuditService } from '../../core/audit/service.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { Database } from '../../core/db/database.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/validation.ts';
import { inspectAttachment, type Attachment } from './attachments.ts';
import { checkLinks, type LinkCheckOptions } from './links.ts';
import {
  blocksPublication,
  screenSegment,
  urlsInText,
  withKeys,
  type Finding,
  type Leader,
  type ScreeningRules,
  type SensitiveWord,
} from './model.ts';
import { mayManage, mayView } from './policy.ts';
import {
  checkSchema,
  leaderCreateSchema,
  leaderUpdateSchema,
  wordCreateSchema,
  wordUpdateSchema,
  type CheckInput,
  type CheckResult,
  type LeaderCreateInput,
  type LeaderUpdateInput,
  type LeaderView,
  type WordCreateInput,
  type WordUpdateInput,
  type WordView,
} from './schemas.ts';
import * as store from './store.ts';
import type { LeaderRow, WordRow } from './store.ts';

export type { Finding };

/** What the documents workflow hands over before publication. */
export interface ScreenInput {
  title: string;
  /** The body as plain text (markup removed). */
  bodyText: string;
  /** The hrefs of the body's links. */
  links: string[];
  attachments: { id: string; name: string; bytes: Uint8Array }[];
  /** The publishing agency: its words (scoped to it or above) and its region's leaders apply. */
  agencyId: string;
}

export interface ScreeningDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  /** ORGS' agency tree. */
  orgs: {
    agencyPath(id: string, ex?: Kysely<Database>): Promise<string[]>;
    agencyNames(ids: readonly string[]): Promise<Map<string, string>>;
  };
  /** How links are checked (fetcher, the portal's address and resolver, timeout). */
  links: LinkCheckOptions;
}

export interface ScreeningService {
  /**
   * Screens a document before publication: the text rules over title and body, each attachment,
   * and the links. Findings carry stable keys; any blocking one stops publication (blocksPublication
   * in model.ts), and warnings need a named person's override, recorded by the caller. Reads only;
   * through `ex` when the caller is inside a transaction (SQLite has one connection).
   */
  screen(input: ScreenInput, ex?: Kysely<Database>): Promise<Finding[]>;
  /** The try-it box: staff check a text (and small files) against their agency's lists. */
  check(actor: Actor, input: CheckInput): Promise<CheckResult>;

  listWords(actor: Actor): Promise<WordView[]>;
  createWord(actor: Actor, input: WordCreateInput): Promise<WordView>;
  updateWord(actor: Actor, id: string, input: WordUpdateInput): Promise<WordView>;
  deleteWord(actor: Actor, id: string): Promise<void>;

  listLeaders(actor: Actor): Promise<LeaderView[]>;
  createLeader(actor: Actor, input: LeaderCreateInput): Promise<LeaderView>;
  updateLeader(actor: Actor, id: string, input: LeaderUpdateInput): Promise<LeaderView>;
  deleteLeader(actor: Actor, id: string): Promise<void>;
}

export const WORD_ENTITY = 'screening_word';
export const LEADER_ENTITY = 'screening_leader';

const parseTitles = (json: string): string[] => {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.map(String) : [];
};

/** Titles without duplicates, in the order given. */
const cleanTitles = (titles: readonly string[]): string[] => [...new Set(titles.map((t) => t.trim()))];

export function createScreeningService(deps: ScreeningDeps): ScreeningService {
  const { db, clock, audit, orgs } = deps;

  function pathFinder(ex?: Kysely<Database>): (agencyId: string) => Promise<string[]> {
    const cache = new Map<string, Promise<string[]>>();
    return (agencyId) => {
      let p = cache.get(agencyId);
      if (!p) {
        // An agency the tree no longer knows belongs to nobody's scope.
        p = orgs.agencyPath(agencyId, ex).catch(() => []);
        cache.set(agencyId, p);
      }
      return p;
    };
  }

  /** The words and leaders that apply to documents of `agencyId`. */
  async function rulesFor(agencyId: string, ex: Kysely<Database> = db.kysely): Promise<ScreeningRules> {
    const pathOf = pathFinder(ex);
    const path = await orgs.agencyPath(agencyId, ex);
    const root = path[0];
    const [wordRows, leaderRows] = await Promise.all([
      store.listWords(ex),
      store.listLeaders(ex, { activeOnly: true }),
    ]);
    const words: SensitiveWord[] = wordRows
      .filter((w) => path.includes(w.agency_id))
      .map((w) => ({ word: w.word, severity: w.severity, note: w.note }));
    // The region's leaders: everyone listed under the same root agency.
    const leaders: Leader[] = [];
    for (const l of leaderRows) {
      if ((await pathOf(l.agency_id))[0] === root)
        leaders.push({ name: l.name, titles: parseTitles(l.titles) });
    }
    return { words, leaders };
  }

  async function screen(input: ScreenInput, ex?: Kysely<Database>): Promise<Finding[]> {
    const rules = await rulesFor(input.agencyId, ex);
    const drafts = [
      ...screenSegment(input.title, { target: 'title' }, rules),
      ...screenSegment(input.bodyText, { target: 'body' }, rules),
    ];
    const [fromFiles, fromLinks] = await Promise.all([
      Promise.all(input.attachments.map((a: Attachment) => inspectAttachment(a, rules))),
      checkLinks(input.links, deps.links),
    ]);
    return withKeys([...drafts, ...fromLinks, ...fromFiles.flat()]);
  }

  /** Member agencies' paths, for `mayView`. */
  async function memberPaths(actor: Actor, pathOf: (id: string) => Promise<string[]>) {
    const out = new Map<string, string[]>();
    for (const m of actor.memberships) out.set(m.agencyId, await pathOf(m.agencyId));
    return out;
  }

  const wordView = (row: WordRow, agencyName: string, editable: boolean): WordView => ({
    id: row.id,
    word: row.word,
    severity: row.severity,
    note: row.note,
    agencyId: row.agency_id,
    agencyName,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editable,
  });

  const leaderView = (row: LeaderRow, agencyName: string, editable: boolean): LeaderView => ({
    id: row.id,
    name: row.name,
    titles: parseTitles(row.titles),
    agencyId: row.agency_id,
    agencyName,
    active: row.active === 1,
    sortOrder: row.sort_order,
    updatedAt: row.updated_at,
    editable,
  });

  const nameOf = async (agencyId: string): Promise<string> =>
    (await orgs.agencyNames([agencyId])).get(agencyId) ?? '';

  /** The agency's path when the actor may keep lists there; otherwise 403 (404 for an unknown agency). */
  async function assertManage(actor: Actor, agencyId: string, message: string): Promise<string[]> {
    const path = await orgs.agencyPath(agencyId);
    if (!mayManage(actor, path)) throw forbidden(message);
    return path;
  }

  async function loadWord(actor: Actor, id: string): Promise<WordRow> {
    const row = await store.findWord(db.kysely, id);
    const pathOf = pathFinder();
    if (
      !row ||
      !mayView(actor, row.agency_id, await pathOf(row.agency_id), await memberPaths(actor, pathOf))
    ) {
      throw notFound('未找到该敏感词，或您无权查看');
    }
    await assertManage(actor, row.agency_id, '只有政务公开工作机构或系统管理员可以维护该敏感词');
    return row;
  }

  async function loadLeader(actor: Actor, id: string): Promise<LeaderRow> {
    const row = await store.findLeader(db.kysely, id);
    const pathOf = pathFinder();
    if (
      !row ||
      !mayView(actor, row.agency_id, await pathOf(row.agency_id), await memberPaths(actor, pathOf))
    ) {
      throw notFound('未找到该领导信息，或您无权查看');
    }
    await assertManage(actor, row.agency_id, '只有政务公开工作机构或系统管理员可以维护领导名单');
    return row;
  }

  return {
    screen,

    async check(actor, rawInput) {
      const input = parseInput(checkSchema, rawInput);
      const agencyId = input.agencyId ?? actor.currentAgencyId ?? actor.memberships[0]?.agencyId;
      if (!agencyId) throw forbidden('您不属于任何单位，无法试检');
      const path = await orgs.agencyPath(agencyId);
      const pathOf = pathFinder();
      if (!mayView(actor, agencyId, path, await memberPaths(actor, pathOf))) {
        throw forbidden('您无权按该单位的规则检查');
      }
      if (input.title.trim() === '' && input.bodyText.trim() === '' && input.attachments.length === 0) {
        throw invalid('请输入要检查的标题、正文或附件', { bodyText: '请输入要检查的内容' });
      }
      const findings = await screen({
        title: input.title,
        bodyText: input.bodyText,
        // Pasted text has no markup: the URLs written in it are its links.
        links: [...new Set([...input.links, ...urlsInText(input.bodyText)])],
        attachments: input.attachments.map((a, i) => ({
          id: `check-${i + 1}`,
          name: a.name,
          bytes: new Uint8Array(Buffer.from(a.contentBase64, 'base64')),
        })),
        agencyId,
      });
      return { findings, blocked: blocksPublication(findings) };
    },

    async listWords(actor) {
      const pathOf = pathFinder();
      const members = await memberPaths(actor, pathOf);
      const rows = await store.listWords(db.kysely);
      const visible: { row: WordRow; path: string[] }[] = [];
      for (const row of rows) {
        const path = await pathOf(row.agency_id);
        if (mayView(actor, row.agency_id, path, members)) visible.push({ row, path });
      }
      const names = await orgs.agencyNames([...new Set(visible.map((v) => v.row.agency_id))]);
      return visible.map(({ row, path }) =>
        wordView(row, names.get(row.agency_id) ?? '', mayManage(actor, path)),
      );
    },

    async createWord(actor, rawInput) {
      const input = parseInput(wordCreateSchema, rawInput);
      await assertManage(actor, input.agencyId, '只有政务公开工作机构或系统管理员可以维护敏感词');
      if (await store.findWordByText(db.kysely, input.agencyId, input.word)) {
        throw conflict(`该单位已有敏感词“${input.word}”`, 'duplicate');
      }
      const now = clock.now().toISOString();
      const row: WordRow = {
        id: newId(),
        word: input.word,
        severity: input.severity,
        note: input.note,
        agency_id: input.agencyId,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
        updated_at: now,
      };
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertWord(trx, row);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: WORD_ENTITY,
          entityId: row.id,
          action: 'screening_word.created',
          after: { word: row.word, severity: row.severity, note: row.note },
        });
      });
      return wordView(row, await nameOf(row.agency_id), true);
    },

    async updateWord(actor, id, rawInput) {
      const input = parseInput(wordUpdateSchema, rawInput);
      const row = await loadWord(actor, id);
      const next: WordRow = {
        ...row,
        word: input.word ?? row.word,
        severity: input.severity ?? row.severity,
        note: input.note ?? row.note,
        updated_at: clock.now().toISOString(),
      };
      if (next.word !== row.word && (await store.findWordByText(db.kysely, row.agency_id, next.word))) {
        throw conflict(`该单位已有敏感词“${next.word}”`, 'duplicate');
      }
      await db.kysely.transaction().execute(async (trx) => {
        await store.updateWord(trx, id, {
          word: next.word,
          severity: next.severity,
          note: next.note,
          updated_at: next.updated_at,
        });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: WORD_ENTITY,
          entityId: id,
          action: 'screening_word.updated',
          before: { word: row.word, severity: row.severity, note: row.note },
          after: { word: next.word, severity: next.severity, note: next.note },
        });
      });
      return wordView(next, await nameOf(row.agency_id), true);
    },

    async deleteWord(actor, id) {
      const row = await loadWord(actor, id);
      await db.kysely.transaction().execute(async (trx) => {
        await store.deleteWord(trx, id);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: WORD_ENTITY,
          entityId: id,
          action: 'screening_word.deleted',
          before: { word: row.word, severity: row.severity, note: row.note },
        });
      });
    },

    async listLeaders(actor) {
      const pathOf = pathFinder();
      const members = await memberPaths(actor, pathOf);
      const rows = await store.listLeaders(db.kysely);
      const visible: { row: LeaderRow; path: string[] }[] = [];
      for (const row of rows) {
        const path = await pathOf(row.agency_id);
        if (mayView(actor, row.agency_id, path, members)) visible.push({ row, path });
      }
      const names = await orgs.agencyNames([...new Set(visible.map((v) => v.row.agency_id))]);
      return visible.map(({ row, path }) =>
        leaderView(row, names.get(row.agency_id) ?? '', mayManage(actor, path)),
      );
    },

    async createLeader(actor, rawInput) {
      const input = parseInput(leaderCreateSchema, rawInput);
      await assertManage(actor, input.agencyId, '只有政务公开工作机构或系统管理员可以维护领导名单');
      const now = clock.now().toISOString();
      const row: LeaderRow = {
        id: newId(),
        name: input.name,
        titles: JSON.stringify(cleanTitles(input.titles)),
        agency_id: input.agencyId,
        active: input.active ? 1 : 0,
        sort_order: input.sortOrder,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      };
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertLeader(trx, row);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: LEADER_ENTITY,
          entityId: row.id,
          action: 'screening_leader.created',
          after: { name: row.name, titles: parseTitles(row.titles), active: input.active },
        });
      });
      return leaderView(row, await nameOf(row.agency_id), true);
    },

    async updateLeader(actor, id, rawInput) {
      const input = parseInput(leaderUpdateSchema, rawInput);
      const row = await loadLeader(actor, id);
      const next: LeaderRow = {
        ...row,
        name: input.name ?? row.name,
        titles: input.titles ? JSON.stringify(cleanTitles(input.titles)) : row.titles,
        active: input.active === undefined ? row.active : input.active ? 1 : 0,
        sort_order: input.sortOrder ?? row.sort_order,
        updated_at: clock.now().toISOString(),
      };
      const summary = (r: LeaderRow) => ({
        name: r.name,
        titles: parseTitles(r.titles),
        active: r.active === 1,
        sortOrder: r.sort_order,
      });
      await db.kysely.transaction().execute(async (trx) => {
        await store.updateLeader(trx, id, {
          name: next.name,
          titles: next.titles,
          active: next.active,
          sort_order: next.sort_order,
          updated_at: next.updated_at,
        });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: LEADER_ENTITY,
          entityId: id,
          action: 'screening_leader.updated',
          before: summary(row),
          after: summary(next),
        });
      });
      return leaderView(next, await nameOf(row.agency_id), true);
    },

    async deleteLeader(actor, id) {
      const row = await loadLeader(actor, id);
      await db.kysely.transaction().execute(async (trx) => {
        await store.deleteLeader(trx, id);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: LEADER_ENTITY,
          entityId: id,
          action: 'screening_leader.deleted',
          before: { name: row.name, titles: parseTitles(row.titles) },
        });
      });
    },
  };
}
