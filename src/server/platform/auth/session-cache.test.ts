import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache.js';
import type { SessionRow } from './sessions.js';

const row = (userId: string, now: number, over: Partial<SessionRow> = {}): SessionRow => ({
  sessionId: 's-' + userId, userId, csrfToken: 'c', mfaPassed: true, lastSeenAt: new Date(now), expiresAt: new Date(now + 3_600_000),
  organisationId: 'o', provinceCode: '57', roles: ['provincial_officer'], mustChangePassword: false, totpEnabled: false,
  username: 'u', displayName: 'U', email: null, organisationNameTh: 'ก', organisationNameEn: 'A', ...over,
});

describe('session cache', () => {
  const now = 1_800_000_000_000;

  it('returns an entry within its time to live, not after', () => {
    const c = new SessionCache(5000);
    c.set('h', row('a', now), now);
    expect(c.get('h', now + 4999)?.userId).toBe('a');
    expect(c.get('h', now + 5001)).toBeUndefined();
  });

  it('never outlives the session: absolute expiry and idle limit apply', () => {
    const c = new SessionCache(60_000);
    c.set('x', row('a', now, { expiresAt: new Date(now + 1000) }), now);
    expect(c.get('x', now + 1000)).toBeUndefined();
    c.set('y', row('b', now, { lastSeenAt: new Date(now - 30 * 60_000 + 10) }), now);
    expect(c.get('y', now + 10)).toBeUndefined();
  });

  it('forgets one user or everything', () => {
    const c = new SessionCache(60_000);
    c.set('1', row('a', now), now);
    c.set('2', row('a', now), now);
    c.set('3', row('b', now), now);
    c.forget('a');
    expect([c.get('1', now), c.get('2', now), c.get('3', now)?.userId]).toEqual([undefined, undefined, 'b']);
    c.forget('*');
    expect(c.size).toBe(0);
  });

  it('caches nothing with a zero time to live, and stays bounded', () => {
    expect((() => { const c = new SessionCache(0); c.set('h', row('a', now), now); return c.size; })()).toBe(0);
    const c = new SessionCache(60_000, 2);
    c.set('1', row('a', now), now);
    c.set('2', row('b', now), now);
    c.set('3', row('c', now), now);
    expect([c.size, c.get('1', now)]).toEqual([2, undefined]);
  });
});
