import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';

/** The screening checklist as reference data (issue 5, NRM path item 1). */
describe('screening indicators', () => {
  let t: TestContext;
  let admin: Signed;
  let officer: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    const nationalOrg = await t.org({ level: 'national', provinceCode: null });
    admin = await t.login(await t.user(['system_admin'], { organisationId: nationalOrg }));
    officer = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
  });
  afterAll(async () => { await t.close(); });

  interface Item { code: string; group: string; labelTh: string; labelEn: string; sortOrder: number; active: boolean }
  const list = async (s: Signed, all = false) => {
    const r = await t.as(s, { method: 'GET', url: `/api/v1/screening-indicators${all ? '/all' : ''}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as Item[];
  };

  it('lists the seeded checklist in order: the ILO 11, then child and sexual-exploitation indicators, in Thai and English', async () => {
    const items = await list(officer);
    expect(items.filter((i) => i.group === 'ilo')).toHaveLength(11);
    expect(items.filter((i) => i.group === 'child').length).toBeGreaterThan(0);
    expect(items.filter((i) => i.group === 'sexual').length).toBeGreaterThan(0);
    expect(items.map((i) => i.sortOrder)).toEqual([...items.map((i) => i.sortOrder)].sort((a, b) => a - b));
    expect(items[0]).toMatchObject({ code: 'ilo.abuse_of_vulnerability', labelEn: 'Abuse of vulnerability', labelTh: 'การใช้ประโยชน์จากความเปราะบาง' });
    expect(items.every((i) => i.active && /[\u0e00-\u0e7f]/.test(i.labelTh) && /[A-Za-z]/.test(i.labelEn))).toBe(true);
  });

  it('an administrator adds, rewords and retires an indicator, audited; a retired one is not offered nor accepted', async () => {
    const add = await t.as(admin, {
      method: 'POST', url: '/api/v1/screening-indicators',
      payload: { code: 'child.online_grooming', labelTh: 'เด็กถูกล่อลวงทางออนไลน์', labelEn: 'A child groomed online' },
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ group: 'child', active: true });
    const children = (await list(officer)).filter((i) => i.group === 'child');
    expect(children.at(-1)!.code).toBe('child.online_grooming');
    expect((await t.as(admin, { method: 'POST', url: '/api/v1/screening-indicators', payload: { code: 'child.online_grooming', labelTh: 'ก', labelEn: 'x' } })).json().error.code)
      .toBe('INDICATOR_EXISTS');
    for (const bad of [
      { code: 'labour.x1', labelTh: 'ก', labelEn: 'x' }, { code: 'child.Online', labelTh: 'ก', labelEn: 'x' },
      { code: 'child.no_english', labelTh: 'ก' }, { code: 'child.blank', labelTh: '  ', labelEn: 'x' },
    ]) {
      expect((await t.as(admin, { method: 'POST', url: '/api/v1/screening-indicators', payload: bad })).statusCode, JSON.stringify(bad)).toBe(400);
    }

    const upd = await t.as(admin, { method: 'PATCH', url: '/api/v1/screening-indicators/child.online_grooming', payload: { labelEn: 'A child groomed online (social media, games)', sortOrder: 205 } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ labelEn: 'A child groomed online (social media, games)', sortOrder: 205 });
    const retire = await t.as(admin, { method: 'PATCH', url: '/api/v1/screening-indicators/child.online_grooming', payload: { active: false } });
    expect(retire.json().active).toBe(false);
    expect((await list(officer)).some((i) => i.code === 'child.online_grooming')).toBe(false);
    expect((await list(admin, true)).find((i) => i.code === 'child.online_grooming')).toMatchObject({ active: false });
    expect((await t.as(admin, { method: 'PATCH', url: '/api/v1/screening-indicators/child.nothing', payload: { active: false } })).statusCode).toBe(404);
    expect((await t.as(admin, { method: 'PATCH', url: '/api/v1/screening-indicators/child.online_grooming', payload: {} })).statusCode).toBe(400);

    // A screening that answers the retired indicator is refused.
    const kase = await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: { persons: [{ role: 'victim', gender: 'Feminine', estimatedAge: 12 }] } });
    const c = kase.json();
    const screen = await t.as(officer, {
      method: 'POST', url: `/api/v1/cases/${c.id}/screenings`,
      payload: { version: c.version, casePersonId: c.persons[0].id, screenedAt: new Date().toISOString(), language: 'tha', answers: { 'child.online_grooming': 'yes' } },
    });
    expect(screen.json().error).toMatchObject({ code: 'UNKNOWN_INDICATOR', fields: [{ path: 'answers.child.online_grooming' }] });

    const audit = await t.database.query<{ action: string; target_id: string }>(
      "SELECT action, target_id FROM audit_log WHERE action LIKE 'screening_indicator.%' ORDER BY seq");
    expect(audit).toEqual([
      { action: 'screening_indicator.created', target_id: 'child.online_grooming' },
      { action: 'screening_indicator.updated', target_id: 'child.online_grooming' },
      { action: 'screening_indicator.updated', target_id: 'child.online_grooming' },
    ]);
  });

  it('only administrators manage the checklist; administrators do not read cases', async () => {
    expect((await t.as(officer, { method: 'POST', url: '/api/v1/screening-indicators', payload: { code: 'ilo.x_y', labelTh: 'ก', labelEn: 'x' } })).statusCode).toBe(403);
    expect((await t.as(officer, { method: 'PATCH', url: '/api/v1/screening-indicators/ilo.deception', payload: { active: false } })).statusCode).toBe(403);
    expect((await t.as(officer, { method: 'GET', url: '/api/v1/screening-indicators/all' })).statusCode).toBe(403);
    expect((await t.as(admin, { method: 'GET', url: '/api/v1/screening-indicators' })).statusCode).toBe(403);
  });
});
