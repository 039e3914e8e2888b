import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  StandardTable, StandardTableQuery, StatsCasesPage, StatsCasesQuery, StatsFilter, StatsServices, StatsSummary, StatsTimeliness, SUPPRESSION_THRESHOLD,
} from '../../../contracts/stats.js';
import {
  standardTableCsvExample, standardTableParamsExample, standardTableQueryExample, statsCasesExample, statsCasesQueryExample,
  statsQueryExample, statsServicesExample, statsSummaryExample, statsTimelinessExample,
} from '../../../contracts/examples.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createStatsService } from './stats.service.js';
import { exportTable } from './tables.js';

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/**
 * Statistics (issue 6): numbers in the caller's scope with small cells suppressed, the cases behind a number,
 * and the standard tables. Partner tokens holding `stats.read` get the numbers of their own scope.
 */
export const statsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createStatsService(deps);
  const tags = ['statistics'];
  const filterNote = 'Filters: from/to (YYYY-MM-DD, Thai time) or year (+ yearType calendar|fiscal); lists as `a,b` or repeated: '
    + 'province, exploitation, sex, ageBand, ageGroup, nationality, industry, stage, victimStatus. Unknown codes and from > to answer 400. '
    + 'Breakdowns list every value, zeros included (the examples leave out the rows of 0).';
  const filter = StatsFilter.meta({ examples: [statsQueryExample] });

  app.get('/stats/summary', {
    config: { access: 'stats.read' },
    schema: {
      tags, summary: 'Dashboard: victims, reports and cases with every breakdown (small cells suppressed)', description: filterNote,
      querystring: filter, response: { 200: StatsSummary.meta({ examples: [statsSummaryExample] }) },
    },
  }, async (req) => svc.summary(actorOf(req), req.query));

  app.get('/stats/timeliness', {
    config: { access: 'stats.read' },
    schema: {
      tags, summary: 'Median and 90th-percentile days between NRM steps; share of Act s.29 custody clocks met', description: filterNote,
      querystring: filter, response: { 200: StatsTimeliness.meta({ examples: [statsTimelinessExample] }) },
    },
  }, async (req) => svc.timeliness(actorOf(req), req.query));

  app.get('/stats/services', {
    config: { access: 'stats.read' },
    schema: {
      tags, summary: 'Services delivered by type and provider; referrals made, accepted, declined', description: filterNote,
      querystring: filter, response: { 200: StatsServices.meta({ examples: [statsServicesExample] }) },
    },
  }, async (req) => svc.services(actorOf(req), req.query));

  app.get('/stats/cases', {
    // A list of cases, not a number: it needs the right to read cases (a token that may only read
    // statistics would otherwise see exact counts per filter that the summary suppresses).
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'Drill-down: the cases behind a number (the same filter), only cases the caller may see, no identity', description: filterNote,
      querystring: StatsCasesQuery.meta({ examples: [statsCasesQueryExample] }),
      response: { 200: StatsCasesPage.meta({ examples: [statsCasesExample] }) },
    },
  }, async (req) => svc.cases(actorOf(req), req.query, auditContext(req)));

  app.get('/stats/tables/:table', {
    config: { access: 'stats.export' },
    schema: {
      tags,
      summary: 'A standard table for a calendar or fiscal year as CSV, XLSX or PDF, small cells shown as "<5" (audited)',
      description: 'format=pdf: A4 (landscape when wide), Thai headings with English beside them, years in พ.ศ. (fiscal years named '
        + 'ปีงบประมาณ), the suppression note, the caller\'s scope, generation time and page numbers; Noto Sans Thai embedded.',
      params: z.object({ table: StandardTable }).meta({ examples: [standardTableParamsExample] }),
      querystring: StandardTableQuery.meta({ examples: [standardTableQueryExample] }),
      response: {
        200: {
          description: 'The table in the format asked for. CSV: UTF-8 with a byte-order mark (for Excel), a header line of column codes, '
            + '"<5" for a suppressed count (the example: the timeliness table). XLSX and PDF are binary files.',
          headers: {
            'content-disposition': {
              type: 'string', description: 'attachment; filename="phakhi-{table, with dashes}-{year, as fy2025 for a fiscal year}.{format}"',
              examples: ['attachment; filename="phakhi-timeliness-fy2025.csv"'],
            },
            'x-suppression-threshold': { type: 'string', description: 'Counts from 1 to this are shown as "<5"', examples: [String(SUPPRESSION_THRESHOLD)] },
          },
          content: {
            'text/csv': { schema: z.string().meta({ examples: [standardTableCsvExample] }) },
            [contentTypes.xlsx]: { schema: z.string().meta({ format: 'binary' }) },
            [contentTypes.pdf]: { schema: z.string().meta({ format: 'binary' }) },
          },
        },
      },
    },
  }, async (req, reply) => {
    const { table } = req.params;
    const { body } = await exportTable(deps.database.db, svc, actorOf(req), table, req.query, auditContext(req));
    const name = `phakhi-${table.replace(/_/g, '-')}-${req.query.yearType === 'fiscal' ? 'fy' : ''}${req.query.year}.${req.query.format}`;
    return reply
      .type(contentTypes[req.query.format])
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-suppression-threshold', String(SUPPRESSION_THRESHOLD))
      // A Buffer is sent as it is: Fastify skips the serializer (the schemas above only document the file).
      .send(body as unknown as string);
  });
};
