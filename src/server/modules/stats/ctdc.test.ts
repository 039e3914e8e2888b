import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { ctdcVariables } from '../../../contracts/ctdc.js';
import { apiTokens, caseEvents, casePersons, cases, persons } from '../../db/schema/index.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/access/actor.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { createCtdcService } from './ctdc.service.js';
import { anonymise } from './ctdc.anonymise.js';
import { flagBit, mapVictim, type CtdcBase } from './ctdc.mapping.js';
import { createClassesTable, levelCountsQuery, parseLevelCounts } from './ctdc.repository.js';

/**
 * The CTDC export through the API, on hand-built victims: the SQL's mapping, deduplication,
 * generalisation and suppression must give exactly what the pure core (ctdc.anonymise.ts) gives
 * for the same victims written by hand as CTDC records.
 */

let t: TestContext;
let analyst: Signed;
let officer: Signed;
let provinceToken: string;
const ids: string[] = [];
const secrets: string[] = [];
let seq = 0;

interface VictimSpec {
  org: string;
  province: string;
  openedAt: string;
  role?: 'victim' | 'family';
  status?: string | null;
  gender?: string | null;
  sex?: 'female' | 'male' | 'unknown';
  birthDate?: string | null;
  estimatedAge?: number | null;
  nationality?: string | null;
  documentIndex?: string | null;
  means?: string[];
  exploitation?: string[];
  industry?: string | null;
  sexTypes?: string[];
  relation?: string | null;
  takenIntoCareAt?: string | null;
  events?: { type: 'Recruitment' | 'Transit' | 'Exploitation'; date: string | null; country: string | null }[];
}

async function victim(v: VictimSpec): Promise<void> {
  const n = ++seq;
  const name = `Secretname${n}`;
  secrets.push(name, v.documentIndex ?? '');
  const [c] = await t.database.db.insert(cases).values({
    caseNumber: `${v.province}-2566-${String(n).padStart(5, '0')}`, provinceCode: v.province, yearBe: 2566, seq: n,
    organisationId: v.org, openedAt: new Date(v.openedAt), exploitationTypes: v.exploitation ?? [],
  }).returning({ id: cases.id, caseNumber: cases.caseNumber });
  const [p] = await t.database.db.insert(persons).values({
    organisationId: v.org, provinceCode: v.province, givenNameEnc: t.cipher.encrypt(name), familyNameEnc: t.cipher.encrypt(name),
    sex: v.sex ?? 'unknown', gender: v.gender ?? null, birthDate: v.birthDate ?? null, estimatedAge: v.estimatedAge ?? null,
    nationality: v.nationality ?? null, documentType: v.documentIndex ? 'passport' : null, documentIndex: v.documentIndex ?? null,
  }).returning({ id: persons.id });
  const [cp] = await t.database.db.insert(casePersons).values({
    caseId: c!.id, personId: p!.id, role: v.role ?? 'victim',
    traffickingStatus: v.status === undefined ? 'ActualVictimOfTrafficking' : v.status,
    meansOfControl: v.means ?? [], exploitationTypes: v.exploitation ?? [], industry: v.industry ?? null,
    sexExploitationTypes: v.sexTypes ?? [], relationshipToTrafficker: v.relation ?? null,
    takenIntoCareAt: v.takenIntoCareAt ? new Date(v.takenIntoCareAt) : null,
  }).returning({ id: casePersons.id });
  for (const e of v.events ?? []) {
    await t.database.db.insert(caseEvents).values({ casePersonId: cp!.id, type: e.type, eventDate: e.date, country: e.country });
  }
  ids.push(c!.id, c!.caseNumber, p!.id, cp!.id);
}

/** Profile 1 (Chiang Rai): a woman from Myanmar, 25, forced labour in agriculture under debt bondage, 14 months. */
const profile1 = (org: string): VictimSpec => ({
  org, province: '57', openedAt: '2023-03-01T10:00:00+07:00', gender: 'Feminine', nationality: 'MMR',
  means: ['DebtBondage'], exploitation: ['ForcedLabour'], industry: 'A_AgricultureForestryAndFishing',
  takenIntoCareAt: '2023-03-01T12:00:00+07:00',
  events: [{ type: 'Recruitment', date: '2022-01-01', country: 'MMR' }, { type: 'Exploitation', date: '2022-02-01', country: 'THA' }],
});
const base1: CtdcBase = {
  year: 2023, gender: 1, age: 4, citizenship: 'MMR', country: 'THA', months: 1,
  flags: flagBit('isForcedLabour') | flagBit('meansDebtBondageEarnings') | flagBit('typeOfLabourAgriculture'),
};
/** Profile 2 (Bangkok): a man from Cambodia, 30, sexual exploitation (prostitution), recruited by family; no events. */
const profile2 = (org: string): VictimSpec => ({
  org, province: '10', openedAt: '2023-06-01T10:00:00+07:00', sex: 'male', nationality: 'KHM', estimatedAge: 30,
  exploitation: ['SexualExploitation'], sexTypes: ['Prostitution'], relation: 'Familial', status: 'PossibleVictimOfTrafficking',
});
const base2: CtdcBase = {
  year: 2023, gender: 0, age: 6, citizenship: 'KHM', country: null, months: null,
  flags: flagBit('isSexualExploit') | flagBit('typeOfSexProstitution') | flagBit('recruiterRelationFamily'),
};
const outlier: CtdcBase = { year: 2024, gender: 2, age: 0, citizenship: 'UZB', country: null, months: null, flags: flagBit('isOtherExploit') };
/** What the export must contain, as CTDC records: the nation's victims of 2023–2024, each person once. */
const nationalRecords = [...Array<CtdcBase>(12).fill(base1), ...Array<CtdcBase>(11).fill(base2), outlier];

const get = (s: Signed | null, url: string, headers?: Record<string, string>) => t.as(s, { method: 'GET', url, ...(headers ? { headers } : {}) });
const url = (q: string) => `/api/v1/stats/export/ctdc?${q}`;

function expectedCsv(records: CtdcBase[], k: number, from = 2023, to = 2024): string[][] {
  const r = anonymise(records, { k, from, to });
  // The export orders classes; the comparison does not depend on order.
  return r.rows.map((row) => [...row]).sort();
}
/** A count as the headers state it: from 1 to 4 reads "<5" (the statistics' small-cell rule). */
const shownCount = (n: number) => (n >= 1 && n <= 4 ? '<5' : String(n));
function csvRows(body: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(body) as string[][];
  return { header: header!, rows };
}

beforeAll(async () => {
  t = await createTestContext();
  const org57 = await t.org({ provinceCode: '57' });
  const org10 = await t.org({ provinceCode: '10' });
  // 11 distinct people of profile 1, by birth date or estimated age, and one person recorded by two agencies.
  for (let i = 0; i < 11; i++) await victim({ ...profile1(org57), ...(i % 2 ? { birthDate: '1998-01-15' } : { estimatedAge: 25 }) });
  await victim({ ...profile1(org57), estimatedAge: 25, documentIndex: 'dup-doc-index' });
  await victim({ ...profile1(org10), province: '10', estimatedAge: 25, documentIndex: 'dup-doc-index', openedAt: '2023-09-01T10:00:00+07:00' });
  // Not victims, or outside the period: never exported.
  await victim({ ...profile1(org57), estimatedAge: 25, status: 'NotAVictimOfTrafficking' });
  await victim({ ...profile1(org57), estimatedAge: 25, role: 'family' });
  await victim({ ...profile1(org57), estimatedAge: 25, openedAt: '2022-12-31T23:30:00+07:00' });
  await victim({ ...profile1(org57), estimatedAge: 25, openedAt: '2025-01-01T00:10:00+07:00' });
  for (let i = 0; i < 11; i++) await victim({ ...profile2(org10), ...(i === 0 ? { status: null } : {}) });
  await victim({
    org: org10, province: '10', openedAt: '2024-12-31T23:00:00+07:00', gender: 'NonConforming', nationality: 'UZB', birthDate: '2020-01-01',
    exploitation: ['OrganRemoval'],
  });

  const analystUser = await t.user(['national_analyst'], { provinceCode: null });
  analyst = await t.login(analystUser);
  officer = await t.login(await t.user(['provincial_officer'], { organisationId: org57 }));
  const tok = newTokenSecret();
  await t.database.db.insert(apiTokens).values({
    organisationId: org57, name: 'ctdc test', tokenHash: tok.hash, prefix: tok.prefix, permissions: ['stats.export'],
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  provinceToken = tok.token;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/stats/export/ctdc', () => {
  it('releases the national victims as CTDC rows, k-anonymised as the pure core does, with the method in headers', async () => {
    const res = await get(analyst, url('from=2023&to=2024'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['x-anonymisation-method']).toBe('k-anonymity');
    expect(res.headers['x-anonymisation-k']).toBe('11');
    // 12 + 11 + 1 victims (the person recorded twice counts once); the outlier is suppressed (1 ≤ 5 % of 24).
    // A withheld 1 reads "<5", and so does the 24 that would give it away (the exact counts are in the audit log).
    expect(res.headers['x-anonymisation-records']).toBe('<5');
    expect(res.headers['x-anonymisation-suppressed']).toBe('<5');
    expect(res.headers['x-anonymisation-released']).toBe('23');
    expect(res.headers['x-anonymisation-generalisation']).toBe('none');
    const { header, rows } = csvRows(res.body);
    expect(res.body.split('\n')[0]).toBe(ctdcVariables.join(','));
    expect(header).toEqual([...ctdcVariables]);
    expect(rows.sort()).toEqual(expectedCsv(nationalRecords, 11));
    expect(rows.filter((r) => r[1] === 'Woman')[0]).toEqual([
      '2023', 'Woman', '24–26', 'MMR', 'THA', '13–24', '1', '', '', '', '', '', '', '', '1', '', '', '1', '', '', '', '', '', '', '', '', '',
    ]);
  });

  it('generalises, then suppresses, exactly like the pure core for other k', async () => {
    for (const k of [2, 12, 24, 25]) {
      const res = await get(analyst, url(`from=2023&to=2024&k=${k}`));
      expect(res.statusCode, res.body).toBe(200);
      const r = anonymise(nationalRecords, { k, from: 2023, to: 2024 });
      expect([k, res.headers['x-anonymisation-generalisation'], res.headers['x-anonymisation-suppressed'], res.headers['x-anonymisation-released']])
        .toEqual([k, r.levelName, shownCount(r.suppressed), String(r.released)]);
      expect(csvRows(res.body).rows.sort()).toEqual(expectedCsv(nationalRecords, k));
      const counts = new Map<string, number>();
      for (const row of csvRows(res.body).rows) counts.set(row.join(','), (counts.get(row.join(',')) ?? 0) + 1);
      for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(k);
    }
    // k = 12 cannot keep the Bangkok men apart from the Chiang Rai women: everything is generalised away.
    const res = await get(analyst, url('from=2023&to=2024&k=12'));
    expect(res.headers['x-anonymisation-suppressed']).toBe('0');
    expect(new Set(csvRows(res.body).rows.map((r) => r.join(',')))).toEqual(new Set([`2023–2024${','.repeat(26)}`]));
  });

  it('carries no identity: no names, ids, case numbers or document indexes', async () => {
    const res = await get(analyst, url('from=2023&to=2024&k=2'));
    expect(res.statusCode).toBe(200);
    for (const s of [...ids, ...secrets.filter(Boolean)]) expect(res.body).not.toContain(s);
    expect(res.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('a provincial partner token gets its province\'s victims only', async () => {
    const res = await get(null, url('from=2023&to=2024&k=11'), { authorization: `Bearer ${provinceToken}` });
    expect(res.statusCode, res.body).toBe(200);
    // Chiang Rai's 12 profile-1 people (the one also recorded in Bangkok is Chiang Rai's record here).
    expect(res.headers['x-anonymisation-records']).toBe('12');
    expect(csvRows(res.body).rows.sort()).toEqual(expectedCsv(Array<CtdcBase>(12).fill(base1), 11));
  });

  it('a person recorded twice counts once, from the record that identified them', async () => {
    const org = await t.org({ provinceCode: '50' });
    for (const doc of ['pref-doc-a', 'pref-doc-b']) {
      // Registered first as a possible victim (a woman), later identified by another agency (recorded as a man).
      await victim({ org, province: '50', openedAt: '2012-01-10T10:00:00+07:00', gender: 'Feminine', estimatedAge: 30, documentIndex: doc,
        status: 'PossibleVictimOfTrafficking' });
      await victim({ org, province: '50', openedAt: '2012-06-10T10:00:00+07:00', gender: 'Masculine', estimatedAge: 30, documentIndex: doc });
    }
    const res = await get(analyst, url('from=2012&to=2012&k=2'));
    // Two victims: a count from 1 to 4 reads "<5" (the two lines are there to count).
    expect([res.headers['x-anonymisation-records'], res.headers['x-anonymisation-suppressed']]).toEqual(['<5', '0']);
    expect(csvRows(res.body).rows.map((r) => r.slice(0, 3))).toEqual([['2012', 'Man', '30–38'], ['2012', 'Man', '30–38']]);
  });

  it('a client that goes away mid-stream ends the export and frees its cursor', async () => {
    const org = await t.org({ provinceCode: '30' });
    await t.database.query(`INSERT INTO cases (case_number, province_code, year_be, seq, organisation_id, opened_at)
      SELECT '30-2548-' || g, '30', 2548, g, $1, '2005-05-05T10:00:00+07' FROM generate_series(1, 3000) g`, [org]);
    await t.database.query(`INSERT INTO persons (organisation_id, province_code, sex, estimated_age, nationality)
      SELECT $1, '30', 'female', 20, 'MMR' FROM generate_series(1, 3000)`, [org]);
    await t.database.query(`INSERT INTO case_persons (case_id, person_id, role, trafficking_status)
      SELECT c.id, p.id, 'victim', 'ActualVictimOfTrafficking'
      FROM (SELECT id, row_number() OVER (ORDER BY id) r FROM cases WHERE province_code = '30') c
      JOIN (SELECT id, row_number() OVER (ORDER BY id) r FROM persons WHERE province_code = '30') p USING (r)`);
    const svc = createCtdcService({ database: t.database, cipher: t.cipher, config: { secureCookies: false, production: false } });
    const actor: Actor = {
      kind: 'token', userId: null, tokenId: null, sessionId: null, organisationId: org, provinceCode: null, roles: ['partner_system'],
      permissions: new Set(['stats.export']), scope: 'national',
    };
    const { info, body } = await svc.exportCtdc(actor, { from: 2005, to: 2005, k: 11 }, { actor, requestId: 'ctdc-abort-test' });
    expect(info.released).toBe(3000);
    const readable = body as unknown as Readable;
    const first = await new Promise<Buffer>((resolve) => readable.once('data', resolve));
    expect(first.length).toBeLessThan(3000 * 20);
    readable.destroy();
    // On PGlite the one connection is shared, so the export's cursor is visible here until it is closed.
    for (let i = 0; i < 50; i++) {
      const [c] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_cursors WHERE name LIKE 'ctdc_%'`);
      if (c!.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [open] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_cursors WHERE name LIKE 'ctdc_%'`);
    expect(open!.n).toBe(0);
    // The connection is free again: the next export runs to the end.
    const again = await get(analyst, url('from=2005&to=2005'));
    expect([again.statusCode, again.headers['x-anonymisation-released']]).toEqual([200, '3000']);
    expect(again.body.split('\n')).toHaveLength(3002);
  });

  it('leaves no temporary table or cursor behind', async () => {
    expect((await get(analyst, url('from=2023&to=2024'))).statusCode).toBe(200);
    const [left] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'ctdc_classes_%'`);
    expect(left!.n).toBe(0);
    const [cursors] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_cursors WHERE name LIKE 'ctdc_%'`);
    expect(cursors!.n).toBe(0);
  });

  it('headers show a small suppressed count as "<5", and hide the records total that would give it away with the lines', async () => {
    // One victim in the period: the file has no line, and the headers must not say that one person was withheld.
    const org = await t.org({ provinceCode: '50' });
    await victim({ org, province: '50', openedAt: '2013-04-01T10:00:00+07:00', gender: 'Feminine', estimatedAge: 14, nationality: 'LAO' });
    const one = await get(analyst, url('from=2013&to=2013&k=2'));
    expect(one.statusCode, one.body).toBe(200);
    expect(csvRows(one.body).rows).toEqual([]);
    expect([one.headers['x-anonymisation-records'], one.headers['x-anonymisation-released'], one.headers['x-anonymisation-suppressed']])
      .toEqual(['<5', '0', '<5']);
    // 24 victims, 23 lines, 1 withheld: the total would give the 1 away (24 − 23), so it is hidden too.
    const big = await get(analyst, url('from=2023&to=2024&k=11'));
    expect([big.headers['x-anonymisation-records'], big.headers['x-anonymisation-released'], big.headers['x-anonymisation-suppressed']])
      .toEqual(['<5', '23', '<5']);
    expect(csvRows(big.body).rows).toHaveLength(23);
    // The audit log keeps the exact counts.
    const [row] = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'stats.ctdc_exported' ORDER BY seq DESC LIMIT 1`);
    expect(row!.details).toMatchObject({ records: 24, released: 23, suppressed: 1 });
  });

  it('an empty period answers the header line only', async () => {
    const res = await get(analyst, url('from=2000&to=2001'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(`${ctdcVariables.join(',')}\n`);
    expect([res.headers['x-anonymisation-records'], res.headers['x-anonymisation-suppressed']]).toEqual(['0', '0']);
  });

  it('needs stats.export (403) and a sign-in (401)', async () => {
    const denied = await get(officer, url('from=2023&to=2024'));
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await get(null, url('from=2023&to=2024'));
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'NOT_SIGNED_IN']);
  });

  it('refuses bad parameters with a message in Thai and English', async () => {
    const cases: [string, string][] = [
      ['from=2023&to=2024&k=1', 'CTDC_K_TOO_SMALL'],
      ['from=2023&to=2024&k=0', 'CTDC_K_TOO_SMALL'],
      ['from=2024&to=2023', 'CTDC_PERIOD_REVERSED'],
      ['from=2023&to=2024&province=57', 'VALIDATION_FAILED'],
      ['to=2024', 'VALIDATION_FAILED'],
      ['from=2023&to=2024&k=abc', 'VALIDATION_FAILED'],
      ['from=2023&to=2024&k=2.5', 'VALIDATION_FAILED'],
      ['from=20231&to=2024', 'VALIDATION_FAILED'],
    ];
    for (const [q, code] of cases) {
      const res = await get(analyst, url(q));
      const body = res.json();
      expect([q, res.statusCode, body.error.code]).toEqual([q, 400, code]);
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(body.error.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
  });

  it('audits every export with who, the filter, k and the row counts', async () => {
    await get(analyst, url('from=2023&to=2024&k=11'));
    const [row] = await t.database.query<{ actor_user_id: string | null; details: Record<string, unknown> }>(
      `SELECT actor_user_id, details FROM audit_log WHERE action = 'stats.ctdc_exported' ORDER BY seq DESC LIMIT 1`,
    );
    expect(row!.actor_user_id).not.toBeNull();
    expect(row!.details).toMatchObject({ from: 2023, to: 2024, k: 11, records: 24, released: 23, suppressed: 1, generalisation: 'none', scope: 'national' });
    const [tok] = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'stats.ctdc_exported' AND actor_token_id IS NOT NULL AND details->>'records' = '12'`,
    );
    expect(tok!.n).toBe(1);
  });

  it('on generated victims, the SQL maps, generalises and suppresses exactly as the pure functions do', async () => {
    const org = await t.org({ provinceCode: '20' });
    const pick = <T,>(xs: readonly T[]) => fc.constantFrom(...xs);
    const subset = (xs: readonly string[]) => fc.subarray([...xs]);
    const gen = fc.record({
      year: pick([2010, 2011]), month: fc.integer({ min: 1, max: 12 }),
      status: pick([null, 'ActualVictimOfTrafficking', 'PossibleVictimOfTrafficking', 'NotAVictimOfTrafficking']),
      gender: pick([null, 'Feminine', 'Masculine', 'TransgenderMasculine', 'NonSpecifiedUnknown']), sex: pick(['female', 'male', 'unknown'] as const),
      age: fc.option(fc.integer({ min: 0, max: 60 })), nationality: pick([null, 'THA', 'MMR', 'LAO', 'KHM']),
      means: subset(['DebtBondage', 'FalsePromises', 'WithholdsDocuments', 'RestrictsMedicalCare', 'PhysicalAbuse']),
      exploitation: subset(['ForcedLabour', 'SexualExploitation', 'ForcedMarriage', 'ChildLabour']),
      industry: pick([null, 'A_AgricultureForestryAndFishing', 'F_Construction', 'T_ActivitiesOfHouseholdsAsEmployers', 'C_Manufacturing']),
      sexTypes: subset(['Prostitution', 'Pornography', 'PrivateSexualServices']), relation: pick([null, 'Familial', 'Acquainted', 'Unaquainted']),
      event: fc.option(fc.record({ monthsBefore: fc.integer({ min: 0, max: 30 }), country: pick([null, 'THA', 'MYS']) })),
    });
    // Six profiles that differ from the first in one variable each, shared by groups of 4 to 24 people, and 3 people
    // unlike anyone (real data repeats itself), plus one not a victim: the hierarchy's levels merge them step by step.
    const [first, ...others] = fc.sample(gen, { numRuns: 6, seed: 2569 }).map((p) => ({ ...p, status: p.status === 'NotAVictimOfTrafficking' ? null : p.status }));
    const varied = ['age', 'year', 'event', 'nationality', 'means'] as const;
    const pool = [first!, ...others.map((o, i) => ({ ...first!, [varied[i]!]: o[varied[i]!] }))];
    const sizes = [24, 16, 12, 9, 6, 4];
    const people = [...pool.flatMap((p, i) => Array.from({ length: sizes[i]! }, () => p)), ...fc.sample(gen, { numRuns: 3, seed: 7 }),
      { ...pool[0]!, status: 'NotAVictimOfTrafficking' as const }];
    const levelsSeen = new Set<number>();
    const expected: CtdcBase[] = [];
    const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
    for (const g of people) {
      const opened = `${ym(g.year, g.month)}-01`;
      const first = g.event ? new Date(Date.UTC(g.year, g.month - 1 - g.event.monthsBefore, 1)).toISOString().slice(0, 10) : null;
      await victim({
        org, province: '20', openedAt: `${opened}T10:00:00+07:00`, takenIntoCareAt: `${opened}T11:00:00+07:00`, status: g.status,
        gender: g.gender, sex: g.sex, estimatedAge: g.age, nationality: g.nationality, means: g.means, exploitation: g.exploitation,
        industry: g.industry, sexTypes: g.sexTypes, relation: g.relation,
        events: g.event ? [{ type: 'Exploitation', date: first, country: g.event.country }] : [],
      });
      if (g.status === 'NotAVictimOfTrafficking') continue;
      expected.push(mapVictim({
        registrationYear: g.year, ageAtRegistration: g.age, gender: g.gender, sex: g.sex, nationality: g.nationality,
        meansOfControl: g.means, exploitationTypes: g.exploitation, industry: g.industry, sexExploitationTypes: g.sexTypes,
        relationshipToTrafficker: g.relation, exploitationCountry: g.event?.country ?? null, traffickMonths: g.event ? g.event.monthsBefore : null,
      }));
    }
    for (const k of [2, 3, 5, 11]) {
      const res = await get(analyst, url(`from=2010&to=2011&k=${k}`));
      expect(res.statusCode, res.body).toBe(200);
      const r = anonymise(expected, { k, from: 2010, to: 2011 });
      expect([k, res.headers['x-anonymisation-records'], res.headers['x-anonymisation-generalisation'], res.headers['x-anonymisation-suppressed']])
        .toEqual([k, shownCount(r.suppressed) === '<5' ? '<5' : shownCount(expected.length), r.levelName, shownCount(r.suppressed)]);
      expect(csvRows(res.body).rows.sort()).toEqual(expectedCsv(expected, k, 2010, 2011));
      levelsSeen.add(r.level);
      // Every level's class sizes, not only the chosen one's, are the same in SQL.
      const counts = await t.database.withSession(async (s) => {
        const filter = { from: 2010, to: 2011, k, scope: undefined };
        const ct = createClassesTable('ctdc_test_classes', filter);
        await s.query(ct.text, ct.params);
        const lc = levelCountsQuery('ctdc_test_classes', filter);
        const [row] = await s.query<Record<string, unknown>>(lc.text, lc.params);
        await s.exec('DROP TABLE ctdc_test_classes');
        return parseLevelCounts(row!);
      });
      expect(counts).toEqual({ total: expected.length, suppressedByLevel: r.suppressedByLevel });
    }
    // The data reaches more than one level of the hierarchy, so the SQL of several levels is compared.
    expect(levelsSeen.size).toBeGreaterThan(1);
  }, 120_000);
});
