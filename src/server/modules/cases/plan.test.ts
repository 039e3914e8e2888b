import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planServiceInfo, planServices } from '../../../contracts/referral.js';
import { supportPlanType } from '../../../contracts/htcds.js';
import { organisationServices } from '../../db/schema/index.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';

/**
 * The protection plan's services (issue 5, NRM step 4): the case side plans and records them; a
 * shelter that accepted a referral sharing `services` records what it gives itself, and nothing else.
 */
describe('protection plan services', () => {
  let t: TestContext;
  let criCentre: string;
  let takShelter: string;
  let hospital: string;
  let cri: Signed;
  let shelter: Signed;
  let hospitalStaff: Signed;
  let chiangMai: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    criCentre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    takShelter = await t.org({ provinceCode: '63', nameEn: 'Tak shelter' });
    hospital = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai hospital' });
    await t.database.db.insert(organisationServices).values([
      { organisationId: takShelter, service: 'shelter' }, { organisationId: hospital, service: 'medical_care' },
    ]);
    cri = await t.login(await t.user(['provincial_officer'], { organisationId: criCentre }));
    shelter = await t.login(await t.user(['service_provider'], { organisationId: takShelter }));
    hospitalStaff = await t.login(await t.user(['service_provider'], { organisationId: hospital }));
    chiangMai = await t.login(await t.user(['provincial_officer'], { provinceCode: '50' }));
  });
  afterAll(async () => { await t.close(); });

  const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const daysFromToday = (n: number) => new Date(Date.now() + 7 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
  const version = async (caseId: string) => (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().version as number;

  /** A case with a girl and her guardian's consent, referred to the recipient with the given parts and accepted. */
  async function referredCase(to: { org: string; service: string; user: Signed }, sharedParts: string[]) {
    const c = (await t.as(cri, { method: 'POST', url: '/api/v1/cases', payload: { persons: [{ role: 'victim', givenName: 'แพร', gender: 'Feminine', estimatedAge: 13, nationality: 'MMR' }] } })).json();
    const victim = c.persons[0].id as string;
    const g = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/persons`, payload: { role: 'guardian', guardianOf: victim, givenName: 'ป้า', estimatedAge: 50 } });
    const cons = await t.as(cri, {
      method: 'POST', url: `/api/v1/cases/${c.id}/consents`,
      payload: { version: await version(c.id), casePersonId: victim, purposes: ['referral'], givenBy: 'guardian', guardianCasePersonId: g.json().id, givenAt: new Date().toISOString(), method: 'written' },
    });
    expect(cons.statusCode, cons.body).toBe(201);
    const ref = await t.as(cri, {
      method: 'POST', url: `/api/v1/cases/${c.id}/referrals`,
      payload: { version: await version(c.id), casePersonId: victim, toOrganisationId: to.org, service: to.service, reason: 'AdditionalServicesRequired', sharedParts },
    });
    expect(ref.statusCode, ref.body).toBe(201);
    const acc = await t.as(to.user, { method: 'POST', url: `/api/v1/referrals/${ref.json().id}/accept`, payload: { version: ref.json().version } });
    expect(acc.statusCode, acc.body).toBe(200);
    return { caseId: c.id as string, victim, referralId: ref.json().id as string };
  }

  it('maps every plan service to an HTCDS support-plan type with Thai and English labels', () => {
    for (const s of planServices) {
      expect(supportPlanType.values).toContain(planServiceInfo[s].htcds);
      expect(planServiceInfo[s].th).toMatch(/[\u0e00-\u0e7f]/);
      expect(planServiceInfo[s].en.length).toBeGreaterThan(2);
    }
  });

  it('the shelter records the shelter and medical care it gives, but not others\' services, and cannot move the case', async () => {
    const { caseId, victim, referralId } = await referredCase({ org: takShelter, service: 'shelter', user: shelter }, ['services', 'protection']);
    const add = (s: Signed, body: Record<string, unknown>) => t.as(s, { method: 'POST', url: `/api/v1/cases/${caseId}/services`, payload: { casePersonId: victim, ...body } });
    const sh = await add(shelter, { service: 'shelter', referralId, actualStart: today(), status: 'in_progress', outcome: 'ปรับตัวได้ดี นอนหลับได้' });
    expect(sh.statusCode, sh.body).toBe(201);
    expect(sh.json()).toMatchObject({ service: 'shelter', htcdsType: 'SocialCare', providerOrganisationId: takShelter, referralId, status: 'in_progress', outcome: 'ปรับตัวได้ดี นอนหลับได้', canEdit: true });
    const med = await add(shelter, { service: 'medical_care', plannedStart: today(), status: 'planned' });
    expect(med.statusCode, med.body).toBe(201);
    expect(med.json()).toMatchObject({ providerOrganisationId: takShelter, htcdsType: 'Health' });
    // Someone else's service: refused, and nothing written.
    expect((await add(shelter, { service: 'legal_assistance', providerOrganisationId: criCentre })).statusCode).toBe(403);
    const [enc] = await t.database.query<{ outcome_enc: string }>('SELECT outcome_enc FROM case_services WHERE id = $1', [sh.json().id]);
    expect(enc!.outcome_enc).not.toContain('ปรับตัว');

    // The case side plans legal assistance from the centre: the shelter sees it but cannot change it.
    const legal = await add(cri, { version: await version(caseId), service: 'legal_assistance', providerOrganisationId: criCentre, plannedStart: today(), plannedEnd: daysFromToday(30) });
    expect(legal.statusCode, legal.body).toBe(201);
    const patch = (s: Signed, id: string, body: Record<string, unknown>) => t.as(s, { method: 'PATCH', url: `/api/v1/cases/${caseId}/services/${id}`, payload: body });
    expect((await patch(shelter, legal.json().id, { version: legal.json().version, status: 'cancelled' })).statusCode).toBe(403);
    const list = (await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${caseId}/services` })).json();
    expect(list.items.map((s: { service: string; canEdit: boolean }) => [s.service, s.canEdit])).toEqual([['shelter', true], ['medical_care', true], ['legal_assistance', false]]);

    // Its own rows it updates, at the row's version.
    const done = await patch(shelter, med.json().id, { version: med.json().version, actualStart: today(), actualEnd: today(), status: 'delivered', outcome: 'ตรวจร่างกายแล้ว' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'delivered', actualEnd: today(), version: med.json().version + 1 });
    const stale = await patch(shelter, med.json().id, { version: med.json().version, status: 'cancelled' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_VERSION' }, current: { version: med.json().version + 1 } });

    // The case's stage and details stay with the case side.
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/cases/${caseId}/close`, payload: { version: await version(caseId), status: 'Closed', reason: 'reintegrated' } })).statusCode).toBe(403);
    expect((await t.as(shelter, { method: 'PATCH', url: `/api/v1/cases/${caseId}`, payload: { version: await version(caseId), reflectionDays: 30 } })).statusCode).toBe(403);
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/cases/${caseId}/referrals`, payload: {} })).statusCode).toBe(403);

    const audit = await t.database.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'case.service_%' AND details->>'caseId' = $1 ORDER BY seq", [caseId]);
    expect(audit.map((a) => a.action)).toEqual(['case.service_added', 'case.service_added', 'case.service_added', 'case.service_updated']);
    const timeline = (await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json();
    expect(timeline.items.filter((i: { part: string }) => i.part === 'services')).toHaveLength(4);

    // Revoked: the shelter no longer sees the case at all.
    await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${referralId}/revoke`, payload: { version: await version(caseId), reason: 'ย้ายบ้านพัก' } });
    expect((await add(shelter, { service: 'shelter' })).statusCode).toBe(404);
    expect((await patch(shelter, sh.json().id, { version: sh.json().version, status: 'delivered' })).statusCode).toBe(404);
  });

  it('without the services part a recipient neither reads nor writes services; other provinces get 404', async () => {
    const { caseId, victim } = await referredCase({ org: hospital, service: 'medical_care', user: hospitalStaff }, ['protection']);
    const add = (s: Signed) => t.as(s, { method: 'POST', url: `/api/v1/cases/${caseId}/services`, payload: { casePersonId: victim, service: 'medical_care' } });
    expect((await add(hospitalStaff)).statusCode).toBe(403);
    expect((await t.as(hospitalStaff, { method: 'GET', url: `/api/v1/cases/${caseId}/services` })).statusCode).toBe(403);
    expect((await add(shelter)).statusCode).toBe(404);
    expect((await add(chiangMai)).statusCode).toBe(404);
    expect((await t.as(chiangMai, { method: 'GET', url: `/api/v1/cases/${caseId}/services` })).statusCode).toBe(404);
  });

  it('dates in order, actual dates not in the future; the case side links a referral; stale case version 409', async () => {
    const { caseId, victim, referralId } = await referredCase({ org: takShelter, service: 'shelter', user: shelter }, ['services']);
    const add = (body: Record<string, unknown>) => t.as(cri, { method: 'POST', url: `/api/v1/cases/${caseId}/services`, payload: { casePersonId: victim, service: 'education', ...body } });
    const cases = [
      [{ plannedStart: '2025-03-01', plannedEnd: '2025-02-01' }, 'plannedEnd'],
      [{ actualStart: daysFromToday(2) }, 'actualStart'],
      [{ actualStart: '2025-03-01', actualEnd: '2025-02-28' }, 'actualEnd'],
      [{ actualEnd: '2025-02-28' }, 'actualStart'],
    ] as const;
    for (const [body, path] of cases) {
      const r = await add(body);
      expect([path, r.statusCode, r.json().error?.code, r.json().error?.fields?.[0]?.path]).toEqual([path, 422, 'DATES_OUT_OF_ORDER', path]);
    }
    expect((await add({ plannedStart: '2025-02-30' })).statusCode).toBe(400);
    expect((await add({ service: 'astrology' })).statusCode).toBe(400);
    expect((await add({ version: 1 })).statusCode).toBe(409);
    const linked = await add({ service: 'shelter', referralId, version: await version(caseId) });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json()).toMatchObject({ providerOrganisationId: takShelter, referralId, status: 'planned' });
    expect((await add({ referralId, providerOrganisationId: criCentre })).statusCode).toBe(400);
    const patch = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${caseId}/services/${linked.json().id}`, payload: { version: linked.json().version, actualStart: '2025-01-10', actualEnd: '2025-01-09' } });
    expect(patch.json().error.code).toBe('DATES_OUT_OF_ORDER');
    const missing = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${caseId}/services/00000000-0000-4000-8000-000000000000`, payload: { version: 1 } });
    expect(missing.json().error.code).toBe('CASE_SERVICE_NOT_FOUND');
    const n = (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM case_services WHERE case_id = $1', [caseId]))[0]!.n;
    expect(n).toBe(1);
  });
});
