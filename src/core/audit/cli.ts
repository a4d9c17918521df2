import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { connect } from '../db/connect.ts';
import { formatAnchor, parseAnchor, type ChainAnchor } from './chain.ts';
import { createAuditService } from './service.ts';

const USAGE = '用法 / usage: gongkai audit verify [--anchor SEQ:HASH]';

/**
 * `gongkai audit verify [--anchor SEQ:HASH]`: walks the hash chain, prints the head to write down
 * (the next run's anchor), and the verdict on its last line.
 * Returns the exit code: 0 intact, 1 broken, 2 bad usage.
 */
export async function auditCommand(args: string[], config: Config): Promise<number> {
  let anchor: ChainAnchor | undefined;
  const flag = args.indexOf('--anchor');
  if (flag >= 0) {
    const parsed = parseAnchor(args[flag + 1] ?? '');
    if (!parsed) {
      console.error(
        `锚点格式应为 序号:64位十六进制哈希 / --anchor must be SEQ:HASH (64 hex digits)\n${USAGE}`,
      );
      return 2;
    }
    anchor = parsed;
  }
  if (args[0] !== 'verify' || args.length !== (anchor ? 3 : 1)) {
    console.error(USAGE);
    return 2;
  }
  const db = connect(config.db);
  try {
    const result = await createAuditService({ db, clock: systemClock }).verify(anchor);
    if (result.ok) {
      if (result.head)
        console.log(`链头 / head (keep it as the next --anchor): ${formatAnchor(result.head)}`);
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
