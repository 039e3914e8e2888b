import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createTestContext, openTestDatabase, type Signed, type TestContext } from '../test/harness.js';
import { verifyAuditChain, writeAudit } from '../platform/audit.js';
import { backupTo, restoreFrom } from './backup.js';
import type { Database, SqlSession } from './client.js';

const API = '/api/v1';

async function tableNames(s: SqlSession): Promise<string[]> {
  const rows = await s.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
  return rows.map((r) => r.table_name);
}

/** Row count and an md5 over the rows' text, per table (the migration ledger's applied_at naturally differs). */
async function fingerprint(database: Database): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const t of await tableNames(database)) {
    const from = t === 'phakhi_migrations' ? '(SELECT id, hash, tag, created_at FROM phakhi_migrations)' : `"${t}"`;
    const [r] = await database.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${from} x`);
    out[t] = { rows: r!.n, md5: r!.h };
  }
  return out;
}

describe('backup and restore', () => {
  let t: TestContext;
  let dir: string;
  let file: string;
  let restored: { database: Database; drop: () => Promise<void> };
  let officerSession: Signed;
  let personId: string;
  const identity = { givenName: 'บุญมี', familyName: 'รักษ์ไทย', nationalId: '1101700203051', phone: '0812345678', address: '12 ถนนพหลโยธิน' };

  beforeAll(async () => {
    t = await createTestContext();
    dir = mkdtempSync(join(tmpdir(), 'phakhi-backup-'));
    file = join(dir, 'backup.jsonl');

    // Seed through the API: organisations, users, a person, a token and its use, and the audit rows they write.
    const admin = await t.user(['system_admin'], { provinceCode: null });
    const as = await t.login(admin);
    const org = await t.as(as, { method: 'POST', url: `${API}/organisations`, payload: { nameTh: 'บ้านพักเด็ก "ทดสอบ"\nสาขา 2', nameEn: "O'Brien \\ shelter", sector: 'ngo', level: 'province', provinceCode: '57' } });
    expect(org.statusCode).toBe(201);
    const orgId = (org.json() as { id: string }).id;
    const user = await t.as(as, { method: 'POST', url: `${API}/users`, payload: { organisationId: orgId, username: 'backup.user', displayName: 'ผู้ใช้ สำรอง', roles: ['service_provider', 'mdt_member'], password: 'mangrove-tiger-lantern-5' } });
    expect(user.statusCode).toBe(201);
    const token = await t.as(as, { method: 'POST', url: `${API}/tokens`, payload: { organisationId: orgId, name: 'Partner', permissions: ['reference.read', 'stats.read'] } });
    expect(token.statusCode).toBe(201);
    const secret = (token.json() as { token: string }).token;
    expect((await t.app.inject({ method: 'GET', url: `${API}/reference/provinces`, headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200);

    const officer = await t.user(['provincial_officer']);
    officerSession = await t.login(officer);
    const person = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload: { ...identity, sex: 'male', birthDate: '2011-02-28', nationality: 'MMR' } });
    expect(person.statusCode).toBe(201);
    personId = (person.json() as { id: string }).id;
    await t.database.query("INSERT INTO team_memberships (record_type, record_id, user_id) VALUES ('person', $1, $2)", [personId, officer.id]);
    // A failed sign-in (throttle row), settings and idempotency rows with JSON values.
    await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'nobody', password: 'wrong-password-x' }, remoteAddress: '10.5.5.5' });
    await t.database.query(`INSERT INTO settings (key, value) VALUES ('retention', '{"days": 365, "note": "ข้อความ \\"quoted\\""}'::jsonb)`);
    await t.database.query(`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body) VALUES ('u1', 'k1', 'h', 201, '[1, {"a": null}]'::jsonb)`);
    // The screening checklist is seeded by a migration and extended by administrators: both kinds survive.
    await t.database.query(`INSERT INTO screening_indicators (code, group_code, label_th, label_en, sort_order) VALUES ('local.debt_card', 'local', 'ยึดบัตรเอทีเอ็ม', 'ATM card held', 900)`);
    await t.database.query("UPDATE screening_indicators SET active = false WHERE code = 'ilo.deception'");
    // Let the token-use hook finish before the snapshot.
    for (let i = 0; i < 100; i++) {
      const [u] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM api_token_uses');
      if (u!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }

    restored = await openTestDatabase();
  });
  afterAll(async () => {
    await restored?.drop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up every data table and restores identical rows into a fresh database', async () => {
    const source = await fingerprint(t.database);
    for (const table of ['organisations', 'users', 'user_roles', 'persons', 'api_tokens', 'api_token_uses', 'sessions', 'audit_log', 'team_memberships', 'login_throttle', 'settings', 'idempotency_keys', 'screening_indicators']) {
      expect(source[table]!.rows, table).toBeGreaterThan(0);
    }
    const written = await backupTo(t.database, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const dataRows = Object.entries(source)
      .filter(([n]) => !['provinces', 'districts', 'subdistricts', 'countries', 'languages', 'province_neighbours', 'district_neighbours', 'phakhi_migrations'].includes(n))
      .reduce((sum, [, v]) => sum + v.rows, 0);
    expect(written.rows).toBe(dataRows);
    // Identity stays encrypted in the file.
    const text = readFileSync(file, 'utf8');
    for (const v of Object.values(identity)) expect(text).not.toContain(v);

    const r = await restoreFrom(restored.database, file);
    expect(r.rows).toBe(dataRows);
    expect(await fingerprint(restored.database)).toEqual(source);
  });

  it('the restored audit chain still verifies', async () => {
    const a = await t.database.withSession((s) => verifyAuditChain(s));
    const b = await restored.database.withSession((s) => verifyAuditChain(s));
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    expect(b.entries).toBeGreaterThan(5);
  });

  it('the restored data works with the same key: sessions, identity, scope', async () => {
    const app = await buildApp({ database: restored.database, cipher: t.cipher, config: { secureCookies: false, production: false }, logLevel: 'silent' });
    try {
      await app.ready();
      const res = await app.inject({ method: 'GET', url: `${API}/persons/${personId}/identity`, headers: { cookie: officerSession.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(identity);
      const login = await app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'BACKUP.user', password: 'mangrove-tiger-lantern-5' }, remoteAddress: '10.6.6.6' });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ passwordChangeRequired: true });
    } finally {
      await app.close();
    }
  });

  it('refuses to restore into a database that has rows', async () => {
    const before = await fingerprint(restored.database);
    await expect(restoreFrom(restored.database, file)).rejects.toThrow(/empty database/);
    const after = await fingerprint(restored.database);
    // The refused restore wrote nothing (the app test above may have added its own sign-in rows before).
    expect(after).toEqual(before);
  });

  it('appends after a restore: the sequence and the chain continue', async () => {
    const [last] = await restored.database.query<{ seq: string; id: string; hash: string }>('SELECT seq::text, id::text, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1');
    await writeAudit(restored.database.db, { actor: null, requestId: 'after-restore' }, { action: 'audit.viewed', details: { via: 'test' } });
    const [row] = await restored.database.query<{ seq: string; id: string; prev_hash: string }>(
      "SELECT seq::text, id::text, prev_hash FROM audit_log WHERE request_id = 'after-restore'");
    expect(Number(row!.seq)).toBe(Number(last!.seq) + 1);
    expect(Number(row!.id)).toBeGreaterThan(Number(last!.id));
    expect(row!.prev_hash).toBe(last!.hash);
    const v = await restored.database.withSession((s) => verifyAuditChain(s));
    expect(v).toEqual({ ok: true, entries: Number(row!.seq), firstBroken: null });
    // Other serial columns continue too.
    await restored.database.query("INSERT INTO api_token_uses (token_id, method, route, request_id) SELECT id, 'GET', '/x', 'after-restore' FROM api_tokens LIMIT 1");
  });

  it('a broken backup restores nothing (all or nothing) and a foreign file is refused', async () => {
    const third = await openTestDatabase();
    try {
      const broken = join(dir, 'broken.jsonl');
      writeFileSync(broken, readFileSync(file, 'utf8'));
      appendFileSync(broken, JSON.stringify({ t: 'persons', r: { id: 'not-a-uuid' } }) + '\n');
      await expect(restoreFrom(third.database, broken)).rejects.toThrow();
      const fp = await fingerprint(third.database);
      for (const table of ['organisations', 'users', 'persons', 'audit_log', 'sessions']) expect(fp[table]!.rows, table).toBe(0);

      const foreign = join(dir, 'foreign.jsonl');
      writeFileSync(foreign, JSON.stringify({ format: 'something-else' }) + '\n');
      await expect(restoreFrom(third.database, foreign)).rejects.toThrow(/not a Phakhi backup/);
      const unknown = join(dir, 'unknown.jsonl');
      writeFileSync(unknown, readFileSync(file, 'utf8').split('\n')[0] + '\n' + JSON.stringify({ t: 'pg_authid', r: {} }) + '\n');
      await expect(restoreFrom(third.database, unknown)).rejects.toThrow(/unknown table/);
      expect((await fingerprint(third.database)).audit_log!.rows).toBe(0);
    } finally {
      await third.drop();
    }
  });
});
