import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { systemClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { createTestDb } from '../src/core/db/testing.ts';
import { createServices } from '../src/services.ts';

describe('graceful shutdown', () => {
  it('finishes a request that is in flight when the server closes, and refuses new ones', async () => {
    const db = await createTestDb('sqlite');
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'gongkai-stop-')), SCHEDULER: 'false' });
    const app = await buildApp(createServices(config, db, systemClock));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (reached = resolve));
    app.get('/slow', async () => {
      reached();
      await gate;
      return { done: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const inFlight = fetch(`${base}/slow`);
    // Close only once the request is in the handler (a fixed wait lost the race on a busy machine).
    await inHandler;
    const closing = app.close();
    await new Promise((r) => setTimeout(r, 50));
    const afterClose = await fetch(`${base}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    expect([503, 'refused']).toContain(afterClose);
    await db.drop();
  });
});
