import { prepareBody } from './body.ts';
import type { BodyFormat } from './model.ts';

/**
 * The plain text and links of a stored body, whatever its format: what search indexes and screening
 * reads. Rich text goes through the same sanitiser as on save; structured text loses its markers.
 */
export function bodyFacts(row: { body: string; body_format: BodyFormat }): { text: string; links: string[] } {
  if (row.body_format === 'html') {
    const prepared = prepareBody(row.body);
    return { text: prepared.text, links: prepared.links };
  }
  return { text: row.body.replace(/^(#{2,3}|>)\s*/gm, ''), links: [] };
}

export const bodyText = (row: { body: string; body_format: BodyFormat }): string => bodyFacts(row).text;
