import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Page } from './common.js';
import { CtdcExportQuery, ctdcFlags, ctdcGenders, ctdcVariables } from './ctdc.js';
import * as ex from './examples.js';
import {
  HtcdsCase, HtcdsCaseIn, HtcdsCasePage, HtcdsExportQuery, HtcdsImportReport, HtcdsImportRequest,
} from './exchange.js';
import { HtcdsExportJobRequest, HtcdsImportJobRequest, Job, JobPage } from './jobs.js';
import {
  StandardTable, StandardTableQuery, StatsCasesPage, StatsCasesQuery, StatsFilter, StatsServices, StatsSummary, StatsTimeliness,
  type Breakdown,
} from './stats.js';

/** Every example of src/contracts/examples.ts with the schema it documents. */
const responses: [string, z.ZodType, unknown][] = [
  ['statsSummaryExample', StatsSummary, ex.statsSummaryExample],
  ['statsTimelinessExample', StatsTimeliness, ex.statsTimelinessExample],
  ['statsServicesExample', StatsServices, ex.statsServicesExample],
  ['statsCasesExample', StatsCasesPage, ex.statsCasesExample],
  ['htcdsCasePageExample', HtcdsCasePage, ex.htcdsCasePageExample],
  ...ex.htcdsImportReportExamples.map((e, i): [string, z.ZodType, unknown] => [`htcdsImportReportExamples[${i}]`, HtcdsImportReport, e]),
  ['importJobQueuedExample', Job, ex.importJobQueuedExample],
  ['exportJobQueuedExample', Job, ex.exportJobQueuedExample],
  ['jobSucceededExample', Job, ex.jobSucceededExample],
  ['jobPageExample', JobPage, ex.jobPageExample],
  // GET /jobs/{id}/result: an export file ({ items } of HTCDS cases) or an import report.
  ['jobResultExamples[0]', HtcdsCasePage.pick({ items: true }), ex.jobResultExamples[0]],
  ['jobResultExamples[1]', HtcdsImportReport, ex.jobResultExamples[1]],
];
const requests: [string, z.ZodType, unknown][] = [
  ['statsQueryExample', StatsFilter, ex.statsQueryExample],
  ['statsCasesQueryExample', StatsCasesQuery, ex.statsCasesQueryExample],
  ['standardTableQueryExample', StandardTableQuery, ex.standardTableQueryExample],
  ['standardTableParamsExample.table', StandardTable, ex.standardTableParamsExample.table],
  ['ctdcQueryExample', CtdcExportQuery, ex.ctdcQueryExample],
  ['htcdsExportQueryExample', HtcdsExportQuery, ex.htcdsExportQueryExample],
  ['htcdsImportRequestExample', HtcdsImportRequest, ex.htcdsImportRequestExample],
  // The records of an import body are checked one by one on the server (`cases` is unknown[] in the body schema).
  ['htcdsCaseInExample', HtcdsCaseIn, ex.htcdsCaseInExample],
  ['htcdsImportJobRequestExample', HtcdsImportJobRequest, ex.htcdsImportJobRequestExample],
  ['htcdsExportJobRequestExample', HtcdsExportJobRequest, ex.htcdsExportJobRequestExample],
  ['jobsQueryExample', Page, ex.jobsQueryExample],
];

describe('OpenAPI examples (src/contracts/examples.ts)', () => {
  it.each(responses)('%s is a valid response, with no key the schema does not have', (_name, schema, example) => {
    const parsed = schema.safeParse(example);
    expect(parsed.error?.issues ?? []).toEqual([]);
    // Objects drop unknown keys when parsed: equal means every key of the example is one the API sends.
    expect(parsed.data).toEqual(example);
  });

  it.each(requests)('%s is a valid request', (_name, schema, example) => {
    const parsed = schema.safeParse(example);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('the import bodies carry records that are valid one by one', () => {
    for (const body of [ex.htcdsImportRequestExample, ex.htcdsImportJobRequestExample]) {
      for (const c of body.cases) expect(HtcdsCaseIn.safeParse(c).error?.issues ?? []).toEqual([]);
    }
  });

  describe('the statistics add up as the API\'s counting rules say', () => {
    const s = ex.statsSummaryExample;
    const visible = (b: Breakdown) => b.items.reduce((n, i) => n + (i.count ?? 0), 0);
    const count = (b: Breakdown, key: string) => b.items.find((i) => i.key === key)?.count ?? 0;
    /** A one-way breakdown (zero rows left out): sums to its total, or hides at least two cells that together make up the rest. */
    function addsUp(name: string, b: Breakdown) {
      const hidden = b.items.filter((i) => i.suppressed);
      expect(hidden.every((i) => i.count === null), name).toBe(true);
      if (b.multiValued) {
        expect(visible(b), name).toBeGreaterThanOrEqual(b.total.count!);
      } else if (hidden.length === 0) {
        expect(visible(b), name).toBe(b.total.count);
      } else {
        expect(hidden.length, `${name}: one hidden cell could be worked out from the total`).toBeGreaterThanOrEqual(2);
        expect(visible(b), name).toBeLessThan(b.total.count!);
      }
    }

    it('summary', () => {
      expect(s.totals.victims.count).toBe(s.totals.identified.count! + s.totals.possible.count!);
      expect(count(s.victims.byStatus, 'identified')).toBe(s.totals.identified.count);
      expect(count(s.victims.byStatus, 'possible')).toBe(s.totals.possible.count);
      for (const [name, b] of Object.entries(s.victims)) {
        expect(b.total, name).toEqual(s.totals.victims);
        addsUp(name, b);
      }
      addsUp('casesByStage', s.casesByStage);
      expect(s.casesByStage.total).toEqual(s.totals.cases);
      addsUp('reportsByMonth', s.reportsByMonth);
      expect(s.reportsByMonth.total).toEqual(s.totals.reports);
      // Linked breakdowns: months make the years; age bands make children and adults.
      for (const year of s.victims.byYear.items) {
        expect(s.victims.byMonth.items.filter((m) => m.key.startsWith(year.key)).reduce((n, m) => n + m.count!, 0)).toBe(year.count);
      }
      const children = s.victims.byAgeBand.items.filter((b) => b.key === '0-8' || b.key === '9-17').reduce((n, b) => n + b.count!, 0);
      expect(count(s.victims.byAgeGroup, 'child')).toBe(children);
      expect(count(s.victims.byAgeGroup, 'adult')).toBe(s.totals.victims.count! - children - count(s.victims.byAgeBand, 'unknown'));
      // Every month in the fiscal year of the filter.
      for (const m of [...s.victims.byMonth.items, ...s.reportsByMonth.items]) {
        expect(m.key >= s.filter.from!.slice(0, 7) && m.key <= s.filter.to!.slice(0, 7), m.key).toBe(true);
      }
    });

    it('timeliness', () => {
      const t = ex.statsTimelinessExample;
      expect(t.s29.met.count! + t.s29.notMet.count!).toBe(t.s29.clocks.count);
      expect(t.s29.share).toBe(Math.round((t.s29.met.count! / t.s29.clocks.count!) * 1000) / 1000);
      for (const m of t.measures) {
        if (m.n.suppressed) expect([m.medianDays, m.p90Days]).toEqual([null, null]);
        else expect(m.medianDays!).toBeLessThanOrEqual(m.p90Days!);
      }
      expect(t.filter).toEqual(s.filter);
    });

    it('services', () => {
      const v = ex.statsServicesExample;
      addsUp('deliveredByType', v.deliveredByType);
      addsUp('deliveredByProvider', v.deliveredByProvider);
      addsUp('referralsByStatus', v.referralsByStatus);
      expect(v.deliveredByProvider.total).toEqual(v.deliveredByType.total);
      expect(v.referrals.made).toEqual(v.referralsByStatus.total);
      expect(v.referrals.accepted.count).toBe(count(v.referralsByStatus, 'accepted') + count(v.referralsByStatus, 'revoked'));
      expect(v.referrals.declined.count).toBe(count(v.referralsByStatus, 'declined'));
      expect(Object.values(ex.exampleProviderIds).every((id) => v.deliveredByProvider.items.some((i) => i.key === id))).toBe(true);
    });
  });

  it('the CTDC example: the 27 variables, then lines of CTDC values and 1-or-empty flags', () => {
    const [header, ...lines] = ex.ctdcCsvExample.trimEnd().split('\n');
    expect(header!.split(',')).toEqual([...ctdcVariables]);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const cells = line.split(',');
      expect(cells).toHaveLength(ctdcVariables.length);
      expect(Number(cells[0])).toBeGreaterThanOrEqual(ex.ctdcQueryExample.from);
      expect(Number(cells[0])).toBeLessThanOrEqual(ex.ctdcQueryExample.to);
      expect([...ctdcGenders, '']).toContain(cells[1]);
      expect(cells.slice(6).every((f) => f === '1' || f === '')).toBe(true);
      expect(cells.slice(6)).toHaveLength(ctdcFlags.length);
    }
    expect(Number(ex.ctdcHeadersExample['x-anonymisation-records']))
      .toBe(Number(ex.ctdcHeadersExample['x-anonymisation-released']) + Number(ex.ctdcHeadersExample['x-anonymisation-suppressed']));
    expect(ex.ctdcHeadersExample['x-anonymisation-k']).toBe(String(ex.ctdcQueryExample.k));
    expect(ex.ctdcHeadersExample['content-disposition'])
      .toBe(`attachment; filename="phakhi-ctdc-${ex.ctdcQueryExample.from}-${ex.ctdcQueryExample.to}-k${ex.ctdcQueryExample.k}.csv"`);
  });

  it('the jobs agree with the requests that started them', () => {
    // An import counts each record twice: checked, then written.
    expect(ex.importJobQueuedExample.progressTotal).toBe(2 * ex.htcdsImportJobRequestExample.cases.length);
    expect(ex.jobSucceededExample.progressTotal).toBe(2 * (ex.jobSucceededExample.summary!['records'] as number));
    const sum = ex.jobSucceededExample.summary as { records: number; created: number; updated: number; invalid: number };
    expect(sum.created + sum.updated + sum.invalid).toBe(sum.records);
    for (const r of ex.htcdsImportReportExamples) expect(r.created + r.updated + r.invalid).toBe(r.records);
    expect(ex.htcdsImportReportExamples[0]!.results.map((r) => r.id)).toEqual(ex.htcdsImportRequestExample.cases.map((c) => c.id));
  });

  it('no identity in any example', () => {
    const text = JSON.stringify(ex);
    for (const key of ['prs_FirstName', 'prs_SecondName', 'prs_IdentityNumber', 'prs_MobilePhone', 'prs_MailingStreet']) expect(text).not.toContain(key);
  });
});
