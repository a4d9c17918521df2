import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { connect } from '../db/connect.ts';
import { createAuditService } from './service.ts';

/**
 * `gongkai audit verify`: walks the hash chain and prints the verdict on its last line.
 * Returns the exit code: 0 intact, 1 broken, 2 unknown subcommand.
 */
export async function auditCommand(args: string[], config: Config): Promise<number> {
  if (args[0] !== 'verify') {
    console.error('用法 / usage: gongkai audit verify');
    return 2;
  }
  const db = connect(config.db);
  try {
    const result = await createAuditService({ db, clock: systemClock }).verify();
    if (result.ok) {
      console.log(`审计链完整 / audit chain intact: ${result.count} events`);
      return 0;
    }
    console.log(
      `审计链在第 ${result.brokenAt} 条断开 / audit chain broken at seq ${result.brokenAt}: ${result.reason}`,
    );
    return 1;
  } finally {
    await db.close();
  }
}
