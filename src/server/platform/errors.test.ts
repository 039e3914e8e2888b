import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../test/harness.js';

describe('error shape (API.md)', () => {
  let t: TestContext;
  let admin: Signed;
  beforeAll(async () => {
    t = await createTestContext();
    admin = await t.login(await t.user(['system_admin'], { provinceCode: null }));
  });
  afterAll(async () => { await t.close(); });

  it('names each bad field, unknown fields by name, in both languages', async () => {
    const r = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: { nameTh: '', nameEn: 'x', sector: 'ngo', level: 'moon', extra: 1 } });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.messageTh).toBe('ข้อมูลที่ส่งมาไม่ถูกต้อง');
    expect(e.fields.map((f: { path: string }) => f.path).sort()).toEqual(['extra', 'level', 'nameTh']);
  });

  it('prefixes query parameters', async () => {
    const r = await t.as(admin, { method: 'GET', url: '/api/v1/organisations?limit=9999' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields[0].path).toBe('query.limit');
  });

  it('answers invalid JSON, oversize bodies and unknown routes in the same shape', async () => {
    const bad = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: '{oops', headers: { 'content-type': 'application/json' } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'INVALID_JSON']);
    const big = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: JSON.stringify({ nameTh: 'ก'.repeat(300_000) }), headers: { 'content-type': 'application/json' } });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const none = await t.as(null, { method: 'GET', url: '/api/v1/nothing-here' });
    expect([none.statusCode, none.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
