import type { AuditService } from '../../core/audit/service.ts';
import { systemActor, type Actor, type Membership } from '../../core/auth/actor.ts';
import { allowedActions, can, type Action } from '../../core/auth/permissions.ts';
import type { AuthService, UserView } from '../../core/auth/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import { DomainError, forbidden, notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/validation.ts';
import { newId } from '../../core/ids.ts';
import {
  authorityPath,
  buildForest,
  createsCycle,
  defaultRegionCode,
  officeTaken,
  pathsOf,
  placementError,
  subtreeIds,
  supervisingAgencyId,
  type Agency,
  type AgencyNode,
} from './model.ts';
import {
  agencyCreateSchema,
  agencyPatchSchema,
  membershipsSchema,
  userCreateSchema,
  userPatchSchema,
  type AgencyCreateInput,
  type AgencyPatch,
  type UserCreateInput,
  type UserPatch,
} from './schemas.ts';
import * as store from './store.ts';
import type { Executor } from './store.ts';

/**
 * What other services need from the agency tree, readable before the orgs service exists: the auth
 * service is built with it, and the orgs service is built with the auth service (see services.ts).
 * A caller inside a transaction passes it as `ex`: SQLite has one connection, and a read outside
 * the open transaction would wait for it forever.
 */
export interface AgencyDirectory {
  /** Ids from the root down to the agency; throws not_found for an unknown id. */
  agencyPath(id: string, ex?: Executor): Promise<string[]>;
  /** Names of the agencies that exist among `ids`. */
  agencyNames(ids: readonly string[], ex?: Executor): Promise<Map<string, string>>;
}

export function createAgencyDirectory(db: Db): AgencyDirectory {
  return {
    async agencyPath(id, ex = db.kysely) {
      const { path, kinds, officeOf } = await store.pathWithOffices(ex, id);
      if (path.length === 0) throw notFound('未找到该单位');
      return authorityPath(
        path,
        (a) => kinds.get(a),
        (g) => officeOf.get(g) ?? null,
      );
    },
    agencyNames: (ids, ex = db.kysely) => store.namesOf(ex, ids),
  };
}

export interface AgencyDetail extends Agency {
  path: { id: string; name: string }[];
  supervisingAgency: { id: string; name: string } | null;
  /** What the actor may do here, so that the console shows only the buttons that work. */
  allowedActions: Action[];
}

export interface OrgsService extends AgencyDirectory {
  /**
   * Any agency by id (no access check: names and addresses are public, Art 20(二)); throws not_found.
   * Like every read here, pass the open transaction as `ex` when calling from inside one.
   */
  get(id: string, ex?: Executor): Promise<Agency>;
  /** The region's root agency (its people's government), or null before the region is set up. */
  root(): Promise<Agency | null>;
  /** The whole tree, for internal use (the portal, the demo); routes use `treeFor`. */
  tree(): Promise<AgencyNode[]>;
  /** The agencies the actor may view ('agency.view'), as a forest. */
  treeFor(actor: Actor): Promise<AgencyNode[]>;
  /** One agency the actor may view, with its path, its supervising agency and the actor's actions. */
  detailFor(actor: Actor, id: string): Promise<AgencyDetail>;
  create(actor: Actor, input: AgencyCreateInput): Promise<Agency>;
  update(actor: Actor, id: string, patch: AgencyPatch): Promise<Agency>;
  /** The 主管部门 of an agency (Art 3 para 2): the office of its government; null if none is recorded. */
  supervisingAgencyOf(id: string, ex?: Executor): Promise<Agency | null>;
  /** The calendar region the agency counts working days in. */
  regionCodeOf(id: string, ex?: Executor): Promise<string>;
  /**
   * The agencies whose authority path passes through any of `ids`: those agencies, all below them,
   * and for a government's office all that its government leads (decision 0006); one read of the tree.
   */
  agenciesUnder(ids: readonly string[]): Promise<string[]>;

  /** Users with a membership at or below `agencyId` (default: everywhere the actor may view users). */
  listUsers(actor: Actor, filter?: { agencyId?: string }): Promise<UserView[]>;
  getUser(actor: Actor, id: string): Promise<UserView>;
  /** Creates the account and its memberships in one transaction: both or neither. */
  createUser(actor: Actor, input: UserCreateInput): Promise<UserView>;
  updateUser(actor: Actor, id: string, patch: UserPatch): Promise<UserView>;
  /** Replaces the user's memberships; each one added, removed or changed must be in the actor's reach. */
  setMemberships(actor: Actor, id: string, memberships: Membership[]): Promise<UserView>;
  resetPassword(actor: Actor, id: string, newPassword: string): Promise<void>;
  unlock(actor: Actor, id: string): Promise<void>;
  /**
   * Registers what runs after an agency was created or changed, once its transaction has committed
   * (the portal drops the pages and the site header it keeps in memory). Users and memberships do
   * not call it: no public page shows them. Returns the function that unregisters the listener.
   */
  onChange(listener: () => void): () => void;
}

export interface OrgsDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  auth: AuthService;
}

/** Forms send '' for an empty optional field; the database keeps null. */
const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === '' ? null : v);

const fieldError = (code: string, status: number, field: string, message: string): DomainError =>
  new DomainError(code, message, status, { [field]: message });

/** Work the system does itself (start-up seeding, scripts) is not limited by a membership. */
const isSystem = (actor: Actor): boolean => actor === systemActor;

interface Scope {
  agencies: Agency[];
  paths: Map<string, string[]>;
  root: Agency | null;
  /** The agencies in which the actor may do the action. */
  allowed: Set<string>;
}

export function createOrgsService({ db, clock, audit, auth }: OrgsDeps): OrgsService {
  const directory = createAgencyDirectory(db);
  const k = db.kysely;
  const listeners = new Set<() => void>();
  /** After a committed change to an agency: tells the listeners; one failing does not stop the others. */
  const changed = <T>(result: T): T => {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the change is committed already.
      }
    }
    return result;
  };

  /** The (small) tree, loaded once, and every agency's authority path computed from it. */
  async function authorities() {
    const agencies = await store.listAgencies(k);
    const paths = pathsOf(agencies);
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const officeOf = (governmentId: string): string | null =>
      agencies.find((a) => a.parentId === governmentId && a.kind === 'office' && a.active)?.id ?? null;
    const authority = (id: string): string[] =>
      authorityPath(paths.get(id) ?? [], (a) => byId.get(a)?.kind, officeOf);
    return { agencies, paths, authority };
  }

  /** Decides the action for every agency in the tree. */
  async function scope(actor: Actor, action: Action): Promise<Scope> {
    const { agencies, paths, authority } = await authorities();
    const allowed = new Set(
      agencies.filter((a) => isSystem(actor) || can(actor, action, authority(a.id))).map((a) => a.id),
    );
    return {
      agencies,
      paths,
      root: agencies.find((a) => a.parentId === null) ?? null,
      allowed,
    };
  }

  const allows = (actor: Actor, action: Action, path: readonly string[]): boolean =>
    isSystem(actor) || can(actor, action, path);

  /**
   * The agency if the actor may view it; otherwise not_found, which does not reveal that it exists.
   * Reads go through `ex`, the transaction when there is one: SQLite has a single connection.
   */
  async function visibleAgency(
    ex: Executor,
    actor: Actor,
    id: string,
  ): Promise<{ agency: Agency; path: string[] }> {
    const agency = await store.findAgency(ex, id);
    if (!agency) throw notFound('未找到该单位，或您无权查看');
    const path = await store.pathIds(ex, id);
    if (!allows(actor, 'agency.view', await directory.agencyPath(id, ex))) {
      throw notFound('未找到该单位，或您无权查看');
    }
    return { agency, path };
  }

  async function parentFor(
    ex: Executor,
    actor: Actor,
    parentId: string,
  ): Promise<{ parent: Agency; path: string[] }> {
    const agency = await store.findAgency(ex, parentId);
    const path = agency ? await store.pathIds(ex, parentId) : [];
    const authority = agency ? await directory.agencyPath(parentId, ex) : [];
    if (!agency || !allows(actor, 'agency.view', authority)) {
      throw fieldError('not_found', 404, 'parentId', '未找到上级单位，或您无权查看');
    }
    if (!allows(actor, 'agency.manage', authority)) throw forbidden('您无权在该单位下设置单位');
    if (!agency.active) {
      throw fieldError('invalid_input', 400, 'parentId', '上级单位已撤销，不能在其下设置单位');
    }
    return { parent: agency, path };
  }

  /** Rules every stored agency obeys, checked against its (new) parent and siblings. */
  async function checkPlacement(
    ex: Executor,
    next: Agency,
    parent: Agency | null,
    current: Agency | null,
  ): Promise<void> {
    const placement = placementError(next.kind, parent?.kind ?? null);
    if (placement) throw fieldError('invalid_input', 400, 'kind', placement);
    if (parent) {
      const siblings = (await store.childrenOf(ex, parent.id)).filter((s) => s.id !== next.id);
      if (next.active && officeTaken(next.kind, siblings)) {
        throw fieldError('office_taken', 409, 'kind', `${parent.name}已有政府办公室，一级政府只设一个办公室`);
      }
      if (siblings.some((s) => s.name === next.name)) {
        throw fieldError('name_taken', 409, 'name', `${parent.name}下已有名为“${next.name}”的单位`);
      }
    }
    if (next.uscc && next.uscc !== current?.uscc) {
      const holder = await store.findByUscc(ex, next.uscc);
      if (holder && holder.id !== next.id) {
        throw fieldError('uscc_taken', 409, 'uscc', `统一社会信用代码已被“${holder.name}”使用`);
      }
    }
  }

  /** A user belongs to the agencies of their memberships; an account without any belongs to the root. */
  function userAgencies(user: UserView, root: Agency | null): string[] {
    if (user.memberships.length > 0) return user.memberships.map((m) => m.agencyId);
    return root ? [root.id] : [];
  }

  /**
   * The user if the actor may view them ('user.view' over one of their agencies); otherwise
   * not_found. Whether the actor may change them is decided by the auth service, which checks
   * 'user.manage' over every agency involved.
   */
  async function visibleUser(actor: Actor, id: string): Promise<UserView> {
    const hidden = notFound('未找到该用户，或您无权查看');
    const view = await scope(actor, 'user.view');
    const user = await auth.getUser(id).catch((e: unknown) => {
      throw e instanceof DomainError && e.status === 404 ? hidden : e;
    });
    if (!userAgencies(user, view.root).some((a) => view.allowed.has(a))) throw hidden;
    return user;
  }

  async function get(id: string, ex: Executor = k): Promise<Agency> {
    const agency = await store.findAgency(ex, id);
    if (!agency) throw notFound('未找到该单位');
    return agency;
  }

  async function supervisingAgencyOf(id: string, ex: Executor = k): Promise<Agency | null> {
    const path = await store.pathIds(ex, id);
    if (path.length === 0) throw notFound('未找到该单位');
    const agencies = await store.listAgencies(ex);
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const chain = path
      .slice()
      .reverse()
      .map((p) => byId.get(p))
      .filter((a): a is Agency => a !== undefined);
    const officeOf = (governmentId: string): string | null =>
      agencies.find((a) => a.parentId === governmentId && a.kind === 'office' && a.active)?.id ?? null;
    const officeId = supervisingAgencyId(chain, officeOf);
    return officeId ? (byId.get(officeId) ?? null) : null;
  }

  return {
    ...directory,

    get,

    root: () => store.findRoot(k),

    async tree() {
      return buildForest(await store.listAgencies(k));
    },

    async treeFor(actor) {
      const view = await scope(actor, 'agency.view');
      if (view.allowed.size === 0 && view.agencies.length > 0) throw forbidden('您无权查看单位信息');
      return buildForest(view.agencies.filter((a) => view.allowed.has(a.id)));
    },

    async detailFor(actor, id) {
      const { agency, path } = await visibleAgency(k, actor, id);
      const [names, supervising] = await Promise.all([store.namesOf(k, path), supervisingAgencyOf(id)]);
      return {
        ...agency,
        path: path.map((p) => ({ id: p, name: names.get(p) ?? '' })),
        supervisingAgency: supervising ? { id: supervising.id, name: supervising.name } : null,
        allowedActions: allowedActions(actor, await directory.agencyPath(id)),
      };
    },

    async create(actor, rawInput) {
      const input = parseInput(agencyCreateSchema, rawInput);
      const created = await k.transaction().execute(async (trx) => {
        let parent: Agency | null = null;
        if (input.parentId) {
          parent = (await parentFor(trx, actor, input.parentId)).parent;
        } else {
          const root = await store.findRoot(trx);
          if (root) {
            throw fieldError('root_exists', 409, 'parentId', `已有最上级单位“${root.name}”，请选择上级单位`);
          }
          if (!isSystem(actor)) throw forbidden('只有系统初始化时才能设置最上级单位');
        }
        const divisionCode = blankToNull(input.divisionCode) ?? parent?.divisionCode ?? null;
        const regionCode =
          blankToNull(input.regionCode) ?? defaultRegionCode(divisionCode, parent?.regionCode ?? null);
        if (!regionCode) {
          throw fieldError('invalid_input', 400, 'divisionCode', '最上级单位须填写行政区划代码');
        }
        const now = clock.now().toISOString();
        const agency: Agency = {
          id: newId(),
          parentId: parent?.id ?? null,
          name: input.name,
          shortName: blankToNull(input.shortName),
          kind: input.kind,
          uscc: blankToNull(input.uscc),
          divisionCode,
          regionCode,
          address: blankToNull(input.address),
          phone: blankToNull(input.phone),
          sortOrder: input.sortOrder ?? 0,
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        await checkPlacement(trx, agency, parent, null);
        await store.insertAgency(trx, agency);
        await audit.record(trx, {
          actor,
          agencyId: agency.id,
          entityType: 'agency',
          entityId: agency.id,
          action: 'agency.created',
          after: agency,
        });
        return agency;
      });
      return changed(created);
    },

    async update(actor, id, rawPatch) {
      const patch = parseInput(agencyPatchSchema, rawPatch);
      const updated = await k.transaction().execute(async (trx) => {
        const { agency: current, path } = await visibleAgency(trx, actor, id);
        if (!allows(actor, 'agency.manage', path)) throw forbidden('您无权修改该单位');

        const next: Agency = { ...current };
        if (patch.name !== undefined) next.name = patch.name;
        if (patch.shortName !== undefined) next.shortName = blankToNull(patch.shortName);
        if (patch.kind !== undefined) next.kind = patch.kind;
        if (patch.uscc !== undefined) next.uscc = blankToNull(patch.uscc);
        if (patch.divisionCode !== undefined) next.divisionCode = blankToNull(patch.divisionCode);
        if (patch.address !== undefined) next.address = blankToNull(patch.address);
        if (patch.phone !== undefined) next.phone = blankToNull(patch.phone);
        if (patch.sortOrder !== undefined) next.sortOrder = patch.sortOrder;
        if (patch.active !== undefined) next.active = patch.active;
        if (patch.parentId !== undefined) next.parentId = patch.parentId;

        let parent: Agency | null = null;
        if (next.parentId !== current.parentId) {
          if (next.parentId === null) {
            throw fieldError('root_exists', 409, 'parentId', '一个地区只有一个最上级单位');
          }
          const target = await parentFor(trx, actor, next.parentId);
          // A tree has no loops: the new parent may not be the agency or one of its descendants.
          if (createsCycle(id, target.path)) {
            throw fieldError('invalid_input', 400, 'parentId', '不能把单位移到它自己或它的下级单位之下');
          }
          parent = target.parent;
        } else if (next.parentId) {
          parent = await store.findAgency(trx, next.parentId);
        }

        if (patch.regionCode !== undefined) {
          const given = blankToNull(patch.regionCode);
          const fallback = defaultRegionCode(next.divisionCode, parent?.regionCode ?? null);
          next.regionCode = given ?? fallback ?? current.regionCode;
        }

        const children = await store.childrenOf(trx, id);
        if (next.kind !== current.kind) {
          for (const child of children.filter((c) => c.active)) {
            const problem = placementError(child.kind, next.kind);
            if (problem) {
              throw fieldError(
                'invalid_input',
                400,
                'kind',
                `不能改变单位类型，否则下级单位“${child.name}”的设置不合规定：${problem}`,
              );
            }
          }
        }
        if (!next.active && current.active) {
          if (!parent) throw fieldError('invalid_input', 400, 'active', '最上级单位不能撤销');
          if (children.some((c) => c.active)) {
            throw fieldError('invalid_input', 400, 'active', '该单位还有下级单位，请先撤销或移走下级单位');
          }
        }
        if (next.active && parent && !parent.active) {
          throw fieldError('invalid_input', 400, 'active', '上级单位已撤销，不能恢复该单位');
        }
        await checkPlacement(trx, next, parent, current);

        const changed = (Object.keys(next) as (keyof Agency)[]).some((key) => next[key] !== current[key]);
        if (!changed) return current;
        next.updatedAt = clock.now().toISOString();
        await store.updateAgency(trx, next);
        await audit.record(trx, {
          actor,
          agencyId: id,
          entityType: 'agency',
          entityId: id,
          action: 'agency.updated',
          before: current,
          after: next,
        });
        return next;
      });
      return changed(updated);
    },

    supervisingAgencyOf,

    async agenciesUnder(ids) {
      if (ids.length === 0) return [];
      const { agencies, authority } = await authorities();
      return agencies.filter((a) => authority(a.id).some((p) => ids.includes(p))).map((a) => a.id);
    },

    async regionCodeOf(id, ex) {
      return (await get(id, ex)).regionCode;
    },

    async listUsers(actor, filter = {}) {
      const view = await scope(actor, 'user.view');
      if (view.allowed.size === 0) throw forbidden('您无权查看用户');
      if (filter.agencyId) {
        if (!view.allowed.has(filter.agencyId)) throw notFound('未找到该单位，或您无权查看');
        return auth.listUsers({ agencyIds: subtreeIds(filter.agencyId, view.paths) });
      }
      // Whoever may view users at the root sees every account, including those without a membership.
      if (view.root && view.allowed.has(view.root.id)) return auth.listUsers({});
      return auth.listUsers({ agencyIds: [...view.allowed] });
    },

    getUser: visibleUser,

    async createUser(actor, rawInput) {
      const input = parseInput(userCreateSchema, rawInput);
      // One transaction: if the memberships are refused, the account is not created either.
      const id = await k.transaction().execute(async (trx) => {
        const user = await auth.createUser(trx, actor, {
          username: input.username,
          displayName: input.displayName,
          password: input.password,
          email: blankToNull(input.email),
          phone: blankToNull(input.phone),
        });
        await auth.setMemberships(trx, actor, user.id, input.memberships);
        return user.id;
      });
      return auth.getUser(id);
    },

    async updateUser(actor, id, rawPatch) {
      const patch = parseInput(userPatchSchema, rawPatch);
      await visibleUser(actor, id);
      return auth.updateUser(actor, id, {
        ...patch,
        ...(patch.email !== undefined ? { email: blankToNull(patch.email) } : {}),
        ...(patch.phone !== undefined ? { phone: blankToNull(patch.phone) } : {}),
      });
    },

    async setMemberships(actor, id, rawMemberships) {
      const memberships = parseInput(membershipsSchema, rawMemberships);
      await visibleUser(actor, id);
      await k.transaction().execute((trx) => auth.setMemberships(trx, actor, id, memberships));
      return auth.getUser(id);
    },

    async resetPassword(actor, id, newPassword) {
      await visibleUser(actor, id);
      await auth.resetPassword(actor, id, newPassword);
    },

    async unlock(actor, id) {
      await visibleUser(actor, id);
      await auth.unlock(actor, id);
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
