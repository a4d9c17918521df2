import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  consultationAnswerSchema,
  consultationSchema,
  deliverySchema,
  disputeSchema,
  disputeUpdateSchema,
  feeSchema,
  NoticeView,
  PublicMatchView,
  ReplyInput,
  RequestView,
  StaffIntakeInput,
  CellKey,
  StatisticsCellView,
  StatisticsView,
} from '../../../../src/modules/requests/schemas.ts';
import type { RequestEvent, RequestStatus } from '../../../../src/modules/requests/model.ts';
import type { UserView } from '../orgs/api.ts';
import { api, query } from '../../lib/api.ts';
import type { Action } from '../../lib/session.ts';

/**
 * 依申请公开 in the console: the requests API (src/modules/requests/routes.ts) and the labels the
 * server's pure model does not hold in a file the console may import. outcomes.ts, fees.ts and
 * notices.ts are not importable here (dependency-cruiser: the console takes schemas as types and
 * model.ts files only; notices.ts pulls in docx), so their labels are restated below, each as a
 * Record keyed by the type the schemas give: a code added on the server breaks this file's build.
 */

export type { NoticeView, PublicMatchView, ReplyInput, RequestView, StaffIntakeInput, UserView };
export type Outcome = NonNullable<RequestView['outcome']>;
export type NoticeKind = NoticeView['kind'];
export type FeeMethod = z.input<typeof feeSchema>['method'];
export type FeeInput = z.input<typeof feeSchema>;
export type ConsultationInput = z.input<typeof consultationSchema>;
export type ConsultationAnswerInput = z.input<typeof consultationAnswerSchema>;
export type DeliveryInput = z.input<typeof deliverySchema>;
export type DeliveryMethod = DeliveryInput['method'];
export type DisputeInput = z.input<typeof disputeSchema>;
export type DisputeUpdateInput = z.input<typeof disputeUpdateSchema>;
export type Consultation = RequestView['consultations'][number];
export type Dispute = RequestView['disputes'][number];

/** The blocks （一）–（六） of table 三 (outcomes.ts OUTCOME_FAMILIES). */
export type OutcomeFamily =
  'disclosed' | 'partly_disclosed' | 'withheld' | 'unavailable' | 'not_processed' | 'other';

export const OUTCOME_FAMILY_LABELS: Record<OutcomeFamily, string> = {
  disclosed: '予以公开',
  partly_disclosed: '部分公开',
  withheld: '不予公开',
  unavailable: '无法提供',
  not_processed: '不予处理',
  other: '其他处理',
};

export interface OutcomeInfo {
  family: OutcomeFamily;
  label: string;
  /** The row of table 三, e.g. '（三）1'. */
  row: string;
  /** The applicant did not get all it asked for: the reply states the remedies (条例第五十一条). */
  adverse: boolean;
}

const info = (family: OutcomeFamily, label: string, row: string, adverse = true): OutcomeInfo => ({
  family,
  label,
  row,
  adverse,
});

/** outcomes.ts OUTCOME_INFO, in table 三's printed order (without the articles). */
export const OUTCOME_INFO: Record<Outcome, OutcomeInfo> = {
  disclosed: info('disclosed', '予以公开', '（一）', false),
  partly_disclosed: info('partly_disclosed', '部分公开', '（二）'),
  withheld_state_secret: info('withheld', '属于国家秘密', '（三）1'),
  withheld_prohibited_by_law: info('withheld', '其他法律行政法规禁止公开', '（三）2'),
  withheld_security_stability: info('withheld', '危及“三安全一稳定”', '（三）3'),
  withheld_third_party: info('withheld', '保护第三方合法权益', '（三）4'),
  withheld_internal_affairs: info('withheld', '属于三类内部事务信息', '（三）5'),
  withheld_process_info: info('withheld', '属于四类过程性信息', '（三）6'),
  withheld_enforcement_file: info('withheld', '属于行政执法案卷', '（三）7'),
  withheld_administrative_query: info('withheld', '属于行政查询事项', '（三）8'),
  unavailable_not_held: info('unavailable', '本机关不掌握相关政府信息', '（四）1'),
  unavailable_needs_creation: info('unavailable', '没有现成信息需要另行制作', '（四）2'),
  unavailable_unclear_after_correction: info('unavailable', '补正后申请内容仍不明确', '（四）3'),
  not_processed_petition: info('not_processed', '信访举报投诉类申请', '（五）1'),
  not_processed_repeated: info('not_processed', '重复申请', '（五）2'),
  not_processed_publication: info('not_processed', '要求提供公开出版物', '（五）3'),
  not_processed_excessive: info('not_processed', '无正当理由大量反复申请', '（五）4'),
  not_processed_confirmation: info('not_processed', '要求行政机关确认或重新出具已获取信息', '（五）5'),
  other_correction_lapsed: info(
    'other',
    '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '（六）1',
  ),
  other_fee_unpaid: info(
    'other',
    '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '（六）2',
  ),
  other_other: info('other', '其他', '（六）3'),
};

export const OUTCOMES = Object.keys(OUTCOME_INFO) as Outcome[];

/** The outcomes the lapse sweep issues by itself (逾期不补正 / 逾期未缴费): never drafted by hand. */
export const SYSTEM_OUTCOMES: readonly Outcome[] = ['other_correction_lapsed', 'other_fee_unpaid'];

/** The grounds of a withheld part of a partly disclosed reply: the eight 不予公开 rows. */
export const WITHHOLDING_GROUNDS = OUTCOMES.filter((o) => OUTCOME_INFO[o].family === 'withheld');

export const outcomeLabel = (o: Outcome): string =>
  o === 'disclosed' || o === 'partly_disclosed'
    ? OUTCOME_INFO[o].label
    : `${OUTCOME_FAMILY_LABELS[OUTCOME_INFO[o].family]}：${OUTCOME_INFO[o].label}`;

/** fees.ts FEE_METHOD_LABELS. */
export const FEE_METHOD_LABELS: Record<FeeMethod, string> = {
  per_item: '按件计收',
  per_page: '按量计收',
};

/** notices.ts NOTICE_KIND_LABELS. */
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  acknowledgement: '政府信息公开申请登记回执',
  correction: '补正申请告知书',
  extension: '延长答复期限告知书',
  third_party_consultation: '第三方意见征询函',
  third_party_override: '公开决定告知书（第三方）',
  reasons_request: '说明理由通知书',
  long_limit: '延期答复告知书',
  fee: '收费通知书',
  reply: '政府信息公开申请答复书',
};

export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  in_person: '当面送达',
  post: '邮寄送达',
  email: '电子邮件送达',
  online: '网上送达',
  fax: '传真送达',
};

/** The fee as the server stores it (fees.ts FeeBreakdown). */
export interface FeeView {
  method: FeeMethod;
  amount: number;
  lines: { from: number; to: number; count: number; rate: number; subtotal: number }[];
  basis: string;
}

/** The reply (draft or issued) as the server stores it (outcomes.ts ReplyDraft). */
export interface ReplyView {
  outcome: Outcome;
  text: string;
  provision?: { alreadyPublic: boolean; where: string };
  disclosedPart?: string;
  withheldParts?: { description: string; ground: string; reason: string }[];
  reason?: string;
  searchRecord?: string;
  otherAgency?: { name: string; contact: string };
  remedies?: { reconsiderationOrgan: string; court: string };
}

/**
 * Who may do what on a request (service.ts ACTION_PERMISSION): a button shows when the state machine
 * offers the event and the user holds the permission in the current agency; the server decides.
 */
export const EVENT_PERMISSION: Partial<Record<RequestEvent, Action>> = {
  request_correction: 'request.register',
  receive_correction: 'request.register',
  assign: 'request.register',
  start_consultation: 'request.register',
  extend: 'request.extend',
  ask_reasons: 'request.register',
  set_long_limit: 'request.extend',
  issue_fee_notice: 'request.register',
  record_payment: 'request.register',
  draft_reply: 'request.handle',
  return_draft: 'request.approve',
  approve_reply: 'request.approve',
  record_delivery: 'request.register',
  archive: 'request.register',
};

/** The roles that may handle a request in a unit (permissions.ts 'request.handle'): the assignee's. */
export const HANDLING_ROLES = ['disclosure_officer', 'unit_head', 'drafter'] as const;

/** Today in Beijing, YYYY-MM-DD (receipt dates and deadlines are Beijing days). */
export function beijingToday(): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

export const currentYear = (): number => Number(beijingToday().slice(0, 4));

/** From this year back to 2019 (the 条例 as revised): the years a filter offers. */
export function yearOptions(): { value: number; label: string }[] {
  const years: { value: number; label: string }[] = [];
  for (let y = currentYear(); y >= 2019; y--) years.push({ value: y, label: `${y} 年` });
  return years;
}

// ---- Statistics (schemas.ts statisticsView: counts; a cell's requests come page by page) ----

export type { CellKey, StatisticsCellView, StatisticsView };
export type TableThreeRow = StatisticsView['tableThree']['rows'][number];
export type TableFourRow = StatisticsView['tableFour']['groups'][number];
export type TableThreeColumn = keyof TableThreeRow['cells'];
export type TableFourColumn = keyof TableFourRow['cells'];

// ---- Queries and mutations ----

const KEY = ['requests'] as const;
const enc = encodeURIComponent;

export const LIST_PAGE_SIZE = 50;

export function useRequests(filter: { status?: RequestStatus; year?: number; page: number }) {
  return useQuery({
    queryKey: [...KEY, 'list', filter],
    queryFn: () =>
      api.get<RequestView[]>(
        `/api/requests${query({ status: filter.status, year: filter.year, page: filter.page })}`,
      ),
  });
}

export function useRequest(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'one', id],
    queryFn: () => api.get<RequestView>(`/api/requests/${enc(id!)}`),
    enabled: Boolean(id),
  });
}

export function useStatistics(agencyId: string | undefined, year: number) {
  return useQuery({
    queryKey: [...KEY, 'statistics', agencyId, year],
    queryFn: () => api.get<StatisticsView>(`/api/requests/statistics${query({ agencyId, year })}`),
    enabled: Boolean(agencyId),
  });
}

/** One page of the requests behind a cell (the drawer shows its own error). */
export function useStatisticsCell(
  agencyId: string | undefined,
  year: number,
  cell: CellKey | null,
  page: number,
) {
  return useQuery({
    queryKey: [...KEY, 'statistics', agencyId, year, cell, page],
    queryFn: () =>
      api.get<StatisticsCellView>(`/api/requests/statistics/cell${query({ agencyId, year, cell, page })}`, {
        quiet: true,
      }),
    enabled: Boolean(agencyId && cell),
    // Turning pages keeps the last page on screen until the next arrives; another cell starts empty.
    placeholderData: (previous) => (previous?.cell === cell ? previous : undefined),
  });
}

export const statisticsXlsxUrl = (agencyId: string, year: number) =>
  `/api/requests/statistics.xlsx${query({ agencyId, year })}`;

export const noticeDocxUrl = (requestId: string, noticeId: string) =>
  `/api/requests/${enc(requestId)}/notices/${enc(noticeId)}.docx`;

/** The notice as one A4 sheet (HTML), to print from the browser. */
export const noticePrintUrl = (requestId: string, noticeId: string) =>
  `/api/requests/${enc(requestId)}/notices/${enc(noticeId)}/print`;

/** Published documents that may already answer the request (条例第三十六条第（一）项). */
export function useRequestMatches(id: string) {
  return useQuery({
    queryKey: [...KEY, 'matches', id],
    queryFn: () => api.get<PublicMatchView[]>(`/api/requests/${enc(id)}/matches`, { quiet: true }),
  });
}

/** The users of a unit who may be assigned a request (GET /api/users needs user.view). */
export function useUnitUsers(agencyId: string | undefined) {
  return useQuery({
    queryKey: ['users', agencyId ?? 'none'],
    queryFn: async () => (await api.get<{ users: UserView[] }>(`/api/users${query({ agencyId })}`)).users,
    enabled: Boolean(agencyId),
  });
}

/** A change to a request also changes My tasks (its clock is a deadline). */
function useRequestMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export const useRegisterRequest = () =>
  useRequestMutation((body: StaffIntakeInput) =>
    api.post<RequestView & { token: string }>('/api/requests', body, { quiet: true }),
  );

/**
 * The actions at `/api/requests/:id/<path>` (routes.ts ACTIONS, the consultation answer, the dispute
 * update, approval and archiving): each answers with the request.
 */
export type ActionPath =
  | 'correction'
  | 'corrected'
  | 'assign'
  | 'search-record'
  | 'consultations'
  | `consultations/${string}/answer`
  | 'extension'
  | 'reasons'
  | 'long-limit'
  | 'fee'
  | 'payment'
  | 'reply'
  | 'reply/return'
  | 'reply/approve'
  | 'delivery'
  | 'disputes'
  | `disputes/${string}`
  | 'archive';

export const useRequestAction = () =>
  useRequestMutation(({ id, path, body }: { id: string; path: ActionPath; body?: unknown }) =>
    api.post<RequestView>(`/api/requests/${enc(id)}/${path}`, body ?? {}, { quiet: true }),
  );

export const useRevealIdentity = () =>
  useMutation({
    mutationFn: (id: string) =>
      api.post<{ idNumber: string }>(`/api/requests/${enc(id)}/identity`, {}, { quiet: true }),
  });
