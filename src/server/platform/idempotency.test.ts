import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../test/harness.js';

describe('Idempotency-Key on writes', () => {
  let t: TestContext;
  let admin: Signed;
  beforeAll(async () => {
    t = await createTestContext();
    admin = await t.login(await t.user(['system_admin'], { provinceCode: null }));
  });
  afterAll(async () => { await t.close(); });

  const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations'))[0]!.n;
  const body = { nameTh: 'มูลนิธิทดสอบ', nameEn: 'Test Foundation', sector: 'ngo', level: 'province', provinceCode: '57' };

  it('a retry with the same key and body returns the first result and creates nothing more', async () => {
    const before = await count();
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const a = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: body, headers });
    const b = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: body, headers });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    expect(await count()).toBe(before + 1);
  });

  it('a replayed answer is audited (it can carry what an audited read gave: a person lookup\'s identity)', async () => {
    const officer = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    const headers = { 'idempotency-key': 'replay-audit-0001' };
    const replays = async () => (await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'request.replayed'"))[0]!.n;
    const before = await replays();
    const first = await t.as(officer, { method: 'POST', url: '/api/v1/persons/lookup', payload: { nationalId: '1101700230708' }, headers });
    expect(first.statusCode, first.body).toBe(200);
    expect(await replays()).toBe(before);
    const again = await t.as(officer, { method: 'POST', url: '/api/v1/persons/lookup', payload: { nationalId: '1101700230708' }, headers });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await replays()).toBe(before + 1);
    const [row] = await t.database.query<{ details: Record<string, unknown> }>("SELECT details FROM audit_log WHERE action = 'request.replayed' ORDER BY seq DESC LIMIT 1");
    expect(row!.details).toEqual({ route: 'POST /api/v1/persons/lookup', statusCode: 200 });
  });

  it('the same key with a different body is a 409 and writes nothing', async () => {
    const headers = { 'idempotency-key': 'retry-key-0002' };
    await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: body, headers });
    const before = await count();
    const c = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: { ...body, nameEn: 'Other' }, headers });
    expect(c.statusCode).toBe(409);
    expect(c.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count()).toBe(before);
  });

  it('a malformed key is a 400', async () => {
    const r = await t.as(admin, { method: 'POST', url: '/api/v1/organisations', payload: body, headers: { 'idempotency-key': 'x' } });
    expect(r.statusCode).toBe(400);
  });
});

describe('stored replies', () => {
  it('are kept encrypted (a public report PIN never sits in the database in clear)', async () => {
    const t = await createTestContext();
    try {
      const admin = await t.login(await t.user(['system_admin'], { provinceCode: null }));
      const r = await t.as(admin, {
        method: 'POST', url: '/api/v1/organisations', headers: { 'idempotency-key': 'stored-reply-0001' },
        payload: { nameTh: 'มูลนิธิลับ', nameEn: 'Secret Foundation', sector: 'ngo', level: 'province', provinceCode: '57' },
      });
      expect(r.statusCode).toBe(201);
      const rows = await t.database.query<{ body: string }>('SELECT response_body::text AS body FROM idempotency_keys');
      expect(rows[0]!.body).not.toContain('Secret Foundation');
      expect(rows[0]!.body).toContain('v1:');
    } finally {
      await t.close();
    }
  });
});
