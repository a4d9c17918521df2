/**
 * The real Gongkai server (src/main.ts `start`) in a process of its own, for tests that must kill
 * it: configured entirely from the environment (DATABASE_URL, DATA_DIR, SEED_DEMO, TRUST_PROXY, …),
 * so that the first start on an empty database loads the demo region as a deployment's does.
 * Prints "PORT <n>" once listening; SIGTERM/SIGINT stop it gracefully.
 */
import { loadConfig } from '../src/core/config.ts';
import { exitOnSignals, start } from '../src/main.ts';

const running = await start(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...process.env }));
exitOnSignals(running);
const address = running.app.server.address();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
