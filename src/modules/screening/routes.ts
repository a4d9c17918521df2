import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../core/auth/http.ts';
import {
  checkResultSchema,
  checkSchema,
  idParamsSchema,
  leaderCreateSchema,
  leaderSchema,
  leaderUpdateSchema,
  wordCreateSchema,
  wordSchema,
  wordUpdateSchema,
} from './schemas.ts';
import type { ScreeningService } from './service.ts';

const tags = ['发布前检查'];

/** 发布前检查: permissions ('screening.view' / 'screening.manage') are checked in the service. */
export function registerScreeningRoutes(app: FastifyInstance, screening: ScreeningService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/screening/check',
    {
      schema: {
        tags,
        summary: '试检文本（错敏字、个人信息、密级标志、链接、附件）',
        body: checkSchema,
        response: { 200: checkResultSchema },
      },
    },
    async (req) => screening.check(requireActor(req), req.body),
  );

  r.get(
    '/api/screening/words',
    { schema: { tags, summary: '敏感词列表', response: { 200: z.array(wordSchema) } } },
    async (req) => screening.listWords(requireActor(req)),
  );
  r.post(
    '/api/screening/words',
    { schema: { tags, summary: '新增敏感词', body: wordCreateSchema, response: { 201: wordSchema } } },
    async (req, reply) => reply.status(201).send(await screening.createWord(requireActor(req), req.body)),
  );
  r.patch(
    '/api/screening/words/:id',
    {
      schema: {
        tags,
        summary: '修改敏感词',
        params: idParamsSchema,
        body: wordUpdateSchema,
        response: { 200: wordSchema },
      },
    },
    async (req) => screening.updateWord(requireActor(req), req.params.id, req.body),
  );
  r.delete(
    '/api/screening/words/:id',
    { schema: { tags, summary: '删除敏感词', params: idParamsSchema } },
    async (req, reply) => {
      await screening.deleteWord(requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/screening/leaders',
    { schema: { tags, summary: '领导名单', response: { 200: z.array(leaderSchema) } } },
    async (req) => screening.listLeaders(requireActor(req)),
  );
  r.post(
    '/api/screening/leaders',
    { schema: { tags, summary: '新增领导', body: leaderCreateSchema, response: { 201: leaderSchema } } },
    async (req, reply) => reply.status(201).send(await screening.createLeader(requireActor(req), req.body)),
  );
  r.patch(
    '/api/screening/leaders/:id',
    {
      schema: {
        tags,
        summary: '修改领导信息',
        params: idParamsSchema,
        body: leaderUpdateSchema,
        response: { 200: leaderSchema },
      },
    },
    async (req) => screening.updateLeader(requireActor(req), req.params.id, req.body),
  );
  r.delete(
    '/api/screening/leaders/:id',
    { schema: { tags, summary: '删除领导信息', params: idParamsSchema } },
    async (req, reply) => {
      await screening.deleteLeader(requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
