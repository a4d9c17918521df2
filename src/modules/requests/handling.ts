/**
 * Handling a request: every event of the state machine (docs/state-machines.md) with its guard, its
 * clock change and its notice, and the records beside it (search record, consultation answers,
 * delivery, disputes); and the hourly sweep of lapsed corrections and fee windows. Each action is one
 * transaction with its audit event.
 */
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/permissions.ts';
import { shanghaiDate } from '../../core/calendar/dates.ts';
import type { Calendar } from '../../core/calendar/service.ts';
import type { Database } from '../../core/db/database.ts';
import { conflict, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/validation.ts';
import {
  addWorkingDays,
  AGENCY_CONSULTATION_DAYS,
  correctionNoticeProblem,
  extensionProblem,
  longLimitProblem,
  paymentDueOn,
  THIRD_PARTY_DAYS,
} from './deadlines.ts';
import { checkFeeInput, perItemFee, perPageApplies, perPageFee } from './fees.ts';
import {
  disclosureBlockedBy,
  transition,
  type ConsultationAnswer,
  type ConsultationKind,
  type RequestEvent,
  type RequestStatus,
} from './model.ts';
import { checkReply, type Outcome, type ReplyDraft } from './outcomes.ts';
import {
  assignSchema,
  consultationAnswerSchema,
  consultationSchema,
  correctedSchema,
  correctionSchema,
  deliverySchema,
  disputeSchema,
  disputeUpdateSchema,
  extensionSchema,
  feeSchema,
  longLimitSchema,
  paymentSchema,
  reasonsSchema,
  replySchema,
  returnDraftSchema,
  searchRecordSchema,
  type RequestView,
} from './schemas.ts';
import * as store from './store.ts';
import type { RequestRow } from './store.ts';

import { json, REQUEST_ENTITY, type RequestContext } from './context.ts';
import type { RequestsService } from './service.ts';

/** 黄岩区 行政争议处置工作流程: the defence is drafted within 10 working days, the units' evidence within 5. */
export const DEFENCE_DAYS = 10;
export const EVIDENCE_DAYS = 5;

/** The actions on a request, each one event of the state machine or a record beside it. */
export type RequestAction =
  | { type: 'request_correction'; input: unknown }
  | { type: 'receive_correction'; input: unknown }
  | { type: 'assign'; input: unknown }
  | { type: 'record_search'; input: unknown }
  | { type: 'start_consultation'; input: unknown }
  | { type: 'answer_consultation'; consultationId: string; input: unknown }
  | { type: 'extend'; input: unknown }
  | { type: 'ask_reasons'; input: unknown }
  | { type: 'set_long_limit'; input: unknown }
  | { type: 'issue_fee_notice'; input: unknown }
  | { type: 'record_payment'; input: unknown }
  | { type: 'draft_reply'; input: unknown }
  | { type: 'return_draft'; input: unknown }
  | { type: 'approve_reply' }
  | { type: 'record_delivery'; input: unknown }
  | { type: 'archive' }
  | { type: 'add_dispute'; input: unknown }
  | { type: 'update_dispute'; disputeId: string; input: unknown };

/** How the fee is paid (非税收入, 国办函〔2020〕109号); an agency may edit the fee notice's template. */
const PAYMENT_METHOD = '持本通知到本机关政府信息公开工作机构办理缴款手续，或通过当地非税收入电子缴款渠道缴纳';

/** The handling of a request: every event of the state machine and the records beside it. */
export function createHandling(ctx: RequestContext): Pick<RequestsService, 'act' | 'lapse'> {
  const {
    deps,
    k,
    now,
    today,
    settingsFor,
    roleAgency,
    regionOf,
    issue,
    load,
    move,
    reply,
    defaultRemedies,
    get,
  } = ctx;
  const { audit, calendar, deadlines, orgs } = deps;

  async function act(actor: Actor, id: string, action: RequestAction): Promise<RequestView> {
    // Read through AUTH's own handle before the transaction: on SQLite (one connection) a read
    // outside the open transaction would wait for it.
    const assignee =
      action.type === 'assign'
        ? await deps.users.getUser(parseInput(assignSchema, action.input).assigneeId)
        : null;
    const approverAgency =
      action.type === 'draft_reply'
        ? await roleAgency((await store.getRequest(k, id))?.agency_id ?? '', 'office_head').catch(() => null)
        : null;
    const result = await k.transaction().execute(async (trx) => {
      const need = ACTION_PERMISSION[action.type];
      const row = await load(trx, actor, id, need);
      if (row.status === 'archived') throw conflict('该申请已归档，不能再修改', 'archived');
      const cal = await calendar.load(trx);
      const region = await regionOf(row.agency_id, trx);
      const settings = await settingsFor(row.agency_id, trx);
      const t = today();
      switch (action.type) {
        case 'request_correction': {
          const input = parseInput(correctionSchema, action.input);
          transition(row.status as RequestStatus, 'request_correction');
          const problem = correctionNoticeProblem({
            calendar: cal,
            receivedOn: row.received_on,
            today: t,
            regionCode: region,
            noticesSent: row.correction_notice_on ? 1 : 0,
          });
          if (problem) throw conflict(problem, 'correction_refused');
          const due = addWorkingDays(cal, t, settings.correctionPeriodDays, region);
          await move(
            trx,
            actor,
            row,
            'request_correction',
            {
              correction_items: JSON.stringify(input.items),
              correction_notice_on: t,
              correction_due_on: due,
            },
            { items: input.items, dueOn: due },
          );
          if (row.deadline_id)
            await deadlines.pause(trx, row.deadline_id, { reason: '补正（条例第三十条）' });
          await issue(trx, actor, row, 'applicant', {
            kind: 'correction',
            items: input.items,
            correctionDueOn: due,
          });
          break;
        }
        case 'receive_correction': {
          const input = parseInput(correctedSchema, action.input);
          if (input.receivedOn < (row.correction_notice_on ?? '') || input.receivedOn > t) {
            throw invalid('补正材料的收到日期应在补正告知之后、不晚于今天', { receivedOn: '日期有误' });
          }
          if (row.correction_due_on && input.receivedOn > row.correction_due_on) {
            throw conflict(
              `补正期限已于${row.correction_due_on}届满；逾期未补正的申请视为放弃（条例第三十条）`,
              'correction_lapsed',
            );
          }
          await move(
            trx,
            actor,
            row,
            'receive_correction',
            { corrected_on: input.receivedOn, description: input.description ?? row.description },
            { correctedOn: input.receivedOn },
          );
          // 条例第三十条: the reply limit runs again from the day the corrected request is received.
          if (row.deadline_id)
            await deadlines.restart(trx, row.deadline_id, {
              at: input.receivedOn,
              reason: '收到补正后的申请（条例第三十条）',
            });
          break;
        }
        case 'assign': {
          const input = parseInput(assignSchema, action.input);
          const unitPath = await orgs.agencyPath(input.agencyId, trx);
          const requestPath = await orgs.agencyPath(row.agency_id, trx);
          if (!unitPath.includes(row.agency_id) && !requestPath.includes(input.agencyId)) {
            throw invalid('承办单位应为受理机关或其下属单位', { agencyId: '承办单位有误' });
          }
          const user = assignee as NonNullable<typeof assignee>;
          if (!can({ memberships: user.memberships }, 'request.handle', unitPath)) {
            throw invalid('承办人在该单位没有办理依申请公开的角色', { assigneeId: '承办人有误' });
          }
          await move(
            trx,
            actor,
            row,
            'assign',
            { responsible_agency_id: input.agencyId, assignee_id: input.assigneeId },
            { responsibleAgencyId: input.agencyId, assigneeId: input.assigneeId },
          );
          if (row.deadline_id)
            await deadlines.reassign(trx, row.deadline_id, {
              agencyId: input.agencyId,
              assigneeUserId: input.assigneeId,
              assigneeRole: null,
            });
          break;
        }
        case 'record_search': {
          const input = parseInput(searchRecordSchema, action.input);
          if (!['assigned', 'consulting'].includes(row.status))
            throw conflict('只有办理中的申请可以登记检索记录', 'invalid_state');
          await store.updateRequest(trx, row.id, {
            search_record: input.record,
            updated_at: now().toISOString(),
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.search_recorded',
            after: { record: input.record },
          });
          break;
        }
        case 'start_consultation': {
          const input = parseInput(consultationSchema, action.input);
          if (input.sentOn > t || input.sentOn < row.received_on)
            throw invalid('发函日期有误', { sentOn: '发函日期应在收到申请之后、不晚于今天' });
          const days = input.kind === 'third_party' ? THIRD_PARTY_DAYS : AGENCY_CONSULTATION_DAYS;
          const due = addWorkingDays(cal, input.sentOn, days, region);
          const wasConsulting = row.status === 'consulting';
          await move(
            trx,
            actor,
            row,
            'start_consultation',
            {},
            { kind: input.kind, party: input.party, dueOn: due },
          );
          const cid = newId();
          await store.insertConsultation(trx, {
            id: cid,
            request_id: row.id,
            kind: input.kind,
            party: input.party,
            contact: input.contact,
            matter: input.matter,
            sent_on: input.sentOn,
            due_on: due,
            answer: null,
            answered_on: null,
            answer_note: null,
            override_reason: null,
            created_at: now().toISOString(),
          });
          // 条例第三十三条第三款: consultation time is not counted.
          if (!wasConsulting && row.deadline_id)
            await deadlines.pause(trx, row.deadline_id, {
              from: input.sentOn,
              reason:
                input.kind === 'third_party'
                  ? '征求第三方意见（条例第三十二条）'
                  : '征求其他机关意见（条例第三十三条）',
            });
          if (input.kind === 'third_party')
            await issue(trx, actor, row, input.party, {
              kind: 'third_party_consultation',
              thirdPartyName: input.party,
              reason: input.matter,
              answerDueOn: due,
            });
          break;
        }
        case 'answer_consultation': {
          const input = parseInput(consultationAnswerSchema, action.input);
          const all = await store.consultationsOf(trx, row.id);
          const c = all.find((x) => x.id === action.consultationId);
          if (!c) throw notFound('未找到该征求意见记录');
          if (c.answer !== null) throw conflict('该征求意见已有结果', 'already_answered');
          const answeredOn = input.answeredOn ?? t;
          if (input.answer === 'no_answer' && t <= c.due_on)
            throw conflict(`答复期限至${c.due_on}，届满后才能登记逾期未答复`, 'not_lapsed');
          if (input.overrideReason && !(c.kind === 'third_party' && input.answer === 'refusal')) {
            throw invalid('只有第三方不同意公开时才需写明公共利益理由', { overrideReason: '不适用' });
          }
          await store.updateConsultation(trx, c.id, {
            answer: input.answer,
            answered_on: answeredOn,
            answer_note: input.note ?? null,
            override_reason: input.overrideReason ?? null,
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.consultation_answered',
            after: { consultationId: c.id, answer: input.answer, override: input.overrideReason ?? null },
          });
          if (input.overrideReason)
            await issue(trx, actor, row, c.party, {
              kind: 'third_party_override',
              thirdPartyName: c.party,
              reason: input.overrideReason,
              disclosedContent: c.matter,
              remedies: await defaultRemedies(trx, row),
            });
          if (all.every((x) => x.id === c.id || x.answer !== null)) {
            await move(trx, actor, row, 'finish_consultations', {}, {});
            if (row.deadline_id) await deadlines.resume(trx, row.deadline_id, { at: answeredOn });
          }
          break;
        }
        case 'extend': {
          const input = parseInput(extensionSchema, action.input);
          transition(row.status as RequestStatus, 'extend');
          const problem = extensionProblem({
            days: input.days,
            settings,
            extensionsSoFar: row.extension_days ? 1 : 0,
            reason: input.reason,
          });
          if (problem) throw conflict(problem, 'extension_refused');
          await move(
            trx,
            actor,
            row,
            'extend',
            { extension_days: input.days },
            { days: input.days, reason: input.reason },
          );
          const d = row.deadline_id
            ? await deadlines.extend(trx, row.deadline_id, {
                length: input.days,
                reason: input.reason,
                approvedBy: actor.displayName,
              })
            : null;
          await issue(trx, actor, row, 'applicant', {
            kind: 'extension',
            extensionDays: input.days,
            reason: input.reason,
            dueOn: d?.dueDate ?? t,
          });
          break;
        }
        case 'ask_reasons': {
          const input = parseInput(reasonsSchema, action.input);
          await move(trx, actor, row, 'ask_reasons', { reasons_requested_on: t }, { note: input.note });
          await issue(trx, actor, row, 'applicant', {
            kind: 'reasons_request',
            reason: input.note,
            reasonsDueOn: addWorkingDays(cal, t, settings.correctionPeriodDays, region),
          });
          break;
        }
        case 'set_long_limit': {
          const input = parseInput(longLimitSchema, action.input);
          if (!row.reasons_requested_on)
            throw conflict('须先要求申请人说明理由（条例第三十五条）', 'reasons_first');
          const current =
            settings.replyDays +
            (row.extension_days ?? 0) +
            (row.long_limit_days ? row.long_limit_days - settings.replyDays : 0);
          const problem = longLimitProblem(input.days, current);
          if (problem) throw invalid(problem, { days: problem });
          await move(
            trx,
            actor,
            row,
            'set_long_limit',
            { long_limit_days: input.days },
            { days: input.days, reason: input.reason },
          );
          const d = row.deadline_id
            ? await deadlines.extend(trx, row.deadline_id, {
                length: input.days - current,
                reason: `条例第三十五条：${input.reason}`,
                approvedBy: actor.displayName,
              })
            : null;
          await issue(trx, actor, row, 'applicant', {
            kind: 'long_limit',
            reason: input.reason,
            dueOn: d?.dueDate ?? t,
          });
          break;
        }
        case 'issue_fee_notice': {
          const input = parseInput(feeSchema, action.input);
          const problem = checkFeeInput(
            input.method,
            input.method === 'per_item'
              ? { ordinalInMonth: 1, items: input.items ?? 1 }
              : { pages: input.pages },
          );
          if (problem) throw invalid(problem, { method: problem });
          if (
            input.method === 'per_page' &&
            !perPageApplies({ form: row.form as 'paper', delivery: row.delivery as 'post' })
          ) {
            throw invalid('按量计收仅适用于纸质、电子邮件或复制电子数据的方式（办法第五条）', {
              method: '不适用按量计收',
            });
          }
          // 办法第四条: counted per applicant per natural month, this request after the earlier ones.
          const month = row.received_on.slice(0, 7);
          const ordinal =
            (await store.countInMonth(trx, row.applicant_key, month, {
              createdAt: row.created_at,
              trackingNumber: row.tracking_number,
            })) + 1;
          const fee =
            input.method === 'per_item'
              ? perItemFee(ordinal, input.items ?? 1)
              : perPageFee(input.pages ?? 0);
          if (fee.amount === 0) throw conflict('按规定本申请不需收费（未超过免费额度）', 'free');
          await issue(trx, actor, row, 'applicant', { kind: 'fee', fee, paymentMethod: PAYMENT_METHOD });
          // Followed online, the notice is delivered as it is issued and the window starts now;
          // otherwise it starts when the delivery is recorded.
          const due = await feeDueOn(trx, row.id, cal, region);
          await move(
            trx,
            actor,
            row,
            'issue_fee_notice',
            { fee: JSON.stringify(fee), fee_notice_on: t, fee_due_on: due },
            { amount: fee.amount, method: fee.method, dueOn: due },
          );
          if (!settings.feeWindowCounted && row.deadline_id)
            await deadlines.pause(trx, row.deadline_id, {
              reason: '缴纳信息处理费期间（国办函〔2020〕109号）',
            });
          break;
        }
        case 'record_payment': {
          const input = parseInput(paymentSchema, action.input);
          if (input.paidOn > t || input.paidOn < (row.fee_notice_on ?? ''))
            throw invalid('缴费日期有误', { paidOn: '缴费日期应在收费通知之后、不晚于今天' });
          if (row.fee_due_on && input.paidOn > row.fee_due_on)
            throw conflict(`缴费期限已于${row.fee_due_on}届满`, 'fee_lapsed');
          await move(trx, actor, row, 'record_payment', { paid_on: input.paidOn }, { paidOn: input.paidOn });
          if (!settings.feeWindowCounted && row.deadline_id)
            await deadlines.resume(trx, row.deadline_id, { at: input.paidOn });
          break;
        }
        case 'draft_reply': {
          const input = parseInput(replySchema, action.input);
          const draft = input as ReplyDraft;
          const problems = checkReply(draft);
          if (problems.length > 0)
            throw invalid(
              problems[0]?.message ?? '答复内容不完整',
              Object.fromEntries(problems.map((p) => [p.field, p.message])),
            );
          if (draft.outcome === 'disclosed' || draft.outcome === 'partly_disclosed') {
            const blocked = disclosureBlockedBy(
              (await store.consultationsOf(trx, row.id)).map((c) => ({
                kind: c.kind as ConsultationKind,
                answer: c.answer as ConsultationAnswer | null,
                override: c.override_reason,
              })),
            );
            if (blocked && draft.outcome === 'disclosed') throw conflict(blocked, 'third_party_refused');
          }
          if (
            draft.outcome === 'unavailable_not_held' &&
            !draft.otherAgency?.name &&
            !row.search_record &&
            !draft.searchRecord
          ) {
            throw invalid('答复“本机关不掌握”须有检索记录', { searchRecord: '请登记检索记录' });
          }
          if (draft.outcome === 'unavailable_unclear_after_correction' && !row.corrected_on) {
            throw conflict('“补正后申请内容仍不明确”只适用于已补正的申请（条例第三十条）', 'not_corrected');
          }
          await move(
            trx,
            actor,
            row,
            'draft_reply',
            { reply: JSON.stringify(draft) },
            { outcome: draft.outcome },
          );
          if (row.deadline_id)
            await deadlines.reassign(trx, row.deadline_id, {
              agencyId: approverAgency ?? row.agency_id,
              assigneeRole: 'office_head',
              assigneeUserId: null,
            });
          break;
        }
        case 'return_draft': {
          const input = parseInput(returnDraftSchema, action.input);
          await move(trx, actor, row, 'return_draft', {}, { opinion: input.opinion });
          if (row.deadline_id && row.responsible_agency_id)
            await deadlines.reassign(trx, row.deadline_id, {
              agencyId: row.responsible_agency_id,
              assigneeUserId: row.assignee_id,
              assigneeRole: null,
            });
          break;
        }
        case 'approve_reply': {
          const draft = json<ReplyDraft>(row.reply);
          if (!draft) throw conflict('尚无答复稿', 'no_draft');
          if (row.status === 'reply_drafted' && checkReply(draft).length > 0)
            throw conflict('答复稿不完整，请退回修改', 'incomplete');
          await reply(trx, actor, row, 'approve_reply', draft);
          break;
        }
        case 'record_delivery': {
          const input = parseInput(deliverySchema, action.input);
          const notice = await store.getNotice(trx, row.id, input.noticeId);
          if (!notice) throw notFound('未找到该告知书');
          const at = input.deliveredAt ?? now().toISOString();
          const deliveredOn = shanghaiDate(new Date(at));
          if (deliveredOn < notice.issued_on || deliveredOn > t)
            throw invalid('送达时间有误', { deliveredAt: '送达时间应在告知书出具之后、不晚于今天' });
          await store.updateNotice(trx, notice.id, { delivered_at: at, delivery_method: input.method });
          const due =
            notice.kind === 'fee' && row.status === 'awaiting_payment'
              ? await feeDueOn(trx, row.id, cal, region)
              : row.fee_due_on;
          if (due !== row.fee_due_on)
            await store.updateRequest(trx, row.id, { fee_due_on: due, updated_at: now().toISOString() });
          if (notice.kind === 'reply' && (row.status === 'replied' || row.status === 'delivered')) {
            await move(
              trx,
              actor,
              row,
              'record_delivery',
              { delivered_at: at },
              { noticeId: notice.id, method: input.method },
            );
          } else {
            await audit.record(trx, {
              actor,
              agencyId: row.agency_id,
              entityType: REQUEST_ENTITY,
              entityId: row.id,
              action: 'request.notice_delivered',
              after: {
                noticeId: notice.id,
                kind: notice.kind,
                method: input.method,
                at,
                ...(due !== row.fee_due_on ? { feeDueOn: due } : {}),
              },
            });
          }
          break;
        }
        case 'archive': {
          await move(trx, actor, row, 'archive', { archived_at: now().toISOString() }, {});
          break;
        }
        case 'add_dispute': {
          const input = parseInput(disputeSchema, action.input);
          if (!row.replied_on) throw conflict('申请答复后才可能发生复议或诉讼', 'not_replied');
          if (input.receivedOn > t) throw invalid('收到日期不能晚于今天', { receivedOn: '日期有误' });
          const at = now().toISOString();
          const disputeId = newId();
          await store.insertDispute(trx, {
            id: disputeId,
            request_id: row.id,
            kind: input.kind,
            received_on: input.receivedOn,
            body: input.body,
            defence_due_on: addWorkingDays(cal, input.receivedOn, DEFENCE_DAYS, region),
            evidence_due_on: addWorkingDays(cal, input.receivedOn, EVIDENCE_DAYS, region),
            hearings: '[]',
            outcome: 'pending',
            decided_on: null,
            follow_up: null,
            created_at: at,
            updated_at: at,
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.dispute_added',
            after: { disputeId, kind: input.kind, receivedOn: input.receivedOn },
          });
          break;
        }
        case 'update_dispute': {
          const input = parseInput(disputeUpdateSchema, action.input);
          const d = await store.getDispute(trx, action.disputeId);
          if (!d || d.request_id !== row.id) throw notFound('未找到该争议记录');
          if ((input.outcome === 'pending') !== (input.decidedOn === undefined)) {
            throw invalid('审结的争议须填写结案日期；尚未审结的不填', { decidedOn: '结案日期有误' });
          }
          if (input.decidedOn && (input.decidedOn < d.received_on || input.decidedOn > t))
            throw invalid('结案日期有误', { decidedOn: '结案日期应在受理之后、不晚于今天' });
          if (input.outcome === 'corrected' && !input.followUp && !d.follow_up) {
            throw invalid('结果纠正的，请写明整改落实情况', { followUp: '请写明整改落实情况' });
          }
          const hearings = [
            ...(json<{ on: string; note: string }[]>(d.hearings) ?? []),
            ...(input.hearing ? [input.hearing] : []),
          ];
          await store.updateDispute(trx, d.id, {
            outcome: input.outcome,
            decided_on: input.decidedOn ?? null,
            hearings: JSON.stringify(hearings),
            follow_up: input.followUp ?? d.follow_up,
            updated_at: now().toISOString(),
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.dispute_updated',
            before: { outcome: d.outcome },
            after: { disputeId: d.id, outcome: input.outcome, decidedOn: input.decidedOn ?? null },
          });
          break;
        }
      }
      return row.id;
    });
    return get(actor, result);
  }

  /**
   * The last day to pay (paymentDueOn): from the day the request's latest fee notice was delivered,
   * as recorded; null while its delivery is not recorded.
   */
  async function feeDueOn(
    trx: Kysely<Database>,
    requestId: string,
    cal: Calendar,
    region: string,
  ): Promise<string | null> {
    const notice = (await store.noticesOf(trx, requestId)).findLast((n) => n.kind === 'fee');
    const receivedOn = notice?.delivered_at ? shanghaiDate(new Date(notice.delivered_at)) : null;
    return paymentDueOn(cal, receivedOn, region);
  }

  /**
   * Replies for the requests whose period lapsed (one transaction each, re-read inside it so that a
   * correction or payment recorded meanwhile wins); returns how many lapsed.
   */
  async function lapseEach(
    rows: readonly RequestRow[],
    status: RequestStatus,
    what: (r: RequestRow) => { event: RequestEvent; outcome: Outcome; text: string },
  ): Promise<number> {
    let n = 0;
    for (const row of rows) {
      await k.transaction().execute(async (trx) => {
        const fresh = await store.getRequest(trx, row.id);
        if (fresh?.status !== status) return;
        const { event, outcome, text } = what(fresh);
        await reply(trx, systemActor, fresh, event, {
          outcome,
          text,
          remedies: await defaultRemedies(trx, fresh),
        });
        n += 1;
      });
    }
    return n;
  }

  return {
    act,
    async lapse() {
      const t = today();
      const corrections = await lapseEach(await store.lapsedCorrections(k, t), 'correction_pending', (r) => ({
        event: 'lapse_correction',
        outcome: 'other_correction_lapsed',
        text: `申请人未在补正期限（${r.correction_due_on}）内补正，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      }));
      const fees = await lapseEach(await store.lapsedFees(k, t), 'awaiting_payment', (r) => ({
        event: 'lapse_fee',
        outcome: 'other_fee_unpaid',
        text: `申请人未在缴费期限（${r.fee_due_on}）内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      }));
      return { corrections, fees };
    },
  };
}

const ACTION_PERMISSION: Record<
  RequestAction['type'],
  'request.register' | 'request.handle' | 'request.approve' | 'request.extend'
> = {
  request_correction: 'request.register',
  receive_correction: 'request.register',
  assign: 'request.register',
  record_search: 'request.handle',
  start_consultation: 'request.register',
  answer_consultation: 'request.register',
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
  add_dispute: 'request.register',
  update_dispute: 'request.register',
};
