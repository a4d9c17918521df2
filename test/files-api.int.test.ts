import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../src/core/clock.ts';
import { testEngines } from '../src/core/db/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../src/dev/test-app.ts';
import type { DemoUsername } from '../src/dev/world.ts';
import type { FileView } from '../src/core/files/schemas.ts';
import { sampleFiles } from '../src/core/files/testing.ts';

/** A multipart/form-data body with one file field, as a browser's FormData sends it. */
function multipart(filename: string, bytes: Uint8Array, field = 'file') {
  const boundary = `----gongkai${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(await testEngines())('files API on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };
  const upload = async (username: DemoUsername, filename: string, bytes: Uint8Array, url = '/api/files') =>
    (await as(username)).inject({ method: 'POST', url, ...multipart(filename, bytes) });

  const filesDir = () => join(t.services.config.dataDir, 'files');
  /** Every stored blob (the temp directory must stay empty). */
  function storedBlobs(): string[] {
    if (!existsSync(filesDir())) return [];
    return readdirSync(filesDir(), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  }
  const rowCount = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('files')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('the drafter uploads a PDF, a docx and an xlsx; each is recorded, audited and downloadable', async () => {
    const cases = [
      { name: '关于做好2026年政务公开工作的通知.pdf', bytes: sampleFiles.pdf(), mime: 'application/pdf' },
      {
        name: '附件1 工作要点.docx',
        bytes: sampleFiles.docx(),
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      {
        name: '附件2 统计表.xlsx',
        bytes: sampleFiles.xlsx(),
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    ];
    for (const c of cases) {
      const res = await upload('drafter', c.name, c.bytes);
      expect(res.statusCode, res.body).toBe(201);
      const file = res.json<FileView>();
      expect(file).toMatchObject({
        name: c.name,
        extension: c.name.split('.').pop(),
        mime: c.mime,
        size: c.bytes.byteLength,
        createdAt: '2026-06-08T02:00:00.000Z',
      });
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);

      const audit = await t.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'actor_id', 'agency_id', 'after'])
        .where('entity_type', '=', 'file')
        .where('entity_id', '=', file.id)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'file.uploaded',
        actor_id: t.world.users.drafter,
        agency_id: t.world.agencies.education,
      });
      expect(JSON.parse(audit[0]?.after ?? '{}')).toMatchObject({ name: c.name, size: c.bytes.byteLength });

      const download = await (
        await as('secrecy')
      ).inject({ method: 'GET', url: `/api/files/${file.id}/content` });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe(c.mime);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(c.name)}`,
      );
      expect(download.headers['content-disposition']).toMatch(/^attachment; /);
      expect(Buffer.compare(download.rawPayload, Buffer.from(c.bytes))).toBe(0);
    }
    expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
  });

  it('stores identical content once, under its hash', async () => {
    const bytes = sampleFiles.pdf('同一份文件');
    const a = (await upload('drafter', '甲.pdf', bytes)).json<FileView>();
    const before = storedBlobs().length;
    const b = (await upload('unithead', '乙.pdf', bytes)).json<FileView>();
    expect(b.id).not.toBe(a.id);
    expect(b.sha256).toBe(a.sha256);
    expect(storedBlobs()).toHaveLength(before);
    expect(storedBlobs().some((p) => p.endsWith(a.sha256))).toBe(true);
  });

  it('refuses a PNG renamed .pdf with the reason, and keeps neither a row nor a file', async () => {
    const rows = await rowCount();
    const blobs = storedBlobs();
    const res = await upload('drafter', '通知.pdf', sampleFiles.png());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: '附件“通知.pdf”的内容不是 PDF 文件，与扩展名不符',
        fields: { file: '文件内容与扩展名不符' },
      },
    });
    expect(await rowCount()).toBe(rows);
    expect(storedBlobs()).toEqual(blobs);
  });

  it('refuses a type not allowed, a disguised name and an empty file', async () => {
    const rows = await rowCount();
    const exe = await upload('drafter', 'setup.exe', sampleFiles.exe());
    expect(exe.statusCode).toBe(400);
    expect(exe.json<{ error: { message: string } }>().error.message).toContain('类型不受支持');
    const hidden = await upload('drafter', '通知\u202efdp.exe', sampleFiles.exe());
    expect(hidden.statusCode).toBe(400);
    const empty = await upload('drafter', '空.pdf', new Uint8Array());
    expect(empty.json<{ error: { message: string } }>().error.message).toBe(
      '附件“空.pdf”是空文件，请检查后重新上传',
    );
    expect(await rowCount()).toBe(rows);
  });

  it('refuses a file over the limit with 413 and stores nothing', async () => {
    const rows = await rowCount();
    const blobs = storedBlobs();
    const big = new Uint8Array(t.services.files.maxBytes + 1);
    big.set(sampleFiles.pdf());
    const res = await upload('drafter', '大文件.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      error: { code: 'payload_too_large', message: '附件“大文件.pdf”超过 20 MB 的大小上限' },
    });
    expect(await rowCount()).toBe(rows);
    expect(storedBlobs()).toEqual(blobs);
  });

  it('refuses a body that is not one file', async () => {
    const client = await as('drafter');
    const json = await client.inject({ method: 'POST', url: '/api/files', payload: { name: 'x.pdf' } });
    expect(json.statusCode).toBe(400);
    expect(json.json<{ error: { message: string } }>().error.message).toBe(
      '请以 multipart/form-data 方式上传一个文件',
    );
  });

  it('only staff who draft documents may upload, and only for their own agencies', async () => {
    const rows = await rowCount();
    for (const username of ['secrecy', 'supervisor', 'admin', 'webeditor'] as const) {
      const res = await upload(username, '通知.pdf', sampleFiles.pdf());
      expect(res.statusCode, username).toBe(403);
    }
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      ...multipart('通知.pdf', sampleFiles.pdf()),
    });
    expect(anonymous.statusCode).toBe(401);
    // The education bureau's drafter may not upload for the health bureau.
    const elsewhere = await upload(
      'drafter',
      '通知.pdf',
      sampleFiles.pdf(),
      `/api/files?agencyId=${t.world.agencies.health}`,
    );
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json<{ error: { message: string } }>().error.message).toBe('您无权为该单位上传附件');
    expect(await rowCount()).toBe(rows);
  });

  it('needs the CSRF token like every other state-changing request', async () => {
    const { cookie } = await as('drafter');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      ...multipart('通知.pdf', sampleFiles.pdf()),
      headers: { ...multipart('通知.pdf', sampleFiles.pdf()).headers, cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('csrf_failed');
  });

  it('serves the content only to staff of the file’s agency (and its uploader); others get 404', async () => {
    const file = (await upload('drafter', '内部.pdf', sampleFiles.pdf('内部'))).json<FileView>();
    const url = `/api/files/${file.id}/content`;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    // The county office's disclosure officer acts for the government over its departments (0006).
    expect((await (await as('officer')).inject({ method: 'GET', url })).statusCode).toBe(200);
    expect((await (await as('supervisor')).inject({ method: 'GET', url })).statusCode).toBe(200);
    // The system administrator does not read the agencies' documents.
    expect((await (await as('admin')).inject({ method: 'GET', url })).statusCode).toBe(404);
    const missing = await (
      await as('drafter')
    ).inject({
      method: 'GET',
      url: '/api/files/00000000-0000-4000-8000-000000000000/content',
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (await (await as('drafter')).inject({ method: 'GET', url: '/api/files/x/content' })).statusCode,
    ).toBe(400);
  });

  it('read() gives other modules the bytes and the record', async () => {
    const file = (await upload('drafter', '公开.txt', sampleFiles.utf8Text())).json<FileView>();
    expect(file.mime).toBe('text/plain; charset=utf-8');
    const { file: again, bytes } = await t.services.files.read(file.id);
    expect(again).toEqual(file);
    expect(bytes.toString('utf8')).toBe('西吉县人民政府办公室\n2026年6月8日\n');
    expect(await t.services.files.get(file.id)).toEqual(file);
    expect(await t.services.files.get('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
