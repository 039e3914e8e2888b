import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { permissionsOf, roleNames, scopeOf, requiresMfa, tokenPermissions, type Permission, type RoleName } from '../../../contracts/access.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../errors.js';
import { safeEqual, sha256Hex } from '../crypto.js';
import type { SessionCache } from '../auth/session-cache.js';
import { writeAudit } from '../audit.js';
import { findLiveSession, touchSession, SESSION_COOKIE, TOUCH_INTERVAL_MS, type SessionRow } from '../auth/sessions.js';
import { findLiveToken, recordTokenUse } from '../auth/tokens.js';
import type { Actor } from './actor.js';

/**
 * What a route requires, declared in its `config.access`:
 *  - 'public': anyone;
 *  - 'session': any signed-in session, even one that still has to pass or enrol a second factor or change
 *    its password (the routes that complete sign-in);
 *  - 'signed-in': a fully signed-in user or token, no particular permission;
 *  - a Permission: fully signed in and holding it.
 */
export type RouteAccess = 'public' | 'session' | 'signed-in' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionRow | null;
  }
}

/** Sessions that still owe a second factor or a password change may only finish signing in. */
export function sessionStage(s: SessionRow): 'complete' | 'mfa' | 'mfa_enrolment' | 'password_change' {
  if (s.totpEnabled && !s.mfaPassed) return 'mfa';
  if (!s.totpEnabled && requiresMfa(s.roles as RoleName[])) return 'mfa_enrolment';
  if (s.mustChangePassword) return 'password_change';
  return 'complete';
}


/** A partner system's actor: the token's permissions (those a token may hold), its organisation's province. */
export function tokenActor(token: { id: string; organisationId: string; provinceCode: string | null; permissions: readonly string[] }): Actor {
  return {
    kind: 'token',
    userId: null,
    tokenId: token.id,
    sessionId: null,
    organisationId: token.organisationId,
    provinceCode: token.provinceCode?.trim() ?? null,
    roles: ['partner_system'],
    permissions: new Set(token.permissions.filter((p): p is Permission => (tokenPermissions as readonly string[]).includes(p))),
    // A partner system sees its own province's records, or the nation's if its organisation is national.
    scope: token.provinceCode ? 'province' : 'national',
  };
}

/** A user's actor: the roles' permissions once sign-in is complete (none before), the roles' widest scope. */
export function userActor(u: {
  userId: string; sessionId?: string | null; organisationId: string; provinceCode: string | null; roles: readonly string[]; complete: boolean;
}): Actor {
  const roleList = u.roles.filter((r): r is RoleName => (roleNames as readonly string[]).includes(r));
  return {
    kind: 'user',
    userId: u.userId,
    tokenId: null,
    sessionId: u.sessionId ?? null,
    organisationId: u.organisationId,
    provinceCode: u.provinceCode,
    roles: roleList,
    permissions: new Set(u.complete ? permissionsOf(roleList) : []),
    scope: scopeOf(roleList),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const accessGuard = fp(async function accessGuard(
  app: FastifyInstance,
  opts: { database: Database; sessionCache?: SessionCache | undefined },
) {
  const { db } = opts.database;
  const cache = opts.sessionCache;
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    // Unknown routes fall through to the 404 handler.
    if (req.routeOptions.url === undefined) return;
    if (!access) throw new Error(`route ${req.routeOptions.url} declares no access rule`);

    await resolveActor(req);
    if (access === 'public') return;

    if (!req.actor) throw new AppError('NOT_SIGNED_IN');
    if (req.session && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, req.session.csrfToken)) throw new AppError('CSRF_INVALID');
    }
    if (access === 'session') return;
    if (req.session) {
      const stage = sessionStage(req.session);
      if (stage === 'mfa') throw new AppError('MFA_REQUIRED');
      if (stage === 'mfa_enrolment') throw new AppError('MFA_ENROLMENT_REQUIRED');
      if (stage === 'password_change') throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    if (access === 'signed-in') return;
    if (!req.actor.permissions.has(access)) {
      await writeAudit(db, { actor: req.actor, requestId: req.id }, {
        action: 'access.denied', outcome: 'denied', details: { permission: access, route: req.routeOptions.url },
      });
      throw new AppError('FORBIDDEN');
    }
  });

  // Recorded before the answer leaves, so a partner (or an auditor) never sees a use that is not yet on record.
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.actor?.kind === 'token' && req.actor.tokenId) {
      await recordTokenUse(db, {
        tokenId: req.actor.tokenId,
        method: req.method,
        route: req.routeOptions.url ?? 'unknown',
        statusCode: reply.statusCode,
        requestId: req.id,
        ip: req.ip ?? null,
      }).catch((err: Error) => req.log.error({ err: { type: err.name } }, 'token use not recorded'));
    }
    // A successful write may have changed a session, user, role or organisation: forget what this
    // instance cached before answering (other instances hear it from the database's NOTIFY).
    if (cache && !SAFE_METHODS.has(req.method) && reply.statusCode < 400) cache.forget('*');
    return payload;
  });

  async function resolveActor(req: FastifyRequest): Promise<void> {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const token = m ? await findLiveToken(db, m[1]!) : undefined;
      if (!token) throw new AppError('INVALID_TOKEN');
      req.actor = tokenActor(token);
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const tokenHash = sha256Hex(cookie);
    let s = cache?.get(tokenHash);
    if (!s) {
      s = await findLiveSession(db, cookie);
      if (!s) return;
      cache?.set(tokenHash, s);
    }
    req.session = s;
    req.actor = userActor({ ...s, complete: sessionStage(s) === 'complete' });
    if (Date.now() - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await touchSession(db, s.sessionId);
      s.lastSeenAt = new Date();
    }
  }
});
