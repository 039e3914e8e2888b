import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness.js';

describe('test harness', () => {
  let t: TestContext;
  beforeAll(async () => { t = await createTestContext(); });
  afterAll(async () => { await t.close(); });

  it('migrates a fresh database with the reference data', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.json()).toMatchObject({ status: 'ok', migration: expect.stringMatching(/^\d{4}_/) });
    const [p] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM provinces');
    expect(p!.n).toBe(77);
  });
});
