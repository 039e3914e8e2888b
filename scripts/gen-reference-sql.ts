/**
 * Generates src/server/db/migrations/0001_reference_data.sql: the rows of the reference tables
 * (provinces, districts, subdistricts, countries, languages) as plain INSERT statements.
 *
 *   npx tsx scripts/gen-reference-sql.ts [path/to/th-admin-areas.json]
 *
 * The admin-area file defaults to ../shared/data/th-admin-areas.json beside the repository.
 * The SQL is committed, so neither the shared folder nor this script is needed at run time.
 * Output is sorted by code, so regenerating with the same inputs (and the same Node/ICU) gives
 * the same file byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import countries from 'i18n-iso-countries';
import countriesTh from 'i18n-iso-countries/langs/th.json' with { type: 'json' };
import countriesEn from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import countriesPkg from 'i18n-iso-countries/package.json' with { type: 'json' };
import { iso6392 } from 'iso-639-2';
import iso6392Pkg from 'iso-639-2/package.json' with { type: 'json' };

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultAdminAreasPath = resolve(repoRoot, '../shared/data/th-admin-areas.json');
export const outputPath = resolve(repoRoot, 'src/server/db/migrations/0001_reference_data.sql');

/** drizzle-kit's statement separator; drizzle's migrator splits migration files on it. */
export const BREAKPOINT = '--> statement-breakpoint';
const CHUNK = 1000;

const THAI = /[\u0E00-\u0E7F]/;

// ---------------------------------------------------------------------------------------------
// Languages that Intl (CLDR) cannot name correctly, or that are not ISO 639-1.
// ---------------------------------------------------------------------------------------------

interface HandNames {
  en?: string;
  th?: string;
}

/**
 * ISO 639-1 codes that ICU canonicalises to a *different* language before naming them
 * (bh → Bhojpuri, tw → Akan, tl → Filipino). Their names must be written here.
 */
const ISO6391_OVERRIDES: Record<string, HandNames> = {
  bh: { en: 'Bihari languages', th: 'พิหาร' },
  tl: { en: 'Tagalog', th: 'ตากาล็อก' },
  tw: { en: 'Twi', th: 'ทวิ' },
};

/**
 * Languages without an ISO 639-1 code that matter for Thailand's migrant, refugee and ethnic
 * communities. Codes are ISO 639-3 (individual/macro languages) or ISO 639-2 (`kar`, a
 * collective code). Names come from Intl where it has them; a name given here is used instead.
 */
const EXTRA_LANGUAGES: Record<string, HandNames> = {
  // Myanmar
  shn: {}, // Shan / ไทใหญ่ (CLDR)
  kac: {}, // Kachin (Jingpho) / กะฉิ่น (CLDR)
  rhg: {}, // Rohingya / โรฮิงญา (CLDR)
  mnw: { en: 'Mon', th: 'มอญ' },
  rki: { en: 'Rakhine (Arakanese)', th: 'ยะไข่' },
  tvn: { en: 'Tavoyan (Dawei)', th: 'ทวาย' },
  blk: { en: "Pa'o", th: 'ปะโอ (ต่องสู้)' },
  cnh: { en: 'Hakha Chin', th: 'ชินฮาคา' },
  ctd: { en: 'Tedim Chin', th: 'ชินเตดิม' },
  // Karen (กะเหรี่ยง): the ISO 639-2 collective code and the main languages spoken in Thailand
  kar: { en: 'Karen languages', th: 'กะเหรี่ยง' },
  ksw: { en: "S'gaw Karen", th: 'กะเหรี่ยงสะกอ' },
  pww: { en: 'Pwo Northern Karen', th: 'กะเหรี่ยงโปว์เหนือ' },
  kjp: { en: 'Pwo Eastern Karen', th: 'กะเหรี่ยงโปว์ตะวันออก' },
  eky: { en: 'Eastern Kayah', th: 'คะยาตะวันออก (กะเหรี่ยงแดง)' },
  kyu: { en: 'Western Kayah', th: 'คะยาตะวันตก (กะเหรี่ยงแดง)' },
  pdu: { en: 'Kayan', th: 'กะยัน (ปาดอง)' },
  // Highland peoples of northern Thailand
  hmn: {}, // Hmong / ม้ง (CLDR)
  mww: { en: 'Hmong Daw', th: 'ม้งขาว' },
  hnj: { th: 'ม้งเขียว' }, // English "Hmong Njua" from CLDR
  ium: { en: 'Iu Mien (Yao)', th: 'อิ้วเมี่ยน (เย้า)' },
  ahk: { en: 'Akha', th: 'อาข่า' },
  lhu: { en: 'Lahu', th: 'ลาหู่' },
  lis: { en: 'Lisu', th: 'ลีซู' },
  lwl: { en: 'Eastern Lawa', th: 'ลัวะตะวันออก' },
  lcp: { en: 'Western Lawa', th: 'ลัวะตะวันตก' },
  kjg: { en: 'Khmu', th: 'ขมุ' },
  mra: { en: 'Mlabri', th: 'มลาบรี' },
  khb: { en: 'Tai Lue', th: 'ไทลื้อ' },
  // Regional languages of Thailand
  nod: { en: 'Northern Thai', th: 'ไทยถิ่นเหนือ (คำเมือง)' },
  tts: { en: 'Northeastern Thai (Isan)', th: 'ไทยถิ่นอีสาน' },
  sou: { en: 'Southern Thai', th: 'ไทยถิ่นใต้' },
  mfa: { en: 'Pattani Malay', th: 'มลายูปัตตานี' },
  kxm: { en: 'Northern Khmer', th: 'เขมรถิ่นไทย' },
  kdt: { en: 'Kuy', th: 'กูย' },
  pht: { en: 'Phu Thai', th: 'ผู้ไท' },
  blt: { th: 'ไทดำ' }, // English "Tai Dam" from CLDR
  mwt: { en: 'Moken', th: 'มอแกน' },
  mkm: { en: 'Moklen', th: 'มอแกลน' },
  urk: { en: "Urak Lawoi'", th: 'อูรักลาโว้ย' },
  // Chinese languages of Thailand's Chinese communities, and Filipino
  nan: {}, // Min Nan (incl. Teochew) / จีนมินหนาน (CLDR)
  hak: {}, // Hakka / จีนแคะ (CLDR)
  yue: {}, // Cantonese / กวางตุ้ง (CLDR)
  fil: {}, // Filipino / ฟิลิปปินส์ (CLDR)
};

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

type Value = string | null;

interface Table {
  name: string;
  columns: string[];
  rows: Value[][];
}

interface AdminArea {
  code: string;
  parent_code: string | null;
  level: 'province' | 'district' | 'subdistrict';
  name_th: string;
  name_en: string;
  postal_code: string | null;
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function fail(message: string): never {
  throw new Error(`gen-reference-sql: ${message}`);
}

function checkName(what: string, th: string, en: string): void {
  if (!th.trim() || !THAI.test(th)) fail(`${what}: Thai name ${JSON.stringify(th)} is not Thai`);
  if (!en.trim()) fail(`${what}: empty English name`);
  if (th !== th.trim() || en !== en.trim()) fail(`${what}: untrimmed name`);
}

export function adminAreaTables(path: string): Table[] {
  const areas = JSON.parse(readFileSync(path, 'utf8')) as AdminArea[];
  if (!Array.isArray(areas)) fail(`${path} is not a JSON array`);
  const levels = { province: 2, district: 4, subdistrict: 6 } as const;
  const codes = new Map<string, AdminArea>();
  for (const a of areas) {
    const len = levels[a.level];
    if (len === undefined) fail(`unknown level ${JSON.stringify(a.level)}`);
    if (typeof a.code !== 'string' || !new RegExp(`^\\d{${len}}$`).test(a.code)) {
      fail(`bad ${a.level} code ${JSON.stringify(a.code)}`);
    }
    if (codes.has(a.code)) fail(`duplicate code ${a.code}`);
    codes.set(a.code, a);
    checkName(a.code, a.name_th, a.name_en);
    if (a.postal_code !== null && !/^\d{5}$/.test(a.postal_code)) fail(`bad postal code at ${a.code}`);
  }
  const parentLevel = { province: null, district: 'province', subdistrict: 'district' } as const;
  for (const a of areas) {
    const want = parentLevel[a.level];
    if (want === null) {
      if (a.parent_code !== null) fail(`province ${a.code} has a parent`);
      continue;
    }
    const parent = a.parent_code === null ? undefined : codes.get(a.parent_code);
    if (!parent || parent.level !== want || !a.code.startsWith(parent.code)) {
      fail(`${a.code}: bad parent ${String(a.parent_code)}`);
    }
  }
  const of = (level: AdminArea['level']): AdminArea[] =>
    areas.filter((a) => a.level === level).sort((a, b) => byCode(a.code, b.code));
  const provinces = of('province');
  const districts = of('district');
  const subdistricts = of('subdistrict');
  const counts = [provinces.length, districts.length, subdistricts.length];
  if (counts.join('/') !== '77/928/7436') fail(`expected 77/928/7436 areas, got ${counts.join('/')}`);
  return [
    {
      name: 'provinces',
      columns: ['code', 'name_th', 'name_en'],
      rows: provinces.map((a) => [a.code, a.name_th, a.name_en]),
    },
    {
      name: 'districts',
      columns: ['code', 'province_code', 'name_th', 'name_en'],
      rows: districts.map((a) => [a.code, a.parent_code, a.name_th, a.name_en]),
    },
    {
      name: 'subdistricts',
      columns: ['code', 'district_code', 'name_th', 'name_en', 'postal_code'],
      rows: subdistricts.map((a) => [a.code, a.parent_code, a.name_th, a.name_en, a.postal_code]),
    },
  ];
}

export function countryTable(): Table {
  countries.registerLocale(countriesTh);
  countries.registerLocale(countriesEn);
  const rows: Value[][] = [];
  const alpha3s = Object.keys(countries.getAlpha3Codes()).sort(byCode);
  for (const alpha3 of alpha3s) {
    const alpha2 = countries.alpha3ToAlpha2(alpha3);
    const numeric = countries.alpha3ToNumeric(alpha3);
    const th = countries.getName(alpha3, 'th');
    const en = countries.getName(alpha3, 'en');
    if (!alpha2 || !/^[A-Z]{2}$/.test(alpha2)) fail(`${alpha3}: no alpha-2`);
    if (!numeric || !/^\d{1,3}$/.test(numeric)) fail(`${alpha3}: no numeric code`);
    if (!th || !en) fail(`${alpha3}: missing name`);
    checkName(alpha3, th, en);
    rows.push([alpha3, alpha2, numeric.padStart(3, '0'), th, en]);
  }
  if (rows.length < 249) fail(`only ${rows.length} countries`);
  return { name: 'countries', columns: ['alpha3', 'alpha2', 'numeric', 'name_th', 'name_en'], rows };
}

export interface LanguageReport {
  table: Table;
  /** `code field name` for every name written by hand in this script. */
  handWritten: string[];
}

export function languageTable(): LanguageReport {
  const intl = {
    th: new Intl.DisplayNames(['th'], { type: 'language', fallback: 'none' }),
    en: new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }),
  };
  const handWritten: string[] = [];
  const entries = new Map<string, { alpha2: string | null; th: string; en: string }>();

  const nameOf = (code: string, intlCode: string, field: 'th' | 'en', hand: HandNames): string => {
    const given = hand[field];
    if (given !== undefined) {
      handWritten.push(`${code} ${field} ${given}`);
      return given;
    }
    // ICU names an aliased code (e.g. tl) as its replacement (fil): that name is not ours.
    const aliased = Intl.getCanonicalLocales(intlCode)[0] !== intlCode;
    const name = aliased ? undefined : intl[field].of(intlCode);
    // With fallback 'none' a missing name is undefined; older ICUs echo the code back instead.
    if (!name || name.toLowerCase() === intlCode.toLowerCase()) {
      fail(`Intl has no ${field} name for ${intlCode}${aliased ? ' (aliased)' : ''}: write one by hand`);
    }
    return name;
  };

  for (const l of iso6392) {
    if (!l.iso6391) continue;
    const code = l.iso6392T ?? l.iso6392B;
    const hand = ISO6391_OVERRIDES[l.iso6391] ?? {};
    entries.set(code, {
      alpha2: l.iso6391,
      th: nameOf(code, l.iso6391, 'th', hand),
      en: nameOf(code, l.iso6391, 'en', hand),
    });
  }
  const iso6391Count = entries.size;
  if (iso6391Count < 180) fail(`only ${iso6391Count} ISO 639-1 languages`);
  for (const [code, hand] of Object.entries(EXTRA_LANGUAGES)) {
    if (entries.has(code)) fail(`extra language ${code} is already an ISO 639-1 language`);
    entries.set(code, { alpha2: null, th: nameOf(code, code, 'th', hand), en: nameOf(code, code, 'en', hand) });
  }

  const rows: Value[][] = [];
  const seen = { th: new Map<string, string>(), en: new Map<string, string>() };
  for (const code of [...entries.keys()].sort(byCode)) {
    const e = entries.get(code)!;
    if (!/^[a-z]{3}$/.test(code)) fail(`bad language code ${code}`);
    checkName(code, e.th, e.en);
    // Two codes with one name mean Intl answered for a different language than we asked.
    for (const field of ['th', 'en'] as const) {
      const other = seen[field].get(e[field]);
      if (other) fail(`${code} and ${other} share the ${field} name ${e[field]}`);
      seen[field].set(e[field], code);
    }
    rows.push([code, e.alpha2, e.th, e.en]);
  }
  return { table: { name: 'languages', columns: ['code', 'alpha2', 'name_th', 'name_en'], rows }, handWritten };
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

export function sqlLiteral(v: Value): string {
  if (v === null) return 'NULL';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) fail(`control character in ${JSON.stringify(v)}`);
  return `'${v.replaceAll("'", "''")}'`;
}

function insertStatements(t: Table): string[] {
  const cols = t.columns.map((c) => `"${c}"`).join(', ');
  const out: string[] = [];
  for (let i = 0; i < t.rows.length; i += CHUNK) {
    const values = t.rows
      .slice(i, i + CHUNK)
      .map((r) => `(${r.map(sqlLiteral).join(', ')})`)
      .join(',\n');
    out.push(`INSERT INTO "${t.name}" (${cols}) VALUES\n${values};`);
  }
  return out;
}

function header(): string {
  const icu = process.versions.icu ?? 'unknown';
  const cldr = process.versions.cldr ?? 'unknown';
  return [
    '-- Reference data: Thai administrative areas, ISO 3166-1 countries, ISO 639 languages.',
    '-- GENERATED by scripts/gen-reference-sql.ts; do not edit by hand, regenerate:',
    '--   npx tsx scripts/gen-reference-sql.ts [path/to/th-admin-areas.json]',
    '--',
    '-- provinces, districts, subdistricts: shared/data/th-admin-areas.json (see its README.md).',
    '--   DOPA geocodes (TIS 1099), hierarchy, Thai names and postal codes from',
    '--   thailand-geography-data/thailand-geography-json, MIT License,',
    '--   Copyright (c) 2023-Present Joe Takara.',
    '--   English names from OCHA/HDX "Thailand - Subnational Administrative Boundaries"',
    '--   (cod-ab-tha; source: Royal Thai Survey Department), CC BY-IGO 3.0,',
    '--   https://creativecommons.org/licenses/by/3.0/igo/legalcode , via piyayut-ch/mapthai',
    '--   (MIT License, Copyright (c) 2021 Piyayut Chitchumnong); a few names changed, see README.',
    `-- countries: npm i18n-iso-countries ${countriesPkg.version} (MIT License), Thai and English`,
    '--   locales. Includes XKK/XK/983 (Kosovo), a user-assigned code the package lists.',
    `-- languages: ISO 639-1 codes and their ISO 639-2/T codes from npm iso-639-2 ${iso6392Pkg.version}`,
    '--   (MIT License), plus ISO 639-3 / 639-2 codes for languages of Thailand and its migrant',
    '--   communities; Thai and English names from Unicode CLDR (Unicode License v3) via Intl',
    `--   .DisplayNames (ICU ${icu}, CLDR ${cldr}); names CLDR lacks are written in the script.`,
  ].join('\n');
}

export function generateReferenceSql(adminAreasPath: string): { sql: string; tables: Table[]; handWritten: string[] } {
  const langs = languageTable();
  const tables = [...adminAreaTables(adminAreasPath), countryTable(), langs.table];
  const statements = tables.flatMap(insertStatements);
  const sql = `${header()}\n${statements.join(`\n${BREAKPOINT}\n`)}\n`;
  return { sql, tables, handWritten: langs.handWritten };
}

function main(): void {
  const arg = process.argv[2];
  const input = arg ? resolve(process.cwd(), arg) : defaultAdminAreasPath;
  const { sql, tables, handWritten } = generateReferenceSql(input);
  writeFileSync(outputPath, sql);
  for (const t of tables) console.log(`${t.name}: ${t.rows.length} rows`);
  console.log(`hand-written language names: ${handWritten.length}`);
  console.log(`wrote ${outputPath} (${Buffer.byteLength(sql)} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
