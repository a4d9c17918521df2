/**
 * The schema as Kysely sees it. Core declares nothing here itself; each owner (a core service or a
 * module) adds its tables from its own `tables.ts` by interface merging:
 *
 *   declare module '../../core/db/database.ts' { interface Database { agencies: AgenciesTable } }
 *
 * so core never imports a module, and every table is declared once, beside the code that owns it.
 * Conventions for both engines: ids are UUID text, timestamps are ISO-8601 UTC text made by the
 * app, booleans are integers 0/1, JSON is text.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
