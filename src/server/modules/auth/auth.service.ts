import { requiresMfa, permissionsOf, scopeOf, type RoleName } from '../../../contracts/access.js';
import type { Me } from '../../../contracts/auth.js';
import type { AppDeps } from '../../deps.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/access/actor.js';
import type { RequestMeta } from '../../platform/context.js';
import { sessionStage } from '../../platform/access/guard.js';
import { decoyHash, verifyPassword, hashPassword, assertStrongPassword } from '../../platform/auth/password.js';
import { clearAccountFailures, isLocked, recordFailure, throttleKeys, LOCK_MINUTES } from '../../platform/auth/throttle.js';
import {
  createSession, markMfaPassed, revokeAllSessions, revokeSession, listLiveSessions, type SessionRow,
} from '../../platform/auth/sessions.js';
import { checkTotp, enrolmentPayload, newTotpSecret } from '../../platform/auth/totp.js';
import * as repo from './auth.repository.js';

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  mfaRequired: boolean;
  mfaEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
}

const lockedError = () => new AppError('LOGIN_LOCKED', undefined, { 'retry-after': String(LOCK_MINUTES * 60) });

export function createAuthService({ database, cipher }: AppDeps) {
  const db = database.db;

  async function login(username: string, password: string, meta: RequestMeta, requestId: string): Promise<LoginResult> {
    const keys = throttleKeys(username, meta.ip);
    const anon: AuditContext = { actor: null, requestId };
    if (await isLocked(db, keys)) {
      await writeAudit(db, anon, { action: 'auth.login_locked', outcome: 'denied' });
      throw lockedError();
    }
    const user = await repo.findUserForLogin(db, username);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (!user || !ok || !user.active || !user.orgActive) {
      const locked = await db.transaction(async (trx) => {
        const nowLocked = await recordFailure(trx, keys);
        // The target is the account's id when it exists; the typed name itself is never stored.
        await writeAudit(trx, anon, {
          action: 'auth.login_failed', outcome: 'failure', targetType: user ? 'user' : undefined, targetId: user?.id,
          details: { locked: nowLocked },
        });
        return nowLocked;
      });
      throw locked ? lockedError() : new AppError('INVALID_CREDENTIALS');
    }
    const roles = (await repo.rolesOf(db, user.id)) as RoleName[];
    const totpEnabled = user.totpEnabledAt !== null;
    return db.transaction(async (trx) => {
      // With a second factor, the password is only half the sign-in: wrong codes count on the same account key, so
      // clearing it here would let "4 wrong codes, sign in again" go on forever. verifyMfa clears it instead.
      if (!totpEnabled) await clearAccountFailures(trx, username);
      const s = await createSession(trx, user.id, false, meta);
      await writeAudit(trx, { actor: { userId: user.id, tokenId: null, organisationId: user.organisationId }, requestId }, {
        action: 'auth.login', targetType: 'session', targetId: s.id, details: { mfaPending: totpEnabled },
      });
      return {
        sessionToken: s.token,
        csrfToken: s.csrfToken,
        mfaRequired: totpEnabled,
        mfaEnrolmentRequired: !totpEnabled && requiresMfa(roles),
        passwordChangeRequired: user.mustChangePassword,
      };
    });
  }

  async function verifyMfa(session: SessionRow, code: string, meta: RequestMeta, ctx: AuditContext): Promise<void> {
    const u = await repo.getUserSecrets(db, session.userId);
    if (!u?.totpSecretEnc || !u.totpEnabledAt) throw new AppError('MFA_ENROLMENT_REQUIRED');
    if (session.mfaPassed) return;
    const keys = throttleKeys(u.username, meta.ip);
    if (await isLocked(db, keys)) throw lockedError();
    const step = checkTotp(cipher.decrypt(u.totpSecretEnc), code, u.totpLastStep);
    if (step === null) {
      const locked = await db.transaction(async (trx) => {
        const nowLocked = await recordFailure(trx, keys);
        if (nowLocked) await revokeSession(trx, session.sessionId);
        await writeAudit(trx, ctx, { action: 'auth.mfa_failed', outcome: 'failure', targetType: 'user', targetId: u.id });
        return nowLocked;
      });
      throw locked ? lockedError() : new AppError('MFA_INVALID');
    }
    await db.transaction(async (trx) => {
      await repo.setTotp(trx, u.id, { totpLastStep: step });
      await markMfaPassed(trx, session.sessionId);
      await clearAccountFailures(trx, u.username);
      await writeAudit(trx, ctx, { action: 'auth.mfa', targetType: 'session', targetId: session.sessionId });
    });
  }

  async function startEnrolment(userId: string) {
    const u = await repo.getUserSecrets(db, userId);
    if (!u) throw new AppError('USER_NOT_FOUND');
    if (u.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
    const secret = newTotpSecret();
    await repo.setTotp(db, userId, { totpSecretEnc: cipher.encrypt(secret), totpEnabledAt: null, totpLastStep: null });
    return enrolmentPayload(secret, u.username);
  }

  async function confirmEnrolment(session: SessionRow, code: string, ctx: AuditContext): Promise<void> {
    const u = await repo.getUserSecrets(db, session.userId);
    if (!u?.totpSecretEnc) throw new AppError('MFA_INVALID');
    if (u.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
    const step = checkTotp(cipher.decrypt(u.totpSecretEnc), code, null);
    if (step === null) throw new AppError('MFA_INVALID');
    await db.transaction(async (trx) => {
      await repo.setTotp(trx, u.id, { totpEnabledAt: new Date(), totpLastStep: step });
      await markMfaPassed(trx, session.sessionId);
      await writeAudit(trx, ctx, { action: 'auth.mfa_enrolled', targetType: 'user', targetId: u.id });
    });
  }

  /**
   * A wrong current password counts like a failed sign-in (account and, when given, address keys): otherwise a stolen
   * session is an unthrottled password oracle. Reaching the lock ends the session, as wrong second-factor codes do.
   */
  async function changePassword(session: SessionRow, current: string, next: string, ctx: AuditContext) {
    const u = await repo.getUserSecrets(db, session.userId);
    if (!u) throw new AppError('USER_NOT_FOUND');
    // The account only: the session already proves who this is, and an office's shared address should not
    // lock everyone behind it for one person's typing.
    const keys = throttleKeys(u.username, null);
    if (await isLocked(db, keys)) throw lockedError();
    if (!(await verifyPassword(u.passwordHash, current))) {
      const locked = await db.transaction(async (trx) => {
        const nowLocked = await recordFailure(trx, keys);
        if (nowLocked) await revokeSession(trx, session.sessionId);
        await writeAudit(trx, ctx, {
          action: 'auth.password_change_failed', outcome: 'failure', targetType: 'user', targetId: u.id, details: { locked: nowLocked },
        });
        return nowLocked;
      });
      throw locked ? lockedError() : new AppError('WRONG_PASSWORD', [{ path: 'currentPassword', message: 'wrong' }]);
    }
    if (current === next) throw new AppError('PASSWORD_REUSED', [{ path: 'newPassword', message: 'same as current' }]);
    assertStrongPassword(next, u.username);
    const hash = await hashPassword(next);
    await db.transaction(async (trx) => {
      await repo.setPassword(trx, u.id, hash, false);
      // Other sessions may belong to whoever knew the old password.
      const sessions = await listLiveSessions(trx, u.id);
      for (const s of sessions) if (s.id !== session.sessionId) await revokeSession(trx, s.id);
      await writeAudit(trx, ctx, { action: 'auth.password_changed', targetType: 'user', targetId: u.id });
    });
  }

  async function logout(session: SessionRow, ctx: AuditContext) {
    await db.transaction(async (trx) => {
      await revokeSession(trx, session.sessionId);
      await writeAudit(trx, ctx, { action: 'auth.logout', targetType: 'session', targetId: session.sessionId });
    });
  }

  async function logoutAll(userId: string, ctx: AuditContext) {
    await db.transaction(async (trx) => {
      const n = await revokeAllSessions(trx, userId);
      await writeAudit(trx, ctx, { action: 'auth.logout_all', targetType: 'user', targetId: userId, details: { sessions: n } });
    });
  }

  /** Built from the session the guard looked up: no second query. */
  function me(actor: Actor, session: SessionRow | null): Me {
    if (actor.kind === 'token' || !session) throw new AppError('FORBIDDEN');
    const roles = actor.roles;
    return {
      user: {
        id: session.userId, username: session.username, displayName: session.displayName, email: session.email,
        mfaEnabled: session.totpEnabled, mustChangePassword: session.mustChangePassword,
      },
      organisation: {
        id: session.organisationId, nameTh: session.organisationNameTh, nameEn: session.organisationNameEn,
        provinceCode: session.provinceCode,
      },
      roles,
      permissions: sessionStage(session) === 'complete' ? permissionsOf(roles) : [],
      scope: scopeOf(roles),
      mfaRequired: requiresMfa(roles),
      signInStage: sessionStage(session),
      authenticatedBy: 'session',
    };
  }

  async function sessionsOf(session: SessionRow) {
    const rows = await listLiveSessions(db, session.userId);
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      current: s.id === session.sessionId,
    }));
  }

  async function revokeOwnSession(session: SessionRow, sessionId: string, ctx: AuditContext) {
    await db.transaction(async (trx) => {
      if (!(await revokeSession(trx, sessionId, session.userId))) throw new AppError('SESSION_NOT_FOUND');
      await writeAudit(trx, ctx, { action: 'session.revoked', targetType: 'session', targetId: sessionId });
    });
  }

  return { login, verifyMfa, startEnrolment, confirmEnrolment, changePassword, logout, logoutAll, me, sessionsOf, revokeOwnSession };
}
