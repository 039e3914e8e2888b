import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { errorCatalogue } from '../../platform/errors.js';
import { bangkokDate } from './nrm.rules.js';

/**
 * The NRM path of a case (issue 5): screening, temporary protection, identification, return,
 * follow-up, closure and reopening — per stage, per rule and per role, through HTTP on a real
 * database (PGlite, and PostgreSQL with DATABASE_URL).
 */

interface Kase {
  id: string;
  version: number;
  stage: string;
  status: string;
  closedAt: string | null;
  closureReason: string | null;
  persons: {
    id: string;
    role: string;
    traffickingStatus: string | null;
    protection?: Record<string, string | null>;
    return?: Record<string, string | null>;
  }[];
}

const H = 3600_000;
const D = 24 * H;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const today = () => bangkokDate(new Date());
const daysAgo = (n: number) => bangkokDate(new Date(Date.now() - n * D));

describe('cases: the NRM path', () => {
  let t: TestContext;
  let cri: Signed;
  let tak: Signed;
  let analyst: Signed;
  let shelterOrg: string;
  let shelter: Signed;
  let mdtUser: TestUser;
  let mdt: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    const criCentre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    cri = await t.login(await t.user(['provincial_officer'], { organisationId: criCentre }));
    tak = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
    shelterOrg = await t.org({ provinceCode: '63', nameEn: 'Tak shelter', sector: 'ngo' });
    shelter = await t.login(await t.user(['service_provider'], { organisationId: shelterOrg }));
    mdtUser = await t.user(['mdt_member'], { provinceCode: '57' });
    mdt = await t.login(mdtUser);
  });
  afterAll(async () => { await t.close(); });

  const girl = { role: 'victim', givenName: 'อ่อง', latinName: 'Aye Aye', gender: 'Feminine', estimatedAge: 15, nationality: 'MMR', languages: ['mya'] };
  const mother = { role: 'family', givenName: 'แม่', gender: 'Feminine', estimatedAge: 40 };

  async function open(persons: object[] = [girl, mother]): Promise<Kase> {
    const r = await t.as(cri, { method: 'POST', url: '/api/v1/cases', payload: { persons } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }
  // People added together share a creation time, so their order in the case is not fixed: find them by role.
  const vic = (c: Kase) => c.persons.find((p) => p.role === 'victim')!;
  const fam = (c: Kase) => c.persons.find((p) => p.role === 'family')!;
  const post = (s: Signed, url: string, payload: object) => t.as(s, { method: 'POST', url: `/api/v1/cases/${url}`, payload });
  const get = (s: Signed, url: string) => t.as(s, { method: 'GET', url: `/api/v1/cases/${url}` });
  const ok = (r: LightMyRequestResponse, status = 200): Kase => {
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };
  /** A refusal with its code, the catalogue's status and both languages. */
  const refused = (r: LightMyRequestResponse, code: keyof typeof errorCatalogue) => {
    expect([r.statusCode, r.json().error?.code], r.body).toEqual([errorCatalogue[code].status, code]);
    expect(r.json().error.messageTh).toBe(errorCatalogue[code].th);
    return r.json().error as { fields?: { path: string; message: string; messageTh?: string }[] };
  };
  const screening = (c: Kase, extra: object = {}) => ({
    version: c.version, casePersonId: vic(c).id, screenedAt: ago(10 * H), language: 'mya', interpreterUsed: true,
    answers: { 'ilo.deception': 'yes', 'ilo.debt_bondage': 'yes', 'child.under_18_working': 'yes', 'ilo.isolation': 'no', 'sexual.forced_marriage': 'unknown' },
    summary: 'อ่องเล่าว่าถูกหลอกมาทำงานร้านอาหาร', ...extra,
  });
  const identification = (c: Kase, extra: object = {}) => ({
    version: c.version, decision: 'ActualVictimOfTrafficking', decidingOrgType: 'NonPoliceGovernmentalOrganization', identifiedAt: ago(2 * H),
    reasons: 'อ่องถูกยึดหนังสือเดินทาง', ...extra,
  });
  /** Everything a stage action can touch, to show a refusal changed nothing. */
  const snapshot = async (caseId: string) => JSON.stringify(await t.database.query(`
    SELECT (SELECT row_to_json(c) FROM cases c WHERE id = $1) AS kase,
      (SELECT json_agg(cp ORDER BY cp.id) FROM case_persons cp WHERE case_id = $1) AS persons,
      (SELECT count(*)::int FROM screenings WHERE case_id = $1) AS screenings,
      (SELECT json_agg(f ORDER BY f.id) FROM follow_ups f WHERE case_id = $1) AS follow_ups,
      (SELECT count(*)::int FROM case_activity WHERE case_id = $1) AS activity,
      (SELECT count(*)::int FROM audit_log WHERE target_id = $1::text OR details->>'caseId' = $1::text) AS audit`, [caseId]));
  /** Screen and identify the first victim: the case is then in assistance. */
  async function identified(): Promise<Kase> {
    let c = await open();
    c = ok(await post(cri, `${c.id}/screenings`, screening(c)), 201);
    return ok(await post(cri, `${c.id}/persons/${vic(c).id}/identification`, identification(c)));
  }

  it('walks a case through every stage, each step audited and on the timeline', async () => {
    let c = await open();
    const victim = vic(c).id;
    expect(c).toMatchObject({ stage: 'screening', status: 'Active' });

    c = ok(await post(cri, `${c.id}/screenings`, screening(c)), 201);
    expect(c).toMatchObject({ stage: 'temporary_protection', version: 2 });

    const takenIntoCareAt = ago(30 * H);
    const extendedUntil = ago(-4 * D);
    c = ok(await post(cri, `${c.id}/persons/${victim}/protection`, {
      version: c.version, takenIntoCareAt, custodyExtendedUntil: extendedUntil, custodyCourtOrder: 'คำสั่งศาลจังหวัดเชียงราย 12/2569',
      temporaryShelterOrganisationId: shelterOrg, temporaryShelterUntil: ago(-10 * D),
    }));
    expect(c.stage).toBe('identification');
    expect(vic(c).protection).toMatchObject({
      takenIntoCareAt, custodyDeadline: extendedUntil, custodyExtendedUntil: extendedUntil,
      reflectionUntil: new Date(Date.parse(takenIntoCareAt) + 45 * D).toISOString(),
      temporaryShelterOrganisationId: shelterOrg,
    });

    c = ok(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c)));
    expect(c).toMatchObject({ stage: 'assistance' });
    expect(vic(c)).toMatchObject({ traffickingStatus: 'ActualVictimOfTrafficking' });
    expect(vic(c).protection).toMatchObject({ identificationOrgType: 'NonPoliceGovernmentalOrganization', identificationReasons: 'อ่องถูกยึดหนังสือเดินทาง' });

    c = ok(await post(cri, `${c.id}/persons/${victim}/return`, {
      version: c.version, kind: 'repatriation', partnerId: shelterOrg, date: today(), country: 'MMR', travelDocuments: 'CI 12345',
    }));
    expect(c.stage).toBe('return');
    expect(vic(c).return).toMatchObject({ kind: 'repatriation', country: 'MMR', date: today(), travelDocuments: 'CI 12345', partnerId: shelterOrg });

    c = ok(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: today() }), 201);
    expect(c).toMatchObject({ stage: 'reintegration', status: 'FollowUp' });
    const plan = (await get(cri, `${c.id}/follow-ups`)).json().items as { id: string; scheduledFor: string; visitedAt: string | null }[];
    expect(plan).toHaveLength(5);
    expect(plan[0]!.scheduledFor).toBe(today());

    c = ok(await post(cri, `${c.id}/follow-ups/${plan[1]!.id}/visit`, {
      version: c.version, visitedAt: today(), livelihood: 3, family: 4, justice: 2, future: 4, compensationReceived: false, notes: 'ทำงานที่ร้านเสริมสวย',
    }));
    c = ok(await post(cri, `${c.id}/follow-ups/${plan[0]!.id}/visit`, { version: c.version, visitedAt: today(), livelihood: 2, family: 3, justice: 2, future: 3 }));
    const visits = (await get(cri, `${c.id}/follow-ups`)).json().items as { visitedAt: string | null; livelihood: number | null; notes?: string | null }[];
    expect(visits.slice(0, 2).map((v) => v.visitedAt)).toEqual([today(), today()]);
    expect(visits.filter((v) => v.visitedAt).map((v) => v.livelihood).sort()).toEqual([2, 3]);
    expect(visits.some((v) => v.notes === 'ทำงานที่ร้านเสริมสวย')).toBe(true);

    c = ok(await post(cri, `${c.id}/close`, { version: c.version, status: 'Closed', reason: 'reintegrated' }));
    expect(c).toMatchObject({ stage: 'closed', status: 'Closed', closureReason: 'reintegrated' });
    expect(c.closedAt).not.toBeNull();
    const [row] = await t.database.query<{ stage_before_close: string }>('SELECT stage_before_close FROM cases WHERE id = $1', [c.id]);
    expect(row!.stage_before_close).toBe('reintegration');

    c = ok(await post(cri, `${c.id}/reopen`, { version: c.version, reason: 'new_needs' }));
    expect(c).toMatchObject({ stage: 'reintegration', status: 'FollowUp', closedAt: null, closureReason: null });
    expect(c.version).toBe(10);

    const kinds = ((await get(cri, `${c.id}/timeline`)).json().items as { kind: string }[]).map((i) => i.kind);
    expect(kinds).toEqual(['created', 'screened', 'protection_recorded', 'identified', 'return_recorded', 'follow_up_scheduled',
      'follow_up_recorded', 'follow_up_recorded', 'closed', 'reopened']);
    const audit = await t.database.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log WHERE target_id = $1 OR details->>'caseId' = $1 ORDER BY seq", [c.id]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.screened', 'case.protection_recorded', 'case.identified',
      'case.return_recorded', 'case.follow_up_scheduled', 'case.follow_up_recorded', 'case.closed', 'case.reopened', 'case.follow_ups_viewed']));
    expect(audit.find((a) => a.action === 'case.screened')!.details).toMatchObject({ indicatorsMet: 3, fromStage: 'screening', stage: 'temporary_protection' });
    // Free text stays out of the audit log and the timeline, and is encrypted at rest.
    const everything = JSON.stringify(audit) + JSON.stringify(await t.database.query('SELECT * FROM case_activity WHERE case_id = $1', [c.id]));
    expect(everything).not.toMatch(/อ่อง|CI 12345|เสริมสวย/);
    const stored = JSON.stringify(await t.database.query(`SELECT (SELECT json_agg(s) FROM screenings s WHERE case_id = $1) AS s,
      (SELECT json_agg(cp) FROM case_persons cp WHERE case_id = $1) AS p, (SELECT json_agg(f) FROM follow_ups f WHERE case_id = $1) AS f`, [c.id]));
    expect(stored).not.toMatch(/อ่อง|CI 12345|เสริมสวย/);
  });

  it('screening: the interviewer, language and indicators met; the summary only with the identity part', async () => {
    let c = await open();
    c = ok(await post(cri, `${c.id}/screenings`, screening(c)), 201);
    const mine = (await get(cri, `${c.id}/screenings`)).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      casePersonId: vic(c).id, language: 'mya', interpreterUsed: true, indicatorsMet: 3, interviewerOrganisationNameEn: 'Chiang Rai centre',
      summary: 'อ่องเล่าว่าถูกหลอกมาทำงานร้านอาหาร', answers: { 'ilo.deception': 'yes', 'ilo.isolation': 'no' },
    });
    const theirs = (await get(analyst, `${c.id}/screenings`)).json().items;
    expect(theirs[0].indicatorsMet).toBe(3);
    expect(theirs[0]).not.toHaveProperty('summary');
    const viewed = await t.database.query<{ details: { withSummary: boolean } }>(
      "SELECT details FROM audit_log WHERE action = 'case.screenings_viewed' AND target_id = $1 ORDER BY seq", [c.id]);
    expect(viewed.map((v) => v.details.withSummary)).toEqual([true, false]);
    // A second screening recorded later does not move the stage on or back.
    c = ok(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(20 * H), language: 'tha', interpreterUsed: false })), 201);
    expect(c.stage).toBe('temporary_protection');
  });

  it('screening refuses a non-victim, unknown language or indicators, and dates out of range — changing nothing', async () => {
    const c = await open();
    const before = await snapshot(c.id);
    refused(await post(cri, `${c.id}/screenings`, screening(c, { casePersonId: fam(c).id })), 'NOT_A_VICTIM');
    refused(await post(cri, `${c.id}/screenings`, screening(c, { casePersonId: '00000000-0000-4000-8000-000000000000' })), 'NOT_A_VICTIM');
    refused(await post(cri, `${c.id}/screenings`, screening(c, { language: 'zzz' })), 'UNKNOWN_LANGUAGE');
    expect((await post(cri, `${c.id}/screenings`, screening(c, { language: 'my' }))).statusCode).toBe(400);
    const bad = refused(await post(cri, `${c.id}/screenings`, screening(c, { answers: { 'ilo.deception': 'yes', 'ilo.telepathy': 'no' } })), 'UNKNOWN_INDICATOR');
    expect(bad.fields).toEqual([{ path: 'answers.ilo.telepathy', message: 'unknown or inactive indicator', messageTh: expect.stringMatching(/[\u0e00-\u0e7f]/) }]);
    expect((await post(cri, `${c.id}/screenings`, screening(c, { answers: { 'ilo.deception': 'maybe' } }))).statusCode).toBe(400);
    expect((await post(cri, `${c.id}/screenings`, screening(c, { answers: {} }))).statusCode).toBe(400);
    const future = refused(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(-2 * H) })), 'DATES_OUT_OF_ORDER');
    expect(future.fields![0]).toMatchObject({ path: 'screenedAt', messageTh: expect.stringMatching(/[\u0e00-\u0e7f]/) });
    refused(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(31 * D) })), 'DATES_OUT_OF_ORDER');
    expect(await snapshot(c.id)).toBe(before);
    ok(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(29 * D) })), 201);
  });

  it('identified before screened is refused and changes nothing; not screened is NOT_SCREENED', async () => {
    let c = await open();
    const victim = vic(c).id;
    refused(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c)), 'NOT_SCREENED');
    c = ok(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(5 * H) })), 201);
    const before = await snapshot(c.id);
    const e = refused(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { identifiedAt: ago(6 * H) })), 'DATES_OUT_OF_ORDER');
    expect(e.fields).toEqual([expect.objectContaining({ path: 'identifiedAt' })]);
    expect(await snapshot(c.id)).toBe(before);
    refused(await post(cri, `${c.id}/persons/${fam(c).id}/identification`, identification(c)), 'NOT_A_VICTIM');
    refused(await post(cri, `${c.id}/persons/00000000-0000-4000-8000-000000000000/identification`, identification(c)), 'CASE_PERSON_NOT_FOUND');
    expect(await snapshot(c.id)).toBe(before);
    // A screening recorded late, dated after the decision, is refused too.
    c = ok(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { identifiedAt: ago(4 * H) })));
    refused(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(3 * H) })), 'DATES_OUT_OF_ORDER');
  });

  it('identification before being taken into care is refused; "not a victim" keeps the case before assistance', async () => {
    let c = await open();
    const victim = vic(c).id;
    c = ok(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(20 * H) })), 201);
    c = ok(await post(cri, `${c.id}/persons/${victim}/protection`, { version: c.version, takenIntoCareAt: ago(10 * H) }));
    refused(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { identifiedAt: ago(11 * H) })), 'DATES_OUT_OF_ORDER');
    c = ok(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { decision: 'NotAVictimOfTrafficking' })));
    expect(c).toMatchObject({ stage: 'identification' });
    expect(vic(c).traffickingStatus).toBe('NotAVictimOfTrafficking');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { version: c.version, kind: 'domicile', date: today(), provinceCode: '57' }), 'NOT_IDENTIFIED');
    // Possible, then actual: the case moves to assistance; "not a victim" can no longer undo that.
    c = ok(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { decision: 'PossibleVictimOfTrafficking' })));
    expect(c.stage).toBe('assistance');
    const before = await snapshot(c.id);
    refused(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { decision: 'NotAVictimOfTrafficking' })), 'STAGE_NOT_ALLOWED');
    expect(await snapshot(c.id)).toBe(before);
  });

  it('temporary protection: custody extension at most 7 days, shelter at most 15, a real shelter; late records do not move the stage back', async () => {
    let c = await identified();
    const victim = vic(c).id;
    const t0 = Date.now() - 3 * D;
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const base = { version: c.version, takenIntoCareAt: at(0) };
    const before = await snapshot(c.id);
    const ext = refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, custodyExtendedUntil: at(7 * D + H), custodyCourtOrder: 'ค.1/2569' }), 'DATES_OUT_OF_ORDER');
    expect(ext.fields).toEqual([expect.objectContaining({ path: 'custodyExtendedUntil', message: expect.stringContaining('7 days') })]);
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, custodyExtendedUntil: at(20 * H), custodyCourtOrder: 'ค.1/2569' }), 'DATES_OUT_OF_ORDER');
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, custodyExtendedUntil: at(3 * D) }), 'VALIDATION_FAILED');
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, temporaryShelterOrganisationId: shelterOrg, temporaryShelterUntil: at(16 * D) }), 'DATES_OUT_OF_ORDER');
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, temporaryShelterOrganisationId: '00000000-0000-4000-8000-000000000000' }), 'UNKNOWN_ORGANISATION');
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, takenIntoCareAt: ago(-H) }), 'DATES_OUT_OF_ORDER');
    // Taken into care after the identification (2 hours ago) is out of order.
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { ...base, takenIntoCareAt: ago(H) }), 'DATES_OUT_OF_ORDER');
    refused(await post(cri, `${c.id}/persons/${fam(c).id}/protection`, base), 'NOT_A_VICTIM');
    expect(await snapshot(c.id)).toBe(before);
    c = ok(await post(cri, `${c.id}/persons/${victim}/protection`, {
      ...base, custodyExtendedUntil: at(7 * D), custodyCourtOrder: 'ค.1/2569', temporaryShelterOrganisationId: shelterOrg, temporaryShelterUntil: at(15 * D),
    }));
    expect(c.stage).toBe('assistance');
    expect(vic(c).protection).toMatchObject({ custodyExtendedUntil: at(7 * D), custodyDeadline: at(7 * D), custodyCourtOrder: 'ค.1/2569' });
  });

  it('the reflection period defaults to the case\'s reflection days', async () => {
    let c = await open([girl]);
    c = ok(await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}`, payload: { version: c.version, reflectionDays: 30 } }));
    const takenIntoCareAt = ago(2 * H);
    c = ok(await post(cri, `${c.id}/persons/${vic(c).id}/protection`, { version: c.version, takenIntoCareAt }));
    expect(c.stage).toBe('identification');
    expect(vic(c).protection!.reflectionUntil).toBe(new Date(Date.parse(takenIntoCareAt) + 30 * D).toISOString());
    expect(vic(c).protection!.custodyDeadline).toBe(new Date(Date.parse(takenIntoCareAt) + 24 * H).toISOString());
  });

  it('return: needs a (possible) victim identification, a date after it, another country or a Thai province', async () => {
    let c = await open();
    const victim = vic(c).id;
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { version: c.version, kind: 'domicile', date: today(), provinceCode: '57' }), 'NOT_IDENTIFIED');
    c = ok(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(3 * D) })), 201);
    c = ok(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { identifiedAt: ago(2 * D) })));
    const base = { version: c.version, kind: 'repatriation', date: today(), country: 'MMR' };
    const before = await snapshot(c.id);
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, country: 'THA' }), 'VALIDATION_FAILED');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, country: undefined }), 'VALIDATION_FAILED');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, country: 'XXX' }), 'UNKNOWN_COUNTRY');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, kind: 'domicile', country: undefined, provinceCode: '99' }), 'UNKNOWN_PROVINCE');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, date: daysAgo(5) }), 'DATES_OUT_OF_ORDER');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, partnerId: '00000000-0000-4000-8000-000000000000' }), 'UNKNOWN_ORGANISATION');
    expect(await snapshot(c.id)).toBe(before);
    c = ok(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, kind: 'domicile', country: undefined, provinceCode: '63', date: daysAgo(1) }));
    expect(vic(c).return).toMatchObject({ kind: 'domicile', country: 'THA', provinceCode: '63', travelDocuments: null });
    expect(c.stage).toBe('return');
    // The analyst sees the return without its travel documents.
    c = ok(await post(cri, `${c.id}/persons/${victim}/return`, { ...base, version: c.version, travelDocuments: 'PJ 998877' }));
    const seen = ok(await get(analyst, c.id));
    expect(vic(seen).return).toMatchObject({ kind: 'repatriation', travelDocuments: null });
    expect(vic(seen).protection!.identificationReasons).toBeNull();
  });

  it('follow-up: at least 12 months, visits not in the future nor before identification; the ratings come back in date order', async () => {
    let c = await open();
    const victim = vic(c).id;
    c = ok(await post(cri, `${c.id}/screenings`, screening(c, { screenedAt: ago(20 * D) })), 201);
    refused(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: today() }), 'NOT_IDENTIFIED');
    c = ok(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { identifiedAt: ago(10 * D) })));
    expect((await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: today(), months: 6 })).statusCode).toBe(400);
    refused(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: daysAgo(11) }), 'DATES_OUT_OF_ORDER');
    c = ok(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: daysAgo(9), months: 12, everyMonths: 6 }), 201);
    expect(c).toMatchObject({ stage: 'reintegration', status: 'FollowUp' });
    let items = (await get(cri, `${c.id}/follow-ups`)).json().items as { id: string; scheduledFor: string; overdue: boolean }[];
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ scheduledFor: daysAgo(9), overdue: true });
    const visit = (id: string, visitedAt: string, r: number) => post(cri, `${c.id}/follow-ups/${id}/visit`, {
      version: c.version, visitedAt, livelihood: r, family: r, justice: r, future: r,
    });
    const before = await snapshot(c.id);
    refused(await visit(items[0]!.id, bangkokDate(new Date(Date.now() + 2 * D)), 3), 'DATES_OUT_OF_ORDER');
    refused(await visit(items[0]!.id, daysAgo(11), 3), 'DATES_OUT_OF_ORDER');
    refused(await visit('00000000-0000-4000-8000-000000000000', today(), 3), 'FOLLOW_UP_NOT_FOUND');
    expect((await visit(items[0]!.id, today(), 6)).statusCode).toBe(400);
    expect(await snapshot(c.id)).toBe(before);
    c = ok(await visit(items[0]!.id, daysAgo(8), 2));
    c = ok(await visit(items[1]!.id, daysAgo(1), 4));
    items = (await get(cri, `${c.id}/follow-ups`)).json().items;
    expect(items.map((i) => (i as unknown as { livelihood: number | null }).livelihood)).toEqual([2, 4, null]);
    // Replanning keeps the visits made and replaces the ones to come.
    c = ok(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: today(), months: 12, everyMonths: 3 }), 201);
    items = (await get(cri, `${c.id}/follow-ups`)).json().items;
    expect(items).toHaveLength(2 + 5);
    // Once followed up, "not a victim" is refused: close the case instead.
    refused(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c, { decision: 'NotAVictimOfTrafficking', identifiedAt: ago(10 * D) })), 'STAGE_NOT_ALLOWED');
  });

  it('closing: refused while a referral awaits an answer; a closed case refuses every stage action; reopening restores the stage', async () => {
    let c = await identified();
    const victim = vic(c).id;
    const [centre] = await t.database.query<{ organisation_id: string }>('SELECT organisation_id FROM cases WHERE id = $1', [c.id]);
    const [ref] = await t.database.query<{ id: string }>(
      `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, reason, shared_parts, status)
       VALUES ($1, $2, $3, 'AdditionalServicesRequired', ARRAY['summary']::text[], 'requested') RETURNING id`, [c.id, centre!.organisation_id, shelterOrg]);
    const before = await snapshot(c.id);
    refused(await post(cri, `${c.id}/close`, { version: c.version, status: 'Closed', reason: 'repatriated' }), 'OPEN_REFERRALS');
    expect(await snapshot(c.id)).toBe(before);
    expect((await post(cri, `${c.id}/close`, { version: c.version, status: 'Closed', reason: 'bored' })).statusCode).toBe(400);
    await t.database.query("UPDATE referrals SET status = 'declined' WHERE id = $1", [ref!.id]);
    refused(await post(cri, `${c.id}/reopen`, { version: c.version, reason: 'new_information' }), 'CASE_NOT_CLOSED');
    c = ok(await post(cri, `${c.id}/close`, { version: c.version, status: 'ClosedReferred', reason: 'transferred' }));
    expect(c).toMatchObject({ stage: 'closed', status: 'ClosedReferred', closureReason: 'transferred' });

    const closed = await snapshot(c.id);
    const v = c.version;
    refused(await post(cri, `${c.id}/screenings`, screening(c)), 'CASE_CLOSED');
    refused(await post(cri, `${c.id}/persons/${victim}/protection`, { version: v, takenIntoCareAt: ago(H) }), 'CASE_CLOSED');
    refused(await post(cri, `${c.id}/persons/${victim}/identification`, identification(c)), 'CASE_CLOSED');
    refused(await post(cri, `${c.id}/persons/${victim}/return`, { version: v, kind: 'domicile', date: today(), provinceCode: '57' }), 'CASE_CLOSED');
    refused(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: v, startDate: today() }), 'CASE_CLOSED');
    refused(await post(cri, `${c.id}/close`, { version: v, status: 'Closed', reason: 'other' }), 'CASE_CLOSED');
    expect(await snapshot(c.id)).toBe(closed);

    c = ok(await post(cri, `${c.id}/reopen`, { version: v, reason: 'closed_in_error' }));
    expect(c).toMatchObject({ stage: 'assistance', status: 'Active', closedAt: null });
  });

  it('a stale version answers 409 with the current state and changes nothing', async () => {
    const c = await identified();
    const before = await snapshot(c.id);
    const stale = await post(cri, `${c.id}/persons/${vic(c).id}/return`, {
      version: c.version - 1, kind: 'repatriation', date: today(), country: 'MMR',
    });
    refused(stale, 'STALE_VERSION');
    expect(stale.json().current).toMatchObject({ id: c.id, version: c.version, stage: 'assistance' });
    refused(await post(cri, `${c.id}/close`, { version: c.version + 1, status: 'Closed', reason: 'other' }), 'STALE_VERSION');
    expect(await snapshot(c.id)).toBe(before);
    // Two officers acting on the same version at once: one wins.
    const both = await Promise.all([
      post(cri, `${c.id}/persons/${vic(c).id}/return`, { version: c.version, kind: 'repatriation', date: today(), country: 'MMR' }),
      post(cri, `${c.id}/close`, { version: c.version, status: 'Closed', reason: 'repatriated' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('other provinces get 404; readers without case.write get 403; a shelter sees only the parts it was given', async () => {
    let c = await identified();
    const victim = vic(c).id;
    c = ok(await post(cri, `${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: today() }), 201);
    const actions: [string, object][] = [
      [`${c.id}/screenings`, screening(c)],
      [`${c.id}/persons/${victim}/protection`, { version: c.version, takenIntoCareAt: ago(5 * H) }],
      [`${c.id}/persons/${victim}/identification`, identification(c)],
      [`${c.id}/persons/${victim}/return`, { version: c.version, kind: 'domicile', date: today(), provinceCode: '57' }],
      [`${c.id}/persons/${victim}/follow-ups/plan`, { version: c.version, startDate: today() }],
      [`${c.id}/close`, { version: c.version, status: 'Closed', reason: 'other' }],
      [`${c.id}/reopen`, { version: c.version, reason: 'other' }],
    ];
    const before = await snapshot(c.id);
    for (const [url, body] of actions) refused(await post(tak, url, body), 'CASE_NOT_FOUND');
    for (const url of [`${c.id}/screenings`, `${c.id}/follow-ups`]) refused(await get(tak, url), 'CASE_NOT_FOUND');
    // An MDT member not on the team does not see it; the analyst and the shelter may not write.
    refused(await post(mdt, `${c.id}/close`, { version: c.version, status: 'Closed', reason: 'other' }), 'CASE_NOT_FOUND');
    refused(await post(analyst, `${c.id}/close`, { version: c.version, status: 'Closed', reason: 'other' }), 'FORBIDDEN');
    for (const [url, body] of actions) refused(await post(shelter, url, body), 'FORBIDDEN');
    refused(await get(shelter, `${c.id}/screenings`), 'CASE_NOT_FOUND');
    expect(await snapshot(c.id)).toBe(before);

    // An accepted referral of the protection part: screenings and follow-ups stay closed to the shelter.
    const [centre] = await t.database.query<{ organisation_id: string }>('SELECT organisation_id FROM cases WHERE id = $1', [c.id]);
    // A referral names its victim (referrals.service.ts): the shelter sees that victim's rows.
    const [ref] = await t.database.query<{ id: string }>(
      `INSERT INTO referrals (case_id, case_person_id, from_organisation_id, to_organisation_id, reason, shared_parts, status)
       VALUES ($1, $2, $3, $4, 'AdditionalServicesRequired', ARRAY['summary', 'protection']::text[], 'accepted') RETURNING id`,
      [c.id, victim, centre!.organisation_id, shelterOrg]);
    refused(await get(shelter, `${c.id}/screenings`), 'FORBIDDEN');
    refused(await get(shelter, `${c.id}/follow-ups`), 'FORBIDDEN');
    await t.database.query("UPDATE referrals SET shared_parts = ARRAY['summary', 'screening', 'followups']::text[] WHERE id = $1", [ref!.id]);
    const s = (await get(shelter, `${c.id}/screenings`)).json().items;
    expect(s[0].indicatorsMet).toBe(3);
    expect(s[0]).not.toHaveProperty('summary');
    const f = (await get(shelter, `${c.id}/follow-ups`)).json().items;
    expect(f).toHaveLength(5);
    expect(f[0]).not.toHaveProperty('notes');
    await t.database.query("UPDATE referrals SET shared_parts = ARRAY['summary', 'screening', 'identity']::text[] WHERE id = $1", [ref!.id]);
    expect((await get(shelter, `${c.id}/screenings`)).json().items[0].summary).toBe('อ่องเล่าว่าถูกหลอกมาทำงานร้านอาหาร');
    for (const [url, body] of actions) refused(await post(shelter, url, body), 'FORBIDDEN');

    // On the team, the MDT member may act.
    c = ok(await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/team`, payload: { userId: mdtUser.id, role: 'social_worker' } }).then(async (r) => {
      expect(r.statusCode, r.body).toBe(200);
      return get(cri, c.id);
    }));
    ok(await post(mdt, `${c.id}/persons/${victim}/return`, { version: c.version, kind: 'domicile', date: today(), provinceCode: '57' }));
  });
});
