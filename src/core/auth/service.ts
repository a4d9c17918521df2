import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AuditActor, AuditService } from '../audit/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { systemActor, type Actor, type Membership } from './actor.ts';
import {
  afterFailedLogin,
  canonicalRoles,
  initialPasswordMustChange,
  isLocked,
  membershipProblems,
  minutesLeft,
  normaliseUsername,
  parseRoles,
  profileProblems,
  sessionExpiry,
} from './model.ts';
import { PASSWORD_MAX_LENGTH, assertPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import { allowedActions, assertCan, canSomewhere, type Action } from './permissions.ts';
import type { Role } from './roles.ts';
import type { UsersTable } from './tables.ts';

/** What auth needs to know about the agency tree; the orgs service provides it. */
export interface OrgsPort {
  /**
   * Agency ids from the root down to `id` (inclusive); [] or a not_found error for an unknown agency.
   * Inside a transaction auth passes it as `executor`, and the read must use it: SQLite has a single
   * connection, so a read outside the open transaction would wait for it forever.
   */
  agencyPath(id: string, executor?: Kysely<Database>): Promise<string[]>;
  agencyNames(ids: string[]): Promise<Map<string, string>>;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  memberships: Membership[];
}

/** The logged-in user as the console sees them (GET /api/auth/me). */
export interface Me {
  user: { id: string; username: string; displayName: string };
  memberships: { agencyId: string; agencyName: string; roles: Role[] }[];
  currentAgencyId: string | null;
  csrfToken: string;
  /** What the user may do in the current agency; the console shows only these buttons. */
  allowedActions: Action[];
  /**
   * An administrator reset the password: until the user changes it, every other API request of
   * the session is refused with 403 password_change_required, and the console asks for the change.
   */
  mustChangePassword: boolean;
}

/** What a session carries besides its actor. */
export interface SessionState {
  csrfToken: string;
  /** Read from the user on every request, so that it holds from the next request on once cleared. */
  mustChangePassword: boolean;
}

export interface LoginResult {
  /** Goes into the cookie; only its sha256 is stored. */
  token: string;
  csrfToken: string;
  actor: Actor;
  me: Me;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  email?: string | null;
  phone?: string | null;
}

export interface UserPatch {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
}

export interface AuthService {
  login(username: string, password: string, meta: { ip: string | null }): Promise<LoginResult>;
  logout(token: string): Promise<void>;
  actorForSession(token: string): Promise<Actor | null>;
  /** The actor and the session's state; null when the token is unknown or expired. Slides the expiry. */
  session(token: string): Promise<({ actor: Actor } & SessionState) | null>;
  me(actor: Actor, session: SessionState): Promise<Me>;
  switchAgency(token: string, actor: Actor, agencyId: string): Promise<Me>;
  /**
   * Ends the user's other sessions (`keepToken` is the session the change was made from) and clears
   * the must-change flag an administrator's reset set.
   */
  changePassword(actor: Actor, oldPassword: string, newPassword: string, keepToken?: string): Promise<void>;
  createUser(trx: Kysely<Database>, actor: Actor, input: NewUser): Promise<UserView>;
  updateUser(actor: Actor, id: string, patch: UserPatch): Promise<UserView>;
  /** Replaces all of the user's memberships with `memberships` (listed first = where logins start). */
  setMemberships(
    trx: Kysely<Database>,
    actor: Actor,
    userId: string,
    memberships: Membership[],
  ): Promise<void>;
  /**
   * Sets a new password, unlocks the account, ends all of the user's sessions, and makes the user
   * change the password at the next login (the administrator knows this one).
   */
  resetPassword(actor: Actor, userId: string, newPassword: string): Promise<void>;
  unlock(actor: Actor, userId: string): Promise<UserView>;
  /** Throws notFound for an unknown id. */
  getUser(id: string): Promise<UserView>;
  /** All users, or those with a membership in one of `agencyIds`; by username. */
  listUsers(filter: { agencyIds?: string[] }): Promise<UserView[]>;
  /** Active users holding `role` in exactly that agency. */
  usersWithRole(
    agencyId: string,
    role: Role,
  ): Promise<{ id: string; displayName: string; email: string | null }[]>;
}

/** Who a failed login is recorded against: nobody has proven who they are. */
const ANONYMOUS: AuditActor = { userId: 'anonymous', displayName: '未登录用户' };

/**
 * Verified against when the username is unknown, so that an unknown name costs the same argon2 work
 * as a wrong password and response times do not reveal which usernames exist. No password matches it.
 */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$fZcNZgEyat+lapzptHRZQg$kxNNTAr/2QC0pRE8oaOKam3dV5o9qbPmBaEEetrAudo';

// The session expiry is written at most this often, not on every request.
const SLIDE_EVERY_MS = 60_000;

const loginFailed = (): DomainError => new DomainError('login_failed', '用户名或密码错误', 401);
const accountLocked = (lockedUntil: string, now: Date): DomainError =>
  new DomainError(
    'account_locked',
    `账号已锁定：密码连续输错次数过多，请 ${minutesLeft(lockedUntil, now)} 分钟后再试，或联系系统管理员解锁`,
    403,
  );

const sha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

type UserRow = Selectable<UsersTable>;

/** What an audit event may show of a user: never the password hash. */
function profileOf(u: UserRow): Record<string, unknown> {
  return {
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    phone: u.phone,
    active: u.active === 1,
  };
}

export function createAuthService({
  db,
  clock,
  audit,
  orgs,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  orgs: OrgsPort;
}): AuthService {
  const k = db.kysely;

  async function membershipsOf(ex: Kysely<Database>, userIds: string[]): Promise<Map<string, Membership[]>> {
    const out = new Map<string, Membership[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return out;
    const rows = await ex
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', 'in', userIds)
      .orderBy('position')
      .orderBy('agency_id')
      .execute();
    for (const r of rows) out.get(r.user_id)?.push({ agencyId: r.agency_id, roles: parseRoles(r.roles) });
    return out;
  }

  async function userRow(ex: Kysely<Database>, id: string): Promise<UserRow> {
    const row = await ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('未找到该用户');
    return row;
  }

  function view(u: UserRow, memberships: Membership[]): UserView {
    const now = clock.now();
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      email: u.email,
      phone: u.phone,
      active: u.active === 1,
      locked: isLocked(u.locked_until, now),
      lockedUntil: isLocked(u.locked_until, now) ? u.locked_until : null,
      lastLoginAt: u.last_login_at,
      memberships,
    };
  }

  async function viewOf(ex: Kysely<Database>, id: string): Promise<UserView> {
    const row = await userRow(ex, id);
    return view(row, (await membershipsOf(ex, [id])).get(id) ?? []);
  }

  async function pathOf(agencyId: string, ex?: Kysely<Database>): Promise<string[]> {
    try {
      return await orgs.agencyPath(agencyId, ex);
    } catch (e) {
      if (e instanceof DomainError && e.status === 404) return [];
      throw e;
    }
  }

  /**
   * Managing an account needs 'user.manage' over every agency the user belongs to, so that an
   * administrator of one department cannot take over someone who also works at the county level.
   */
  async function assertManages(ex: Kysely<Database>, actor: Actor, memberships: Membership[]): Promise<void> {
    if (memberships.length === 0) {
      if (!canSomewhere(actor, 'user.manage')) throw forbidden();
      return;
    }
    for (const m of memberships) assertCan(actor, 'user.manage', await pathOf(m.agencyId, ex));
  }

  /** The agency an event about this user belongs to: where their first membership is. */
  const homeAgency = (memberships: Membership[]): string | null => memberships[0]?.agencyId ?? null;

  function actorOf(u: UserRow, memberships: Membership[], currentAgencyId: string | null): Actor {
    return {
      userId: u.id,
      username: u.username,
      displayName: u.display_name,
      memberships,
      currentAgencyId: memberships.some((m) => m.agencyId === currentAgencyId)
        ? currentAgencyId
        : (memberships[0]?.agencyId ?? null),
    };
  }

  async function me(actor: Actor, { csrfToken, mustChangePassword }: SessionState): Promise<Me> {
    const names = await orgs.agencyNames(actor.memberships.map((m) => m.agencyId));
    const path = actor.currentAgencyId ? await pathOf(actor.currentAgencyId) : [];
    return {
      user: { id: actor.userId, username: actor.username, displayName: actor.displayName },
      memberships: actor.memberships.map((m) => ({
        agencyId: m.agencyId,
        agencyName: names.get(m.agencyId) ?? '（未知单位）',
        roles: m.roles,
      })),
      currentAgencyId: actor.currentAgencyId,
      csrfToken,
      allowedActions: allowedActions(actor, path),
      mustChangePassword,
    };
  }

  async function session(token: string): Promise<({ actor: Actor } & SessionState) | null> {
    const tokenHash = sha256(token);
    const row = await k
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.csrf_token',
        'sessions.current_agency_id',
        'sessions.last_seen_at',
        'sessions.expires_at',
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return null;
    const now = clock.now();
    if (row.expires_at <= now.toISOString() || row.active !== 1) {
      await k.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
      return null;
    }
    if (now.getTime() - Date.parse(row.last_seen_at) >= SLIDE_EVERY_MS) {
      await k
        .updateTable('sessions')
        .set({ last_seen_at: now.toISOString(), expires_at: sessionExpiry(now) })
        .where('token_hash', '=', tokenHash)
        .execute();
    }
    const memberships = (await membershipsOf(k, [row.id])).get(row.id) ?? [];
    return {
      actor: actorOf(row, memberships, row.current_agency_id),
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password === 1,
    };
  }

  async function recordFailure(
    user: UserRow,
    ip: string | null,
    reason: 'locked' | 'inactive' | 'wrong_password',
  ): Promise<DomainError> {
    const now = clock.now();
    return k.transaction().execute(async (trx) => {
      const memberships = (await membershipsOf(trx, [user.id])).get(user.id) ?? [];
      const agencyId = homeAgency(memberships);
      if (reason !== 'wrong_password') {
        await audit.record(trx, {
          actor: ANONYMOUS,
          agencyId,
          entityType: 'user',
          entityId: user.id,
          action: 'user.login_failed',
          after: { ip, reason },
        });
        return reason === 'locked' && user.locked_until
          ? accountLocked(user.locked_until, now)
          : loginFailed();
      }
      // Counted in the database, so that concurrent attempts cannot each see the old count.
      const counted = await trx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      const next = afterFailedLogin(counted.failed_logins, now);
      await audit.record(trx, {
        actor: ANONYMOUS,
        agencyId,
        entityType: 'user',
        entityId: user.id,
        action: 'user.login_failed',
        after: { ip, reason, failedLogins: counted.failed_logins },
      });
      if (!next.lockedUntil) return loginFailed();
      await trx
        .updateTable('users')
        .set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await audit.record(trx, {
        actor: systemActor,
        agencyId,
        entityType: 'user',
        entityId: user.id,
        action: 'user.locked',
        before: { lockedUntil: null },
        after: { lockedUntil: next.lockedUntil, ip },
      });
      return accountLocked(next.lockedUntil, now);
    });
  }

  return {
    async login(username, password, { ip }) {
      const name = normaliseUsername(username);
      const user = await k.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
      // Always one argon2 verification, whatever happens next (see DUMMY_HASH).
      const passwordOk =
        password.length <= PASSWORD_MAX_LENGTH &&
        (await verifyPassword(password, user?.password_hash ?? DUMMY_HASH));
      const now = clock.now();

      if (!user) {
        await audit.record(k, {
          actor: ANONYMOUS,
          agencyId: null,
          entityType: 'login',
          // The name as typed (usernames have at most 32 characters), so that an attack on a name shows.
          entityId: name.slice(0, 32),
          action: 'login.unknown_user',
          after: { ip },
        });
        throw loginFailed();
      }
      if (isLocked(user.locked_until, now)) throw await recordFailure(user, ip, 'locked');
      if (user.active !== 1) throw await recordFailure(user, ip, 'inactive');
      if (!passwordOk) throw await recordFailure(user, ip, 'wrong_password');

      const token = newToken();
      const csrfToken = newToken();
      const actor = await k.transaction().execute(async (trx) => {
        const memberships = (await membershipsOf(trx, [user.id])).get(user.id) ?? [];
        const a = actorOf(user, memberships, null);
        await trx
          .updateTable('users')
          .set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() })
          .where('id', '=', user.id)
          .execute();
        // Housekeeping: sessions that ran out are never coming back.
        await trx.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
        await trx
          .insertInto('sessions')
          .values({
            token_hash: sha256(token),
            user_id: user.id,
            csrf_token: csrfToken,
            current_agency_id: a.currentAgencyId,
            ip,
            created_at: now.toISOString(),
            last_seen_at: now.toISOString(),
            expires_at: sessionExpiry(now),
          })
          .execute();
        await audit.record(trx, {
          actor: a,
          agencyId: a.currentAgencyId,
          entityType: 'user',
          entityId: user.id,
          action: 'user.login',
          after: { ip },
        });
        return a;
      });
      const mustChangePassword = user.must_change_password === 1;
      return { token, csrfToken, actor, me: await me(actor, { csrfToken, mustChangePassword }) };
    },

    async logout(token) {
      const tokenHash = sha256(token);
      const row = await k
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.display_name', 'sessions.current_agency_id'])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return;
      await k.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
        await audit.record(trx, {
          actor: { userId: row.id, displayName: row.display_name },
          agencyId: row.current_agency_id,
          entityType: 'user',
          entityId: row.id,
          action: 'user.logout',
        });
      });
    },

    async actorForSession(token) {
      return (await session(token))?.actor ?? null;
    },

    session,
    me,

    async switchAgency(token, actor, agencyId) {
      if (!actor.memberships.some((m) => m.agencyId === agencyId)) {
        throw forbidden('您不是该单位的成员，不能切换到该单位');
      }
      const tokenHash = sha256(token);
      const state = await k.transaction().execute(async (trx): Promise<SessionState> => {
        const row = await trx
          .updateTable('sessions')
          .set({ current_agency_id: agencyId })
          .where('token_hash', '=', tokenHash)
          .where('user_id', '=', actor.userId)
          .returning('csrf_token')
          .executeTakeFirst();
        if (!row) throw new DomainError('unauthenticated', '登录已过期，请重新登录', 401);
        const user = await userRow(trx, actor.userId);
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: 'user',
          entityId: actor.userId,
          action: 'user.agency_switched',
          before: { currentAgencyId: actor.currentAgencyId },
          after: { currentAgencyId: agencyId },
        });
        return { csrfToken: row.csrf_token, mustChangePassword: user.must_change_password === 1 };
      });
      return me({ ...actor, currentAgencyId: agencyId }, state);
    },

    async changePassword(actor, oldPassword, newPassword, keepToken) {
      const user = await userRow(k, actor.userId);
      const oldOk =
        oldPassword.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(oldPassword, user.password_hash));
      if (!oldOk) {
        throw invalid('原密码不正确', { oldPassword: '原密码不正确' }, 'wrong_password');
      }
      assertPasswordPolicy(newPassword, user.username, 'newPassword');
      if (newPassword === oldPassword) {
        throw invalid('新密码不能与原密码相同', { newPassword: '新密码不能与原密码相同' }, 'weak_password');
      }
      const passwordHash = await hashPassword(newPassword);
      const now = clock.now().toISOString();
      await k.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('users')
          .set({
            password_hash: passwordHash,
            password_changed_at: now,
            must_change_password: 0,
            updated_at: now,
          })
          .where('id', '=', user.id)
          // Unless an administrator reset the password meanwhile: then the old one checked above is gone.
          .where('password_hash', '=', user.password_hash)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) {
          throw conflict('密码已被管理员重置，请使用新密码重新登录');
        }
        let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
        if (keepToken) others = others.where('token_hash', '!=', sha256(keepToken));
        const ended = await others.executeTakeFirst();
        await audit.record(trx, {
          actor,
          agencyId: actor.currentAgencyId,
          entityType: 'user',
          entityId: user.id,
          action: 'user.password_changed',
          before: { mustChangePassword: user.must_change_password === 1 },
          after: {
            passwordChangedAt: now,
            mustChangePassword: false,
            otherSessionsEnded: Number(ended.numDeletedRows),
          },
        });
      });
    },

    async createUser(trx, actor, input) {
      const fields = profileProblems(input);
      if (Object.keys(fields).length > 0) throw invalid('用户信息有误，请检查后重试', fields);
      if (!canSomewhere(actor, 'user.manage')) throw forbidden();
      const username = normaliseUsername(input.username);
      assertPasswordPolicy(input.password, username, 'password');
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      if (taken) throw conflict(`用户名“${username}”已被使用`, 'username_taken');
      const now = clock.now().toISOString();
      const row: UserRow = {
        id: newId(),
        username,
        display_name: input.displayName.trim(),
        password_hash: await hashPassword(input.password),
        email: input.email || null,
        phone: input.phone || null,
        active: 1,
        failed_logins: 0,
        locked_until: null,
        last_login_at: null,
        password_changed_at: now,
        must_change_password: initialPasswordMustChange(actor.userId, systemActor.userId) ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('users').values(row).execute();
      await audit.record(trx, {
        actor,
        agencyId: null,
        entityType: 'user',
        entityId: row.id,
        action: 'user.created',
        after: profileOf(row),
      });
      return view(row, []);
    },

    async updateUser(actor, id, patch) {
      const fields = profileProblems(patch);
      if (Object.keys(fields).length > 0) throw invalid('用户信息有误，请检查后重试', fields);
      if (patch.active === false && id === actor.userId) {
        throw invalid('不能停用自己的账号', { active: '不能停用自己的账号' });
      }
      return k.transaction().execute(async (trx) => {
        const before = await userRow(trx, id);
        const memberships = (await membershipsOf(trx, [id])).get(id) ?? [];
        await assertManages(trx, actor, memberships);
        const after: UserRow = {
          ...before,
          display_name: patch.displayName?.trim() ?? before.display_name,
          email: patch.email === undefined ? before.email : patch.email || null,
          phone: patch.phone === undefined ? before.phone : patch.phone || null,
          active: patch.active === undefined ? before.active : patch.active ? 1 : 0,
          updated_at: clock.now().toISOString(),
        };
        await trx
          .updateTable('users')
          .set({
            display_name: after.display_name,
            email: after.email,
            phone: after.phone,
            active: after.active,
            updated_at: after.updated_at,
          })
          .where('id', '=', id)
          .execute();
        // A deactivated account is logged out everywhere at once.
        if (after.active === 0) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await audit.record(trx, {
          actor,
          agencyId: homeAgency(memberships),
          entityType: 'user',
          entityId: id,
          action: 'user.updated',
          before: profileOf(before),
          after: profileOf(after),
        });
        return view(after, memberships);
      });
    },

    async setMemberships(trx, actor, userId, memberships) {
      const fields = membershipProblems(memberships);
      if (Object.keys(fields).length > 0) throw invalid('单位与角色有误，请检查后重试', fields);
      if (userId === actor.userId) {
        throw forbidden('不能修改自己的单位和角色，请由其他管理员操作');
      }
      await userRow(trx, userId);
      const before = (await membershipsOf(trx, [userId])).get(userId) ?? [];
      const next = memberships.map((m) => ({ agencyId: m.agencyId, roles: canonicalRoles(m.roles) }));
      // Only the agencies whose roles change need the actor's 'user.manage'.
      const key = (m: Membership | undefined): string => JSON.stringify(m?.roles ?? []);
      const touched = new Set([...before, ...next].map((m) => m.agencyId));
      for (const agencyId of touched) {
        const was = before.find((m) => m.agencyId === agencyId);
        const will = next.find((m) => m.agencyId === agencyId);
        const path = await pathOf(agencyId, trx);
        if (will && path.length === 0) {
          throw invalid('单位不存在', { [`memberships.${next.indexOf(will)}.agencyId`]: '单位不存在' });
        }
        if (key(was) !== key(will)) assertCan(actor, 'user.manage', path);
      }
      await trx.deleteFrom('memberships').where('user_id', '=', userId).execute();
      if (next.length > 0) {
        await trx
          .insertInto('memberships')
          .values(
            next.map((m, position) => ({
              user_id: userId,
              agency_id: m.agencyId,
              roles: JSON.stringify(m.roles),
              position,
            })),
          )
          .execute();
      }
      await audit.record(trx, {
        actor,
        agencyId: homeAgency(next) ?? homeAgency(before),
        entityType: 'user',
        entityId: userId,
        action: 'user.memberships_set',
        before: { memberships: before },
        after: { memberships: next },
      });
    },

    async resetPassword(actor, userId, newPassword) {
      const user = await userRow(k, userId);
      assertPasswordPolicy(newPassword, user.username, 'newPassword');
      const memberships = (await membershipsOf(k, [userId])).get(userId) ?? [];
      await assertManages(k, actor, memberships);
      const passwordHash = await hashPassword(newPassword);
      const now = clock.now().toISOString();
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            password_hash: passwordHash,
            password_changed_at: now,
            must_change_password: 1,
            failed_logins: 0,
            locked_until: null,
            updated_at: now,
          })
          .where('id', '=', userId)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await audit.record(trx, {
          actor,
          agencyId: homeAgency(memberships),
          entityType: 'user',
          entityId: userId,
          action: 'user.password_reset',
          before: { lockedUntil: user.locked_until, mustChangePassword: user.must_change_password === 1 },
          after: { passwordChangedAt: now, lockedUntil: null, mustChangePassword: true, sessionsEnded: true },
        });
      });
    },

    async unlock(actor, userId) {
      return k.transaction().execute(async (trx) => {
        const user = await userRow(trx, userId);
        const memberships = (await membershipsOf(trx, [userId])).get(userId) ?? [];
        await assertManages(trx, actor, memberships);
        const now = clock.now().toISOString();
        await trx
          .updateTable('users')
          .set({ failed_logins: 0, locked_until: null, updated_at: now })
          .where('id', '=', userId)
          .execute();
        await audit.record(trx, {
          actor,
          agencyId: homeAgency(memberships),
          entityType: 'user',
          entityId: userId,
          action: 'user.unlocked',
          before: { lockedUntil: user.locked_until, failedLogins: user.failed_logins },
          after: { lockedUntil: null, failedLogins: 0 },
        });
        return view({ ...user, failed_logins: 0, locked_until: null, updated_at: now }, memberships);
      });
    },

    getUser: (id) => viewOf(k, id),

    async listUsers({ agencyIds }) {
      if (agencyIds && agencyIds.length === 0) return [];
      let q = k.selectFrom('users').selectAll();
      if (agencyIds) {
        q = q.where(
          'id',
          'in',
          k.selectFrom('memberships').select('user_id').where('agency_id', 'in', agencyIds),
        );
      }
      const rows = await q.orderBy('username').execute();
      const memberships = await membershipsOf(
        k,
        rows.map((r) => r.id),
      );
      return rows.map((r) => view(r, memberships.get(r.id) ?? []));
    },

    async usersWithRole(agencyId, role) {
      const rows = await k
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.display_name', 'users.email', 'memberships.roles'])
        .where('memberships.agency_id', '=', agencyId)
        .where('users.active', '=', 1)
        .orderBy('users.username')
        .execute();
      return rows
        .filter((r) => parseRoles(r.roles).includes(role))
        .map((r) => ({ id: r.id, displayName: r.display_name, email: r.email }));
    },
  };
}
