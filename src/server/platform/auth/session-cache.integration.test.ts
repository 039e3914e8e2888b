import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';

/** The database tells the cache when a session, user, role or organisation changes (NOTIFY phakhi_auth_changed). */
async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('session cache with database invalidation', () => {
  let t: TestContext;
  let officer: TestUser;
  let s: Signed;
  const me = () => t.as(s, { method: 'GET', url: '/api/v1/me' });

  beforeAll(async () => {
    t = await createTestContext({ sessionCacheMs: 60_000 });
    officer = await t.user(['provincial_officer']);
    s = await t.login(officer);
  });
  afterAll(async () => { await t.close(); });

  it('serves a cached session without a database round trip', async () => {
    expect((await me()).statusCode).toBe(200);
    // A change the cache is not told about (the CSRF token is not a right): the cached row still holds
    // the old token, so a write with it passes. Read from the database, it would be refused.
    await t.database.query("UPDATE sessions SET csrf_token = 'changed-without-notify' WHERE user_id = $1", [officer.id]);
    const r = await t.as(s, { method: 'POST', url: '/api/v1/persons', payload: { sex: 'female', estimatedAge: 15 } });
    expect(r.statusCode).toBe(201);
    // The write cleared this instance's cache: now the database's token applies.
    const again = await t.as(s, { method: 'POST', url: '/api/v1/persons', payload: { sex: 'female', estimatedAge: 15 } });
    expect([again.statusCode, again.json().error.code]).toEqual([403, 'CSRF_INVALID']);
  });

  it('a session revoked directly in the database stops working (NOTIFY reaches the cache)', async () => {
    s = await t.login(officer);
    expect((await me()).statusCode).toBe(200);
    await t.database.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1', [officer.id]);
    expect(await eventually(async () => (await me()).statusCode === 401)).toBe(true);
  });

  it('a role removed by another server instance takes effect', async () => {
    s = await t.login(officer);
    expect((await t.as(s, { method: 'GET', url: '/api/v1/persons' })).statusCode).toBe(200);
    await t.database.query("DELETE FROM user_roles WHERE user_id = $1 AND role = 'provincial_officer'", [officer.id]);
    await t.database.query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'community_volunteer')", [officer.id]);
    expect(await eventually(async () => (await t.as(s, { method: 'GET', url: '/api/v1/persons' })).statusCode === 403)).toBe(true);
  });

  it('an organisation deactivated elsewhere signs its users out', async () => {
    s = await t.login(officer);
    expect((await me()).statusCode).toBe(200);
    await t.database.query('UPDATE organisations SET active = false WHERE id = $1', [officer.organisationId]);
    expect(await eventually(async () => (await me()).statusCode === 401)).toBe(true);
  });

  it('logging out through this instance ends the session at once', async () => {
    await t.database.query('UPDATE organisations SET active = true WHERE id = $1', [officer.organisationId]);
    s = await t.login(officer);
    expect((await me()).statusCode).toBe(200);
    expect((await t.as(s, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);
  });
});
