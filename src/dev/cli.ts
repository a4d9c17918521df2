import { systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { connect } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import { createServices } from '../services.ts';
import { seedDemo } from './demo.ts';

/** `gongkai seed-demo`: migrates, then loads the demo region unless the database already has one. */
export async function seedDemoCommand(config: Config): Promise<number> {
  const db = connect(config.db);
  try {
    await migrateToLatest(db.kysely);
    const world = await seedDemo(createServices(config, db, systemClock));
    console.log(
      world
        ? `已载入演示地区 / demo region loaded: ${Object.keys(world.agencies).length} agencies, ${Object.keys(world.users).length} users`
        : '数据库中已有单位，未载入演示数据 / agencies exist already, nothing loaded',
    );
    return 0;
  } finally {
    await db.close();
  }
}
