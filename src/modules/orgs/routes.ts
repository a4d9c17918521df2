import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../core/auth/http.ts';
import {
  agencyCreateSchema,
  agencyDetailSchema,
  agencyNodeSchema,
  agencyPatchSchema,
  agencySchema,
  idParamsSchema,
  resetPasswordSchema,
  setMembershipsSchema,
  userCreateSchema,
  userListQuerySchema,
  userPatchSchema,
  userViewSchema,
} from './schemas.ts';
import type { OrgsService } from './service.ts';

const AGENCIES = ['单位'];
const USERS = ['用户'];
const noContent = { 204: z.null().describe('成功，无返回内容') };

/**
 * Agency and user management for the console. Each route parses, calls one service function and
 * returns; the service decides scope ('agency.*' / 'user.*' over the agency tree).
 */
export function registerOrgsRoutes(app: FastifyInstance, orgs: OrgsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/agencies',
    {
      schema: {
        tags: AGENCIES,
        summary: '单位树（当前用户可查看的单位）',
        response: { 200: z.object({ agencies: z.array(agencyNodeSchema) }) },
      },
    },
    async (req) => ({ agencies: await orgs.treeFor(requireActor(req)) }),
  );

  r.post(
    '/api/agencies',
    {
      schema: {
        tags: AGENCIES,
        summary: '新增单位',
        body: agencyCreateSchema,
        response: { 201: agencySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await orgs.create(requireActor(req), req.body)),
  );

  r.get(
    '/api/agencies/:id',
    {
      schema: {
        tags: AGENCIES,
        summary: '单位详情（含上级路径、主管部门和当前用户可执行的操作）',
        params: idParamsSchema,
        response: { 200: agencyDetailSchema },
      },
    },
    async (req) => orgs.detailFor(requireActor(req), req.params.id),
  );

  r.patch(
    '/api/agencies/:id',
    {
      schema: {
        tags: AGENCIES,
        summary: '修改单位（含调整上级单位、撤销）',
        params: idParamsSchema,
        body: agencyPatchSchema,
        response: { 200: agencySchema },
      },
    },
    async (req) => orgs.update(requireActor(req), req.params.id, req.body),
  );

  r.get(
    '/api/users',
    {
      schema: {
        tags: USERS,
        summary: '用户列表（当前用户可查看的单位及其下级单位的用户）',
        querystring: userListQuerySchema,
        response: { 200: z.object({ users: z.array(userViewSchema) }) },
      },
    },
    async (req) => ({ users: await orgs.listUsers(requireActor(req), req.query) }),
  );

  r.post(
    '/api/users',
    {
      schema: {
        tags: USERS,
        summary: '新增用户（同时设置所属单位和角色）',
        body: userCreateSchema,
        response: { 201: userViewSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await orgs.createUser(requireActor(req), req.body)),
  );

  r.get(
    '/api/users/:id',
    {
      schema: { tags: USERS, summary: '用户详情', params: idParamsSchema, response: { 200: userViewSchema } },
    },
    async (req) => orgs.getUser(requireActor(req), req.params.id),
  );

  r.patch(
    '/api/users/:id',
    {
      schema: {
        tags: USERS,
        summary: '修改用户（姓名、联系方式、启用或停用）',
        params: idParamsSchema,
        body: userPatchSchema,
        response: { 200: userViewSchema },
      },
    },
    async (req) => orgs.updateUser(requireActor(req), req.params.id, req.body),
  );

  r.put(
    '/api/users/:id/memberships',
    {
      schema: {
        tags: USERS,
        summary: '设置用户的所属单位和角色',
        params: idParamsSchema,
        body: setMembershipsSchema,
        response: { 200: userViewSchema },
      },
    },
    async (req) => orgs.setMemberships(requireActor(req), req.params.id, req.body.memberships),
  );

  r.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: USERS,
        summary: '重置用户密码',
        params: idParamsSchema,
        body: resetPasswordSchema,
        response: noContent,
      },
    },
    async (req, reply) => {
      await orgs.resetPassword(requireActor(req), req.params.id, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/users/:id/unlock',
    {
      schema: { tags: USERS, summary: '解除账号锁定', params: idParamsSchema, response: noContent },
    },
    async (req, reply) => {
      await orgs.unlock(requireActor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
