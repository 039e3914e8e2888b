import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChangePasswordRequest, CsrfResponse, LoginRequest, LoginResponse, Me, MfaEnrolConfirm, MfaEnrolStart, MfaRequest,
  SessionList,
} from '../../../contracts/auth.js';
import { Ok } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../platform/errors.js';
import { actorOf, auditContext, requestMeta } from '../../platform/context.js';
import { sessionStage } from '../../platform/access/guard.js';
import { ABSOLUTE_TIMEOUT_MS, SESSION_COOKIE, type SessionRow } from '../../platform/auth/sessions.js';
import { createAuthService } from './auth.service.js';

function sessionOf(req: FastifyRequest): SessionRow {
  if (!req.session) throw new AppError('NOT_SIGNED_IN');
  return req.session;
}

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const auth = createAuthService(deps);
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.secureCookies,
    path: '/',
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
  };
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });
  const stateOf = (s: SessionRow, csrfToken: string) => {
    const stage = sessionStage(s);
    return {
      mfaRequired: stage === 'mfa',
      mfaEnrolmentRequired: stage === 'mfa_enrolment',
      passwordChangeRequired: s.mustChangePassword,
      csrfToken,
    };
  };
  const tags = ['auth'];

  app.get('/auth/csrf', {
    config: { access: 'session' },
    schema: { tags, summary: 'CSRF token for cookie-authenticated writes (header X-CSRF-Token)', response: { 200: CsrfResponse } },
  }, async (req) => ({ csrfToken: sessionOf(req).csrfToken }));

  app.post('/auth/login', {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign in with username and password', body: LoginRequest, response: { 200: LoginResponse } },
  }, async (req, reply) => {
    const r = await auth.login(req.body.username, req.body.password, requestMeta(req), req.id);
    void reply.setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions);
    return {
      mfaRequired: r.mfaRequired,
      mfaEnrolmentRequired: r.mfaEnrolmentRequired,
      passwordChangeRequired: r.passwordChangeRequired,
      csrfToken: r.csrfToken,
    };
  });

  app.post('/auth/mfa', {
    config: { access: 'session' },
    schema: { tags, summary: 'Second factor: the 6-digit TOTP code', body: MfaRequest, response: { 200: LoginResponse } },
  }, async (req) => {
    const s = sessionOf(req);
    await auth.verifyMfa(s, req.body.code, requestMeta(req), auditContext(req));
    return stateOf({ ...s, mfaPassed: true }, s.csrfToken);
  });

  app.post('/auth/mfa/enrol', {
    config: { access: 'session' },
    schema: { tags, summary: 'Start enrolling an authenticator app (QR code)', response: { 200: MfaEnrolStart } },
  }, async (req) => {
    const s = sessionOf(req);
    if (sessionStage(s) === 'mfa') throw new AppError('MFA_REQUIRED');
    return auth.startEnrolment(s.userId);
  });

  app.post('/auth/mfa/enrol/confirm', {
    config: { access: 'session' },
    schema: { tags, summary: 'Confirm enrolment with a code from the app', body: MfaEnrolConfirm, response: { 200: LoginResponse } },
  }, async (req) => {
    const s = sessionOf(req);
    await auth.confirmEnrolment(s, req.body.code, auditContext(req));
    return stateOf({ ...s, mfaPassed: true, totpEnabled: true }, s.csrfToken);
  });

  app.post('/auth/password', {
    config: { access: 'session' },
    schema: { tags, summary: 'Change own password', body: ChangePasswordRequest, response: { 200: Ok } },
  }, async (req) => {
    const s = sessionOf(req);
    if (sessionStage(s) === 'mfa') throw new AppError('MFA_REQUIRED');
    await auth.changePassword(s, req.body.currentPassword, req.body.newPassword, auditContext(req));
    return { ok: true as const };
  });

  app.post('/auth/logout', {
    config: { access: 'session' },
    schema: { tags, summary: 'Sign out this session', response: { 200: Ok } },
  }, async (req, reply) => {
    await auth.logout(sessionOf(req), auditContext(req));
    clearCookie(reply);
    return { ok: true as const };
  });

  app.post('/auth/logout-all', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'Sign out everywhere (all own sessions)', response: { 200: Ok } },
  }, async (req, reply) => {
    await auth.logoutAll(sessionOf(req).userId, auditContext(req));
    clearCookie(reply);
    return { ok: true as const };
  });

  app.get('/me', {
    config: { access: 'session' },
    schema: { tags: ['me'], summary: 'The signed-in user, organisation, roles and permissions', response: { 200: Me } },
  }, async (req) => auth.me(actorOf(req), req.session));

  // Only the staff intake (report.create) keeps anything in browser storage; a partner token has no browser.
  app.get('/me/storage-key', {
    config: { access: 'report.create' },
    schema: {
      tags: ['me'],
      summary: 'Own key for the web app\'s encrypted browser storage (offline report draft and outbox)',
      response: { 200: z.object({ key: z.string().describe('32 bytes, base64 (AES-256-GCM)') }) },
    },
  }, async (req, reply) => {
    if (!req.session) throw new AppError('FORBIDDEN');
    reply.header('cache-control', 'no-store');
    return { key: deps.cipher.browserStorageKey(req.session.userId).toString('base64') };
  });

  app.get('/me/sessions', {
    config: { access: 'signed-in' },
    schema: { tags: ['me'], summary: 'Own active sessions', response: { 200: SessionList } },
  }, async (req) => ({ items: await auth.sessionsOf(sessionOf(req)) }));

  app.delete('/me/sessions/:id', {
    config: { access: 'signed-in' },
    schema: { tags: ['me'], summary: 'Revoke one of own sessions', params: z.object({ id: z.uuid() }), response: { 200: Ok } },
  }, async (req) => {
    await auth.revokeOwnSession(sessionOf(req), req.params.id, auditContext(req));
    return { ok: true as const };
  });
};
