import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HTCDS_IMPORT_MAX, HtcdsCasePage, HtcdsExportQuery, HtcdsImportReport, HtcdsImportRequest } from '../../../contracts/exchange.js';
import {
  htcdsCasePageExample, htcdsExportQueryExample, htcdsImportReportExamples, htcdsImportRequestExample,
} from '../../../contracts/examples.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createExchangeService } from './exchange.service.js';
import { createHtcdsImport } from './htcds.import.js';

/**
 * `GET /api/v1/exchange/htcds/cases` (API.md "Data exchange"): the caller's cases as HTCDS v2.0 JSON.
 * Needs `exchange.read` (partner-system tokens); `POST` imports such records (`exchange.write`).
 */
export const exchangeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createExchangeService(deps);
  const importer = createHtcdsImport(deps);

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
      querystring: HtcdsExportQuery.meta({ examples: [htcdsExportQueryExample] }),
      response: { 200: HtcdsCasePage.meta({ examples: [htcdsCasePageExample] }) },
    },
  }, async (req) => svc.exportCases(actorOf(req), req.query, auditContext(req)));

  app.post('/exchange/htcds/cases', {
    config: { access: 'exchange.write' },
    // 1,000 records of a few kilobytes each; anything much larger is refused before it is parsed.
    bodyLimit: 16 * 1024 * 1024,
    schema: {
      tags: ['exchange'],
      summary: 'Import cases as HTCDS v2.0 JSON: every record checked first, reported one by one; same record again updates',
      description: [
        `Up to ${HTCDS_IMPORT_MAX} records in \`cases\`, each as GET gives it (HTCDS field names, value names as codes).`,
        'Every record is checked before anything is written: its shape and value names, country, language and',
        'province codes, ids repeated in the batch, and identity fields (allowed only with `case.identity.read`).',
        'If any record is bad, nothing is written and the answer is 422 `HTCDS_IMPORT_HAS_ERRORS` with the report',
        '(`report.results[i].errors`, each with a path, English and Thai), unless `skipInvalid` is true: then the',
        'good records are imported and the bad ones reported. `dryRun` checks and reports only. The sender is the',
        "caller's organisation: a record it sent before (same `id`) updates that case and its people (their",
        'events and support plans are replaced by the ones sent). New cases get a case number of the province',
        '(`provinceCode`, default the caller\'s own) and keep the sender\'s ids where they are UUIDs no local record',
        'holds. `caseNumber`, `updatedAt` and `cas_CaseOwner` are the sender\'s and are not kept. Only records with',
        '`con_Consent: true` are taken; the consent is recorded as attested by the sender. Audited.',
      ].join(' '),
      body: HtcdsImportRequest.meta({ examples: [htcdsImportRequestExample] }),
      response: { 200: HtcdsImportReport.meta({ examples: htcdsImportReportExamples }) },
    },
  }, async (req) => importer.importCases(actorOf(req), req.body, auditContext(req)));
};
