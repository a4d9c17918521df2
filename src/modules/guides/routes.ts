import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../core/auth/http.ts';
import { guideInputSchema, guideParamsSchema, guideViewSchema } from './schemas.ts';
import type { GuidesService } from './service.ts';

const tags = ['政府信息公开指南'];

/** 政府信息公开指南: reading needs a session; saving needs 'guide.manage' (checked in the service). */
export function registerGuideRoutes(app: FastifyInstance, guides: GuidesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/guides/:agencyId',
    {
      schema: {
        tags,
        summary: '单位的政府信息公开指南',
        params: guideParamsSchema,
        response: { 200: guideViewSchema },
      },
    },
    async (req) => guides.get(requireActor(req), req.params.agencyId),
  );

  r.put(
    '/api/guides/:agencyId',
    {
      schema: {
        tags,
        summary: '保存政府信息公开指南',
        description: '与根据单位信息生成的内容相同的项目将继续随单位信息更新。',
        params: guideParamsSchema,
        body: guideInputSchema,
        response: { 200: guideViewSchema },
      },
    },
    async (req) => guides.update(requireActor(req), req.params.agencyId, req.body),
  );
}
