import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import { addDays, endOfDay, shanghaiDate } from '../../src/core/calendar/dates.ts';
import type { CalendarSnapshot } from '../../src/core/calendar/model.ts';
import { computeDeadline, isPaused, type DeadlineSpec } from '../../src/core/deadlines/model.ts';
import type { ReminderKey } from '../../src/core/deadlines/schemas.ts';
import type { DeadlinesTable } from '../../src/core/deadlines/tables.ts';
import { nextAlert, sweepDecisions } from '../../src/core/reminders/model.ts';
import type { Sealer } from '../../src/core/sealed.ts';
import type { AgenciesTable } from '../../src/modules/orgs/tables.ts';
import {
  formatTrackingNumber,
  maskIdNumber,
  phoneTail,
  type ApplicantType,
  type DisputeKind,
  type RequestStatus,
} from '../../src/modules/requests/model.ts';
import type { Outcome } from '../../src/modules/requests/outcomes.ts';
import type {
  RequestDisputesTable,
  RequestSettingsTable,
  RequestsTable,
} from '../../src/modules/requests/tables.ts';
import { random } from './generate-documents.ts';

/**
 * Realistic 依申请公开 data for the requests benchmark, written straight into the tables in bulk but
 * with the shapes the service writes: a `requests` row as intake's `create` inserts it (then patched
 * by the handling actions the request went through), and its `deadlines` row as core deadlines'
 * `open` stores it (then changed by `pause`, `resume`, `restart`, `extend`, `reassign`, `close`):
 * the spec JSON in the key order the zod schema gives, `due_at` from `computeDeadline`, the
 * reminder marks that earlier sweeps would have left. Notices, audit events and consultation
 * rows are not generated (the measured code does not read them). Seeded: every run with the same
 * sizes builds the same data.
 *
 * The world: a prefecture (固原市) of 1,000 agencies in five counties, all counting 宁夏's
 * calendar (640000); 西吉县 sets a 15-working-day reply limit and extension (its subtree inherits
 * them), everyone else has the 条例's 20. "Now" is Tuesday 2026-11-17, 00:30 in Beijing: the first
 * hourly sweep after midnight of a working day, the one that finds the day's new reminders and
 * escalations.
 */

/** Tuesday 2026-11-17, 00:30 in Beijing. */
export const NOW = '2026-11-16T16:30:00.000Z';
/** The sweep an hour before (Monday 23:30): what it found due has been sent. */
const PREVIOUS_SWEEP = new Date(Date.parse(NOW) - 3_600_000);
export const REGION_CODE = '640000';
/** The year the statistics are computed for (complete, all replied, as of NOW). */
export const STATS_YEAR = 2025;
export const AGENCY_COUNT = 1000;
/** Open requests are received over this many working days before NOW. */
export const OPEN_WINDOW_WORKING_DAYS = 40;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export type Rnd = () => number;

/** A v4-shaped UUID from the seeded generator (ids are random UUIDs in the app: core/ids.ts). */
export function uuid(rnd: Rnd): string {
  let hex = '';
  for (let i = 0; i < 4; i++)
    hex += Math.floor(rnd() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

// ---- Agencies ----

const COUNTIES = [
  { name: '原州区', code: '640402' },
  { name: '西吉县', code: '640422' },
  { name: '隆德县', code: '640423' },
  { name: '泾源县', code: '640424' },
  { name: '彭阳县', code: '640425' },
];
/** The county whose settings shorten the limits (西吉县, as in the demo world). */
const SHORT_LIMIT_COUNTY = 1;
const SHORT_LIMIT_DAYS = 15;
const UNITS =
  '发展和改革局 教育局 科学技术局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 水务局 农业农村局 商务局 文化旅游广电局 卫生健康局 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 林业和草原局 乡村振兴局 信访局 数据局 城市管理局'.split(
    ' ',
  );
const TOWNS =
  '吉强 兴隆 平峰 新营 红耀 田坪 马建 震湖 兴平 西滩 王民 什字 将台 硝河 偏城 沙沟 白崖 火石寨 苏堡'.split(
    ' ',
  );

export interface BenchAgency {
  id: string;
  parentId: string | null;
  name: string;
  kind: AgenciesTable['kind'];
  divisionCode: string;
  /** Index into COUNTIES, or -1 for the city level. */
  county: number;
  /** The working days of its reply limit and of its one extension (条例第三十三条, settings). */
  replyDays: number;
  /** How many requests it gets, relative to the others. */
  weight: number;
}

const agencyId = (i: number): string => `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * 1,000 agencies: 固原市人民政府 and 44 city departments; five county governments with 190 agencies
 * each (the office, 28 departments, 19 townships, and 142 units such as schools and hospitals,
 * authorised to act in their own name). Governments get the most requests, units the fewest.
 */
export function regionAgencies(): BenchAgency[] {
  const out: BenchAgency[] = [];
  const add = (a: Omit<BenchAgency, 'id'>): string => {
    const id = agencyId(out.length);
    out.push({ id, ...a });
    return id;
  };
  const root = add({
    parentId: null,
    name: '固原市人民政府',
    kind: 'government',
    divisionCode: '640400',
    county: -1,
    replyDays: 20,
    weight: 30,
  });
  for (let i = 0; i < 44; i++) {
    const unit = UNITS[i % UNITS.length] as string;
    add({
      parentId: root,
      name: i < UNITS.length ? `固原市${unit}` : `固原市${unit}直属分局`,
      kind: i === 0 ? 'office' : 'department',
      divisionCode: '640400',
      county: -1,
      replyDays: 20,
      weight: 4,
    });
  }
  COUNTIES.forEach((c, ci) => {
    const replyDays = ci === SHORT_LIMIT_COUNTY ? SHORT_LIMIT_DAYS : 20;
    const gov = add({
      parentId: root,
      name: `${c.name}人民政府`,
      kind: 'government',
      divisionCode: c.code,
      county: ci,
      replyDays,
      weight: 20,
    });
    add({
      parentId: gov,
      name: `${c.name}人民政府办公室`,
      kind: 'office',
      divisionCode: c.code,
      county: ci,
      replyDays,
      weight: 3,
    });
    for (const u of UNITS)
      add({
        parentId: gov,
        name: `${c.name}${u}`,
        kind: 'department',
        divisionCode: c.code,
        county: ci,
        replyDays,
        weight: 3,
      });
    for (const t of TOWNS)
      add({
        parentId: gov,
        name: `${c.name}${t}镇人民政府`,
        kind: 'township',
        divisionCode: c.code,
        county: ci,
        replyDays,
        weight: 2,
      });
    for (let i = 0; i < 142; i++)
      add({
        parentId: gov,
        name: i % 2 === 0 ? `${c.name}第${i / 2 + 1}中学` : `${c.name}${TOWNS[i % TOWNS.length]}卫生院${i}`,
        kind: 'authorised',
        divisionCode: c.code,
        county: ci,
        replyDays,
        weight: 0.3,
      });
  });
  if (out.length !== AGENCY_COUNT) throw new Error(`built ${out.length} agencies, not ${AGENCY_COUNT}`);
  return out;
}

/** The agency whose year the single-agency statistics measure: 西吉县人民政府. */
export function statsAgency(list: readonly BenchAgency[]): BenchAgency {
  const a = list.find((x) => x.kind === 'government' && x.county === SHORT_LIMIT_COUNTY);
  if (!a) throw new Error('no stats agency');
  return a;
}

export function agencyRows(list: readonly BenchAgency[], at: string): Insertable<AgenciesTable>[] {
  return list.map((a, i) => ({
    id: a.id,
    parent_id: a.parentId,
    name: a.name,
    short_name: null,
    kind: a.kind,
    uscc: `11640400${String(i).padStart(9, '0')}X`,
    division_code: a.divisionCode,
    region_code: REGION_CODE,
    address: null,
    phone: '0954-2031234',
    sort_order: i,
    active: 1,
    created_at: at,
    updated_at: at,
  }));
}

/** 西吉县's own limits (request_settings), which its subtree inherits. */
export function settingsRows(list: readonly BenchAgency[], at: string): RequestSettingsTable[] {
  const xiji = statsAgency(list);
  return [
    {
      agency_id: xiji.id,
      reply_days: SHORT_LIMIT_DAYS,
      extension_days: SHORT_LIMIT_DAYS,
      correction_period_days: null,
      fee_window_counted: null,
      milestones: null,
      updated_at: at,
    },
  ];
}

/** Picks agencies by weight (a cumulative table and a binary search). */
function agencyPicker(list: readonly BenchAgency[], rnd: Rnd, exclude?: string) {
  const pool = list.filter((a) => a.id !== exclude);
  const cumulative: number[] = [];
  let sum = 0;
  for (const a of pool) cumulative.push((sum += a.weight));
  return (): BenchAgency => {
    const x = rnd() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo] as BenchAgency;
  };
}

// ---- Working days ----

/**
 * Working days of the region, from the calendar snapshot the deadlines count with, as a table over
 * 2023–2028 (the generator asks millions of questions; walking day by day would dominate it).
 */
export class WorkingDays {
  private static readonly FIRST = '2023-01-01';
  private static readonly LAST = '2028-12-31';
  private readonly firstMs = Date.parse(`${WorkingDays.FIRST}T00:00:00Z`);
  private readonly working: boolean[] = [];
  /** Working days among the table's dates up to and including each one. */
  private readonly ordinal: number[] = [];
  /** The working dates in order. */
  private readonly workingDates: string[] = [];

  constructor(calendar: CalendarSnapshot) {
    let n = 0;
    for (let d = WorkingDays.FIRST; d <= WorkingDays.LAST; d = addDays(d, 1)) {
      const w = calendar.day(d, REGION_CODE).isWorking;
      this.working.push(w);
      if (w) {
        n++;
        this.workingDates.push(d);
      }
      this.ordinal.push(n);
    }
  }

  private index(date: string): number {
    const i = Math.round((Date.parse(`${date}T00:00:00Z`) - this.firstMs) / 86_400_000);
    if (!(i >= 0 && i < this.working.length)) throw new RangeError(`outside the bench calendar: ${date}`);
    return i;
  }

  isWorking(date: string): boolean {
    return this.working[this.index(date)] as boolean;
  }

  /** Working day n after `from` (from is day 0), as core deadlines and requests/deadlines.ts count. */
  add(from: string, n: number): string {
    if (n <= 0) return from;
    return this.workingDates[(this.ordinal[this.index(from)] as number) + n - 1] as string;
  }

  /** The n-th working day before `to` (n ≥ 1). */
  back(to: string, n: number): string {
    const i = this.index(to);
    const before = (this.ordinal[i] as number) - (this.working[i] ? 1 : 0);
    return this.workingDates[before - n] as string;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  between(from: string, to: string): number {
    if (to <= from) return 0;
    return (this.ordinal[this.index(to)] as number) - (this.ordinal[this.index(from)] as number);
  }
}

// ---- Applicants and descriptions ----

interface Applicant {
  type: ApplicantType;
  name: string;
  contactPerson: string | null;
  idType: 'resident_id' | 'uscc';
  sealed: string;
  masked: string;
  key: string;
  phone: string;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯俊帅海峰建国建华志强晓东春梅小红';
const ORG_KINDS: Record<Exclude<ApplicantType, 'natural_person'>, string[]> = {
  commercial: ['有限公司', '建筑工程有限公司', '农牧科技有限公司', '商贸有限责任公司'],
  research: ['农业科学研究所', '社会科学研究中心'],
  public_interest: ['公益服务中心', '环境保护协会'],
  legal_service: ['律师事务所', '法律服务所'],
  other_org: ['村民委员会', '专业合作社', '业主委员会'],
};
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const ID_AREAS = ['640402', '640422', '640423', '640424', '640425', '640102', '620102', '610102', '110105'];

/** A resident ID number that passes the check digit (core/validators.ts isValidIdNumber). */
function residentId(rnd: Rnd): string {
  const area = ID_AREAS[Math.floor(rnd() * ID_AREAS.length)] as string;
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(rnd() * 55 * 365.25) * 86_400_000);
  const body = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (ID_WEIGHTS[i] as number);
  return `${body}${ID_CHECK[sum % 11]}`;
}

/** Applicant type shares (most applicants are people; firms and lawyers are the usual others). */
const APPLICANT_SHARES: [ApplicantType, number][] = [
  ['natural_person', 0.86],
  ['commercial', 0.06],
  ['research', 0.005],
  ['public_interest', 0.01],
  ['legal_service', 0.04],
  ['other_org', 0.025],
];

function pickShare<T>(shares: readonly [T, number][], x: number): T {
  let acc = 0;
  for (const [v, p] of shares) {
    acc += p;
    if (x < acc) return v;
  }
  return (shares[shares.length - 1] as [T, number])[0];
}

/**
 * A pool of applicants; many apply more than once (the same applicant key across requests, as
 * fees and repeats use it). Identity numbers sealed and keyed as intake does it.
 */
function applicantPool(size: number, sealer: Sealer, rnd: Rnd): Applicant[] {
  const out: Applicant[] = [];
  for (let i = 0; i < size; i++) {
    const type = pickShare(APPLICANT_SHARES, rnd());
    const person = `${SURNAMES[Math.floor(rnd() * SURNAMES.length)]}${GIVEN[Math.floor(rnd() * GIVEN.length)]}${rnd() < 0.5 ? (GIVEN[Math.floor(rnd() * GIVEN.length)] ?? '') : ''}`;
    const idType = type === 'natural_person' ? 'resident_id' : 'uscc';
    const idNumber =
      idType === 'resident_id'
        ? residentId(rnd)
        : `91640${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}X`.slice(0, 18);
    const org =
      type === 'natural_person'
        ? null
        : `宁夏${TOWNS[Math.floor(rnd() * TOWNS.length)]}${ORG_KINDS[type][Math.floor(rnd() * ORG_KINDS[type].length)]}`;
    out.push({
      type,
      name: org ?? person,
      contactPerson: org ? person : null,
      idType,
      sealed: sealer.seal(idNumber),
      masked: maskIdNumber(idNumber),
      key: sealer.lookupKey(`${idType}:${idNumber}`),
      phone: `1${3 + Math.floor(rnd() * 7)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
    });
  }
  return out;
}

const SUBJECTS =
  '土地征收补偿安置方案 城乡居民最低生活保障资金发放明细 部门预算和决算 道路建设项目环境影响评价批复 棚户区改造项目审批文件 农村危房改造补助对象名单 行政处罚决定书 中小学布局调整规划 房屋征收补偿标准 高标准农田建设项目验收报告 集体土地征收公告 财政专项资金使用情况 医疗救助资金发放情况 河道治理工程招标文件 村庄规划批复 建设用地规划许可证 企业环保检查记录 惠农补贴发放名单'.split(
    ' ',
  );
const TAILS = [
  '，包括文号及附件',
  '及相关会议纪要',
  '的正式文本',
  '，涉及本人承包的土地',
  '中关于本村的部分',
  '，以及审批过程中的相关材料',
  '',
];

function describe(rnd: Rnd, agency: BenchAgency, year: number): string {
  const s = SUBJECTS[Math.floor(rnd() * SUBJECTS.length)] as string;
  const t = TAILS[Math.floor(rnd() * TAILS.length)] as string;
  const town = TOWNS[Math.floor(rnd() * TOWNS.length)] as string;
  return `请公开${agency.name}${year - Math.floor(rnd() * 3)}年${town}镇${s}${t}。`;
}

const PURPOSES = ['了解本人权益相关情况', '维护合法权益', '学术研究', '办理相关业务', null];
const CHANNELS: [RequestsTable['channel'], number][] = [
  ['online', 0.72],
  ['in_person', 0.12],
  ['post_signed', 0.08],
  ['post_ordinary', 0.03],
  ['email', 0.03],
  ['oral', 0.02],
];
const DELIVERIES: [string, number][] = [
  ['online', 0.35],
  ['email', 0.25],
  ['post', 0.3],
  ['collect', 0.1],
];

/** Office hours in Beijing (09:00–17:00) on a date, as a UTC ISO instant. */
function officeTime(date: string, rnd: Rnd): string {
  const ms = Date.parse(`${date}T01:00:00.000Z`) + Math.floor(rnd() * 8 * HOUR_MS);
  return new Date(ms).toISOString();
}

// ---- Shared state of one data set ----

export interface GeneratorContext {
  calendar: CalendarSnapshot;
  days: WorkingDays;
  agencies: readonly BenchAgency[];
  /** Children of each agency (the responsible units a request may be assigned to). */
  children: Map<string, BenchAgency[]>;
  applicants: Applicant[];
  /** Staff user ids (assignees); users are not rows here: deadlines and requests keep only the id. */
  staff: string[];
  /** Last tracking sequence per year (request_sequences). */
  sequences: Map<number, number>;
}

export function generatorContext(
  calendar: CalendarSnapshot,
  agencies: readonly BenchAgency[],
  sealer: Sealer,
): GeneratorContext {
  const rnd = random(20261117);
  const children = new Map<string, BenchAgency[]>();
  for (const a of agencies) {
    if (!a.parentId) continue;
    const list = children.get(a.parentId) ?? [];
    list.push(a);
    children.set(a.parentId, list);
  }
  return {
    calendar,
    days: new WorkingDays(calendar),
    agencies,
    children,
    applicants: applicantPool(30_000, sealer, rnd),
    staff: Array.from({ length: 3000 }, () => uuid(rnd)),
    sequences: new Map(),
  };
}

function nextTracking(ctx: GeneratorContext, year: number): string {
  const seq = (ctx.sequences.get(year) ?? 0) + 1;
  ctx.sequences.set(year, seq);
  return formatTrackingNumber(year, seq);
}

export interface GeneratedRequest {
  request: Insertable<RequestsTable>;
  deadline: DeadlinesTable;
  dispute: RequestDisputesTable | null;
}

type SpecJson = DeadlineSpec;

/** The spec as `deadlineSpecSchema` outputs it (its key order), which is what `open` stores. */
function specJson(s: SpecJson): string {
  return JSON.stringify({
    start: s.start,
    length: s.length,
    unit: s.unit,
    regionCode: s.regionCode,
    pauses: s.pauses.map((p) => ({ from: p.from, to: p.to, reason: p.reason })),
    restarts: s.restarts.map((r) => ({ at: r.at, reason: r.reason })),
    extensions: s.extensions.map((e) => ({ length: e.length, reason: e.reason, approvedBy: e.approvedBy })),
  });
}

/** The request row as intake's `create` writes it, before any handling. */
function baseRequest(
  ctx: GeneratorContext,
  rnd: Rnd,
  id: string,
  agency: BenchAgency,
  receivedOn: string,
  deadlineId: string,
): Insertable<RequestsTable> {
  const applicant = ctx.applicants[Math.floor(rnd() * ctx.applicants.length)] as Applicant;
  const channel = pickShare(CHANNELS, rnd());
  const delivery = pickShare(DELIVERIES, rnd());
  const submittedAt = officeTime(receivedOn, rnd);
  const year = Number(receivedOn.slice(0, 4));
  return {
    id,
    agency_id: agency.id,
    tracking_number: nextTracking(ctx, year),
    token_hash: sha256(`bench-token:${id}`),
    status: 'registered',
    channel,
    received_on: receivedOn,
    submitted_at: submittedAt,
    intake_by: channel === 'online' ? null : ctx.staff[Math.floor(rnd() * ctx.staff.length)],
    intake_note: channel === 'oral' ? '申请人口头提出，工作人员代为填写' : null,
    applicant_type: applicant.type,
    applicant_name: applicant.name,
    contact_person: applicant.contactPerson,
    id_type: applicant.idType,
    id_number_sealed: applicant.sealed,
    id_number_masked: applicant.masked,
    applicant_key: applicant.key,
    phone: applicant.phone,
    phone_tail: phoneTail(applicant.phone),
    email: delivery === 'email' ? `applicant${Math.floor(rnd() * 1e6)}@example.cn` : null,
    address: delivery === 'post' ? `宁夏固原市${agency.name.slice(0, 3)}${Math.floor(rnd() * 300)}号` : null,
    postal_code: delivery === 'post' ? '756000' : null,
    description: describe(rnd, agency, year),
    purpose: PURPOSES[Math.floor(rnd() * PURPOSES.length)] ?? null,
    form: rnd() < 0.6 ? 'electronic' : 'paper',
    delivery,
    responsible_agency_id: null,
    assignee_id: null,
    deadline_id: deadlineId,
    correction_items: null,
    correction_notice_on: null,
    correction_due_on: null,
    corrected_on: null,
    extension_days: null,
    reasons_requested_on: null,
    long_limit_days: null,
    fee: null,
    fee_notice_on: null,
    fee_due_on: null,
    paid_on: null,
    search_record: null,
    reply: null,
    outcome: null,
    replied_on: null,
    delivered_at: null,
    archived_at: null,
    similar: '[]',
    created_at: submittedAt,
    updated_at: submittedAt,
  };
}

/** The reply clock as intake opens it: `length` working days from the day of receipt. */
function replySpec(receivedOn: string, length: number): SpecJson {
  return {
    start: receivedOn,
    length,
    unit: 'working_days',
    regionCode: REGION_CODE,
    pauses: [],
    restarts: [],
    extensions: [],
  };
}

function baseDeadline(
  id: string,
  request: Insertable<RequestsTable>,
  spec: SpecJson,
  createdAt: string,
): DeadlinesTable {
  return {
    id,
    entity_type: 'request',
    entity_id: request.id,
    agency_id: request.agency_id,
    assignee_user_id: null,
    assignee_role: 'disclosure_officer',
    title: `依申请公开 ${request.tracking_number}`,
    link: `/console/requests/${request.id}`,
    spec: specJson(spec),
    due_at: '',
    status: 'open',
    reminders_sent: '[]',
    escalated_at: null,
    alert_at: null,
    next_alert: null,
    created_at: createdAt,
    updated_at: createdAt,
    closed_at: null,
  };
}

const CORRECTION_PAUSE = '补正（条例第三十条）';
const CORRECTION_RESTART = '收到补正后的申请（条例第三十条）';
const CORRECTION_ITEMS = JSON.stringify(['请补充所需政府信息的名称、文号或者便于查询的其他特征性描述']);
const THIRD_PARTY = '征求第三方意见（条例第三十二条）';
const OTHER_AGENCY = '征求其他机关意见（条例第三十三条）';
const EXTENSION_REASON = '申请内容涉及多个年度的档案，需调取核实，情况复杂';
const APPROVER = '马丽';
const CORRECTION_PERIOD_DAYS = 15;

/** How an open request got where it is (counted for the report). */
export interface OpenMix {
  byStatus: Partial<Record<RequestStatus, number>>;
  pausedNow: number;
  pausedBefore: number;
  restarted: number;
  extended: number;
  overdueNow: number;
  escalatedBefore: number;
  remindedBefore: number;
}

export function emptyMix(): OpenMix {
  return {
    byStatus: {},
    pausedNow: 0,
    pausedBefore: 0,
    restarted: 0,
    extended: 0,
    overdueNow: 0,
    escalatedBefore: 0,
    remindedBefore: 0,
  };
}

/** The first rows of every data set are computed both ways, and must agree. */
const SELF_CHECK = 3000;

/**
 * `computeDeadline`'s due instant, working days left and overdue flag. A clock without pauses or
 * restarts (about four in five) ends on working day L (+ extensions) after its start, which the
 * working-day table answers without the rule's day-by-day walk; the others go through
 * `computeDeadline`. With `check`, both are computed and compared.
 */
function quickResult(
  ctx: GeneratorContext,
  spec: DeadlineSpec,
  at: Date,
  check: boolean,
): { dueAt: string; workingDaysLeft: number; overdue: boolean } {
  if (spec.pauses.length > 0 || spec.restarts.length > 0 || spec.unit !== 'working_days') {
    const r = computeDeadline(spec, ctx.calendar, at);
    return { dueAt: r.dueAt, workingDaysLeft: r.workingDaysLeft, overdue: r.overdue };
  }
  const total = spec.length + spec.extensions.reduce((n, e) => n + e.length, 0);
  const dueDate = ctx.days.add(spec.start.slice(0, 10), total);
  const dueAt = endOfDay(dueDate).toISOString();
  const today = shanghaiDate(at);
  const workingDaysLeft =
    today < dueDate
      ? ctx.days.between(today, dueDate)
      : today > dueDate
        ? -Math.max(1, ctx.days.between(dueDate, today))
        : 0;
  const quick = { dueAt, workingDaysLeft, overdue: at.getTime() > Date.parse(dueAt) };
  if (check) {
    const r = computeDeadline(spec, ctx.calendar, at);
    if (r.dueAt !== quick.dueAt || r.workingDaysLeft !== quick.workingDaysLeft || r.overdue !== quick.overdue)
      throw new Error(`working-day table disagrees with computeDeadline for ${JSON.stringify(spec)}`);
  }
  return quick;
}

/**
 * N open requests and their open reply clocks. Receipt dates are spread over the 40 working days
 * before NOW (and the days off between them, at a sixth of a working day's rate); the older a
 * date, the fewer of its requests are still open (flat for 12 working days, then falling by e
 * every 5), so that about one in twenty is overdue, as in an office that mostly keeps its limits.
 * - 3% wait for the applicant's correction (clock paused since the notice, 条例第三十条), 6% were
 *   corrected (the pause ended and the count restarted on the day the correction came);
 * - of those assigned, 6% are in a consultation now (paused since the letter), 9% had one that ended;
 * - 6% of those older than 8 working days were extended once (15 or 20 working days);
 * - registered (newest), assigned (clock handed to a named officer of the agency or a unit below
 *   it), reply drafted (clock with the office head).
 * `reminders_sent` and `escalated_at` are what the sweep of 23:30 the evening before would have
 * queued (their alert jobs ran): so the measured sweep at 00:30 finds what midnight made due.
 */
export function* openRequests(ctx: GeneratorContext, n: number, mix: OpenMix): Generator<GeneratedRequest> {
  const rnd = random(20261116 + n);
  const pickAgency = agencyPicker(ctx.agencies, rnd);
  const now = new Date(NOW);
  const today = shanghaiDate(now);
  const first = ctx.days.back(today, OPEN_WINDOW_WORKING_DAYS);
  // Candidate receipt dates and their weights.
  const dates: string[] = [];
  const weights: number[] = [];
  for (let d = first; d < today; d = addDays(d, 1)) {
    const age = ctx.days.between(d, today);
    const open = age <= 12 ? 1 : Math.exp(-(age - 12) / 5);
    dates.push(d);
    weights.push(open * (ctx.days.isWorking(d) ? 1 : 1 / 6));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const pickDate = (): string => {
    let x = rnd() * total;
    for (let i = 0; i < dates.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return dates[i] as string;
    }
    return dates[dates.length - 1] as string;
  };
  const yesterday = addDays(today, -1);
  /** A date k working days after `from`, if it is before today. */
  const before = (from: string, k: number): string | null => {
    const d = ctx.days.add(from, k);
    return d < today ? d : null;
  };

  for (let i = 0; i < n; i++) {
    const agency = pickAgency();
    const receivedOn = pickDate();
    const id = uuid(rnd);
    const deadlineId = uuid(rnd);
    const request = baseRequest(ctx, rnd, id, agency, receivedOn, deadlineId);
    const spec = replySpec(receivedOn, agency.replyDays);
    const deadline = baseDeadline(deadlineId, request, spec, request.created_at);
    const age = ctx.days.between(receivedOn, today);
    let status: RequestStatus = 'registered';
    let lastChange = request.created_at;
    // Correction (条例第三十条): the notice within 7 working days; the applicant's 15-day period.
    const c = rnd();
    const noticeOn = c < 0.09 ? before(receivedOn, 1 + Math.floor(rnd() * 5)) : null;
    if (noticeOn) {
      const noticeAt = officeTime(noticeOn, rnd);
      const dueOn = ctx.days.add(noticeOn, CORRECTION_PERIOD_DAYS);
      const correctedOn = c < 0.06 ? before(noticeOn, 1 + Math.floor(rnd() * 8)) : null;
      Object.assign(request, {
        correction_items: CORRECTION_ITEMS,
        correction_notice_on: noticeOn,
        correction_due_on: dueOn,
      });
      if (correctedOn) {
        spec.pauses.push({ from: noticeAt, to: correctedOn, reason: CORRECTION_PAUSE });
        spec.restarts.push({ at: correctedOn, reason: CORRECTION_RESTART });
        request.corrected_on = correctedOn;
        lastChange = officeTime(correctedOn, rnd);
        mix.restarted++;
      } else if (dueOn >= today) {
        spec.pauses.push({ from: noticeAt, to: null, reason: CORRECTION_PAUSE });
        status = 'correction_pending';
        lastChange = noticeAt;
      } else {
        // A period that ran out has lapsed (the hourly `requests.lapse`): not open. Treat this one
        // as never corrected.
        Object.assign(request, {
          correction_items: null,
          correction_notice_on: null,
          correction_due_on: null,
        });
      }
    }
    const countFrom = spec.restarts[0]?.at ?? receivedOn;
    if (status === 'registered' && (age > 2 || rnd() < 0.3)) {
      const assignedOn = before(countFrom, 1 + Math.floor(rnd() * 2)) ?? yesterday;
      status = 'assigned';
      lastChange = officeTime(assignedOn, rnd);
      const units = ctx.children.get(agency.id) ?? [];
      const unit =
        units.length > 0 && rnd() < 0.4 ? (units[Math.floor(rnd() * units.length)] as BenchAgency) : agency;
      const officer = ctx.staff[Math.floor(rnd() * ctx.staff.length)] as string;
      request.responsible_agency_id = unit.id;
      request.assignee_id = officer;
      Object.assign(deadline, { agency_id: unit.id, assignee_user_id: officer, assignee_role: null });
      // Consultation (条例第三十二条、第三十四条): the clock stops from the day the letter goes out.
      const k = rnd();
      const sentOn = k < 0.15 ? before(assignedOn, 1 + Math.floor(rnd() * 4)) : null;
      if (sentOn) {
        const reason = rnd() < 0.7 ? THIRD_PARTY : OTHER_AGENCY;
        const answeredOn = k < 0.09 ? before(sentOn, 2 + Math.floor(rnd() * 14)) : null;
        if (answeredOn) {
          spec.pauses.push({ from: sentOn, to: answeredOn, reason });
          lastChange = officeTime(answeredOn, rnd);
          mix.pausedBefore++;
        } else {
          spec.pauses.push({ from: sentOn, to: null, reason });
          status = 'consulting';
          lastChange = officeTime(sentOn, rnd);
        }
      }
      if (status === 'assigned' && age > 5 && rnd() < 0.12) {
        status = 'reply_drafted';
        Object.assign(deadline, {
          agency_id: agency.id,
          assignee_user_id: null,
          assignee_role: 'office_head',
        });
        request.reply = JSON.stringify({
          outcome: 'disclosed',
          text: '经审核，您申请的政府信息属于公开范围，现予以提供，详见附件。',
          provision: { alreadyPublic: false, where: '以电子邮件方式提供' },
        });
        lastChange = officeTime(yesterday, rnd);
      }
    }
    // One extension (条例第三十三条第二款), approved by the office head.
    if (age > 8 && status !== 'correction_pending' && rnd() < 0.06) {
      spec.extensions.push({ length: agency.replyDays, reason: EXTENSION_REASON, approvedBy: APPROVER });
      request.extension_days = agency.replyDays;
      mix.extended++;
    }
    if (spec.pauses.some((p) => p.to === null)) mix.pausedNow++;
    request.status = status;
    request.updated_at = lastChange;
    deadline.spec = specJson(spec);
    deadline.updated_at = lastChange;

    // The stored due instant (recomputed as of now), and the marks of the previous sweeps.
    const result = quickResult(ctx, spec, now, i < SELF_CHECK);
    deadline.due_at = result.dueAt;
    if (result.overdue) mix.overdueNow++;
    const prev = quickResult(ctx, spec, PREVIOUS_SWEEP, i < SELF_CHECK);
    const decided = sweepDecisions(
      {
        status: 'open',
        unit: spec.unit,
        paused: false,
        dueAt: prev.dueAt,
        workingDaysLeft: prev.workingDaysLeft,
        remindersSent: [],
        escalatedAt: null,
      },
      PREVIOUS_SWEEP,
    )[0];
    if (decided?.kind === 'escalate') {
      deadline.reminders_sent = JSON.stringify(['due_in_3', 'due_in_1']);
      deadline.escalated_at = new Date(Date.parse(prev.dueAt) + 30 * MINUTE_MS + 1).toISOString();
      mix.escalatedBefore++;
    } else if (decided?.kind === 'remind') {
      deadline.reminders_sent = JSON.stringify(decided.mark);
      mix.remindedBefore++;
    }
    // The next alert, as those alert jobs (or the last change before them) stored it.
    const next = nextAlert(
      {
        status: 'open',
        unit: spec.unit,
        paused: isPaused(spec),
        dueAt: result.dueAt,
        remindersSent: JSON.parse(deadline.reminders_sent) as ReminderKey[],
        escalatedAt: deadline.escalated_at,
      },
      (date) => ctx.days.isWorking(date),
      PREVIOUS_SWEEP,
    );
    deadline.alert_at = next?.at ?? null;
    deadline.next_alert = next?.alert ?? null;
    mix.byStatus[status] = (mix.byStatus[status] ?? 0) + 1;
    yield { request, deadline, dispute: null };
  }
}

/** Reply categories by share (the rows of table 三; roughly the mix of published annual reports). */
const OUTCOME_SHARES: [Outcome, number][] = [
  ['disclosed', 0.38],
  ['partly_disclosed', 0.09],
  ['withheld_state_secret', 0.002],
  ['withheld_prohibited_by_law', 0.004],
  ['withheld_security_stability', 0.003],
  ['withheld_third_party', 0.012],
  ['withheld_internal_affairs', 0.01],
  ['withheld_process_info', 0.015],
  ['withheld_enforcement_file', 0.008],
  ['withheld_administrative_query', 0.006],
  ['unavailable_not_held', 0.22],
  ['unavailable_needs_creation', 0.03],
  ['unavailable_unclear_after_correction', 0.01],
  ['not_processed_petition', 0.03],
  ['not_processed_repeated', 0.015],
  ['not_processed_publication', 0.005],
  ['not_processed_excessive', 0.003],
  ['not_processed_confirmation', 0.007],
  ['other_correction_lapsed', 0.08],
  ['other_fee_unpaid', 0.002],
  ['other_other', 0.06],
];

const REPLY_TEXT: Partial<Record<Outcome, string>> = {
  disclosed: '经审核，您申请的政府信息属于公开范围，现予以提供，详见附件。',
  partly_disclosed: '经审核，您申请的政府信息部分属于公开范围，现提供可以公开的部分。',
  unavailable_not_held: '经检索，本机关未制作或者获取您申请的政府信息。',
  other_correction_lapsed: '申请人未在补正期限内补正，视为放弃申请，本机关不再处理该政府信息公开申请。',
};
const DISPUTE_BODY: Record<DisputeKind, string> = {
  reconsideration: '申请人不服答复，向固原市人民政府申请行政复议',
  litigation_direct: '申请人不服答复，向人民法院提起行政诉讼',
  litigation_after_reconsideration: '申请人不服复议决定，向人民法院提起行政诉讼',
};

/**
 * Requests of a year that are all answered as of NOW (closed clocks): received from 1 December of
 * the year before to 31 December (those of December carried over or forward when the reply falls
 * across the new year), answered within the limit in 1–L working days (3% after an extension, 8%
 * with a consultation pause), in the reply categories above; 3% of adverse replies get a
 * reconsideration or a lawsuit (table 四), decided 30–120 days later, or pending. `agencyOf`
 * chooses each request's agency.
 */
export function* closedRequests(
  ctx: GeneratorContext,
  n: number,
  year: number,
  seed: number,
  agencyOf: (rnd: Rnd) => BenchAgency,
): Generator<GeneratedRequest> {
  const rnd = random(seed);
  const from = Date.parse(`${year - 1}-12-01T00:00:00Z`);
  const span = Date.parse(`${year + 1}-01-01T00:00:00Z`) - from;
  const now = new Date(NOW);
  const nowDate = shanghaiDate(now);
  for (let i = 0; i < n; i++) {
    const agency = agencyOf(rnd);
    let receivedOn = new Date(from + Math.floor(rnd() * span)).toISOString().slice(0, 10);
    // Fewer requests arrive on days off (online ones still do).
    if (!ctx.days.isWorking(receivedOn) && rnd() < 0.8) receivedOn = ctx.days.add(receivedOn, 1);
    const id = uuid(rnd);
    const deadlineId = uuid(rnd);
    const request = baseRequest(ctx, rnd, id, agency, receivedOn, deadlineId);
    const spec = replySpec(receivedOn, agency.replyDays);
    let length = agency.replyDays;
    if (rnd() < 0.03) {
      spec.extensions.push({ length: agency.replyDays, reason: EXTENSION_REASON, approvedBy: APPROVER });
      request.extension_days = agency.replyDays;
      length += agency.replyDays;
    }
    let took = 1 + Math.floor(rnd() * rnd() * length);
    if (rnd() < 0.08) {
      const sentOn = ctx.days.add(receivedOn, 2 + Math.floor(rnd() * 3));
      const answeredOn = ctx.days.add(sentOn, 3 + Math.floor(rnd() * 12));
      spec.pauses.push({
        from: sentOn,
        to: answeredOn,
        reason: rnd() < 0.7 ? THIRD_PARTY : OTHER_AGENCY,
      });
      took += ctx.days.between(sentOn, answeredOn);
    }
    const repliedOn = ctx.days.add(receivedOn, took);
    const outcome = pickShare(OUTCOME_SHARES, rnd());
    const repliedAt = officeTime(repliedOn, rnd);
    const deliveredAt = new Date(
      Date.parse(repliedAt) + (1 + Math.floor(rnd() * 72)) * HOUR_MS,
    ).toISOString();
    const s = rnd();
    const status: RequestStatus = s < 0.8 ? 'archived' : s < 0.95 ? 'delivered' : 'replied';
    const archivedAt = new Date(
      Date.parse(deliveredAt) + (5 + Math.floor(rnd() * 60)) * 86_400_000,
    ).toISOString();
    Object.assign(request, {
      status,
      responsible_agency_id: agency.id,
      assignee_id: ctx.staff[Math.floor(rnd() * ctx.staff.length)] as string,
      reply: JSON.stringify({
        outcome,
        text: REPLY_TEXT[outcome] ?? '经审查，现就您的政府信息公开申请答复如下。',
        ...(outcome === 'disclosed'
          ? { provision: { alreadyPublic: false, where: '以电子邮件方式提供' } }
          : {}),
        ...(outcome === 'disclosed' || outcome === 'partly_disclosed'
          ? {}
          : { remedies: { reconsiderationOrgan: '固原市人民政府', court: '有管辖权的人民法院' } }),
      }),
      outcome,
      replied_on: repliedOn,
      delivered_at: status === 'replied' ? null : deliveredAt,
      archived_at: status === 'archived' ? archivedAt : null,
      updated_at: status === 'archived' ? archivedAt : status === 'delivered' ? deliveredAt : repliedAt,
    });
    const deadline = baseDeadline(deadlineId, request, spec, request.created_at);
    // A clock with pauses goes through computeDeadline; a plain one ends on working day L.
    deadline.due_at = quickResult(ctx, spec, now, i < SELF_CHECK).dueAt;
    Object.assign(deadline, {
      agency_id: agency.id,
      assignee_role: 'office_head',
      status: 'closed',
      closed_at: repliedAt,
      updated_at: repliedAt,
    });
    let dispute: RequestDisputesTable | null = null;
    const adverse = outcome !== 'disclosed' && outcome !== 'partly_disclosed';
    if (adverse && rnd() < 0.03) {
      const kindRoll = rnd();
      const kind: DisputeKind =
        kindRoll < 0.7
          ? 'reconsideration'
          : kindRoll < 0.9
            ? 'litigation_direct'
            : 'litigation_after_reconsideration';
      const disputeOn = addDays(repliedOn, 5 + Math.floor(rnd() * 55));
      let decidedOn: string | null = addDays(disputeOn, 30 + Math.floor(rnd() * 90));
      if (decidedOn > nowDate) decidedOn = null;
      const o = rnd();
      const at = officeTime(disputeOn < nowDate ? disputeOn : nowDate, rnd);
      dispute = {
        id: uuid(rnd),
        request_id: id,
        kind,
        received_on: disputeOn,
        body: DISPUTE_BODY[kind],
        defence_due_on: ctx.days.add(disputeOn, 10),
        evidence_due_on: ctx.days.add(disputeOn, 5),
        hearings: '[]',
        outcome: decidedOn === null ? 'pending' : o < 0.65 ? 'upheld' : o < 0.85 ? 'corrected' : 'other',
        decided_on: decidedOn,
        follow_up: null,
        created_at: at,
        updated_at: at,
      };
    }
    yield { request, deadline, dispute };
  }
}

/** The agency picker for the region's other 999 agencies (by weight). */
export function regionPicker(
  ctx: GeneratorContext,
  exclude: string,
  seed: number,
): (rnd: Rnd) => BenchAgency {
  const pick = agencyPicker(ctx.agencies, random(seed), exclude);
  return () => pick();
}
