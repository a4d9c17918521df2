import { addDays, shanghaiDate } from '../../core/calendar/dates.ts';

/**
 * 主动公开目录 / 标准目录 (catalog): each agency keeps a tree of 公开事项 (catalog items) under the
 * five stages of 五公开, with the standard elements of a 标准目录 entry (rules.md §8), and published
 * documents filed under the items. Pure vocabulary and rules only; see docs/catalog.md.
 */

/** 五公开: 决策、执行、管理、服务、结果公开 (国办发〔2016〕8号; seed 004 二(三)). Fixed, in this order. */
export const STAGES = ['decision', 'execution', 'management', 'service', 'result'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  decision: '决策公开',
  execution: '执行公开',
  management: '管理公开',
  service: '服务公开',
  result: '结果公开',
};

/** stage (环节) → field (领域 / 一级事项, may nest once: 二级领域) → item (公开事项). */
export const NODE_KINDS = ['stage', 'field', 'item'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const NODE_KIND_LABELS: Record<NodeKind, string> = {
  stage: '公开环节',
  field: '领域（一级事项）',
  item: '公开事项',
};

/** 公开渠道和载体: the standard checkbox list of county catalogues (rules.md §8), in its order. */
export const CHANNELS = [
  'website',
  'gazette',
  'two_micro_one_end',
  'press_hearing',
  'broadcast',
  'print',
  'reading_room',
  'service_center',
  'service_station',
  'on_site',
  'bulletin_board',
  'targeted_push',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  website: '政府网站',
  gazette: '政府公报',
  two_micro_one_end: '两微一端',
  press_hearing: '发布会/听证会',
  broadcast: '广播电视',
  print: '纸质媒体',
  reading_room: '公开查阅点',
  service_center: '政务服务中心',
  service_station: '便民服务站',
  on_site: '入户/现场',
  bulletin_board: '社区/企事业单位/村公示栏（电子屏）',
  targeted_push: '精准推送',
  other: '其他',
};

/** 公开对象. */
export const AUDIENCES = ['public', 'specific'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, string> = { public: '全社会', specific: '特定群体' };

/** 公开方式 (条例第十三条): 主动公开 or 依申请公开. */
export const ITEM_MODES = ['proactive', 'on_request'] as const;
export type ItemMode = (typeof ITEM_MODES)[number];
export const ITEM_MODE_LABELS: Record<ItemMode, string> = { proactive: '主动公开', on_request: '依申请公开' };

/** 公开层级: 县级 and/or 乡级 (a catalogue may tick both). */
export const LEVELS = ['county', 'township'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { county: '县级', township: '乡级' };

export const PERIODS = ['month', 'quarter', 'half_year', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = {
  month: '每月',
  quarter: '每季度',
  half_year: '每半年',
  year: '每年',
};

/**
 * The 公开时限 as a rule the report can compute with (the text of the 时限 stays what the catalogue
 * says; this is its machine reading):
 * - `after_formation`: 信息形成（变更）之日起 N 个工作日内 (条例第二十六条: N = 20 unless a law or a
 *   local rule is stricter). Checked on the newest document: published within N working days of its
 *   生成日期.
 * - `realtime`: 实时公开 / 及时公开 — read as "by the next working day after formation" (N = 1).
 * - `periodic`: information about a period (monthly, quarterly, half-yearly, yearly), formed when the
 *   period closes and due `graceWorkingDays` after it (default 20, Art 26 again). Checked as of today:
 *   the newest document must have been formed after the last period that is already due.
 * - `none`: 长期公开 / no time limit to check (e.g. 机构职能, standing rules): only emptiness is checked.
 */
export type FreshnessRule =
  | { kind: 'after_formation'; workingDays: number }
  | { kind: 'realtime' }
  | { kind: 'periodic'; every: Period; graceWorkingDays: number }
  | { kind: 'none' };
export const FRESHNESS_KINDS = ['after_formation', 'realtime', 'periodic', 'none'] as const;
export type FreshnessKind = FreshnessRule['kind'];
export const FRESHNESS_KIND_LABELS: Record<FreshnessKind, string> = {
  after_formation: '形成（变更）之日起若干工作日内',
  realtime: '实时公开',
  periodic: '定期公开',
  none: '长期公开（不计时限）',
};

/** 条例第二十六条: 20 working days from formation or change. */
export const ART26_WORKING_DAYS = 20;
export const MAX_LIMIT_WORKING_DAYS = 60;
/** A government's annual report is due by 31 March: about 60 working days after the year ends. */
export const MAX_GRACE_WORKING_DAYS = 120;

/** How the report reads a rule, in words (the console and the portal show it beside the 时限 text). */
export function describeFreshness(rule: FreshnessRule): string {
  switch (rule.kind) {
    case 'after_formation':
      return `信息形成（变更）之日起 ${rule.workingDays} 个工作日内公开`;
    case 'realtime':
      return '实时公开（形成后次一工作日内）';
    case 'periodic':
      return `${PERIOD_LABELS[rule.every]}公开，期满后 ${rule.graceWorkingDays} 个工作日内`;
    case 'none':
      return '长期公开，不计时限';
  }
}

/** The elements of a 公开事项 (rules.md §8: 标准目录 entry structure). */
export interface ItemElements {
  /** 公开内容（要素）. */
  content: string;
  /** 公开依据. */
  basis: string;
  /** 公开主体. */
  owner: string;
  /** 公开时限, as the catalogue words it. */
  timeLimit: string;
  freshness: FreshnessRule;
  /** 公开渠道和载体 (at least one). */
  channels: Channel[];
  /** What 其他 means, when ticked. */
  channelOther: string;
  audience: Audience;
  mode: ItemMode;
  levels: Level[];
}

// ---------------------------------------------------------------------------------------------
// The shape of the tree

export interface NodeRef {
  id: string;
  kind: NodeKind;
  parentId: string | null;
}

/**
 * Where a node may sit: stages are the roots (one per stage, made by ensureStandardTree); a field
 * sits under a stage, or under a field that sits under a stage (fields nest once: 一级 and 二级);
 * an item sits under a stage or a field; nothing sits under an item. Returns the refusal in Chinese,
 * or null when allowed. `parent` is null for the root; `grandparent` is the parent's parent.
 */
export function placementError(
  kind: NodeKind,
  parent: NodeRef | null,
  grandparent: NodeRef | null,
): string | null {
  if (kind === 'stage') return parent === null ? null : '公开环节只能位于目录的第一层';
  if (parent === null) return '领域和公开事项须放在某个公开环节之下';
  if (parent.kind === 'item') return '公开事项之下不能再添加节点';
  if (kind === 'field' && parent.kind === 'field' && grandparent?.kind !== 'stage') {
    return '领域最多嵌套一层（一级领域之下可设二级领域）';
  }
  return null;
}

/**
 * Moving a node: the placement rule for its new parent, and the moved subtree must still fit —
 * not under itself or its own descendants, and a field with subfields cannot become a subfield.
 */
export function moveError(
  node: NodeRef,
  newParent: NodeRef | null,
  newGrandparent: NodeRef | null,
  descendants: readonly NodeRef[],
): string | null {
  if (node.kind === 'stage') return '公开环节是标准目录的固定结构，不能移动';
  if (newParent && (newParent.id === node.id || descendants.some((d) => d.id === newParent.id))) {
    return '不能移到自身或其下级节点之下';
  }
  const placed = placementError(node.kind, newParent, newGrandparent);
  if (placed) return placed;
  const hasSubfields = descendants.some((d) => d.kind === 'field');
  if (node.kind === 'field' && newParent?.kind === 'field' && hasSubfields) {
    return '该领域下设有二级领域，不能再移到其他领域之下（领域最多嵌套一层）';
  }
  return null;
}

/** A node goes only when nothing hangs on it: no children, and no documents filed under it. */
export function deleteError(kind: NodeKind, childCount: number, filedCount: number): string | null {
  if (kind === 'stage') return '公开环节是标准目录的固定结构，不能删除';
  if (childCount > 0) return `该节点下还有 ${childCount} 个下级节点，请先删除或移走下级节点`;
  if (filedCount > 0) {
    return `该公开事项下已归档 ${filedCount} 件政府信息，请先取消归档，以免已公开的信息在目录中无处可查`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Dates and working days

/** The date `n` working days after `from`: the start day is not counted (rules.md §10). */
export type AddWorkingDays = (from: string, n: number) => string;

/** Builds AddWorkingDays from a calendar's "is this a working day?" (core/calendar). */
export function workingDayCounter(isWorking: (date: string) => boolean): AddWorkingDays {
  return (from, n) => {
    let d = from;
    for (let left = n; left > 0;) {
      d = addDays(d, 1);
      if (isWorking(d)) left -= 1;
    }
    return d;
  };
}

/** The Beijing calendar date of an instant (ISO text). */
export const dateOf = (instant: string): string => shanghaiDate(new Date(instant));

const MONTHS_OF: Record<Period, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

/** The period (first and last day) of the given kind that contains `date`. */
export function periodContaining(date: string, every: Period): { start: string; end: string } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const size = MONTHS_OF[every];
  const firstMonth = Math.floor((m - 1) / size) * size + 1;
  const start = `${y}-${String(firstMonth).padStart(2, '0')}-01`;
  const nextStart =
    firstMonth + size > 12 ? `${y + 1}-01-01` : `${y}-${String(firstMonth + size).padStart(2, '0')}-01`;
  return { start, end: addDays(nextStart, -1) };
}

/**
 * The last period whose information is already due as of `today`: its end plus the grace in working
 * days lies before today. (The current period is never due: it has not closed.)
 */
export function lastDuePeriod(
  today: string,
  every: Period,
  graceWorkingDays: number,
  addWorkingDays: AddWorkingDays,
): { start: string; end: string; due: string } {
  let period = periodContaining(today, every);
  for (;;) {
    period = periodContaining(addDays(period.start, -1), every);
    const due = addWorkingDays(period.end, graceWorkingDays);
    if (due < today) return { ...period, due };
  }
}

// ---------------------------------------------------------------------------------------------
// Consistency (the seeds: the catalog and what is published must agree)

/** A published document as the catalog sees it. */
export interface CatalogDocumentFacts {
  id: string;
  title: string;
  /** 生成日期 (成文日期) 'YYYY-MM-DD'. */
  writtenOn: string;
  /** ISO instant of publication. */
  publishedAt: string;
}

export interface StaleFinding {
  /** The document the finding is about (the item's newest). */
  newest: CatalogDocumentFacts;
  /** The date by which the newest content was due (published by, or formed after the due period). */
  dueDate: string;
  reason: string;
}

/** The item's newest content: the latest 生成日期, then the latest publication. */
export function newestDocument<D extends CatalogDocumentFacts>(docs: readonly D[]): D | null {
  let best: D | null = null;
  for (const d of docs) {
    if (
      !best ||
      d.writtenOn > best.writtenOn ||
      (d.writtenOn === best.writtenOn && d.publishedAt > best.publishedAt)
    ) {
      best = d;
    }
  }
  return best;
}

/**
 * Is the item's content older than its 公开时限 allows, as of `today`? (条例第二十六条 and the
 * catalogue's own 时限; docs/catalog.md.) An item with no documents is not stale — it is empty,
 * the report's other list. Returns the finding, or null when the content is in time.
 */
export function staleness(
  rule: FreshnessRule,
  docs: readonly CatalogDocumentFacts[],
  today: string,
  addWorkingDays: AddWorkingDays,
): StaleFinding | null {
  const newest = newestDocument(docs);
  if (!newest) return null;
  switch (rule.kind) {
    case 'none':
      return null;
    case 'after_formation':
    case 'realtime': {
      // 条例第二十六条: published within N working days of the day the information was formed.
      const days = rule.kind === 'realtime' ? 1 : rule.workingDays;
      const due = addWorkingDays(newest.writtenOn, days);
      const publishedOn = dateOf(newest.publishedAt);
      if (publishedOn <= due) return null;
      return {
        newest,
        dueDate: due,
        reason: `最新一件信息生成于 ${newest.writtenOn}，${publishedOn} 才公开，超过“形成之日起 ${days} 个工作日内”的时限（应于 ${due} 前公开）`,
      };
    }
    case 'periodic': {
      // Information about a period is formed when the period closes and is due `grace` working days later.
      const period = lastDuePeriod(today, rule.every, rule.graceWorkingDays, addWorkingDays);
      if (newest.writtenOn > period.end) return null;
      return {
        newest,
        dueDate: period.due,
        reason: `${PERIOD_LABELS[rule.every]}公开：${period.start} 至 ${period.end} 的信息应于 ${period.due} 前公开，但最新一件信息生成于 ${newest.writtenOn}`,
      };
    }
  }
}

export interface ReportItem {
  id: string;
  mode: ItemMode;
  freshness: FreshnessRule;
}

export interface ConsistencyFindings<D extends CatalogDocumentFacts> {
  /** Proactive items with no published document (条例第十二条: the 目录 lists what is published). */
  empty: string[];
  /** Items whose newest document is older than their 时限 allows. */
  stale: { itemId: string; finding: StaleFinding }[];
  /** The agency's published documents filed under none of its items. */
  unfiled: D[];
}

/**
 * The three checks of the consistency report, over one agency's items, its published documents and
 * the filings between them (filings of withdrawn or unknown documents are ignored: only what is
 * published counts). 依申请公开 items are disclosed on request, not published, so they are never
 * empty or stale.
 */
export function checkConsistency<D extends CatalogDocumentFacts>(input: {
  items: readonly ReportItem[];
  published: readonly D[];
  filings: readonly { itemId: string; documentId: string }[];
  today: string;
  addWorkingDays: AddWorkingDays;
}): ConsistencyFindings<D> {
  const byId = new Map(input.published.map((d) => [d.id, d]));
  const itemIds = new Set(input.items.map((i) => i.id));
  const docsOf = new Map<string, D[]>();
  const filed = new Set<string>();
  for (const f of input.filings) {
    const doc = byId.get(f.documentId);
    if (!doc || !itemIds.has(f.itemId)) continue;
    filed.add(doc.id);
    const list = docsOf.get(f.itemId) ?? [];
    list.push(doc);
    docsOf.set(f.itemId, list);
  }
  const empty: string[] = [];
  const stale: ConsistencyFindings<D>['stale'] = [];
  for (const item of input.items) {
    if (item.mode !== 'proactive') continue;
    const docs = docsOf.get(item.id) ?? [];
    if (docs.length === 0) {
      empty.push(item.id);
      continue;
    }
    const finding = staleness(item.freshness, docs, input.today, input.addWorkingDays);
    if (finding) stale.push({ itemId: item.id, finding });
  }
  const unfiled = input.published.filter((d) => !filed.has(d.id));
  return { empty, stale, unfiled };
}

/** The reasons the report gives for each list (shown above each list, console and docs alike). */
export const PROBLEM_REASONS = {
  empty:
    '主动公开事项下没有任何已公开的政府信息：目录应与实际公开的内容一致（条例第十二条、第二十条；各地“主动公开目录动态更新”制度）。',
  stale:
    '事项下最新的信息已超过其公开时限：信息应自形成或变更之日起 20 个工作日内公开（条例第二十六条），定期公开的事项应按期更新。',
  unfiled:
    '已公开的政府信息没有归入任何公开事项：公众无法通过目录查到它，目录须列明每条信息的索引、名称、内容概述和生成日期（条例第十二条）。',
} as const;

/** 内容概述 when a document has no summary: the first characters of its text, on one line. */
export function summarize(body: string, max = 80): string {
  const text = body
    .replace(/^#+\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** The catalog's entity type in audit events. */
export const CATALOG_NODE_ENTITY = 'catalog_node';
