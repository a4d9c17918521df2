import { seedDemoAssignments } from '../modules/assignments/demo.ts';
import { seedDemoDocuments } from '../modules/documents/demo.ts';
import type { Services } from '../services.ts';
import { buildWorld, DEMO_USERS, type World } from './world.ts';

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
  const officer = DEMO_USERS.officer;
  await seedDemoAssignments(
    services,
    {
      userId: world.users.officer,
      username: 'officer',
      displayName: officer.displayName,
      memberships: [{ agencyId: world.agencies[officer.agency], roles: [...officer.roles] }],
      currentAgencyId: world.agencies[officer.agency],
    },
    world.agencies.education,
  );
  return world;
}
