import { pgTable, text, uuid, integer, timestamp, char, index, date } from 'drizzle-orm/pg-core';
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
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persons_org_idx').on(t.organisationId),
    index('persons_province_idx').on(t.provinceCode),
    index('persons_national_id_idx').on(t.nationalIdIndex),
  ],
);
