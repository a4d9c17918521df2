import { z } from 'zod';

/** An uploaded file as the API shows it (no storage path, no uploader internals). */
export const fileSchema = z.object({
  id: z.string(),
  name: z.string().describe('文件名（下载时使用）'),
  extension: z.string().describe('扩展名，小写，不含点'),
  mime: z.string(),
  size: z.number().int().describe('字节数'),
  sha256: z.string().describe('内容的 SHA-256（十六进制）'),
  createdAt: z.string(),
});
export type FileView = z.infer<typeof fileSchema>;

export const fileIdParamsSchema = z.object({ id: z.uuid({ message: '附件编号有误' }) });

export const fileUploadQuerySchema = z.object({
  agencyId: z
    .uuid('单位编号格式有误')
    .optional()
    .describe('附件所属单位（所起草文件的发布机构）；缺省为当前单位'),
});
