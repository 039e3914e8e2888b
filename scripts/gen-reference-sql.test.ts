import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BREAKPOINT,
  defaultAdminAreasPath,
  generateReferenceSql,
  outputPath,
  repoRoot,
  sqlLiteral,
} from './gen-reference-sql.js';

const migrations = resolve(repoRoot, 'src/server/db/migrations');
const THAI = /^[\u0E00-\u0E7F]/;

async function applyMigration(db: PGlite, file: string): Promise<void> {
  const sql = readFileSync(resolve(migrations, file), 'utf8');
  for (const part of sql.split(BREAKPOINT)) {
    if (part.trim()) await db.exec(part);
  }
}

describe('0001_reference_data.sql', () => {
  let db: PGlite;

  beforeAll(async () => {
    db = new PGlite();
    await applyMigration(db, '0000_core.sql');
    await applyMigration(db, '0001_reference_data.sql');
  });

  afterAll(async () => {
    await db.close();
  });

  async function count(sql: string): Promise<number> {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`);
    return r.rows[0]?.n ?? -1;
  }

  async function one<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    const r = await db.query<T>(sql, params);
    return r.rows[0];
  }

  it('loads every administrative area', async () => {
    expect(await count('SELECT 1 FROM provinces')).toBe(77);
    expect(await count('SELECT 1 FROM districts')).toBe(928);
    expect(await count('SELECT 1 FROM subdistricts')).toBe(7436);
  });

  it('has the expected provinces', async () => {
    const province = (code: string) =>
      one<{ name_th: string; name_en: string }>('SELECT name_th, name_en FROM provinces WHERE code = $1', [code]);
    expect(await province('10')).toEqual({ name_th: 'กรุงเทพมหานคร', name_en: 'Bangkok' });
    expect(await province('57')).toEqual({ name_th: 'เชียงราย', name_en: 'Chiang Rai' });
    expect(await province('63')).toEqual({ name_th: 'ตาก', name_en: 'Tak' });
  });

  it('links every area to an existing parent', async () => {
    expect(
      await count('SELECT 1 FROM districts d LEFT JOIN provinces p ON p.code = d.province_code WHERE p.code IS NULL'),
    ).toBe(0);
    expect(
      await count('SELECT 1 FROM subdistricts s LEFT JOIN districts d ON d.code = s.district_code WHERE d.code IS NULL'),
    ).toBe(0);
    expect(await count("SELECT 1 FROM districts WHERE code NOT LIKE province_code || '%'")).toBe(0);
    expect(await count("SELECT 1 FROM subdistricts WHERE code NOT LIKE district_code || '%'")).toBe(0);
    expect(await count("SELECT 1 FROM subdistricts WHERE postal_code IS NOT NULL AND postal_code !~ '^[0-9]{5}$'")).toBe(0);
  });

  it('has the ISO 3166-1 countries with Thai names', async () => {
    expect(await count('SELECT 1 FROM countries')).toBeGreaterThanOrEqual(249);
    const mmr = await one<{ alpha2: string; numeric: string; name_th: string; name_en: string }>(
      "SELECT alpha2, numeric, name_th, name_en FROM countries WHERE alpha3 = 'MMR'",
    );
    expect(mmr?.alpha2).toBe('MM');
    expect(mmr?.numeric).toBe('104');
    expect(mmr?.name_th).toMatch(THAI);
    expect(mmr?.name_th).toContain('เมียนม');
    expect(mmr?.name_en).toBe('Myanmar');
    const tha = await one<{ alpha2: string; name_th: string }>("SELECT alpha2, name_th FROM countries WHERE alpha3 = 'THA'");
    expect(tha).toEqual({ alpha2: 'TH', name_th: 'ไทย' });
    // Numeric codes are zero-padded: Afghanistan is 004.
    expect(await one("SELECT numeric FROM countries WHERE alpha3 = 'AFG'")).toEqual({ numeric: '004' });
    expect(await count("SELECT 1 FROM countries WHERE numeric !~ '^[0-9]{3}$' OR alpha2 !~ '^[A-Z]{2}$'")).toBe(0);
  });

  it('has the languages of Thailand and its neighbours', async () => {
    expect(await count('SELECT 1 FROM languages WHERE alpha2 IS NOT NULL')).toBeGreaterThanOrEqual(180);
    const lang = (code: string) =>
      one<{ alpha2: string | null; name_th: string; name_en: string }>(
        'SELECT alpha2, name_th, name_en FROM languages WHERE code = $1',
        [code],
      );
    expect(await lang('mya')).toEqual({ alpha2: 'my', name_th: 'พม่า', name_en: 'Burmese' });
    expect((await lang('tha'))?.alpha2).toBe('th');
    expect((await lang('lao'))?.alpha2).toBe('lo');
    expect((await lang('khm'))?.alpha2).toBe('km');
    expect((await lang('eng'))?.alpha2).toBe('en');
    expect(await lang('shn')).toEqual({ alpha2: null, name_th: 'ไทใหญ่', name_en: 'Shan' });
    for (const code of ['kar', 'hmn', 'ahk', 'lhu', 'lis', 'mnw', 'rhg', 'nod', 'tts', 'sou', 'ium', 'rki']) {
      expect((await lang(code))?.name_th, code).toMatch(THAI);
    }
  });

  it('has no empty names anywhere', async () => {
    for (const table of ['provinces', 'districts', 'subdistricts', 'countries', 'languages']) {
      expect(await count(`SELECT 1 FROM ${table} WHERE btrim(name_th) = '' OR btrim(name_en) = ''`), table).toBe(0);
      expect(await count(`SELECT 1 FROM ${table} WHERE name_th !~ '[\u0E00-\u0E7F]'`), table).toBe(0);
    }
  });
});

describe('gen-reference-sql', () => {
  it('quotes SQL strings', () => {
    expect(sqlLiteral("S'gaw")).toBe("'S''gaw'");
    expect(sqlLiteral(null)).toBe('NULL');
  });

  // Needs the shared data folder beside the repository, and the same CLDR as the generating
  // machine (Intl names depend on it); skipped elsewhere.
  const committed = readFileSync(outputPath, 'utf8');
  const sameCldr = committed.includes(`CLDR ${process.versions.cldr ?? '?'})`);
  it.skipIf(!existsSync(defaultAdminAreasPath) || !sameCldr)('committed SQL is up to date', () => {
    expect(generateReferenceSql(defaultAdminAreasPath).sql === committed).toBe(true);
  });
});
