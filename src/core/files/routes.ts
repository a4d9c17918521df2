import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../auth/http.ts';
import { canSomewhere } from '../auth/permissions.ts';
import { DomainError, forbidden, invalid } from '../errors.ts';
import { cleanFileName, contentDisposition, tooLarge } from './model.ts';
import { fileIdParamsSchema, fileSchema, fileUploadQuerySchema } from './schemas.ts';
import type { FilesService } from './service.ts';

const tags = ['附件'];

/** A name fit for an error message, whatever the browser sent. */
function shownName(raw: string): string {
  try {
    return cleanFileName(raw).name;
  } catch {
    return '所选文件';
  }
}

/** @fastify/multipart's limit errors (413) and malformed bodies, as the uniform Chinese error. */
function multipartError(e: unknown, name: string, maxBytes: number): unknown {
  if (e instanceof DomainError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(name, maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return invalid('一次只能上传一个附件', { file: '一次只能上传一个附件' });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || e instanceof Error) {
    return invalid('上传的内容有误，请重新选择文件上传', { file: '上传的内容有误' });
  }
  return e;
}

/**
 * 附件: upload (multipart, one file field, for staff who may draft documents) and download for the
 * agency's staff. Multipart parsing is registered in this scope only; every other route keeps its
 * JSON/form body limits. CSRF applies as to every state-changing /api request (core/auth/http.ts).
 */
export async function registerFileRoutes(app: FastifyInstance, files: FilesService): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: files.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 100 },
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/files',
      {
        schema: {
          tags,
          summary: '上传附件',
          description:
            'multipart/form-data，只含一个文件字段。支持 PDF、OFD、Word（doc/docx）、WPS、Excel（xls/xlsx）、ET、JPG、PNG、TXT；文件内容须与扩展名相符。',
          consumes: ['multipart/form-data'],
          querystring: fileUploadQuerySchema,
          response: { 201: fileSchema },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        // Before reading up to maxBytes of body: the exact check (per agency) is in the service.
        if (!canSomewhere(actor, 'file.upload')) throw forbidden('您无权上传附件');
        if (!req.isMultipart()) {
          throw invalid('请以 multipart/form-data 方式上传一个文件', { file: '请选择要上传的文件' });
        }
        let rawName = '';
        let bytes: Buffer;
        try {
          const part = await req.file();
          if (!part) throw invalid('请选择要上传的文件', { file: '请选择要上传的文件' });
          rawName = part.filename;
          bytes = await part.toBuffer();
        } catch (e) {
          throw multipartError(e, shownName(rawName), files.maxBytes);
        }
        const saved = await files.save(actor, { name: rawName, bytes, agencyId: req.query.agencyId });
        return reply.status(201).send(saved);
      },
    );

    r.get(
      '/api/files/:id/content',
      {
        schema: {
          tags,
          summary: '下载附件',
          description: '以附件方式下载（Content-Disposition: attachment，文件名为 UTF-8）。',
          params: fileIdParamsSchema,
          response: { 200: z.any().describe('文件内容') },
        },
      },
      async (req, reply) => {
        const { file, bytes } = await files.readAs(requireActor(req), req.params.id);
        return reply
          .header('content-type', file.mime)
          .header('content-disposition', contentDisposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(bytes);
      },
    );
  });
}
