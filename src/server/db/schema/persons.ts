import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, timestamp, char, index, date, boolean } from 'drizzle-orm/pg-core';
import { organisations, users } from './identity.js';
import { provinces } from './reference.js';

// A person known to the network (possible victim, family member). Identity columns end in `_enc`
// (AES-256-GCM with PHAKHI_DATA_KEY); `national_id_index` is an HMAC blind index for exact look-up.
export const persons = pgTable(
  'persons',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    provinceCode: char({ length: 2 }).references(() => provinces.code),
    givenNameEnc: text(),
    familyNameEnc: text(),
    nationalIdEnc: text(),
    nationalIdIndex: text(),
    phoneEnc: text(),
    addressEnc: text(),
    sex: text().notNull().default('unknown'),
    birthDate: date(),
    estimatedAge: integer(),
    nationality: char({ length: 3 }),
    /** Name in Latin script and other names (aliases, names in other scripts), encrypted like the rest. */
    latinNameEnc: text(),
    otherNamesEnc: text(),
    /** HTCDS prs_Gender (Feminine, Masculine …); `sex` stays the coarse value older screens use. */
    gender: text(),
    /** ISO 639 codes; the first is the primary language. */
    languages: text().array().notNull().default(sql`'{}'::text[]`),
    needsInterpreter: boolean().notNull().default(false),
    disability: boolean(),
    vulnerabilities: text().array().notNull().default(sql`'{}'::text[]`),
    /** passport | border_pass | pink_card | other (Thai ID has its own columns). */
    documentType: text(),
    documentNumberEnc: text(),
    documentIndex: text(),
    /**
     * Keyed hashes of the trigrams of every name (Thai and Latin), so names can be searched with typos
     * without keeping them in clear text: a query's trigrams are hashed the same way and overlap counted.
     */
    nameGrams: text().array().notNull().default(sql`'{}'::text[]`),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persons_org_idx').on(t.organisationId),
    index('persons_province_idx').on(t.provinceCode),
    index('persons_national_id_idx').on(t.nationalIdIndex),
    index('persons_document_idx').on(t.documentIndex),
    // The name search's index is an expression GIN over the province-prefixed grams (migration
    // person_name_search): drizzle-kit cannot declare it, so it lives in SQL only.
  ],
);

/**
 * How many persons hold each name gram, kept by statement triggers on persons (migration
 * name_gram_counts_triggers). The name search probes only a query's rarest grams: a common gram
 * (a frequent syllable) would otherwise bring a large share of all persons as candidates.
 */
export const nameGramCounts = pgTable('name_gram_counts', {
  gram: text().primaryKey(),
  persons: integer().notNull(),
});
