import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { createTestContext, testPassword, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { hashPassword } from '../../platform/auth/password.js';

const API = '/api/v1';
let ipSeq = 0;
/** A fresh client address per scenario, so the per-address throttle of one test never spills into another. */
const freshIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

/** Waits out the last seconds of a 30-second TOTP step, so a code's step cannot roll over mid-test. */
async function awayFromStepBoundary(): Promise<void> {
  const into = (Date.now() / 1000) % 30;
  if (into > 26) await new Promise((r) => setTimeout(r, (30 - into) * 1000 + 200));
}

function err(res: LightMyRequestResponse) {
  return (res.json() as { error: { code: string; message: string; messageTh: string; fields?: { path: string; message: string }[] } }).error;
}

function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'phakhi_session');
  if (!c) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
  return `phakhi_session=${c.value}`;
}

describe('authentication', () => {
  let t: TestContext;
  beforeAll(async () => { t = await createTestContext(); });
  afterAll(async () => { await t.close(); });

  const login = (username: string, password: string, ip = freshIp()) =>
    t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username, password }, remoteAddress: ip });

  /** Signs in (password only) and returns the session; no second factor. */
  async function passwordOnly(u: TestUser, ip = freshIp()): Promise<Signed & { body: Record<string, unknown> }> {
    const res = await login(u.username, u.password, ip);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { csrfToken: string };
    return { cookie: sessionCookie(res), csrf: body.csrfToken, body };
  }

  const get = (s: Signed | null, url: string) => t.as(s, { method: 'GET', url: API + url });
  const post = (s: Signed | null, url: string, payload?: unknown, ip?: string) =>
    t.app.inject({
      method: 'POST', url: API + url, payload: payload as object, remoteAddress: ip,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
    });

  async function sessionIdsOf(userId: string): Promise<string[]> {
    const rows = await t.database.query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1 ORDER BY created_at', [userId]);
    return rows.map((r) => r.id);
  }

  describe('browser storage key', () => {
    it('is 32 bytes, the same in every session of one user, different per user, not cached, and only for staff who record reports', async () => {
      const volunteer = await t.user(['community_volunteer']);
      const first = await get(await passwordOnly(volunteer), '/me/storage-key');
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('no-store');
      const key = first.json().key as string;
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      expect((await get(await passwordOnly(volunteer), '/me/storage-key')).json().key).toBe(key);
      const other = await get(await passwordOnly(await t.user(['community_volunteer'])), '/me/storage-key');
      expect(other.json().key).not.toBe(key);
      expect((await get(await passwordOnly(await t.user(['prosecutor'])), '/me/storage-key')).statusCode).toBe(403);
      expect((await get(null, '/me/storage-key')).statusCode).toBe(401);
    });
  });

  describe('sign-in', () => {
    it('sets an HttpOnly, SameSite=Strict session cookie on the root path', async () => {
      const u = await t.user(['provincial_officer']);
      const res = await login(u.username, u.password);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        mfaRequired: false, mfaEnrolmentRequired: false, passwordChangeRequired: false, csrfToken: expect.any(String),
      });
      const c = res.cookies.find((x) => x.name === 'phakhi_session')!;
      expect(c).toBeDefined();
      expect(c.httpOnly).toBe(true);
      expect(c.sameSite).toBe('Strict');
      expect(c.path).toBe('/');
      const raw = String(res.headers['set-cookie']);
      expect(raw).toMatch(/HttpOnly/);
      expect(raw).toMatch(/SameSite=Strict/);
      expect(raw).toMatch(/Path=\//);
      // The database keeps a hash, never the cookie value.
      const rows = await t.database.query<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE user_id = $1', [u.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_hash).not.toBe(c.value);
      const me = await t.app.inject({ method: 'GET', url: `${API}/me`, headers: { cookie: `phakhi_session=${c.value}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { id: u.id, username: u.username }, authenticatedBy: 'session', scope: 'province' });
    });

    it('refuses a wrong password with 401 INVALID_CREDENTIALS and a Thai message', async () => {
      const u = await t.user(['provincial_officer']);
      const res = await login(u.username, 'not-the-right-password-1');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password.', messageTh: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง' },
      });
      expect(res.cookies.find((x) => x.name === 'phakhi_session')).toBeUndefined();
      expect(await sessionIdsOf(u.id)).toEqual([]);
      const audit = await t.database.query<{ outcome: string; target_id: string }>(
        "SELECT outcome, target_id FROM audit_log WHERE action = 'auth.login_failed' AND target_id = $1", [u.id]);
      expect(audit).toEqual([{ outcome: 'failure', target_id: u.id }]);
    });

    it('answers an unknown user exactly like a wrong password', async () => {
      const wrong = await login('no-such-user-' + Date.now(), 'whatever-password-1');
      const u = await t.user(['provincial_officer']);
      const known = await login(u.username, 'whatever-password-1');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual(known.json());
      expect(err(wrong).code).toBe('INVALID_CREDENTIALS');
    });

    it('locks an account after 5 failures, even for the right password, with a Thai message and Retry-After', async () => {
      const u = await t.user(['provincial_officer']);
      const statuses: number[] = [];
      // Each failure from its own address: only the account counter can lock.
      for (let i = 0; i < 5; i++) statuses.push((await login(u.username, `wrong-password-${i}-xx`)).statusCode);
      // The fifth failure is the one that locks the account.
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const res = await login(u.username, u.password);
      expect(res.statusCode).toBe(429);
      expect(res.json()).toEqual({
        error: {
          code: 'LOGIN_LOCKED', message: 'Too many failed sign-ins. Try again in 15 minutes.',
          messageTh: 'เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณาลองใหม่ในอีก 15 นาที',
        },
      });
      expect(res.headers['retry-after']).toBe('900');
      expect(res.cookies.find((x) => x.name === 'phakhi_session')).toBeUndefined();
      expect(await sessionIdsOf(u.id)).toEqual([]);
      // The username is also locked in another letter case.
      expect((await login(u.username.toUpperCase(), u.password)).statusCode).toBe(429);
      const locked = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_locked'");
      expect(locked[0]!.n).toBeGreaterThanOrEqual(2);
      // The throttle table holds hashed keys only.
      const keys = await t.database.query<{ key: string }>('SELECT key FROM login_throttle');
      expect(keys.some((k) => k.key.toLowerCase().includes(u.username.toLowerCase()))).toBe(false);
    });

    it('locks an address after 5 failures across different usernames', async () => {
      const ip = freshIp();
      const victims = await Promise.all([1, 2, 3, 4, 5].map(() => t.user(['provincial_officer'])));
      const statuses: number[] = [];
      for (const v of victims) statuses.push((await login(v.username, 'wrong-password-xyz1', ip)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const sixth = await t.user(['provincial_officer']);
      const res = await login(sixth.username, sixth.password, ip);
      expect(res.statusCode).toBe(429);
      expect(err(res).code).toBe('LOGIN_LOCKED');
      expect(res.headers['retry-after']).toBe('900');
      // The account itself is not locked: from another address it signs in.
      expect((await login(sixth.username, sixth.password, freshIp())).statusCode).toBe(200);
    });
  });

  describe('second factor', () => {
    it('a system administrator must pass TOTP before any permission-requiring route', async () => {
      const admin = await t.user(['system_admin'], { provinceCode: null });
      const ip = freshIp();
      const s = await passwordOnly(admin, ip);
      expect(s.body).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: false, passwordChangeRequired: false });

      const blocked = await get(s, '/me/sessions');
      expect(blocked.statusCode).toBe(401);
      expect(err(blocked).code).toBe('MFA_REQUIRED');
      expect((await get(s, '/users')).statusCode).toBe(401);
      const me = await get(s, '/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ permissions: [], mfaRequired: true });

      const wrongCode = (Number(await generate({ secret: admin.totpSecret! })) + 1) % 1_000_000;
      const bad = await post(s, '/auth/mfa', { code: String(wrongCode).padStart(6, '0') }, ip);
      expect(bad.statusCode).toBe(401);
      expect(err(bad).code).toBe('MFA_INVALID');
      expect((await get(s, '/me/sessions')).statusCode).toBe(401);

      const ok = await post(s, '/auth/mfa', { code: await generate({ secret: admin.totpSecret! }) }, ip);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ mfaRequired: false, mfaEnrolmentRequired: false, passwordChangeRequired: false, csrfToken: s.csrf });
      const sessions = await get(s, '/me/sessions');
      expect(sessions.statusCode).toBe(200);
      expect((sessions.json() as { items: { current: boolean }[] }).items.filter((x) => x.current)).toHaveLength(1);
      expect((await get(s, '/users')).statusCode).toBe(200);
      const [row] = await t.database.query<{ mfa_passed: boolean }>('SELECT mfa_passed FROM sessions WHERE user_id = $1', [admin.id]);
      expect(row!.mfa_passed).toBe(true);
    });

    it('refuses a code that was already used (replay)', async () => {
      const admin = await t.user(['system_admin'], { provinceCode: null });
      const ip = freshIp();
      const first = await passwordOnly(admin, ip);
      const code = await generate({ secret: admin.totpSecret! });
      expect((await post(first, '/auth/mfa', { code }, ip)).statusCode).toBe(200);

      const second = await passwordOnly(admin, ip);
      const replay = await post(second, '/auth/mfa', { code }, ip);
      expect(replay.statusCode).toBe(401);
      expect(err(replay).code).toBe('MFA_INVALID');
      expect((await get(second, '/me/sessions')).statusCode).toBe(401);
    });

    it('refuses the replay of a code accepted within the clock-drift window (previous time step)', async () => {
      const admin = await t.user(['system_admin'], { provinceCode: null });
      const ip = freshIp();
      // A code from the previous 30-second step: accepted once (one step of drift is tolerated) …
      await awayFromStepBoundary();
      const epoch = Math.floor(Date.now() / 1000) - 30;
      const code = await generate({ secret: admin.totpSecret!, epoch });
      const first = await passwordOnly(admin, ip);
      const ok = await post(first, '/auth/mfa', { code }, ip);
      expect(ok.statusCode).toBe(200);
      const [u] = await t.database.query<{ step: string }>('SELECT totp_last_step::text AS step FROM users WHERE id = $1', [admin.id]);
      expect(Number(u!.step)).toBe(Math.floor(epoch / 30));
      // … and never again.
      const second = await passwordOnly(admin, ip);
      const replay = await post(second, '/auth/mfa', { code }, ip);
      expect(replay.statusCode).toBe(401);
      expect(err(replay).code).toBe('MFA_INVALID');
    });

    it('after a code from the following step (clock ahead), an older code is refused with 401, not a crash', async () => {
      const admin = await t.user(['system_admin'], { provinceCode: null });
      const ip = freshIp();
      const ahead = await generate({ secret: admin.totpSecret!, epoch: Math.floor(Date.now() / 1000) + 30 });
      const first = await passwordOnly(admin, ip);
      expect((await post(first, '/auth/mfa', { code: ahead }, ip)).statusCode).toBe(200);
      // A second sign-in within the same step: the current code is older than the one used, so it is refused — but with 401, not a crash.
      const second = await passwordOnly(admin, ip);
      const res = await post(second, '/auth/mfa', { code: await generate({ secret: admin.totpSecret! }) }, ip);
      expect(res.statusCode).toBe(401);
      expect(err(res).code).toBe('MFA_INVALID');
    });

    it('wrong codes count against the account across sign-ins: a correct password does not reset them before the second factor', async () => {
      const analyst = await t.user(['national_analyst'], { provinceCode: null });
      const codes: string[] = [];
      let last: LightMyRequestResponse | undefined;
      // Each round from a new address, so only the account's counter can lock: 4 wrong codes, sign in again, 4 more …
      for (let round = 0; round < 3 && last?.statusCode !== 429; round++) {
        const ip = freshIp();
        const s = await passwordOnly(analyst, ip);
        for (let i = 0; i < 4; i++) {
          last = await post(s, '/auth/mfa', { code: '000000' }, ip);
          codes.push(err(last).code);
          if (last.statusCode === 429) break;
        }
      }
      // MAX_FAILURES (5) wrong codes in a row lock the account.
      expect(codes).toEqual(['MFA_INVALID', 'MFA_INVALID', 'MFA_INVALID', 'MFA_INVALID', 'LOGIN_LOCKED']);
      expect(last!.statusCode).toBe(429);
      expect((await login(analyst.username, analyst.password, freshIp())).statusCode).toBe(429);
    });

    it('a passed second factor clears the account\'s failures', async () => {
      const analyst = await t.user(['national_analyst'], { provinceCode: null });
      const ip = freshIp();
      const first = await passwordOnly(analyst, ip);
      for (let i = 0; i < 4; i++) expect((await post(first, '/auth/mfa', { code: '000000' }, ip)).statusCode).toBe(401);
      await awayFromStepBoundary();
      expect((await post(first, '/auth/mfa', { code: await generate({ secret: analyst.totpSecret! }) }, ip)).statusCode).toBe(200);
      const ip2 = freshIp();
      const second = await passwordOnly(analyst, ip2);
      for (let i = 0; i < 4; i++) expect((await post(second, '/auth/mfa', { code: '000000' }, ip2)).statusCode).toBe(401);
    });

    it('a national analyst without a second factor must enrol one first', async () => {
      const analyst = await t.user(['national_analyst'], { provinceCode: null });
      await t.database.query('UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL WHERE id = $1', [analyst.id]);
      const s = await passwordOnly(analyst);
      expect(s.body).toMatchObject({ mfaRequired: false, mfaEnrolmentRequired: true, passwordChangeRequired: false });
      const blocked = await get(s, '/persons');
      expect(blocked.statusCode).toBe(403);
      expect(err(blocked).code).toBe('MFA_ENROLMENT_REQUIRED');

      const enrol = await post(s, '/auth/mfa/enrol');
      expect(enrol.statusCode).toBe(200);
      const e = enrol.json() as { secret: string; otpauthUrl: string; qrDataUrl: string };
      expect(e.qrDataUrl.startsWith('data:image/png;base64,')).toBe(true);
      expect(e.secret).toMatch(/^[A-Z2-7]{16,}$/);
      expect(e.otpauthUrl).toContain(`secret=${e.secret}`);
      // Stored encrypted, not yet enabled.
      const [row] = await t.database.query<{ totp_secret_enc: string; totp_enabled_at: Date | null }>(
        'SELECT totp_secret_enc, totp_enabled_at FROM users WHERE id = $1', [analyst.id]);
      expect(row!.totp_secret_enc).not.toContain(e.secret);
      expect(row!.totp_enabled_at).toBeNull();
      expect((await get(s, '/persons')).statusCode).toBe(403);

      const wrong = await post(s, '/auth/mfa/enrol/confirm', { code: '000000' === (await generate({ secret: e.secret })) ? '111111' : '000000' });
      expect(wrong.statusCode).toBe(401);
      expect(err(wrong).code).toBe('MFA_INVALID');

      const confirm = await post(s, '/auth/mfa/enrol/confirm', { code: await generate({ secret: e.secret }) });
      expect(confirm.statusCode).toBe(200);
      expect(confirm.json()).toMatchObject({ mfaRequired: false, mfaEnrolmentRequired: false });
      expect((await get(s, '/persons')).statusCode).toBe(200);
      expect((await get(s, '/me/sessions')).statusCode).toBe(200);
      const me = (await get(s, '/me')).json() as { permissions: string[]; user: { mfaEnabled: boolean } };
      expect(me.user.mfaEnabled).toBe(true);
      expect(me.permissions).toContain('person.read');
      // Enrolling again is refused.
      const again = await post(s, '/auth/mfa/enrol');
      expect(again.statusCode).toBe(409);
      expect(err(again).code).toBe('MFA_ALREADY_ENABLED');
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated write without or with a wrong X-CSRF-Token, and changes nothing', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const auditBefore = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      const personsBefore = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
      const attempts = [
        { cookie: s.cookie },
        { cookie: s.cookie, 'x-csrf-token': 'wrong-' + s.csrf },
        { cookie: s.cookie, 'x-csrf-token': '' },
      ];
      for (const headers of attempts) {
        const create = await t.app.inject({ method: 'POST', url: `${API}/persons`, payload: { sex: 'female' }, headers });
        expect(create.statusCode).toBe(403);
        expect(err(create).code).toBe('CSRF_INVALID');
        const logout = await t.app.inject({ method: 'POST', url: `${API}/auth/logout`, headers });
        expect(logout.statusCode).toBe(403);
        expect(err(logout).code).toBe('CSRF_INVALID');
        const pw = await t.app.inject({
          method: 'POST', url: `${API}/auth/password`, headers,
          payload: { currentPassword: u.password, newPassword: 'ripe-mango-sticky-rice-77' },
        });
        expect(pw.statusCode).toBe(403);
      }
      expect(await t.database.query('SELECT count(*)::int AS n FROM audit_log')).toEqual(auditBefore);
      expect(await t.database.query('SELECT count(*)::int AS n FROM persons')).toEqual(personsBefore);
      // Still signed in, password unchanged.
      expect((await get(s, '/me')).statusCode).toBe(200);
      expect((await login(u.username, u.password)).statusCode).toBe(200);
      // A token from another session is not accepted either.
      const other = await t.login(await t.user(['provincial_officer']));
      const cross = await t.app.inject({ method: 'POST', url: `${API}/persons`, payload: {}, headers: { cookie: s.cookie, 'x-csrf-token': other.csrf } });
      expect(cross.statusCode).toBe(403);
    });

    it('GET /auth/csrf returns the session\'s token', async () => {
      const s = await t.login(await t.user(['provincial_officer']));
      const res = await t.app.inject({ method: 'GET', url: `${API}/auth/csrf`, headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ csrfToken: s.csrf });
      const anon = await t.app.inject({ method: 'GET', url: `${API}/auth/csrf` });
      expect(anon.statusCode).toBe(401);
      expect(err(anon).code).toBe('NOT_SIGNED_IN');
    });
  });

  describe('session lifetime', () => {
    it('expires after 30 idle minutes', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      expect((await get(s, '/me')).statusCode).toBe(200);
      await t.database.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1", [u.id]);
      const res = await get(s, '/me');
      expect(res.statusCode).toBe(401);
      expect(err(res).code).toBe('NOT_SIGNED_IN');
    });

    it('stays alive when idle for less than 30 minutes', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      await t.database.query("UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE user_id = $1", [u.id]);
      expect((await get(s, '/me')).statusCode).toBe(200);
      // The request refreshed last_seen_at.
      const [row] = await t.database.query<{ idle: number }>(
        'SELECT extract(epoch FROM now() - last_seen_at)::int AS idle FROM sessions WHERE user_id = $1', [u.id]);
      expect(row!.idle).toBeLessThan(60);
    });

    it('expires at the absolute limit', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const [row] = await t.database.query<{ hours: number }>(
        'SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM sessions WHERE user_id = $1', [u.id]);
      expect(row!.hours).toBe(12);
      await t.database.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [u.id]);
      expect((await get(s, '/me')).statusCode).toBe(401);
    });

    it('logout revokes the session', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const res = await post(s, '/auth/logout');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      const cleared = res.cookies.find((x) => x.name === 'phakhi_session');
      expect(cleared?.value).toBe('');
      expect((await get(s, '/me')).statusCode).toBe(401);
      const rows = await t.database.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE user_id = $1', [u.id]);
      expect(rows).toEqual([{ revoked: true }]);
      const audit = await t.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.logout' AND actor_user_id = $1", [u.id]);
      expect(audit[0]!.n).toBe(1);
    });

    it('logout-all revokes every session of the user and no one else\'s', async () => {
      const u = await t.user(['provincial_officer']);
      const a = await t.login(u);
      const b = await t.login(u);
      const bystander = await t.login(await t.user(['provincial_officer']));
      const res = await post(a, '/auth/logout-all');
      expect(res.statusCode).toBe(200);
      expect((await get(a, '/me')).statusCode).toBe(401);
      expect((await get(b, '/me')).statusCode).toBe(401);
      expect((await get(bystander, '/me')).statusCode).toBe(200);
      const rows = await t.database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [u.id]);
      expect(rows[0]!.n).toBe(0);
    });

    it('revokes one of the own sessions; another user\'s session is 404', async () => {
      const u = await t.user(['provincial_officer']);
      const a = await t.login(u);
      const b = await t.login(u);
      const other = await t.user(['provincial_officer']);
      const o = await t.login(other);
      const [otherSession] = await sessionIdsOf(other.id);

      const foreign = await t.as(a, { method: 'DELETE', url: `${API}/me/sessions/${otherSession}` });
      expect(foreign.statusCode).toBe(404);
      expect(err(foreign).code).toBe('SESSION_NOT_FOUND');
      expect((await get(o, '/me')).statusCode).toBe(200);
      const [stillLive] = await t.database.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM sessions WHERE id = $1', [otherSession]);
      expect(stillLive!.revoked_at).toBeNull();

      const list = (await get(a, '/me/sessions')).json() as { items: { id: string; current: boolean }[] };
      expect(list.items).toHaveLength(2);
      const bId = list.items.find((x) => !x.current)!.id;
      const own = await t.as(a, { method: 'DELETE', url: `${API}/me/sessions/${bId}` });
      expect(own.statusCode).toBe(200);
      expect((await get(b, '/me')).statusCode).toBe(401);
      expect((await get(a, '/me')).statusCode).toBe(200);
    });
  });

  describe('password change', () => {
    it('refuses a wrong current password with 422', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const res = await post(s, '/auth/password', { currentPassword: 'not-my-password-at-all', newPassword: 'ripe-mango-sticky-rice-77' });
      expect(res.statusCode).toBe(422);
      expect(err(res)).toMatchObject({ code: 'WRONG_PASSWORD', fields: [{ path: 'currentPassword', message: expect.any(String) }] });
    });

    it('counts wrong current passwords like failed sign-ins: audited, and the lock ends the session', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const res: LightMyRequestResponse[] = [];
      for (let i = 0; i < 6; i++) {
        res.push(await post(s, '/auth/password', { currentPassword: `wrong-guess-${i}-xx`, newPassword: 'ripe-mango-sticky-rice-77' }));
      }
      expect(res.slice(0, 4).map((r) => r.statusCode)).toEqual([422, 422, 422, 422]);
      expect(res[4]!.statusCode).toBe(429);
      expect(err(res[4]!).code).toBe('LOGIN_LOCKED');
      expect(res[4]!.headers['retry-after']).toBe('900');
      // The session is gone: neither another guess nor any other request is answered for it.
      expect(res[5]!.statusCode).toBe(401);
      expect((await get(s, '/me')).statusCode).toBe(401);
      // The right password is refused too until the lock ends.
      expect((await login(u.username, u.password)).statusCode).toBe(429);
      const audit = await t.database.query<{ action: string; outcome: string; details: unknown }>(
        "SELECT action, outcome, details FROM audit_log WHERE action = 'auth.password_change_failed' AND target_id = $1 ORDER BY seq", [u.id]);
      expect(audit.map((a) => a.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure']);
      expect(JSON.stringify(audit)).not.toContain('wrong-guess');
    });

    it('refuses a common password with 422 WEAK_PASSWORD', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const res = await post(s, '/auth/password', { currentPassword: u.password, newPassword: 'password1234' });
      expect(res.statusCode).toBe(422);
      expect(err(res).code).toBe('WEAK_PASSWORD');
      expect(err(res).messageTh).toBe('รหัสผ่านนี้พบบ่อยหรือเดาง่ายเกินไป กรุณาเลือกรหัสผ่านอื่น');
    });

    it('refuses an 11-character password with 400 and the field path', async () => {
      const u = await t.user(['provincial_officer']);
      const s = await t.login(u);
      const res = await post(s, '/auth/password', { currentPassword: u.password, newPassword: 'kx7-Rp2-vQ9' });
      expect(res.statusCode).toBe(400);
      expect(err(res)).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'newPassword', message: expect.any(String) }] });
    });

    it('changes the password, revokes the other sessions and keeps this one', async () => {
      const u = await t.user(['provincial_officer']);
      const here = await t.login(u);
      const elsewhere = await t.login(u);
      const [before] = await t.database.query<{ password_hash: string; version: number }>('SELECT password_hash, version FROM users WHERE id = $1', [u.id]);
      const next = 'ripe-mango-sticky-rice-77';
      const res = await post(here, '/auth/password', { currentPassword: u.password, newPassword: next });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      expect((await get(here, '/persons')).statusCode).toBe(200);
      expect((await get(elsewhere, '/me')).statusCode).toBe(401);
      const [after] = await t.database.query<{ password_hash: string; version: number }>('SELECT password_hash, version FROM users WHERE id = $1', [u.id]);
      expect(after!.password_hash).not.toBe(before!.password_hash);
      expect(after!.password_hash).not.toContain(next);
      expect(after!.version).toBe(before!.version + 1);
      expect((await login(u.username, u.password)).statusCode).toBe(401);
      expect((await login(u.username, next)).statusCode).toBe(200);
    });

    it('a user who must change the password can do nothing else until they do', async () => {
      const u = await t.user(['provincial_officer'], { mustChangePassword: true });
      const s = await passwordOnly(u);
      expect(s.body).toMatchObject({ passwordChangeRequired: true, mfaRequired: false });
      const blocked = await get(s, '/persons');
      expect(blocked.statusCode).toBe(403);
      expect(err(blocked).code).toBe('PASSWORD_CHANGE_REQUIRED');
      const me = await get(s, '/me');
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ permissions: [], user: { mustChangePassword: true } });
      const create = await post(s, '/persons', { sex: 'male' });
      expect(create.statusCode).toBe(403);

      const changed = await post(s, '/auth/password', { currentPassword: u.password, newPassword: 'ripe-mango-sticky-rice-77' });
      expect(changed.statusCode).toBe(200);
      expect((await get(s, '/persons')).statusCode).toBe(200);
      const [row] = await t.database.query<{ must_change_password: boolean }>('SELECT must_change_password FROM users WHERE id = $1', [u.id]);
      expect(row!.must_change_password).toBe(false);
    });
  });

  describe('logs', () => {
    it('never contain the username, the password or the session cookie', async () => {
      const u = await t.user(['provincial_officer']);
      const username = `somchai.distinctive.${Date.now()}`;
      const password = 'Lychee-Elephant-Orbit-9931';
      await t.database.query('UPDATE users SET username = $1, password_hash = $2 WHERE id = $3', [username, await hashPassword(password), u.id]);
      const wrongPassword = 'Durian-Wrong-Guess-4417';
      const ip = freshIp();
      const failed = await login(username, wrongPassword, ip);
      expect(failed.statusCode).toBe(401);
      const ok = await login(username, password, ip);
      expect(ok.statusCode).toBe(200);
      const cookieValue = ok.cookies.find((x) => x.name === 'phakhi_session')!.value;
      // Use the session so its requests are logged too.
      expect((await t.app.inject({ method: 'GET', url: `${API}/me`, headers: { cookie: `phakhi_session=${cookieValue}` } })).statusCode).toBe(200);
      const logs = t.logs.join('');
      expect(logs).toContain('/auth/login'); // the requests were logged …
      expect(logs).not.toContain(username); // … without what identifies or authenticates
      expect(logs).not.toContain(password);
      expect(logs).not.toContain(wrongPassword);
      expect(logs).not.toContain(cookieValue);
      expect(logs).not.toContain(testPassword);
    });

    it('a sign-in refused by the database (NUL in the name) answers 400 and logs neither the name nor the query', async () => {
      const name = `nul.secret.${Date.now()}`;
      const res = await login(`${name}\u0000x`, 'Papaya-Secret-Guess-88');
      expect(res.statusCode).toBe(400);
      expect(err(res).code).toBe('VALIDATION_FAILED');
      const logs = t.logs.join('');
      expect(logs).not.toContain(name);
      expect(logs).not.toContain('Papaya-Secret-Guess-88');
      expect(logs).not.toMatch(/Failed query|params:/);
    });
  });
});
