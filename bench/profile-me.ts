/**
 * A quick breakdown of GET /api/v1/me's cost (not part of `npm run bench`):
 *   npx tsx bench/profile-me.ts            (PGlite)   DATABASE_URL=… npx tsx bench/profile-me.ts
 * Times, sequentially and in-process, the full request through app.inject and each database
 * statement the request runs, and prints the session query's plan.
 */
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { organisations, users } from '../src/server/db/schema/index.js';
import { buildApp } from '../src/server/app.js';
import { openTestDatabase } from '../src/server/test/harness.js';
import { createDataCipher, generateDataKey, parseDataKey, sha256Hex } from '../src/server/platform/crypto.js';
import { findLiveSession, IDLE_TIMEOUT_MS } from '../src/server/platform/auth/sessions.js';
import { rowsOf } from '../src/server/db/client.js';
import { seedBenchData } from './lib/seed.js';
import { median, percentileSorted } from './lib/stats.js';

const N = Number(process.env.PROFILE_N ?? 300);

async function timeIt(label: string, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  const sorted = Float64Array.from(xs).sort();
  process.stdout.write(`${label.padEnd(58)} median ${median(xs).toFixed(3)} ms   p99 ${percentileSorted(sorted, 99).toFixed(3)} ms\n`);
}

const { database, drop } = await openTestDatabase();
const cipher = createDataCipher(parseDataKey(generateDataKey()));
const seeded = await seedBenchData(database, cipher);
const app = await buildApp({
  database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info',
  logStream: new Writable({ write: (_c, _e, cb) => cb() }),
});
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: seeded.officer.username, password: seeded.officer.password } });
const token = login.cookies.find((c) => c.name === 'phakhi_session')!.value;
const cookie = `phakhi_session=${token}`;
const { db } = database;
process.stdout.write(`engine ${database.engine}, N=${N} sequential iterations each\n`);

await timeIt('app.inject GET /api/v1/health (public, SELECT 1)', () => app.inject({ method: 'GET', url: '/api/v1/health' }));
await timeIt('app.inject GET /api/v1/me', () => app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }));
await timeIt('database.query SELECT 1', () => database.query('SELECT 1'));
await timeIt('findLiveSession (guard, every request)', () => findLiveSession(db, token));

const idle = IDLE_TIMEOUT_MS / 1000;
const hash = sha256Hex(token);
await timeIt('  session query without the roles sub-select', () => db.execute(sql`
  SELECT s.id, s.user_id, s.csrf_token, s.mfa_passed, s.last_seen_at, u.organisation_id, o.province_code
    FROM sessions s JOIN users u ON u.id = s.user_id AND u.active JOIN organisations o ON o.id = u.organisation_id AND o.active
   WHERE s.token_hash = ${hash} AND s.revoked_at IS NULL AND s.expires_at > now()
     AND s.last_seen_at > now() - make_interval(secs => ${idle})`));
await timeIt('  sessions by token_hash only', () => db.execute(sql`SELECT id FROM sessions WHERE token_hash = ${hash}`));
await timeIt('  user_roles array_agg for the user', () => db.execute(sql`
  SELECT coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = ${seeded.officer.userId}), '{}')`));

// Alternatives (benchmark database only): the same statements with a cached plan.
await database.exec(`
  CREATE FUNCTION bench_live_session(p_hash text, p_idle double precision)
  RETURNS TABLE (session_id uuid, user_id uuid, csrf_token text, mfa_passed boolean, last_seen_at timestamptz,
                 organisation_id uuid, province_code char(2), must_change_password boolean, totp_enabled boolean, roles text[])
  LANGUAGE plpgsql STABLE AS $fn$
  BEGIN
    RETURN QUERY
    SELECT s.id, s.user_id, s.csrf_token, s.mfa_passed, s.last_seen_at, u.organisation_id, o.province_code,
           u.must_change_password, (u.totp_enabled_at IS NOT NULL),
           coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '{}')
      FROM sessions s
      JOIN users u ON u.id = s.user_id AND u.active
      JOIN organisations o ON o.id = u.organisation_id AND o.active
     WHERE s.token_hash = p_hash AND s.revoked_at IS NULL AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(secs => p_idle);
  END $fn$`);
await timeIt('ALT session query in a plpgsql function (plan cached)', () => db.execute(sql`SELECT * FROM bench_live_session(${hash}, ${idle})`));
const meRowPrepared = db.select({
  id: users.id, username: users.username, displayName: users.displayName, email: users.email,
  totpEnabledAt: users.totpEnabledAt, mustChangePassword: users.mustChangePassword, orgId: organisations.id,
  orgNameTh: organisations.nameTh, orgNameEn: organisations.nameEn, orgProvince: organisations.provinceCode,
}).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId))
  .where(eq(users.id, sql.placeholder('id'))).limit(1).prepare('bench_me_row');
await timeIt('the former /me user+organisation query, as a named prepared statement', () => meRowPrepared.execute({ id: seeded.officer.userId }));

for (const q of [
  sql`EXPLAIN (ANALYZE, SUMMARY) SELECT s.id AS session_id, s.user_id, s.csrf_token, s.mfa_passed, s.last_seen_at,
           u.organisation_id, o.province_code, u.must_change_password,
           (u.totp_enabled_at IS NOT NULL) AS totp_enabled,
           coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles
      FROM sessions s
      JOIN users u ON u.id = s.user_id AND u.active
      JOIN organisations o ON o.id = u.organisation_id AND o.active
     WHERE s.token_hash = ${hash} AND s.revoked_at IS NULL AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(secs => ${idle})`,
]) {
  const plan = rowsOf<Record<string, string>>(await db.execute(q)).map((r) => String(Object.values(r)[0]));
  process.stdout.write(`\nsession query (EXPLAIN ANALYZE): ${plan.filter((l) => /Planning|Execution/.test(l)).join(', ')}\n`);
}

await app.close();
await drop();
