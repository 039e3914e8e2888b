import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../test/harness.js';

const API = '/api/v1';

function err(res: LightMyRequestResponse) {
  return (res.json() as { error: { code: string; messageTh: string; fields?: { path: string; message: string }[] } }).error;
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('administration', () => {
  let t: TestContext;
  let admin: TestUser;
  let as: Signed;

  const count = async (sql: string, params: unknown[] = []) => (await t.database.query<{ n: number }>(sql, params))[0]!.n;

  beforeAll(async () => {
    t = await createTestContext();
    const nationalOrg = await t.org({ level: 'national', provinceCode: null, nameTh: 'กองต่อต้านการค้ามนุษย์', nameEn: 'ATPD' });
    admin = await t.user(['system_admin'], { organisationId: nationalOrg });
    as = await t.login(admin);
  });
  afterAll(async () => { await t.close(); });

  describe('organisations', () => {
    const newOrg = { nameTh: 'มูลนิธิทดสอบเชียงราย', nameEn: 'Chiang Rai Test Foundation', sector: 'ngo', level: 'province', provinceCode: '57' };

    it('creates an organisation (201) and audits it', async () => {
      const res = await t.as(as, { method: 'POST', url: `${API}/organisations`, payload: newOrg });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { id: string };
      expect(body).toEqual({
        id: expect.any(String), ...newOrg, parentId: null, active: true, version: 1,
        createdAt: expect.any(String), updatedAt: expect.any(String),
      });
      const rows = await t.database.query<{ name_th: string; province_code: string }>('SELECT name_th, province_code FROM organisations WHERE id = $1', [body.id]);
      expect(rows).toEqual([{ name_th: newOrg.nameTh, province_code: '57' }]);
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'organisation.created' AND target_id = $1 AND actor_user_id = $2", [body.id, admin.id])).toBe(1);
    });

    it('refuses an unknown province with 422 and writes nothing', async () => {
      const before = await count('SELECT count(*)::int AS n FROM organisations');
      const res = await t.as(as, { method: 'POST', url: `${API}/organisations`, payload: { ...newOrg, nameEn: 'Nowhere', provinceCode: '99' } });
      expect(res.statusCode).toBe(422);
      expect(err(res)).toMatchObject({ code: 'UNKNOWN_PROVINCE', fields: [{ path: 'provinceCode' }] });
      expect(await count('SELECT count(*)::int AS n FROM organisations')).toBe(before);
    });

    it('refuses an unknown parent and a bad sector', async () => {
      const parent = await t.as(as, { method: 'POST', url: `${API}/organisations`, payload: { ...newOrg, parentId: '00000000-0000-4000-8000-000000000000' } });
      expect(parent.statusCode).toBe(422);
      expect(err(parent).code).toBe('UNKNOWN_ORGANISATION');
      const sector = await t.as(as, { method: 'POST', url: `${API}/organisations`, payload: { ...newOrg, sector: 'mafia' } });
      expect(sector.statusCode).toBe(400);
      expect(err(sector).fields?.[0]?.path).toBe('sector');
    });

    it('updates with the current version and refuses a stale one with 409 STALE_VERSION', async () => {
      const created = (await t.as(as, { method: 'POST', url: `${API}/organisations`, payload: { ...newOrg, nameEn: 'Versioned' } })).json() as { id: string; version: number };
      const ok = await t.as(as, { method: 'PATCH', url: `${API}/organisations/${created.id}`, payload: { version: 1, nameEn: 'Versioned 2' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ nameEn: 'Versioned 2', version: 2 });
      const stale = await t.as(as, { method: 'PATCH', url: `${API}/organisations/${created.id}`, payload: { version: 1, nameEn: 'Lost update' } });
      expect(stale.statusCode).toBe(409);
      expect(err(stale).code).toBe('STALE_VERSION');
      const [row] = await t.database.query<{ name_en: string; version: number }>('SELECT name_en, version FROM organisations WHERE id = $1', [created.id]);
      expect(row).toEqual({ name_en: 'Versioned 2', version: 2 });
      const missing = await t.as(as, { method: 'PATCH', url: `${API}/organisations/00000000-0000-4000-8000-000000000000`, payload: { version: 1, nameEn: 'x' } });
      expect(missing.statusCode).toBe(404);
      expect(err(missing).code).toBe('ORGANISATION_NOT_FOUND');
    });

    it('pages with limit=1 over every organisation exactly once', async () => {
      // Names that sort together and apart, including equal names (ties broken by id).
      for (const nameTh of ['ก หน่วยงาน', 'ก หน่วยงาน', 'ฮ หน่วยงาน', 'A org', 'a org']) await t.org({ nameTh });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.as(as, { method: 'GET', url: `${API}/organisations?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: { id: string }[]; nextCursor: string | null };
        expect(page.items).toHaveLength(1);
        seen.push(page.items[0]!.id);
        cursor = page.nextCursor;
        if (++pages > 500) throw new Error('pagination does not end');
      } while (cursor);
      const all = (await t.database.query<{ id: string }>('SELECT id FROM organisations')).map((r) => r.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...all].sort());
      const full = (await t.as(as, { method: 'GET', url: `${API}/organisations?limit=500` })).json() as { items: { id: string }[] };
      expect(seen).toEqual(full.items.map((o) => o.id));
    });
  });

  describe('users', () => {
    let provincialOrg: string;
    let otherProvinceOrg: string;

    beforeAll(async () => {
      provincialOrg = await t.org({ provinceCode: '57' });
      otherProvinceOrg = await t.org({ provinceCode: '63' });
    });

    const newUser = (username: string, extra: Record<string, unknown> = {}) => ({
      organisationId: provincialOrg, username, displayName: 'สมศักดิ์ ทดสอบ', email: `${username}@example.org`,
      roles: ['provincial_officer'], password: 'banyan-lotus-monsoon-88', ...extra,
    });

    it('creates a user (201) who must change the password', async () => {
      const res = await t.as(as, { method: 'POST', url: `${API}/users`, payload: newUser('Somsak.T') });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { id: string };
      expect(body).toEqual({
        id: expect.any(String), organisationId: provincialOrg, username: 'Somsak.T', displayName: 'สมศักดิ์ ทดสอบ',
        email: 'Somsak.T@example.org', roles: ['provincial_officer'], active: true, mfaEnabled: false, mustChangePassword: true,
        version: 1, createdAt: expect.any(String),
      });
      const [row] = await t.database.query<{ must_change_password: boolean; password_hash: string }>(
        'SELECT must_change_password, password_hash FROM users WHERE id = $1', [body.id]);
      expect(row!.must_change_password).toBe(true);
      expect(row!.password_hash).toMatch(/^\$argon2id\$/);
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.created' AND target_id = $1", [body.id])).toBe(1);
      // The new user signs in and is sent to change the password.
      const login = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'somsak.t', password: 'banyan-lotus-monsoon-88' }, remoteAddress: '10.1.0.1' });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ passwordChangeRequired: true });
    });

    it('refuses a duplicate username in any letter case with 409', async () => {
      const before = await count('SELECT count(*)::int AS n FROM users');
      const res = await t.as(as, { method: 'POST', url: `${API}/users`, payload: newUser('SOMSAK.t') });
      expect(res.statusCode).toBe(409);
      expect(err(res)).toMatchObject({ code: 'USERNAME_TAKEN', fields: [{ path: 'username' }] });
      expect(await count('SELECT count(*)::int AS n FROM users')).toBe(before);
    });

    it('refuses a national role in a provincial organisation with 422 ROLE_NOT_ALLOWED', async () => {
      const before = await count('SELECT count(*)::int AS n FROM users');
      for (const role of ['national_analyst', 'system_admin']) {
        const res = await t.as(as, { method: 'POST', url: `${API}/users`, payload: newUser(`nat.${role}`, { roles: [role] }) });
        expect(res.statusCode).toBe(422);
        expect(err(res).code).toBe('ROLE_NOT_ALLOWED');
      }
      expect(await count('SELECT count(*)::int AS n FROM users')).toBe(before);
    });

    it('refuses a national role beside a provincial, team or organisation role (422 ROLE_COMBINATION_NOT_ALLOWED): the account would read identities nationwide', async () => {
      const [nat] = await t.database.query<{ id: string }>('SELECT organisation_id AS id FROM users WHERE id = $1', [admin.id]);
      const before = await count('SELECT count(*)::int AS n FROM users');
      for (const roles of [['system_admin', 'provincial_officer'], ['national_analyst', 'mdt_member']]) {
        const res = await t.as(as, { method: 'POST', url: `${API}/users`, payload: newUser(`mix.${roles[1]}`, { organisationId: nat!.id, roles }) });
        expect([res.statusCode, err(res).code], roles.join('+')).toEqual([422, 'ROLE_COMBINATION_NOT_ALLOWED']);
      }
      expect(await count('SELECT count(*)::int AS n FROM users')).toBe(before);
    });

    it('refuses a weak initial password and an unknown organisation', async () => {
      const weak = await t.as(as, { method: 'POST', url: `${API}/users`, payload: newUser('weak.pw', { password: 'password1234' }) });
      expect(weak.statusCode).toBe(422);
      expect(err(weak).code).toBe('WEAK_PASSWORD');
      const org = await t.as(as, { method: 'POST', url: `${API}/users`, payload: newUser('no.org', { organisationId: '00000000-0000-4000-8000-000000000000' }) });
      expect(org.statusCode).toBe(422);
      expect(err(org).code).toBe('UNKNOWN_ORGANISATION');
    });

    it('a provincial officer lists only users of its province and cannot create users', async () => {
      const inProvince = await t.user(['service_provider'], { organisationId: provincialOrg });
      const outside = await t.user(['service_provider'], { organisationId: otherProvinceOrg });
      const officer = await t.user(['provincial_officer'], { provinceCode: '57' });
      const s = await t.login(officer);
      const res = await t.as(s, { method: 'GET', url: `${API}/users?limit=500` });
      expect(res.statusCode).toBe(200);
      const items = (res.json() as { items: { id: string; organisationId: string }[] }).items;
      const ids = items.map((u) => u.id);
      expect(ids).toContain(inProvince.id);
      expect(ids).toContain(officer.id);
      expect(ids).not.toContain(outside.id);
      expect(ids).not.toContain(admin.id);
      const orgProvinces = await t.database.query<{ id: string; province_code: string | null }>(
        'SELECT id, province_code FROM organisations WHERE id = ANY($1::uuid[])', [[...new Set(items.map((u) => u.organisationId))]]);
      expect(orgProvinces.every((o) => o.province_code === '57')).toBe(true);
      // Everyone the database holds in province 57 is listed.
      expect(ids.length).toBe(await count(
        "SELECT count(*)::int AS n FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.province_code = '57'"));

      expect((await t.as(s, { method: 'GET', url: `${API}/users/${outside.id}` })).statusCode).toBe(404);
      expect((await t.as(s, { method: 'GET', url: `${API}/users/${inProvince.id}` })).statusCode).toBe(200);

      const before = await count('SELECT count(*)::int AS n FROM users');
      const create = await t.as(s, { method: 'POST', url: `${API}/users`, payload: newUser('by.officer') });
      expect(create.statusCode).toBe(403);
      expect(err(create).code).toBe('FORBIDDEN');
      expect(await count('SELECT count(*)::int AS n FROM users')).toBe(before);
      const patch = await t.as(s, { method: 'PATCH', url: `${API}/users/${inProvince.id}`, payload: { version: 1, active: false } });
      expect(patch.statusCode).toBe(403);
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND actor_user_id = $1", [officer.id])).toBe(2);
    });

    it('an administrator cannot deactivate themself or change their own roles', async () => {
      const me = (await t.as(as, { method: 'GET', url: `${API}/users/${admin.id}` })).json() as { version: number };
      const off = await t.as(as, { method: 'PATCH', url: `${API}/users/${admin.id}`, payload: { version: me.version, active: false } });
      expect(off.statusCode).toBe(422);
      expect(err(off).code).toBe('CANNOT_DISABLE_SELF');
      const demote = await t.as(as, { method: 'PATCH', url: `${API}/users/${admin.id}`, payload: { version: me.version, roles: ['national_analyst'] } });
      expect([demote.statusCode, err(demote).code]).toEqual([403, 'CANNOT_CHANGE_OWN_ROLES']);
      // Nor widen them: a casework role beside the administrator's would read identities nationwide.
      const widen = await t.as(as, { method: 'PATCH', url: `${API}/users/${admin.id}`, payload: { version: me.version, roles: ['system_admin', 'provincial_officer'] } });
      expect([widen.statusCode, err(widen).code]).toEqual([403, 'CANNOT_CHANGE_OWN_ROLES']);
      const [row] = await t.database.query<{ active: boolean; version: number }>('SELECT active, version FROM users WHERE id = $1', [admin.id]);
      expect(row).toEqual({ active: true, version: me.version });
      expect((await t.as(as, { method: 'GET', url: `${API}/me` })).statusCode).toBe(200);
    });

    it('deactivating a user revokes their sessions and stops sign-in', async () => {
      const victim = await t.user(['provincial_officer'], { organisationId: provincialOrg });
      const vs = await t.login(victim);
      expect((await t.as(vs, { method: 'GET', url: `${API}/me` })).statusCode).toBe(200);
      const res = await t.as(as, { method: 'PATCH', url: `${API}/users/${victim.id}`, payload: { version: 1, active: false } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ active: false, version: 2 });
      expect((await t.as(vs, { method: 'GET', url: `${API}/me` })).statusCode).toBe(401);
      expect(await count('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [victim.id])).toBe(0);
      const login = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: victim.username, password: victim.password }, remoteAddress: '10.1.0.2' });
      expect(login.statusCode).toBe(401);
      expect(err(login).code).toBe('INVALID_CREDENTIALS');
    });

    it('a password reset revokes sessions and forces a change at next sign-in', async () => {
      const victim = await t.user(['provincial_officer'], { organisationId: provincialOrg });
      const vs = await t.login(victim);
      const weak = await t.as(as, { method: 'POST', url: `${API}/users/${victim.id}/password-reset`, payload: { newPassword: 'password1234' } });
      expect(weak.statusCode).toBe(422);
      expect((await t.as(vs, { method: 'GET', url: `${API}/me` })).statusCode).toBe(200);

      const next = 'teak-jasmine-ferry-2051';
      const res = await t.as(as, { method: 'POST', url: `${API}/users/${victim.id}/password-reset`, payload: { newPassword: next } });
      expect(res.statusCode).toBe(200);
      expect((await t.as(vs, { method: 'GET', url: `${API}/me` })).statusCode).toBe(401);
      const [row] = await t.database.query<{ must_change_password: boolean }>('SELECT must_change_password FROM users WHERE id = $1', [victim.id]);
      expect(row!.must_change_password).toBe(true);

      const ip = '10.1.0.3';
      expect((await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: victim.username, password: victim.password }, remoteAddress: ip })).statusCode).toBe(401);
      const login = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: victim.username, password: next }, remoteAddress: ip });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ passwordChangeRequired: true });
      const cookie = `phakhi_session=${login.cookies.find((c) => c.name === 'phakhi_session')!.value}`;
      const blocked = await t.app.inject({ method: 'GET', url: `${API}/persons`, headers: { cookie } });
      expect(blocked.statusCode).toBe(403);
      expect(err(blocked).code).toBe('PASSWORD_CHANGE_REQUIRED');
    });
  });

  describe('API tokens', () => {
    let partnerOrg: string;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    beforeAll(async () => {
      partnerOrg = await t.org({ provinceCode: '57', sector: 'ngo', nameEn: 'Partner NGO' });
    });

    async function issue(permissions: string[], name = 'Partner system'): Promise<{ id: string; token: string }> {
      const res = await t.as(as, { method: 'POST', url: `${API}/tokens`, payload: { organisationId: partnerOrg, name, permissions, expiresInDays: 30 } });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; token: string };
    }

    it('shows the secret once and stores only its hash', async () => {
      const res = await t.as(as, { method: 'POST', url: `${API}/tokens`, payload: { organisationId: partnerOrg, name: 'Hotline CRM', permissions: ['reference.read'] } });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { id: string; token: string; prefix: string; expiresAt: string; permissions: string[] };
      expect(body.token).toMatch(/^phk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{40,}$/);
      expect(body.token.startsWith(`phk_${body.prefix}_`)).toBe(true);
      expect(body.permissions).toEqual(['reference.read']);
      // Default lifetime: 90 days.
      expect(Math.round((Date.parse(body.expiresAt) - Date.now()) / 86_400_000)).toBe(90);

      const list = await t.as(as, { method: 'GET', url: `${API}/tokens` });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(body.token);
      const listed = (list.json() as { items: Record<string, unknown>[] }).items.find((x) => x.id === body.id)!;
      expect(listed).toBeDefined();
      expect(listed).not.toHaveProperty('token');

      const [row] = await t.database.query<Record<string, unknown>>('SELECT * FROM api_tokens WHERE id = $1', [body.id]);
      expect(row!.token_hash).not.toBe(body.token);
      expect(row!.token_hash).toBe(createHash('sha256').update(body.token).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(body.token);
      const audit = await t.database.query<{ details: unknown }>("SELECT details FROM audit_log WHERE action = 'token.created' AND target_id = $1", [body.id]);
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(body.token);
    });

    it('a bearer token with reference.read reads the provinces, and each use is recorded', async () => {
      const tok = await issue(['reference.read']);
      const res = await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: bearer(tok.token) });
      expect(res.statusCode).toBe(200);
      expect((res.json() as { items: unknown[] }).items).toHaveLength(77);
      const uses = await eventually(
        () => t.database.query<{ method: string; route: string; status_code: number; request_id: string }>(
          'SELECT method, route, status_code, request_id FROM api_token_uses WHERE token_id = $1', [tok.id]),
        (r) => r.length > 0);
      expect(uses).toEqual([{ method: 'GET', route: '/api/v1/reference/provinces', status_code: 200, request_id: res.headers['x-request-id'] }]);
      const [row] = await t.database.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [tok.id]);
      expect(row!.last_used_at).not.toBeNull();
      const listed = await t.as(as, { method: 'GET', url: `${API}/tokens/${tok.id}/uses` });
      expect((listed.json() as { items: { route: string }[] }).items.map((u) => u.route)).toEqual(['/api/v1/reference/provinces']);
    });

    it('a token without the permission gets 403, and the denial is audited', async () => {
      const tok = await issue(['reference.read']);
      const res = await t.app.inject({ method: 'GET', url: `${API}/persons`, headers: bearer(tok.token) });
      expect(res.statusCode).toBe(403);
      expect(err(res).code).toBe('FORBIDDEN');
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND actor_token_id = $1", [tok.id])).toBe(1);
      // A token never reaches administration, whatever it asks for.
      expect((await t.app.inject({ method: 'GET', url: `${API}/users`, headers: bearer(tok.token) })).statusCode).toBe(403);
    });

    it('a revoked token gets 401 INVALID_TOKEN', async () => {
      const tok = await issue(['reference.read']);
      const revoke = await t.as(as, { method: 'POST', url: `${API}/tokens/${tok.id}/revoke` });
      expect(revoke.statusCode).toBe(200);
      expect((revoke.json() as { revokedAt: string | null }).revokedAt).not.toBeNull();
      const res = await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: bearer(tok.token) });
      expect(res.statusCode).toBe(401);
      expect(err(res).code).toBe('INVALID_TOKEN');
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'token.revoked' AND target_id = $1", [tok.id])).toBe(1);
    });

    it('an expired token gets 401; so do unknown and malformed ones', async () => {
      const tok = await issue(['reference.read']);
      await t.database.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [tok.id]);
      const res = await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: bearer(tok.token) });
      expect(res.statusCode).toBe(401);
      expect(err(res).code).toBe('INVALID_TOKEN');
      for (const authorization of [`Bearer ${tok.token}x`, 'Bearer', 'Basic dXNlcjpwYXNz', tok.token]) {
        const r = await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: { authorization } });
        expect(r.statusCode, authorization).toBe(401);
        expect(err(r).code).toBe('INVALID_TOKEN');
      }
    });

    it('refuses to issue a token with administration permissions, or identity permissions the issuer does not hold (422 PERMISSION_NOT_ALLOWED)', async () => {
      const before = await count('SELECT count(*)::int AS n FROM api_tokens');
      // Identity permissions too: an administrator cannot read a victim's name, so cannot hand that right to a token.
      for (const permissions of [['user.manage'], ['reference.read', 'token.manage'], ['audit.read'], ['person.read', 'person.identity.read'], ['case.identity.read'], ['report.identity.read']]) {
        const res = await t.as(as, { method: 'POST', url: `${API}/tokens`, payload: { organisationId: partnerOrg, name: 'Too much', permissions } });
        expect(res.statusCode).toBe(422);
        expect(err(res).code).toBe('PERMISSION_NOT_ALLOWED');
      }
      expect(await count('SELECT count(*)::int AS n FROM api_tokens')).toBe(before);
    });

    it('a bearer token writes without a CSRF token, within its organisation', async () => {
      const tok = await issue(['person.write', 'person.read']);
      const res = await t.app.inject({ method: 'POST', url: `${API}/persons`, payload: { sex: 'female', estimatedAge: 16 }, headers: bearer(tok.token) });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { id: string; organisationId: string; provinceCode: string };
      expect(body).toMatchObject({ organisationId: partnerOrg, provinceCode: '57', child: true });
      const [row] = await t.database.query<{ organisation_id: string; created_by: string | null }>('SELECT organisation_id, created_by FROM persons WHERE id = $1', [body.id]);
      expect(row).toEqual({ organisation_id: partnerOrg, created_by: null });
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.created' AND target_id = $1 AND actor_token_id = $2", [body.id, tok.id])).toBe(1);
    });

    it('tokens of a deactivated organisation stop working', async () => {
      const org = await t.org({ provinceCode: '57', nameEn: 'Soon inactive' });
      const created = await t.as(as, { method: 'POST', url: `${API}/tokens`, payload: { organisationId: org, name: 'x', permissions: ['reference.read'] } });
      const tok = created.json() as { token: string };
      expect((await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: bearer(tok.token) })).statusCode).toBe(200);
      const patch = await t.as(as, { method: 'PATCH', url: `${API}/organisations/${org}`, payload: { version: 1, active: false } });
      expect(patch.statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: bearer(tok.token) })).statusCode).toBe(401);
    });
  });
});
