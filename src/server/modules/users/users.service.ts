import { z } from 'zod';
import { roles as roleDefs, type RoleName } from '../../../contracts/access.js';
import type { PasswordReset, User, UserCreate, UserQuery, UserUpdate } from '../../../contracts/admin.js';
import type { AppDeps } from '../../deps.js';
import { organisations, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { scopeCondition } from '../../platform/access/scope.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { assertStrongPassword, hashPassword } from '../../platform/auth/password.js';
import { revokeAllSessions } from '../../platform/auth/sessions.js';
import { findOrganisation } from '../organisations/organisations.repository.js';
import * as repo from './users.repository.js';

function toUser(r: repo.UserRow): User {
  return {
    id: r.id,
    organisationId: r.organisationId,
    username: r.username,
    displayName: r.displayName,
    email: r.email,
    roles: r.roles as RoleName[],
    active: r.active,
    mfaEnabled: r.totpEnabledAt !== null,
    mustChangePassword: r.mustChangePassword,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

const userScope = (actor: Actor) =>
  scopeCondition(actor, { organisationId: users.organisationId, provinceCode: organisations.provinceCode });

export function createUserService({ database }: AppDeps) {
  const db = database.db;

  /** National roles only in national organisations (no province): a provincial account must not see the nation. */
  async function checkRolesFit(organisationId: string, roleList: RoleName[]) {
    const org = await findOrganisation(db, organisationId);
    if (!org) throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'organisationId', message: 'unknown organisation' }]);
    if (roleList.some((r) => roleDefs[r].national) && org.provinceCode) {
      throw new AppError('ROLE_NOT_ALLOWED', [{ path: 'roles', message: 'national role in a provincial organisation' }]);
    }
    // An account's scope is its widest role's and its permissions are all its roles': a national role
    // beside a casework role would read identities nationwide, which no single role may.
    if (roleList.some((r) => roleDefs[r].national) && roleList.some((r) => !roleDefs[r].national)) {
      throw new AppError('ROLE_COMBINATION_NOT_ALLOWED', [{ path: 'roles', message: 'national and non-national roles together' }]);
    }
  }

  async function getInScope(actor: Actor, id: string) {
    const row = await repo.findUser(db, id, userScope(actor));
    if (!row) throw new AppError('USER_NOT_FOUND');
    return row;
  }

  return {
    async list(actor: Actor, q: z.infer<typeof UserQuery>) {
      const rows = await repo.listUsers(db, { q: q.q, organisationId: q.organisationId, after: decodeCursor(q.cursor), limit: q.limit }, userScope(actor));
      const page = pageOf(rows, q.limit, (r) => [r.username.toLowerCase(), r.id]);
      return { items: page.items.map(toUser), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string) {
      return toUser(await getInScope(actor, id));
    },

    async create(input: z.infer<typeof UserCreate>, ctx: AuditContext) {
      const roleList = [...new Set(input.roles)];
      await checkRolesFit(input.organisationId, roleList);
      assertStrongPassword(input.password, input.username);
      if (await repo.usernameTaken(db, input.username)) throw new AppError('USERNAME_TAKEN', [{ path: 'username', message: 'taken' }]);
      const passwordHash = await hashPassword(input.password);
      const id = await db.transaction(async (trx) => {
        const newId = await repo.insertUser(trx, {
          organisationId: input.organisationId,
          username: input.username,
          displayName: input.displayName,
          email: input.email ?? null,
          passwordHash,
          // An administrator chose this password: the user must replace it at first sign-in.
          mustChangePassword: true,
        }, roleList);
        await writeAudit(trx, ctx, { action: 'user.created', targetType: 'user', targetId: newId, details: { roles: roleList } });
        return newId;
      });
      return toUser((await repo.findUser(db, id))!);
    },

    async update(actor: Actor, id: string, input: z.infer<typeof UserUpdate>, ctx: AuditContext) {
      const current = await getInScope(actor, id);
      const { version, roles: newRoles, ...changes } = input;
      const roleList = newRoles ? [...new Set(newRoles)] : undefined;
      if (id === actor.userId && changes.active === false) throw new AppError('CANNOT_DISABLE_SELF');
      // Roles are given by another administrator: nobody widens (or narrows) their own access.
      if (id === actor.userId && roleList && (roleList.length !== current.roles.length || roleList.some((r) => !current.roles.includes(r)))) {
        throw new AppError('CANNOT_CHANGE_OWN_ROLES');
      }
      if (roleList) await checkRolesFit(current.organisationId, roleList);
      await db.transaction(async (trx) => {
        if (!(await repo.updateUser(trx, id, version, changes))) throw new AppError('STALE_VERSION');
        if (roleList) await repo.replaceRoles(trx, id, roleList);
        if (changes.active === false) await revokeAllSessions(trx, id);
        await writeAudit(trx, ctx, {
          action: 'user.updated', targetType: 'user', targetId: id,
          details: { fields: Object.keys(changes), ...(roleList ? { roles: roleList } : {}) },
        });
      });
      return toUser((await repo.findUser(db, id))!);
    },

    async resetPassword(actor: Actor, id: string, input: z.infer<typeof PasswordReset>, ctx: AuditContext) {
      const current = await getInScope(actor, id);
      assertStrongPassword(input.newPassword, current.username);
      const passwordHash = await hashPassword(input.newPassword);
      await db.transaction(async (trx) => {
        await repo.updateUser(trx, id, current.version, { passwordHash, mustChangePassword: true });
        await revokeAllSessions(trx, id);
        await writeAudit(trx, ctx, { action: 'user.password_reset', targetType: 'user', targetId: id });
      });
    },

    async resetMfa(actor: Actor, id: string, ctx: AuditContext) {
      const current = await getInScope(actor, id);
      await db.transaction(async (trx) => {
        await repo.updateUser(trx, id, current.version, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null });
        await revokeAllSessions(trx, id);
        await writeAudit(trx, ctx, { action: 'user.mfa_reset', targetType: 'user', targetId: id });
      });
    },
  };
}
