import type { MigrationDb } from '../schema-helpers.ts';

/**
 * The statistics (tables 三 and 四, modules/requests/statistics.ts) read from indexes only:
 * - requests_agency_received gains the columns the statistics group on (reply day, applicant type,
 *   outcome) after (agency_id, received_on), so that counting an agency's year reads the index, not
 *   every request row; its prefix serves the queries it served before;
 * - request_disputes_received finds a year's cases without going through every request.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('requests_agency_received').execute();
  await db.schema
    .createIndex('requests_agency_received')
    .on('requests')
    .columns(['agency_id', 'received_on', 'replied_on', 'applicant_type', 'outcome'])
    .execute();
  await db.schema
    .createIndex('request_disputes_received')
    .on('request_disputes')
    .column('received_on')
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('request_disputes_received').execute();
  await db.schema.dropIndex('requests_agency_received').execute();
  await db.schema
    .createIndex('requests_agency_received')
    .on('requests')
    .columns(['agency_id', 'received_on'])
    .execute();
}
