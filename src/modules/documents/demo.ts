import { systemActor } from '../../core/auth/actor.ts';
import { SEED_DOCUMENTS, seedBody } from '../../dev/seeds/index.ts';
import type { DocumentsService } from './service.ts';

/**
 * Publishes the five seed rule sets as documents of the demo county's government office, the
 * county's disclosure office (政务公开主管部门). Its own 2018 rule set is its document; the four rule
 * sets of other regions go under 信息公开制度 as reference rule sets that name their real issuer in
 * the source note — the office keeps them as models, as offices do, and does not claim to have
 * issued them. Idempotent: a title the office has already published is skipped.
 */
export async function seedDemoDocuments(
  services: { documents: DocumentsService },
  world: { agencies: { office: string } },
): Promise<number> {
  const officeId = world.agencies.office;
  const existing = await services.documents.publishedTitles(officeId);
  let published = 0;
  for (const seed of SEED_DOCUMENTS) {
    if (existing.has(seed.title)) continue;
    await services.documents.publish(undefined, systemActor, {
      agencyId: officeId,
      title: seed.title,
      docNumber: seed.docNumber,
      writtenOn: seed.writtenOn,
      topic: seed.topic,
      genre: seed.genre,
      legalCategory: seed.legalCategory,
      validity: seed.validity,
      effectiveFrom: seed.effectiveFrom,
      effectiveTo: seed.effectiveTo,
      body: seedBody(seed),
      portalSection: seed.portalSection,
      sourceNote: seed.sourceNote,
    });
    published += 1;
  }
  return published;
}
