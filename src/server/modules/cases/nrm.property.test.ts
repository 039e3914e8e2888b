import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseStages, type CaseStage } from '../../../contracts/case.js';
import { ErrorBody } from '../../../contracts/errors.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { bangkokDate, impliedStage, openStatusFor } from './nrm.rules.js';

/**
 * Random sequences of NRM stage actions — valid and invalid, on random people with random dates and
 * versions — sent through HTTP never leave a case in an impossible state. After every step the case
 * is read back from the database and checked:
 *  - the stage is one of the NRM stages and is exactly what the recorded facts imply (so it never
 *    went back, and assistance or later always rests on a possible/actual victim identification);
 *  - closed ⇔ closed_at set ⇔ status Closed/ClosedReferred ⇔ stage_before_close set; an open case's
 *    status follows its stage;
 *  - every identification is at or after each screening of that person and after being taken into
 *    care; returns and visits are not before it; custody extensions end within (24 h, 7 days];
 *  - an accepted write bumps the version by exactly one; a refused one changes nothing.
 */

const RUNS = Number(process.env.PHAKHI_NRM_RUNS ?? 25);
const H = 3600_000;
const D = 24 * H;
const VICTIM_STATUSES = ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking'];

/** Who an action names: the two victims (mostly the first), the family member, or someone not in the case. */
const who = fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 3);
const victim = fc.constantFrom(0, 0, 0, 1);
const versionMode = fc.constantFrom('current', 'current', 'current', 'current', 'current', 'current', 'current', 'stale', 'ahead');
const indicator = fc.constantFrom('ilo.deception', 'ilo.debt_bondage', 'child.begging', 'sexual.commercial_sex', 'ilo.no_such_thing');

/**
 * Steps of the usual path with acceptable values (the rules still refuse some: an identification of
 * someone not yet screened, a second victim's visit date…), so that sequences reach assistance,
 * return and reintegration and the random steps act on cases in every stage.
 */
const screenOk = fc.record({
  kind: fc.constant('screen' as const), who: victim, v: fc.constant('current'), hoursAgo: fc.integer({ min: 30, max: 300 }),
  answers: fc.constant({ 'ilo.deception': 'yes', 'ilo.debt_bondage': 'no' }), language: fc.constant('mya'),
});
const protectOk = fc.record({
  kind: fc.constant('protect' as const), who: victim, v: fc.constant('current'), hoursAgo: fc.integer({ min: 25, max: 29 }),
  extendHours: fc.option(fc.integer({ min: 25, max: 168 })), shelterHours: fc.option(fc.integer({ min: 1, max: 360 })),
});
const identifyOk = fc.record({
  kind: fc.constant('identify' as const), who: victim, v: fc.constant('current'), hoursAgo: fc.integer({ min: 0, max: 20 }),
  decision: fc.constantFrom('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking'),
});
const returnOk = fc.record({
  kind: fc.constant('return' as const), who: victim, v: fc.constant('current'), daysAgo: fc.constant(0),
  repatriation: fc.boolean(), country: fc.constantFrom('MMR', 'LAO'),
});
const planOk = fc.record({
  kind: fc.constant('plan' as const), who: victim, v: fc.constant('current'), daysAgo: fc.integer({ min: -3, max: 0 }),
  months: fc.constant(12), every: fc.constant(3),
});
const visitOk = fc.record({
  kind: fc.constant('visit' as const), v: fc.constant('current'), pick: fc.constant(0), daysAgo: fc.constant(0), rating: fc.integer({ min: 1, max: 5 }),
});
const onPath = fc.oneof(screenOk, protectOk, identifyOk, returnOk, planOk, visitOk);
/** Mistakes the path is known for: identified before screened, custody extended beyond 7 days. */
const identifyEarly = identifyOk.map((c) => ({ ...c, who: 0 as const, hoursAgo: 310 + c.hoursAgo }));
const protectTooLong = protectOk.map((c) => ({ ...c, extendHours: 7 * 24 + 1 + (c.extendHours ?? 0) }));

const command = fc.oneof(
  { weight: 4, arbitrary: onPath },
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('screen' as const), who, v: versionMode, hoursAgo: fc.integer({ min: -3, max: 800 }),
    answers: fc.dictionary(indicator, fc.constantFrom('yes', 'no', 'unknown'), { minKeys: 1, maxKeys: 4 }),
    language: fc.constantFrom('mya', 'mya', 'tha', 'lao', 'zzz'),
  }) },
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('protect' as const), who, v: versionMode, hoursAgo: fc.integer({ min: -3, max: 300 }),
    extendHours: fc.option(fc.integer({ min: 0, max: 200 })), shelterHours: fc.option(fc.integer({ min: -5, max: 400 })),
  }) },
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('identify' as const), who, v: versionMode, hoursAgo: fc.integer({ min: -3, max: 400 }),
    decision: fc.constantFrom('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'),
  }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant('return' as const), who, v: versionMode, daysAgo: fc.integer({ min: -10, max: 20 }),
    repatriation: fc.boolean(), country: fc.constantFrom('MMR', 'LAO', 'KHM', 'THA'),
  }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant('plan' as const), who, v: versionMode, daysAgo: fc.integer({ min: -5, max: 15 }),
    months: fc.constantFrom(12, 18, 24, 6), every: fc.integer({ min: 1, max: 6 }),
  }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant('visit' as const), v: versionMode, pick: fc.nat(20), daysAgo: fc.integer({ min: -3, max: 20 }),
    rating: fc.integer({ min: 0, max: 6 }),
  }) },
  { weight: 1, arbitrary: fc.record({
    kind: fc.constant('close' as const), v: versionMode, status: fc.constantFrom('Closed', 'ClosedReferred'),
    reason: fc.constantFrom('reintegrated', 'not_a_victim', 'lost_contact', 'other'),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), v: versionMode }) },
  /** Not an API write: a referral waiting for an answer appears or is answered (the referral API is another module). */
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('referral' as const), pending: fc.boolean() }) },
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

/** A prefix of the usual path, in order, shuffled in among random steps: at most 12 steps in all. */
const sequence = fc.tuple(
  fc.tuple(screenOk.map((c) => ({ ...c, who: 0 as const })), identifyEarly, fc.oneof(protectOk, protectTooLong), identifyOk, fc.oneof(returnOk, planOk), planOk, visitOk),
  fc.integer({ min: 0, max: 7 }),
  fc.array(command, { maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
).map(([path, k, random, picks]) => {
  const ordered: Command[] = path.slice(0, k);
  const rest = random.slice(0, 12 - k);
  const out: Command[] = [];
  for (const pickPath of picks) {
    const next = (pickPath ? ordered : rest).shift() ?? (pickPath ? rest : ordered).shift();
    if (next) out.push(next);
  }
  return out;
}).filter((cmds) => cmds.length > 0);

interface CaseRowDb {
  stage: string;
  status: string;
  closed_at: string | null;
  stage_before_close: string | null;
  version: number;
  organisation_id: string;
}
interface PersonRowDb {
  id: string;
  role: string;
  trafficking_status: string | null;
  identified_at: number | null;
  taken_into_care_at: number | null;
  custody_extended_until: number | null;
  temporary_shelter_until: number | null;
  return_kind: string | null;
  return_date: string | null;
  last_screened: number | null;
  screenings: number;
  follow_ups: number;
  first_visit: string | null;
  last_visit: string | null;
}

describe('NRM stage actions: random sequences never leave an impossible case', () => {
  let t: TestContext;
  let officer: Signed;
  let partner: string;

  beforeAll(async () => {
    t = await createTestContext();
    const centre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    officer = await t.login(await t.user(['provincial_officer'], { organisationId: centre }));
    partner = await t.org({ provinceCode: '57', nameEn: 'Partner NGO', sector: 'ngo' });
  });
  afterAll(async () => { await t?.close(); });

  const q = <T>(text: string, params: unknown[]) => t.database.query<T>(text, params);
  /** Instants as epoch milliseconds: the text form of timestamptz depends on the session's time zone. */
  const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;
  const caseRow = async (id: string) => (await q<CaseRowDb>(
    'SELECT stage, status, closed_at::text, stage_before_close, version, organisation_id FROM cases WHERE id = $1', [id]))[0]!;
  const personRows = (id: string) => q<PersonRowDb>(`
    SELECT cp.id, cp.role, cp.trafficking_status, ${ms('cp.identified_at')} AS identified_at, ${ms('cp.taken_into_care_at')} AS taken_into_care_at,
      ${ms('cp.custody_extended_until')} AS custody_extended_until, ${ms('cp.temporary_shelter_until')} AS temporary_shelter_until,
      cp.return_kind, cp.return_date::text,
      (SELECT ${ms('max(screened_at)')} FROM screenings s WHERE s.case_person_id = cp.id) AS last_screened,
      (SELECT count(*)::int FROM screenings s WHERE s.case_person_id = cp.id) AS screenings,
      (SELECT count(*)::int FROM follow_ups f WHERE f.case_person_id = cp.id) AS follow_ups,
      (SELECT min(visited_at)::text FROM follow_ups f WHERE f.case_person_id = cp.id) AS first_visit,
      (SELECT max(visited_at)::text FROM follow_ups f WHERE f.case_person_id = cp.id) AS last_visit
    FROM case_persons cp WHERE cp.case_id = $1 ORDER BY cp.id`, [id]);
  const snapshot = async (id: string) => JSON.stringify(await q(`
    SELECT (SELECT row_to_json(c) FROM cases c WHERE id = $1) AS kase,
      (SELECT json_agg(cp ORDER BY cp.id) FROM case_persons cp WHERE case_id = $1) AS persons,
      (SELECT json_agg(s ORDER BY s.id) FROM screenings s WHERE case_id = $1) AS screenings,
      (SELECT json_agg(f ORDER BY f.id) FROM follow_ups f WHERE case_id = $1) AS follow_ups,
      (SELECT count(*)::int FROM case_activity WHERE case_id = $1) AS activity,
      (SELECT count(*)::int FROM audit_log WHERE target_id = $1::text OR details->>'caseId' = $1::text) AS audit`, [id]));

  async function checkInvariants(id: string, where: string) {
    const c = await caseRow(id);
    const people = await personRows(id);
    const stage = c.stage as CaseStage;
    expect(caseStages, where).toContain(stage);
    const closed = stage === 'closed';
    expect([closed, c.closed_at !== null, ['Closed', 'ClosedReferred'].includes(c.status), c.stage_before_close !== null], where)
      .toEqual([closed, closed, closed, closed]);
    const effective = (closed ? c.stage_before_close : stage) as CaseStage;
    expect(effective, where).not.toBe('closed');
    const victims = people.filter((p) => p.role === 'victim');
    expect(effective, `stage against facts ${where}`).toBe(impliedStage({
      screened: victims.some((p) => p.screenings > 0),
      protectionRecorded: victims.some((p) => p.taken_into_care_at !== null),
      identified: victims.some((p) => p.identified_at !== null),
      victimIdentified: victims.some((p) => VICTIM_STATUSES.includes(p.trafficking_status ?? '')),
      returnRecorded: victims.some((p) => p.return_kind !== null),
      followUpPlanned: victims.some((p) => p.follow_ups > 0),
    }));
    if (!closed) expect(c.status, where).toBe(openStatusFor(stage));
    const today = bangkokDate(new Date(Date.now() + 60_000));
    for (const p of people) {
      if (p.role !== 'victim') {
        expect([p.screenings, p.taken_into_care_at, p.identified_at, p.return_kind, p.follow_ups], where).toEqual([0, null, null, null, 0]);
        continue;
      }
      if (p.identified_at !== null) {
        expect(p.screenings, where).toBeGreaterThan(0);
        expect(p.identified_at!, `identified before screened ${where}`).toBeGreaterThanOrEqual(p.last_screened!);
        if (p.taken_into_care_at) expect(p.identified_at!, where).toBeGreaterThanOrEqual(p.taken_into_care_at!);
      }
      if (p.custody_extended_until !== null) {
        const ext = p.custody_extended_until! - p.taken_into_care_at!;
        expect(ext > D && ext <= 7 * D, `custody extension ${ext / H} h ${where}`).toBe(true);
      }
      if (p.temporary_shelter_until !== null) expect(p.temporary_shelter_until! - p.taken_into_care_at!, where).toBeLessThanOrEqual(15 * D);
      if (p.return_kind !== null || p.follow_ups > 0) {
        expect(VICTIM_STATUSES, where).toContain(p.trafficking_status);
        const identifiedOn = bangkokDate(new Date(p.identified_at!));
        if (p.return_date) expect(p.return_date >= identifiedOn, where).toBe(true);
        if (p.first_visit) expect(p.first_visit >= identifiedOn && p.last_visit! <= today, where).toBe(true);
      }
    }
    return c;
  }

  function request(cmd: Command, caseId: string, version: number, people: string[], followUpIds: string[]): { url: string; payload: object } {
    const v = 'v' in cmd ? (cmd.v === 'stale' ? version - 1 : cmd.v === 'ahead' ? version + 1 : version) : version;
    const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const day = (daysAgo: number) => bangkokDate(new Date(Date.now() - daysAgo * D));
    const person = 'who' in cmd ? (people[cmd.who] ?? '00000000-0000-4000-8000-000000000000') : '';
    const base = `/api/v1/cases/${caseId}`;
    switch (cmd.kind) {
      case 'screen':
        return { url: `${base}/screenings`, payload: { version: v, casePersonId: person, screenedAt: iso(cmd.hoursAgo * H), language: cmd.language, answers: cmd.answers } };
      case 'protect': {
        const t0 = Date.now() - cmd.hoursAgo * H;
        return {
          url: `${base}/persons/${person}/protection`,
          payload: {
            version: v, takenIntoCareAt: new Date(t0).toISOString(),
            ...(cmd.extendHours !== null ? { custodyExtendedUntil: new Date(t0 + cmd.extendHours * H).toISOString(), custodyCourtOrder: 'คำสั่งศาล' } : {}),
            ...(cmd.shelterHours !== null ? { temporaryShelterOrganisationId: partner, temporaryShelterUntil: new Date(t0 + cmd.shelterHours * H).toISOString() } : {}),
          },
        };
      }
      case 'identify':
        return {
          url: `${base}/persons/${person}/identification`,
          payload: { version: v, decision: cmd.decision, decidingOrgType: 'Police', identifiedAt: iso(cmd.hoursAgo * H), reasons: 'เหตุผล' },
        };
      case 'return':
        return {
          url: `${base}/persons/${person}/return`,
          payload: cmd.repatriation
            ? { version: v, kind: 'repatriation', date: day(cmd.daysAgo), country: cmd.country, partnerId: partner }
            : { version: v, kind: 'domicile', date: day(cmd.daysAgo), provinceCode: '57' },
        };
      case 'plan':
        return { url: `${base}/persons/${person}/follow-ups/plan`, payload: { version: v, startDate: day(cmd.daysAgo), months: cmd.months, everyMonths: cmd.every } };
      case 'visit': {
        const id = followUpIds.length > 0 ? followUpIds[cmd.pick % followUpIds.length]! : '00000000-0000-4000-8000-000000000000';
        const r = cmd.rating;
        return { url: `${base}/follow-ups/${id}/visit`, payload: { version: v, visitedAt: day(cmd.daysAgo), livelihood: r, family: r, justice: 3, future: 3 } };
      }
      case 'close':
        return { url: `${base}/close`, payload: { version: v, status: cmd.status, reason: cmd.reason } };
      case 'reopen':
        return { url: `${base}/reopen`, payload: { version: v, reason: 'new_information' } };
      case 'referral':
        throw new Error('not an HTTP command');
    }
  }

  it(`${RUNS} random sequences of up to 12 actions`, async () => {
    const outcomes: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(sequence, async (commands) => {
      const opened = await t.as(officer, {
        method: 'POST', url: '/api/v1/cases',
        payload: { persons: [{ role: 'victim', gender: 'Feminine', estimatedAge: 16 }, { role: 'victim', gender: 'Masculine', estimatedAge: 30 }, { role: 'family', gender: 'Feminine' }] },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const caseId = opened.json().id as string;
      const byRole = (await q<{ id: string; role: string }>('SELECT id, role FROM case_persons WHERE case_id = $1 ORDER BY role DESC, id', [caseId]));
      const people = [...byRole.filter((p) => p.role === 'victim').map((p) => p.id), byRole.find((p) => p.role === 'family')!.id];
      await checkInvariants(caseId, 'opened');
      for (const [i, cmd] of commands.entries()) {
        const before = await caseRow(caseId);
        if (cmd.kind === 'referral') {
          if (cmd.pending) {
            await q(`INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, reason, shared_parts, status)
              VALUES ($1, $2, $3, 'AdditionalServicesRequired', ARRAY['summary']::text[], 'requested')`, [caseId, before.organisation_id, partner]);
          } else {
            await q("UPDATE referrals SET status = 'declined' WHERE case_id = $1 AND status = 'requested'", [caseId]);
          }
          continue;
        }
        const followUpIds = (await q<{ id: string }>('SELECT id FROM follow_ups WHERE case_id = $1 ORDER BY scheduled_for, id', [caseId])).map((r) => r.id);
        const { url, payload } = request(cmd, caseId, before.version, people, followUpIds);
        const snap = await snapshot(caseId);
        const res = await t.as(officer, { method: 'POST', url, payload });
        const where = `step ${i} ${cmd.kind} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        const key = res.statusCode < 300 ? `${cmd.kind} ok` : `${cmd.kind} ${res.json().error?.code}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (res.statusCode < 300) {
          expect((await caseRow(caseId)).version, where).toBe(before.version + 1);
          expect(res.json().version, where).toBe(before.version + 1);
        } else {
          expect(ErrorBody.safeParse(res.json()).success, where).toBe(true);
          expect(await snapshot(caseId), `a refused action changed data: ${where}`).toBe(snap);
        }
        await checkInvariants(caseId, where);
      }
    }), { numRuns: RUNS, endOnFailure: true });
    // The generators reach deep into the path, and the refusals are the rules, not only validation.
    const seen = Object.keys(outcomes);
    for (const k of ['screen ok', 'identify ok', 'protect ok', 'identify DATES_OUT_OF_ORDER', 'protect DATES_OUT_OF_ORDER']) {
      expect(seen, JSON.stringify(outcomes)).toContain(k);
    }
    expect(seen.some((k) => k === 'plan ok' || k === 'return ok'), JSON.stringify(outcomes)).toBe(true);
    expect(seen.some((k) => k.endsWith('STALE_VERSION')), JSON.stringify(outcomes)).toBe(true);
  }, 180_000);
});
