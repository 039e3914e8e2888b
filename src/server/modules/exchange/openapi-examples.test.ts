import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctdcGenders, ctdcVariables } from '../../../contracts/ctdc.js';
import * as ex from '../../../contracts/examples.js';
import { StandardTableQuery, type Breakdown } from '../../../contracts/stats.js';
import { apiTokens } from '../../db/schema/index.js';
import { newTokenSecret } from '../../platform/auth/tokens.js';
import type { Actor } from '../../platform/access/actor.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { createJobQueue } from '../jobs/job-queue.js';
import { createJobRunner } from '../jobs/jobs.runner.js';
import { ageLabels, levels } from '../stats/ctdc.anonymise.js';
import type { StatsService } from '../stats/stats.service.js';
import { buildTable, renderTable } from '../stats/tables.js';

/**
 * Issue 6: the routes a partner system's token calls for statistics and exchange are documented with examples
 * (src/contracts/examples.ts), and the examples are what those routes really answer.
 */

type Media = { schema?: Record<string, unknown>; example?: unknown; examples?: Record<string, { value: unknown }> };
type Op = {
  'x-permission'?: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media>; headers?: Record<string, unknown> }>;
};

const PARTNER_ROUTES = [
  'GET /api/v1/stats/summary', 'GET /api/v1/stats/timeliness', 'GET /api/v1/stats/services', 'GET /api/v1/stats/cases',
  'GET /api/v1/stats/tables/{table}', 'GET /api/v1/stats/export/ctdc',
  'GET /api/v1/exchange/htcds/cases', 'POST /api/v1/exchange/htcds/cases', 'POST /api/v1/exchange/htcds/import-jobs',
  'POST /api/v1/exchange/htcds/export-jobs', 'GET /api/v1/jobs', 'GET /api/v1/jobs/{id}', 'GET /api/v1/jobs/{id}/result',
];

/** The examples of a media type, in order. */
const examplesOf = (m: Media): unknown[] => ('example' in m ? [m.example] : Object.values(m.examples ?? {}).map((e) => e.value));
const isBinary = (m: Media) => m.schema?.['format'] === 'binary';

describe('OpenAPI: examples on the partner routes (statistics, exchange, jobs)', () => {
  let t: TestContext;
  let ops: Map<string, Op>;
  let token: string;
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer() });
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: bearer() });
  const qs = (q: Record<string, unknown>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();

  beforeAll(async () => {
    t = await createTestContext();
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Op>> };
    ops = new Map(Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op] as const)));
    // The partner system of the Chiang Rai provincial centre, as in the examples.
    const org = await t.org({ provinceCode: '57', nameTh: 'ศูนย์ปฏิบัติการป้องกันและปราบปรามการค้ามนุษย์จังหวัดเชียงราย', nameEn: 'Chiang Rai anti-trafficking centre' });
    const tok = newTokenSecret();
    await t.database.db.insert(apiTokens).values({
      organisationId: org, name: 'partner system', tokenHash: tok.hash, prefix: tok.prefix,
      permissions: ['stats.read', 'stats.export', 'case.read', 'exchange.read', 'exchange.write'], expiresAt: new Date(Date.now() + 86_400_000),
    });
    token = tok.token;
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  describe('the document', () => {
    /** Every stats.* and exchange.* route, whatever is added later, and the job routes. */
    // The statistics drill-down lists cases, so it needs case.read; it belongs with the statistics routes.
    const routes = () => [...ops].filter(([key, op]) => /^(stats|exchange)\./.test(op['x-permission'] ?? '') || key.includes(' /api/v1/jobs') || key.includes(' /api/v1/stats/'));

    it('lists the partner routes', () => {
      expect(routes().map(([key]) => key).sort()).toEqual([...PARTNER_ROUTES].sort());
    });

    it('has an example on every 200/202 response and every request body (binary files excepted), and on parameters', () => {
      for (const [key, op] of routes()) {
        const ok = Object.entries(op.responses).filter(([code]) => code === '200' || code === '202');
        expect(ok.length, key).toBeGreaterThan(0);
        for (const [code, res] of ok) {
          const media = Object.entries(res.content ?? {});
          expect(media.length, `${key} ${code}: no content`).toBeGreaterThan(0);
          for (const [type, m] of media) if (!isBinary(m)) expect(examplesOf(m).length, `${key} ${code} ${type}`).toBeGreaterThan(0);
        }
        for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) expect(examplesOf(m).length, `${key} body ${type}`).toBeGreaterThan(0);
        if (op.parameters?.length) expect(op.parameters.some((p) => p.example !== undefined), `${key}: no parameter example`).toBe(true);
      }
    });

    it('carries the examples of src/contracts/examples.ts unchanged', () => {
      const body = (key: string) => examplesOf(Object.values(ops.get(key)!.requestBody!.content)[0]!);
      const ok = (key: string, code = '200', type = 'application/json') => examplesOf(ops.get(key)!.responses[code]!.content![type]!);
      const params = (key: string) => Object.fromEntries((ops.get(key)!.parameters ?? []).filter((p) => p.example !== undefined).map((p) => [p.name, p.example]));
      expect(ok('GET /api/v1/stats/summary')).toEqual([ex.statsSummaryExample]);
      expect(ok('GET /api/v1/stats/timeliness')).toEqual([ex.statsTimelinessExample]);
      expect(ok('GET /api/v1/stats/services')).toEqual([ex.statsServicesExample]);
      expect(ok('GET /api/v1/stats/cases')).toEqual([ex.statsCasesExample]);
      expect(ok('GET /api/v1/stats/tables/{table}', '200', 'text/csv')).toEqual([ex.standardTableCsvExample]);
      expect(ok('GET /api/v1/stats/export/ctdc', '200', 'text/csv')).toEqual([ex.ctdcCsvExample]);
      expect(ok('GET /api/v1/exchange/htcds/cases')).toEqual([ex.htcdsCasePageExample]);
      expect(ok('POST /api/v1/exchange/htcds/cases')).toEqual(ex.htcdsImportReportExamples);
      expect(ok('POST /api/v1/exchange/htcds/import-jobs', '202')).toEqual([ex.importJobQueuedExample]);
      expect(ok('POST /api/v1/exchange/htcds/export-jobs', '202')).toEqual([ex.exportJobQueuedExample]);
      expect(ok('GET /api/v1/jobs')).toEqual([ex.jobPageExample]);
      expect(ok('GET /api/v1/jobs/{id}')).toEqual([ex.jobSucceededExample]);
      expect(ok('GET /api/v1/jobs/{id}/result')).toEqual([...ex.jobResultExamples]);
      expect(body('POST /api/v1/exchange/htcds/cases')).toEqual([ex.htcdsImportRequestExample]);
      expect(body('POST /api/v1/exchange/htcds/import-jobs')).toEqual([ex.htcdsImportJobRequestExample]);
      expect(body('POST /api/v1/exchange/htcds/export-jobs')).toEqual([ex.htcdsExportJobRequestExample]);
      for (const key of ['GET /api/v1/stats/summary', 'GET /api/v1/stats/timeliness', 'GET /api/v1/stats/services']) expect(params(key), key).toEqual(ex.statsQueryExample);
      expect(params('GET /api/v1/stats/cases')).toEqual(ex.statsCasesQueryExample);
      expect(params('GET /api/v1/stats/tables/{table}')).toEqual({ ...ex.standardTableQueryExample, ...ex.standardTableParamsExample });
      expect(params('GET /api/v1/stats/export/ctdc')).toEqual(ex.ctdcQueryExample);
      expect(params('GET /api/v1/exchange/htcds/cases')).toEqual(ex.htcdsExportQueryExample);
      expect(params('GET /api/v1/jobs')).toEqual(ex.jobsQueryExample);
      expect(params('GET /api/v1/jobs/{id}')).toEqual(ex.jobParamsExample);
      const ctdcHeaders = ops.get('GET /api/v1/stats/export/ctdc')!.responses['200']!.headers!;
      expect(Object.keys(ctdcHeaders).sort()).toEqual(Object.keys(ex.ctdcHeadersExample).sort());
    });
  });

  describe('the examples are what the routes answer a Chiang Rai partner token', () => {
    const labelled = (b: Breakdown) => b.items.map((i) => ({ key: i.key, labelTh: i.labelTh, labelEn: i.labelEn }));
    /** Each breakdown of the example: its rows' keys and labels are among the real ones (the example leaves out the zeros). */
    function sameBreakdowns(path: string, example: unknown, real: unknown) {
      if (example && typeof example === 'object' && 'items' in example && 'multiValued' in example) {
        const e = example as Breakdown;
        const r = real as Breakdown;
        expect(r.multiValued, path).toBe(e.multiValued);
        const providers = new Set<string>(Object.values(ex.exampleProviderIds));
        expect(labelled(r), path).toEqual(expect.arrayContaining(labelled(e).filter((i) => !providers.has(i.key))));
        // In the real order.
        const order = r.items.map((i) => i.key);
        const shown = e.items.map((i) => i.key).filter((k) => !providers.has(k));
        expect(shown, path).toEqual([...shown].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
        return;
      }
      if (example && typeof example === 'object' && !Array.isArray(example)) {
        expect(Object.keys(real as object).sort(), path).toEqual(Object.keys(example).sort());
        for (const [k, v] of Object.entries(example)) sameBreakdowns(`${path}.${k}`, v, (real as Record<string, unknown>)[k]);
      }
    }

    it('statistics: the filter as applied, the scope, suppression, and the breakdowns\' keys and labels', async () => {
      for (const [route, example] of [['summary', ex.statsSummaryExample], ['timeliness', ex.statsTimelinessExample], ['services', ex.statsServicesExample]] as const) {
        const res = await get(`/api/v1/stats/${route}?${qs(ex.statsQueryExample)}`);
        expect(res.statusCode, res.body).toBe(200);
        const real = res.json();
        expect(real.filter, route).toEqual(example.filter);
        expect(real.scope, route).toEqual(example.scope);
        expect(real.suppression, route).toEqual(example.suppression);
        sameBreakdowns(route, example, real);
      }
      const t2 = (await get(`/api/v1/stats/timeliness?${qs(ex.statsQueryExample)}`)).json();
      expect(t2.measures.map((m: { key: string; labelTh: string; labelEn: string }) => [m.key, m.labelTh, m.labelEn]))
        .toEqual(ex.statsTimelinessExample.measures.map((m) => [m.key, m.labelTh, m.labelEn]));
      const drill = await get(`/api/v1/stats/cases?${qs(ex.statsCasesQueryExample)}`);
      expect(drill.statusCode, drill.body).toBe(200);
      expect(drill.json()).toEqual({ items: [], nextCursor: null });
    });

    it('standard table: the CSV the server makes of the timeliness example is the CSV example; the real one has its header', async () => {
      const q = StandardTableQuery.parse(ex.standardTableQueryExample);
      const svc = { timeliness: async () => ex.statsTimelinessExample } as unknown as StatsService;
      const data = await buildTable(svc, {} as Actor, ex.standardTableParamsExample.table, q);
      expect((await renderTable(data, 'csv', q)).toString('utf8')).toBe(ex.standardTableCsvExample);
      const res = await get(`/api/v1/stats/tables/${ex.standardTableParamsExample.table}?${qs(ex.standardTableQueryExample)}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body.split('\n')[0]).toBe(ex.standardTableCsvExample.split('\n')[0]);
      const headers = ops.get('GET /api/v1/stats/tables/{table}')!.responses['200']!.headers as Record<string, { schema: { examples: string[] } }>;
      for (const [name, h] of Object.entries(headers)) expect(res.headers[name], name).toBe(h.schema.examples[0]);
    });

    it('CTDC export: the header line, the documented headers, and lines as the named generalisation writes them', async () => {
      const res = await get(`/api/v1/stats/export/ctdc?${qs(ex.ctdcQueryExample)}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body.split('\n')[0]).toBe(ex.ctdcCsvExample.split('\n')[0]);
      for (const name of Object.keys(ex.ctdcHeadersExample)) expect(res.headers[name], name).toBeDefined();
      expect(res.headers['content-disposition']).toBe(ex.ctdcHeadersExample['content-disposition']);
      const level = levels.find((l) => l.name === ex.ctdcHeadersExample['x-anonymisation-generalisation']);
      expect(level).toBeDefined();
      for (const line of ex.ctdcCsvExample.trimEnd().split('\n').slice(1)) {
        const c = Object.fromEntries(line.split(',').map((v, i) => [ctdcVariables[i]!, v]));
        expect(c['yearOfRegistration']).toMatch(level!.year === 'exact' ? /^\d{4}$/ : /^\d{4}(–\d{4})?$/);
        expect(level!.gender === 'keep' ? [...ctdcGenders] : ['']).toContain(c['gender']);
        expect(level!.age === 'blank' ? [''] : ['', ...ageLabels[level!.age]]).toContain(c['ageBroad']);
        if (level!.months === 'blank') expect(c['traffickMonths']).toBe('');
      }
    });

    it('HTCDS: the import example is taken as it is, and exporting the case again gives the GET example (but for Phakhi\'s own ids)', async () => {
      const imported = await post('/api/v1/exchange/htcds/cases', ex.htcdsImportRequestExample);
      expect(imported.statusCode, imported.body).toBe(200);
      const report = imported.json();
      const [reportExample] = ex.htcdsImportReportExamples;
      expect({ ...report, results: report.results.map((r: object) => ({ ...r, caseId: null, caseNumber: null })) })
        .toEqual({ ...reportExample, results: reportExample!.results.map((r) => ({ ...r, caseId: null, caseNumber: null })) });
      expect(report.results[0].caseNumber).toMatch(/^57-\d{4}-\d{5}$/);

      const res = await get(`/api/v1/exchange/htcds/cases?${qs(ex.htcdsExportQueryExample)}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.items).toHaveLength(1);
      // Persons written together come out in no set order.
      const own = (c: typeof ex.htcdsCaseExample) => ({
        ...c, id: 'x', caseNumber: 'x', updatedAt: 'x', cas_CaseOwner: 'x',
        persons: c.persons.map((p) => ({ ...p, id: 'x' })).sort((a, b) => String(a.prs_Birthdate).localeCompare(String(b.prs_Birthdate))),
      });
      expect(own(page.items[0])).toEqual(own(ex.htcdsCaseExample));
      expect({ ...page, items: [] }).toEqual({ ...ex.htcdsCasePageExample, items: [] });
    });

    it('jobs: the 202s, the list, a finished job and its result', async () => {
      const started = await post('/api/v1/exchange/htcds/import-jobs', ex.htcdsImportJobRequestExample);
      expect(started.statusCode, started.body).toBe(202);
      const own = <T extends { id: string; createdAt: string }>(j: T) => ({ ...j, id: 'x', createdAt: 'x' });
      expect(own(started.json())).toEqual(own(ex.importJobQueuedExample));
      const exporting = await post('/api/v1/exchange/htcds/export-jobs', ex.htcdsExportJobRequestExample);
      expect(exporting.statusCode, exporting.body).toBe(202);
      expect(own(exporting.json())).toEqual(own(ex.exportJobQueuedExample));

      const silent = { error: () => {} };
      const runner = createJobRunner({ database: t.database, cipher: t.cipher, config: { secureCookies: false, production: false } }, createJobQueue(t.database, silent), silent);
      await runner.run(started.json().id);
      await runner.run(exporting.json().id);
      const done = (await get(`/api/v1/jobs/${started.json().id}`)).json();
      expect(done).toMatchObject({ kind: 'htcds_import', status: 'succeeded', phase: 'writing', error: null, resultName: ex.jobSucceededExample.resultName });
      expect(Object.keys(done.summary).sort()).toEqual(Object.keys(ex.jobSucceededExample.summary!).sort());
      const list = await get(`/api/v1/jobs?${qs(ex.jobsQueryExample)}`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items.map((j: { kind: string }) => j.kind)).toEqual(['htcds_export', 'htcds_import']);

      const file = await get(`/api/v1/jobs/${exporting.json().id}/result`);
      expect(file.statusCode, file.body).toBe(200);
      const [fileExample, reportExample] = ex.jobResultExamples;
      expect(Object.keys(file.json())).toEqual(Object.keys(fileExample));
      expect(file.json().items.map((c: { id: string }) => c.id)).toEqual((await get('/api/v1/exchange/htcds/cases')).json().items.map((c: { id: string }) => c.id));
      const importReport = (await get(`/api/v1/jobs/${started.json().id}/result`)).json();
      // The job sent the same record again: it updated the case the direct import created.
      expect(importReport).toMatchObject({ records: 1, created: 0, updated: 1, invalid: 0, committed: true, dryRun: false });
      expect(Object.keys(importReport).sort()).toEqual(Object.keys(reportExample).sort());
    });
  });
});
