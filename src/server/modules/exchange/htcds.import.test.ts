import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema/index.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';

const URL_ = '/api/v1/exchange/htcds/cases';
type Rec = Record<string, unknown> & { id: string; persons: (Record<string, unknown> & { id: string })[] };

async function makeToken(t: TestContext, organisationId: string, permissions: string[]): Promise<string> {
  const tok = newTokenSecret();
  await t.database.db.insert(apiTokens).values({
    organisationId, name: `import test ${permissions.join(',')}`, tokenHash: tok.hash, prefix: tok.prefix, permissions,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return tok.token;
}
const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });

const identityKeys = ['prs_FirstName', 'prs_SecondName', 'prs_IdentityNumber', 'prs_MobilePhone', 'prs_MailingStreet'];
/** The person without its identity fields (what a sender without identity permission may send). */
function anonymised<T extends Record<string, unknown>>(p: T): T {
  return Object.fromEntries(Object.entries(p).filter(([k]) => !identityKeys.includes(k))) as T;
}

/** Everything the exchange carries, minus what belongs to the system that holds the record. */
function comparable(items: Rec[]) {
  return items
    .map(({ caseNumber: _n, updatedAt: _u, cas_CaseOwner: _o, ...rest }) => rest)
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('POST /api/v1/exchange/htcds/cases: HTCDS import', () => {
  let source: TestContext;
  let target: TestContext;
  let exported: Rec[];
  let srcOfficer: Signed;
  let org57: string;
  let org63: string;
  let writer: string;
  let writerNoIdentity: string;
  let readerOnly: string;
  let national: string;

  const post = (tok: string | null, payload: unknown, headers: Record<string, string> = {}) =>
    target.as(null, { method: 'POST', url: URL_, payload: payload as object, headers: { ...(tok ? bearer(tok) : {}), ...headers } });
  const exportAll = async (t: TestContext, tok: string) => {
    const r = await t.as(null, { method: 'GET', url: `${URL_}?limit=200`, headers: bearer(tok) });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as Rec[];
  };
  const count = async (table: string) => (await target.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    // The sending system: cases with identity, trafficking details, events, plans and consents.
    source = await createTestContext();
    const srcOrg = await source.org({ provinceCode: '57' });
    srcOfficer = await source.login(await source.user(['provincial_officer'], { organisationId: srcOrg }));
    const as = (req: { method: string; url: string; payload?: object }) => source.as(srcOfficer, req);
    const version = async (id: string) => (await as({ method: 'GET', url: `/api/v1/cases/${id}` })).json().version as number;
    async function open(persons: object[]) {
      const r = await as({ method: 'POST', url: '/api/v1/cases', payload: { persons } });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string; persons: { id: string; version: number }[] };
    }
    async function consent(caseId: string, casePersonId: string, extra: object = {}) {
      const r = await as({
        method: 'POST', url: `/api/v1/cases/${caseId}/consents`,
        payload: { version: await version(caseId), givenAt: new Date(Date.now() - 60_000).toISOString(), method: 'written', givenBy: 'victim', casePersonId, purposes: ['data_processing', 'sharing'], ...extra },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const a = await open([{
      role: 'victim', givenName: 'สมชาย', familyName: 'ใจดี', gender: 'Masculine', birthDate: '1990-05-01', nationality: 'MMR',
      languages: ['mya', 'tha', 'eng'], documentType: 'passport', documentNumber: 'MC 998877', phone: '+66 81 234 5678', address: 'แม่สาย เชียงราย',
      vulnerabilities: ['Poverty', 'Migration'],
    }, { role: 'victim', givenName: 'สมหญิง', gender: 'Feminine', birthDate: '1995-01-02', nationality: 'THA', nationalId: '1101700230708' }]);
    for (const p of a.persons) {
      const upd = await as({
        method: 'PATCH', url: `/api/v1/cases/${a.id}/persons/${p.id}`,
        payload: { version: p.version, trafficking: {
          exploitationTypes: ['ForcedLabour'], meansOfControl: ['DebtBondage', 'ExcessiveWorkingHours'], recruitmentMethods: ['ThroughOnlineSocialNetworks'],
          industry: 'A_AgricultureForestryAndFishing', relationshipToTrafficker: 'Acquainted', recruitmentApps: ['Facebook'], ageWhenTrafficked: 28,
        } },
      });
      expect(upd.statusCode, upd.body).toBe(200);
      for (const ev of [{ type: 'Recruitment', eventDate: '2025-03-01', country: 'MMR' }, { type: 'Exploitation', eventDate: '2025-04-01', country: 'THA', provinceCode: '57' }]) {
        const r = await as({ method: 'POST', url: `/api/v1/cases/${a.id}/persons/${p.id}/events`, payload: ev });
        expect(r.statusCode, r.body).toBe(201);
      }
      for (const service of ['shelter', 'medical_care', 'education']) {
        const r = await as({ method: 'POST', url: `/api/v1/cases/${a.id}/services`, payload: { version: await version(a.id), casePersonId: p.id, service, plannedEnd: '2026-12-31' } });
        expect(r.statusCode, r.body).toBe(201);
      }
      await consent(a.id, p.id);
    }
    const child = await open([{ role: 'victim', givenName: 'อ่อง', gender: 'Feminine', birthDate: '2012-06-01', nationality: 'MMR', languages: ['mya'] }]);
    const g = await as({ method: 'POST', url: `/api/v1/cases/${child.id}/persons`, payload: { role: 'guardian', guardianOf: child.persons[0]!.id, givenName: 'แม่', gender: 'Feminine', estimatedAge: 40 } });
    expect(g.statusCode, g.body).toBe(201);
    const ts = await as({
      method: 'PATCH', url: `/api/v1/cases/${child.id}/persons/${child.persons[0]!.id}`,
      payload: { version: child.persons[0]!.version, trafficking: { exploitationTypes: ['SexualExploitation'], sexExploitationTypes: ['Pornography'], exploitationApps: ['Line'] } },
    });
    expect(ts.statusCode, ts.body).toBe(200);
    await consent(child.id, child.persons[0]!.id, { givenBy: 'guardian', guardianCasePersonId: g.json().id });
    const tokenA = await makeToken(source, srcOrg, ['exchange.read', 'case.identity.read']);
    exported = await exportAll(source, tokenA);
    expect(exported).toHaveLength(2);

    // The receiving system: an empty database with its own data key.
    target = await createTestContext();
    org57 = await target.org({ provinceCode: '57' });
    org63 = await target.org({ provinceCode: '63' });
    const national0 = await target.org({ provinceCode: null, level: 'national' });
    writer = await makeToken(target, org57, ['exchange.read', 'exchange.write', 'case.identity.read']);
    writerNoIdentity = await makeToken(target, org63, ['exchange.read', 'exchange.write']);
    readerOnly = await makeToken(target, org57, ['exchange.read']);
    national = await makeToken(target, national0, ['exchange.write']);
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('bad records: 422 with a report naming each record and field in English and Thai, and nothing written', async () => {
    const good = exported[0]!;
    const unknownValue = { ...exported[1]!, persons: [{ ...exported[1]!.persons[0]!, vic_TypeOfExploitation: ['Slavery'] }] };
    const unknownField = { ...good, id: 'x-1', persons: [{ ...good.persons[0]!, id: 'x-1-p', prs_ShoeSize: 42 }] };
    const badCodes = {
      ...good, id: 'x-2',
      persons: [{ ...good.persons[0]!, id: 'x-2-p', prs_Citizenship: ['XXX'], prs_PrimaryLanguage: 'zzz', events: [{ hte_Type: 'Transit', hte_Date: '2025-01-01', hte_Country: 'THA', hte_State: '99' }] }],
    };
    const noConsent = { ...good, id: 'x-3', persons: [{ ...good.persons[0]!, id: 'x-3-p', con_Consent: false }] };
    const before = { cases: await count('cases'), persons: await count('persons'), audit: await count('audit_log') };
    const r = await post(writer, { cases: [good, unknownValue, unknownField, badCodes, noConsent, 'not a record'] });
    expect(r.statusCode, r.body).toBe(422);
    const body = r.json();
    expect(body.error.code).toBe('HTCDS_IMPORT_HAS_ERRORS');
    expect(body.error.messageTh).toMatch(/ไม่ได้นำเข้า/);
    const rep = body.report;
    expect(rep).toMatchObject({ records: 6, invalid: 5, committed: false });
    const res = rep.results as { index: number; outcome: string; errors: { path: string; message: string; messageTh: string }[] }[];
    expect(res[0]!.outcome).toBe('created');
    expect(res[1]!.errors.map((e) => e.path)).toEqual(['persons.0.vic_TypeOfExploitation.0']);
    expect(res[2]!.errors).toEqual([expect.objectContaining({ path: 'persons.0.prs_ShoeSize', messageTh: expect.stringMatching(/HTCDS/) })]);
    expect(res[3]!.errors.map((e) => e.path).sort()).toEqual(['persons.0.events.0.hte_State', 'persons.0.prs_Citizenship.0', 'persons.0.prs_PrimaryLanguage']);
    expect(res[4]!.errors[0]!.path).toBe('persons.0.con_Consent');
    expect(res[5]!.errors[0]).toMatchObject({ path: '' });
    for (const e of res.flatMap((x) => x.errors)) expect(e.messageTh.length).toBeGreaterThan(0);
    expect({ cases: await count('cases'), persons: await count('persons'), audit: await count('audit_log') }).toEqual(before);
  });

  it('export → import into an empty database → export gives the same records (ids kept)', async () => {
    const r = await post(writer, { cases: exported });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ records: 2, created: 2, updated: 0, invalid: 0, committed: true });
    const again = await exportAll(target, writer);
    expect(comparable(again)).toEqual(comparable(exported));
    // The new cases are numbered by the receiving province; the sender's owner is not a user here.
    expect(again.every((c) => /^57-\d{4}-\d{5}$/.test(c.caseNumber as string) && c.cas_CaseOwner === null)).toBe(true);
    const [audit] = await target.database.query<{ details: Record<string, unknown>; actor_token_id: string | null }>(
      "SELECT details, actor_token_id FROM audit_log WHERE action = 'exchange.htcds_imported' ORDER BY seq DESC LIMIT 1");
    expect(audit!.actor_token_id).not.toBeNull();
    expect(audit!.details).toMatchObject({ records: 2, created: 2, provinceCode: '57' });
    // Identity is stored encrypted and searchable by its blind index, never in clear.
    const raw = JSON.stringify(await target.database.query('SELECT * FROM persons'));
    expect(raw).not.toMatch(/สมชาย|MC 998877|1101700230708/);
  });

  it('the same records again update, never duplicate; a changed value is taken', async () => {
    const before = { cases: await count('cases'), persons: await count('persons'), events: await count('case_events'), services: await count('case_services'), consents: await count('consents') };
    const changed = exported.map((c) => ({ ...c, persons: c.persons.map((p) => ({ ...p, vic_MethodsOfControl: ['WithholdsDocuments'] })) }));
    const r = await post(writer, { cases: changed });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 0, updated: 2 });
    expect({ cases: await count('cases'), persons: await count('persons'), events: await count('case_events'), services: await count('case_services'), consents: await count('consents') })
      .toEqual(before);
    const now = await exportAll(target, writer);
    expect(now.flatMap((c) => c.persons.map((p) => p.vic_MethodsOfControl))).toEqual(now.flatMap((c) => c.persons.map(() => ['WithholdsDocuments'])));
  });

  it('skipInvalid imports the good records and reports the bad; dryRun writes nothing', async () => {
    const fresh = (n: number) => ({ ...exported[0]!, id: `partner-case-${n}`, persons: exported[0]!.persons.map((p, i) => ({ ...p, id: `partner-${n}-${i}` })) });
    const bad = { ...fresh(9), persons: [{ ...fresh(9).persons[0]!, prs_Gender: 'Unknown' }] };
    const casesBefore = await count('cases');
    const dry = await post(writer, { dryRun: true, cases: [fresh(1), bad] });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ committed: false, dryRun: true, created: 1, invalid: 1 });
    expect(await count('cases')).toBe(casesBefore);
    const r = await post(writer, { skipInvalid: true, cases: [fresh(1), bad] });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ committed: true, created: 1, invalid: 1 });
    expect(body.results[0].caseNumber).toMatch(/^57-/);
    expect(body.results[1]).toMatchObject({ outcome: 'invalid', caseId: null });
    expect(await count('cases')).toBe(casesBefore + 1);
    // A sender id that is not a UUID gets a new local id.
    expect(body.results[0].caseId).not.toBe('partner-case-1');
  });

  it('identity fields need case.identity.read; ids repeated in a batch are refused', async () => {
    const withName = { ...exported[0]!, id: 'p63-1', persons: [{ ...exported[0]!.persons[0]!, id: 'p63-1-a' }] };
    const r = await post(writerNoIdentity, { cases: [withName] });
    expect(r.statusCode, r.body).toBe(422);
    const paths = r.json().report.results[0].errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['persons.0.prs_FirstName', 'persons.0.prs_IdentityNumber']));
    const anonymous = anonymised(withName.persons[0]!);
    const ok = await post(writerNoIdentity, { cases: [{ ...withName, persons: [anonymous] }] });
    expect(ok.statusCode, ok.body).toBe(200);
    const twice = await post(writerNoIdentity, { cases: [{ ...withName, id: 'dup', persons: [{ ...anonymous, id: 'd1' }] }, { ...withName, id: 'dup', persons: [{ ...anonymous, id: 'd1' }] }] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().report.results[1].errors.map((e: { path: string }) => e.path)).toEqual(['id', 'persons.0.id']);
  });

  it('ids are the sender\'s own: another organisation sending the same ids gets its own cases, and neither touches the other\'s', async () => {
    const rec = { ...exported[0]!, id: 'shared-id-1', persons: [{ ...anonymised(exported[0]!.persons[0]!), id: 'shared-person-1', vic_MethodsOfControl: ['DebtBondage'] }] };
    const a = await post(writerNoIdentity, { cases: [rec] });
    expect(a.statusCode, a.body).toBe(200);
    const otherSender = await makeToken(target, await target.org({ provinceCode: '63' }), ['exchange.read', 'exchange.write']);
    const b = await post(otherSender, { cases: [{ ...rec, persons: [{ ...rec.persons[0]!, vic_MethodsOfControl: ['PhysicalAbuse'] }] }] });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json()).toMatchObject({ created: 1, updated: 0 });
    expect(b.json().results[0].caseId).not.toBe(a.json().results[0].caseId);
    const mine = (await target.as(null, { method: 'GET', url: `${URL_}?limit=200`, headers: bearer(writerNoIdentity) })).json().items as Rec[];
    const first = mine.find((c) => c.id === a.json().results[0].caseId)!;
    expect(first.persons[0]!.vic_MethodsOfControl).toEqual(['DebtBondage']);
  });

  it('province rules: a national caller names the province, a provincial one imports into its own', async () => {
    const rec = { ...exported[0]!, id: 'nat-1', persons: [{ ...exported[0]!.persons[0]!, id: 'nat-1-a' }] };
    const anon = { ...rec, persons: [anonymised(rec.persons[0]!)] };
    const noProvince = await post(national, { cases: [anon] });
    expect(noProvince.statusCode, noProvince.body).toBe(400);
    expect(noProvince.json().error.fields[0].path).toBe('provinceCode');
    expect((await post(national, { provinceCode: '00', cases: [anon] })).statusCode).toBe(422);
    const ok = await post(national, { provinceCode: '63', cases: [anon] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().results[0].caseNumber).toMatch(/^63-/);
    expect((await post(writer, { provinceCode: '63', cases: [anon] })).statusCode).toBe(403);
  });

  it('401 without a token, 403 without exchange.write, 400 on malformed JSON, 413 on a huge body, 400 on an empty batch', async () => {
    expect((await post(null, { cases: [exported[0]] })).statusCode).toBe(401);
    expect((await post(readerOnly, { cases: [exported[0]] })).statusCode).toBe(403);
    const malformed = await target.as(null, { method: 'POST', url: URL_, payload: '{"cases": [', headers: { ...bearer(writer), 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('INVALID_JSON');
    const huge = await target.as(null, { method: 'POST', url: URL_, payload: `{"cases":["${'x'.repeat(17 * 1024 * 1024)}"]}`, headers: { ...bearer(writer), 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await post(writer, { cases: [] })).statusCode).toBe(400);
    expect((await post(writer, { cases: [exported[0]], extra: 1 })).statusCode).toBe(400);
  });

  it('a consent to sharing withdrawn here is not re-attested by the same record sent again: written, warned, not exported', async () => {
    const rec = { ...exported[0]!, id: 'withdrawn-1', persons: [{ ...anonymised(exported[0]!.persons[0]!), id: 'withdrawn-1-a' }] };
    const officer = await target.login(await target.user(['provincial_officer'], { organisationId: org57 }));
    const first = await post(writer, { cases: [rec] });
    expect(first.statusCode, first.body).toBe(200);
    const caseId = first.json().results[0].caseId as string;
    const exportedIds = async () => (await exportAll(target, readerOnly)).map((c) => c.id);
    expect(await exportedIds()).toContain(caseId);
    const list = await target.as(officer, { method: 'GET', url: `/api/v1/cases/${caseId}/consents` });
    expect(list.statusCode, list.body).toBe(200);
    const [attested] = list.json().items as { id: string; method: string }[];
    expect(attested!.method).toBe('partner_attested');
    const version = (await target.as(officer, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().version as number;
    const w = await target.as(officer, { method: 'POST', url: `/api/v1/cases/${caseId}/consents/${attested!.id}/withdraw`, payload: { version } });
    expect(w.statusCode, w.body).toBe(200);
    expect(await exportedIds()).not.toContain(caseId);
    const consentsBefore = await count('consents');

    // A dry run already says so; the import then writes the record (a changed value is taken) without a new consent.
    const dry = await post(writer, { dryRun: true, cases: [rec] });
    expect(dry.statusCode, dry.body).toBe(200);
    const warned = (r: { results: { warnings: { path: string; message: string; messageTh: string }[] }[] }) =>
      r.results[0]!.warnings.filter((x) => x.path === 'persons.0.con_Consent');
    expect(warned(dry.json())).toEqual([{ path: 'persons.0.con_Consent', message: expect.stringMatching(/withdrawn/), messageTh: expect.stringMatching(/ถอน/) }]);
    const again = await post(writer, { cases: [{ ...rec, persons: [{ ...rec.persons[0]!, vic_MethodsOfControl: ['PhysicalAbuse'] }] }] });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: 1, committed: true });
    expect(warned(again.json())).toHaveLength(1);
    expect(await count('consents')).toBe(consentsBefore);
    expect(await exportedIds()).not.toContain(caseId);
    const [person] = await target.database.query<{ means: string[] }>('SELECT means_of_control AS means FROM case_persons WHERE case_id = $1', [caseId]);
    expect(person!.means).toEqual(['PhysicalAbuse']);
    // Records whose consent stands get no such warning.
    expect(warned(first.json())).toEqual([]);
  });

  it('a provincial officer may import into their province and the case is on their list', async () => {
    const officer = await target.login(await target.user(['provincial_officer'], { organisationId: org63 }));
    const rest = anonymised(exported[0]!.persons[0]!);
    const r = await target.as(officer, { method: 'POST', url: URL_, payload: { cases: [{ ...exported[0]!, id: 'officer-1', persons: [{ ...rest, id: 'officer-1-a', prs_FirstName: 'มาลี' }] }] } });
    expect(r.statusCode, r.body).toBe(200);
    const caseId = r.json().results[0].caseId as string;
    const c = await target.as(officer, { method: 'GET', url: `/api/v1/cases/${caseId}` });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json()).toMatchObject({ provinceCode: '63', stage: 'assistance' });
    expect(c.json().team.map((m: { role: string }) => m.role)).toEqual(['case_manager']);
  });
});
