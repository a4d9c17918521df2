import type { AuditService } from '../../core/audit/service.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/permissions.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import { DomainError, forbidden } from '../../core/errors.ts';
import { parseInput } from '../../core/validation.ts';
import { agencyGuidePath, ON_REQUEST_PATH } from '../../portal/site.ts';
import type { Agency } from '../orgs/model.ts';
import type { OrgsService } from '../orgs/service.ts';
import {
  changedFields,
  defaultGuide,
  effectiveGuide,
  GUIDE_FIELDS,
  overridesOf,
  type GuideContent,
} from './model.ts';
import { guideInputSchema, type GuideInput, type GuideView } from './schemas.ts';
import * as store from './store.ts';
import type { GuideRow } from './store.ts';

export const GUIDE_ENTITY = 'disclosure_guide';

/** A guide as the portal shows it. */
export interface PublicGuide {
  agencyId: string;
  agencyName: string;
  /** Whether this is the region's own guide (its people's government). */
  isRegion: boolean;
  content: GuideContent;
  /** The later of the office's last edit and the agency's data it follows (YYYY-MM-DD in Beijing). */
  updatedOn: string;
}

export interface GuidesService {
  /** The guide of an agency for the console: content, the generated text, who edited it last. */
  get(actor: Actor, agencyId: string): Promise<GuideView>;
  /**
   * The disclosure office ('guide.manage') saves the guide; a field equal to the generated text keeps
   * following the agency's data. Audited; saving an unchanged guide changes nothing.
   */
  update(actor: Actor, agencyId: string, input: GuideInput): Promise<GuideView>;
  /** The guide of an active agency for the portal, or null (unknown or dissolved agency). */
  publicGuide(agencyId: string): Promise<PublicGuide | null>;
  /**
   * Registers what runs after a guide was saved, once its transaction has committed (the portal
   * drops the pages it keeps in memory). Returns the function that unregisters the listener.
   */
  onChange(listener: () => void): () => void;
}

export interface GuidesDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  orgs: Pick<OrgsService, 'get' | 'agencyPath' | 'root' | 'supervisingAgencyOf'>;
  /** The portal's public address (config.http.publicBaseUrl), for the internet contact in the text. */
  publicBaseUrl: string;
}

const COLUMNS: Record<(typeof GUIDE_FIELDS)[number], keyof GuideRow> = {
  officeName: 'office_name',
  officeAddress: 'office_address',
  officeHours: 'office_hours',
  phone: 'phone',
  fax: 'fax',
  internetContact: 'internet_contact',
  postalCode: 'postal_code',
  howToApply: 'how_to_apply',
  feeRule: 'fee_rule',
  classification: 'classification',
  arrangement: 'arrangement',
};

function storedContent(row: GuideRow | null): GuideContent | null {
  if (!row) return null;
  const out = {} as GuideContent;
  for (const f of GUIDE_FIELDS) out[f] = row[COLUMNS[f]];
  return out;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const beijingDay = (iso: string): string =>
  new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

export function createGuidesService({ db, clock, audit, orgs, publicBaseUrl }: GuidesDeps): GuidesService {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const listeners = new Set<() => void>();

  /** The agency, whether it is the region's root, and the guide generated from their data. */
  async function facts(
    agencyId: string,
  ): Promise<{ agency: Agency; isRegion: boolean; defaults: GuideContent }> {
    const agency = await orgs.get(agencyId);
    const root = await orgs.root();
    // A government's disclosure work is run by its office (条例第四条); any other agency runs its own.
    const office =
      agency.kind === 'government' ? ((await orgs.supervisingAgencyOf(agency.id)) ?? agency) : agency;
    const defaults = defaultGuide({
      agencyName: agency.name,
      office: { name: office.name, address: office.address, phone: office.phone },
      regionName: root?.name ?? agency.name,
      onRequestUrl: `${base}${ON_REQUEST_PATH}`,
    });
    return { agency, isRegion: root?.id === agency.id, defaults };
  }

  function view(
    actor: Actor,
    agency: Agency,
    isRegion: boolean,
    defaults: GuideContent,
    row: GuideRow | null,
    path: string[],
  ): GuideView {
    const stored = storedContent(row);
    return {
      agencyId: agency.id,
      agencyName: agency.name,
      content: effectiveGuide(stored, defaults),
      defaults,
      customized: GUIDE_FIELDS.filter((f) => stored?.[f] != null),
      updatedAt: row?.updated_at ?? null,
      updatedBy: row ? { id: row.updated_by, name: row.updated_by_name } : null,
      canEdit: can(actor, 'guide.manage', path),
      portalPath: agencyGuidePath(agency.id, isRegion),
    };
  }

  return {
    async get(actor, agencyId) {
      const { agency, isRegion, defaults } = await facts(agencyId);
      const [row, path] = await Promise.all([store.find(db.kysely, agencyId), orgs.agencyPath(agencyId)]);
      return view(actor, agency, isRegion, defaults, row, path);
    },

    async update(actor, agencyId, rawInput) {
      const input = parseInput(guideInputSchema, rawInput, {
        message: (fields) => Object.values(fields)[0] ?? '提交的指南内容有误，请检查后重试',
      });
      const { agency, isRegion, defaults } = await facts(agencyId);
      const path = await orgs.agencyPath(agencyId);
      if (!can(actor, 'guide.manage', path)) {
        throw forbidden('只有政务公开工作机构可以编辑该单位的政府信息公开指南');
      }
      const existing = await store.find(db.kysely, agencyId);
      const before = effectiveGuide(storedContent(existing), defaults);
      const after = input satisfies GuideContent;
      const changed = changedFields(before, after);
      const overrides = overridesOf(after, defaults);
      const sameStorage =
        existing !== null && GUIDE_FIELDS.every((f) => (existing[COLUMNS[f]] ?? null) === overrides[f]);
      // Nothing to change: no write and no audit event.
      if (changed.length === 0 && (sameStorage || existing === null)) {
        return view(actor, agency, isRegion, defaults, existing, path);
      }
      const now = clock.now().toISOString();
      const row: GuideRow = {
        agency_id: agencyId,
        office_name: overrides.officeName,
        office_address: overrides.officeAddress,
        office_hours: overrides.officeHours,
        phone: overrides.phone,
        fax: overrides.fax,
        internet_contact: overrides.internetContact,
        postal_code: overrides.postalCode,
        how_to_apply: overrides.howToApply,
        fee_rule: overrides.feeRule,
        classification: overrides.classification,
        arrangement: overrides.arrangement,
        updated_at: now,
        updated_by: actor.userId,
        updated_by_name: actor.displayName,
      };
      const pick = (c: GuideContent) => Object.fromEntries(changed.map((f) => [f, c[f]]));
      await db.kysely.transaction().execute(async (trx) => {
        await store.upsert(trx, row);
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: GUIDE_ENTITY,
          entityId: agencyId,
          action: 'guide.updated',
          before: pick(before),
          after: {
            ...pick(after),
            // Which fields now follow the agency's data rather than the office's own text.
            customized: GUIDE_FIELDS.filter((f) => overrides[f] !== null),
          },
        });
      });
      for (const listener of listeners) {
        try {
          listener();
        } catch {
          // A listener's failure is its own; the guide is saved.
        }
      }
      return view(actor, agency, isRegion, defaults, row, path);
    },

    async publicGuide(agencyId) {
      if (!/^[0-9a-f-]{36}$/i.test(agencyId)) return null;
      let f: Awaited<ReturnType<typeof facts>>;
      try {
        f = await facts(agencyId);
      } catch (e) {
        if (e instanceof DomainError && e.status === 404) return null;
        throw e;
      }
      if (!f.agency.active) return null;
      const row = await store.find(db.kysely, agencyId);
      const updated = row && row.updated_at > f.agency.updatedAt ? row.updated_at : f.agency.updatedAt;
      return {
        agencyId: f.agency.id,
        agencyName: f.agency.name,
        isRegion: f.isRegion,
        content: effectiveGuide(storedContent(row), f.defaults),
        updatedOn: beijingDay(updated),
      };
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
