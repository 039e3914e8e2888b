import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStages, type CaseStage } from '../../../contracts/case.js';
import * as htcds from '../../../contracts/htcds.js';
import { jsonRowReader } from '../../db/json-rows.js';
import { caseEvents, casePersons, persons } from '../../db/schema/index.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { impliedStage } from '../cases/nrm.rules.js';
import { seedDemoCases } from './cases.seed.js';
import { seedDemo, type DemoLogin } from './demo.seed.js';
import { createRng, misspell } from './names.js';

/** The demo's victim cases (issue 5): seeded the way a fresh demo starts, then checked with SQL and through the API. */
describe('demo cases', () => {
  let t: TestContext;
  let logins: DemoLogin[];
  let seedMs: number;
  const q = <T = Record<string, unknown>>(text: string, params?: unknown[]) => t.database.query<T>(text, params);
  const count = async (text: string, params?: unknown[]) => Number((await q<{ n: number }>(text, params))[0]!.n);
  const signIn = (username: string): Promise<Signed> => {
    const l = logins.find((x) => x.username === username)!;
    return t.login({ id: '', username: l.username, password: l.password, organisationId: l.organisationId, totpSecret: null });
  };
  const get = (s: Signed, url: string) => t.as(s, { method: 'GET', url: `/api/v1${url}` });
  const orgOf = (username: string) => logins.find((l) => l.username === username)!.organisationId;

  beforeAll(async () => {
    t = await createTestContext();
    const t0 = performance.now();
    logins = await seedDemo(t.database, t.cipher);
    seedMs = performance.now() - t0;
  }, 240_000);
  afterAll(async () => { await t.close(); });

  it('about 300 cases, every stage in every demo province (Bangkok included), with its demo users', async () => {
    const rows = await q<{ province: string; stage: string; n: number }>('SELECT province_code AS province, stage, count(*)::int AS n FROM cases GROUP BY 1, 2');
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(280);
    expect(total).toBeLessThanOrEqual(320);
    for (const province of ['57', '63', '10']) {
      expect(rows.filter((r) => r.province === province).map((r) => r.stage).sort(), province).toEqual([...caseStages].sort());
    }
    expect(logins.filter((l) => l.provinceCode === '10').map((l) => l.role).sort()).toEqual(['mdt_member', 'provincial_officer', 'service_provider']);
    // Written on the seed's clock, not a test's budget (the machine is shared): reported for the record.
    process.stdout.write(`demo seed with cases: ${(seedMs / 1000).toFixed(1)} s on ${t.database.engine}\n`);
  });

  it('children and adults, labour and sexual exploitation, four nationalities, names in Thai script and in Latin', async () => {
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE involves_child')).toBeGreaterThan(30);
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE NOT involves_child')).toBeGreaterThan(100);
    const forms = (await q<{ f: string }>('SELECT DISTINCT unnest(exploitation_types) AS f FROM cases')).map((r) => r.f);
    expect(forms).toEqual(expect.arrayContaining(['ForcedLabour', 'SexualExploitation', 'ForcedBegging', 'ChildLabour', 'Servitude', 'ForcedMarriage']));
    const industries = (await q<{ i: string }>('SELECT DISTINCT industry AS i FROM case_persons WHERE industry IS NOT NULL')).map((r) => r.i);
    expect(industries).toEqual(expect.arrayContaining(['A_AgricultureForestryAndFishing', 'C_Manufacturing', 'T_ActivitiesOfHouseholdsAsEmployers', 'I_AccommodationAndFoodServiceActivities']));
    const nationalities = await q<{ nationality: string; n: number }>(
      `SELECT p.nationality, count(*)::int AS n FROM persons p JOIN case_persons cp ON cp.person_id = p.id WHERE cp.role = 'victim' GROUP BY 1`);
    for (const nat of ['THA', 'MMR', 'LAO', 'KHM']) expect(nationalities.find((x) => x.nationality === nat)?.n ?? 0, nat).toBeGreaterThan(10);
    // Every code is one of the HTCDS value sets the contracts accept.
    const distinct = async (expr: string, table = 'case_persons') => (await q<{ v: string }>(`SELECT DISTINCT ${expr} AS v FROM ${table}`)).map((r) => r.v).filter((v) => v !== null);
    const within = (values: string[], set: readonly string[], label: string) => expect(values.filter((v) => !set.includes(v)), label).toEqual([]);
    within(await distinct('unnest(exploitation_types)'), htcds.exploitationType.values, 'exploitation');
    within(await distinct('unnest(means_of_control)'), htcds.meansOfControl.values, 'means of control');
    within(await distinct('unnest(recruitment_methods)'), htcds.recruitmentMethod.values, 'recruitment');
    within(await distinct('unnest(sex_exploitation_types)'), htcds.sexExploitationType.values, 'sexual exploitation');
    within([...await distinct('unnest(recruitment_apps)'), ...await distinct('unnest(exploitation_apps)')], htcds.apps.values, 'apps');
    within(await distinct('industry'), htcds.industry.values, 'industry');
    within(await distinct('relationship_to_trafficker'), htcds.relationshipToTrafficker.values, 'relationship');
    within(await distinct('trafficking_status'), htcds.traffickingStatus.values, 'status');
    within(await distinct('identification_org_type'), htcds.decisionOrgType.values, 'deciding organisation');
    within(await distinct('gender', 'persons'), htcds.gender.values, 'gender');
    within(await distinct('unnest(vulnerabilities)', 'persons'), htcds.vulnerability.values, 'vulnerabilities');
    within(await distinct('reason', 'referrals'), htcds.referralReason.values, 'referral reason');
    const sample = await q<{ g: string; l: string }>(
      `SELECT p.given_name_enc AS g, p.latin_name_enc AS l FROM persons p JOIN case_persons cp ON cp.person_id = p.id WHERE cp.role = 'victim' LIMIT 50`);
    for (const s of sample) {
      expect(t.cipher.decrypt(s.g)).toMatch(/^[\u0E00-\u0E7F ]+$/);
      expect(t.cipher.decrypt(s.l)).toMatch(/^[A-Za-z]+( [A-Za-z]+)+$/);
    }
  });

  it('every open case is in the stage its facts imply, every closed one was; status and closure agree', async () => {
    const facts = await q<{ id: string; stage: CaseStage; before: CaseStage | null; s: boolean; p: boolean; i: boolean; v: boolean; r: boolean; f: boolean }>(`
      SELECT c.id, c.stage, c.stage_before_close AS before,
        EXISTS (SELECT 1 FROM screenings s WHERE s.case_id = c.id) AS s,
        EXISTS (SELECT 1 FROM case_persons cp WHERE cp.case_id = c.id AND cp.taken_into_care_at IS NOT NULL) AS p,
        EXISTS (SELECT 1 FROM case_persons cp WHERE cp.case_id = c.id AND cp.identified_at IS NOT NULL) AS i,
        EXISTS (SELECT 1 FROM case_persons cp WHERE cp.case_id = c.id AND cp.trafficking_status IN ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking')) AS v,
        EXISTS (SELECT 1 FROM case_persons cp WHERE cp.case_id = c.id AND cp.return_kind IS NOT NULL) AS r,
        EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id) AS f
      FROM cases c`);
    for (const c of facts) {
      const implied = impliedStage({ screened: c.s, protectionRecorded: c.p, identified: c.i, victimIdentified: c.v, returnRecorded: c.r, followUpPlanned: c.f });
      expect(c.stage === 'closed' ? c.before : c.stage, c.id).toBe(implied);
    }
    expect(await count(`SELECT count(*)::int AS n FROM cases WHERE (stage = 'closed') <> (closed_at IS NOT NULL)
      OR (stage = 'closed') <> (status IN ('Closed', 'ClosedReferred')) OR (stage = 'closed') <> (closure_reason IS NOT NULL)
      OR (stage = 'closed') <> (stage_before_close IS NOT NULL) OR (status = 'FollowUp') <> (stage = 'reintegration')`)).toBe(0);
    const reasons = (await q<{ r: string }>('SELECT DISTINCT closure_reason AS r FROM cases WHERE closure_reason IS NOT NULL')).map((x) => x.r).sort();
    expect(reasons).toEqual(['declined_assistance', 'not_a_victim', 'reintegrated', 'repatriated']);
    // A "not a victim" decision closes the case; no open case was left with it.
    expect(await count(`SELECT count(*)::int AS n FROM cases c JOIN case_persons cp ON cp.case_id = c.id
      WHERE cp.trafficking_status = 'NotAVictimOfTrafficking' AND (c.stage <> 'closed' OR c.closure_reason <> 'not_a_victim')`)).toBe(0);
  });

  it('dates keep their order and the clocks their legal limits', async () => {
    const bad = async (label: string, where: string) => expect(await count(`SELECT count(*)::int AS n FROM ${where}`), label).toBe(0);
    await bad('screened after being taken into care', `case_persons cp WHERE cp.taken_into_care_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM screenings s WHERE s.case_person_id = cp.id AND s.screened_at <= cp.taken_into_care_at)`);
    await bad('identified before screened or taken into care', `case_persons cp WHERE cp.identified_at IS NOT NULL AND (cp.identified_at < cp.taken_into_care_at
      OR EXISTS (SELECT 1 FROM screenings s WHERE s.case_person_id = cp.id AND s.screened_at > cp.identified_at))`);
    await bad('custody extended beyond 7 days, within 24 hours, or without its court order', `case_persons WHERE (custody_extended_until IS NOT NULL) <> (custody_court_order IS NOT NULL)
      OR custody_extended_until > taken_into_care_at + interval '7 days' OR custody_extended_until <= taken_into_care_at + interval '24 hours'`);
    await bad('temporary shelter beyond 15 days or without its shelter', `case_persons WHERE temporary_shelter_until IS NOT NULL
      AND (temporary_shelter_until > taken_into_care_at + interval '15 days' OR temporary_shelter_until <= taken_into_care_at OR temporary_shelter_organisation_id IS NULL)`);
    await bad('a victim path without identification', `case_persons WHERE (return_kind IS NOT NULL OR EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_person_id = case_persons.id))
      AND trafficking_status NOT IN ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking')`);
    await bad('a return before the identification, or with the wrong place', `case_persons WHERE return_kind IS NOT NULL AND (
      return_date < (identified_at AT TIME ZONE 'Asia/Bangkok')::date
      OR (return_kind = 'repatriation' AND (return_country NOT IN ('MMR', 'LAO', 'KHM') OR return_province_code IS NOT NULL))
      OR (return_kind = 'domicile' AND (return_country <> 'THA' OR return_province_code IS NULL)))`);
    await bad('visits out of order or half recorded', `follow_ups f JOIN case_persons cp ON cp.id = f.case_person_id WHERE
      f.visited_at > (now() AT TIME ZONE 'Asia/Bangkok')::date OR f.visited_at < (cp.identified_at AT TIME ZONE 'Asia/Bangkok')::date
      OR (f.visited_at IS NULL) <> (f.livelihood IS NULL) OR (f.visited_at IS NULL) <> (f.future IS NULL)`);
    await bad('follow-up shorter than 12 months', `(SELECT case_person_id FROM follow_ups GROUP BY 1 HAVING max(scheduled_for) < min(scheduled_for) + interval '12 months') x`);
    await bad('services with dates out of order, in the future, or unfinished in a closed case', `case_services s JOIN cases c ON c.id = s.case_id WHERE
      s.actual_end < s.actual_start OR (s.actual_end IS NOT NULL AND s.actual_start IS NULL) OR s.actual_start > (now() AT TIME ZONE 'Asia/Bangkok')::date
      OR s.actual_end > (now() AT TIME ZONE 'Asia/Bangkok')::date OR (c.stage = 'closed' AND s.status IN ('planned', 'in_progress'))`);
    await bad('timeline outside the case\'s life', `case_activity a JOIN cases c ON c.id = a.case_id WHERE a.at < c.opened_at OR a.at > now() OR a.at > coalesce(c.closed_at, now())`);
    await bad('a request left unanswered in a closed case', `referrals r JOIN cases c ON c.id = r.case_id WHERE c.stage = 'closed' AND r.status = 'requested'`);
  });

  it('some clocks are still running and a couple have run out, in both northern provinces', async () => {
    for (const p of ['57', '63']) {
      const clocks = (await q<Record<string, number>>(`SELECT
        count(*) FILTER (WHERE cp.temporary_shelter_until IS NULL AND cp.custody_extended_until IS NULL AND cp.taken_into_care_at > now() - interval '24 hours')::int AS custody_running,
        count(*) FILTER (WHERE cp.temporary_shelter_until IS NULL AND cp.custody_extended_until IS NULL AND cp.taken_into_care_at < now() - interval '24 hours')::int AS custody_overdue,
        count(*) FILTER (WHERE cp.custody_extended_until > now())::int AS extended_running,
        count(*) FILTER (WHERE cp.temporary_shelter_until > now())::int AS shelter_running,
        count(*) FILTER (WHERE cp.temporary_shelter_until < now())::int AS shelter_overdue
        FROM case_persons cp JOIN cases c ON c.id = cp.case_id
        WHERE c.province_code = $1 AND c.stage <> 'closed' AND cp.identified_at IS NULL AND cp.taken_into_care_at IS NOT NULL`, [p]))[0]!;
      for (const k of ['custody_running', 'custody_overdue', 'extended_running', 'shelter_running', 'shelter_overdue']) expect(clocks[k], `${p} ${k}`).toBeGreaterThan(0);
    }
    const cri = await signIn('cri.officer');
    const tasks = await get(cri, '/tasks?limit=200');
    expect(tasks.statusCode, tasks.body).toBe(200);
    const items = tasks.json().items as { kind: string; overdue: boolean }[];
    expect(items.some((x) => x.overdue)).toBe(true);
    expect(items.map((x) => x.kind)).toEqual(expect.arrayContaining(['custody_deadline', 'temporary_shelter_end', 'follow_up_due']));
  });

  it('referrals have consent (a guardian\'s for a child) or an audited override; accepted, declined and waiting', async () => {
    const statuses = (await q<{ s: string }>('SELECT DISTINCT status AS s FROM referrals')).map((x) => x.s).sort();
    expect(statuses).toEqual(['accepted', 'declined', 'requested']);
    expect(await count(`SELECT count(*)::int AS n FROM referrals r
      JOIN case_persons cp ON cp.id = r.case_person_id JOIN persons p ON p.id = cp.person_id
      LEFT JOIN consents cn ON cn.id = r.consent_id
      WHERE r.override_by IS NULL AND (cn.id IS NULL OR cn.case_person_id <> r.case_person_id OR NOT cn.purposes @> ARRAY['referral']
        OR cn.given_at > r.requested_at OR (cn.withdrawn_at IS NOT NULL AND cn.withdrawn_at < r.requested_at)
        OR ((p.birth_date > (now() - interval '18 years')::date OR p.estimated_age < 18) AND cn.given_by <> 'guardian'))`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM referrals r WHERE r.override_by IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM audit_log a WHERE a.action = 'case.referral_consent_override' AND a.target_id = r.id::text)`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM referrals WHERE (status = 'requested') <> (answered_at IS NULL) OR (status = 'requested') <> (answered_by IS NULL)
      OR answered_at < requested_at OR (status = 'declined') <> (answer_reason IS NOT NULL) OR service IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM consents c JOIN case_persons g ON g.id = c.guardian_case_person_id
      WHERE g.role <> 'guardian' OR g.guardian_of <> c.case_person_id`)).toBe(0);
  });

  it('the shelter of the other province sees the cases referred to it, and nothing else; a third province\'s officer sees none', async () => {
    for (const [shelter, other] of [['cri.shelter', '63'], ['tak.shelter', '57']] as const) {
      const referred = await q<{ case_id: string }>(`SELECT r.case_id FROM referrals r JOIN cases c ON c.id = r.case_id
        WHERE r.to_organisation_id = $1 AND r.status = 'accepted' AND c.province_code = $2 LIMIT 1`, [orgOf(shelter), other]);
      expect(referred.length, shelter).toBe(1);
      const notReferred = await q<{ id: string }>(`SELECT id FROM cases c WHERE c.province_code = $1 AND NOT EXISTS (
        SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.to_organisation_id = $2) LIMIT 1`, [other, orgOf(shelter)]);
      const s = await signIn(shelter);
      const seen = await get(s, `/cases/${referred[0]!.case_id}`);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json().access).toMatchObject({ full: false, canWrite: false });
      expect(seen.json().access.parts).toEqual(expect.arrayContaining(['summary', 'persons', 'protection', 'services']));
      expect((await get(s, `/cases/${notReferred[0]!.id}`)).statusCode).toBe(404);
    }
    const bkk = await signIn('bkk.officer');
    const [criCase] = await q<{ id: string }>(`SELECT id FROM cases WHERE province_code = '57' LIMIT 1`);
    const [bkkCase] = await q<{ id: string }>(`SELECT id FROM cases WHERE province_code = '10' LIMIT 1`);
    expect((await get(bkk, `/cases/${criCase!.id}`)).statusCode).toBe(404);
    expect((await get(bkk, `/cases/${bkkCase!.id}`)).statusCode).toBe(200);
  });

  it('one case of every stage reads through the API (its response schemas), with its timeline, parts and identity', async () => {
    const cri = await signIn('cri.officer');
    for (const stage of caseStages) {
      const [c] = await q<{ id: string }>(`SELECT id FROM cases WHERE province_code = '57' AND stage = $1 ORDER BY opened_at LIMIT 1`, [stage]);
      const kase = await get(cri, `/cases/${c!.id}`);
      expect(kase.statusCode, `${stage}: ${kase.body}`).toBe(200);
      expect(kase.json().stage).toBe(stage);
      expect(kase.json().team.map((m: { role: string }) => m.role)).toContain('case_manager');
      const timeline = await get(cri, `/cases/${c!.id}/timeline`);
      expect(timeline.statusCode, timeline.body).toBe(200);
      expect(timeline.json().items[0].kind).toBe('created');
      for (const part of ['screenings', 'follow-ups', 'services', 'referrals', 'consents']) {
        const r = await get(cri, `/cases/${c!.id}/${part}`);
        expect(r.statusCode, `${stage} ${part}: ${r.body}`).toBe(200);
      }
      const victim = kase.json().persons.find((p: { role: string }) => p.role === 'victim');
      const identity = await get(cri, `/cases/${c!.id}/persons/${victim.id}/identity`);
      expect(identity.statusCode, identity.body).toBe(200);
      expect(identity.json().latinName).toMatch(/ /);
    }
  });

  it('case numbers follow the counters; every step has its timeline row and its audit entry; the chain holds', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM (SELECT province_code, year_be, count(*) AS k, max(seq) AS m FROM cases GROUP BY 1, 2) x
      LEFT JOIN case_number_counters cc ON cc.province_code = x.province_code AND cc.year_be = x.year_be
      WHERE cc.last_seq IS DISTINCT FROM x.m OR x.k <> x.m`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM cases WHERE case_number <> province_code || '-' || year_be || '-' || lpad(seq::text, 5, '0')`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM cases c WHERE (SELECT count(*) FROM audit_log a WHERE a.action = 'case.created' AND a.target_id = c.id::text) <> 1`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM cases c WHERE c.version <> (SELECT count(*) FROM case_activity a WHERE a.case_id = c.id)`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE request_id = 'seed-demo-cases'`))
      .toBe(await count('SELECT count(*)::int AS n FROM case_activity'));
    const chain = await t.database.withSession((s) => verifyAuditChain(s));
    expect(chain.ok).toBe(true);
  });

  it('the demo users are on their cases\' teams and have notifications waiting', async () => {
    for (const p of ['cri', 'tak', 'bkk']) {
      const officer = logins.find((l) => l.username === `${p}.officer`)!;
      const [share] = await q<{ officer: number; mdt: number }>(`SELECT
        avg((EXISTS (SELECT 1 FROM team_memberships tm JOIN users u ON u.id = tm.user_id WHERE tm.record_id = c.id AND u.username = $2))::int)::float AS officer,
        avg((EXISTS (SELECT 1 FROM team_memberships tm JOIN users u ON u.id = tm.user_id WHERE tm.record_id = c.id AND u.username = $3))::int)::float AS mdt
        FROM cases c WHERE c.province_code = $1`, [officer.provinceCode, `${p}.officer`, `${p}.mdt`]);
      expect(share!.officer, p).toBe(1);
      expect(share!.mdt, p).toBeGreaterThan(0.75);
    }
    const unread = await q<{ username: string; kind: string }>(`SELECT DISTINCT u.username, n.kind FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.read_at IS NULL`);
    const kinds = (u: string) => unread.filter((x) => x.username === u).map((x) => x.kind);
    for (const u of ['cri.officer', 'tak.officer']) expect(kinds(u), u).toEqual(expect.arrayContaining(['clock_overdue']));
    expect([...kinds('cri.shelter'), ...kinds('tak.shelter'), ...kinds('bkk.shelter')]).toContain('referral_requested');
    const tak = await signIn('tak.officer');
    const bell = await get(tak, '/notifications/unread-count');
    expect(bell.statusCode, bell.body).toBe(200);
    expect(JSON.stringify(bell.json())).toMatch(/[1-9]/);
  });

  it('keeps identity out of clear text: encrypted columns, name grams and blind indexes that the search finds', async () => {
    const rows = await q<{ j: string }>('SELECT row_to_json(p)::text AS j FROM persons p');
    const latin = await q<{ l: string | null }>('SELECT latin_name_enc AS l FROM persons');
    const names = latin.map((r) => t.cipher.decryptOpt(r.l)).filter((x): x is string => x !== null);
    expect(names.length).toBeGreaterThan(500);
    const all = rows.map((r) => r.j).join('\n');
    // Ciphertext is base64: a Thai letter or a Latin name (with its space) in a row means identity in clear text.
    expect(all).not.toMatch(/[\u0E00-\u0E7F]/);
    for (const n of names) expect(all.includes(n), n).toBe(false);
    const enc = async (table: string, column: string) => count(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} IS NOT NULL AND ${column} NOT LIKE 'v1:%'`);
    for (const [table, column] of [
      ['case_persons', 'identification_reasons'], ['case_persons', 'travel_documents'], ['case_events', 'place_enc'], ['case_events', 'description_enc'],
      ['screenings', 'summary_enc'], ['referrals', 'details_enc'], ['referrals', 'override_reason_enc'], ['follow_ups', 'notes_enc'], ['case_services', 'outcome_enc'],
    ] as const) expect(await enc(table, column), `${table}.${column}`).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM case_persons WHERE identification_reasons IS NOT NULL`)).toBeGreaterThan(100);

    // A misspelt name and a document number find their case for the province's officer.
    const [victim] = await q<{ case_id: string; l: string; doc: string | null }>(`SELECT cp.case_id, p.latin_name_enc AS l, p.document_number_enc AS doc
      FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
      WHERE c.province_code = '57' AND cp.role = 'victim' AND p.document_number_enc IS NOT NULL ORDER BY c.opened_at LIMIT 1`);
    const cri = await signIn('cri.officer');
    const name = misspell(createRng(7), t.cipher.decrypt(victim!.l));
    const byName = await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { name } });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().items.map((i: { id: string }) => i.id)).toContain(victim!.case_id);
    const byDoc = await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { document: t.cipher.decrypt(victim!.doc!) } });
    expect(byDoc.json().items.map((i: { id: string }) => i.id)).toContain(victim!.case_id);
  });

  it('maps the case view\'s JSON rows (jsonRowReader) as drizzle\'s own select does, for every column of every demo row', async () => {
    const db = t.database.db;
    // Values a JSON round trip could bend: quotes, commas, braces and backslashes in array elements, an
    // empty array, Thai text, a date at the edge of a day, a timestamp with microseconds.
    const [cp] = await db.select({ id: casePersons.id }).from(casePersons).limit(1);
    await q(`UPDATE case_persons SET recruitment_apps = ARRAY['a,b', 'say "hi"', '{x}', 'back\\slash', 'ไทย'], means_of_control = '{}',
      taken_into_care_at = '2026-01-31 23:59:59.123456+07', return_date = '2026-12-31' WHERE id = $1`, [cp!.id]);
    for (const [table, name] of [[casePersons, 'case_persons'], [persons, 'persons'], [caseEvents, 'case_events']] as const) {
      const viaDrizzle = await db.select().from(table).orderBy(table.id);
      const read = jsonRowReader(table);
      const viaJson = (await q<{ j: Record<string, unknown> }>(`SELECT to_json(x) AS j FROM ${name} x ORDER BY id`)).map((r) => read(r.j));
      expect(viaJson.length, name).toBeGreaterThan(50);
      expect(viaJson, name).toEqual(viaDrizzle);
    }
  });

  it('runs once: a second call changes nothing', async () => {
    const tables = ['cases', 'persons', 'case_persons', 'case_activity', 'audit_log', 'referrals', 'notifications', 'organisation_services', 'case_number_counters'];
    const before = await Promise.all(tables.map((x) => count(`SELECT count(*)::int AS n FROM ${x}`)));
    expect(await seedDemoCases(t.database, t.cipher)).toEqual({ cases: 0 });
    expect(await Promise.all(tables.map((x) => count(`SELECT count(*)::int AS n FROM ${x}`)))).toEqual(before);
  });
});
