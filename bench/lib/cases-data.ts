/**
 * The national-scale data set of the cases benchmark (issue 5): about a million cases and two million
 * persons over all 77 provinces, bulk-loaded with INSERT … SELECT generate_series on one connection.
 *
 * Shape: provinces weighted (Bangkok, the border and fishing provinces busiest); 70 % of cases closed,
 * the rest spread over the NRM stages by how long each lasts; 1–3 persons per case (a victim, then a
 * second victim or a guardian, then family), their names from a pool of every name the demo's name
 * books can make (≈ 4,800, Thai, Burmese, Lao and Khmer) encrypted and hashed into name grams with the
 * benchmark's key in Node; clocks, identification and return as the case's stage implies; 2–4 team
 * members per case from a pool of ~5,000 users of the case's province; referrals for a fifth of the
 * cases past identification; a year of follow-up visits for cases in reintegration; a million earlier
 * audit entries. Ids are md5-derived from the case, so persons, case persons and teams join without
 * lookups. Secondary indexes are dropped for the load and rebuilt after it, triggers (foreign keys, the
 * audit chain) are off for the loading session only (session_replication_role = replica): the data is
 * generated consistent, and a bench database is the only place this runs.
 */
import type { Database, SqlSession } from '../../src/server/db/client.js';
import type { DataCipher } from '../../src/server/platform/crypto.js';
import { hashPassword } from '../../src/server/platform/auth/password.js';
import { nameGrams } from '../../src/server/modules/cases/name-grams.js';
import { allNames, demoNationalities, nameBooks, type DemoName, type DemoNationality } from '../../src/server/modules/demo/names.js';

export interface CasesDataOptions {
  cases: number;
  users: number;
  auditRows: number;
  /** The province whose officer the benchmark signs in as. */
  busyProvince: string;
  log: (line: string) => void;
}

export interface CasesDataResult {
  counts: Record<string, number>;
  sizes: Record<string, string>;
  steps: { step: string; ms: number }[];
  generateMs: number;
  officer: { username: string; password: string; userId: string };
  namePool: PoolName[];
}

export interface PoolName extends DemoName {
  idx: number;
  nationality: DemoNationality;
  sex: 'female' | 'male';
}

/** Where cases are: the capital, the northern and western borders, the fishing ports and the east. Other provinces weigh 1. */
const provinceWeights: Record<string, number> = {
  '10': 14, '63': 9, '57': 8, '74': 6, '20': 5, '50': 5, '90': 5, '85': 4, '27': 3, '43': 3, '11': 3, '13': 3, '30': 3, '40': 3, '83': 3,
};

const BENCH_PASSWORD = 'bench-cases-tamarind-river-2569';

/** Every name of the demo's name books, with the nationality and sex it belongs to. */
export function namePool(): PoolName[] {
  const out: PoolName[] = [];
  for (const nationality of demoNationalities) {
    for (const sex of ['female', 'male'] as const) for (const n of allNames(nationality, sex)) out.push({ ...n, idx: out.length, nationality, sex });
  }
  return out;
}

async function timed(steps: CasesDataResult['steps'], log: (l: string) => void, step: string, fn: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  steps.push({ step, ms });
  log(`  ${step}: ${(ms / 1000).toFixed(1)} s`);
}

const BIG_TABLES = ['cases', 'persons', 'case_persons', 'team_memberships', 'screenings', 'case_services', 'referrals', 'follow_ups', 'audit_log'];

export async function generateCasesData(database: Database, cipher: DataCipher, o: CasesDataOptions): Promise<CasesDataResult> {
  const steps: CasesDataResult['steps'] = [];
  const log = o.log;
  const t0 = performance.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const pool = namePool();
  const officer = await database.withSession(async (s) => {
    // JIT would spend seconds compiling each statement that runs once.
    await s.exec(`SET synchronous_commit = off; SET session_replication_role = replica; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'; SET jit = off`);
    await s.query('SELECT setseed(0.2569)');
    const provinces = (await s.query<{ code: string }>('SELECT code FROM provinces ORDER BY code')).map((p) => p.code.trim());
    const weight = (p: string) => provinceWeights[p] ?? 1;
    const total = provinces.reduce((a, p) => a + weight(p), 0);
    const casesOf = new Map(provinces.map((p) => [p, Math.round((o.cases * weight(p)) / total)]));
    const usersOf = new Map(provinces.map((p) => [p, Math.max(10, Math.round((o.users * weight(p)) / total))]));

    await timed(steps, log, 'organisations, users and the name pool', async () => {
      await s.exec(`
        DROP TABLE IF EXISTS bench_orgs, bench_users, bench_names;
        -- A valid version-4 UUID from a hash: ids derived from the case join without lookups and pass the API's z.uuid().
        CREATE OR REPLACE FUNCTION bench_uuid(text) RETURNS uuid IMMUTABLE LANGUAGE sql AS
          $f$ SELECT overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $f$;
        CREATE TABLE bench_orgs (province char(2), kind text, idx int, id uuid PRIMARY KEY);
        INSERT INTO organisations (id, name_th, name_en, sector, level, province_code)
          SELECT bench_uuid('org' || p.code || k.kind), k.th || ' ' || p.name_th, p.name_en || ' ' || k.en, 'central_government', 'province', p.code
          FROM provinces p CROSS JOIN (VALUES ('centre', 'ศูนย์ปฏิบัติการ (ทดสอบ)', 'centre (bench)'), ('shelter', 'บ้านพัก (ทดสอบ)', 'shelter (bench)'),
            ('police', 'ตำรวจ (ทดสอบ)', 'police (bench)'), ('prosecutor', 'อัยการ (ทดสอบ)', 'prosecutor (bench)')) AS k(kind, th, en);
        INSERT INTO bench_orgs SELECT p.code, k.kind, (row_number() OVER (PARTITION BY k.kind ORDER BY p.code))::int - 1, bench_uuid('org' || p.code || k.kind)
          FROM provinces p CROSS JOIN (VALUES ('centre'), ('shelter'), ('police'), ('prosecutor')) AS k(kind);
        CREATE TABLE bench_users (province char(2), rn int, user_id uuid, role text, org uuid, PRIMARY KEY (province, rn));
        CREATE TABLE bench_names (idx int PRIMARY KEY, nationality char(3), sex text, language text, given_enc text, family_enc text, latin_enc text, grams text[])`);
      const counts = JSON.stringify(provinces.map((p) => ({ province: p, n: usersOf.get(p)! })));
      // One in ten is a provincial officer (the first of each province too), half MDT members, then police, prosecutors and shelter staff.
      await s.query(`
        INSERT INTO bench_users (province, rn, user_id, role, org)
        SELECT c.province, g, bench_uuid('user' || c.province || g), r.role, bench_uuid('org' || c.province || k.kind)
        FROM jsonb_to_recordset($1::jsonb) AS c(province char(2), n int) CROSS JOIN generate_series(1, c.n) g
        CROSS JOIN LATERAL (SELECT CASE WHEN g = 1 OR g % 10 = 0 THEN 'provincial_officer' WHEN g % 10 BETWEEN 2 AND 6 THEN 'mdt_member'
          WHEN g % 10 = 7 THEN 'investigator' WHEN g % 10 = 8 THEN 'prosecutor' ELSE 'service_provider' END AS role) r
        CROSS JOIN LATERAL (SELECT CASE r.role WHEN 'investigator' THEN 'police' WHEN 'prosecutor' THEN 'prosecutor' WHEN 'service_provider' THEN 'shelter' ELSE 'centre' END AS kind) k`, [counts]);
      await s.query(`
        INSERT INTO users (id, organisation_id, username, display_name, password_hash)
        SELECT user_id, org, 'bench_' || province || '_' || rn, 'Bench user ' || province || '-' || rn, $1 FROM bench_users`, [passwordHash]);
      await s.exec(`INSERT INTO user_roles (user_id, role) SELECT user_id, role FROM bench_users`);
      const names = pool.map((n) => ({
        idx: n.idx, nationality: n.nationality, sex: n.sex, language: nameBooks[n.nationality].language,
        given_enc: cipher.encrypt(n.givenName), family_enc: cipher.encrypt(n.familyName), latin_enc: cipher.encrypt(n.latinName),
        grams: nameGrams(cipher, [`${n.givenName} ${n.familyName}`, n.latinName]),
      }));
      await s.query(`INSERT INTO bench_names SELECT * FROM jsonb_to_recordset($1::jsonb)
        AS x(idx int, nationality char(3), sex text, language text, given_enc text, family_enc text, latin_enc text, grams text[])`, [JSON.stringify(names)]);
    });

    const dropped = await dropSecondaryIndexes(s);
    log(`  dropped ${dropped.length} secondary indexes for the load`);
    const poolSize = pool.length;
    const perProvince = JSON.stringify(provinces.map((p) => ({ province: p, n: casesOf.get(p)!, users: usersOf.get(p)! })));
    await s.query('CREATE TEMP TABLE bench_counts AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(province char(2), n int, users int)', [perProvince]);
    await timed(steps, log, `cases (${o.cases.toLocaleString('en-US')} over ${provinces.length} provinces)`, () => s.exec(casesSql));
    await timed(steps, log, 'persons (1–3 per case)', () => s.query(personsSql, [poolSize]));
    await timed(steps, log, 'case persons', () => s.query(casePersonsSql, [poolSize]));
    await timed(steps, log, 'team memberships (2–4 per case)', () => s.exec(teamSql));
    await timed(steps, log, 'screenings (victims past screening) and plan services (open cases and a fifth of the closed)', async () => {
      await s.exec(screeningsSql);
      await s.exec(servicesSql);
    });
    await timed(steps, log, 'referrals and follow-up visits', async () => {
      await s.exec(referralsSql);
      await s.exec(followUpsSql);
    });
    await timed(steps, log, `${o.auditRows.toLocaleString('en-US')} earlier audit entries`, async () => {
      await s.query(auditSql, [o.auditRows]);
      await s.exec(`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), (SELECT max(id) FROM audit_log))`);
    });
    // The name search picks its probe grams by these counts; the statement triggers that keep them are off here.
    await timed(steps, log, 'name gram counts', () => s.exec(`
      INSERT INTO name_gram_counts (gram, persons) SELECT g, count(*)::int FROM persons, unnest(persons.name_grams) AS g GROUP BY g
      ON CONFLICT (gram) DO UPDATE SET persons = excluded.persons`));
    // The statistics read model is derived from every case on its first use (its queue triggers are off here too).
    await timed(steps, log, 'statistics queue', () => s.exec(`INSERT INTO stats_dirty_cases (case_id) SELECT id FROM cases`));
    await timed(steps, log, 'case number counters', () => s.exec(`
      INSERT INTO case_number_counters (province_code, year_be, last_seq) SELECT province_code, year_be, max(seq) FROM cases GROUP BY 1, 2`));
    await timed(steps, log, `rebuild ${dropped.length} indexes`, async () => {
      for (const d of dropped) await s.exec(d.def);
    });
    await s.exec('SET session_replication_role = origin');
    // VACUUM as well: a database in use has its visibility map current (autovacuum), so index-only scans work as in production.
    await timed(steps, log, 'VACUUM ANALYZE', () => s.exec('VACUUM (ANALYZE)'));
    const [u] = await s.query<{ user_id: string }>('SELECT user_id FROM bench_users WHERE province = $1 AND rn = 1', [o.busyProvince]);
    return { username: `bench_${o.busyProvince}_1`, password: BENCH_PASSWORD, userId: u!.user_id };
  });

  const counts: Record<string, number> = {};
  for (const t of [...BIG_TABLES, 'users', 'organisations']) {
    counts[t] = Number((await database.query<{ n: string }>(`SELECT count(*)::bigint AS n FROM ${t}`))[0]!.n);
  }
  const sizes: Record<string, string> = {};
  for (const t of BIG_TABLES) {
    sizes[t] = (await database.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size('${t}')) AS s`))[0]!.s;
  }
  sizes.database = (await database.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s'))[0]!.s;
  return { counts, sizes, steps, generateMs: performance.now() - t0, officer, namePool: pool };
}

/** Non-constraint secondary indexes of the big tables: dropped for the load, their definitions kept to rebuild them. */
async function dropSecondaryIndexes(s: SqlSession): Promise<{ name: string; def: string }[]> {
  const rows = await s.query<{ name: string; def: string }>(`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relname = ANY($1) AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, [BIG_TABLES]);
  for (const r of rows) await s.exec(`DROP INDEX ${r.name}`);
  return rows;
}

// Stage by a random draw: 70 % closed; open cases by how long each stage lasts (reintegration a year, screening hours).
// Open cases are dated so that their stage fits their age; closed ones over ten years, more of them recent.
const casesSql = `
INSERT INTO cases (id, case_number, province_code, year_be, seq, organisation_id, status, stage, stage_before_close, owner_user_id, involves_child,
  exploitation_types, reflection_days, opened_at, closed_at, closure_reason, version, created_by, created_at, updated_at)
SELECT id, province || '-' || year_be || '-' || lpad(seq::text, 5, '0'), province, year_be, seq, bench_uuid('org' || province || 'centre'),
  CASE WHEN stage = 'closed' THEN (CASE WHEN before = 'return' THEN 'ClosedReferred' ELSE 'Closed' END) WHEN stage = 'reintegration' THEN 'FollowUp' ELSE 'Active' END,
  stage, before, owner, child, types, 45, opened, closed,
  CASE before WHEN 'reintegration' THEN 'reintegrated' WHEN 'return' THEN 'repatriated' WHEN 'identification' THEN 'not_a_victim' WHEN 'assistance' THEN 'declined_assistance' END,
  version, owner, opened, coalesce(closed, opened)
FROM (
  SELECT y.*, row_number() OVER (PARTITION BY province, year_be ORDER BY opened, id) AS seq
  FROM (
    SELECT x.*, (extract(year FROM (x.opened AT TIME ZONE 'Asia/Bangkok')) + 543)::int AS year_be,
      CASE WHEN x.stage = 'closed' THEN least(x.opened + interval '1 day' * (CASE x.before WHEN 'reintegration' THEN 400 + x.r3 * 300
        WHEN 'return' THEN 60 + x.r3 * 140 WHEN 'identification' THEN 7 + x.r3 * 23 ELSE 30 + x.r3 * 90 END), now() - interval '1 hour') END AS closed
    FROM (
      SELECT w.*,
        now() - interval '1 day' * CASE w.stage WHEN 'screening' THEN w.r2 * 3 WHEN 'temporary_protection' THEN w.r2 * 5 WHEN 'identification' THEN 1 + w.r2 * 19
          WHEN 'assistance' THEN 20 + w.r2 * 180 WHEN 'return' THEN 60 + w.r2 * 240 WHEN 'reintegration' THEN 120 + w.r2 * 580
          ELSE 30 + power(w.r2, 1.5) * 3620 END AS opened,
        CASE WHEN w.stage <> 'closed' THEN NULL WHEN w.r4 < 0.55 THEN 'reintegration' WHEN w.r4 < 0.75 THEN 'return' WHEN w.r4 < 0.9 THEN 'identification' ELSE 'assistance' END AS before
      FROM (
        SELECT gg.province, gg.id, bu.user_id AS owner, random() AS r2, random() AS r3, random() AS r4, random() < 0.3 AS child,
          ARRAY[(ARRAY['ForcedLabour','ForcedLabour','ForcedLabour','SexualExploitation','SexualExploitation','ChildLabour','ForcedBegging','Servitude','ForcedMarriage'])[1 + floor(random() * 9)::int]] AS types,
          1 + floor(random() * 25)::int AS version,
          CASE WHEN r < 0.015 THEN 'screening' WHEN r < 0.025 THEN 'temporary_protection' WHEN r < 0.055 THEN 'identification' WHEN r < 0.145 THEN 'assistance'
            WHEN r < 0.175 THEN 'return' WHEN r < 0.30 THEN 'reintegration' ELSE 'closed' END AS stage
        FROM (SELECT pc.province, pc.users, bench_uuid('case' || pc.province || g) AS id, random() AS r
              FROM bench_counts pc CROSS JOIN generate_series(1, pc.n) g) gg
        -- The owner is the team's first member (the team's formula for j = 1).
        JOIN bench_users bu ON bu.province = gg.province AND bu.rn = 1 + (abs(hashtext(gg.id::text || ':1')) % gg.users)
      ) w
    ) x
  ) y
) z`;

// The name, nationality and sex come from the pool entry the person's id hashes to.
const personsSql = `
INSERT INTO persons (id, organisation_id, province_code, given_name_enc, family_name_enc, latin_name_enc, national_id_index, document_type, document_index,
  name_grams, gender, sex, estimated_age, nationality, languages, needs_interpreter, vulnerabilities, created_by, created_at, updated_at)
SELECT bench_uuid('p' || c.id || j), c.organisation_id, c.province_code, n.given_enc, n.family_enc, n.latin_enc,
  CASE WHEN n.nationality = 'THA' AND random() < 0.6 THEN substr(md5('nid' || c.id || j), 1, 43) END,
  CASE WHEN n.nationality <> 'THA' AND abs(hashtext('doc' || c.id || j)) % 2 = 0 THEN 'passport' END,
  CASE WHEN n.nationality <> 'THA' AND abs(hashtext('doc' || c.id || j)) % 2 = 0 THEN substr(md5('doc' || c.id || j), 1, 43) END,
  n.grams, CASE n.sex WHEN 'female' THEN 'Feminine' ELSE 'Masculine' END, n.sex,
  CASE WHEN j = 1 AND c.involves_child THEN 6 + floor(random() * 12)::int WHEN j = 1 THEN 18 + floor(random() * 35)::int ELSE 18 + floor(random() * 50)::int END,
  n.nationality, ARRAY[n.language], n.nationality <> 'THA', ARRAY['Poverty'], c.created_by, c.opened_at, c.opened_at
FROM cases c CROSS JOIN generate_series(1, 1 + c.seq % 3) j
JOIN bench_names n ON n.idx = abs(hashtext(c.id::text || ':' || j)) % $1`;

// Victim context, clocks, identification and return as the case's stage (or its stage before closing) implies.
const casePersonsSql = `
INSERT INTO case_persons (id, case_id, person_id, role, guardian_of, relationship, trafficking_status, exploitation_types, means_of_control,
  recruitment_methods, industry, age_when_trafficked, taken_into_care_at, custody_extended_until, custody_court_order, temporary_shelter_organisation_id,
  temporary_shelter_until, reflection_until, identified_at, identification_org_type, identified_by, return_kind, return_date, return_country,
  return_province_code, version, created_at, updated_at)
SELECT bench_uuid('cp' || c.id || j), c.id, bench_uuid('p' || c.id || j), r.role,
  CASE WHEN r.role = 'guardian' THEN bench_uuid('cp' || c.id || 1) END, CASE WHEN r.role <> 'victim' THEN 'mother' END,
  CASE WHEN NOT v.victim OR NOT v.identified THEN NULL WHEN st.s = 'identification' THEN 'NotAVictimOfTrafficking'
    WHEN random() < 0.1 THEN 'PossibleVictimOfTrafficking' ELSE 'ActualVictimOfTrafficking' END,
  CASE WHEN v.victim THEN c.exploitation_types ELSE '{}' END,
  CASE WHEN v.victim THEN ARRAY['DebtBondage', 'WithholdsDocuments'] ELSE '{}' END,
  CASE WHEN v.victim THEN ARRAY['ThroughFriendsOrSocialEvents'] ELSE '{}' END,
  CASE WHEN v.victim THEN (ARRAY['A_AgricultureForestryAndFishing','C_Manufacturing','I_AccommodationAndFoodServiceActivities','T_ActivitiesOfHouseholdsAsEmployers','F_Construction'])[1 + floor(random() * 5)::int] END,
  CASE WHEN v.victim THEN CASE WHEN c.involves_child THEN 14 ELSE 25 END END,
  CASE WHEN v.cared THEN c.opened_at + interval '3 hours' END,
  CASE WHEN v.extended THEN c.opened_at + interval '5 days' END,
  CASE WHEN v.extended THEN 'คำสั่งศาล (ทดสอบ)' END,
  CASE WHEN v.cared THEN bench_uuid('org' || c.province_code || 'shelter') END,
  CASE WHEN v.cared THEN c.opened_at + interval '15 days' END,
  CASE WHEN v.cared THEN c.opened_at + interval '45 days' END,
  CASE WHEN v.identified THEN c.opened_at + interval '3 days' + random() * interval '25 days' END,
  CASE WHEN v.identified THEN 'NonPoliceGovernmentalOrganization' END,
  CASE WHEN v.identified THEN c.owner_user_id END,
  CASE WHEN v.returned THEN (CASE WHEN n.nationality = 'THA' THEN 'domicile' ELSE 'repatriation' END) END,
  CASE WHEN v.returned THEN (c.opened_at + interval '60 days')::date END,
  CASE WHEN v.returned THEN n.nationality END,
  CASE WHEN v.returned AND n.nationality = 'THA' THEN c.province_code END,
  1, c.opened_at, c.opened_at
FROM cases c CROSS JOIN generate_series(1, 1 + c.seq % 3) j
JOIN bench_names n ON n.idx = abs(hashtext(c.id::text || ':' || j)) % $1
CROSS JOIN LATERAL (SELECT CASE WHEN j = 1 THEN 'victim' WHEN j = 2 THEN (CASE WHEN c.involves_child THEN 'guardian' ELSE 'victim' END) ELSE 'family' END AS role) r
CROSS JOIN LATERAL (SELECT coalesce(c.stage_before_close, c.stage) AS s) st
CROSS JOIN LATERAL (SELECT r.role = 'victim' AS victim,
  r.role = 'victim' AND st.s IN ('identification', 'assistance', 'return', 'reintegration') AS cared,
  r.role = 'victim' AND (st.s IN ('assistance', 'return', 'reintegration') OR (c.stage = 'closed' AND st.s = 'identification')) AS identified,
  r.role = 'victim' AND st.s IN ('return', 'reintegration') AS returned,
  r.role = 'victim' AND st.s IN ('identification', 'assistance', 'return', 'reintegration') AND abs(hashtext('ext' || c.id)) % 10 = 0 AS extended) v`;

const teamSql = `
INSERT INTO team_memberships (record_type, record_id, user_id, role, added_at)
SELECT 'case', c.id, bu.user_id,
  CASE WHEN j = 1 THEN 'case_manager' ELSE (ARRAY['social_worker','police','prosecutor','ngo','member'])[1 + abs(hashtext(c.id::text || 'role' || j)) % 5] END,
  c.opened_at
FROM cases c CROSS JOIN generate_series(1, 2 + abs(hashtext(c.id::text)) % 3) j
JOIN bench_counts pc ON pc.province = c.province_code
JOIN bench_users bu ON bu.province = c.province_code AND bu.rn = 1 + (abs(hashtext(c.id::text || ':' || j)) % pc.users)
ON CONFLICT DO NOTHING`;

// One screening per victim past the screening stage, a few indicators answered, within three days of the case being opened.
const screeningsSql = `
INSERT INTO screenings (case_id, case_person_id, screened_at, interviewer_user_id, interviewer_organisation_id, language, interpreter_used, answers, indicators_met, created_at)
SELECT cp.case_id, cp.id, s.at, c.owner_user_id, c.organisation_id, 'tha', false,
  '{"ilo.deception": "yes", "ilo.retention_of_documents": "yes", "ilo.debt_bondage": "no"}'::jsonb, 2, s.at
FROM case_persons cp JOIN cases c ON c.id = cp.case_id CROSS JOIN LATERAL (SELECT c.opened_at + random() * interval '3 days' AS at) s
WHERE cp.role = 'victim' AND coalesce(c.stage_before_close, c.stage) <> 'screening'`;

// The protection plan: medical care, psychosocial support and shelter per first victim, delivered once the case moved on.
const servicesSql = `
INSERT INTO case_services (case_id, case_person_id, service, provider_organisation_id, planned_start, planned_end, actual_start, actual_end, status, version, created_by, created_at, updated_at)
SELECT c.id, bench_uuid('cp' || c.id || 1), sv.service, c.organisation_id, (c.opened_at + interval '8 days')::date, (c.opened_at + interval '60 days')::date,
  CASE WHEN st.status <> 'planned' THEN (c.opened_at + interval '20 days' + random() * interval '30 days')::date END, CASE WHEN st.status = 'delivered' THEN (c.opened_at + interval '50 days')::date END,
  st.status, 1, c.owner_user_id, c.opened_at + interval '8 days', c.opened_at + interval '8 days'
FROM cases c CROSS JOIN (VALUES ('medical_care'), ('psychosocial_support'), ('shelter')) AS sv(service)
CROSS JOIN LATERAL (SELECT CASE WHEN c.stage = 'assistance' THEN (ARRAY['planned', 'in_progress', 'delivered'])[1 + abs(hashtext(c.id::text || sv.service)) % 3] ELSE 'delivered' END AS status) st
WHERE c.stage IN ('assistance', 'return', 'reintegration') OR (c.stage_before_close IN ('assistance', 'return', 'reintegration') AND abs(hashtext(c.id::text || 'sv')) % 5 = 0)`;

// A fifth of the cases past identification asked a shelter somewhere for a place; open ones may still wait for the answer.
const referralsSql = `
INSERT INTO referrals (case_id, kind, case_person_id, from_organisation_id, to_organisation_id, service, reason, shared_parts, status,
  requested_at, requested_by, answered_at, answered_by, answer_reason, version)
SELECT c.id, 'referral', bench_uuid('cp' || c.id || 1), c.organisation_id, so.id, 'shelter', 'AdditionalServicesRequired',
  '{summary,persons,protection,services}', x.status, c.opened_at + interval '10 days', c.owner_user_id,
  CASE WHEN x.status <> 'requested' THEN c.opened_at + interval '10 days' + random() * interval '5 days' END,
  CASE WHEN x.status <> 'requested' THEN bench_uuid('user' || so.province || '9') END,
  CASE WHEN x.status = 'declined' THEN 'ที่พักเต็ม' END, CASE WHEN x.status = 'requested' THEN 1 ELSE 2 END
FROM cases c
JOIN bench_orgs so ON so.kind = 'shelter' AND so.idx = abs(hashtext(c.id::text || 'ref')) % 77
CROSS JOIN LATERAL (SELECT CASE WHEN c.stage = 'assistance' AND random() < 0.2 THEN 'requested' WHEN random() < 0.2 THEN 'declined' ELSE 'accepted' END AS status) x
WHERE coalesce(c.stage_before_close, c.stage) IN ('assistance', 'return', 'reintegration') AND random() < 0.2`;

// Five visits a year for cases in reintegration, and for a quarter of those closed after it.
const followUpsSql = `
INSERT INTO follow_ups (case_id, case_person_id, scheduled_for, visited_at, visited_by, livelihood, family, justice, future, compensation_received, version, created_at)
SELECT c.id, bench_uuid('cp' || c.id || 1), d.day, v.visited, CASE WHEN v.visited IS NOT NULL THEN c.owner_user_id END,
  CASE WHEN v.visited IS NOT NULL THEN 1 + floor(random() * 5)::int END, CASE WHEN v.visited IS NOT NULL THEN 1 + floor(random() * 5)::int END,
  CASE WHEN v.visited IS NOT NULL THEN 1 + floor(random() * 5)::int END, CASE WHEN v.visited IS NOT NULL THEN 1 + floor(random() * 5)::int END,
  CASE WHEN v.visited IS NOT NULL THEN random() < 0.3 END, CASE WHEN v.visited IS NOT NULL THEN 2 ELSE 1 END, c.opened_at + interval '61 days'
FROM cases c
CROSS JOIN LATERAL (SELECT ((c.opened_at + interval '75 days')::date + make_interval(months => 3 * k))::date AS day FROM generate_series(0, 4) k) d
CROSS JOIN LATERAL (SELECT CASE WHEN d.day < current_date AND random() < 0.92 THEN least(d.day + floor(random() * 6)::int, current_date) END AS visited) v
WHERE c.stage = 'reintegration' OR (c.stage_before_close = 'reintegration' AND abs(hashtext(c.id::text || 'fu')) % 4 = 0)`;

// Earlier reads and writes, so the audit log and its indexes have the size of a system in use (chained placeholders; the trigger is off).
const auditSql = `
INSERT INTO audit_log (id, seq, at, actor_user_id, action, target_type, target_id, request_id, outcome, details, prev_hash, hash)
SELECT g, g, now() - interval '1 second' * ($1::int - g) * 30, bench_uuid('user10' || (1 + g % 50)),
  (ARRAY['case.viewed','case.viewed','case.viewed','case.listed','case.updated','auth.login'])[1 + g % 6], 'case', md5('case10' || (1 + g % 90000)),
  'bench-' || g, 'success', '{}'::jsonb, CASE WHEN g > 1 THEN md5((g - 1)::text) END, md5(g::text)
FROM generate_series(1, $1::int) g`;
