import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.js';
import { caseStages } from '../../../contracts/case.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import type { Actor } from '../../platform/access/actor.js';
import { rebuild, refreshStatsFacts } from './stats.facts.js';
import { createStatsRepository, victimRows, type ResolvedFilter, type TimelinessRow } from './stats.repository.js';

/**
 * The statistics read model (stats.facts.ts) against its definition, on generated histories of writes:
 *  - after any writes, refreshing the queued cases leaves the facts and the cells exactly as deriving
 *    everything again would;
 *  - a dashboard answered from the cells equals the same dashboard counted from the facts (a filter on every
 *    stage forces the facts path and selects the same cases), for a national analyst and a provincial officer.
 * People share documents across cases and provinces, so persons with several records (counted once,
 * outside the cells) and persons who gain or lose a second record are both exercised.
 */
describe('statistics read model: queued refresh = rebuild; cells = facts', () => {
  let t: TestContext;
  let analyst: Signed;
  let officer: Signed;
  const orgs: Record<string, string> = {};
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.database.query<T>(text, params);
  let seq = 0;

  beforeAll(async () => {
    t = await createTestContext();
    for (const p of ['57', '63', '10']) orgs[p] = await t.org({ provinceCode: p });
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
    // Chiang Rai's officer: counted from the cells while every case of its centre stays in Chiang Rai, from the facts once one moves out.
    officer = await t.login(await t.user(['provincial_officer'], { organisationId: orgs['57'] }));
  });
  afterAll(async () => { await t.close(); });

  const province = fc.constantFrom('57', '63', '10');
  // Around month and year boundaries in Thai time, where the cells split.
  const when = fc.record({ month: fc.constantFrom('2024-12', '2025-01', '2025-09', '2025-10'), day: fc.constantFrom('01', '15', '28'), hour: fc.constantFrom(0, 6, 23) })
    .map((w) => new Date(new Date(`${w.month}-${w.day}T00:00:00+07:00`).getTime() + w.hour * 3_600_000).toISOString());
  const victim = fc.record({
    doc: fc.option(fc.constantFrom('D1', 'D2', 'D3', 'D4'), { nil: null }),
    gender: fc.constantFrom('Feminine', 'Masculine', 'NonSpecifiedUnknown'),
    age: fc.option(fc.integer({ min: 5, max: 60 }), { nil: null }),
    nat: fc.constantFrom('MMR', 'LAO', 'THA'),
    status: fc.constantFrom(null, 'ActualVictimOfTrafficking', 'PossibleVictimOfTrafficking', 'NotAVictimOfTrafficking'),
    expl: fc.subarray(['ForcedLabour', 'SexualExploitation', 'ForcedBegging']),
    identifiedAfterH: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
    careBeforeH: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    screenedAfterH: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    service: fc.option(fc.constantFrom('delivered', 'planned'), { nil: null }),
    referral: fc.option(fc.constantFrom('accepted', 'declined', 'requested'), { nil: null }),
  });
  const op = fc.oneof(
    fc.record({ kind: fc.constant('open' as const), province, at: when, stage: fc.constantFrom(...caseStages), victims: fc.array(victim, { minLength: 0, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), province, at: when, stage: fc.constantFrom(...caseStages) }),
    fc.record({ kind: fc.constant('redocument' as const), pick: fc.nat(), doc: fc.option(fc.constantFrom('D1', 'D2', 'D5'), { nil: null }) }),
    fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), status: fc.constantFrom('ActualVictimOfTrafficking', 'NotAVictimOfTrafficking', 'PossibleVictimOfTrafficking') }),
  );
  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
  type V = typeof victim extends fc.Arbitrary<infer T> ? T : never;

  async function addVictim(caseId: string, province: string, openedAt: string, v: V) {
    const org = orgs[province]!;
    const [p] = await q<{ id: string }>(`INSERT INTO persons (organisation_id, province_code, gender, estimated_age, nationality, document_index)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [org, province, v.gender, v.age, v.nat, v.doc]);
    const h = (n: number) => new Date(new Date(openedAt).getTime() + n * 3_600_000).toISOString();
    const [cp] = await q<{ id: string }>(`INSERT INTO case_persons (case_id, person_id, role, trafficking_status, exploitation_types, identified_at, taken_into_care_at)
      VALUES ($1, $2, 'victim', $3, $4::text[], $5, $6) RETURNING id`,
    [caseId, p!.id, v.status, `{${v.expl.join(',')}}`, v.identifiedAfterH === null ? null : h(v.identifiedAfterH), v.careBeforeH === null ? null : h(-v.careBeforeH)]);
    if (v.screenedAfterH !== null) {
      await q(`INSERT INTO screenings (case_id, case_person_id, screened_at, answers, indicators_met) VALUES ($1, $2, $3, '{}', 0)`, [caseId, cp!.id, h(v.screenedAfterH)]);
    }
    if (v.service) {
      await q(`INSERT INTO case_services (case_id, case_person_id, service, provider_organisation_id, actual_start, status) VALUES ($1, $2, 'shelter', $3, $4, $5)`,
        [caseId, cp!.id, org, h(48).slice(0, 10), v.service]);
    }
    if (v.referral) {
      await q(`INSERT INTO referrals (case_id, case_person_id, from_organisation_id, to_organisation_id, service, reason, shared_parts, status, requested_at, answered_at)
        VALUES ($1, $2, $3, $3, 'shelter', 'AdditionalServicesRequired', '{summary}', $4, $5, $6)`,
      [caseId, cp!.id, org, v.referral, h(10), v.referral === 'requested' ? null : h(40)]);
    }
  }

  async function apply(o: Op) {
    if (o.kind === 'open') {
      const [c] = await q<{ id: string }>(`INSERT INTO cases (case_number, province_code, year_be, seq, organisation_id, stage, status, opened_at, exploitation_types)
        VALUES ($1, $2, 2568, $3, $4, $5, 'Active', $6, '{}') RETURNING id`, [`${o.province}-2568-G${++seq}`, o.province, 100_000 + seq, orgs[o.province], o.stage, o.at]);
      for (const v of o.victims) await addVictim(c!.id, o.province, o.at, v);
      return;
    }
    const pick = async <T>(text: string, n: number) => {
      const rows = await q<T>(text);
      return rows.length ? rows[n % rows.length]! : null;
    };
    if (o.kind === 'move') {
      const c = await pick<{ id: string }>(`SELECT id FROM cases ORDER BY case_number`, o.pick);
      if (c) await q(`UPDATE cases SET province_code = $2, opened_at = $3, stage = $4 WHERE id = $1`, [c.id, o.province, o.at, o.stage]);
    } else if (o.kind === 'redocument') {
      const p = await pick<{ id: string }>(`SELECT p.id FROM persons p JOIN case_persons cp ON cp.person_id = p.id ORDER BY p.created_at, p.id`, o.pick);
      if (p) await q(`UPDATE persons SET document_index = $2 WHERE id = $1`, [p.id, o.doc]);
    } else {
      const cp = await pick<{ id: string }>(`SELECT id FROM case_persons ORDER BY created_at, id`, o.pick);
      if (cp) await q(`UPDATE case_persons SET trafficking_status = $2 WHERE id = $1`, [cp.id, o.status]);
    }
  }

  const repo = () => createStatsRepository(t.database.db);
  const national: Actor = {
    kind: 'token', userId: null, tokenId: null, sessionId: null, organisationId: '00000000-0000-0000-0000-000000000000', provinceCode: null, roles: [],
    permissions: new Set(['stats.read']), scope: 'national',
  };
  const noFilter: ResolvedFilter = { fromTs: null, toTs: null, province: [], exploitation: [], sex: [], ageBand: [], ageGroup: [], nationality: [], industry: [], stage: [], victimStatus: [] };

  const snapshot = async () => ({
    facts: await q(`SELECT * FROM stats_victim_facts ORDER BY cp_id`),
    cases: await q(`SELECT * FROM stats_case_facts ORDER BY case_id`),
    durations: await q(`SELECT * FROM stats_durations ORDER BY cp_id, measure, days`),
    cells: await q(`SELECT province_code, month, dim, key, n FROM stats_cells ORDER BY 1, 2, 3, 4`),
  });

  const dashboard = async (who: Signed, query: string) => {
    const [summary, services, timeliness] = await Promise.all(['summary', 'services', 'timeliness'].map(async (p) => {
      const res = await t.as(who, { method: 'GET', url: `/api/v1/stats/${p}?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      const { filter: _f, ...rest } = res.json() as Record<string, unknown>;
      return rest;
    }));
    return { summary, services, timeliness };
  };

  it('after generated writes, the queued refresh equals a rebuild, and the cells answer as the facts do', async () => {
    const allStages = `stage=${caseStages.join(',')}`;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      for (const o of ops) await apply(o);
      await refreshStatsFacts(t.database.db, { rebuildAt: Number.MAX_SAFE_INTEGER });
      const refreshed = await snapshot();
      await t.database.db.transaction(async (tx) => { await rebuild(tx); });
      expect(await snapshot()).toEqual(refreshed);
      for (const query of ['', 'province=57,63', 'year=2025', 'year=2025&yearType=fiscal&province=10', 'from=2025-01-01&to=2025-09-30']) {
        for (const who of [analyst, officer]) expect(await dashboard(who, query), query).toEqual(await dashboard(who, `${query}&${allStages}`));
      }
      // The percentiles before rounding: the cells' walk gives percentile_cont's own float.
      const byK = (rows: TimelinessRow[]) => [...rows].filter((r) => r.n > 0).sort((a, b) => a.k.localeCompare(b.k));
      for (const f of [noFilter, { ...noFilter, province: ['57'] }, { ...noFilter, fromTs: '2024-12-31T17:00:00.000Z', toTs: '2025-09-30T17:00:00.000Z' }]) {
        expect(byK(await repo().timeliness(national, f))).toEqual(byK(await repo().timeliness(national, { ...f, stage: [...caseStages] })));
      }
    }), { numRuns: 12, seed: 20261127 });
    // The history above did reach the paths this test is about.
    const [shared] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM stats_victim_facts WHERE NOT single`);
    expect(Number(shared!.n)).toBeGreaterThan(0);
    const [cells] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM stats_cells WHERE province_code = '00'`);
    expect(Number(cells!.n)).toBeGreaterThan(0);
  });

  it('a provincial officer counts the same facts through the scope prefilter as by testing the scope on every fact, and of a referred case only the victim referred', async () => {
    // On the team of a case in Tak, and its centre accepted a referral of a case in Bangkok; its own centre opened one in Tak too.
    const officer = await t.user(['provincial_officer'], { organisationId: orgs['57'] });
    const other = async (province: string) => {
      const [c] = await q<{ id: string }>(`INSERT INTO cases (case_number, province_code, year_be, seq, organisation_id, stage, status, opened_at, exploitation_types)
        VALUES ($1, $2, 2568, $3, $4, 'assistance', 'Active', '2025-02-01T00:00:00Z', '{}') RETURNING id`, [`${province}-2568-S${++seq}`, province, 200_000 + seq, orgs[province]]);
      return c!.id;
    };
    const team = await other('63');
    const referred = await other('10');
    const [own] = await q<{ id: string }>(`INSERT INTO cases (case_number, province_code, year_be, seq, organisation_id, stage, status, opened_at, exploitation_types)
      VALUES ($1, '63', 2568, $2, $3, 'screening', 'Active', '2025-03-01T00:00:00Z', '{}') RETURNING id`, [`63-2568-S${++seq}`, 200_000 + seq, orgs['57']]);
    const unseen = await other('63');
    const v: V = { doc: 'D1', gender: 'Feminine', age: 15, nat: 'MMR', status: null, expl: [], identifiedAfterH: null, careBeforeH: null, screenedAfterH: null, service: null, referral: null };
    for (const [c, p] of [[team, '63'], [referred, '10'], [own!.id, '63'], [unseen, '63']] as const) await addVictim(c, p, '2025-02-01T00:00:00Z', v);
    const [cp] = await q<{ id: string }>(`SELECT id FROM case_persons WHERE case_id = $1`, [referred]);
    // A second victim of the referred case, whom no referral names: the officer's centre does not see them.
    await addVictim(referred, '10', '2025-02-01T00:00:00Z', { ...v, doc: null });
    await q(`INSERT INTO team_memberships (record_type, record_id, user_id, role) VALUES ('case', $1, $2, 'member')`, [team, officer.id]);
    await q(`INSERT INTO referrals (case_id, case_person_id, from_organisation_id, to_organisation_id, service, reason, shared_parts, status, requested_at, answered_at)
      VALUES ($1, $2, $3, $4, 'shelter', 'AdditionalServicesRequired', '{summary}', 'accepted', now(), now())`, [referred, cp!.id, orgs['10'], orgs['57']]);
    await refreshStatsFacts(t.database.db);

    const actor: Actor = {
      kind: 'user', userId: officer.id, tokenId: null, sessionId: null, organisationId: orgs['57']!, provinceCode: '57', roles: ['provincial_officer'],
      permissions: new Set(['stats.read']), scope: 'province',
    };
    const ids = async (f: ResolvedFilter, withoutPrefilter: boolean) => rowsOf<{ case_id: string; cp_id: string }>(await t.database.db.execute(
      sql`SELECT v.case_id, v.cp_id FROM (${victimRows(actor, f, { includeNotVictims: true, withoutPrefilter })}) v`)).map((r) => `${r.case_id}/${r.cp_id}`).sort();
    for (const f of [noFilter, { ...noFilter, province: ['63'] }, { ...noFilter, province: ['57', '10'], fromTs: '2024-12-31T17:00:00.000Z' }]) {
      const through = await ids(f, false);
      expect(through).toEqual(await ids(f, true));
      expect(through.some((x) => x.startsWith(unseen))).toBe(false);
    }
    const all = await ids(noFilter, false);
    for (const c of [team, referred, own!.id]) expect(all.some((x) => x.startsWith(c))).toBe(true);
    expect(all.filter((x) => x.startsWith(referred))).toEqual([`${referred}/${cp!.id}`]);
  });

  it('writes that commit while refreshes run are never lost: after the last refresh the read model equals a rebuild', async () => {
    // Writers and refreshers at once (on PostgreSQL over separate connections; PGlite runs them one after another).
    const ops = fc.sample(op, { numRuns: 40, seed: 27 });
    const writers = [0, 1, 2, 3].map(async (w) => { for (let i = w; i < ops.length; i += 4) await apply(ops[i]!); });
    let done = false;
    const refresher = (async () => { while (!done) await refreshStatsFacts(t.database.db, { rebuildAt: Number.MAX_SAFE_INTEGER }); })();
    await Promise.all(writers);
    done = true;
    await refresher;
    await refreshStatsFacts(t.database.db, { rebuildAt: Number.MAX_SAFE_INTEGER });
    const refreshed = await snapshot();
    await t.database.db.transaction(async (tx) => { await rebuild(tx); });
    expect(await snapshot()).toEqual(refreshed);
  });
});
