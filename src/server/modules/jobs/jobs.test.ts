import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { apiTokens } from '../../db/schema/index.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { createJobQueue } from './job-queue.js';
import { createJobRunner, type JobRunner } from './jobs.runner.js';

const silent = { error: () => {} };

describe('background jobs: HTCDS imports and exports with progress, results and restarts', () => {
  let t: TestContext;
  let org57: string;
  let officer: Signed;
  let writer: string;
  let reader: string;
  let other: string;
  let runner: JobRunner;
  let records: Record<string, unknown>[];

  const as = (tok: string, req: { method: string; url: string; payload?: object }) =>
    t.as(null, { ...req, headers: { authorization: `Bearer ${tok}` } });
  async function makeToken(organisationId: string, permissions: string[]) {
    const tok = newTokenSecret();
    await t.database.db.insert(apiTokens).values({
      organisationId, name: `jobs ${permissions.join(',')}`, tokenHash: tok.hash, prefix: tok.prefix, permissions, expiresAt: new Date(Date.now() + 86_400_000),
    });
    return tok.token;
  }
  const record = (n: number, extra: Record<string, unknown> = {}) => ({
    id: `src-case-${n}`, cas_Status: 'Active',
    persons: [{ id: `src-person-${n}`, prs_Gender: n % 2 ? 'Feminine' : 'Masculine', prs_Birthdate: '1990-01-01', prs_Citizenship: ['MMR'],
      vic_TypeOfExploitation: ['ForcedLabour'], con_Consent: true, events: [{ hte_Type: 'Recruitment', hte_Date: '2025-01-01', hte_Country: 'MMR' }], ...extra }],
  });
  const count = async (sql: string) => (await t.database.query<{ n: number }>(sql))[0]!.n;

  beforeAll(async () => {
    t = await createTestContext();
    org57 = await t.org({ provinceCode: '57' });
    officer = await t.login(await t.user(['provincial_officer'], { organisationId: org57 }));
    writer = await makeToken(org57, ['exchange.read', 'exchange.write']);
    reader = await makeToken(org57, ['exchange.read']);
    other = await makeToken(org57, ['exchange.read', 'exchange.write']);
    runner = createJobRunner({ database: t.database, cipher: t.cipher, config: { secureCookies: false, production: false } }, createJobQueue(t.database, silent), silent);
    // 1,100 records: two stored parts (the second a short one).
    records = Array.from({ length: 1100 }, (_, i) => record(i));
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('an import job: 202 at once, then checked and written part by part, with progress and a report to download', async () => {
    const started = await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: records } });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ kind: 'htcds_import', status: 'queued', progressDone: 0, progressTotal: 2200, resultName: null });
    expect(await count('SELECT count(*)::int AS n FROM cases')).toBe(0);
    // The stored input is encrypted: no record text in the parts.
    const parts = await t.database.query<{ data_enc: string }>('SELECT data_enc FROM background_job_parts');
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.data_enc).join('')).not.toContain('src-case');
    const early = await as(writer, { method: 'GET', url: `/api/v1/jobs/${job.id}/result` });
    expect(early.statusCode).toBe(409);

    await runner.run(job.id);
    const done = (await as(writer, { method: 'GET', url: `/api/v1/jobs/${job.id}` })).json();
    expect(done).toMatchObject({ status: 'succeeded', phase: 'writing', progressDone: 2200, progressTotal: 2200, error: null });
    expect(done.summary).toMatchObject({ records: 1100, created: 1100, updated: 0, invalid: 0 });
    expect(await count('SELECT count(*)::int AS n FROM cases')).toBe(1100);
    expect(await count('SELECT count(*)::int AS n FROM background_job_parts')).toBe(0);
    const result = await as(writer, { method: 'GET', url: `/api/v1/jobs/${job.id}/result` });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-disposition']).toContain('htcds-import-report.json');
    const report = result.json();
    expect(report.results).toHaveLength(1100);
    expect(report.results[1099]).toMatchObject({ index: 1099, id: 'src-case-1099', outcome: 'created' });
    const [audit] = await t.database.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'exchange.htcds_imported' ORDER BY seq DESC LIMIT 1");
    expect(audit!.details).toMatchObject({ records: 1100, created: 1100, jobId: job.id });
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'job.result_downloaded'")).toBe(1);
    // Each created case has its audit entry, written in bulk, and the hash chain holds.
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.created' AND details->>'via' = 'htcds_import'")).toBe(1100);
    expect(await verifyAuditChain(t.database)).toMatchObject({ ok: true, firstBroken: null });

    // The same records again, as a job: all updated, none duplicated.
    const again = (await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: records } })).json();
    await runner.run(again.id);
    expect((await as(writer, { method: 'GET', url: `/api/v1/jobs/${again.id}` })).json().summary).toMatchObject({ created: 0, updated: 1100 });
    expect(await count('SELECT count(*)::int AS n FROM cases')).toBe(1100);
  }, 240_000);

  it('a bad record anywhere fails the job before anything is written; the report names it', async () => {
    const before = await count('SELECT count(*)::int AS n FROM cases');
    const batch = [...Array.from({ length: 1500 }, (_, i) => record(10_000 + i)), record(20_000, { prs_Gender: 'Unknown' })];
    const job = (await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: batch } })).json();
    await runner.run(job.id);
    const failed = (await as(writer, { method: 'GET', url: `/api/v1/jobs/${job.id}` })).json();
    expect(failed).toMatchObject({ status: 'failed', phase: 'validating', error: { code: 'HTCDS_IMPORT_HAS_ERRORS' } });
    expect(failed.error.messageTh).toMatch(/ไม่ได้นำเข้า/);
    expect(failed.summary).toMatchObject({ records: 1501, invalid: 1, committed: false });
    const report = (await as(writer, { method: 'GET', url: `/api/v1/jobs/${job.id}/result` })).json();
    expect(report.results.filter((r: { outcome: string }) => r.outcome === 'invalid')).toEqual([
      expect.objectContaining({ index: 1500, id: 'src-case-20000', errors: [expect.objectContaining({ path: 'persons.0.prs_Gender' })] }),
    ]);
    expect(await count('SELECT count(*)::int AS n FROM cases')).toBe(before);
  }, 120_000);

  it('an export job gives what the paged export gives, as one file', async () => {
    const job = (await as(reader, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json();
    expect(job).toMatchObject({ kind: 'htcds_export', status: 'queued' });
    await runner.run(job.id);
    const done = (await as(reader, { method: 'GET', url: `/api/v1/jobs/${job.id}` })).json();
    expect(done).toMatchObject({ status: 'succeeded', phase: 'exporting', progressDone: 1100, progressTotal: 1100, summary: { cases: 1100, persons: 1100 } });
    const file = (await as(reader, { method: 'GET', url: `/api/v1/jobs/${job.id}/result` })).json();
    const first = (await as(reader, { method: 'GET', url: '/api/v1/exchange/htcds/cases?limit=3' })).json();
    expect(file.items).toHaveLength(1100);
    expect(file.items.slice(0, 3)).toEqual(first.items);
  }, 120_000);

  it('jobs are their starter\'s only: another token or user gets 404, the list shows their own', async () => {
    const mine = (await as(reader, { method: 'GET', url: '/api/v1/jobs' })).json();
    expect(mine.items.map((j: { kind: string }) => j.kind)).toEqual(['htcds_export']);
    const jobId = mine.items[0].id as string;
    expect((await as(other, { method: 'GET', url: `/api/v1/jobs/${jobId}` })).statusCode).toBe(404);
    expect((await as(other, { method: 'GET', url: `/api/v1/jobs/${jobId}/result` })).statusCode).toBe(404);
    expect((await t.as(officer, { method: 'GET', url: `/api/v1/jobs/${jobId}` })).statusCode).toBe(404);
    expect((await as(other, { method: 'GET', url: '/api/v1/jobs' })).json().items).toEqual([]);
    expect((await as(reader, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: [record(1)] } })).statusCode).toBe(403);
    expect((await t.as(null, { method: 'GET', url: '/api/v1/jobs' })).statusCode).toBe(401);
    expect((await as(writer, { method: 'GET', url: '/api/v1/jobs/not-a-uuid' })).statusCode).toBe(400);
  });

  it('bad requests: a province outside the caller\'s, an empty batch, a body over 128 MB', async () => {
    expect((await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { provinceCode: '63', cases: [record(1)] } })).statusCode).toBe(403);
    expect((await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: [] } })).statusCode).toBe(400);
    const huge = await t.as(null, {
      method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: `{"cases":["${'x'.repeat(129 * 1024 * 1024)}"]}`,
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
    });
    expect(huge.statusCode).toBe(413);
    expect(await count("SELECT count(*)::int AS n FROM background_jobs WHERE status = 'queued'")).toBe(0);
  }, 60_000);

  it('a job whose starter was deactivated does not run', async () => {
    const u = await t.user(['provincial_officer'], { organisationId: org57 });
    const s = await t.login(u);
    const started = await t.as(s, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} });
    expect(started.statusCode, started.body).toBe(202);
    await t.database.query('UPDATE users SET active = false WHERE id = $1', [u.id]);
    await runner.run(started.json().id);
    const [row] = await t.database.query<{ status: string; error_code: string }>('SELECT status, error_code FROM background_jobs WHERE id = $1', [started.json().id]);
    expect(row).toEqual({ status: 'failed', error_code: 'JOB_OWNER_INACTIVE' });
  });

  it('a job whose starter\'s organisation was deactivated does not run, whether a user or a token started it (as sign-in and the API refuse them)', async () => {
    const org = await t.org({ provinceCode: '57' });
    const userSession = await t.login(await t.user(['provincial_officer'], { organisationId: org }));
    const token = await makeToken(org, ['exchange.read', 'exchange.write']);
    const byUser = await t.as(userSession, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} });
    const byToken = await as(token, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} });
    expect([byUser.statusCode, byToken.statusCode]).toEqual([202, 202]);
    await t.database.query('UPDATE organisations SET active = false WHERE id = $1', [org]);
    for (const id of [byUser.json().id, byToken.json().id]) {
      await runner.run(id);
      const [row] = await t.database.query<{ status: string; error_code: string }>('SELECT status, error_code FROM background_jobs WHERE id = $1', [id]);
      expect(row).toEqual({ status: 'failed', error_code: 'JOB_OWNER_INACTIVE' });
    }
  });

  /** What the job stored as its result, read past the download's checks. */
  const storedResult = async (id: string) => {
    const [row] = await t.database.query<{ result_enc: string }>('SELECT result_enc FROM background_jobs WHERE id = $1', [id]);
    return t.cipher.decrypt(row!.result_enc);
  };
  const jobRow = async (id: string) =>
    (await t.database.query<{ status: string; error_code: string | null }>('SELECT status, error_code FROM background_jobs WHERE id = $1', [id]))[0];

  it('a token\'s job acts with the permissions the token holds when it runs, and an identity result needs case.identity.read to download', async () => {
    const identityWriter = await makeToken(org57, ['exchange.read', 'exchange.write', 'case.identity.read']);
    const named = record(40_000, { prs_FirstName: 'มาลีนามจริง' });
    const imported = await as(identityWriter, { method: 'POST', url: '/api/v1/exchange/htcds/cases', payload: { cases: [named] } });
    expect(imported.statusCode, imported.body).toBe(200);
    const namedCase = imported.json().results[0].caseId as string;
    const tok = newTokenSecret();
    await t.database.db.insert(apiTokens).values({
      organisationId: org57, name: 'jobs identity reader', tokenHash: tok.hash, prefix: tok.prefix, permissions: ['exchange.read', 'case.identity.read'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const ranBefore = (await as(tok.token, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json();
    const ranAfter = (await as(tok.token, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json();
    await runner.run(ranBefore.id);
    expect(await storedResult(ranBefore.id)).toContain('มาลีนามจริง');
    expect((await as(tok.token, { method: 'GET', url: `/api/v1/jobs/${ranBefore.id}/result` })).statusCode).toBe(200);

    // The token loses case.identity.read: a job started before runs without it, and no identity result is handed over.
    await t.database.query(`UPDATE api_tokens SET permissions = '{exchange.read}' WHERE token_hash = $1`, [tok.hash]);
    await runner.run(ranAfter.id);
    expect(await jobRow(ranAfter.id)).toEqual({ status: 'succeeded', error_code: null });
    const without = await storedResult(ranAfter.id);
    expect(without).toContain(namedCase);
    expect(without).not.toContain('มาลีนามจริง');
    for (const id of [ranBefore.id, ranAfter.id]) {
      const denied = await as(tok.token, { method: 'GET', url: `/api/v1/jobs/${id}/result` });
      expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'FORBIDDEN']);
    }
    // A job whose kind's permission was taken away does not run at all.
    const importer = newTokenSecret();
    await t.database.db.insert(apiTokens).values({
      organisationId: org57, name: 'jobs importer', tokenHash: importer.hash, prefix: importer.prefix, permissions: ['exchange.read', 'exchange.write'],
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const imp = (await as(importer.token, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: [record(40_001)] } })).json();
    await t.database.query(`UPDATE api_tokens SET permissions = '{exchange.read}' WHERE token_hash = $1`, [importer.hash]);
    await runner.run(imp.id);
    expect(await jobRow(imp.id)).toEqual({ status: 'failed', error_code: 'FORBIDDEN' });
    expect(await count("SELECT count(*)::int AS n FROM exchange_links WHERE external_id = 'src-case-40001'")).toBe(0);
  });

  it('a user\'s job acts with the roles the user holds when it runs (narrower scope, fewer permissions)', async () => {
    // A case of another organisation of the province, which a provincial officer sees and an organisation-scoped role does not.
    const neighbour = await t.org({ provinceCode: '57' });
    const theirs = await makeToken(neighbour, ['exchange.read', 'exchange.write']);
    const imported = await as(theirs, { method: 'POST', url: '/api/v1/exchange/htcds/cases', payload: { cases: [record(41_000)] } });
    expect(imported.statusCode, imported.body).toBe(200);
    const neighbourCase = imported.json().results[0].caseId as string;
    const u = await t.user(['provincial_officer'], { organisationId: org57 });
    const s = await t.login(u);
    const start = async () => {
      const r = await t.as(s, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} });
      expect(r.statusCode, r.body).toBe(202);
      return r.json().id as string;
    };
    const wide = await start();
    const narrow = await start();
    const none = await start();
    await runner.run(wide);
    expect(await storedResult(wide)).toContain(neighbourCase);
    // Now a partner-system user: organisation scope, exchange.read only.
    await t.database.query(`UPDATE user_roles SET role = 'partner_system' WHERE user_id = $1`, [u.id]);
    await runner.run(narrow);
    expect(await jobRow(narrow)).toEqual({ status: 'succeeded', error_code: null });
    expect(await storedResult(narrow)).not.toContain(neighbourCase);
    // Now without exchange.read: the job does not run.
    await t.database.query(`UPDATE user_roles SET role = 'mdt_member' WHERE user_id = $1`, [u.id]);
    await runner.run(none);
    expect(await jobRow(none)).toEqual({ status: 'failed', error_code: 'FORBIDDEN' });
  });

  it('a job whose starter moved to another organisation, or whose organisation moved province, does not run', async () => {
    const org = await t.org({ provinceCode: '57' });
    const u = await t.user(['provincial_officer'], { organisationId: org });
    const s = await t.login(u);
    const token = await makeToken(org, ['exchange.read']);
    const byUser = (await t.as(s, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json().id as string;
    const byToken = (await as(token, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json().id as string;
    const byUserMoved = (await t.as(s, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json().id as string;
    // The organisation now sits in another province: neither the user's nor the token's job runs.
    await t.database.query(`UPDATE organisations SET province_code = '63' WHERE id = $1`, [org]);
    for (const id of [byUser, byToken]) {
      await runner.run(id);
      expect(await jobRow(id)).toEqual({ status: 'failed', error_code: 'JOB_OWNER_MOVED' });
    }
    // The user now works for another organisation.
    await t.database.query('UPDATE users SET organisation_id = $2 WHERE id = $1', [u.id, await t.org({ provinceCode: '57' })]);
    await runner.run(byUserMoved);
    expect(await jobRow(byUserMoved)).toEqual({ status: 'failed', error_code: 'JOB_OWNER_MOVED' });
    // The job is still the user's to look at, with the reason in Thai and English.
    const shown = await t.as(s, { method: 'GET', url: `/api/v1/jobs/${byUserMoved}` });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().error).toMatchObject({ code: 'JOB_OWNER_MOVED', message: expect.stringMatching(/organisation or province/), messageTh: expect.stringMatching(/[\u0E00-\u0E7F]/) });
  });

  it('survives a restart: queued with one server, run by the next one\'s worker; a running job whose server died is taken again', async () => {
    const queued = (await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: [record(30_000), record(30_001)] } })).json();
    // A job a dead server was running: its heartbeat stopped three minutes ago.
    const orphan = (await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/import-jobs', payload: { cases: [record(30_002)] } })).json();
    await t.database.query(`UPDATE background_jobs SET status = 'running', heartbeat_at = now() - interval '3 minutes' WHERE id = $1`, [orphan.id]);
    // A job another live server is running is left alone.
    const busy = (await as(writer, { method: 'POST', url: '/api/v1/exchange/htcds/export-jobs', payload: {} })).json();
    await t.database.query(`UPDATE background_jobs SET status = 'running', heartbeat_at = now() WHERE id = $1`, [busy.id]);
    await t.app.close();

    const queue = createJobQueue(t.database, silent, { pollingIntervalSeconds: 0.5 });
    const deps = { database: t.database, cipher: t.cipher, config: { secureCookies: false, production: false } };
    const app = await buildApp({ ...deps, jobQueue: queue, logLevel: 'silent' });
    const next = createJobRunner(deps, queue, silent);
    await next.start();
    try {
      const status = async (id: string) => (await t.database.query<{ status: string }>('SELECT status FROM background_jobs WHERE id = $1', [id]))[0]!.status;
      for (let i = 0; i < 120 && ((await status(queued.id)) !== 'succeeded' || (await status(orphan.id)) !== 'succeeded'); i++) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await status(queued.id)).toBe('succeeded');
      expect(await status(orphan.id)).toBe('succeeded');
      expect(await status(busy.id)).toBe('running');
      expect(await count("SELECT count(*)::int AS n FROM cases WHERE id IN (SELECT local_id FROM exchange_links WHERE external_id LIKE 'src-case-3000%')")).toBe(3);
    } finally {
      await next.stop();
      await app.close();
      t.app = app;
    }
  }, 120_000);
});
