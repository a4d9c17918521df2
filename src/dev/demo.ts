import { seedDemoAssignments } from '../modules/assignments/demo.ts';
import { seedDemoScreening } from '../modules/screening/demo.ts';
import { seedDemoDocuments, seedDemoWorkflow } from '../modules/documents/demo.ts';
import { seedDemoGuides } from '../modules/guides/demo.ts';
import { seedDemoCatalog } from '../modules/catalog/demo.ts';
import { seedDemoRequests } from '../modules/requests/demo.ts';
import type { Services } from '../services.ts';
import { buildWorld, demoActor, type World } from './world.ts';

/**
 * Loads the demo region (`gongkai seed-demo`, and the first start when SEED_DEMO is on): the world
 * of src/dev/world.ts, the five regulation texts published as documents of demo agencies, and work
 * the disclosure officer has assigned to the education bureau (so My tasks has items).
 * Idempotent: does nothing (and returns null) once the region has a root agency.
 */
export async function seedDemo(services: Services): Promise<World | null> {
  if (await services.orgs.root()) return null;
  const world = await buildWorld(services);
  await seedDemoDocuments(services, world);
  await seedDemoGuides(services.guides, world.agencies.county);
  // The office's and the education bureau's 主动公开目录, the seed documents filed under them.
  await seedDemoCatalog(services, world);
  await seedDemoAssignments(services, demoActor(world, 'officer'), world.agencies.education);
  // The county's sensitive words and leaders (发布前检查), kept by the county's disclosure officer.
  await seedDemoScreening(services, demoActor(world, 'officer'), world.agencies.county);
  // Documents of the education bureau at every stage of the workflow (My tasks of each role).
  await seedDemoWorkflow(services, (username) => demoActor(world, username), world);
  // 依申请公开 requests at each stage (the office, the drafter and the office head find one each).
  await seedDemoRequests(services, (username) => demoActor(world, username), world.agencies, world.users);
  return world;
}
