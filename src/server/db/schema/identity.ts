import { sql } from 'drizzle-orm';
import {
  pgTable, text, uuid, boolean, integer, timestamp, char, primaryKey, index, bigserial, uniqueIndex, bigint, doublePrecision,
} from 'drizzle-orm/pg-core';
import { provinces } from './reference.js';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    nameTh: text().notNull(),
    nameEn: text().notNull(),
    sector: text().notNull(),
    level: text().notNull(),
    provinceCode: char({ length: 2 }).references(() => provinces.code),
    parentId: uuid(),
    /** The 5P measures it works on: policy, prevention, protection, prosecution, partnership. */
    measures: text().array().notNull().default(sql`'{}'::text[]`),
    address: text(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    /** Names (Thai segmented) and services, for trigram search (network module keeps it current). */
    searchText: text().notNull().default(''),
    /**
     * Every province and district the partner works in (its own province plus organisation_areas),
     * kept by triggers (migration partner_area_arrays) so "near this victim" is one indexed array test.
     */
    areaProvinces: text().array().notNull().default(sql`'{}'::text[]`),
    areaDistricts: text().array().notNull().default(sql`'{}'::text[]`),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organisations_province_idx').on(t.provinceCode),
    // Partner search (network module): with an area, the trigram GIN narrows a text query to the names holding
    // enough of its trigrams and the array GIN to the partners near the victim; the planner ANDs the two.
    // fastupdate off: PGlite runs no autovacuum, so a pending list would never be merged and every search
    // would scan it (with 20,000 partners, every area lookup read 40,000 pending entries: bench/RESULTS.md).
    index('organisations_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`).with({ fastupdate: false }),
    // Without an area, GiST answers "closest names first" (KNN on word-similarity distance) and stops after
    // the page: ~120 rows read instead of scoring every one of 1,200 matches.
    index('organisations_search_gist_idx').using('gist', sql`${t.searchText} gist_trgm_ops`),
    index('organisations_area_provinces_idx').using('gin', t.areaProvinces).with({ fastupdate: false }),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    username: text().notNull(),
    displayName: text().notNull(),
    email: text(),
    passwordHash: text().notNull(),
    mustChangePassword: boolean().notNull().default(false),
    // TOTP secret is encrypted with the data key: a database dump must not yield second factors.
    totpSecretEnc: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    // The last accepted TOTP time step: a code is accepted once only (no replay within its window).
    totpLastStep: bigint({ mode: 'number' }),
    isDemo: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    // Only the SHA-256 of the cookie value is stored: a read of this table cannot hijack a session.
    tokenHash: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text().notNull(),
    mfaPassed: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    ipAddress: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    prefix: text().notNull(),
    permissions: text().array().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('api_tokens_org_idx').on(t.organisationId)],
);

export const apiTokenUses = pgTable(
  'api_token_uses',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    tokenId: uuid()
      .notNull()
      .references(() => apiTokens.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    method: text().notNull(),
    route: text().notNull(),
    statusCode: integer(),
    requestId: text().notNull(),
    ipAddress: text(),
  },
  (t) => [index('api_token_uses_token_idx').on(t.tokenId, t.at)],
);

// Failed sign-ins per key ("u:<username>" or "ip:<address>"): 5 failures lock the key for 15 minutes.
export const loginThrottle = pgTable('login_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  firstFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});

// Case teams (and later other record teams): membership grants record scope.
export const teamMemberships = pgTable(
  'team_memberships',
  {
    recordType: text().notNull(),
    recordId: uuid().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().notNull().default('member'),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.recordType, t.recordId, t.userId] }),
    index('team_memberships_user_idx').on(t.userId, t.recordType),
  ],
);
