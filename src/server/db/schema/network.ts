import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, timestamp, char, boolean, index, primaryKey } from 'drizzle-orm/pg-core';
import { organisations } from './identity.js';
import { districts, provinces, subdistricts } from './reference.js';

/** Where a partner works: a province, or a district or sub-district in it. Several allowed. */
export const organisationAreas = pgTable(
  'organisation_areas',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    districtCode: char({ length: 4 }).references(() => districts.code),
    subdistrictCode: char({ length: 6 }).references(() => subdistricts.code),
  },
  (t) => [index('organisation_areas_org_idx').on(t.organisationId), index('organisation_areas_area_idx').on(t.provinceCode, t.districtCode)],
);

/**
 * A service a partner offers (the seed's list), who it accepts and how much room it has now.
 * Empty `accepts_sexes` / `nationalities` mean "any"; null ages mean no bound.
 */
export const organisationServices = pgTable(
  'organisation_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    service: text().notNull(),
    acceptsSexes: text().array().notNull().default(sql`'{}'::text[]`),
    minAge: integer(),
    maxAge: integer(),
    nationalities: text().array().notNull().default(sql`'{}'::text[]`),
    acceptsDisability: boolean().notNull().default(true),
    capacityTotal: integer(),
    capacityFree: integer(),
    capacityUpdatedAt: timestamp({ withTimezone: true }),
    hours: text(),
    available24h: boolean().notNull().default(false),
    /** ISO 639 codes (languages table) the service can be given in, e.g. interpretation. */
    languages: text().array().notNull().default(sql`'{}'::text[]`),
    notes: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisation_services_org_idx').on(t.organisationId), index('organisation_services_service_idx').on(t.service)],
);

/** Focal points. Visible to signed-in network members only; every read is audited. */
export const organisationContacts = pgTable(
  'organisation_contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid().notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    role: text(),
    officePhone: text(),
    mobile: text(),
    lineId: text(),
    email: text(),
    /** The line to call when a child is in danger tonight. */
    urgent24h: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisation_contacts_org_idx').on(t.organisationId)],
);

/**
 * What the coverage matrix counts: one row per service of an active partner and province the partner works
 * in (its `area_provinces`), with who the service accepts. Kept by triggers (migration
 * network_coverage_triggers) whatever writes the services, the areas or the partner; restored as data like
 * the area arrays. Narrow, so provinces × services is one scan of small rows instead of joining every
 * service to its partner and unnesting the partner's areas (bench/RESULTS.md, network).
 */
export const serviceCoverage = pgTable(
  'service_coverage',
  {
    serviceId: uuid().notNull().references(() => organisationServices.id, { onDelete: 'cascade' }),
    provinceCode: char({ length: 2 }).notNull(),
    organisationId: uuid().notNull(),
    service: text().notNull(),
    acceptsSexes: text().array().notNull(),
    minAge: integer(),
    maxAge: integer(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.provinceCode] }), index('service_coverage_org_idx').on(t.organisationId)],
);
