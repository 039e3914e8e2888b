import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/harness.js';

describe('security headers', () => {
  let t: TestContext;
  beforeAll(async () => { t = await createTestContext(); });
  afterAll(async () => { await t.close(); });

  it('every response carries a CSP without inline script, no framing, nosniff and no referrer', async () => {
    for (const url of ['/api/v1/health', '/api/v1/me', '/api/v1/nothing', '/api/docs/static/index.html']) {
      const r = await t.app.inject({ method: 'GET', url });
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('API answers are not cached by browsers or proxies', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(r.headers['cache-control']).toBe('no-store');
  });
});
