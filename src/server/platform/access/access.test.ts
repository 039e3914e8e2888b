import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { roleNames, roles, type Permission, type RoleName } from '../../../contracts/access.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';

/**
 * The permission table: every route in the OpenAPI document and what it requires.
 * A route added without a line here fails this test, so no route is forgotten.
 */
const table: Record<string, 'public' | 'session' | 'signed-in' | Permission> = {
  'GET /api/v1/health': 'public',
  'GET /api/v1/auth/csrf': 'session',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/mfa': 'session',
  'POST /api/v1/auth/mfa/enrol': 'session',
  'POST /api/v1/auth/mfa/enrol/confirm': 'session',
  'POST /api/v1/auth/password': 'session',
  'POST /api/v1/auth/logout': 'session',
  'POST /api/v1/auth/logout-all': 'signed-in',
  'GET /api/v1/me': 'session',
  'GET /api/v1/me/sessions': 'signed-in',
  'GET /api/v1/me/storage-key': 'report.create',
  'DELETE /api/v1/me/sessions/{id}': 'signed-in',
  'GET /api/v1/organisations': 'organisation.read',
  'GET /api/v1/organisations/{id}': 'organisation.read',
  'POST /api/v1/organisations': 'organisation.manage',
  'PATCH /api/v1/organisations/{id}': 'organisation.manage',
  'GET /api/v1/roles': 'user.read',
  'GET /api/v1/users': 'user.read',
  'GET /api/v1/users/{id}': 'user.read',
  'POST /api/v1/users': 'user.manage',
  'PATCH /api/v1/users/{id}': 'user.manage',
  'POST /api/v1/users/{id}/password-reset': 'user.manage',
  'POST /api/v1/users/{id}/mfa-reset': 'user.manage',
  'GET /api/v1/tokens': 'token.manage',
  'POST /api/v1/tokens': 'token.manage',
  'POST /api/v1/tokens/{id}/revoke': 'token.manage',
  'GET /api/v1/tokens/{id}/uses': 'token.manage',
  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/reference/provinces': 'reference.read',
  'GET /api/v1/reference/provinces/{code}/districts': 'reference.read',
  'GET /api/v1/reference/districts/{code}/subdistricts': 'reference.read',
  'GET /api/v1/reference/countries': 'reference.read',
  'GET /api/v1/reference/languages': 'reference.read',
  'POST /api/v1/cases': 'case.write',
  'GET /api/v1/cases': 'case.read',
  'GET /api/v1/stats/export/ctdc': 'stats.export',
  'GET /api/v1/stats/summary': 'stats.read',
  'GET /api/v1/stats/timeliness': 'stats.read',
  'GET /api/v1/stats/services': 'stats.read',
  'GET /api/v1/stats/cases': 'case.read',
  'GET /api/v1/stats/tables/{table}': 'stats.export',
  'GET /api/v1/exchange/htcds/cases': 'exchange.read',
  'POST /api/v1/exchange/htcds/cases': 'exchange.write',
  'POST /api/v1/exchange/htcds/import-jobs': 'exchange.write',
  'POST /api/v1/exchange/htcds/export-jobs': 'exchange.read',
  'GET /api/v1/jobs': 'signed-in',
  'GET /api/v1/jobs/{id}': 'signed-in',
  'GET /api/v1/jobs/{id}/result': 'signed-in',
  'POST /api/v1/cases/search': 'case.identity.read',
  'GET /api/v1/cases/{id}': 'case.read',
  'PATCH /api/v1/cases/{id}': 'case.write',
  'POST /api/v1/cases/{id}/persons': 'case.write',
  'PATCH /api/v1/cases/{id}/persons/{personId}': 'case.write',
  'GET /api/v1/cases/{id}/persons/{personId}/identity': 'case.identity.read',
  'POST /api/v1/cases/{id}/persons/{personId}/events': 'case.write',
  'POST /api/v1/cases/{id}/team': 'case.write',
  'DELETE /api/v1/cases/{id}/team/{userId}': 'case.write',
  'GET /api/v1/cases/{id}/timeline': 'case.read',
  // NRM stage actions (issue 5)
  'GET /api/v1/screening-indicators': 'case.read',
  'GET /api/v1/screening-indicators/all': 'reference.manage',
  'POST /api/v1/screening-indicators': 'reference.manage',
  'PATCH /api/v1/screening-indicators/{code}': 'reference.manage',
  'POST /api/v1/cases/{id}/screenings': 'case.write',
  'GET /api/v1/cases/{id}/screenings': 'case.read',
  'POST /api/v1/cases/{id}/persons/{personId}/protection': 'case.write',
  'POST /api/v1/cases/{id}/persons/{personId}/identification': 'case.write',
  'POST /api/v1/cases/{id}/persons/{personId}/return': 'case.write',
  'POST /api/v1/cases/{id}/persons/{personId}/follow-ups/plan': 'case.write',
  'POST /api/v1/cases/{id}/follow-ups/{followUpId}/visit': 'case.write',
  'GET /api/v1/cases/{id}/follow-ups': 'case.read',
  'POST /api/v1/cases/{id}/close': 'case.write',
  'POST /api/v1/cases/{id}/reopen': 'case.write',
  // Consent, referrals and transfers, protection plan services (issue 5)
  'POST /api/v1/cases/{id}/consents': 'case.write',
  'POST /api/v1/cases/{id}/consents/{consentId}/withdraw': 'case.write',
  'GET /api/v1/cases/{id}/consents': 'case.read',
  'POST /api/v1/cases/{id}/referrals': 'case.write',
  'GET /api/v1/cases/{id}/referrals': 'case.read',
  'POST /api/v1/cases/{id}/transfer': 'case.write',
  'GET /api/v1/referrals': 'case.read',
  'GET /api/v1/referrals/{id}': 'case.read',
  'POST /api/v1/referrals/{id}/accept': 'referral.accept',
  'POST /api/v1/referrals/{id}/decline': 'referral.accept',
  'POST /api/v1/referrals/{id}/revoke': 'case.write',
  'POST /api/v1/referrals/{id}/withdraw': 'case.write',
  'POST /api/v1/cases/{id}/services': 'case.read',
  'PATCH /api/v1/cases/{id}/services/{serviceId}': 'case.read',
  'GET /api/v1/cases/{id}/services': 'case.read',
  // Notes, attachments, tasks, overview, notifications (issue 5). Adding notes and attachments is checked per case in the service.
  'POST /api/v1/cases/{id}/notes': 'case.read',
  'GET /api/v1/cases/{id}/notes': 'case.read',
  'POST /api/v1/cases/{id}/attachments': 'case.read',
  'GET /api/v1/cases/{id}/attachments': 'case.read',
  'GET /api/v1/cases/{id}/attachments/{attachmentId}/download': 'case.read',
  'GET /api/v1/tasks': 'case.read',
  'GET /api/v1/cases/overview': 'case.read',
  'GET /api/v1/notifications': 'signed-in',
  'GET /api/v1/notifications/unread-count': 'signed-in',
  'POST /api/v1/notifications/{id}/read': 'signed-in',
  'POST /api/v1/notifications/read-all': 'signed-in',
  'GET /api/v1/admin/outbox': 'user.manage',
  'GET /api/v1/persons': 'person.read',
  'POST /api/v1/persons': 'person.write',
  'GET /api/v1/persons/{id}': 'person.read',
  'GET /api/v1/persons/{id}/identity': 'person.identity.read',
  'POST /api/v1/persons/lookup': 'person.identity.read',
  'GET /api/v1/public/reference/provinces': 'public',
  'GET /api/v1/public/reference/provinces/{code}/districts': 'public',
  'GET /api/v1/public/reference/countries': 'public',
  'GET /api/v1/public/reports/challenge': 'public',
  'POST /api/v1/public/reports': 'public',
  'GET /api/v1/public/reports/{reference}': 'public',
  'POST /api/v1/reports': 'report.create',
  'GET /api/v1/reports': 'report.read',
  'GET /api/v1/reports/overdue': 'report.read',
  'GET /api/v1/reports/{id}': 'report.read',
  'GET /api/v1/reports/{id}/contact': 'report.identity.read',
  'GET /api/v1/reports/{id}/notes': 'report.read',
  'GET /api/v1/reports/{id}/assignees': 'report.triage',
  'POST /api/v1/reports/{id}/acknowledge': 'report.triage',
  'POST /api/v1/reports/{id}/assign': 'report.triage',
  'POST /api/v1/reports/{id}/notes': 'report.triage',
  'POST /api/v1/reports/{id}/duplicate': 'report.triage',
  'POST /api/v1/reports/{id}/close': 'report.triage',
  'POST /api/v1/reports/{id}/open-case': 'report.triage',
  'GET /api/v1/reports/{id}/duplicates': 'report.read',
  'POST /api/v1/reports/{id}/duplicates/{candidateId}/dismiss': 'report.triage',
  'GET /api/v1/network/search': 'network.read',
  'GET /api/v1/network/map': 'network.read',
  'GET /api/v1/network/coverage': 'network.read',
  'GET /api/v1/network/coverage.csv': 'network.read',
  'GET /api/v1/network/partners/{id}': 'network.read',
  'PATCH /api/v1/network/partners/{id}': 'network.read',
  'GET /api/v1/network/partners/{id}/contacts': 'network.read',
  'POST /api/v1/network/partners/{id}/services': 'network.read',
  'PATCH /api/v1/network/services/{id}': 'network.read',
  'DELETE /api/v1/network/services/{id}': 'network.read',
  'POST /api/v1/network/partners/{id}/contacts': 'network.read',
  'PATCH /api/v1/network/contacts/{id}': 'network.read',
  'DELETE /api/v1/network/contacts/{id}': 'network.read',
  'POST /api/v1/network/import/preview': 'network.manage',
  'POST /api/v1/network/import/commit': 'network.manage',
  'GET /api/v1/network/export/partners.csv': 'network.read',
  'GET /api/v1/network/export/partners.xlsx': 'network.read',
  'GET /api/v1/network/export/contacts.csv': 'network.read',
  'GET /api/v1/network/export/contacts.xlsx': 'network.read',
  // Structures (issue 3): writes also need canManageStructure for the record's province.
  'GET /api/v1/committees': 'network.read',
  'POST /api/v1/committees': 'network.manage',
  'GET /api/v1/committees/{id}': 'network.read',
  'PATCH /api/v1/committees/{id}': 'network.manage',
  'GET /api/v1/committees/{id}/members': 'network.read',
  'POST /api/v1/committees/{id}/members': 'network.manage',
  'PATCH /api/v1/committee-members/{id}': 'network.manage',
  'GET /api/v1/committees/{id}/orders': 'network.read',
  'POST /api/v1/committees/{id}/orders': 'network.manage',
  'PATCH /api/v1/appointment-orders/{id}': 'network.manage',
  'GET /api/v1/documents/{id}': 'network.read',
  'GET /api/v1/committees/{id}/meetings': 'network.read',
  'POST /api/v1/committees/{id}/meetings': 'network.manage',
  'GET /api/v1/meetings/{id}': 'network.read',
  'PATCH /api/v1/meetings/{id}': 'network.manage',
  'POST /api/v1/meetings/{id}/action-items': 'network.manage',
  'PATCH /api/v1/action-items/{id}': 'network.manage',
  'GET /api/v1/committees/{id}/action-items': 'network.read',
  'GET /api/v1/action-items/overdue': 'network.read',
  'GET /api/v1/mdts': 'network.read',
  'POST /api/v1/mdts': 'network.manage',
  'GET /api/v1/mdts/{id}': 'network.read',
  'PATCH /api/v1/mdts/{id}': 'network.manage',
  'GET /api/v1/mdts/{id}/members': 'network.read',
  'POST /api/v1/mdts/{id}/members': 'network.manage',
  'PATCH /api/v1/mdt-members/{id}': 'network.manage',
  'GET /api/v1/mdts/{id}/roster': 'network.read',
  'PUT /api/v1/mdts/{id}/roster': 'network.manage',
  'GET /api/v1/mdts/{id}/on-call': 'network.read',
  'GET /api/v1/border-centres': 'network.read',
  'POST /api/v1/border-centres': 'network.manage',
  'GET /api/v1/border-centres/{id}': 'network.read',
  'PATCH /api/v1/border-centres/{id}': 'network.manage',
  'GET /api/v1/border-centres/{id}/staff': 'network.read',
  'POST /api/v1/border-centres/{id}/staff': 'network.manage',
  'PATCH /api/v1/border-centre-staff/{id}': 'network.manage',
  'GET /api/v1/subdistrict-centres': 'network.read',
  'POST /api/v1/subdistrict-centres': 'network.manage',
  'GET /api/v1/subdistrict-centres/{id}': 'network.read',
  'PATCH /api/v1/subdistrict-centres/{id}': 'network.manage',
  'GET /api/v1/volunteers': 'network.read',
  'POST /api/v1/volunteers': 'network.manage',
  'GET /api/v1/volunteers/{id}': 'network.read',
  'PATCH /api/v1/volunteers/{id}': 'network.manage',
};

const signsOut = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

function concretePath(path: string): string {
  return path
    .replace('{reference}', 'R-0000-0000')
    .replace('{code}', path.includes('provinces/{code}') ? '57' : '5701')
    .replace(/\{[^}]+\}/g, () => randomUUID());
}

describe('access: every route × every role', () => {
  let t: TestContext;
  let routes: { key: string; method: string; path: string; declared: string | undefined }[];
  const signed = new Map<RoleName, Signed>();
  const users = new Map<RoleName, Awaited<ReturnType<TestContext['user']>>>();

  beforeAll(async () => {
    t = await createTestContext();
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, declared: op['x-permission'],
      })),
    );
    for (const role of roleNames) {
      const u = await t.user([role], { provinceCode: roles[role].national ? null : '57' });
      users.set(role, u);
      signed.set(role, await t.login(u));
    }
  });
  afterAll(async () => { await t.close(); });

  it('the table names every route in the OpenAPI document, and nothing else', () => {
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(table).sort());
  });

  it('each route declares the access the table says', () => {
    for (const r of routes) expect([r.key, r.declared ?? 'public']).toEqual([r.key, table[r.key]]);
  });

  it('anonymous callers get 401 on everything but public routes', async () => {
    for (const r of routes) {
      const res = await t.as(null, { method: r.method, url: concretePath(r.path), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      if (table[r.key] === 'public') expect([r.key, res.statusCode]).not.toEqual([r.key, 401]);
      else expect([r.key, res.statusCode, res.json().error?.code]).toEqual([r.key, 401, 'NOT_SIGNED_IN']);
    }
  });

  it('each role is answered 403 exactly where it lacks the permission', async () => {
    const ordered = [...routes].sort((a, b) => Number(signsOut.has(a.key)) - Number(signsOut.has(b.key)));
    for (const role of roleNames) {
      for (const r of ordered) {
        const need = table[r.key]!;
        const res = await t.as(signed.get(role)!, {
          method: r.method, url: concretePath(r.path), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        const allowed = need === 'public' || need === 'session' || need === 'signed-in' || roles[role].permissions.includes(need);
        if (allowed) {
          expect([role, r.key, res.statusCode]).not.toEqual([role, r.key, 403]);
          expect([role, r.key, res.statusCode]).not.toEqual([role, r.key, 401]);
          expect(res.statusCode, `${role} ${r.key}: ${res.body}`).toBeLessThan(500);
        } else {
          expect([role, r.key, res.statusCode, res.json().error?.code]).toEqual([role, r.key, 403, 'FORBIDDEN']);
        }
        if (signsOut.has(r.key) && res.statusCode === 200) signed.set(role, await t.login(users.get(role)!));
      }
    }
  }, 300_000);

  it('a denied request is recorded in the audit log', async () => {
    const rows = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND outcome = 'denied'");
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
