import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationServices } from '../../db/schema/index.js';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';

/**
 * Consent, referral and transfer (issue 5, NRM step 5 and "Consent records"): the consent rule (a
 * guardian's for a child, an audited override), the recipient's answer, access to exactly the shared
 * parts, revocation, and transfer of responsibility to another province's centre.
 */
describe('consent, referrals and transfers', () => {
  let t: TestContext;
  let criCentre: string;
  let takCentre: string;
  let takShelter: string;
  let criShelter: string;
  let criOfficer: TestUser;
  let cri: Signed;
  let cri2: Signed;
  let mdtUser: TestUser;
  let mdt: Signed;
  let shelterUser: TestUser;
  let shelter: Signed;
  let otherShelter: Signed;
  let takOfficerUser: TestUser;
  let takOfficer: Signed;
  let takCentreProvider: Signed;
  let takProvinceOfficer: Signed;
  let chiangMai: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    criCentre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    takCentre = await t.org({ provinceCode: '63', nameEn: 'Tak centre' });
    takShelter = await t.org({ provinceCode: '63', sector: 'central_government', nameEn: 'Tak children\'s shelter' });
    criShelter = await t.org({ provinceCode: '57', sector: 'ngo', nameEn: 'Chiang Rai NGO shelter' });
    // The network directory: the Tak shelter gives shelter and medical care; the NGO gives legal assistance only.
    await t.database.db.insert(organisationServices).values([
      { organisationId: takShelter, service: 'shelter' }, { organisationId: takShelter, service: 'medical_care' },
      { organisationId: criShelter, service: 'legal_assistance' }, { organisationId: criCentre, service: 'shelter' },
    ]);
    criOfficer = await t.user(['provincial_officer'], { organisationId: criCentre });
    cri = await t.login(criOfficer);
    cri2 = await t.login(await t.user(['provincial_officer'], { organisationId: criCentre }));
    mdtUser = await t.user(['mdt_member'], { provinceCode: '57' });
    mdt = await t.login(mdtUser);
    shelterUser = await t.user(['service_provider'], { organisationId: takShelter });
    shelter = await t.login(shelterUser);
    otherShelter = await t.login(await t.user(['service_provider'], { organisationId: criShelter }));
    takOfficerUser = await t.user(['provincial_officer'], { organisationId: takCentre });
    takOfficer = await t.login(takOfficerUser);
    takCentreProvider = await t.login(await t.user(['service_provider'], { organisationId: takCentre }));
    takProvinceOfficer = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    chiangMai = await t.login(await t.user(['provincial_officer'], { provinceCode: '50' }));
  });
  afterAll(async () => { await t.close(); });

  const girl = { role: 'victim', givenName: 'มิ้นท์', latinName: 'Mya Mya', gender: 'Feminine', estimatedAge: 15, nationality: 'MMR' };
  const woman = { role: 'victim', givenName: 'นวล', gender: 'Feminine', estimatedAge: 30, nationality: 'LAO' };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  type Kase = { id: string; version: number; caseNumber: string; persons: { id: string; personId: string; role: string }[] };
  async function openCase(persons: object[]): Promise<Kase> {
    const r = await t.as(cri, { method: 'POST', url: '/api/v1/cases', payload: { persons } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }
  const version = async (caseId: string, s: Signed = cri) => (await t.as(s, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().version as number;
  async function addGuardian(c: Kase, victimId: string): Promise<string> {
    const r = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/persons`, payload: { role: 'guardian', guardianOf: victimId, givenName: 'แม่', gender: 'Feminine', estimatedAge: 40 } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id;
  }
  async function consent(c: Kase, body: Record<string, unknown>) {
    return t.as(cri, {
      method: 'POST', url: `/api/v1/cases/${c.id}/consents`,
      payload: { version: await version(c.id), givenAt: minutesAgo(30), method: 'written', ...body },
    });
  }
  async function refer(c: Kase, body: Record<string, unknown>, s: Signed = cri) {
    return t.as(s, {
      method: 'POST', url: `/api/v1/cases/${c.id}/referrals`,
      payload: {
        version: await version(c.id), casePersonId: c.persons[0]!.id, toOrganisationId: takShelter, service: 'shelter',
        reason: 'AdditionalServicesRequired', sharedParts: ['protection', 'services'], ...body,
      },
    });
  }
  async function childCaseWithGuardianConsent(purposes = ['referral', 'data_processing']) {
    const c = await openCase([girl]);
    const guardian = await addGuardian(c, c.persons[0]!.id);
    const ok = await consent(c, { casePersonId: c.persons[0]!.id, purposes, givenBy: 'guardian', guardianCasePersonId: guardian });
    expect(ok.statusCode, ok.body).toBe(201);
    return { c, guardian, consentId: ok.json().id as string };
  }
  const notificationsOf = (userId: string) =>
    t.database.query<{ kind: string; case_number: string }>('SELECT kind, case_number FROM notifications WHERE user_id = $1', [userId]);

  it('records consent: guardian checks, dates, versions, withdrawal once; the list is for the case side', async () => {
    const c = await openCase([girl, woman]);
    const [child, adult] = c.persons;
    const guardian = await addGuardian(c, child!.id);
    const noGuardian = await consent(c, { casePersonId: child!.id, purposes: ['referral'], givenBy: 'guardian' });
    expect(noGuardian.statusCode).toBe(400);
    const wrongWard = await consent(c, { casePersonId: adult!.id, purposes: ['referral'], givenBy: 'guardian', guardianCasePersonId: guardian });
    expect(wrongWard.json().error.code).toBe('GUARDIAN_NOT_VICTIM');
    const ofGuardian = await consent(c, { casePersonId: guardian, purposes: ['referral'], givenBy: 'victim' });
    expect(ofGuardian.json().error.code).toBe('NOT_A_VICTIM');
    const future = await consent(c, { casePersonId: adult!.id, purposes: ['referral'], givenBy: 'victim', givenAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.json().error.code).toBe('DATES_OUT_OF_ORDER');
    expect((await consent(c, { casePersonId: adult!.id, purposes: [], givenBy: 'victim' })).statusCode).toBe(400);
    expect((await consent(c, { casePersonId: adult!.id, purposes: ['sharing', 'sharing'], givenBy: 'victim' })).statusCode).toBe(400);
    const stale = await t.as(cri, {
      method: 'POST', url: `/api/v1/cases/${c.id}/consents`,
      payload: { version: c.version, casePersonId: adult!.id, purposes: ['referral'], givenBy: 'victim', givenAt: minutesAgo(5), method: 'thumbprint' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    const ok = await consent(c, { casePersonId: adult!.id, purposes: ['referral', 'sharing'], givenBy: 'victim', method: 'verbal_witnessed' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ casePersonId: adult!.id, purposes: ['referral', 'sharing'], givenBy: 'victim', method: 'verbal_witnessed', withdrawnAt: null });
    const withdraw = (v: number) => t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/consents/${ok.json().id}/withdraw`, payload: { version: v } });
    expect((await withdraw(c.version)).statusCode).toBe(409);
    const w = await withdraw(await version(c.id));
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().withdrawnAt).not.toBeNull();
    expect((await withdraw(await version(c.id))).json().error.code).toBe('CONSENT_WITHDRAWN');
    const list = await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/consents` });
    expect(list.json().items).toHaveLength(1);
    expect((await t.as(chiangMai, { method: 'GET', url: `/api/v1/cases/${c.id}/consents` })).statusCode).toBe(404);
    const timeline = (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/timeline` })).json();
    expect(timeline.items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['consent_recorded', 'consent_withdrawn']));
  });

  it('a child needs a guardian\'s consent; a withdrawn consent no longer counts; past referrals stay', async () => {
    const c = await openCase([girl]);
    const child = c.persons[0]!;
    const none = await refer(c, {});
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    // The child's own consent is recorded, but it is not enough (Act s.4: under 18).
    expect((await consent(c, { casePersonId: child.id, purposes: ['referral'], givenBy: 'victim' })).statusCode).toBe(201);
    expect((await refer(c, {})).json().error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const guardian = await addGuardian(c, child.id);
    const sharingOnly = await consent(c, { casePersonId: child.id, purposes: ['sharing'], givenBy: 'guardian', guardianCasePersonId: guardian });
    expect(sharingOnly.statusCode).toBe(201);
    expect((await refer(c, {})).json().error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const given = await consent(c, { casePersonId: child.id, purposes: ['referral', 'sharing'], givenBy: 'guardian', guardianCasePersonId: guardian });
    const r = await refer(c, { details: 'ต้องการบ้านพักที่ปลอดภัยห่างจากนายหน้า' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      kind: 'referral', status: 'requested', service: 'shelter', consentId: given.json().id, consentOverridden: false,
      sharedParts: ['summary', 'protection', 'services'], caseNumber: c.caseNumber, child: true, details: 'ต้องการบ้านพักที่ปลอดภัยห่างจากนายหน้า',
    });
    const [row] = await t.database.query<{ details_enc: string }>('SELECT details_enc FROM referrals WHERE id = $1', [r.json().id]);
    expect(row!.details_enc).not.toContain('บ้านพัก');
    const w = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/consents/${given.json().id}/withdraw`, payload: { version: await version(c.id) } });
    expect(w.statusCode).toBe(200);
    const after = await refer(c, { toOrganisationId: takShelter, service: 'medical_care' });
    expect(after.json().error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    // What was asked before the withdrawal stands.
    const list = (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/referrals` })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].status).toBe('requested');
  });

  it('an adult\'s consent; without it 422; an override needs the permission and a written reason, and is audited', async () => {
    const c = await openCase([woman]);
    expect((await refer(c, {})).json().error.code).toBe('CONSENT_REQUIRED');
    await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/team`, payload: { userId: mdtUser.id, role: 'social_worker' } });
    const byMdt = await refer(c, { overrideReason: 'ผู้เสียหายอยู่ในอันตรายร้ายแรง' }, mdt);
    expect(byMdt.statusCode).toBe(403);
    expect((await refer(c, {}, mdt)).json().error.code).toBe('CONSENT_REQUIRED');
    expect((await refer(c, { overrideReason: 'ด่วน' })).statusCode).toBe(400);
    const before = (await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.referral_consent_override'"))[0]!.n;
    const reason = 'ผู้เสียหายหมดสติ ต้องส่งต่อโรงพยาบาลทันที';
    const r = await refer(c, { overrideReason: reason, service: 'medical_care' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ consentOverridden: true, consentId: null, overrideReason: reason });
    const audit = await t.database.query<{ action: string; target_id: string; details: unknown }>(
      "SELECT action, target_id, details FROM audit_log WHERE target_id = $1 ORDER BY seq", [r.json().id]);
    expect(audit.map((a) => a.action)).toEqual(['case.referral_requested', 'case.referral_consent_override']);
    expect((await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.referral_consent_override'"))[0]!.n).toBe(before + 1);
    expect(JSON.stringify(audit)).not.toContain('หมดสติ');
    const [row] = await t.database.query<{ override_reason_enc: string; override_by: string }>('SELECT override_reason_enc, override_by FROM referrals WHERE id = $1', [r.json().id]);
    expect(row!.override_reason_enc).not.toContain('หมดสติ');
    expect(row!.override_by).toBe(criOfficer.id);
    // With consent on record the request needs no override.
    expect((await consent(c, { casePersonId: c.persons[0]!.id, purposes: ['referral'], givenBy: 'victim' })).statusCode).toBe(201);
    const withConsent = await refer(c, {}, mdt);
    expect(withConsent.statusCode, withConsent.body).toBe(201);
    expect(withConsent.json().consentOverridden).toBe(false);
  });

  it('the recipient must offer the service, be another organisation, and exist', async () => {
    const { c } = await childCaseWithGuardianConsent();
    const notOffered = await refer(c, { toOrganisationId: criShelter, service: 'shelter' });
    expect(notOffered.statusCode).toBe(422);
    expect(notOffered.json().error).toMatchObject({ code: 'SERVICE_NOT_OFFERED', fields: [{ path: 'service' }] });
    const self = await refer(c, { toOrganisationId: criCentre, service: 'shelter' });
    expect(self.statusCode).toBe(422);
    expect(self.json().error.code).toBe('REFERRAL_TO_SELF');
    expect((await refer(c, { toOrganisationId: '00000000-0000-4000-8000-000000000000' })).json().error.code).toBe('UNKNOWN_ORGANISATION');
    expect((await refer(c, { service: 'counselling' })).statusCode).toBe(400);
    expect((await refer(c, { version: 1 })).statusCode).toBe(409);
    expect((await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM referrals WHERE case_id = $1', [c.id]))[0]!.n).toBe(0);
  });

  it('only the recipient answers (404 for others); acceptance shows exactly the shared parts; revocation takes them back', async () => {
    const { c } = await childCaseWithGuardianConsent();
    const r = await refer(c, {});
    expect(r.statusCode, r.body).toBe(201);
    const ref = r.json();
    expect(await notificationsOf(shelterUser.id)).toContainEqual({ kind: 'referral_requested', case_number: c.caseNumber });
    // Before acceptance the recipient sees the request in its list, not the case.
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    const incoming = (await t.as(shelter, { method: 'GET', url: '/api/v1/referrals?direction=incoming&status=requested' })).json();
    const item = incoming.items.find((i: { id: string }) => i.id === ref.id);
    expect(item).toMatchObject({ caseNumber: c.caseNumber, caseStage: 'screening', child: true, service: 'shelter', reason: 'AdditionalServicesRequired', status: 'requested' });
    expect(JSON.stringify(incoming)).not.toMatch(/มิ้นท์|Mya Mya/);
    expect(item.details).toBeUndefined();
    const outgoing = (await t.as(cri, { method: 'GET', url: '/api/v1/referrals?direction=outgoing' })).json();
    expect(outgoing.items.map((i: { id: string }) => i.id)).toContain(ref.id);
    expect((await t.as(chiangMai, { method: 'GET', url: '/api/v1/referrals?direction=outgoing' })).json().items.map((i: { id: string }) => i.id)).not.toContain(ref.id);
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/referrals/${ref.id}` })).json().details).toBeNull();
    expect((await t.as(otherShelter, { method: 'GET', url: `/api/v1/referrals/${ref.id}` })).statusCode).toBe(404);

    for (const [s, path] of [[otherShelter, 'accept'], [otherShelter, 'decline'], [takOfficer, 'accept'], [cri, 'accept']] as const) {
      const res = await t.as(s, { method: 'POST', url: `/api/v1/referrals/${ref.id}/${path}`, payload: path === 'accept' ? { version: ref.version } : { version: ref.version, reason: 'ไม่มีที่ว่าง' } });
      expect([path, res.statusCode, res.json().error.code]).toEqual([path, 404, 'REFERRAL_NOT_FOUND']);
    }
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${ref.id}/accept`, payload: { version: ref.version + 1 } })).statusCode).toBe(409);
    const acc = await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${ref.id}/accept`, payload: { version: ref.version } });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({ status: 'accepted', answeredBy: shelterUser.id, version: ref.version + 1 });
    expect(acc.json().answeredAt).not.toBeNull();
    expect(await notificationsOf(criOfficer.id)).toContainEqual({ kind: 'referral_accepted', case_number: c.caseNumber });
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${ref.id}/accept`, payload: { version: ref.version + 1 } })).json().error.code).toBe('REFERRAL_NOT_PENDING');

    const seen = await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}` });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().access).toMatchObject({ full: false, canWrite: false, canReadIdentity: false, parts: ['summary', 'protection', 'services'] });
    expect(seen.json().persons.map((p: { role: string }) => p.role)).toEqual(['victim']);
    expect(seen.json().persons[0].protection).toBeDefined();
    expect(seen.json().persons[0].trafficking).toBeUndefined();
    expect(seen.json().team).toEqual([]);
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}/persons/${c.persons[0]!.id}/identity` })).statusCode).toBe(403);
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}/consents` })).statusCode).toBe(403);
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}/referrals` })).statusCode).toBe(403);
    // Others in the shelter's province, or a third province, still see nothing.
    expect((await t.as(takProvinceOfficer, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect((await t.as(chiangMai, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);

    // Revocation: by the case side only, at the case's version, once.
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${ref.id}/revoke`, payload: { version: await version(c.id), reason: 'สิ้นสุดความจำเป็น' } })).statusCode).toBe(403);
    expect((await t.as(chiangMai, { method: 'POST', url: `/api/v1/referrals/${ref.id}/revoke`, payload: { version: 1, reason: 'สิ้นสุดความจำเป็น' } })).statusCode).toBe(404);
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${ref.id}/revoke`, payload: { version: 1, reason: 'สิ้นสุดความจำเป็น' } })).statusCode).toBe(409);
    const rev = await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${ref.id}/revoke`, payload: { version: await version(c.id), reason: 'สิ้นสุดความจำเป็น' } });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json()).toMatchObject({ status: 'revoked', revokedBy: criOfficer.id, answerReason: 'สิ้นสุดความจำเป็น' });
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect(await notificationsOf(shelterUser.id)).toContainEqual({ kind: 'referral_revoked', case_number: c.caseNumber });
    const again = await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${ref.id}/revoke`, payload: { version: await version(c.id), reason: 'ซ้ำ' } });
    expect(again.json().error.code).toBe('REFERRAL_NOT_ACTIVE');
    const kinds = (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/timeline` })).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['referral_requested', 'referral_accepted', 'referral_revoked']));
  });

  it('sharing the identity part lets the recipient read it; decline and withdrawal leave no access', async () => {
    const { c } = await childCaseWithGuardianConsent();
    const withIdentity = (await refer(c, { sharedParts: ['identity', 'persons'], service: 'medical_care' })).json();
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${withIdentity.id}/accept`, payload: { version: withIdentity.version } })).statusCode).toBe(200);
    const seen = (await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}` })).json();
    expect(seen.access.parts).toEqual(['summary', 'persons', 'identity']);
    const identity = await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${c.id}/persons/${c.persons[0]!.id}/identity` });
    expect(identity.statusCode).toBe(200);
    expect(identity.json().latinName).toBe('Mya Mya');

    const other = await openCase([woman]);
    await consent(other, { casePersonId: other.persons[0]!.id, purposes: ['referral'], givenBy: 'victim' });
    const d = (await refer(other, {})).json();
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${d.id}/decline`, payload: { version: d.version } })).statusCode).toBe(400);
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${d.id}/decline`, payload: { version: d.version, reason: 'x' } })).statusCode).toBe(400);
    const dec = await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${d.id}/decline`, payload: { version: d.version, reason: 'ไม่มีเตียงว่าง' } });
    expect(dec.statusCode, dec.body).toBe(200);
    expect(dec.json()).toMatchObject({ status: 'declined', answerReason: 'ไม่มีเตียงว่าง' });
    expect(await notificationsOf(criOfficer.id)).toContainEqual({ kind: 'referral_declined', case_number: other.caseNumber });
    expect((await t.as(shelter, { method: 'GET', url: `/api/v1/cases/${other.id}` })).statusCode).toBe(404);
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${d.id}/revoke`, payload: { version: await version(other.id), reason: 'ไม่ใช้แล้ว' } })).json().error.code).toBe('REFERRAL_NOT_ACTIVE');

    const w = (await refer(other, { service: 'medical_care' })).json();
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${w.id}/withdraw`, payload: { version: w.version } })).statusCode).toBe(403);
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${w.id}/withdraw`, payload: { version: w.version + 3 } })).statusCode).toBe(409);
    const wd = await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${w.id}/withdraw`, payload: { version: w.version } });
    expect(wd.statusCode, wd.body).toBe(200);
    expect(wd.json().status).toBe('withdrawn');
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/referrals/${w.id}/withdraw`, payload: { version: w.version + 1 } })).json().error.code).toBe('REFERRAL_NOT_PENDING');
    expect((await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${w.id}/accept`, payload: { version: w.version + 1 } })).json().error.code).toBe('REFERRAL_NOT_PENDING');
  });

  it('concurrent answers: one wins, the other is refused', async () => {
    const { c } = await childCaseWithGuardianConsent();
    const ref = (await refer(c, {})).json();
    const second = await t.login(await t.user(['service_provider'], { organisationId: takShelter }));
    const [a, b] = await Promise.all([
      t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${ref.id}/accept`, payload: { version: ref.version } }),
      t.as(second, { method: 'POST', url: `/api/v1/referrals/${ref.id}/decline`, payload: { version: ref.version, reason: 'ไม่มีที่ว่าง' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [row] = await t.database.query<{ status: string; version: number }>('SELECT status, version FROM referrals WHERE id = $1', [ref.id]);
    expect(row!.version).toBe(ref.version + 1);
  });

  it('transfers responsibility to another province\'s centre once it accepts; the old centre keeps only its team', async () => {
    const { c, guardian } = await childCaseWithGuardianConsent(['referral']);
    const transfer = async (body: Record<string, unknown>) => t.as(cri, {
      method: 'POST', url: `/api/v1/cases/${c.id}/transfer`,
      payload: { version: await version(c.id), toOrganisationId: takCentre, reason: 'MigrationOrChangeOfLocation', ...body },
    });
    // A transfer shares everything: the consent needed is to sharing.
    expect((await transfer({})).json().error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    expect((await consent(c, { casePersonId: c.persons[0]!.id, purposes: ['sharing'], givenBy: 'guardian', guardianCasePersonId: guardian })).statusCode).toBe(201);
    expect((await transfer({ toOrganisationId: criShelter })).json().error.code).toBe('UNKNOWN_ORGANISATION');
    expect((await transfer({ toOrganisationId: criCentre })).json().error.code).toBe('REFERRAL_TO_SELF');
    expect((await transfer({ toOrganisationId: takShelter })).json().error.code).toBe('UNKNOWN_ORGANISATION');
    const tr = await transfer({ details: 'ครอบครัวย้ายไปอยู่แม่สอด' });
    expect(tr.statusCode, tr.body).toBe(201);
    expect(tr.json()).toMatchObject({ kind: 'transfer', status: 'requested', service: null, sharedParts: expect.arrayContaining(['identity', 'notes', 'attachments']) });
    expect((await transfer({})).json().error.code).toBe('TRANSFER_PENDING');
    expect(await notificationsOf(takOfficerUser.id)).toContainEqual({ kind: 'transfer_requested', case_number: c.caseNumber });

    const accept = (s: Signed, v = tr.json().version) => t.as(s, { method: 'POST', url: `/api/v1/referrals/${tr.json().id}/accept`, payload: { version: v } });
    expect((await accept(shelter)).statusCode).toBe(404);
    expect((await accept(takProvinceOfficer)).statusCode).toBe(404);
    // A user of the centre without case work cannot take the case on.
    expect((await accept(takCentreProvider)).statusCode).toBe(403);
    const before = await version(c.id);
    const ok = await accept(takOfficer);
    expect(ok.statusCode, ok.body).toBe(200);
    const moved = await t.as(takOfficer, { method: 'GET', url: `/api/v1/cases/${c.id}` });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ provinceCode: '63', organisationId: takCentre, caseNumber: c.caseNumber, version: before + 1 });
    expect(moved.json().access).toMatchObject({ full: true, canWrite: true });
    expect((await t.as(takProvinceOfficer, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(200);
    // The old centre: an officer not on the team loses it; the case manager on the team keeps it.
    expect((await t.as(cri2, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect((await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(200);
    // The case's people move with it: the old centre cannot read them through the people register either.
    for (const p of c.persons) {
      expect((await t.as(cri2, { method: 'GET', url: `/api/v1/persons/${p.personId}/identity` })).statusCode, 'old centre').toBe(404);
      expect((await t.as(takOfficer, { method: 'GET', url: `/api/v1/persons/${p.personId}/identity` })).statusCode, 'new centre').toBe(200);
    }
    expect((await t.as(cri2, { method: 'GET', url: '/api/v1/persons?limit=100' })).body).not.toContain(c.persons[0]!.personId);
    expect((await t.as(chiangMai, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect(await notificationsOf(criOfficer.id)).toContainEqual({ kind: 'transfer_accepted', case_number: c.caseNumber });
    const audit = await t.database.query<{ details: Record<string, string> }>("SELECT details FROM audit_log WHERE action = 'case.transferred' AND target_id = $1", [tr.json().id]);
    expect(audit[0]!.details).toMatchObject({ fromProvinceCode: '57', toProvinceCode: '63', toOrganisationId: takCentre });
  });

  it('a declined transfer changes nothing', async () => {
    const { c } = await childCaseWithGuardianConsent(['sharing']);
    const tr = await t.as(cri, {
      method: 'POST', url: `/api/v1/cases/${c.id}/transfer`,
      payload: { version: await version(c.id), toOrganisationId: takCentre, reason: 'MigrationOrChangeOfLocation' },
    });
    expect(tr.statusCode, tr.body).toBe(201);
    const before = (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}` })).json();
    const dec = await t.as(takOfficer, { method: 'POST', url: `/api/v1/referrals/${tr.json().id}/decline`, payload: { version: tr.json().version, reason: 'ผู้เสียหายไม่ได้ย้ายมาจริง' } });
    expect(dec.statusCode, dec.body).toBe(200);
    const after = (await t.as(cri2, { method: 'GET', url: `/api/v1/cases/${c.id}` })).json();
    expect(after).toMatchObject({ provinceCode: '57', organisationId: criCentre, version: before.version });
    expect((await t.as(takOfficer, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect(await notificationsOf(criOfficer.id)).toContainEqual({ kind: 'transfer_declined', case_number: c.caseNumber });
  });

  it('migration 0021 moves the people of cases transferred before transfers moved them', async () => {
    const { c } = await childCaseWithGuardianConsent(['referral']);
    // As a transfer did before: the case moves, its people stay.
    await t.database.query("UPDATE cases SET organisation_id = $2, province_code = '63' WHERE id = $1", [c.id, takCentre]);
    const where = async () => t.database.query<{ organisation_id: string; province_code: string }>(
      'SELECT p.organisation_id, p.province_code FROM persons p JOIN case_persons cp ON cp.person_id = p.id WHERE cp.case_id = $1', [c.id]);
    expect((await where()).every((p) => p.organisation_id === criCentre)).toBe(true);
    await t.database.exec(readFileSync(new URL('../../db/migrations/0021_persons_follow_transferred_cases.sql', import.meta.url), 'utf8'));
    const moved = await where();
    expect(moved.length).toBeGreaterThan(1);
    expect(moved.map((p) => [p.organisation_id, p.province_code.trim()])).toEqual(moved.map(() => [takCentre, '63']));
  });
});
