import { randomInt } from 'node:crypto';
import { systemActor, systemAdminOf } from '../../core/auth/actor.ts';
import { normaliseUsername, profileProblems } from '../../core/auth/model.ts';
import { passwordProblems } from '../../core/auth/password.ts';
import { conflict, invalid, type FieldErrors } from '../../core/errors.ts';
import type { Agency } from './model.ts';
import { agencyCreateSchema } from './schemas.ts';
import type { OrgsService } from './service.ts';

/** What a real deployment starts from: its government, the government's office and one admin. */
export interface InitInput {
  government: string;
  divisionCode: string;
  uscc?: string | null;
  /** Defaults to the government's name + 办公室. */
  office?: string;
  adminUsername: string;
  adminDisplayName: string;
  adminPassword: string;
}

export interface InitResult {
  government: Agency;
  office: Agency;
  adminId: string;
}

/**
 * Sets up an empty database for a real region (`gongkai init`), the counterpart of the demo loader:
 * the root agency, its office (the 政务公开 office acting for it) and the first admin, through the
 * orgs service and its checks. Refuses once the region has a root. Every input is checked before the
 * first write, so that bad input leaves the database empty (and `init` can simply be run again).
 */
export async function initRegion(orgs: OrgsService, input: InitInput): Promise<InitResult> {
  const existing = await orgs.root();
  if (existing) throw conflict(`本系统已初始化（${existing.name}），不能重复初始化`, 'already_initialised');
  const governmentInput = {
    parentId: null,
    name: input.government,
    kind: 'government' as const,
    uscc: input.uscc ?? null,
    divisionCode: input.divisionCode,
    regionCode: input.divisionCode,
  };
  const fields: FieldErrors = {
    ...profileProblems({ username: input.adminUsername, displayName: input.adminDisplayName }),
  };
  // The agency checks are the orgs API's own; `regionCode` repeats `divisionCode` here.
  const agency = agencyCreateSchema.safeParse(governmentInput);
  for (const issue of agency.success ? [] : agency.error.issues) {
    const field = String(issue.path[0]);
    if (field !== 'regionCode') fields[field === 'name' ? 'government' : field] ??= issue.message;
  }
  const weak = passwordProblems(input.adminPassword, normaliseUsername(input.adminUsername));
  if (weak.length > 0) fields.adminPassword = weak.join('；');
  if (Object.keys(fields).length > 0) throw invalid(Object.values(fields).join('；'), fields);
  const government = await orgs.create(systemActor, governmentInput);
  const actor = systemAdminOf(government.id);
  const office = await orgs.create(actor, {
    parentId: government.id,
    name: input.office ?? `${input.government}办公室`,
    kind: 'office',
    divisionCode: input.divisionCode,
    regionCode: input.divisionCode,
  });
  const admin = await orgs.createUser(actor, {
    username: input.adminUsername,
    displayName: input.adminDisplayName,
    password: input.adminPassword,
    memberships: [{ agencyId: government.id, roles: ['admin'] }],
  });
  return { government, office, adminId: admin.id };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A 16-character password from an unambiguous alphabet that meets the password policy. */
export function generatePassword(): string {
  for (;;) {
    const p = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (/[A-Za-z]/.test(p) && /[0-9]/.test(p)) return p;
  }
}
