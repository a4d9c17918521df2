import { systemActor } from '../../core/auth/actor.ts';
import { GUIDE_FIELDS } from './model.ts';
import type { GuideInput } from './schemas.ts';
import type { GuidesService } from './service.ts';

/**
 * The demo region's own guide: the county office has filled in what the agency data cannot give
 * (fax, postal code); everything else follows the generated text. Made-up numbers in the local format.
 */
export async function seedDemoGuides(guides: GuidesService, countyId: string): Promise<void> {
  const { content } = await guides.get(systemActor, countyId);
  const input = Object.fromEntries(GUIDE_FIELDS.map((f) => [f, content[f] ?? ''])) as GuideInput;
  await guides.update(systemActor, countyId, { ...input, fax: '0954-3012300', postalCode: '756300' });
}
