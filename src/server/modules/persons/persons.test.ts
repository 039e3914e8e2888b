import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';

const API = '/api/v1';

/** A Thai national ID with a valid check digit: Σ dᵢ·(13−i) over the first 12 digits, check = (11 − sum mod 11) mod 10. */
function thaiNationalId(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return first12 + String((11 - (sum % 11)) % 10);
}

function err(res: LightMyRequestResponse) {
  return (res.json() as { error: { code: string; fields?: { path: string; message: string }[] } }).error;
}

describe('persons', () => {
  let t: TestContext;
  let officer: TestUser;
  let officerSession: Signed;
  let personId: string;
  const nationalId = thaiNationalId('110370012345');
  const identity = {
    givenName: 'สมหญิง',
    familyName: 'ศรีสุวรรณภูมิ',
    nationalId,
    phone: '+66 81-234-5678',
    address: '99/1 หมู่ 4 ตำบลเวียงพางคำ อำเภอแม่สาย จังหวัดเชียงราย 57130',
  };

  const countPersons = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM persons'))[0]!.n;

  beforeAll(async () => {
    t = await createTestContext();
    officer = await t.user(['provincial_officer'], { provinceCode: '57' });
    officerSession = await t.login(officer);
  });
  afterAll(async () => { await t.close(); });

  it('generates valid IDs for the test (the check digit really is checked)', () => {
    expect(nationalId).toMatch(/^\d{13}$/);
    expect(thaiNationalId('110170020305')).toBe('1101700203051');
  });

  it('a provincial officer records a person; 201 with the summary only', async () => {
    const res = await t.as(officerSession, {
      method: 'POST', url: `${API}/persons`, payload: { ...identity, sex: 'female', estimatedAge: 14, nationality: 'THA' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json() as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.any(String), organisationId: officer.organisationId, provinceCode: '57', sex: 'female', birthDate: null,
      estimatedAge: 14, child: true, nationality: 'THA', hasNationalId: true, version: 1, createdAt: expect.any(String),
    });
    for (const v of Object.values(identity)) expect(res.body).not.toContain(v);
    personId = body.id as string;

    const audit = await t.database.query<{ actor_user_id: string; request_id: string }>(
      "SELECT actor_user_id, request_id FROM audit_log WHERE action = 'person.created' AND target_id = $1", [personId]);
    expect(audit).toEqual([{ actor_user_id: officer.id, request_id: res.headers['x-request-id'] }]);
  });

  it('stores no identity in plain text; the national ID has a blind index', async () => {
    const rows = await t.database.query<Record<string, string | null>>('SELECT * FROM persons WHERE id = $1', [personId]);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    for (const col of ['given_name_enc', 'family_name_enc', 'national_id_enc', 'phone_enc', 'address_enc']) {
      expect(row[col], col).toMatch(/^v1:/);
    }
    const asText = (await t.database.query<{ j: string }>('SELECT row_to_json(p)::text AS j FROM persons p WHERE id = $1', [personId]))[0]!.j;
    for (const v of [...Object.values(identity), '1103700123', '81-234-5678', 'สมหญิง', 'เวียงพางคำ']) expect(asText).not.toContain(v);
    expect(row.national_id_index).toBe(t.cipher.blindIndex('thai-national-id', nationalId));
    expect(row.national_id_index).not.toContain(nationalId);
    expect(t.cipher.decrypt(row.given_name_enc!)).toBe(identity.givenName);
    expect(row.created_by).toBe(officer.id);
    expect(row.organisation_id).toBe(officer.organisationId);
    expect(row.province_code).toBe('57');
  });

  it('refuses a national ID with a wrong check digit: 400 with the field path, nothing written', async () => {
    const before = await countPersons();
    const last = Number(nationalId[12]);
    const bad = nationalId.slice(0, 12) + String((last + 1) % 10);
    for (const id of [bad, '12345', 'abcdefghijklm']) {
      const res = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload: { givenName: 'ทดสอบ', nationalId: id } });
      expect(res.statusCode).toBe(400);
      expect(err(res).code).toBe('VALIDATION_FAILED');
      expect(err(res).fields?.map((f) => f.path)).toEqual(['nationalId']);
    }
    expect(await countPersons()).toBe(before);
  });

  it('accepts a national ID written with dashes and spaces, stored by its digits', async () => {
    const id = thaiNationalId('310050123456');
    const formatted = `${id[0]}-${id.slice(1, 5)}-${id.slice(5, 10)} ${id.slice(10, 12)}-${id[12]}`;
    const res = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload: { nationalId: formatted } });
    expect(res.statusCode).toBe(201);
    const [row] = await t.database.query<{ national_id_index: string; national_id_enc: string }>(
      'SELECT national_id_index, national_id_enc FROM persons WHERE id = $1', [(res.json() as { id: string }).id]);
    expect(row!.national_id_index).toBe(t.cipher.blindIndex('thai-national-id', id));
    expect(t.cipher.decrypt(row!.national_id_enc)).toBe(id);
  });

  it('refuses an unknown province with 422 UNKNOWN_PROVINCE and writes nothing', async () => {
    const before = await countPersons();
    const auditBefore = (await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.created'"))[0]!.n;
    const res = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload: { ...identity, provinceCode: '99' } });
    expect(res.statusCode).toBe(422);
    expect(err(res)).toMatchObject({ code: 'UNKNOWN_PROVINCE', fields: [{ path: 'provinceCode' }] });
    expect(await countPersons()).toBe(before);
    expect((await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.created'"))[0]!.n).toBe(auditBefore);
  });

  it('refuses an unknown nationality with 422 and unknown fields with 400', async () => {
    const before = await countPersons();
    const country = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload: { nationality: 'XYZ' } });
    expect(country.statusCode).toBe(422);
    expect(err(country).code).toBe('UNKNOWN_COUNTRY');
    const extra = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload: { givenName: 'ก', religion: 'x' } });
    expect(extra.statusCode).toBe(400);
    expect(err(extra).code).toBe('VALIDATION_FAILED');
    expect(await countPersons()).toBe(before);
  });

  it('returns the decrypted identity and audits the viewing without the values', async () => {
    const res = await t.as(officerSession, { method: 'GET', url: `${API}/persons/${personId}/identity` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(identity);
    const audit = await t.database.query<{ actor_user_id: string; target_type: string; request_id: string; details: unknown; outcome: string }>(
      "SELECT actor_user_id, target_type, request_id, details, outcome FROM audit_log WHERE action = 'person.identity_viewed' AND target_id = $1",
      [personId]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: officer.id, target_type: 'person', request_id: res.headers['x-request-id'], outcome: 'success' });
    const all = (await t.database.query<{ j: string }>('SELECT coalesce(string_agg(details::text, \'\'), \'\') AS j FROM audit_log'))[0]!.j;
    for (const v of Object.values(identity)) expect(all).not.toContain(v);
  });

  it('a national analyst sees the summary but not the identity', async () => {
    const analyst = await t.user(['national_analyst'], { provinceCode: null });
    const s = await t.login(analyst);
    const identityRes = await t.as(s, { method: 'GET', url: `${API}/persons/${personId}/identity` });
    expect(identityRes.statusCode).toBe(403);
    expect(err(identityRes).code).toBe('FORBIDDEN');
    for (const v of Object.values(identity)) expect(identityRes.body).not.toContain(v);
    const denied = await t.database.query<{ details: { permission: string } }>(
      "SELECT details FROM audit_log WHERE action = 'access.denied' AND actor_user_id = $1", [analyst.id]);
    expect(denied.map((d) => d.details.permission)).toEqual(['person.identity.read']);
    const lookup = await t.as(s, { method: 'POST', url: `${API}/persons/lookup`, payload: { nationalId } });
    expect(lookup.statusCode).toBe(403);

    const summary = await t.as(s, { method: 'GET', url: `${API}/persons/${personId}` });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({ id: personId, child: true, hasNationalId: true });
    const list = (await t.as(s, { method: 'GET', url: `${API}/persons` })).json() as { items: { id: string }[] };
    expect(list.items.map((p) => p.id)).toContain(personId);
  });

  it('an officer of another province gets 404 (not 403) and does not see it in the list', async () => {
    const other = await t.user(['provincial_officer'], { provinceCode: '63' });
    const s = await t.login(other);
    for (const url of [`${API}/persons/${personId}`, `${API}/persons/${personId}/identity`]) {
      const res = await t.as(s, { method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(err(res).code).toBe('PERSON_NOT_FOUND');
    }
    // Their own province's records are visible.
    const own = await t.as(s, { method: 'POST', url: `${API}/persons`, payload: { sex: 'male' } });
    expect(own.statusCode).toBe(201);
    const ownId = (own.json() as { id: string }).id;
    const list = (await t.as(s, { method: 'GET', url: `${API}/persons?limit=500` })).json() as { items: { id: string; provinceCode: string }[] };
    expect(list.items.map((p) => p.id)).toContain(ownId);
    expect(list.items.map((p) => p.id)).not.toContain(personId);
    expect(new Set(list.items.map((p) => p.provinceCode))).toEqual(new Set(['63']));
    const lookup = await t.as(s, { method: 'POST', url: `${API}/persons/lookup`, payload: { nationalId } });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toEqual({ items: [] });
    // And the first officer does not see the other province's record.
    expect((await t.as(officerSession, { method: 'GET', url: `${API}/persons/${ownId}` })).statusCode).toBe(404);
  });

  it('an MDT member of another organisation sees the person only once on its team', async () => {
    const mdt = await t.user(['mdt_member'], { provinceCode: '57' });
    expect(mdt.organisationId).not.toBe(officer.organisationId);
    const s = await t.login(mdt);
    expect((await t.as(s, { method: 'GET', url: `${API}/persons/${personId}` })).statusCode).toBe(404);
    expect((await t.as(s, { method: 'GET', url: `${API}/persons/${personId}/identity` })).statusCode).toBe(404);
    const listBefore = (await t.as(s, { method: 'GET', url: `${API}/persons` })).json() as { items: { id: string }[] };
    expect(listBefore.items.map((p) => p.id)).not.toContain(personId);

    await t.database.query(
      "INSERT INTO team_memberships (record_type, record_id, user_id) VALUES ('person', $1, $2)", [personId, mdt.id]);
    const summary = await t.as(s, { method: 'GET', url: `${API}/persons/${personId}` });
    expect(summary.statusCode).toBe(200);
    expect((summary.json() as { id: string }).id).toBe(personId);
    const ident = await t.as(s, { method: 'GET', url: `${API}/persons/${personId}/identity` });
    expect(ident.statusCode).toBe(200);
    expect(ident.json()).toEqual(identity);
    const listAfter = (await t.as(s, { method: 'GET', url: `${API}/persons` })).json() as { items: { id: string }[] };
    expect(listAfter.items.map((p) => p.id)).toEqual([personId]);

    // A membership on another record type does not open this one.
    const mdt2 = await t.user(['mdt_member'], { provinceCode: '57' });
    await t.database.query("INSERT INTO team_memberships (record_type, record_id, user_id) VALUES ('case', $1, $2)", [personId, mdt2.id]);
    const s2 = await t.login(mdt2);
    expect((await t.as(s2, { method: 'GET', url: `${API}/persons/${personId}` })).statusCode).toBe(404);
  });

  it('finds the person by national ID through the blind index, and audits the look-up', async () => {
    const res = await t.as(officerSession, { method: 'POST', url: `${API}/persons/lookup`, payload: { nationalId } });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { id: string; hasNationalId: boolean }[] }).items;
    expect(items.map((p) => p.id)).toEqual([personId]);
    expect(res.body).not.toContain(identity.givenName);
    const audit = await t.database.query<{ details: { matches: number; ids: string[] } }>(
      "SELECT details FROM audit_log WHERE action = 'person.lookup' AND request_id = $1", [res.headers['x-request-id']]);
    expect(audit).toEqual([{ details: { matches: 1, ids: [personId] } }]);
    expect(JSON.stringify(audit)).not.toContain(nationalId);

    const none = await t.as(officerSession, { method: 'POST', url: `${API}/persons/lookup`, payload: { nationalId: thaiNationalId('999999999999') } });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ items: [] });
    const invalid = await t.as(officerSession, { method: 'POST', url: `${API}/persons/lookup`, payload: { nationalId: nationalId.slice(0, 12) } });
    expect(invalid.statusCode).toBe(400);
    expect(err(invalid).fields?.[0]?.path).toBe('nationalId');
  });

  it('derives the child flag from the estimated age and the birth date', async () => {
    const cases: [Record<string, unknown>, boolean | null][] = [
      [{ estimatedAge: 14 }, true],
      [{ estimatedAge: 17 }, true],
      [{ estimatedAge: 18 }, false],
      [{}, null],
      [{ birthDate: `${new Date().getUTCFullYear() - 10}-01-01` }, true],
      [{ birthDate: `${new Date().getUTCFullYear() - 30}-01-01`, estimatedAge: 10 }, false],
    ];
    for (const [payload, child] of cases) {
      const res = await t.as(officerSession, { method: 'POST', url: `${API}/persons`, payload });
      expect(res.statusCode).toBe(201);
      expect((res.json() as { child: boolean | null }).child, JSON.stringify(payload)).toBe(child);
    }
  });

  it('paginates the list without duplicates', async () => {
    const all = (await t.as(officerSession, { method: 'GET', url: `${API}/persons?limit=500` })).json() as { items: { id: string }[] };
    expect(all.items.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `${API}/persons?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await t.as(officerSession, { method: 'GET', url })).json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((p) => p.id));
  });
});
