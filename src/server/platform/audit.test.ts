import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../test/harness.js';
import { sql } from 'drizzle-orm';
import { openDatabase, type SqlSession } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { verifyAuditChain, writeAudit } from './audit.js';

const API = '/api/v1';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/server/cli.ts', ...args], { env, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('audit log', () => {
  let t: TestContext;
  let admin: TestUser;
  let as: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    admin = await t.user(['system_admin'], { provinceCode: null });
    as = await t.login(admin);
  });
  afterAll(async () => { await t.close(); });

  const verify = () => t.database.withSession((s) => verifyAuditChain(s));

  it('a write produces an audit row with the actor and the response\'s request id', async () => {
    const res = await t.as(as, {
      method: 'POST', url: `${API}/organisations`,
      payload: { nameTh: 'สำนักงานทดสอบ', nameEn: 'Audit test office', sector: 'central_government', level: 'province', provinceCode: '10' },
    });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { id: string }).id;
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await t.database.query<Record<string, unknown>>(
      "SELECT actor_user_id, actor_token_id, actor_organisation_id, target_type, target_id, request_id, outcome, details FROM audit_log WHERE action = 'organisation.created'");
    expect(rows).toEqual([{
      actor_user_id: admin.id, actor_token_id: null, actor_organisation_id: admin.organisationId,
      target_type: 'organisation', target_id: id, request_id: requestId, outcome: 'success', details: {},
    }]);
    // The sign-in is audited too, with its own request id.
    const login = await t.database.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE actor_user_id = $1 AND action LIKE 'auth.%' ORDER BY seq", [admin.id]);
    expect(login.map((r) => r.action)).toEqual(['auth.login', 'auth.mfa']);
  });

  it('chains every entry: seq has no gaps, each prev_hash is the previous hash, and verification passes', async () => {
    const rows = await t.database.query<{ seq: string; prev_hash: string | null; hash: string }>('SELECT seq::text, prev_hash, hash FROM audit_log ORDER BY audit_log.seq');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    rows.forEach((r, i) => {
      expect(Number(r.seq)).toBe(i + 1);
      expect(r.prev_hash).toBe(i === 0 ? null : rows[i - 1]!.hash);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    });
    expect(await verify()).toEqual({ ok: true, entries: rows.length, firstBroken: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    const before = await t.database.query('SELECT * FROM audit_log ORDER BY seq');
    await expect(t.database.query("UPDATE audit_log SET outcome = 'denied' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.database.query("UPDATE audit_log SET details = '{}'::jsonb")).rejects.toThrow(/append-only/);
    await expect(t.database.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.database.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.database.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // Drizzle (what the application uses) is refused the same way.
    const viaDrizzle = await t.database.db.execute(sql`DELETE FROM audit_log`).then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(viaDrizzle?.cause?.message ?? viaDrizzle?.message)).toMatch(/append-only/);
    expect(await t.database.query('SELECT * FROM audit_log ORDER BY seq')).toEqual(before);
    expect((await verify()).ok).toBe(true);
  });

  it('a caller cannot choose seq or hashes: the trigger assigns them', async () => {
    await writeAudit(t.database.db, { actor: null, requestId: 'test-forged' }, { action: 'audit.viewed' });
    await t.database.query(
      "INSERT INTO audit_log (seq, action, outcome, prev_hash, hash, request_id) VALUES (999, 'audit.viewed', 'success', 'x', 'y', 'test-forged-2')");
    const rows = await t.database.query<{ seq: string; hash: string; prev_hash: string }>(
      "SELECT seq::text, hash, prev_hash FROM audit_log WHERE request_id = 'test-forged-2'");
    expect(rows[0]!.seq).not.toBe('999');
    expect(rows[0]!.hash).not.toBe('y');
    expect((await verify()).ok).toBe(true);
  });

  it('a failed change (stale version, 409) writes no organisation.updated row; a good one writes one', async () => {
    const created = (await t.as(as, {
      method: 'POST', url: `${API}/organisations`,
      payload: { nameTh: 'หน่วยงานรุ่น', nameEn: 'Versioned', sector: 'ngo', level: 'province', provinceCode: '57' },
    })).json() as { id: string };
    const updated = () => t.database.query<{ request_id: string; details: unknown }>(
      "SELECT request_id, details FROM audit_log WHERE action = 'organisation.updated' AND target_id = $1", [created.id]);
    const ok = await t.as(as, { method: 'PATCH', url: `${API}/organisations/${created.id}`, payload: { version: 1, nameEn: 'Versioned 2' } });
    expect(ok.statusCode).toBe(200);
    expect(await updated()).toEqual([{ request_id: ok.headers['x-request-id'], details: { fields: ['nameEn'] } }]);
    const stale = await t.as(as, { method: 'PATCH', url: `${API}/organisations/${created.id}`, payload: { version: 1, nameEn: 'Versioned 3' } });
    expect(stale.statusCode).toBe(409);
    expect(await updated()).toHaveLength(1);
    const badProvince = await t.as(as, { method: 'PATCH', url: `${API}/organisations/${created.id}`, payload: { version: 2, provinceCode: '99' } });
    expect(badProvince.statusCode).toBe(422);
    expect(await updated()).toHaveLength(1);
    const noRequest = await t.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE request_id = ANY($1::text[])', [[stale.headers['x-request-id'], badProvince.headers['x-request-id']]]);
    expect(noRequest[0]!.n).toBe(0);
  });

  it('the audit viewer logs its own use', async () => {
    const res = await t.as(as, { method: 'GET', url: `${API}/audit?action=organisation.created&limit=10` });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { action: string; actorUsername: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.action === 'organisation.created')).toBe(true);
    expect(items[0]!.actorUsername).toBe(admin.username);
    const viewed = await t.database.query<{ details: unknown }>(
      "SELECT details FROM audit_log WHERE action = 'audit.viewed' AND request_id = $1", [res.headers['x-request-id']]);
    expect(viewed).toEqual([{ details: { filters: ['action'] } }]);
  });

  it('entries written outside a transaction by concurrent requests share commits, each written once before its caller resumes, chained in order', async () => {
    const [before] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    const written = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
      await writeAudit(t.database.db, { actor: null, requestId: `group-${i}` }, { action: 'audit.viewed', details: { i } });
      // Resumed: the entry is committed and visible to any other connection.
      const [row] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE request_id = $1', [`group-${i}`]);
      return row!.n;
    }));
    expect(written).toEqual(Array(40).fill(1));
    const rows = await t.database.query<{ request_id: string; xmin: string }>(
      `SELECT request_id, xmin::text FROM audit_log WHERE request_id LIKE 'group-%' ORDER BY audit_log.seq`);
    expect(rows.map((r) => r.request_id).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `group-${i}`).sort());
    // Fewer transactions than entries: the ones that arrived while a write was in flight went together.
    expect(new Set(rows.map((r) => r.xmin)).size).toBeLessThan(40);
    const [after] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(after!.n).toBe(before!.n + 40);
    expect((await verify()).ok).toBe(true);
  });

  it('a row the database refuses fails only its own caller; the others of its batch are written', async () => {
    // A NUL character cannot be stored in jsonb (SQLSTATE 22P05): that row is refused, its neighbours not.
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) =>
      writeAudit(t.database.db, { actor: null, requestId: `refused-${i}` }, { action: 'audit.viewed', details: { note: i === 3 ? 'nul\u0000' : 'ok' } })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const rows = await t.database.query<{ request_id: string }>(`SELECT request_id FROM audit_log WHERE request_id LIKE 'refused-%' ORDER BY 1`);
    expect(rows.map((r) => r.request_id)).toEqual(['refused-0', 'refused-1', 'refused-2', 'refused-4', 'refused-5']);
    expect((await verify()).ok).toBe(true);
  });

  it('verifies a long chain in order, across more than one page', async () => {
    // Ten or more entries: seq 10 must follow 9 (not 1, as in text order); 5000 is the verifier's page size.
    await t.database.query(
      `INSERT INTO audit_log (action, outcome, request_id, details)
       SELECT 'audit.viewed', 'success', 'bulk-' || g, jsonb_build_object('n', g) FROM generate_series(1, 5010) g`);
    const [n] = await t.database.query<{ n: number; max: string }>('SELECT count(*)::int AS n, max(seq)::text AS max FROM audit_log');
    expect(Number(n!.max)).toBe(n!.n);
    expect(await verify()).toEqual({ ok: true, entries: n!.n, firstBroken: null });
  });

  // Last: it breaks this database's chain on purpose.
  it('detects a row edited with the triggers bypassed', async () => {
    const before = await verify();
    expect(before.ok).toBe(true);
    const [target] = await t.database.query<{ seq: string }>(
      "SELECT seq::text FROM audit_log WHERE action = 'organisation.created' ORDER BY audit_log.seq LIMIT 1");
    const seq = Number(target!.seq);
    expect(seq).toBeGreaterThan(1);
    await t.database.withSession(async (s) => {
      await s.exec('SET session_replication_role = replica');
      try {
        await s.query(`UPDATE audit_log SET details = '{"note":"edited"}'::jsonb WHERE seq = $1`, [seq]);
      } finally {
        await s.exec('SET session_replication_role = DEFAULT');
      }
    });
    const [edited] = await t.database.query<{ details: unknown }>('SELECT details FROM audit_log WHERE seq = $1', [seq]);
    expect(edited!.details).toEqual({ note: 'edited' });
    // The trigger is active again for everyone else.
    await expect(t.database.query('DELETE FROM audit_log WHERE seq = $1', [seq])).rejects.toThrow(/append-only/);
    expect(await verify()).toEqual({ ok: false, entries: seq - 1, firstBroken: { seq, reason: 'hash_mismatch' } });
  });

  it('detects a rewritten link and a deleted row (gap)', async () => {
    const [c] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    const total = c!.n;
    const bypass = (fn: (s: SqlSession) => Promise<void>) => t.database.withSession(async (s) => {
      await s.exec('SET session_replication_role = replica');
      try {
        await fn(s);
      } finally {
        await s.exec('SET session_replication_role = DEFAULT');
      }
    });
    // Undo the previous test's edit so only the next change is seen.
    await bypass((s) => s.query(`UPDATE audit_log SET details = '{}'::jsonb WHERE details = '{"note":"edited"}'::jsonb`).then(() => undefined));
    expect((await verify()).ok).toBe(true);

    // A row re-hashed consistently with a forged previous hash: its own hash matches, the link does not.
    const k = total - 3;
    const [orig] = await t.database.query<{ prev_hash: string; hash: string }>('SELECT prev_hash, hash FROM audit_log WHERE seq = $1', [k]);
    await bypass((s) => s.query(
      `UPDATE audit_log SET prev_hash = repeat('0', 64),
         hash = audit_entry_hash(repeat('0', 64), seq, at, actor_user_id, actor_token_id, actor_organisation_id,
                                 action, target_type, target_id, request_id, outcome, details)
       WHERE seq = $1`, [k]).then(() => undefined));
    expect(await verify()).toEqual({ ok: false, entries: k - 1, firstBroken: { seq: k, reason: 'broken_link' } });
    await bypass((s) => s.query('UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3', [orig!.prev_hash, orig!.hash, k]).then(() => undefined));
    expect((await verify()).ok).toBe(true);

    // A deleted row (on the verifier's second page).
    await bypass((s) => s.query('DELETE FROM audit_log WHERE seq = $1', [total - 1]).then(() => undefined));
    expect(await verify()).toEqual({ ok: false, entries: total - 2, firstBroken: { seq: total, reason: 'gap' } });
  });

  it.skipIf(Boolean(process.env.DATABASE_URL))('the CLI verifies the chain of an on-disk database and reports a break', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phakhi-audit-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PHAKHI_DATA_DIR: dir, NODE_ENV: 'development', PHAKHI_LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL;
      delete env.PHAKHI_DATA_KEY;
      const empty = await run(['audit-verify'], env);
      expect(empty.stderr).not.toMatch(/error:/);
      expect(empty.code).toBe(0);
      expect(empty.stdout).toMatch(/audit chain intact: 0 entries/);

      // Entries written by the application (in-process, same files), then verified by the CLI.
      const dataDir = join(dir, 'pglite');
      let database = await openDatabase({ dataDir });
      try {
        await migrate(database);
        for (const action of ['auth.login', 'organisation.created', 'audit.viewed'] as const) {
          await writeAudit(database.db, { actor: null, requestId: 'cli-test' }, { action, details: { n: 1 } });
        }
      } finally {
        await database.close();
      }
      const ok = await run(['audit-verify'], env);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/audit chain intact: 3 entries/);

      // Tamper with the file database directly, then the CLI must fail.
      database = await openDatabase({ dataDir });
      try {
        await database.exec('SET session_replication_role = replica');
        await database.exec(`UPDATE audit_log SET target_id = 'someone-else' WHERE seq = 2`);
        await database.exec('SET session_replication_role = DEFAULT');
      } finally {
        await database.close();
      }
      const broken = await run(['audit-verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/BROKEN at seq 2 \(hash_mismatch\); 1 entries verified/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
