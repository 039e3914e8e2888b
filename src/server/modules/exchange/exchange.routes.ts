import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HtcdsCasePage, HtcdsExportQuery } from '../../../contracts/exchange.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createExchangeService } from './exchange.service.js';

/**
 * `GET /api/v1/exchange/htcds/cases` (API.md "Data exchange"): the caller's cases as HTCDS v2.0 JSON.
 * Needs `exchange.read` (partner-system tokens). Import (`POST`) is a separate piece of work.
 */
export const exchangeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createExchangeService(deps);

  app.get('/exchange/htcds/cases', {
    config: { access: 'exchange.read' },
    schema: {
      tags: ['exchange'],
      summary: 'Cases as HTCDS v2.0 JSON (consented cases only; identity with case.identity.read; audited)',
      description: [
        'Cases in your scope whose every victim has a current consent covering `sharing` (a guardian\'s for a',
        'child or a victim of unknown age), updated at or after `since`, ordered by update time then id; page with',
        '`cursor` = the previous `nextCursor`. Fields carry HTCDS names (`cas_`, `prs_`, `vic_`, `hte_`, `spl_`,',
        '`con_`) and value names as codes. Identity fields (`prs_FirstName`, `prs_SecondName`, `prs_IdentityNumber`,',
        '`prs_MobilePhone`, `prs_MailingStreet`) appear only for callers holding `case.identity.read`, and every such',
        'read is audited. Only victims are exported; free-text places and descriptions are not.',
      ].join(' '),
      querystring: HtcdsExportQuery,
      response: { 200: HtcdsCasePage },
    },
  }, async (req) => svc.exportCases(actorOf(req), req.query, auditContext(req)));
};
