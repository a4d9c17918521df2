import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../core/auth/http.ts';
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
  publicMatchView,
  reasonsSchema,
  replySchema,
  requestIdParamsSchema,
  requestListQuerySchema,
  requestView,
  returnDraftSchema,
  searchRecordSchema,
  settingsSchema,
  staffIntakeSchema,
  statisticsCellQuerySchema,
  statisticsCellView,
  statisticsQuerySchema,
  statisticsView,
  templateParamsSchema,
  templateSchema,
} from './schemas.ts';
import type { RequestAction, RequestsService } from './service.ts';
import { statisticsWorkbook } from './export.ts';
import { noticeDocument, noticeDocx } from './notice-issue.ts';
import { noticePrintPage } from './notice-print.tsx';

const tags = ['依申请公开'];

type SimpleAction = Exclude<
  RequestAction,
  { type: 'answer_consultation' | 'update_dispute' | 'approve_reply' | 'archive' }
>['type'];

/** The actions that take a body, each at its own address (the OpenAPI page lists them one by one). */
const ACTIONS: { path: string; type: SimpleAction; body: z.ZodType; summary: string }[] = [
  {
    path: 'correction',
    type: 'request_correction',
    body: correctionSchema,
    summary: '发出补正告知（条例第三十条）',
  },
  { path: 'corrected', type: 'receive_correction', body: correctedSchema, summary: '登记收到补正材料' },
  { path: 'assign', type: 'assign', body: assignSchema, summary: '交办承办单位' },
  { path: 'search-record', type: 'record_search', body: searchRecordSchema, summary: '登记检索记录' },
  {
    path: 'consultations',
    type: 'start_consultation',
    body: consultationSchema,
    summary: '征求第三方或其他机关意见',
  },
  { path: 'extension', type: 'extend', body: extensionSchema, summary: '延期答复（条例第三十三条）' },
  {
    path: 'reasons',
    type: 'ask_reasons',
    body: reasonsSchema,
    summary: '要求申请人说明理由（条例第三十五条）',
  },
  {
    path: 'long-limit',
    type: 'set_long_limit',
    body: longLimitSchema,
    summary: '确定延期答复期限（条例第三十五条）',
  },
  { path: 'fee', type: 'issue_fee_notice', body: feeSchema, summary: '发出收费通知' },
  { path: 'payment', type: 'record_payment', body: paymentSchema, summary: '登记缴费' },
  { path: 'reply', type: 'draft_reply', body: replySchema, summary: '拟定答复' },
  { path: 'reply/return', type: 'return_draft', body: returnDraftSchema, summary: '退回答复稿' },
  { path: 'delivery', type: 'record_delivery', body: deliverySchema, summary: '登记送达' },
  { path: 'disputes', type: 'add_dispute', body: disputeSchema, summary: '登记行政复议或行政诉讼' },
];

/** 依申请公开 for staff; permissions are checked in the service. */
export function registerRequestRoutes(app: FastifyInstance, requests: RequestsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/requests',
    {
      schema: {
        tags,
        summary: '依申请公开申请列表',
        querystring: requestListQuerySchema,
        response: { 200: z.array(requestView) },
      },
    },
    async (req) => requests.list(requireActor(req), req.query),
  );

  r.post(
    '/api/requests',
    {
      schema: {
        tags,
        summary: '登记申请（信函、当面、口头）',
        body: staffIntakeSchema,
        response: { 201: requestView.extend({ token: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requests.registerForApplicant(requireActor(req), req.body)),
  );

  r.get(
    '/api/requests/statistics',
    {
      schema: {
        tags,
        summary: '申请办理情况统计（年报表三、表四）',
        querystring: statisticsQuerySchema,
        response: { 200: statisticsView },
      },
    },
    async (req) =>
      requests.statistics(requireActor(req), req.query.agencyId, req.query.year, req.query.scope),
  );

  r.get(
    '/api/requests/statistics/cell',
    {
      schema: {
        tags,
        summary: '统计表某一单元格对应的申请（分页）',
        querystring: statisticsCellQuerySchema,
        response: { 200: statisticsCellView },
      },
    },
    async (req) => requests.statisticsCell(requireActor(req), req.query),
  );

  r.get(
    '/api/requests/statistics.xlsx',
    { schema: { tags, summary: '统计表导出（Excel）', querystring: statisticsQuerySchema } },
    async (req, reply) => {
      const stats = await requests.statistics(
        requireActor(req),
        req.query.agencyId,
        req.query.year,
        req.query.scope,
      );
      const file = await statisticsWorkbook(stats);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`依申请公开统计-${req.query.year}.xlsx`)}`,
        )
        .send(file);
    },
  );

  const agencyQuery = z.object({ agencyId: z.uuid({ message: '请选择机关' }) });

  r.get(
    '/api/requests/settings',
    { schema: { tags, summary: '依申请公开设置（期限、内部时限）', querystring: agencyQuery } },
    async (req) => requests.settings(requireActor(req), req.query.agencyId),
  );

  r.put(
    '/api/requests/settings',
    { schema: { tags, summary: '修改依申请公开设置', querystring: agencyQuery, body: settingsSchema } },
    async (req) => requests.updateSettings(requireActor(req), req.query.agencyId, req.body),
  );

  r.get(
    '/api/requests/templates',
    { schema: { tags, summary: '告知书模板', querystring: agencyQuery } },
    async (req) => requests.templates(requireActor(req), req.query.agencyId),
  );

  r.put(
    '/api/requests/templates/:kind',
    {
      schema: {
        tags,
        summary: '修改告知书模板',
        params: templateParamsSchema,
        querystring: agencyQuery,
        body: templateSchema,
      },
    },
    async (req) => requests.updateTemplate(requireActor(req), req.query.agencyId, req.params.kind, req.body),
  );

  r.delete(
    '/api/requests/templates/:kind',
    { schema: { tags, summary: '恢复默认模板', params: templateParamsSchema, querystring: agencyQuery } },
    async (req) => requests.resetTemplate(requireActor(req), req.query.agencyId, req.params.kind),
  );

  r.get(
    '/api/requests/archive.zip',
    {
      schema: {
        tags,
        summary: '年度归档导出（告知书 .docx 与索引表）',
        querystring: z.object({
          agencyId: z.uuid({ message: '请选择机关' }),
          year: z.coerce.number().int().min(2000, '年份有误').max(2100, '年份有误'),
        }),
      },
    },
    async (req, reply) => {
      const zip = await requests.archiveExport(requireActor(req), req.query.agencyId, req.query.year);
      return reply
        .type('application/zip')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`依申请公开归档-${req.query.year}.zip`)}`,
        )
        .send(zip);
    },
  );

  r.get(
    '/api/requests/:id',
    { schema: { tags, summary: '申请详情', params: requestIdParamsSchema, response: { 200: requestView } } },
    async (req) => requests.get(requireActor(req), req.params.id),
  );

  r.get(
    '/api/requests/:id/matches',
    {
      schema: {
        tags,
        summary: '可能已主动公开的信息（条例第三十六条第（一）项）',
        params: requestIdParamsSchema,
        response: { 200: z.array(publicMatchView) },
      },
    },
    async (req) => requests.matches(requireActor(req), req.params.id),
  );

  r.get(
    '/api/requests/:id/history',
    { schema: { tags, summary: '申请人的申请记录（条例第三十五条）', params: requestIdParamsSchema } },
    async (req) => requests.history(requireActor(req), req.params.id),
  );

  r.post(
    '/api/requests/:id/identity',
    { schema: { tags, summary: '查看证件号码（记入审计日志）', params: requestIdParamsSchema } },
    async (req) => requests.revealIdentity(requireActor(req), req.params.id),
  );

  for (const a of ACTIONS) {
    r.post(
      `/api/requests/:id/${a.path}`,
      {
        schema: {
          tags,
          summary: a.summary,
          params: requestIdParamsSchema,
          body: a.body,
          response: { 200: requestView },
        },
      },
      async (req) => requests.act(requireActor(req), req.params.id, { type: a.type, input: req.body }),
    );
  }

  r.post(
    '/api/requests/:id/consultations/:consultationId/answer',
    {
      schema: {
        tags,
        summary: '登记征求意见结果',
        params: requestIdParamsSchema.extend({ consultationId: z.uuid({ message: '征求意见编号有误' }) }),
        body: consultationAnswerSchema,
        response: { 200: requestView },
      },
    },
    async (req) =>
      requests.act(requireActor(req), req.params.id, {
        type: 'answer_consultation',
        consultationId: req.params.consultationId,
        input: req.body,
      }),
  );

  r.post(
    '/api/requests/:id/disputes/:disputeId',
    {
      schema: {
        tags,
        summary: '更新复议或诉讼情况',
        params: requestIdParamsSchema.extend({ disputeId: z.uuid({ message: '争议编号有误' }) }),
        body: disputeUpdateSchema,
        response: { 200: requestView },
      },
    },
    async (req) =>
      requests.act(requireActor(req), req.params.id, {
        type: 'update_dispute',
        disputeId: req.params.disputeId,
        input: req.body,
      }),
  );

  r.post(
    '/api/requests/:id/reply/approve',
    {
      schema: { tags, summary: '审批并答复', params: requestIdParamsSchema, response: { 200: requestView } },
    },
    async (req) => requests.act(requireActor(req), req.params.id, { type: 'approve_reply' }),
  );

  r.post(
    '/api/requests/:id/archive',
    { schema: { tags, summary: '归档', params: requestIdParamsSchema, response: { 200: requestView } } },
    async (req) => requests.act(requireActor(req), req.params.id, { type: 'archive' }),
  );

  r.get(
    '/api/requests/:id/identity-proofs/:fileId',
    {
      schema: {
        tags,
        summary: '查看证件材料（记入审计日志）',
        params: requestIdParamsSchema.extend({ fileId: z.uuid({ message: '证件材料编号有误' }) }),
      },
    },
    async (req, reply) => {
      const { file, bytes } = await requests.identityProof(
        requireActor(req),
        req.params.id,
        req.params.fileId,
      );
      return reply
        .type(file.mime)
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(bytes);
    },
  );

  const noticeParams = requestIdParamsSchema.extend({ noticeId: z.uuid({ message: '告知书编号有误' }) });
  /** The notice a route names, for an actor who may read its request (the .docx and the print view). */
  const notice = (req: FastifyRequest<{ Params: z.infer<typeof noticeParams> }>) =>
    requests.notice(requireActor(req), req.params.id, req.params.noticeId);

  r.get(
    '/api/requests/:id/notices/:noticeId.docx',
    { schema: { tags, summary: '告知书（.docx）', params: noticeParams } },
    async (req, reply) => {
      const { row, agencyName } = await notice(req);
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${row.title}.docx`)}`,
        )
        .send(await noticeDocx(row, agencyName));
    },
  );

  r.get(
    '/api/requests/:id/notices/:noticeId/print',
    { schema: { tags, summary: '告知书打印视图（HTML，A4）', params: noticeParams } },
    async (req, reply) => {
      const { row, agencyName } = await notice(req);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(noticePrintPage(noticeDocument(row, agencyName)));
    },
  );
}
