import { parseArgs } from 'node:util';
import { auditCommand } from './core/audit/cli.ts';
import { calendarCommand } from './core/calendar/cli.ts';
import { ConfigError, loadConfig } from './core/config.ts';
import { connect } from './core/db/connect.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { seedDemoCommand } from './dev/cli.ts';
import { initCommand } from './modules/orgs/cli.ts';
import { exitOnSignals, start } from './main.ts';

/**
 * gongkai serve | migrate | init | seed-demo | audit verify | calendar due | calendar is-working
 * Each command prints its answer on the last line of stdout, so scripts can read it.
 */
const USAGE = `用法 / usage:
  gongkai serve                         启动服务 / start the server
  gongkai migrate                       执行数据库迁移 / run database migrations
  gongkai init --government 名称 --division 代码 …  初始化本地区 / set up a real region (see gongkai init --help)
  gongkai seed-demo                     载入演示数据 / load the demo region
  gongkai audit verify                  校验审计日志哈希链 / verify the audit hash chain
  gongkai calendar due --from YYYY-MM-DD --working-days N [--region CODE]
  gongkai calendar is-working YYYY-MM-DD [--region CODE]`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  serve: async () => {
    const running = await start(loadConfig());
    exitOnSignals(running);
    return -1; // keep running
  },
  migrate: async () => {
    const db = connect(loadConfig().db);
    try {
      const ran = await migrateToLatest(db.kysely);
      console.log(
        ran.length ? `已执行迁移 / migrated: ${ran.join(', ')}` : '数据库已是最新 / already up to date',
      );
      return 0;
    } finally {
      await db.close();
    }
  },
  audit: (args) => auditCommand(args, loadConfig()),
  init: (args) => initCommand(args, loadConfig()),
  'seed-demo': () => seedDemoCommand(loadConfig()),
  calendar: (args) => calendarCommand(args),
  // <cli:commands>
};

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const name = positionals[0];
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  return command(argv.slice(argv.indexOf(name as string) + 1));
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exitCode = 78; // EX_CONFIG
  } else {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  }
}
