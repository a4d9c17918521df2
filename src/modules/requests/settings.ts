/**
 * An agency's request settings (the region's limits and milestones, inherited down the tree) and
 * its notice templates (edited by the disclosure office; the default text stands until then). Each
 * change is audited.
 */
import type { Actor } from '../../core/auth/actor.ts';
import { assertCan } from '../../core/auth/permissions.ts';
import { invalid } from '../../core/errors.ts';
import { parseInput, firstFieldOr } from '../../core/validation.ts';
import { type RequestContext, settingsRow } from './context.ts';
import type { RequestSettings } from './deadlines.ts';
import {
  checkTemplate,
  DEFAULT_TEMPLATES,
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  PLACEHOLDERS,
  type NoticeKind,
} from './notices.ts';
import { settingsSchema, templateSchema } from './schemas.ts';
import * as store from './store.ts';

const SETTINGS_ENTITY = 'request_settings';

export interface SettingsView {
  agencyId: string;
  /** What is in force here, after inheritance and the 条例's caps. */
  effective: RequestSettings;
  /** This agency's own values (null: inherited). */
  own: ReturnType<typeof settingsRow> | null;
}

export interface TemplateView {
  kind: NoticeKind;
  label: string;
  title: string;
  body: string;
  placeholders: readonly string[];
  /** 'own': this agency's text; 'inherited': an agency above it; 'default': the built-in text. */
  source: 'own' | 'inherited' | 'default';
}

export function createSettings(ctx: RequestContext) {
  const { k, now, settingsFor, nearestTemplates } = ctx;
  const { orgs, audit } = ctx.deps;

  async function templates(agencyId: string): Promise<TemplateView[]> {
    const nearest = await nearestTemplates(agencyId);
    return NOTICE_KINDS.map((kind) => {
      const row = nearest.get(kind);
      const t = row ?? DEFAULT_TEMPLATES[kind];
      return {
        kind,
        label: NOTICE_KIND_LABELS[kind],
        title: t.title,
        body: t.body,
        placeholders: PLACEHOLDERS[kind],
        source: !row ? 'default' : row.agency_id === agencyId ? 'own' : 'inherited',
      };
    });
  }

  async function settings(actor: Actor, agencyId: string): Promise<SettingsView> {
    assertCan(actor, 'request.view', await orgs.agencyPath(agencyId));
    const own = (await store.settingsRows(k, [agencyId]))[0];
    return { agencyId, effective: await settingsFor(agencyId), own: own ? settingsRow(own) : null };
  }

  return {
    settings,

    updateSettings: async (actor: Actor, agencyId: string, input: unknown): Promise<SettingsView> => {
      const s = parseInput(settingsSchema, input, { message: firstFieldOr('设置有误') });
      assertCan(actor, 'request.settings', await orgs.agencyPath(agencyId));
      await k.transaction().execute(async (trx) => {
        const before = (await store.settingsRows(trx, [agencyId]))[0];
        await store.upsertSettings(trx, {
          agency_id: agencyId,
          reply_days: s.replyDays,
          extension_days: s.extensionDays,
          correction_period_days: s.correctionPeriodDays,
          fee_window_counted: s.feeWindowCounted === null ? null : s.feeWindowCounted ? 1 : 0,
          milestones: s.milestones === null ? null : JSON.stringify(s.milestones),
          updated_at: now().toISOString(),
        });
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: SETTINGS_ENTITY,
          entityId: agencyId,
          action: 'request_settings.updated',
          before: before ? settingsRow(before) : null,
          after: s,
        });
      });
      return settings(actor, agencyId);
    },

    templates: async (actor: Actor, agencyId: string): Promise<TemplateView[]> => {
      assertCan(actor, 'request.view', await orgs.agencyPath(agencyId));
      return templates(agencyId);
    },

    updateTemplate: async (
      actor: Actor,
      agencyId: string,
      kind: NoticeKind,
      input: unknown,
    ): Promise<TemplateView[]> => {
      const t = parseInput(templateSchema, input);
      const problem = checkTemplate(kind, { kind, title: t.title, body: t.body });
      if (problem) throw invalid(problem, { body: problem });
      assertCan(actor, 'request.settings', await orgs.agencyPath(agencyId));
      await k.transaction().execute(async (trx) => {
        await store.upsertTemplate(trx, {
          agency_id: agencyId,
          kind,
          title: t.title,
          body: t.body,
          updated_by: actor.userId,
          updated_at: now().toISOString(),
        });
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: SETTINGS_ENTITY,
          entityId: agencyId,
          action: 'request_template.updated',
          after: { kind, title: t.title, body: t.body },
        });
      });
      return templates(agencyId);
    },

    resetTemplate: async (actor: Actor, agencyId: string, kind: NoticeKind): Promise<TemplateView[]> => {
      assertCan(actor, 'request.settings', await orgs.agencyPath(agencyId));
      await k.transaction().execute(async (trx) => {
        await store.deleteTemplate(trx, agencyId, kind);
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: SETTINGS_ENTITY,
          entityId: agencyId,
          action: 'request_template.reset',
          after: { kind },
        });
      });
      return templates(agencyId);
    },
  };
}

export type RequestSettingsService = ReturnType<typeof createSettings>;
