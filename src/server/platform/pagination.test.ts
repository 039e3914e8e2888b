import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../test/harness.js';

describe('keyset pages by creation time', () => {
  let t: TestContext;
  let officer: Signed;
  beforeAll(async () => {
    t = await createTestContext();
    officer = await t.login(await t.user(['provincial_officer']));
  });
  afterAll(async () => { await t.close(); });

  it('visit every row once even when times differ only in microseconds', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await t.as(officer, { method: 'POST', url: '/api/v1/persons', payload: { sex: 'female', estimatedAge: 20 + i } })).statusCode).toBe(201);
    }
    // Same millisecond, different microseconds: the case a millisecond cursor used to skip.
    await t.database.query(`UPDATE persons SET created_at = timestamptz '2026-01-01 10:00:00.123' + (random() * interval '900 microseconds')`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await t.as(officer, { method: 'GET', url: `/api/v1/persons?limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      const body = r.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((p) => p.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });
});
