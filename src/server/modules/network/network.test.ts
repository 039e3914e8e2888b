import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { createDataCipher, generateDataKey, parseDataKey } from '../../platform/crypto.js';
import { seedDemo } from '../demo/demo.seed.js';
import { segmentWords } from '../reports/segment.js';

describe('network directory: finding help', () => {
  let t: TestContext;
  let officer: Signed;
  let shelterStaff: Signed;
  let shelterUser: TestUser;

  beforeAll(async () => {
    t = await createTestContext();
    await seedDemo(t.database, createDataCipher(parseDataKey(generateDataKey())));
    officer = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    const [shelter] = await t.database.query<{ id: string }>("SELECT id FROM organisations WHERE name_en = 'Chiang Rai Girls Safe Home Foundation'");
    shelterUser = await t.user(['service_provider'], { organisationId: shelter!.id });
    shelterStaff = await t.login(shelterUser);
  }, 120_000);
  afterAll(async () => { await t.close(); });

  const search = (s: Signed, q: string) => t.as(s, { method: 'GET', url: `/api/v1/network/search?${q}` });

  it('a 14-year-old Burmese-speaking girl who needs shelter in Chiang Rai tonight: the girls\' shelter comes first, with its 24-hour line', async () => {
    const r = await search(officer, 'service=shelter&province=57&sex=female&age=14&language=my&freeCapacity=true');
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { partner: { nameEn: string }; rank: string; urgentContact: { urgent24h: boolean; mobile: string } | null; matchingServices: { service: string; capacityFree: number }[] }[];
    expect(items[0]!.partner.nameEn).toBe('Chiang Rai Girls Safe Home Foundation');
    expect(items[0]!.rank).toBe('same_province');
    expect(items[0]!.urgentContact).toMatchObject({ urgent24h: true, mobile: '081-000-5701' });
    expect(items[0]!.matchingServices[0]).toMatchObject({ service: 'shelter' });
    // The boys' shelter (no free beds, boys only) and the women's shelter are not offered for her.
    const names = items.map((i) => i.partner.nameEn);
    expect(names).not.toContain('Mae Sai Boys Shelter');
    expect(names).not.toContain('Chiang Mai Women\'s Shelter');
    // Next comes a neighbouring province's girls' shelter (Phayao borders Chiang Rai).
    expect(items.find((i) => i.partner.nameEn === 'Phayao Women and Children Development Foundation')?.rank).toBe('neighbouring_province');
    const ranks = items.map((i) => ['same_district', 'same_province', 'neighbouring_province', 'national', 'elsewhere'].indexOf(i.rank));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('the language can come from the partner\'s interpreters, and the search is typo-tolerant in Thai and English', async () => {
    const byText = await search(officer, `q=${encodeURIComponent('บ้านพักพิงเด็กหญง')}`);
    expect(byText.json().items[0].partner.nameEn).toBe('Chiang Rai Girls Safe Home Foundation');
    const en = await search(officer, 'q=shelterr%20girls');
    expect(en.json().items.map((i: { partner: { nameEn: string } }) => i.partner.nameEn)).toContain('Chiang Rai Girls Safe Home Foundation');
    const karen = await search(officer, 'service=legal_assistance&province=63&language=kar');
    expect(karen.json().items.map((i: { partner: { nameEn: string } }) => i.partner.nameEn)).toContain('Mae Sot Migrant Assistance Foundation');
  });

  it('a text search without an area answers the closest names, ties by name: the same page as scoring every partner', async () => {
    for (const q of ['มูลนิธิ', 'บ้านพักพิงเด็กหญง', 'shelterr girls', 'foundation']) {
      const r = await search(officer, `q=${encodeURIComponent(q)}&limit=10`);
      expect(r.statusCode).toBe(200);
      const segmented = segmentWords(q);
      const expected = await t.database.query<{ id: string; score: number }>(
        `SELECT id, word_similarity($1, search_text)::float8 AS score FROM organisations
          WHERE active AND word_similarity($1, search_text) >= 0.45
          ORDER BY 1 - word_similarity($1, search_text), name_th, id LIMIT 10`, [segmented]);
      expect(expected.length).toBeGreaterThan(0);
      const items = r.json().items as { partner: { id: string }; textScore: number }[];
      expect(items.map((i) => i.partner.id)).toEqual(expected.map((e) => e.id));
      expect(items.map((i) => i.textScore)).toEqual(expected.map((e) => Math.round(e.score * 100) / 100));
    }
  });

  it('every search that shows contacts is audited with the partners shown', async () => {
    await search(officer, 'service=shelter&province=57');
    const rows = await t.database.query<{ details: { organisations: string[] } }>("SELECT details FROM audit_log WHERE action = 'network.contacts_viewed' ORDER BY seq DESC LIMIT 1");
    expect(rows[0]!.details.organisations.length).toBeGreaterThan(0);
  });

  it('bad filters are refused clearly', async () => {
    expect((await search(officer, 'province=99')).json().error.code).toBe('UNKNOWN_PROVINCE');
    expect((await search(officer, 'province=57&district=6306')).json().error.code).toBe('UNKNOWN_DISTRICT');
    expect((await search(officer, 'language=zz')).statusCode).toBe(400);
    expect((await search(officer, 'service=spaceship')).statusCode).toBe(400);
    expect((await t.as(null, { method: 'GET', url: '/api/v1/network/search' })).statusCode).toBe(401);
  });

  it('a partner updates its own free beds; not another partner\'s; free above total is refused', async () => {
    const p = await t.as(shelterStaff, { method: 'GET', url: `/api/v1/network/partners/${shelterUser.organisationId}` });
    const shelter = p.json().services.find((s: { service: string }) => s.service === 'shelter');
    const ok = await t.as(shelterStaff, { method: 'PATCH', url: `/api/v1/network/services/${shelter.id}`, payload: { version: shelter.version, capacityFree: 0 } });
    expect(ok.json()).toMatchObject({ capacityFree: 0 });
    const tooMany = await t.as(shelterStaff, { method: 'PATCH', url: `/api/v1/network/services/${shelter.id}`, payload: { version: ok.json().version, capacityFree: 99 } });
    expect([tooMany.statusCode, tooMany.json().error.fields[0].path]).toEqual([400, 'capacityFree']);
    const [other] = await t.database.query<{ id: string }>("SELECT s.id FROM organisation_services s JOIN organisations o ON o.id = s.organisation_id WHERE o.name_en = 'Mae Sai Boys Shelter' LIMIT 1");
    const denied = await t.as(shelterStaff, { method: 'PATCH', url: `/api/v1/network/services/${other!.id}`, payload: { version: 1, capacityFree: 1 } });
    expect(denied.statusCode).toBe(403);
    // With no free beds left, tonight's search no longer offers it.
    const r = await search(officer, 'service=shelter&province=57&sex=female&age=14&freeCapacity=true');
    expect(r.json().items.map((i: { partner: { nameEn: string } }) => i.partner.nameEn)).not.toContain('Chiang Rai Girls Safe Home Foundation');
  });

  it('the coverage matrix shows where no partner offers a service, and exports as CSV', async () => {
    const c = await t.as(officer, { method: 'GET', url: '/api/v1/network/coverage?by=service&sex=male&age=12' });
    const body = c.json();
    expect(body.rows).toHaveLength(77);
    const shelterCol = body.columns.indexOf('shelter');
    const cr = body.rows.find((r: { provinceCode: string }) => r.provinceCode === '57');
    expect(cr.counts[shelterCol]).toBe(1); // Mae Sai boys' shelter
    const tak = body.rows.find((r: { provinceCode: string }) => r.provinceCode === '63');
    expect(tak.counts[shelterCol]).toBe(0); // Tak: girls' house and women's shelter only
    expect(body.gaps).toBeGreaterThan(0);
    const csv = await t.as(officer, { method: 'GET', url: '/api/v1/network/coverage.csv?by=measure' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('province_code,province_th,province_en,policy,prevention');
    const map = await t.as(officer, { method: 'GET', url: '/api/v1/network/map?service=shelter' });
    expect(map.json().items.find((i: { provinceCode: string }) => i.provinceCode === '57').partners).toBe(2);
  });

  it('the coverage matrix follows every write to services, areas and partners, and equals the count over the directory itself', async () => {
    const cell = async (province: string, query = 'sex=male&age=12') => {
      const body = (await t.as(officer, { method: 'GET', url: `/api/v1/network/coverage?by=service&${query}` })).json();
      return body.rows.find((r: { provinceCode: string }) => r.provinceCode === province).counts[body.columns.indexOf('shelter')] as number;
    };
    const mapShelter = async (province: string) => (await t.as(officer, { method: 'GET', url: '/api/v1/network/map?service=shelter' })).json()
      .items.find((i: { provinceCode: string }) => i.provinceCode === province)?.partners ?? 0;
    const [maeSot] = await t.database.query<{ id: string }>("SELECT id FROM organisations WHERE name_en = 'Mae Sot Migrant Assistance Foundation'");
    const chiangMaiBefore = await cell('50');
    const takShelters = await mapShelter('63');
    const [had] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM organisation_services WHERE organisation_id = $1 AND service = 'shelter'", [maeSot!.id]);
    const withMaeSot = had!.n > 0 ? takShelters : takShelters + 1;
    expect(await cell('63')).toBe(0);
    // Written in SQL, not through the app: the triggers keep the matrix whatever writes the tables.
    const [svc] = await t.database.query<{ id: string }>(
      "INSERT INTO organisation_services (organisation_id, service, accepts_sexes, min_age, max_age) VALUES ($1, 'shelter', '{male}', 0, 17) RETURNING id", [maeSot!.id]);
    expect([await cell('63'), await mapShelter('63')]).toEqual([1, withMaeSot]);
    await t.database.query('UPDATE organisation_services SET max_age = 10 WHERE id = $1', [svc!.id]);
    expect([await cell('63'), await cell('63', 'sex=male&age=9')]).toEqual([0, 1]);
    await t.database.query('UPDATE organisation_services SET max_age = 17, capacity_total = 4, capacity_free = 2 WHERE id = $1', [svc!.id]);
    expect(await cell('63')).toBe(1);
    // A second matching shelter of the same partner still counts the partner once.
    const [svc2] = await t.database.query<{ id: string }>("INSERT INTO organisation_services (organisation_id, service, accepts_sexes) VALUES ($1, 'shelter', '{}') RETURNING id", [maeSot!.id]);
    expect(await cell('63')).toBe(1);
    // A new area (through organisation_areas and the area arrays) puts the partner in Chiang Mai's column too.
    await t.database.query("INSERT INTO organisation_areas (organisation_id, province_code) VALUES ($1, '50')", [maeSot!.id]);
    expect(await cell('50')).toBe(chiangMaiBefore + 1);
    await t.database.query('UPDATE organisations SET active = false WHERE id = $1', [maeSot!.id]);
    expect([await cell('63'), await cell('50'), await mapShelter('63')]).toEqual([0, chiangMaiBefore, withMaeSot - 1]);
    await t.database.query('UPDATE organisations SET active = true WHERE id = $1', [maeSot!.id]);
    expect([await cell('63'), await cell('50')]).toEqual([1, chiangMaiBefore + 1]);
    await t.database.query("DELETE FROM organisation_areas WHERE organisation_id = $1 AND province_code = '50'", [maeSot!.id]);
    await t.database.query('DELETE FROM organisation_services WHERE id IN ($1, $2)', [svc!.id, svc2!.id]);
    expect([await cell('63'), await cell('50'), await mapShelter('63')]).toEqual([0, chiangMaiBefore, takShelters]);

    // Every cell, with and without a victim profile, equals the count straight from services and partners.
    for (const [query, sex, age] of [['', null, null], ['sex=female&age=14', 'female', 14], ['sex=male&age=12', 'male', 12]] as const) {
      const body = (await t.as(officer, { method: 'GET', url: `/api/v1/network/coverage?by=service&${query}` })).json();
      const direct = await t.database.query<{ p: string; service: string; n: number }>(`
        SELECT p, s.service, count(DISTINCT o.id)::int AS n
          FROM organisations o, unnest(o.area_provinces) AS p, organisation_services s
         WHERE o.active AND s.organisation_id = o.id
           AND ($1::text IS NULL OR cardinality(s.accepts_sexes) = 0 OR $1 = ANY(s.accepts_sexes))
           AND ($2::int IS NULL OR ((s.min_age IS NULL OR s.min_age <= $2) AND (s.max_age IS NULL OR s.max_age >= $2)))
         GROUP BY 1, 2`, [sex, age]);
      const expected = new Map(direct.map((d) => [`${d.p}|${d.service}`, d.n]));
      expect(direct.length).toBeGreaterThan(0);
      for (const r of body.rows as { provinceCode: string; counts: number[] }[]) {
        (body.columns as string[]).forEach((c, i) => expect([r.provinceCode, c, r.counts[i]]).toEqual([r.provinceCode, c, expected.get(`${r.provinceCode}|${c}`) ?? 0]));
      }
    }
  });
});
