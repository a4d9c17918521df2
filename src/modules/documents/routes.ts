import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../core/auth/http.ts';
import {
  agencyIdParams,
  answerEscalationInput,
  consultationAnswerInput,
  consultationParams,
  convertInput,
  documentIdParams,
  documentListItemSchema,
  documentViewSchema,
  draftInput,
  escalateInput,
  publishWorkflowInput,
  returnInput,
  reviewInput,
  reviseInput,
  screeningRecordSchema,
  selfReviewQuery,
  selfReviewViewSchema,
  settingsInput,
  settingsViewSchema,
  staffListQuery,
  validityInput,
  withdrawInput,
  type DocumentView,
} from './schemas.ts';
import type { DocumentsService } from './service.ts';

const tags = ['主动公开'];

/**
 * The console API of proactive disclosure. Routes translate HTTP to one service call; the service
 * checks scope, permission and the state machine (docs/state-machines.md).
 */
export function registerDocumentRoutes(app: FastifyInstance, documents: DocumentsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const view = { 200: documentViewSchema };

  r.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: '文件列表（本人可见的机构；awaitingMe=true 为待我处理）',
        querystring: staffListQuery,
        response: { 200: z.array(documentListItemSchema) },
      },
    },
    async (req) => documents.list(requireActor(req), req.query),
  );

  r.post(
    '/api/documents',
    { schema: { tags, summary: '起草文件', body: draftInput, response: { 201: documentViewSchema } } },
    async (req, reply) => reply.status(201).send(await documents.createDraft(requireActor(req), req.body)),
  );

  r.get(
    '/api/documents/:id',
    { schema: { tags, summary: '文件详情', params: documentIdParams, response: view } },
    async (req) => documents.get(requireActor(req), req.params.id),
  );

  r.put(
    '/api/documents/:id',
    { schema: { tags, summary: '修改草稿', params: documentIdParams, body: draftInput, response: view } },
    async (req) => documents.updateDraft(requireActor(req), req.params.id, req.body),
  );

  const step = (
    path: string,
    summary: string,
    body: z.ZodType,
    handler: (
      s: DocumentsService,
      actor: ReturnType<typeof requireActor>,
      id: string,
      b: unknown,
    ) => Promise<DocumentView>,
  ): void => {
    r.post(
      `/api/documents/:id/${path}`,
      { schema: { tags, summary, params: documentIdParams, body, response: view } },
      async (req) => handler(documents, requireActor(req), req.params.id, req.body),
    );
  };

  const empty = z.object({}).optional();
  step('submit', '提交审核', empty, (s, a, id) => s.submit(a, id));
  step('approve', '审核通过（进入下一环节）', reviewInput, (s, a, id, b) => s.approve(a, id, b));
  step('return', '退回修改', returnInput, (s, a, id, b) => s.returnToDrafter(a, id, b));
  step('escalate', '报请保密行政管理部门确定', escalateInput, (s, a, id, b) => s.escalate(a, id, b));
  step('escalation-answer', '登记保密行政管理部门答复', answerEscalationInput, (s, a, id, b) =>
    s.answerEscalation(a, id, b),
  );
  step('publish', '发布（发布前检查通过或警告已说明理由）', publishWorkflowInput, (s, a, id, b) =>
    s.publish(a, id, b),
  );
  step('revise', '更新已发布文件（生成新版本）', reviseInput, (s, a, id, b) => s.revise(a, id, b));
  step('withdraw', '撤回已发布文件', withdrawInput, (s, a, id, b) => s.withdraw(a, id, b));
  step('validity', '变更有效性', validityInput, (s, a, id, b) => s.changeValidity(a, id, b));
  step('convert', '转为主动公开（年度评估）', convertInput, (s, a, id, b) => s.convert(a, id, b));

  r.post(
    '/api/documents/:id/screen',
    {
      schema: {
        tags,
        summary: '发布前检查',
        params: documentIdParams,
        body: empty,
        response: { 200: screeningRecordSchema },
      },
    },
    async (req) => documents.screen(requireActor(req), req.params.id),
  );

  r.post(
    '/api/documents/:id/revise/screen',
    {
      schema: {
        tags,
        summary: '更新前检查（不保存）',
        params: documentIdParams,
        body: reviseInput,
        response: { 200: screeningRecordSchema },
      },
    },
    async (req) => documents.screenRevision(requireActor(req), req.params.id, req.body),
  );

  r.post(
    '/api/documents/:id/consultations/:consultationId/answer',
    {
      schema: {
        tags,
        summary: '答复联合发文会签',
        params: consultationParams,
        body: consultationAnswerInput,
        response: view,
      },
    },
    async (req) =>
      documents.answerConsultation(requireActor(req), req.params.id, req.params.consultationId, req.body),
  );

  r.get(
    '/api/documents/:id/versions/:version',
    {
      schema: {
        tags,
        summary: '历史版本',
        params: documentIdParams.extend({ version: z.coerce.number().int().min(1) }),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (req) => documents.versionSnapshot(requireActor(req), req.params.id, req.params.version),
  );

  r.get(
    '/api/documents-self-review',
    {
      schema: {
        tags,
        summary: '年度评估：不予公开、依申请公开和多次申请的信息',
        querystring: selfReviewQuery,
        response: { 200: selfReviewViewSchema },
      },
    },
    async (req) => documents.selfReview(requireActor(req), req.query),
  );

  r.get(
    '/api/document-settings/:agencyId',
    {
      schema: {
        tags,
        summary: '审核流程与公开时限设置',
        params: agencyIdParams,
        response: { 200: settingsViewSchema },
      },
    },
    async (req) => documents.settings(requireActor(req), req.params.agencyId),
  );

  r.put(
    '/api/document-settings/:agencyId',
    {
      schema: {
        tags,
        summary: '修改审核流程与公开时限',
        params: agencyIdParams,
        body: settingsInput,
        response: { 200: settingsViewSchema },
      },
    },
    async (req) => documents.updateSettings(requireActor(req), req.params.agencyId, req.body),
  );
}
