import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CtdcExportQuery, ctdcHeaders } from '../../../contracts/ctdc.js';
import { ctdcCsvExample, ctdcHeadersExample, ctdcQueryExample } from '../../../contracts/examples.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { SUPPRESSION_THRESHOLD } from '../../../contracts/stats.js';
import { createCtdcService, headerCounts } from './ctdc.service.js';
import { SUPPRESSED_MARK } from './tables.js';

/** The response headers, documented (API.md). */
const ctdcHeaderNotes: Record<keyof typeof ctdcHeadersExample, string> = {
  [ctdcHeaders.method]: 'Always k-anonymity',
  [ctdcHeaders.k]: 'The k applied',
  [ctdcHeaders.records]: `Victims in scope and period (each person once), before suppression; "${SUPPRESSED_MARK}" when from 1 to ${SUPPRESSION_THRESHOLD}, or when the suppressed count is hidden (records − released would give it away)`,
  [ctdcHeaders.released]: 'Lines in the file',
  [ctdcHeaders.suppressed]: `Records withheld (in classes smaller than k after generalisation); "${SUPPRESSED_MARK}" when from 1 to ${SUPPRESSION_THRESHOLD}`,
  [ctdcHeaders.generalisation]: '`none`, or the generalisation steps applied, comma-separated',
  'content-disposition': 'attachment; filename="phakhi-ctdc-{from}-{to}-k{k}.csv"',
};

/**
 * `GET /api/v1/stats/export/ctdc` (API.md): anonymised victim records in CTDC's 27 variables, as CSV.
 * Needs `stats.export`; a provincial caller (or a provincial partner's token) gets its province's
 * victims, a national one the nation's. Every export is audited with who, filter, k and row counts.
 */
export const ctdcRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createCtdcService(deps);

  app.get('/stats/export/ctdc', {
    config: { access: 'stats.export' },
    schema: {
      tags: ['stats'],
      summary: 'Anonymised victim records with CTDC\'s 27 variable names, k-anonymised (CSV, audited)',
      description: [
        'One row per victim (actual, possible or not yet decided; each person once) registered in the years',
        '`from`–`to`, in your scope. k-anonymity over the combination of all 27 released variables:',
        'generalisation along a fixed hierarchy first (the first level suppressing at most 5 % of the records),',
        'then suppression of records still in classes smaller than k. Flags are `1` or empty.',
        `Headers: \`${ctdcHeaders.method}\` (k-anonymity), \`${ctdcHeaders.k}\`, \`${ctdcHeaders.records}\` (victims`,
        `before suppression), \`${ctdcHeaders.released}\`, \`${ctdcHeaders.suppressed}\` (records withheld) and`,
        `\`${ctdcHeaders.generalisation}\` (\`none\` or the generalisation steps applied, comma-separated).`,
        `Counts follow the statistics' small-cell rule: a suppressed count from 1 to ${SUPPRESSION_THRESHOLD} reads \`${SUPPRESSED_MARK}\`,`,
        `and so does the records total then (with the lines of the file it would give the suppressed count away) or when`,
        `it is itself from 1 to ${SUPPRESSION_THRESHOLD}. The released count is exact: it is the number of lines.`,
      ].join(' '),
      querystring: CtdcExportQuery.meta({ examples: [ctdcQueryExample] }),
      response: {
        200: {
          description: 'CSV (UTF-8, no byte-order mark): the header line of the 27 variable names, then one line per released victim. '
            + 'The example shows the header and three lines; in a whole file every line occurs at least k times.',
          headers: Object.fromEntries(Object.entries(ctdcHeaderNotes).map(([name, description]) => [name, {
            type: 'string', description, examples: [ctdcHeadersExample[name as keyof typeof ctdcHeadersExample]],
          }])),
          content: { 'text/csv': { schema: z.string().meta({ examples: [ctdcCsvExample] }) } },
        },
      },
    },
  }, async (req, reply) => {
    const { info, body } = await svc.exportCtdc(actorOf(req), req.query, auditContext(req));
    const shown = headerCounts(info);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="phakhi-ctdc-${req.query.from}-${req.query.to}-k${info.k}.csv"`)
      .header(ctdcHeaders.method, 'k-anonymity')
      .header(ctdcHeaders.k, String(info.k))
      .header(ctdcHeaders.records, shown.records)
      .header(ctdcHeaders.released, shown.released)
      .header(ctdcHeaders.suppressed, shown.suppressed)
      .header(ctdcHeaders.generalisation, info.levelName)
      // A stream is sent as it is: Fastify skips the serializer (the schema above only documents the file).
      .send(body as unknown as string);
  });
};
