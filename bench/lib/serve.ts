/**
 * A server for the documents benchmark, in its own process so that its memory and CPU are its own.
 * Mode `app`: the real Gongkai server (src/main.ts `start`) on DATABASE_URL/DATA_DIR from the
 * environment. Mode `bare`: node:http answering every request with the bytes of BARE_FILE and the header lines
 * of BARE_HEADERS_FILE (a JSON object). Prints
 * "PORT <n>" when listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadConfig } from '../../src/core/config.ts';
import { start } from '../../src/main.ts';

const mode = process.argv[2];
if (mode === 'bare') {
  const body = readFileSync(process.env.BARE_FILE ?? '');
  const headers = JSON.parse(readFileSync(process.env.BARE_HEADERS_FILE ?? '', 'utf8')) as Record<
    string,
    string
  >;
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    console.log(`PORT ${typeof a === 'object' && a ? a.port : 0}`);
  });
} else if (mode === 'app') {
  const running = await start(
    loadConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER: 'false',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
    }),
  );
  const a = running.app.server.address();
  console.log(`PORT ${typeof a === 'object' && a ? a.port : 0}`);
} else {
  throw new Error(`usage: serve.ts app|bare (got ${mode})`);
}
