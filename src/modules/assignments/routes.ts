import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../core/auth/http.ts';
import {
  assignmentCancelSchema,
  assignmentCompleteSchema,
  assignmentCreateSchema,
  assignmentIdParamsSchema,
  assignmentListQuerySchema,
  assignmentSchema,
} from './schemas.ts';
import type { AssignmentsService } from './service.ts';

const tags = ['交办事项'];

/** 交办事项: permissions ('assignment.create' / 'assignment.complete' / 'assignment.view') are checked in the service. */
export function registerAssignmentRoutes(app: FastifyInstance, assignments: AssignmentsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/assignments',
    {
      schema: {
        tags,
        summary: '交办事项列表',
        querystring: assignmentListQuerySchema,
        response: { 200: z.array(assignmentSchema) },
      },
    },
    async (req) => assignments.list(requireActor(req), req.query),
  );

  r.post(
    '/api/assignments',
    {
      schema: {
        tags,
        summary: '交办事项',
        body: assignmentCreateSchema,
        response: { 201: assignmentSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await assignments.create(requireActor(req), req.body)),
  );

  r.get(
    '/api/assignments/:id',
    {
      schema: {
        tags,
        summary: '交办事项详情',
        params: assignmentIdParamsSchema,
        response: { 200: assignmentSchema },
      },
    },
    async (req) => assignments.get(requireActor(req), req.params.id),
  );

  r.post(
    '/api/assignments/:id/complete',
    {
      schema: {
        tags,
        summary: '办结交办事项',
        params: assignmentIdParamsSchema,
        body: assignmentCompleteSchema,
        response: { 200: assignmentSchema },
      },
    },
    async (req) => assignments.complete(requireActor(req), req.params.id, req.body),
  );

  r.post(
    '/api/assignments/:id/cancel',
    {
      schema: {
        tags,
        summary: '撤销交办事项',
        params: assignmentIdParamsSchema,
        body: assignmentCancelSchema,
        response: { 200: assignmentSchema },
      },
    },
    async (req) => assignments.cancel(requireActor(req), req.params.id, req.body),
  );
}
