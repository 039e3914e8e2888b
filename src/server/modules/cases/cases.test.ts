import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { buddhistYear } from './cases.service.js';
import { minSharedGrams, nameGrams } from './name-grams.js';
import { textArray } from '../../db/client.js';

describe('cases: opening, people, scope, search, concurrency', () => {
  let t: TestContext;
  let criCentre: string;
  let criOfficer: TestUser;
  let cri: Signed;
  let tak: Signed;
  let analyst: Signed;
  let mdtUser: TestUser;
  let mdt: Signed;
  let volunteer: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    criCentre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    criOfficer = await t.user(['provincial_officer'], { organisationId: criCentre });
    cri = await t.login(criOfficer);
    tak = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
    mdtUser = await t.user(['mdt_member'], { provinceCode: '57' });
    mdt = await t.login(mdtUser);
    volunteer = await t.login(await t.user(['community_volunteer'], { provinceCode: '57' }));
  });
  afterAll(async () => { await t.close(); });

  const girl = {
    role: 'victim', givenName: 'อ่อง', familyName: 'ซาน', latinName: 'Aye Aye Khaing', gender: 'Feminine', estimatedAge: 14,
    nationality: 'MMR', languages: ['mya'], needsInterpreter: true, documentType: 'passport', documentNumber: 'MB 123-456',
  };
  const open = async (s: Signed, body: Record<string, unknown>) => t.as(s, { method: 'POST', url: '/api/v1/cases', payload: body });

  it('opens a case numbered per province and Buddhist-Era year, with the opener on its team and the child flag derived', async () => {
    const a = await open(cri, { persons: [girl] });
    expect(a.statusCode, a.body).toBe(201);
    const b = await open(cri, { persons: [] });
    const year = buddhistYear(new Date());
    expect(a.json().caseNumber).toBe(`57-${year}-00001`);
    expect(b.json().caseNumber).toBe(`57-${year}-00002`);
    const c = a.json();
    expect(c).toMatchObject({ stage: 'screening', status: 'Active', involvesChild: true, victims: 1, provinceCode: '57', organisationId: criCentre });
    expect(c.team).toEqual([expect.objectContaining({ userId: criOfficer.id, role: 'case_manager' })]);
    // The list counts the victims too (it once counted 0 for every case).
    const listed = (await t.as(cri, { method: 'GET', url: '/api/v1/cases?limit=500' })).json().items as { id: string; victims: number }[];
    expect(listed.find((x) => x.id === c.id)?.victims).toBe(1);
    expect(listed.find((x) => x.id === b.json().id)?.victims).toBe(0);
    expect(c.persons[0]).toMatchObject({ role: 'victim', child: true, age: 14, nationality: 'MMR', hasIdentityDocument: true, gender: 'Feminine' });
    // Identity is not in the case answer, and is encrypted at rest.
    expect(JSON.stringify(c)).not.toContain('Aye Aye');
    const [row] = await t.database.query<Record<string, unknown>>('SELECT * FROM persons WHERE id = $1', [c.persons[0].personId]);
    expect(JSON.stringify(row)).not.toMatch(/Aye|อ่อง|MB ?123/);
    expect((row!.name_grams as string[]).length).toBeGreaterThan(5);
  });

  it('numbers Buddhist-Era years in Thai time', () => {
    expect(buddhistYear(new Date('2025-12-31T16:59:00Z'))).toBe(2568);
    expect(buddhistYear(new Date('2025-12-31T17:00:00Z'))).toBe(2569);
  });

  it('case numbers stay unique when many cases are opened at once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => open(cri, {})));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const numbers = results.map((r) => r.json().caseNumber as string);
    expect(new Set(numbers).size).toBe(8);
  });

  it('other provinces get 404, the analyst sees it without identity, a volunteer cannot read cases', async () => {
    const c = (await open(cri, { persons: [girl] })).json();
    expect((await t.as(tak, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect((await t.as(tak, { method: 'GET', url: `/api/v1/cases/${c.id}/persons/${c.persons[0].id}/identity` })).statusCode).toBe(404);
    const list = (await t.as(tak, { method: 'GET', url: '/api/v1/cases?limit=500' })).json();
    expect(list.items.some((x: { id: string }) => x.id === c.id)).toBe(false);
    const seen = await t.as(analyst, { method: 'GET', url: `/api/v1/cases/${c.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().access).toMatchObject({ full: true, canReadIdentity: false, canWrite: false });
    expect(seen.json().access.parts).not.toContain('identity');
    expect((await t.as(analyst, { method: 'GET', url: `/api/v1/cases/${c.id}/persons/${c.persons[0].id}/identity` })).statusCode).toBe(403);
    expect((await t.as(volunteer, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(403);
    expect((await t.as(tak, { method: 'POST', url: `/api/v1/cases`, payload: { provinceCode: '57' } })).statusCode).toBe(403);
  });

  it('identity reads are audited with ids only', async () => {
    const c = (await open(cri, { persons: [girl] })).json();
    const r = await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/persons/${c.persons[0].id}/identity` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ givenName: 'อ่อง', latinName: 'Aye Aye Khaing', documentType: 'passport', documentNumber: 'MB 123-456' });
    const audit = await t.database.query<{ details: unknown; target_id: string }>(
      "SELECT details, target_id FROM audit_log WHERE action = 'case.person_identity_viewed' ORDER BY seq DESC LIMIT 1");
    expect(audit[0]!.target_id).toBe(c.persons[0].personId);
    expect(JSON.stringify(audit[0]!.details)).not.toMatch(/อ่อง|Aye|MB/);
  });

  it('a team member from another organisation sees the case; removing them removes it', async () => {
    const c = (await open(cri, { persons: [girl] })).json();
    expect((await t.as(mdt, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    const add = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/team`, payload: { userId: mdtUser.id, role: 'social_worker' } });
    expect(add.statusCode, add.body).toBe(200);
    const seen = await t.as(mdt, { method: 'GET', url: `/api/v1/cases/${c.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().access).toMatchObject({ full: true, canWrite: true, canReadIdentity: true });
    const notes = await t.database.query<{ kind: string; case_number: string }>('SELECT kind, case_number FROM notifications WHERE user_id = $1', [mdtUser.id]);
    expect(notes).toContainEqual({ kind: 'team_added', case_number: c.caseNumber });
    expect((await t.as(cri, { method: 'DELETE', url: `/api/v1/cases/${c.id}/team/${mdtUser.id}` })).statusCode).toBe(200);
    expect((await t.as(mdt, { method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    const vol = await t.user(['community_volunteer'], { provinceCode: '57' });
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/team`, payload: { userId: vol.id } })).json().error.code).toBe('TEAM_MEMBER_NOT_ALLOWED');
  });

  it('a stale version answers 409 with the current state and changes nothing', async () => {
    const c = (await open(cri, {})).json();
    const ok = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}`, payload: { version: c.version, reflectionDays: 30 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ reflectionDays: 30, version: c.version + 1 });
    const stale = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}`, payload: { version: c.version, reflectionDays: 60 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'STALE_VERSION' }, current: { id: c.id, version: c.version + 1 } });
    expect((await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}` })).json().reflectionDays).toBe(30);
  });

  it('adds family and a guardian; trafficking details in HTCDS codes; events; bad codes answer 4xx and change nothing', async () => {
    const c = (await open(cri, { persons: [girl] })).json();
    const victim = c.persons[0];
    const guardian = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/persons`, payload: { role: 'guardian', guardianOf: victim.id, givenName: 'แม่', gender: 'Feminine', estimatedAge: 41 } });
    expect(guardian.statusCode, guardian.body).toBe(201);
    const badGuardian = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/persons`, payload: { role: 'guardian', guardianOf: guardian.json().id } });
    expect(badGuardian.json().error.code).toBe('GUARDIAN_NOT_VICTIM');
    const upd = await t.as(cri, {
      method: 'PATCH', url: `/api/v1/cases/${c.id}/persons/${victim.id}`,
      payload: { version: victim.version, trafficking: { exploitationTypes: ['SexualExploitation'], meansOfControl: ['DebtBondage', 'WithholdsDocuments'], industry: 'I_AccommodationAndFoodServiceActivities', recruitmentApps: ['Facebook'] } },
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json().trafficking).toMatchObject({ exploitationTypes: ['SexualExploitation'], industry: 'I_AccommodationAndFoodServiceActivities' });
    const bad = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}/persons/${victim.id}`, payload: { version: victim.version + 1, trafficking: { exploitationTypes: ['Slavery'] } } });
    expect(bad.statusCode).toBe(400);
    const badLang = await t.as(cri, { method: 'PATCH', url: `/api/v1/cases/${c.id}/persons/${victim.id}`, payload: { version: victim.version + 1, languages: ['zzz'] } });
    expect(badLang.json().error.code).toBe('UNKNOWN_LANGUAGE');
    const ev = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/persons/${victim.id}/events`, payload: { type: 'Exploitation', eventDate: '2025-06-01', provinceCode: '57', districtCode: '5701', place: 'ร้านคาราโอเกะ' } });
    expect(ev.statusCode, ev.body).toBe(201);
    const badDistrict = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/persons/${victim.id}/events`, payload: { type: 'Transit', provinceCode: '57', districtCode: '6301' } });
    expect(badDistrict.json().error.code).toBe('UNKNOWN_DISTRICT');
    const full = (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}` })).json();
    expect(full.exploitationTypes).toEqual(['SexualExploitation']);
    expect(full.persons).toHaveLength(2);
    expect(full.persons[0].trafficking.events).toHaveLength(1);
    expect(full.persons[0].trafficking.events[0].place).toBe('ร้านคาราโอเกะ');
    // The analyst sees the event without the place (identity part).
    const an = (await t.as(analyst, { method: 'GET', url: `/api/v1/cases/${c.id}` })).json();
    expect(an.persons[0].trafficking.events[0].place).toBeUndefined();
    const timeline = (await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/timeline` })).json();
    expect(timeline.items.map((i: { kind: string }) => i.kind)).toEqual(['created', 'person_added', 'person_updated', 'event_added']);
  });

  it('filters the list: stage, child, exploitation, province, dates (from > to is 400)', async () => {
    const q = async (qs: string) => (await t.as(cri, { method: 'GET', url: `/api/v1/cases?${qs}` })).json();
    const child = await q('ageGroup=child&limit=500');
    expect(child.items.length).toBeGreaterThan(0);
    expect(child.items.every((c: { involvesChild: boolean }) => c.involvesChild)).toBe(true);
    expect((await q('exploitation=SexualExploitation')).items.length).toBe(1);
    expect((await q('provinceCode=63')).items).toEqual([]);
    const bad = await t.as(cri, { method: 'GET', url: '/api/v1/cases?openedFrom=2025-02-01&openedTo=2025-01-01' });
    expect(bad.statusCode).toBe(400);
    const page1 = await q('limit=3');
    const page2 = await q(`limit=3&cursor=${page1.nextCursor}`);
    expect(page1.items).toHaveLength(3);
    expect(page2.items[0].id).not.toBe(page1.items[2].id);
    expect(page1.items.map((c: { id: string }) => c.id)).not.toContain(page2.items[0].id);
  });

  it('finds cases by a misspelt name and by document number, only in scope; the query stays out of URL and audit', async () => {
    const byName = await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Aye Aye Khine' } });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().items.length).toBeGreaterThan(0);
    const byDoc = await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { document: 'mb123456' } });
    expect(byDoc.statusCode, byDoc.body).toBe(200);
    expect(byDoc.json().items.length).toBe(byName.json().items.length);
    expect((await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Somchai Jaidee' } })).json().items).toEqual([]);
    expect((await t.as(tak, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Aye Aye Khaing' } })).json().items).toEqual([]);
    expect((await t.as(analyst, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Aye Aye Khaing' } })).statusCode).toBe(403);
    const audit = await t.database.query<{ details: unknown }>("SELECT details FROM audit_log WHERE action = 'case.identity_search'");
    expect(JSON.stringify(audit)).not.toMatch(/Aye|Khine|mb123/i);
    expect(t.logs.join('')).not.toMatch(/Aye Aye|mb123456/);
  });

  it('the name search probes the rarest grams: with a common gram in everyone\'s name, still every match and no other', async () => {
    // Many people named "Mya …" make the grams of "mya" common; the one the query means is rare.
    for (let i = 0; i < 12; i++) await open(cri, { persons: [{ ...girl, latinName: `Mya Thida ${i}`, givenName: 'เมียะ', familyName: `ตีดา${i}`, documentType: undefined, documentNumber: undefined }] });
    const target = (await open(cri, { persons: [{ ...girl, latinName: 'Mya Zawphyu Khaingsin', documentType: undefined, documentNumber: undefined }] })).json();
    const found = (await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Mya Zawpyu Kaingsin' } })).json().items as { id: string }[];
    expect(found.map((x) => x.id)).toEqual([target.id]);
    // The counts the probes are chosen by equal a recount of every person's grams.
    const same = async () => {
      const kept = await t.database.query<{ gram: string; n: number }>('SELECT gram, persons AS n FROM name_gram_counts WHERE persons <> 0 ORDER BY gram');
      const recount = await t.database.query<{ gram: string; n: number }>('SELECT g AS gram, count(*)::int AS n FROM persons, unnest(name_grams) g GROUP BY g ORDER BY g');
      expect(kept).toEqual(recount);
    };
    await same();
    // Whatever writes persons keeps them: a rename (new grams), a statement touching many rows, a removal.
    await t.database.query("UPDATE persons SET name_grams = array_append(name_grams[2:], 'renamed-gram') WHERE id = $1", [target.persons[0].personId]);
    await t.database.query('UPDATE persons SET version = version + 1');
    await same();
    const lone = await t.database.query<{ id: string }>("INSERT INTO persons (organisation_id, sex, name_grams) SELECT organisation_id, 'female', ARRAY['only-here', 'renamed-gram'] FROM persons LIMIT 1 RETURNING id");
    await same();
    await t.database.query('DELETE FROM persons WHERE id = $1', [lone[0]!.id]);
    await same();
  });

  it('the name search reaches every province of the caller\'s scope, ranks as scoring every person would, and lists every match of a case', async () => {
    const plain = { ...girl, givenName: undefined, familyName: undefined, documentType: undefined, documentNumber: undefined };
    const takOfficer = await t.user(['provincial_officer'], { provinceCode: '63' });
    const takUser = await t.login(takOfficer);
    const person = (latinName: string) => ({ ...plain, latinName });
    // In Tak: a case whose team the Chiang Rai officer is on, a case its own centre holds there, one it cannot see.
    const onTeam = (await open(takUser, { persons: [person('Naw Htoo Paw Wah')] })).json();
    await t.database.query("INSERT INTO team_memberships (record_type, record_id, user_id, role) VALUES ('case', $1, $2, 'social_worker')", [onTeam.id, criOfficer.id]);
    const ownInTak = (await open(takUser, { persons: [person('Naw Htoo Paw Wah')] })).json();
    await t.database.query('UPDATE cases SET organisation_id = $1 WHERE id = $2', [criCentre, ownInTak.id]);
    const hidden = (await open(takUser, { persons: [person('Naw Htoo Paw Wah')] })).json();
    // In Chiang Rai: a close name, and a case with a close name and a looser one (a relative).
    const close = (await open(cri, { persons: [person('Naw Htoo Paw Wa')] })).json();
    const two = (await open(cri, { persons: [person('Naw Htoo Paw Wah'), { ...person('Naw Htoo Paw'), role: 'family' }] })).json();
    const loose = (await open(cri, { persons: [person('Naw Htoo Paw')] })).json();

    const search = async (limit: number) => {
      const r = await t.as(cri, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Naw Htu Paw Wah', limit } });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items as { id: string; score: number; casePersonIds: string[] }[];
    };
    const all = await search(100);
    const ids = all.map((x) => x.id);
    for (const c of [onTeam, ownInTak, close, two, loose]) expect(ids).toContain(c.id);
    expect(ids).not.toContain(hidden.id);
    // Every person the caller can see, scored by hand: the answer is exactly those sharing enough grams, best first.
    const query = nameGrams(t.cipher, ['Naw Htu Paw Wah']);
    const rows = await t.database.query<{ case_id: string; grams: string[] }>(
      'SELECT cp.case_id, p.name_grams AS grams FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = ANY($1::uuid[])',
      [[onTeam.id, ownInTak.id, hidden.id, close.id, two.id, loose.id]]);
    const best = new Map<string, number>();
    for (const r of rows) {
      const shared = query.filter((g) => textArray(r.grams).includes(g)).length;
      if (shared >= minSharedGrams(query.length) && r.case_id !== hidden.id) best.set(r.case_id, Math.max(best.get(r.case_id) ?? 0, shared / query.length));
    }
    expect(new Map(all.filter((x) => best.has(x.id)).map((x) => [x.id, x.score]))).toEqual(new Map([...best].map(([id, s]) => [id, Math.round(s * 100) / 100])));
    expect(all.map((x) => x.score)).toEqual([...all.map((x) => x.score)].sort((a, b) => b - a));
    // Tak's officer reaches Tak only (the search then picks its best people before joining their cases):
    // the three Tak cases, ranked by the same scores; nothing from Chiang Rai.
    const fromTak = (await t.as(takUser, { method: 'POST', url: '/api/v1/cases/search', payload: { name: 'Naw Htu Paw Wah' } })).json().items as { id: string; score: number }[];
    expect(fromTak.map((x) => x.id).sort()).toEqual([onTeam.id, ownInTak.id, hidden.id].sort());
    expect(fromTak.find((x) => x.id === onTeam.id)?.score).toBe(all.find((x) => x.id === onTeam.id)?.score);
    // A short page is answered from the close names alone, and still names both matching people of a case.
    const top = await search(2);
    expect(top.map((x) => x.id)).toEqual(all.slice(0, 2).map((x) => x.id));
    const both = [...(await search(3)), ...all].find((x) => x.id === two.id)!;
    expect(both.casePersonIds.sort()).toEqual(two.persons.map((p: { id: string }) => p.id).sort());
    const firstFour = await search(4);
    expect(firstFour.find((x) => x.id === two.id)?.casePersonIds.sort()).toEqual(two.persons.map((p: { id: string }) => p.id).sort());
  });

  it('opens a case from a report in the queue: the report records the link; a second case from it is 409', async () => {
    const rep = await t.as(cri, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'hotline_1300', description: 'เด็กหญิงถูกบังคับทำงานในร้านอาหาร', provinceCode: '57' } });
    expect(rep.statusCode).toBe(201);
    const reportId = rep.json().id;
    const fromTak = await open(tak, { reportId });
    expect(fromTak.statusCode).toBe(404);
    const c = await open(cri, { reportId, persons: [girl] });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().reportId).toBe(reportId);
    const report = (await t.as(cri, { method: 'GET', url: `/api/v1/reports/${reportId}` })).json();
    expect(report).toMatchObject({ status: 'case_opened', caseId: c.json().id });
    expect((await open(cri, { reportId })).json().error.code).toBe('REPORT_ALREADY_HAS_CASE');
  });

  it('bad input: unknown province, unknown country, document number without type', async () => {
    expect((await open(cri, { provinceCode: '99' })).json().error.code).toBe('UNKNOWN_PROVINCE');
    const r = await open(cri, { persons: [{ ...girl, nationality: 'XXX' }] });
    expect(r.json().error).toMatchObject({ code: 'UNKNOWN_COUNTRY', fields: [{ path: 'persons.0.nationality' }] });
    const d = await open(cri, { persons: [{ role: 'victim', documentNumber: 'AB12345' }] });
    expect(d.statusCode).toBe(400);
    const n = (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n;
    await open(cri, { persons: [girl, { ...girl, languages: ['nope'] }] });
    expect((await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n).toBe(n);
  });
});
