import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { generate } from 'otplib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildApp } from '../app.js';
import { openDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { createDataCipher, generateDataKey, parseDataKey, type DataCipher } from '../platform/crypto.js';
import { hashPassword } from '../platform/auth/password.js';
import { newTotpSecret } from '../platform/auth/totp.js';
import { organisations, userRoles, users } from '../db/schema/index.js';
import type { RoleName } from '../../contracts/access.js';

/**
 * A fresh database per test file: in-memory PGlite by default, a new database on the PostgreSQL
 * server when DATABASE_URL is set (so CI runs the same tests on both engines).
 */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({});
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  const name = `phakhi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  const database = await openDatabase({ databaseUrl: u.toString() });
  await migrate(database);
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  organisationId: string;
  totpSecret: string | null;
}

export interface Signed {
  cookie: string;
  csrf: string;
}

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  cipher: DataCipher;
  logs: string[];
  close(): Promise<void>;
  org(values?: Partial<typeof organisations.$inferInsert>): Promise<string>;
  user(roles: RoleName[], opts?: { organisationId?: string; provinceCode?: string | null; mustChangePassword?: boolean }): Promise<TestUser>;
  login(u: TestUser): Promise<Signed>;
  /** Inject with a signed-in session (cookie + CSRF). */
  as(s: Signed | null, req: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

let seq = 0;
export const testPassword = 'kite-tamarind-river-moon-42';

export async function createTestContext(opts: { sessionCacheMs?: number } = {}): Promise<TestContext> {
  const { database, drop } = await openTestDatabase();
  const cipher = createDataCipher(parseDataKey(generateDataKey()));
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  // The session cache is off unless a test asks for it: tests change sessions directly in the database,
  // and on PostgreSQL the NOTIFY that invalidates the cache arrives a moment after the change commits.
  // session-cache.integration.test.ts covers the cache with invalidation on both engines.
  const app = await buildApp({
    database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream,
    sessionCacheMs: opts.sessionCacheMs ?? 0,
  });
  await app.ready();
  const passwordHash = await hashPassword(testPassword);

  const ctx: TestContext = {
    app, database, cipher, logs,
    async close() {
      await app.close();
      await drop();
    },
    async org(values = {}) {
      const [row] = await database.db.insert(organisations).values({
        nameTh: `หน่วยงานทดสอบ ${++seq}`, nameEn: `Test organisation ${seq}`, sector: 'central_government', level: 'province',
        provinceCode: '57', ...values,
      }).returning({ id: organisations.id });
      return row!.id;
    },
    async user(roles, opts = {}) {
      const organisationId = opts.organisationId ?? (await ctx.org({ provinceCode: opts.provinceCode === undefined ? '57' : opts.provinceCode }));
      const username = `user${++seq}_${randomBytes(3).toString('hex')}`;
      const needsMfa = roles.includes('system_admin') || roles.includes('national_analyst');
      const totpSecret = needsMfa ? newTotpSecret() : null;
      const [row] = await database.db.insert(users).values({
        organisationId, username, displayName: `Test ${username}`, passwordHash,
        mustChangePassword: opts.mustChangePassword ?? false,
        totpSecretEnc: totpSecret ? cipher.encrypt(totpSecret) : null, totpEnabledAt: totpSecret ? new Date() : null,
      }).returning({ id: users.id });
      await database.db.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
      return { id: row!.id, username, password: testPassword, organisationId, totpSecret };
    },
    async login(u) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password: u.password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = cookieOf(res);
      const body = res.json() as { csrfToken: string; mfaRequired: boolean };
      if (body.mfaRequired && u.totpSecret) {
        // Replay protection refuses a code whose time step was already used; tests sign in the same user often.
        await database.db.update(users).set({ totpLastStep: null }).where(eq(users.id, u.id));
        const code = await generate({ secret: u.totpSecret });
        const m = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa', payload: { code }, headers: { cookie, 'x-csrf-token': body.csrfToken } });
        if (m.statusCode !== 200) throw new Error(`mfa failed: ${m.statusCode} ${m.body}`);
      }
      return { cookie, csrf: body.csrfToken };
    },
    as(s, req) {
      const headers: Record<string, string> = { ...(req.headers ?? {}) };
      if (s) {
        headers.cookie = s.cookie;
        headers['x-csrf-token'] = s.csrf;
      }
      return app.inject({ method: req.method as 'GET', url: req.url, payload: req.payload as object, headers });
    },
  };
  return ctx;
}

export function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'phakhi_session');
  if (!c) throw new Error('no session cookie');
  return `phakhi_session=${c.value}`;
}

export async function userIdByName(database: Database, username: string): Promise<string | undefined> {
  const rows = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return rows[0]?.id;
}
