import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema/index.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { fieldKeys, htcdsFieldNames } from './htcds.sheet.js';

const URL_ = '/api/v1/exchange/htcds/cases';

describe('GET /api/v1/exchange/htcds/cases: HTCDS export of consented cases', () => {
  let t: TestContext;
  let cri: Signed;
  let tak: Signed;
  let org57: string;
  let org63: string;
  let token: string;
  let identityToken: string;
  let statsToken: string;
  type Kase = { id: string; version: number; caseNumber: string; persons: { id: string; role: string; version: number }[] };
  const ids: Record<string, string> = {};

  const adult = {
    role: 'victim', givenName: 'สมชาย', familyName: 'ใจดี', latinName: 'Somchai Jaidee', gender: 'Masculine', estimatedAge: 30,
    nationality: 'MMR', languages: ['mya'], documentType: 'passport', documentNumber: 'MC 998877',
  };
  const child = { role: 'victim', givenName: 'อ่อง', familyName: 'ซาน', gender: 'Feminine', estimatedAge: 14, nationality: 'MMR' };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });
  const get = (tok: string | null, query = '') => t.as(null, { method: 'GET', url: `${URL_}${query}`, headers: tok ? bearer(tok) : {} });

  async function openCase(s: Signed, persons: object[]): Promise<Kase> {
    const r = await t.as(s, { method: 'POST', url: '/api/v1/cases', payload: { persons } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }
  const version = async (s: Signed, caseId: string) => (await t.as(s, { method: 'GET', url: `/api/v1/cases/${caseId}` })).json().version as number;
  async function consent(s: Signed, c: Kase, body: Record<string, unknown>): Promise<string> {
    const r = await t.as(s, {
      method: 'POST', url: `/api/v1/cases/${c.id}/consents`,
      payload: { version: await version(s, c.id), givenAt: minutesAgo(30), method: 'written', givenBy: 'victim', casePersonId: c.persons[0]!.id, ...body },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id;
  }
  async function makeToken(organisationId: string, permissions: string[]): Promise<string> {
    const tok = newTokenSecret();
    await t.database.db.insert(apiTokens).values({
      organisationId, name: `exchange test ${permissions.join(',')}`, tokenHash: tok.hash, prefix: tok.prefix, permissions,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    return tok.token;
  }

  beforeAll(async () => {
    t = await createTestContext();
    org57 = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    org63 = await t.org({ provinceCode: '63', nameEn: 'Tak centre' });
    cri = await t.login(await t.user(['provincial_officer'], { organisationId: org57 }));
    tak = await t.login(await t.user(['provincial_officer'], { organisationId: org63 }));
    token = await makeToken(org57, ['exchange.read']);
    identityToken = await makeToken(org57, ['exchange.read', 'case.identity.read']);
    statsToken = await makeToken(org57, ['stats.read']);

    // Shared: an adult victim's sharing consent, with trafficking details, an event and a service.
    const shared = await openCase(cri, [adult]);
    ids.shared = shared.id;
    const v = shared.persons[0]!;
    const upd = await t.as(cri, {
      method: 'PATCH', url: `/api/v1/cases/${shared.id}/persons/${v.id}`,
      payload: { version: v.version, trafficking: { exploitationTypes: ['ForcedLabour'], meansOfControl: ['DebtBondage'], industry: 'A_AgricultureForestryAndFishing' } },
    });
    expect(upd.statusCode, upd.body).toBe(200);
    const ev = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${shared.id}/persons/${v.id}/events`, payload: { type: 'Recruitment', eventDate: '2025-03-01', country: 'MMR' } });
    expect(ev.statusCode, ev.body).toBe(201);
    const svc = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${shared.id}/services`, payload: { version: await version(cri, shared.id), casePersonId: v.id, service: 'education', plannedEnd: '2026-12-31' } });
    expect(svc.statusCode, svc.body).toBe(201);
    await consent(cri, shared, { purposes: ['data_processing', 'sharing'] });

    // Not shared: consent for referral only; sharing consent withdrawn; a child's own consent; no victim at all.
    const referralOnly = await openCase(cri, [adult]);
    ids.referralOnly = referralOnly.id;
    await consent(cri, referralOnly, { purposes: ['referral'] });
    const withdrawn = await openCase(cri, [adult]);
    ids.withdrawn = withdrawn.id;
    const cid = await consent(cri, withdrawn, { purposes: ['sharing'] });
    const w = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${withdrawn.id}/consents/${cid}/withdraw`, payload: { version: await version(cri, withdrawn.id) } });
    expect(w.statusCode, w.body).toBe(200);
    const childOwn = await openCase(cri, [child]);
    ids.childOwn = childOwn.id;
    await consent(cri, childOwn, { purposes: ['sharing'] });
    ids.empty = (await openCase(cri, [])).id;
    // Two victims, only one consented: the case stays home.
    const half = await openCase(cri, [adult, { ...adult, givenName: 'สมศรี', documentNumber: 'MC 111' }]);
    ids.half = half.id;
    await consent(cri, half, { purposes: ['sharing'] });

    // Shared: a child with a guardian's sharing consent.
    const childG = await openCase(cri, [child]);
    ids.childGuardian = childG.id;
    const g = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${childG.id}/persons`, payload: { role: 'guardian', guardianOf: childG.persons[0]!.id, givenName: 'แม่', gender: 'Feminine', estimatedAge: 40 } });
    expect(g.statusCode, g.body).toBe(201);
    await consent(cri, childG, { purposes: ['sharing'], givenBy: 'guardian', guardianCasePersonId: g.json().id });

    // Another province's consented case.
    const other = await openCase(tak, [adult]);
    ids.tak = other.id;
    await consent(tak, other, { purposes: ['sharing'] });
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('exports only the caller\'s cases whose victims all consented to sharing, with HTCDS field names and codes', async () => {
    const r = await get(token, '?limit=200');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    const got = body.items.map((c: { id: string }) => c.id).sort();
    expect(got).toEqual([ids.shared, ids.childGuardian].sort());
    expect(body.nextCursor).toBeNull();
    const known = htcdsFieldNames();
    expect([...fieldKeys(body.items)].filter((k) => !known.has(k))).toEqual([]);
    const shared = body.items.find((c: { id: string }) => c.id === ids.shared);
    expect(shared).toMatchObject({ cas_Status: 'Active' });
    expect(shared.persons).toHaveLength(1);
    expect(shared.persons[0]).toMatchObject({
      prs_Gender: 'Masculine', prs_Citizenship: ['MMR'], prs_PrimaryLanguage: 'mya', vic_TypeOfExploitation: ['ForcedLabour'],
      vic_MethodsOfControl: ['DebtBondage'], vic_ForcedLabourIndustry: 'A_AgricultureForestryAndFishing', con_Consent: true,
      events: [{ hte_Type: 'Recruitment', hte_Date: '2025-03-01', hte_Country: 'MMR' }],
      supportPlans: [{ spl_Type: 'Education', spl_PlannedEndDate: '2026-12-31' }],
    });
    // The guardian of the child is not exported.
    const childCase = body.items.find((c: { id: string }) => c.id === ids.childGuardian);
    expect(childCase.persons).toHaveLength(1);
  });

  it('leaves identity out without case.identity.read, and does not audit an identity read', async () => {
    const before = await identityReads();
    const r = await get(token);
    const text = r.body;
    expect(text).not.toMatch(/สมชาย|ใจดี|Somchai|MC 998877|อ่อง/);
    expect(text).not.toMatch(/prs_FirstName|prs_SecondName|prs_IdentityNumber/);
    expect(await identityReads()).toBe(before);
  });

  it('with case.identity.read: names and document numbers, each read audited with ids only', async () => {
    const before = await identityReads();
    const r = await get(identityToken);
    expect(r.statusCode, r.body).toBe(200);
    const shared = r.json().items.find((c: { id: string }) => c.id === ids.shared);
    expect(shared.persons[0]).toMatchObject({ prs_FirstName: 'สมชาย', prs_SecondName: 'ใจดี', prs_IdentityNumber: 'MC 998877' });
    expect(await identityReads()).toBe(before + 2);
    const rows = await t.database.query<{ details: Record<string, unknown>; actor_token_id: string | null }>(
      "SELECT details, actor_token_id FROM audit_log WHERE action = 'case.person_identity_viewed' ORDER BY seq DESC LIMIT 2");
    expect(rows.every((x) => x.actor_token_id && x.details.via === 'htcds_export')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/สมชาย|ใจดี|MC 998877/);
  });

  it('every export is audited with who, the filter and how many cases', async () => {
    const since = '2020-01-01T00:00:00Z';
    expect((await get(token, `?since=${since}&limit=1`)).statusCode).toBe(200);
    const [row] = await t.database.query<{ details: Record<string, unknown>; actor_token_id: string | null; actor_organisation_id: string }>(
      "SELECT details, actor_token_id, actor_organisation_id FROM audit_log WHERE action = 'exchange.htcds_exported' ORDER BY seq DESC LIMIT 1");
    expect(row!.actor_token_id).not.toBeNull();
    expect(row!.actor_organisation_id).toBe(org57);
    expect(row!.details).toMatchObject({ since, limit: 1, cases: 1, identity: false, more: true });
  });

  it('pages by update time then id, and since filters on update time', async () => {
    const first = await get(token, '?limit=1');
    const a = first.json();
    expect(a.items).toHaveLength(1);
    expect(a.nextCursor).toBeTruthy();
    const b = (await get(token, `?limit=1&cursor=${a.nextCursor}`)).json();
    expect(b.items).toHaveLength(1);
    expect(b.nextCursor).toBeNull();
    expect([a.items[0].id, b.items[0].id].sort()).toEqual([ids.shared, ids.childGuardian].sort());
    expect(a.items[0].updatedAt <= b.items[0].updatedAt).toBe(true);
    // since = the second's updated time: only it (and anything later).
    const later = (await get(token, `?since=${encodeURIComponent(b.items[0].updatedAt)}`)).json();
    expect(later.items.map((c: { id: string }) => c.id)).toEqual([b.items[0].id]);
    const future = (await get(token, `?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).json();
    expect(future.items).toEqual([]);
  });

  it('another province\'s token sees its own consented case only', async () => {
    const tak63 = await makeToken(org63, ['exchange.read']);
    const r = (await get(tak63)).json();
    expect(r.items.map((c: { id: string }) => c.id)).toEqual([ids.tak]);
    const mine = (await get(token, '?limit=200')).json();
    expect(mine.items.some((c: { id: string }) => c.id === ids.tak)).toBe(false);
  });

  it('401 without credentials, 403 without exchange.read, 400 on a bad since or cursor', async () => {
    expect((await get(null)).statusCode).toBe(401);
    expect((await get('phk_not_a_token')).statusCode).toBe(401);
    expect((await get(statsToken)).statusCode).toBe(403);
    // Of the staff roles, the provincial centre's officers exchange with partners (their own province's cases).
    const officer = await t.as(cri, { method: 'GET', url: `${URL_}?limit=200` });
    expect(officer.statusCode).toBe(200);
    expect(officer.json().items.some((c: { id: string }) => c.id === ids.tak)).toBe(false);
    const analyst = await t.login(await t.user(['national_analyst'], { organisationId: await t.org({ provinceCode: null, level: 'national' }) }));
    expect((await t.as(analyst, { method: 'GET', url: URL_ })).statusCode).toBe(403);
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-01']) {
      const r = await get(token, `?since=${encodeURIComponent(bad)}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await get(token, '?limit=0')).statusCode).toBe(400);
    const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
    for (const c of ['nonsense|x', `2026-01-01T00:00:00Z|${'-'.repeat(36)}`, '+275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000', 'no-bar']) {
      expect((await get(token, `?cursor=${cursorOf(c)}`)).statusCode, c).toBe(400);
    }
    // Extreme but well-formed instants answer, never 5xx.
    for (const s of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-01-01T00:00:00+07:00']) {
      expect((await get(token, `?since=${encodeURIComponent(s)}`)).statusCode, s).toBe(200);
    }
  });

  it('is documented in OpenAPI with its permission, query and response schema', () => {
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const op = doc.paths[URL_]!.get! as { 'x-permission': string; parameters: { name: string }[]; responses: Record<string, { content?: unknown }> };
    expect(op['x-permission']).toBe('exchange.read');
    expect(op.parameters.map((p) => p.name).sort()).toEqual(['cursor', 'limit', 'since']);
    expect(JSON.stringify(op.responses['200']?.content)).toContain('vic_TypeOfExploitation');
  });

  async function identityReads(): Promise<number> {
    const [r] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.person_identity_viewed'");
    return r!.n;
  }
});
