import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { organisationServices } from '../../db/schema/index.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { bangkokDate } from './nrm.rules.js';

/**
 * A referral names one victim and carries that victim's consent (issue 5, "Access"). The organisation
 * that accepts it sees that victim (and the victim's guardian, with the `persons` part), never the
 * case's other victims: not in the case, not on a per-person route (404), not in a list, the timeline
 * or the identity search. Full-scope callers keep seeing everything.
 */

interface Person { id: string; personId: string; role: string; version: number }
interface Kase { id: string; version: number; victims: number; persons: Person[] }

const H = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const today = () => bangkokDate(new Date());
const allParts = ['persons', 'identity', 'trafficking', 'screening', 'protection', 'services', 'notes', 'attachments', 'return', 'followups'];

describe('cases: what a referral recipient sees of the case\'s people', () => {
  let t: TestContext;
  let takShelter: string, otherShelter: string;
  let cri: Signed, shelter: Signed;
  let docSeq = 0;

  beforeAll(async () => {
    t = await createTestContext();
    const criCentre = await t.org({ provinceCode: '57' });
    takShelter = await t.org({ provinceCode: '63', sector: 'ngo' });
    otherShelter = await t.org({ provinceCode: '63', sector: 'ngo' });
    await t.database.db.insert(organisationServices).values([
      { organisationId: takShelter, service: 'shelter' }, { organisationId: takShelter, service: 'medical_care' },
      { organisationId: otherShelter, service: 'shelter' },
    ]);
    cri = await t.login(await t.user(['provincial_officer'], { organisationId: criCentre }));
    shelter = await t.login(await t.user(['service_provider'], { organisationId: takShelter }));
  });
  afterAll(async () => { await t.close(); });

  const ok = (r: LightMyRequestResponse, status = 200) => {
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };
  const get = (s: Signed, url: string) => t.as(s, { method: 'GET', url: `/api/v1/cases/${url}` });
  const post = (s: Signed, url: string, payload: object) => t.as(s, { method: 'POST', url: `/api/v1/cases/${url}`, payload });
  const kase = async (id: string): Promise<Kase> => ok(await get(cri, id));
  const code = (r: LightMyRequestResponse) => [r.statusCode, r.json().error?.code];

  /** Two adult victims, Alice (A) and Bobby (B), each with a document number unique to this case. */
  async function twoVictims() {
    docSeq += 1;
    const docA = `AA${String(100000 + docSeq)}`;
    const docB = `BB${String(200000 + docSeq)}`;
    const c: Kase = ok(await t.as(cri, { method: 'POST', url: '/api/v1/cases', payload: { persons: [
      { role: 'victim', givenName: 'Alice', gender: 'Feminine', estimatedAge: 30, documentType: 'passport', documentNumber: docA },
      { role: 'victim', givenName: 'Bobby', gender: 'Masculine', estimatedAge: 35, documentType: 'passport', documentNumber: docB },
    ] } }), 201);
    // Created together, so their order is not fixed: find them by name through the case side's identity route.
    const named = await Promise.all(c.persons.map(async (p) => ({ p, name: ok(await get(cri, `${c.id}/persons/${p.id}/identity`)).givenName as string })));
    return { c, a: named.find((x) => x.name === 'Alice')!.p, b: named.find((x) => x.name === 'Bobby')!.p, docA, docB };
  }
  async function consent(caseId: string, casePersonId: string) {
    ok(await post(cri, `${caseId}/consents`, {
      version: (await kase(caseId)).version, casePersonId, purposes: ['referral'], givenBy: 'victim', givenAt: ago(H), method: 'written',
    }), 201);
  }
  async function refer(caseId: string, casePersonId: string, sharedParts: string[], opts: { to?: string; service?: string; accept?: boolean } = {}) {
    const ref = ok(await post(cri, `${caseId}/referrals`, {
      version: (await kase(caseId)).version, casePersonId, toOrganisationId: opts.to ?? takShelter, service: opts.service ?? 'shelter',
      reason: 'AdditionalServicesRequired', sharedParts,
    }), 201);
    if (opts.accept !== false) ok(await t.as(shelter, { method: 'POST', url: `/api/v1/referrals/${ref.id}/accept`, payload: { version: ref.version } }));
    return ref as { id: string };
  }

  it('a referral for victim A shows A (and A\'s guardian), never victim B: absent from the case, 404 on every per-person route', async () => {
    const { c, a, b } = await twoVictims();
    const guardian = async (of: string) => ok(await post(cri, `${c.id}/persons`, { role: 'guardian', guardianOf: of, givenName: 'Guardian', gender: 'Feminine', estimatedAge: 50 }), 201).id as string;
    const guardianA = await guardian(a.id);
    const guardianB = await guardian(b.id);
    // B's side of the case: an event, a screening, an identification, follow-ups and a service given by the shelter itself.
    const screen = async (casePersonId: string) => ok(await post(cri, `${c.id}/screenings`, {
      version: (await kase(c.id)).version, casePersonId, screenedAt: ago(10 * H), language: 'tha', interpreterUsed: false,
      answers: { 'ilo.deception': 'yes' }, summary: 'summary',
    }), 201);
    await screen(a.id);
    await screen(b.id);
    ok(await post(cri, `${c.id}/persons/${b.id}/events`, { type: 'Exploitation', eventDate: '2025-06-01', place: 'B place' }), 201);
    ok(await post(cri, `${c.id}/persons/${b.id}/identification`, {
      version: (await kase(c.id)).version, decision: 'ActualVictimOfTrafficking', decidingOrgType: 'NonPoliceGovernmentalOrganization',
      identifiedAt: ago(2 * H), reasons: 'B reasons',
    }));
    ok(await post(cri, `${c.id}/persons/${b.id}/follow-ups/plan`, { version: (await kase(c.id)).version, startDate: today() }), 201);
    const serviceB = ok(await post(cri, `${c.id}/services`, { casePersonId: b.id, service: 'shelter', providerOrganisationId: takShelter, status: 'planned' }), 201);
    const serviceA = ok(await post(cri, `${c.id}/services`, { casePersonId: a.id, service: 'shelter', providerOrganisationId: takShelter, status: 'planned' }), 201);
    const screeningsOf = (items: { id: string; casePersonId: string }[], who: string) => items.filter((s) => s.casePersonId === who).map((s) => s.id);
    const screeningB = screeningsOf(ok(await get(cri, `${c.id}/screenings`)).items, b.id);
    expect(screeningB).toHaveLength(1);

    // B is a child exploited sexually, A an adult in forced labour: the case side sees both.
    const versionOf = async (who: string) => (await kase(c.id)).persons.find((p) => p.id === who)!.version;
    ok(await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}/persons/${b.id}`, payload: { version: await versionOf(b.id), estimatedAge: 16, trafficking: { exploitationTypes: ['SexualExploitation'] } } }));
    ok(await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}/persons/${a.id}`, payload: { version: await versionOf(a.id), trafficking: { exploitationTypes: ['ForcedLabour'] } } }));

    await consent(c.id, a.id);
    await refer(c.id, a.id, allParts);

    // Hidden: B, B's guardian and every row tied to them. Their ids appear in nothing the shelter reads.
    const hidden = [b.id, b.personId, guardianB, serviceB.id, ...screeningB];
    const leaks = (body: string) => hidden.filter((id) => body.includes(id));

    const seen = await get(shelter, c.id);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().persons.map((p: Person) => p.id).sort()).toEqual([a.id, guardianA].sort());
    expect(seen.json()).toMatchObject({ victims: 1, involvesChild: false, exploitationTypes: ['ForcedLabour'] });
    expect(leaks(seen.body)).toEqual([]);
    // The case list shows the case as the shelter sees it: one adult victim of forced labour.
    const listed = ok(await t.as(shelter, { method: 'GET', url: '/api/v1/cases?limit=100' })).items as { id: string }[];
    expect(listed.find((x) => x.id === c.id)).toMatchObject({ victims: 1, involvesChild: false, exploitationTypes: ['ForcedLabour'] });
    // Its filters test the same view: the hidden child, exploited sexually, cannot be found through them.
    const ids = async (query: string) => (ok(await t.as(shelter, { method: 'GET', url: `/api/v1/cases?limit=100&${query}` })).items as { id: string }[]).map((x) => x.id);
    expect(await ids('ageGroup=child')).not.toContain(c.id);
    expect(await ids('exploitation=SexualExploitation')).not.toContain(c.id);
    expect(await ids('ageGroup=adult')).toContain(c.id);
    expect(await ids('exploitation=ForcedLabour')).toContain(c.id);
    const caseSide = async (query: string) => (ok(await t.as(cri, { method: 'GET', url: `/api/v1/cases?limit=100&${query}` })).items as { id: string }[]).map((x) => x.id);
    expect(await caseSide('ageGroup=child')).toContain(c.id);
    expect(await caseSide('exploitation=SexualExploitation')).toContain(c.id);

    expect(code(await get(shelter, `${c.id}/persons/${b.id}/identity`))).toEqual([404, 'CASE_PERSON_NOT_FOUND']);
    expect(code(await get(shelter, `${c.id}/persons/${guardianB}/identity`))).toEqual([404, 'CASE_PERSON_NOT_FOUND']);
    expect(ok(await get(shelter, `${c.id}/persons/${a.id}/identity`)).givenName).toBe('Alice');
    expect(ok(await get(shelter, `${c.id}/persons/${guardianA}/identity`)).givenName).toBe('Guardian');

    const screenings = ok(await get(shelter, `${c.id}/screenings`)).items as { casePersonId: string }[];
    expect(screenings.map((s) => s.casePersonId)).toEqual([a.id]);
    expect(ok(await get(shelter, `${c.id}/follow-ups`)).items).toEqual([]);
    const services = ok(await get(shelter, `${c.id}/services`)).items as { id: string }[];
    expect(services.map((s) => s.id)).toEqual([serviceA.id]);
    const timeline = await get(shelter, `${c.id}/timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(leaks(timeline.body)).toEqual([]);

    // Writing about B is refused as if B were not there.
    expect(code(await post(shelter, `${c.id}/services`, { casePersonId: b.id, service: 'shelter', status: 'planned' }))).toEqual([404, 'CASE_PERSON_NOT_FOUND']);
    const patchB = await t.as(shelter, { method: 'PATCH', url: `/api/v1/cases/${c.id}/services/${serviceB.id}`, payload: { version: serviceB.version, status: 'in_progress' } });
    expect(code(patchB)).toEqual([404, 'CASE_SERVICE_NOT_FOUND']);
    ok(await post(shelter, `${c.id}/services`, { casePersonId: a.id, service: 'medical_care', status: 'planned' }), 201);

    // The case side is unchanged: everybody, with identity.
    const full = await kase(c.id);
    expect(full).toMatchObject({ victims: 2, involvesChild: true, exploitationTypes: ['ForcedLabour', 'SexualExploitation'] });
    expect(full.persons.map((p) => p.id).sort()).toEqual([a.id, b.id, guardianA, guardianB].sort());
    expect(ok(await get(cri, `${c.id}/persons/${b.id}/identity`)).givenName).toBe('Bobby');
    expect(ok(await get(cri, `${c.id}/follow-ups`)).items.length).toBeGreaterThan(0);
  });

  it('identity search: a recipient finds only the victims of its referrals that share identity', async () => {
    const { c, a, docA, docB } = await twoVictims();
    await consent(c.id, a.id);
    await refer(c.id, a.id, ['services']);
    const search = async (s: Signed, payload: object) => {
      const items = ok(await t.as(s, { method: 'POST', url: '/api/v1/cases/search', payload })).items as { id: string; casePersonIds: string[] }[];
      return items.filter((i) => i.id === c.id).map((i) => i.casePersonIds);
    };
    // Services only: the search confirms nothing about anyone in the case.
    for (const q of [{ document: docA }, { document: docB }, { name: 'Alice' }, { name: 'Bobby' }]) expect([q, await search(shelter, q)]).toEqual([q, []]);

    await refer(c.id, a.id, ['identity'], { service: 'medical_care' });
    expect(await search(shelter, { document: docA })).toEqual([[a.id]]);
    expect(await search(shelter, { name: 'Alice' })).toEqual([[a.id]]);
    expect(await search(shelter, { document: docB })).toEqual([]);
    expect(await search(shelter, { name: 'Bobby' })).toEqual([]);
    // The case side finds both.
    expect((await search(cri, { document: docB })).length).toBe(1);
  });

  it('parts are per victim: identity shared for A does not open B\'s identity, shared for services only', async () => {
    const { c, a, b } = await twoVictims();
    await consent(c.id, a.id);
    await consent(c.id, b.id);
    await refer(c.id, a.id, ['identity', 'trafficking']);
    await refer(c.id, b.id, ['services'], { service: 'medical_care' });
    ok(await post(cri, `${c.id}/persons/${b.id}/events`, { type: 'Exploitation', eventDate: '2025-06-01', place: 'B-PLACE' }), 201);
    const seen = ok(await get(shelter, c.id));
    expect(seen.access.parts).toEqual(['summary', 'identity', 'trafficking', 'services']);
    expect(seen.persons.map((p: Person) => p.id).sort()).toEqual([a.id, b.id].sort());
    const pb = seen.persons.find((p: Person) => p.id === b.id);
    expect(pb.trafficking).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('B-PLACE');
    expect(ok(await get(shelter, `${c.id}/persons/${a.id}/identity`)).givenName).toBe('Alice');
    expect(code(await get(shelter, `${c.id}/persons/${b.id}/identity`))).toEqual([403, 'FORBIDDEN']);
  });

  it('timeline: a recipient sees its own referral, not consent records nor referrals to others', async () => {
    const { c, a, b } = await twoVictims();
    await consent(c.id, a.id);
    await consent(c.id, b.id);
    const other = await refer(c.id, b.id, ['services'], { to: otherShelter, accept: false });
    const mine = await refer(c.id, a.id, ['services']);
    const items = ok(await get(shelter, `${c.id}/timeline`)).items as { kind: string; details: { id?: string } }[];
    const kinds = items.map((i) => i.kind);
    expect(kinds.filter((k) => k.startsWith('consent_'))).toEqual([]);
    expect(kinds).toEqual(expect.arrayContaining(['referral_requested', 'referral_accepted']));
    const referralEntries = items.filter((i) => i.kind.startsWith('referral_') || i.kind === 'transferred');
    expect(new Set(referralEntries.map((i) => i.details.id))).toEqual(new Set([mine.id]));
    expect(JSON.stringify(items)).not.toContain(other.id);
    // The case side still reads everything.
    const all = (ok(await get(cri, `${c.id}/timeline`)).items as { kind: string; details: { id?: string } }[]);
    expect(all.map((i) => i.kind)).toEqual(expect.arrayContaining(['consent_recorded', 'referral_requested']));
    expect(all.some((i) => i.details.id === other.id)).toBe(true);
  });

  it('PATCH of a case person answers without identity-gated text (read through the audited identity route instead)', async () => {
    const { c, a } = await twoVictims();
    ok(await post(cri, `${c.id}/persons/${a.id}/events`, { type: 'Recruitment', eventDate: '2025-05-01', place: 'SECRET-PLACE', description: 'SECRET-DESCRIPTION' }), 201);
    ok(await post(cri, `${c.id}/screenings`, {
      version: (await kase(c.id)).version, casePersonId: a.id, screenedAt: ago(10 * H), language: 'tha', interpreterUsed: false, answers: { 'ilo.deception': 'yes' },
    }), 201);
    ok(await post(cri, `${c.id}/persons/${a.id}/identification`, {
      version: (await kase(c.id)).version, decision: 'ActualVictimOfTrafficking', decidingOrgType: 'NonPoliceGovernmentalOrganization',
      identifiedAt: ago(2 * H), reasons: 'SECRET-REASONS',
    }));
    ok(await post(cri, `${c.id}/persons/${a.id}/return`, { version: (await kase(c.id)).version, kind: 'repatriation', date: today(), country: 'MMR', travelDocuments: 'SECRET-DOCS' }));
    const before = (await kase(c.id)).persons.find((p) => p.id === a.id)!;
    const r = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}/persons/${a.id}`, payload: { version: before.version, estimatedAge: 31 } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ estimatedAge: 31, protection: { identificationReasons: null }, return: { travelDocuments: null } });
    expect(r.json().trafficking.events).toHaveLength(1);
    expect(r.json().trafficking.events[0].place).toBeUndefined();
    expect(r.body).not.toContain('SECRET');
    // The case itself (its own audited read) still shows them to whoever may read identity.
    expect(JSON.stringify(await kase(c.id))).toContain('SECRET-PLACE');
  });
});
