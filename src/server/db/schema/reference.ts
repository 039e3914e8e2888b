import { pgTable, text, char, index, primaryKey } from 'drizzle-orm/pg-core';

// DOPA geocodes (TIS 1099): province 2 digits, district 4, sub-district 6. Loaded by migration.
export const provinces = pgTable('provinces', {
  code: char({ length: 2 }).primaryKey(),
  nameTh: text().notNull(),
  nameEn: text().notNull(),
});

export const districts = pgTable(
  'districts',
  {
    code: char({ length: 4 }).primaryKey(),
    provinceCode: char({ length: 2 })
      .notNull()
      .references(() => provinces.code),
    nameTh: text().notNull(),
    nameEn: text().notNull(),
  },
  (t) => [index('districts_province_idx').on(t.provinceCode)],
);

export const subdistricts = pgTable(
  'subdistricts',
  {
    code: char({ length: 6 }).primaryKey(),
    districtCode: char({ length: 4 })
      .notNull()
      .references(() => districts.code),
    nameTh: text().notNull(),
    nameEn: text().notNull(),
    postalCode: char({ length: 5 }),
  },
  (t) => [index('subdistricts_district_idx').on(t.districtCode)],
);

// ISO 3166-1: alpha-3 is what CTDC exports use; alpha-2 is what most forms carry.
export const countries = pgTable('countries', {
  alpha3: char({ length: 3 }).primaryKey(),
  alpha2: char({ length: 2 }).notNull().unique(),
  numeric: char({ length: 3 }).notNull(),
  nameTh: text().notNull(),
  nameEn: text().notNull(),
});

// ISO 639: alpha-3 (639-2/T or 639-3) keys every language, alpha-2 where one exists.
export const languages = pgTable('languages', {
  code: text().primaryKey(),
  alpha2: char({ length: 2 }).unique(),
  nameTh: text().notNull(),
  nameEn: text().notNull(),
});

// Neighbouring areas, derived once from the boundary polygons (scripts/gen-adjacency-sql.ts).
// Both directions are stored so a look-up is one index scan.
export const provinceNeighbours = pgTable(
  'province_neighbours',
  {
    provinceCode: char({ length: 2 }).notNull().references(() => provinces.code),
    neighbourCode: char({ length: 2 }).notNull().references(() => provinces.code),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.neighbourCode] })],
);

export const districtNeighbours = pgTable(
  'district_neighbours',
  {
    districtCode: char({ length: 4 }).notNull().references(() => districts.code),
    neighbourCode: char({ length: 4 }).notNull().references(() => districts.code),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.neighbourCode] })],
);
