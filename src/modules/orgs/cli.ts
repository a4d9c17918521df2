import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { connect } from '../../core/db/connect.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { DomainError } from '../../core/errors.ts';
import { createServices } from '../../services.ts';
import { generatePassword, initRegion } from './init.ts';

export const INIT_USAGE = `用法 / usage: gongkai init --government 名称 --division 行政区划代码 [--uscc 统一社会信用代码]
       [--office 办公室名称] [--admin 用户名] [--admin-name 姓名]
  管理员密码取自环境变量 GONGKAI_ADMIN_PASSWORD；未设置时生成一个并打印一次。
  The admin password comes from GONGKAI_ADMIN_PASSWORD, or is generated and printed once.`;

/**
 * `gongkai init`: a real region's first start (the demo loader's counterpart). Exit codes: 0 done,
 * 1 already initialised, 2 bad usage or input (nothing written).
 */
export async function initCommand(args: string[], config: Config, env = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        government: { type: 'string' },
        division: { type: 'string' },
        uscc: { type: 'string' },
        office: { type: 'string' },
        admin: { type: 'string', default: 'admin' },
        'admin-name': { type: 'string', default: '系统管理员' },
      },
    }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${INIT_USAGE}`);
    return 2;
  }
  if (!values.government || !values.division) {
    console.error(INIT_USAGE);
    return 2;
  }
  const given = env.GONGKAI_ADMIN_PASSWORD || undefined;
  const password = given ?? generatePassword();
  const db = connect(config.db);
  try {
    await migrateToLatest(db.kysely);
    const { orgs } = createServices({ ...config, seedDemo: false }, db, systemClock);
    const result = await initRegion(orgs, {
      government: values.government,
      divisionCode: values.division,
      uscc: values.uscc ?? null,
      ...(values.office ? { office: values.office } : {}),
      adminUsername: values.admin,
      adminDisplayName: values['admin-name'],
      adminPassword: password,
    });
    if (!given) console.log(`管理员初始密码 / admin password (shown once): ${password}`);
    console.log(
      `已初始化 / initialised: ${result.government.name}、${result.office.name}；管理员 / admin: ${values.admin}`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    console.error(`${e.message}\n${e.code === 'already_initialised' ? '' : INIT_USAGE}`.trimEnd());
    return e.code === 'already_initialised' ? 1 : 2;
  } finally {
    await db.close();
  }
}
