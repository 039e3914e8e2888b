import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import { pdfEmbeddedFonts, pdfPageSizes, pdfText } from '../../test/pdf.js';

/**
 * Statistics against a hand-counted fixture (issue 6), inserted directly so that dates are known.
 *
 * Five copies (i = 0..4) of this pattern, then one extra case:
 *  C1 (57, Chiang Rai centre, opened 2025-03-10, assistance), report received 2025-03-(08 − i):
 *    V1 doc D-AAA-i, Feminine, born 2010-01-01 (15: band 9-17, child), MMR, identified 2025-03-(12 + i), SexualExploitation,
 *       I_Accommodation…; screened 2025-03-10; taken into care 2 h before identification (s.29 met); shelter delivered 2025-03-20
 *       by the Chiang Rai centre; a referral requested 2025-03-13 00:00, accepted 2025-03-14 12:00 (1.5 days).
 *    V2 no document, Masculine, about 30 (30-38), MMR, possible, ForcedLabour, A_Agriculture…; screened 2025-03-11.
 *       Copy 0 only: medical care delivered (no provider) and a declined referral.
 *    a family member (not counted)
 *  C2 (57, opened 2025-11-05 → fiscal 2026, screening):
 *    V3 doc D-BBB-i, Feminine, about 19 (18-20), LAO, possible, no form recorded, no industry; taken into care 2025-11-05 and
 *       never identified (s.29 clock ran out: not met).
 *    V4 Masculine, decided not a victim (not counted).
 *  C3 (63, Tak centre, opened 2025-06-01, identification):
 *    V5 doc D-AAA-i — the same person as V1, recorded by another agency — Feminine, 16, MMR, possible (counted once, as V1).
 *    V6 no document, gender not specified, no age, KHM, possible, ForcedLabour + ForcedBegging, F_Construction.
 *  C4 (63, opened 2024-12-20, closed), no victims.
 * Extra: C5 (57, opened 2025-03-15, screening): V7 Masculine, about 40 (39-47), THA, possible, ForcedLabour.
 *
 * National, by person: 4 × 5 + 1 = 21 victims (25 victim records of which 5 are the same people twice), 5 identified, 16 possible.
 */
describe('statistics: hand-counted fixture, dedupe, scope, suppression, bad filters, exports', () => {
  let t: TestContext;
  let cri: Signed;
  let tak: Signed;
  let analyst: Signed;
  let criOrg: string;
  let takOrg: string;
  let shelterOrg: string;
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.database.query<T>(text, params);
  const get = (s: Signed, url: string) => t.as(s, { method: 'GET', url });

  async function person(org: string, province: string, p: { doc?: string; gender: string; birth?: string; est?: number; nat: string }) {
    const [r] = await q<{ id: string }>(
      `INSERT INTO persons (organisation_id, province_code, gender, birth_date, estimated_age, nationality, document_index)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [org, province, p.gender, p.birth ?? null, p.est ?? null, p.nat, p.doc ?? null],
    );
    return r!.id;
  }
  let seq = 0;
  async function kase(org: string, province: string, openedAt: string, stage: string, expl: string[], reportId: string | null = null) {
    const [r] = await q<{ id: string }>(
      `INSERT INTO cases (case_number, province_code, year_be, seq, organisation_id, stage, status, opened_at, exploitation_types, report_id)
       VALUES ($1, $2, 2568, $3, $4, $5, $6, $7, $8::text[], $9) RETURNING id`,
      [`${province}-2568-${String(++seq).padStart(5, '0')}`, province, seq, org, stage, stage === 'closed' ? 'Closed' : 'Active', openedAt,
        `{${expl.join(',')}}`, reportId],
    );
    return r!.id;
  }
  async function victim(caseId: string, personId: string, v: { status?: string; expl?: string[]; industry?: string; identifiedAt?: string; careAt?: string; role?: string }) {
    const [r] = await q<{ id: string }>(
      `INSERT INTO case_persons (case_id, person_id, role, trafficking_status, exploitation_types, industry, identified_at, taken_into_care_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING id`,
      [caseId, personId, v.role ?? 'victim', v.status ?? null, `{${(v.expl ?? []).join(',')}}`, v.industry ?? null, v.identifiedAt ?? null, v.careAt ?? null],
    );
    return r!.id;
  }
  const day = (d: string, addDays = 0, hours = 0) => new Date(new Date(`${d}T00:00:00+07:00`).getTime() + addDays * 86_400_000 + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    t = await createTestContext();
    criOrg = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre', nameTh: 'ศปคม. เชียงราย' });
    takOrg = await t.org({ provinceCode: '63', nameEn: 'Tak centre', nameTh: 'ศปคม. ตาก' });
    shelterOrg = await t.org({ provinceCode: '57', nameEn: 'Shelter', nameTh: 'บ้านพัก', sector: 'ngo' });
    cri = await t.login(await t.user(['provincial_officer'], { organisationId: criOrg }));
    tak = await t.login(await t.user(['provincial_officer'], { organisationId: takOrg }));
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));

    for (let i = 0; i < 5; i++) {
      const [rep] = await q<{ id: string }>(
        `INSERT INTO reports (reference, source, channel, description, description_segmented, routed_province_code, created_at)
         VALUES ($1, 'staff', 'hotline_1300', 'x', 'x', '57', $2) RETURNING id`, [`R-FIX-${i}`, day('2025-03-08', -i)]);
      const c1 = await kase(criOrg, '57', day('2025-03-10'), 'assistance', ['SexualExploitation', 'ForcedLabour'], rep!.id);
      const p1 = await person(criOrg, '57', { doc: `D-AAA-${i}`, gender: 'Feminine', birth: '2010-01-01', nat: 'MMR' });
      const identified = day('2025-03-12', i);
      const v1 = await victim(c1, p1, {
        status: 'ActualVictimOfTrafficking', expl: ['SexualExploitation'], industry: 'I_AccommodationAndFoodServiceActivities',
        identifiedAt: identified, careAt: day('2025-03-12', i, -2),
      });
      const p2 = await person(criOrg, '57', { gender: 'Masculine', est: 30, nat: 'MMR' });
      const v2 = await victim(c1, p2, { expl: ['ForcedLabour'], industry: 'A_AgricultureForestryAndFishing' });
      await victim(c1, await person(criOrg, '57', { gender: 'Feminine', est: 45, nat: 'MMR' }), { role: 'family' });
      await q(`INSERT INTO screenings (case_id, case_person_id, screened_at, answers, indicators_met) VALUES ($1, $2, $3, '{}', 0), ($1, $4, $5, '{}', 0)`,
        [c1, v1, day('2025-03-10'), v2, day('2025-03-11')]);
      await q(`INSERT INTO case_services (case_id, case_person_id, service, provider_organisation_id, actual_start, status) VALUES ($1, $2, 'shelter', $3, '2025-03-20', 'delivered')`,
        [c1, v1, criOrg]);
      await q(`INSERT INTO referrals (case_id, case_person_id, from_organisation_id, to_organisation_id, service, reason, shared_parts, status, requested_at, answered_at)
               VALUES ($1, $2, $3, $4, 'shelter', 'AdditionalServicesRequired', '{summary}', 'accepted', $5, $6)`,
        [c1, v1, criOrg, shelterOrg, day('2025-03-13'), day('2025-03-14', 0, 12)]);
      if (i === 0) {
        await q(`INSERT INTO case_services (case_id, case_person_id, service, actual_start, status) VALUES ($1, $2, 'medical_care', '2025-03-12', 'delivered')`, [c1, v2]);
        await q(`INSERT INTO referrals (case_id, case_person_id, from_organisation_id, to_organisation_id, service, reason, shared_parts, status, requested_at, answered_at)
                 VALUES ($1, $2, $3, $4, 'shelter', 'AdditionalServicesRequired', '{summary}', 'declined', $5, $6)`,
          [c1, v2, criOrg, shelterOrg, day('2025-03-13'), day('2025-03-15')]);
      }
      const c2 = await kase(criOrg, '57', day('2025-11-05'), 'screening', []);
      await victim(c2, await person(criOrg, '57', { doc: `D-BBB-${i}`, gender: 'Feminine', est: 19, nat: 'LAO' }), { careAt: day('2025-11-05') });
      await victim(c2, await person(criOrg, '57', { gender: 'Masculine', est: 25, nat: 'MMR' }), { status: 'NotAVictimOfTrafficking', identifiedAt: day('2025-11-06') });
      const c3 = await kase(takOrg, '63', day('2025-06-01'), 'identification', ['ForcedLabour', 'ForcedBegging']);
      await victim(c3, await person(takOrg, '63', { doc: `D-AAA-${i}`, gender: 'Feminine', est: 16, nat: 'MMR' }), { expl: ['SexualExploitation'] });
      await victim(c3, await person(takOrg, '63', { gender: 'NonSpecifiedUnknown', nat: 'KHM' }), { expl: ['ForcedLabour', 'ForcedBegging'], industry: 'F_Construction' });
      await kase(takOrg, '63', day('2024-12-20'), 'closed', []);
    }
    const c5 = await kase(criOrg, '57', day('2025-03-15'), 'screening', ['ForcedLabour']);
    await victim(c5, await person(criOrg, '57', { gender: 'Masculine', est: 40, nat: 'THA' }), { expl: ['ForcedLabour'] });
  });
  afterAll(async () => { await t.close(); });

  type Item = { key: string; count: number | null; suppressed: boolean };
  type B = { items: Item[]; total: { count: number | null; suppressed: boolean } };
  const counts = (b: B) => Object.fromEntries(b.items.filter((i) => i.count !== 0).map((i) => [i.key, i.suppressed ? '<5' : i.count]));

  it('national dashboard: every number of the fixture, each person counted once', async () => {
    const res = await get(analyst, '/api/v1/stats/summary');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.scope).toEqual({ level: 'national', provinceCode: null });
    expect(s.suppression).toEqual({ threshold: 4, method: 'primary-and-complementary-cell-suppression' });
    expect(s.totals).toEqual({
      victims: { count: 21, suppressed: false }, identified: { count: 5, suppressed: false }, possible: { count: 16, suppressed: false },
      cases: { count: 21, suppressed: false }, reports: { count: 5, suppressed: false },
    });
    expect(counts(s.casesByStage)).toEqual({ assistance: 5, screening: 6, identification: 5, closed: 5 });
    expect(counts(s.reportsByMonth)).toEqual({ '2025-03': 5 });
    const v = s.victims;
    expect(counts(v.byStatus)).toEqual({ identified: 5, possible: 16 });
    expect(counts(v.byProvince)).toEqual({ 57: 16, 63: 5 });
    expect(v.byProvince.items).toHaveLength(77);
    expect(counts(v.bySex)).toEqual({ Feminine: 10, Masculine: 6, NonSpecifiedUnknown: 5 });
    expect(counts(v.byMonth)).toEqual({ '2025-03': 11, '2025-06': 5, '2025-11': 5 });
    expect(v.byMonth.items[0].key).toBe('2025-03');
    expect(counts(v.byYear)).toEqual({ 2025: 21 });
    expect(counts(v.byFiscalYear)).toEqual({ 2025: 16, 2026: 5 });
    expect(v.byFiscalYear.items.find((i: Item) => i.key === '2026')).toMatchObject({ labelTh: 'ปีงบประมาณ 2569' });
    expect(counts(v.byExploitation)).toEqual({ SexualExploitation: 5, ForcedLabour: 11, ForcedBegging: 5, unknown: 5 });
    expect(v.byExploitation.multiValued).toBe(true);
    expect(counts(v.byIndustry)).toEqual({ I_AccommodationAndFoodServiceActivities: 5, A_AgricultureForestryAndFishing: 5, F_Construction: 5, unknown: 6 });
    // One 40-year-old Thai man: a small cell. Age bands are linked to child/adult (adult = 18-20 + … + 48+), so a hidden zero
    // could be pinned down through the child line: the complement is a non-zero adult band.
    expect(counts(v.byAgeBand)).toEqual({ '9-17': 5, '18-20': '<5', '30-38': 5, '39-47': '<5', unknown: 5 });
    expect(v.byAgeBand.items.find((i: Item) => i.key === '18-20')).toMatchObject({ count: null, suppressed: true });
    expect(counts(v.byAgeGroup)).toEqual({ child: 5, adult: 11, unknown: 5 });
    // Citizenship is one line: the single Thai victim is hidden with the first zero (Viet Nam).
    expect(counts(v.byNationality)).toEqual({ THA: '<5', MMR: 10, LAO: 5, KHM: 5, VNM: '<5' });
    for (const b of Object.values(v) as B[]) expect(b.total).toEqual({ count: 21, suppressed: false });
  });

  it('the same person recorded by two agencies (same document) counts once; each agency still counts them in its own scope', async () => {
    const national = (await get(analyst, '/api/v1/stats/summary')).json();
    const mine = (await get(cri, '/api/v1/stats/summary')).json();
    const theirs = (await get(tak, '/api/v1/stats/summary')).json();
    // 25 victim records in all; the five people recorded in both provinces count once nationally.
    const rows = await q<{ n: number }>(`SELECT count(*)::int AS n FROM case_persons WHERE role = 'victim' AND trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'`);
    expect(rows[0]!.n).toBe(26);
    expect(national.totals.victims.count).toBe(21);
    expect(mine.totals.victims.count).toBe(16);
    expect(theirs.totals.victims.count).toBe(10);
    // Nationally the person is counted where they were identified (Chiang Rai), as an identified victim.
    expect(national.victims.byProvince.items.find((i: Item) => i.key === '63').count).toBe(5);
    expect(theirs.totals.identified.count).toBe(0);
    // A filter that matches only the Tak record still finds the person there.
    const takOnly = (await get(analyst, '/api/v1/stats/summary?province=63&sex=Feminine')).json();
    expect(takOnly.totals.victims.count).toBe(5);
  });

  it('a provincial officer sees only their province, and the drill-down excludes other provinces', async () => {
    const s = (await get(cri, '/api/v1/stats/summary')).json();
    expect(s.scope).toEqual({ level: 'province', provinceCode: '57' });
    expect(counts(s.victims.byProvince)).toEqual({ 57: 16 });
    expect(counts(s.casesByStage)).toEqual({ assistance: 5, screening: 6 });
    expect(s.totals.reports.count).toBe(5);
    const takView = (await get(tak, '/api/v1/stats/summary')).json();
    expect(counts(takView.casesByStage)).toEqual({ identification: 5, closed: 5 });
    expect(takView.totals.reports).toEqual({ count: 0, suppressed: false });
    // Asking for the other province gives nothing from outside the scope.
    const other = (await get(tak, '/api/v1/stats/cases?province=57')).json();
    expect(other).toEqual({ items: [], nextCursor: null });
    const otherSummary = (await get(tak, '/api/v1/stats/summary?province=57')).json();
    expect(otherSummary.totals.victims.count).toBe(0);
    const mine = (await get(cri, '/api/v1/stats/cases?limit=500')).json();
    expect(mine.items).toHaveLength(11);
    expect(mine.items.every((c: { provinceCode: string }) => c.provinceCode === '57')).toBe(true);
  });

  it('a partner token with stats.read gets the numbers of its own province but not the cases behind them; one without it is refused', async () => {
    const token = async (perms: string[]) => {
      const tok = newTokenSecret();
      await q(`INSERT INTO api_tokens (organisation_id, name, token_hash, prefix, permissions, expires_at)
               VALUES ($1, 'partner', $2, $3, $4::text[], now() + interval '1 day')`, [takOrg, tok.hash, tok.prefix, `{${perms.join(',')}}`]);
      return tok.token;
    };
    const reader = await token(['stats.read']);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/stats/summary', headers: { authorization: `Bearer ${reader}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().scope).toEqual({ level: 'province', provinceCode: '63' });
    expect(res.json().totals.victims.count).toBe(10);
    // The drill-down lists cases: a token that may read numbers but no cases gets none, not even its own
    // province's (a case list with exact counts per filter would undo small-cell suppression).
    const drill = await t.app.inject({ method: 'GET', url: '/api/v1/stats/cases?province=63', headers: { authorization: `Bearer ${reader}` } });
    expect(drill.statusCode, drill.body).toBe(403);
    const other = await token(['exchange.read']);
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/stats/summary', headers: { authorization: `Bearer ${other}` } });
    expect(refused.statusCode).toBe(403);
  });

  it('drill-down: the cases behind a number, paged, no identity', async () => {
    const first = await get(analyst, '/api/v1/stats/cases?sex=Masculine&limit=4');
    expect(first.statusCode, first.body).toBe(200);
    const p1 = first.json();
    expect(p1.items).toHaveLength(4);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p2 = (await get(analyst, `/api/v1/stats/cases?sex=Masculine&limit=4&cursor=${p1.nextCursor}`)).json();
    expect(p2.items).toHaveLength(2);
    expect(p2.nextCursor).toBeNull();
    const all = [...p1.items, ...p2.items];
    // The five C1 copies (V2) and C5 (V7); the men decided not to be victims are not behind the number.
    expect(new Set(all.map((c: { id: string }) => c.id)).size).toBe(6);
    expect(all.every((c: { matchingVictims: number }) => c.matchingVictims === 1)).toBe(true);
    expect(Object.keys(all[0]).sort()).toEqual(['caseNumber', 'id', 'matchingVictims', 'openedAt', 'provinceCode', 'stage', 'status']);
    const byYear = (await get(analyst, '/api/v1/stats/cases?year=2026&yearType=fiscal&limit=500')).json();
    expect(byYear.items).toHaveLength(5);
    expect(byYear.items.every((c: { openedAt: string }) => c.openedAt.startsWith('2025-11-04T17:00:00'))).toBe(true);
    const [audit] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.listed' AND details->>'source' = 'stats'`);
    expect(audit!.n).toBeGreaterThan(0);
  });

  it('filters: year (calendar and fiscal), exploitation, age, status', async () => {
    const fiscal = (await get(analyst, '/api/v1/stats/summary?year=2026&yearType=fiscal')).json();
    expect(fiscal.filter).toMatchObject({ from: '2025-10-01', to: '2026-09-30', year: 2026, yearType: 'fiscal' });
    expect(fiscal.totals.victims.count).toBe(5);
    expect(fiscal.totals.cases.count).toBe(5);
    const cal2024 = (await get(analyst, '/api/v1/stats/summary?year=2024')).json();
    expect(cal2024.totals.victims).toEqual({ count: 0, suppressed: false });
    expect(counts(cal2024.casesByStage)).toEqual({ closed: 5 });
    const fl = (await get(analyst, '/api/v1/stats/summary?exploitation=ForcedLabour')).json();
    expect(fl.totals.victims.count).toBe(11);
    // The case count: cases with a forced-labour victim (C1 ×5, C3 ×5, C5).
    expect(fl.totals.cases.count).toBe(11);
    const kids = (await get(analyst, '/api/v1/stats/summary?ageGroup=child&from=2025-03-01&to=2025-03-31')).json();
    expect(kids.totals.victims.count).toBe(5);
    const both = (await get(analyst, '/api/v1/stats/summary?ageBand=9-17,18-20&victimStatus=possible')).json();
    // 18-20: V3 ×5; 9-17 possible: V5 — but V5 is the same person as V1 (identified), filtered to possible records only it counts.
    expect(both.totals.victims.count).toBe(10);
    const rep = (await get(analyst, '/api/v1/stats/summary?nationality=MMR&nationality=LAO')).json();
    expect(rep.filter.nationality).toEqual(['MMR', 'LAO']);
    expect(rep.totals.victims.count).toBe(15);
  });

  it('timeliness: medians and 90th percentiles in days, s.29 clocks', async () => {
    const res = await get(analyst, '/api/v1/stats/timeliness');
    expect(res.statusCode, res.body).toBe(200);
    const tl = res.json();
    const m = Object.fromEntries(tl.measures.map((x: { key: string; n: Item; medianDays: number; p90Days: number }) => [x.key, [x.n.count, x.medianDays, x.p90Days]]));
    // Report → screening: V1 2..6 days, V2 3..7 days → 10 values; median 4.5, p90 6.1.
    expect(m.report_to_screening).toEqual([10, 4.5, 6.1]);
    // Screening (10 March) → identification (12 + i March): 2..6 days.
    expect(m.screening_to_identification).toEqual([5, 4, 5.6]);
    // Identification (12 + i March) → shelter from 20 March: 8..4 days.
    expect(m.identification_to_first_service).toEqual([5, 6, 7.6]);
    expect(m.referral_request_to_acceptance).toEqual([5, 1.5, 1.5]);
    // V1 ×5 met (identified 2 h after being taken into care), V3 ×5 ran out.
    expect(tl.s29).toEqual({ clocks: { count: 10, suppressed: false }, met: { count: 5, suppressed: false }, notMet: { count: 5, suppressed: false }, share: 0.5 });
    // One province's view: Tak has no measured intervals.
    const takTl = (await get(tak, '/api/v1/stats/timeliness')).json();
    expect(takTl.measures.every((x: { n: Item; medianDays: number | null }) => x.n.count === 0 && x.medianDays === null)).toBe(true);
  });

  it('counts every service a plan can hold (a compensation claim is not a directory service; it once answered 500)', async () => {
    const [c] = await t.database.query<{ case_id: string; case_person_id: string }>("SELECT case_id, case_person_id FROM case_services WHERE service = 'shelter' LIMIT 1");
    const [added] = await t.database.query<{ id: string }>(
      "INSERT INTO case_services (case_id, case_person_id, service, actual_start, status) VALUES ($1, $2, 'compensation_claim', '2025-04-01', 'delivered') RETURNING id",
      [c!.case_id, c!.case_person_id]);
    try {
      const res = await get(analyst, '/api/v1/stats/services');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().deliveredByType.items.find((i: Item) => i.key === 'compensation_claim')).toMatchObject({ suppressed: true, labelEn: 'Compensation claim (s.34)' });
    } finally {
      await t.database.query('DELETE FROM case_services WHERE id = $1', [added!.id]);
    }
  });

  it('services and referrals, with small cells suppressed and complementary cells hidden', async () => {
    const res = await get(analyst, '/api/v1/stats/services');
    expect(res.statusCode, res.body).toBe(200);
    const sv = res.json();
    // Shelter ×5 and one medical care: the single one hidden, with the first zero (food).
    expect(counts(sv.deliveredByType)).toEqual({ shelter: 5, food: '<5', medical_care: '<5' });
    expect(sv.deliveredByType.total).toEqual({ count: 6, suppressed: false });
    const providers = sv.deliveredByProvider.items.map((i: Item) => [i.key, i.suppressed ? '<5' : i.count]);
    expect(providers).toEqual([[criOrg, 5], ['other', '<5'], ['unknown', '<5']]);
    expect(sv.deliveredByProvider.items[0]).toMatchObject({ labelEn: 'Chiang Rai centre' });
    expect(counts(sv.referralsByStatus)).toEqual({ requested: '<5', accepted: 5, declined: '<5' });
    expect(sv.referrals).toEqual({ made: { count: 6, suppressed: false }, accepted: { count: 5, suppressed: false }, declined: { count: null, suppressed: true } });
  });

  it('no hidden cell can be worked out by subtracting the visible cells from the total', async () => {
    const s = (await get(analyst, '/api/v1/stats/summary')).json();
    const sv = (await get(analyst, '/api/v1/stats/services')).json();
    for (const b of [...Object.values(s.victims), s.casesByStage, s.reportsByMonth, sv.deliveredByType, sv.deliveredByProvider, sv.referralsByStatus] as (B & { multiValued: boolean })[]) {
      if (b.multiValued || b.total.suppressed) continue;
      const hidden = b.items.filter((i) => i.suppressed);
      expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
      for (const i of b.items) if (!i.suppressed) expect(i.count === 0 || i.count! > 4).toBe(true);
    }
  });

  it('bad filters answer 400 in both languages, and nothing reads outside validation', async () => {
    const cases: [string, string, string][] = [
      ['province=99', 'STATS_UNKNOWN_CODE', 'query.province'],
      ['nationality=XXX', 'STATS_UNKNOWN_CODE', 'query.nationality'],
      ['province=5', 'VALIDATION_FAILED', 'query.province'],
      ['from=2025-05-01&to=2025-01-01', 'VALIDATION_FAILED', 'query.to'],
      ['year=2025&from=2025-01-01', 'VALIDATION_FAILED', 'query.year'],
      ['sex=Alien', 'VALIDATION_FAILED', 'query.sex'],
      ['ageBand=7-9', 'VALIDATION_FAILED', 'query.ageBand'],
      ['exploitation=Fishing', 'VALIDATION_FAILED', 'query.exploitation'],
      ['stage=nowhere', 'VALIDATION_FAILED', 'query.stage'],
      ['yearType=lunar&year=2025', 'VALIDATION_FAILED', 'query.yearType'],
      ['from=2025-02-30', 'VALIDATION_FAILED', 'query.from'],
      ['province=57,57', 'VALIDATION_FAILED', 'query.province'],
    ];
    for (const [query, code, path] of cases) {
      for (const route of ['summary', 'timeliness', 'services', 'cases']) {
        const res = await get(analyst, `/api/v1/stats/${route}?${query}`);
        expect([route, query, res.statusCode]).toEqual([route, query, 400]);
        const e = res.json().error;
        expect(e.code).toBe(code);
        expect(e.messageTh).toMatch(/[\u0E00-\u0E7F]/);
        expect(e.message).toMatch(/[a-z]/);
        expect(e.fields.map((f: { path: string }) => f.path.split('.').slice(0, 2).join('.'))).toContain(path);
      }
    }
    expect((await get(analyst, '/api/v1/stats/cases?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
  });

  it('standard tables: CSV and XLSX for a year, suppressed, audited with who, what and how many rows; provinces cannot export', async () => {
    const csv = await get(analyst, '/api/v1/stats/tables/victims_by_province?year=2025&format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('province,province_th,province_en,victims,identified,possible,child,adult,age_unknown');
    expect(lines).toHaveLength(1 + 77 + 1);
    expect(lines.find((l) => l.startsWith('57,'))).toMatch(/,16,5,11,5,11,0$/);
    expect(lines.find((l) => l.startsWith('63,'))).toMatch(/,5,0,5,0,0,5$/);
    expect(lines.at(-1)).toBe('total,รวม,Total,21,5,16,5,11,5');
    const fiscal = await get(analyst, '/api/v1/stats/tables/victims_by_province?year=2026&yearType=fiscal&format=csv');
    // Fiscal 2026: V3 ×5 only (all Chiang Rai, adults, possible).
    expect(fiscal.body.trim().split('\n').at(-1)).toBe('total,รวม,Total,5,0,5,0,5,0');

    const xlsx = await t.app.inject({ method: 'GET', url: '/api/v1/stats/tables/victims_profile?year=2025&format=xlsx', headers: { cookie: analyst.cookie } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('table')!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['exploitation', 'exploitation_th', 'exploitation_en', 'citizenship', 'citizenship_th', 'citizenship_en', 'gender', 'gender_th', 'gender_en', 'age_band', 'victims']);
    const find = (e: string, n: string, s: string, a: string) => rows.find((r) => r[0] === e && r[3] === n && r[6] === s && r[9] === a)?.[10];
    expect(find('ForcedLabour', 'THA', 'Masculine', '39-47')).toBe('<5');
    expect(find('ForcedLabour', 'KHM', 'NonSpecifiedUnknown', 'unknown')).toBe(5);
    expect(rows.slice(1).every((r) => r[10] === '<5' || r[10] === 0 || (r[10] as number) > 4)).toBe(true);
    // Every value of every dimension is a protected line: none has exactly one hidden cell.
    for (const col of [0, 3, 6, 9]) {
      const hiddenPer = new Map<unknown, number>();
      for (const r of rows.slice(1)) if (r[10] === '<5') hiddenPer.set(r[col], (hiddenPer.get(r[col]) ?? 0) + 1);
      for (const [value, n] of hiddenPer) expect([col, value, n >= 2]).toEqual([col, value, true]);
    }
    expect(wb.getWorksheet('notes')).toBeDefined();

    for (const table of ['services', 'timeliness']) {
      const r = await get(analyst, `/api/v1/stats/tables/${table}?year=2025`);
      expect([table, r.statusCode]).toEqual([table, 200]);
    }
    const timeliness = (await get(analyst, '/api/v1/stats/tables/timeliness?year=2025')).body;
    expect(timeliness).toContain('report_to_screening,จากรับแจ้งถึงคัดกรอง,Report to screening,10,4.5,6.1');

    const audit = await q<{ target_id: string; actor_user_id: string | null; details: Record<string, unknown> }>(
      `SELECT target_id, actor_user_id, details FROM audit_log WHERE action = 'stats.table_exported' ORDER BY seq`);
    expect(audit.length).toBe(5 + 1);
    expect(audit[0]).toMatchObject({ target_id: 'victims_by_province', details: { format: 'csv', year: 2025, yearType: 'calendar', province: [], rows: 78 } });
    expect(audit[0]!.actor_user_id).toEqual(expect.any(String));
    expect(audit[2]!.details).toMatchObject({ format: 'xlsx', rows: 12 * 11 * 6 * 10 });

    expect((await get(cri, '/api/v1/stats/tables/victims_by_province?year=2025')).statusCode).toBe(403);
    expect((await get(analyst, '/api/v1/stats/tables/nothing?year=2025')).statusCode).toBe(400);
    expect((await get(analyst, '/api/v1/stats/tables/services')).statusCode).toBe(400);
  });

  it('standard tables as PDF: Noto Sans Thai embedded, Thai headings, the same numbers and "<5" cells as the CSV, audited like the CSV', async () => {
    const exported = async () => q<{ target_id: string; actor_user_id: string | null; details: Record<string, unknown> }>(
      `SELECT target_id, actor_user_id, details FROM audit_log WHERE action = 'stats.table_exported' ORDER BY seq`);
    const before = (await exported()).length;
    const pdfOf = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: analyst.cookie } });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-suppression-threshold']).toBe('4');
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Embedded (a FontFile2 stream, subset tag) — not a reference to a font the reader's machine may lack.
      expect(pdfEmbeddedFonts(pdf)).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z]{6}\+NotoSansThai-Regular$/), expect.stringMatching(/^[A-Z]{6}\+NotoSansThai-Bold$/)]));
      return { res, pdf, pages: await pdfText(pdf) };
    };

    const byProvince = await pdfOf('/api/v1/stats/tables/victims_by_province?year=2025&format=pdf');
    expect(byProvince.res.headers['content-disposition']).toBe('attachment; filename="phakhi-victims-by-province-2025.pdf"');
    expect(pdfPageSizes(byProvince.pdf).every(([w, h]) => w === 595.28 && h === 841.89)).toBe(true);
    const first = byProvince.pages[0]!;
    expect(first).toContain('ผู้เสียหายจำแนกตามจังหวัด');
    expect(first).toContain('Victims by province');
    expect(first).toContain('ปี พ.ศ. 2568 (1 มกราคม – 31 ธันวาคม 2568)');
    expect(first).toContain('Calendar year 2025');
    expect(first).toContain('ทั้งประเทศ');
    expect(first).toContain('"<5" หมายถึง จำนวนตั้งแต่ 1 ถึง 4');
    expect(first).toMatch(/จัดทำเมื่อ\s*Generated\s*\d{1,2} \S+ 25\d\d เวลา \d\d:\d\d น\./);
    const all = byProvince.pages.join('\n');
    expect(all).toMatch(/เชียงราย\s*Chiang Rai\s*16\s+5\s+11\s+5\s+11\s+0/);
    expect(all).toMatch(/ตาก\s*Tak\s*5\s+0\s+5\s+0\s+0\s+5/);
    expect(all).toMatch(/รวม\s*Total\s*21\s+5\s+16\s+5\s+11\s+5/);
    byProvince.pages.forEach((p, i) => {
      expect(p).toContain('จังหวัด');
      expect(p).toContain(`หน้า ${i + 1} จาก ${byProvince.pages.length}`);
    });

    // Services: the hidden cells print as "<5", the visible ones as numbers.
    const services = (await pdfOf('/api/v1/stats/tables/services?year=2025&format=pdf')).pages.join('\n');
    expect(services).toMatch(/ที่พักพิง\s*Shelter\s*5/);
    expect(services.match(/<5/g)!.length).toBeGreaterThanOrEqual(2 + 2);

    // The profile is wide: landscape, age bands across; every line the CSV has a non-zero cell in is printed with its values.
    const profile = await pdfOf('/api/v1/stats/tables/victims_profile?year=2025&format=pdf');
    expect(pdfPageSizes(profile.pdf).every(([w, h]) => w === 841.89 && h === 595.28)).toBe(true);
    const printed = profile.pages.join('\n').replace(/\s+/g, ' ');
    const csv = (parse((await get(analyst, '/api/v1/stats/tables/victims_profile?year=2025&format=csv')).body, { bom: true }) as string[][]).slice(1);
    const lines = new Map<string, { sex: string; values: string[] }>();
    for (const r of csv) {
      const key = `${r[0]}|${r[3]}|${r[6]}`;
      if (!lines.has(key)) lines.set(key, { sex: r[8]!, values: [] });
      lines.get(key)!.values.push(r[10]!);
    }
    const shown = [...lines.values()].filter((l) => l.values.some((v) => v !== '0'));
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.some((l) => l.values.includes('<5'))).toBe(true);
    for (const l of shown) expect(printed).toContain(`${l.sex} ${l.values.join(' ')}`);

    const fiscal = await pdfOf('/api/v1/stats/tables/victims_profile?year=2026&yearType=fiscal&format=pdf');
    expect(fiscal.res.headers['content-disposition']).toBe('attachment; filename="phakhi-victims-profile-fy2026.pdf"');
    expect(fiscal.pages[0]).toContain('ปีงบประมาณ พ.ศ. 2569 (1 ตุลาคม 2568 – 30 กันยายน 2569)');
    expect(fiscal.pages[0]).toContain('Fiscal year 2026 (1 October 2025 – 30 September 2026)');
    // Fiscal 2026: V3 ×5, Lao women aged 18-20, no form of exploitation recorded.
    expect(fiscal.pages.join(' ').replace(/\s+/g, ' ')).toMatch(/ไม่ทราบ \/ ไม่ได้บันทึก Unknown \/ not recorded ลาว Lao [^0-9]*หญิง Female 0 0 5 0 0 0 0 0 0 0 /);

    // Audited exactly like the CSV and XLSX: one row per file, who, what filter, how many rows.
    const audit = (await exported()).slice(before);
    expect(audit.map((a) => [a.target_id, a.details.format])).toEqual([
      ['victims_by_province', 'pdf'], ['services', 'pdf'], ['victims_profile', 'pdf'], ['victims_profile', 'csv'], ['victims_profile', 'pdf'],
    ]);
    expect(audit[0]).toMatchObject({ details: { format: 'pdf', year: 2025, yearType: 'calendar', province: [], rows: 78 } });
    expect(audit[4]).toMatchObject({ details: { format: 'pdf', year: 2026, yearType: 'fiscal', rows: 12 * 11 * 6 * 10 } });
    expect(audit.every((a) => typeof a.actor_user_id === 'string')).toBe(true);

    // Access is unchanged: a provincial officer has no stats.export.
    expect((await get(cri, '/api/v1/stats/tables/victims_by_province?year=2025&format=pdf')).statusCode).toBe(403);
    expect((await get(analyst, '/api/v1/stats/tables/victims_by_province?year=2025&format=doc')).statusCode).toBe(400);
  });
});
