import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditService } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/permissions.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { checkContent, checkSize, cleanFileName } from './model.ts';
import type { FileView } from './schemas.ts';
import { sniff, textCharset } from './sniff.ts';
import * as store from './store.ts';
import type { FileRow } from './store.ts';

export type { FileView } from './schemas.ts';

export const FILE_ENTITY = 'file';

export interface FilesDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  config: Pick<Config, 'dataDir' | 'uploadMaxBytes'>;
  /** ORGS' authority path of an agency (decision 0006), for the permission checks. */
  orgs: { agencyPath(id: string): Promise<string[]> };
}

export interface SaveFileInput {
  /** The name the browser sent; directories are dropped (model.ts cleanFileName). */
  name: string;
  bytes: Uint8Array;
  /** The agency the file belongs to (the document's publishing agency); default: the actor's current one. */
  agencyId?: string | undefined;
}

export interface FileContent {
  file: FileView;
  bytes: Buffer;
}

export interface FilesService {
  /** The largest upload accepted, in bytes (the routes stop reading there). */
  readonly maxBytes: number;
  /**
   * Checks the name, the size and that the content is what the extension says, stores the bytes
   * (content-addressed, shared by identical uploads) and records the file: 'file.upload' over the
   * agency. Bad input is refused with a Chinese message and nothing is stored.
   */
  save(actor: Actor, input: SaveFileInput): Promise<FileView>;
  /** The file's record, or null. No permission check: for modules that decide access themselves. */
  get(id: string): Promise<FileView | null>;
  /**
   * The file and its bytes (verified against the sha256), or 404. No permission check: the
   * documents module serves published attachments to the public with it.
   */
  read(id: string): Promise<FileContent>;
  /**
   * `read` for staff: 'file.view' over the file's agency, or its uploader; otherwise 404. A file a
   * module has claimed as restricted (`restrict`) is never served here: that module serves it.
   */
  readAs(actor: Actor, id: string): Promise<FileContent>;
  /**
   * Lets a module keep some files out of `readAs` (an applicant's identity proof is read only through
   * the requests module, which logs every view): `isRestricted` answers for one file id.
   */
  restrict(isRestricted: (fileId: string) => Promise<boolean>): void;
}

const toView = (row: FileRow): FileView => ({
  id: row.id,
  name: row.name,
  extension: row.extension,
  mime: row.mime,
  size: Number(row.size),
  sha256: row.sha256,
  createdAt: row.created_at,
});

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function createFilesService(deps: FilesDeps): FilesService {
  const { db, clock, audit, config, orgs } = deps;
  const root = join(config.dataDir, 'files');
  const guards: ((fileId: string) => Promise<boolean>)[] = [];
  const tmpDir = join(root, 'tmp');
  /** `files/ab/cd/abcd…`: two levels of 256 keep directories small. */
  const blobPath = (sha: string): string => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);

  /** Writes the bytes under their hash unless they are there already: temp file, fsync, rename. */
  async function storeBytes(sha: string, bytes: Uint8Array): Promise<void> {
    const target = blobPath(sha);
    const existing = await stat(target).catch(() => null);
    if (existing?.size === bytes.byteLength) return;
    await mkdir(tmpDir, { recursive: true });
    await mkdir(join(target, '..'), { recursive: true });
    const tmp = join(tmpDir, `${sha}.${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(tmp, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async function readRow(row: FileRow): Promise<FileContent> {
    const bytes = await readFile(blobPath(row.sha256));
    // A changed or truncated blob must not be served as the document's attachment.
    if (sha256Hex(bytes) !== row.sha256) {
      throw new Error(`stored file ${row.id} (${row.sha256}) does not match its hash`);
    }
    return { file: toView(row), bytes };
  }

  return {
    maxBytes: config.uploadMaxBytes,

    async save(actor, input) {
      const agencyId = input.agencyId ?? actor.currentAgencyId;
      if (!agencyId) throw invalid('请先选择当前单位，再上传附件', { agencyId: '请选择单位' });
      const agencyPath = await orgs.agencyPath(agencyId);
      if (!can(actor, 'file.upload', agencyPath)) throw forbidden('您无权为该单位上传附件');

      const { name, extension } = cleanFileName(input.name);
      checkSize(name, input.bytes.byteLength, config.uploadMaxBytes);
      const type = checkContent(name, extension, await sniff(input.bytes));
      const mime = type.mime === 'text/plain' ? `text/plain; charset=${textCharset(input.bytes)}` : type.mime;

      const sha = sha256Hex(input.bytes);
      // Bytes first: a row never points at nothing. A failed insert leaves at most an unreferenced
      // blob, which identical later uploads reuse.
      await storeBytes(sha, input.bytes);
      const row: FileRow = {
        id: newId(),
        agency_id: agencyId,
        name,
        extension,
        mime,
        size: input.bytes.byteLength,
        sha256: sha,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: clock.now().toISOString(),
      };
      await db.kysely.transaction().execute(async (trx) => {
        await store.insert(trx, row);
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: FILE_ENTITY,
          entityId: row.id,
          action: 'file.uploaded',
          after: { name, extension, mime, size: row.size, sha256: sha },
        });
      });
      return toView(row);
    },

    async get(id) {
      const row = await store.find(db.kysely, id);
      return row ? toView(row) : null;
    },

    async read(id) {
      const row = await store.find(db.kysely, id);
      if (!row) throw notFound('未找到该附件');
      return readRow(row);
    },

    async readAs(actor, id) {
      const row = await store.find(db.kysely, id);
      const hidden = notFound('未找到该附件，或您无权查看');
      if (!row) throw hidden;
      for (const isRestricted of guards) if (await isRestricted(id)) throw hidden;
      if (row.created_by !== actor.userId && !can(actor, 'file.view', await orgs.agencyPath(row.agency_id))) {
        throw hidden;
      }
      return readRow(row);
    },
    restrict(isRestricted) {
      guards.push(isRestricted);
    },
  };
}
