import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/harness.js';
import { purgeExpired } from './housekeeping.js';

describe('housekeeping', () => {
  let t: TestContext;
  beforeAll(async () => { t = await createTestContext(); });
  afterAll(async () => { await t.close(); });

  it('purges long-ended sessions and old idempotency records, keeps live ones and the audit log', async () => {
    const u = await t.user(['provincial_officer']);
    await t.login(u);
    await t.login(u);
    await t.database.query(`UPDATE sessions SET revoked_at = now() - interval '31 days'
      WHERE id = (SELECT id FROM sessions ORDER BY created_at LIMIT 1)`);
    await t.database.query(`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, created_at)
      VALUES ('s', 'old', 'h', 201, now() - interval '25 hours'), ('s', 'new', 'h', 201, now())`);
    const auditBefore = (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
    await t.database.query("INSERT INTO rate_limits (key, window_start, count) VALUES ('old', now() - interval '2 days', 3), ('new', now(), 1)");
    expect(await purgeExpired(t.database.db)).toEqual({ sessions: 1, idempotencyKeys: 1, throttle: 0, rateLimits: 1 });
    expect((await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions'))[0]!.n).toBe(1);
    expect((await t.database.query<{ key: string }>('SELECT key FROM idempotency_keys')).map((r) => r.key)).toEqual(['new']);
    expect((await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n).toBe(auditBefore);
  });
});
