import { shanghaiDate } from '../calendar/dates.ts';
import { textTokens } from './model.ts';
import { encodeIndex, type Prepared } from './store.ts';
import type { SearchEntriesTable } from './tables.ts';
import { indexWords } from './words.ts';

/**
 * Turning a document into what the index stores: its entry row, and the FTS5 columns made from the
 * row. The columns are pure CPU work (tokens, jieba words), so a bulk load or a replica catching up
 * makes them in a worker thread (preparer.ts) while the main thread writes the batch before.
 */

export type SearchValidity = 'in_force' | 'expired' | 'repealed';

/** What the index keeps of a published document. `index` with an id already indexed replaces it. */
export interface SearchEntry {
  id: string;
  agencyId: string;
  title: string;
  docNumber: string | null;
  /** The body as plain text. */
  text: string;
  /** 主题分类. */
  topic: string;
  /** ISO instant of publication: gives the year filter and the recency order. */
  publishedAt: string;
  validity: SearchValidity;
  /** 'YYYY-MM-DD'; after this day an in-force document counts as 失效. */
  effectiveTo: string | null;
}

/** Titles are indexed up to this many tokens (no title comes near). */
export const TITLE_TOKENS = 1000;
/**
 * Ranking words come from the title and the first this-many characters of the body (the lead,
 * where a 政务 document states what it is about). jieba is the costliest step of indexing; words
 * only rank, the bigrams decide what is found, so a shorter text never loses a match.
 */
export const WORDS_LEAD_CHARS = 300;
/** Rank keys are publication ms × SLOTS + a slot. */
export const SLOTS = 1024;

/** A stable slot in 0…1023 for an id (FNV-1a), so that equal publication times rarely collide. */
function slotOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SLOTS;
}

/** The entry row of a document (cheap: no tokens). */
export function entryRow(e: SearchEntry): SearchEntriesTable {
  const ms = Date.parse(e.publishedAt);
  if (!Number.isFinite(ms)) throw new Error(`search entry ${e.id}: bad publishedAt ${e.publishedAt}`);
  return {
    rank_key: ms * SLOTS + slotOf(e.id),
    id: e.id,
    agency_id: e.agencyId,
    title: e.title,
    doc_number: e.docNumber,
    text: e.text,
    topic: e.topic,
    year: Number(shanghaiDate(new Date(ms)).slice(0, 4)),
    validity: e.validity,
    effective_to: e.effectiveTo,
    published_at: new Date(ms).toISOString(),
  };
}

/** An entry row with its FTS5 columns. */
export function withIndex(row: SearchEntriesTable): Prepared {
  return {
    row,
    index: encodeIndex(
      textTokens(row.title).slice(0, TITLE_TOKENS),
      textTokens(row.text),
      indexWords(`${row.title}\n${row.text.slice(0, WORDS_LEAD_CHARS)}`),
    ),
  };
}
