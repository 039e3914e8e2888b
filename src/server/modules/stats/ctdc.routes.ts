import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CtdcExportQuery, ctdcHeaders } from '../../../contracts/ctdc.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createCtdcService } from './ctdc.service.js';

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
      ].join(' '),
      querystring: CtdcExportQuery,
    },
  }, async (req, reply) => {
    const { info, body } = await svc.exportCtdc(actorOf(req), req.query, auditContext(req));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="phakhi-ctdc-${req.query.from}-${req.query.to}-k${info.k}.csv"`)
      .header(ctdcHeaders.method, 'k-anonymity')
      .header(ctdcHeaders.k, String(info.k))
      .header(ctdcHeaders.records, String(info.records))
      .header(ctdcHeaders.released, String(info.released))
      .header(ctdcHeaders.suppressed, String(info.suppressed))
      .header(ctdcHeaders.generalisation, info.levelName)
      .send(body);
  });
};
