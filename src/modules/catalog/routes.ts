import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../core/auth/http.ts';
import {
  agencyQuerySchema,
  catalogDocumentSchema,
  catalogNodeSchema,
  catalogReportSchema,
  catalogTreeSchema,
  fileSchema,
  filingResultSchema,
  nodeCreateSchema,
  nodeIdParamsSchema,
  nodeMoveSchema,
  nodeUpdateSchema,
  standardTreeSchema,
  unfileSchema,
} from './schemas.ts';
import type { CatalogService } from './service.ts';

const tags = ['主动公开目录'];

/**
 * 主动公开目录: permissions ('catalog.view' / 'catalog.manage' / 'catalog.file') are checked in the
 * service. Filing and unfiling here run in their own transaction; the documents workflow calls the
 * service with its publication transaction instead.
 */
export function registerCatalogRoutes(app: FastifyInstance, catalog: CatalogService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/catalog/tree',
    {
      schema: {
        tags,
        summary: '单位的公开目录（五公开环节、领域和公开事项）',
        querystring: agencyQuerySchema,
        response: { 200: catalogTreeSchema },
      },
    },
    async (req) => catalog.tree(requireActor(req), req.query.agencyId),
  );

  r.post(
    '/api/catalog/standard-tree',
    {
      schema: {
        tags,
        summary: '建立标准目录的五个公开环节（已有的保留）',
        body: standardTreeSchema,
        response: { 200: catalogTreeSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await catalog.ensureStandardTree(null, actor, req.body.agencyId);
      return catalog.tree(actor, req.body.agencyId);
    },
  );

  r.post(
    '/api/catalog/nodes',
    {
      schema: {
        tags,
        summary: '新增领域或公开事项',
        body: nodeCreateSchema,
        response: { 201: catalogNodeSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await catalog.createNode(requireActor(req), req.body)),
  );

  r.patch(
    '/api/catalog/nodes/:id',
    {
      schema: {
        tags,
        summary: '修改领域或公开事项（名称、排序、公开要素）',
        params: nodeIdParamsSchema,
        body: nodeUpdateSchema,
        response: { 200: catalogNodeSchema },
      },
    },
    async (req) => catalog.updateNode(requireActor(req), req.params.id, req.body),
  );

  r.post(
    '/api/catalog/nodes/:id/move',
    {
      schema: {
        tags,
        summary: '移动领域或公开事项',
        params: nodeIdParamsSchema,
        body: nodeMoveSchema,
        response: { 200: catalogNodeSchema },
      },
    },
    async (req) => catalog.moveNode(requireActor(req), req.params.id, req.body),
  );

  r.delete(
    '/api/catalog/nodes/:id',
    {
      schema: {
        tags,
        summary: '删除领域或公开事项（须无下级节点、无已归档信息）',
        params: nodeIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await catalog.deleteNode(requireActor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/catalog/unfiled',
    {
      schema: {
        tags,
        summary: '本单位已公开但未归入目录的政府信息',
        querystring: agencyQuerySchema,
        response: { 200: z.array(catalogDocumentSchema) },
      },
    },
    async (req) => catalog.unfiledDocuments(requireActor(req), req.query.agencyId),
  );

  r.post(
    '/api/catalog/filings',
    {
      schema: {
        tags,
        summary: '将已公开的政府信息归入公开事项',
        body: fileSchema,
        response: { 200: filingResultSchema },
      },
    },
    async (req) => catalog.file(null, requireActor(req), req.body),
  );

  r.post(
    '/api/catalog/filings/remove',
    {
      schema: {
        tags,
        summary: '将政府信息移出公开事项',
        body: unfileSchema,
        response: { 200: filingResultSchema },
      },
    },
    async (req) => catalog.unfile(null, requireActor(req), req.body),
  );

  r.get(
    '/api/catalog/report',
    {
      schema: {
        tags,
        summary: '目录一致性检查：无内容的事项、超过公开时限的事项、未归入目录的信息',
        querystring: agencyQuerySchema,
        response: { 200: catalogReportSchema },
      },
    },
    async (req) => catalog.report(requireActor(req), req.query.agencyId),
  );
}
