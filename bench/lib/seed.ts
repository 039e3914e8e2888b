/**
 * A realistic-sized data set for the request benchmarks, bulk-inserted through drizzle:
 * organisations across provinces, users with roles, other users' live sessions, and a hash-chained
 * audit log (the trigger chains every row, exactly as in production).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RoleName } from '../../src/contracts/access.js';
import type { Database } from '../../src/server/db/client.js';
import { auditLog, organisations, provinces, sessions, userRoles, users } from '../../src/server/db/schema/index.js';
import { hashPassword } from '../../src/server/platform/auth/password.js';
import { sha256Hex } from '../../src/server/platform/crypto.js';
import type { DataCipher } from '../../src/server/platform/crypto.js';
import { newTotpSecret } from '../../src/server/platform/auth/totp.js';

export interface SeedSize {
  organisations: number;
  users: number;
  audit: number;
  /** Live sessions of other users, so the session lookup runs against a populated table. */
  otherSessions: number;
}

export const defaultSeedSize: SeedSize = { organisations: 50, users: 500, audit: 2000, otherSessions: 300 };

export interface Seeded {
  size: SeedSize;
  roleGrants: number;
  /** A provincial officer with a complete sign-in (no MFA, no forced password change). */
  officer: { username: string; password: string; userId: string };
  seedMs: number;
}

const sectors = ['central_government', 'local_government', 'ngo', 'community'] as const;
/** Most people work cases in a province; a few administer or analyse nationally. */
const roleMix: RoleName[][] = [
  ['provincial_officer'], ['provincial_officer', 'mdt_member'], ['mdt_member'], ['service_provider'],
  ['investigator'], ['prosecutor'], ['community_volunteer'], ['community_volunteer'], ['mdt_member', 'service_provider'],
  ['investigator', 'mdt_member'],
];
const auditActions = ['auth.login', 'auth.logout', 'person.viewed', 'person.created', 'person.lookup', 'user.updated'] as const;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function seedBenchData(database: Database, cipher: DataCipher, size: SeedSize = defaultSeedSize): Promise<Seeded> {
  const started = performance.now();
  const { db } = database;
  const password = `bench-${randomBytes(9).toString('base64url')}-tamarind`;
  // argon2 is deliberately slow: one hash shared by every seeded account.
  const passwordHash = await hashPassword(password);

  const provinceCodes = (await db.select({ code: provinces.code }).from(provinces)).map((p) => p.code);
  if (provinceCodes.length === 0) throw new Error('no provinces: migrations did not load reference data');

  const orgRows = await db.insert(organisations).values(
    Array.from({ length: size.organisations }, (_, i) => ({
      nameTh: `หน่วยงานทดสอบสมรรถนะ ${i + 1}`,
      nameEn: `Benchmark organisation ${i + 1}`,
      sector: sectors[i % sectors.length]!,
      level: i < 2 ? 'national' : 'province',
      provinceCode: i < 2 ? null : provinceCodes[i % provinceCodes.length]!,
    })),
  ).returning({ id: organisations.id });
  // Index 0-1 are national organisations; users from index 2 on work in provinces.
  const provincialOrgs = orgRows.slice(2).map((o) => o.id);

  const userValues = Array.from({ length: size.users }, (_, i) => {
    const national = i % 50 === 49;
    const needsMfa = national;
    const secret = needsMfa ? newTotpSecret() : null;
    return {
      organisationId: national ? orgRows[i % 2]!.id : provincialOrgs[i % provincialOrgs.length]!,
      username: `bench_user_${i}`,
      displayName: `Benchmark User ${i}`,
      email: i % 3 === 0 ? `bench${i}@example.org` : null,
      passwordHash,
      totpSecretEnc: secret ? cipher.encrypt(secret) : null,
      totpEnabledAt: secret ? new Date() : null,
    };
  });
  const userIds: string[] = [];
  for (const part of chunks(userValues, 250)) {
    const rows = await db.insert(users).values(part).returning({ id: users.id });
    userIds.push(...rows.map((r) => r.id));
  }

  const grants: { userId: string; role: string }[] = [];
  userIds.forEach((userId, i) => {
    const roles: RoleName[] = i % 50 === 49 ? [i % 100 === 99 ? 'system_admin' : 'national_analyst'] : roleMix[i % roleMix.length]!;
    for (const role of roles) grants.push({ userId, role });
  });
  for (const part of chunks(grants, 500)) await db.insert(userRoles).values(part);

  const now = Date.now();
  const sessionValues = Array.from({ length: size.otherSessions }, (_, i) => ({
    tokenHash: sha256Hex(randomUUID()),
    userId: userIds[(i * 7 + 1) % userIds.length]!,
    csrfToken: randomBytes(24).toString('base64url'),
    mfaPassed: true,
    expiresAt: new Date(now + 6 * 3600_000),
    ipAddress: `10.0.${i % 256}.${(i * 13) % 256}`,
    userAgent: 'Mozilla/5.0 (benchmark)',
  }));
  for (const part of chunks(sessionValues, 300)) await db.insert(sessions).values(part);

  const auditValues = Array.from({ length: size.audit }, (_, i) => {
    const u = (i * 31) % userIds.length;
    const action = auditActions[i % auditActions.length]!;
    return {
      actorUserId: userIds[u]!,
      actorOrganisationId: userValues[u]!.organisationId,
      action,
      outcome: 'success',
      targetType: action.startsWith('person') ? 'person' : action.startsWith('auth') ? 'session' : 'user',
      targetId: randomUUID(),
      requestId: randomUUID(),
      details: {},
    };
  });
  // The chain trigger runs per row: batches keep each statement short.
  for (const part of chunks(auditValues, 250)) await db.insert(auditLog).values(part);

  // User 0 is a provincial officer (roleMix[0]) in a provincial organisation.
  return {
    size,
    roleGrants: grants.length,
    officer: { username: userValues[0]!.username, password, userId: userIds[0]! },
    seedMs: performance.now() - started,
  };
}
