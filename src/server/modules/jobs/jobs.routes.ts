import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Page } from '../../../contracts/common.js';
import {
  HTCDS_IMPORT_JOB_MAX, HtcdsExportJobRequest, HtcdsImportJobRequest, IMPORT_JOB_BODY_LIMIT, Job, JobPage,
} from '../../../contracts/jobs.js';
import {
  exportJobQueuedExample, htcdsExportJobRequestExample, htcdsImportJobRequestExample, importJobQueuedExample, jobPageExample, jobParamsExample,
  jobResultExamples, jobsQueryExample, jobSucceededExample,
} from '../../../contracts/examples.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createHtcdsImport } from '../exchange/htcds.import.js';
import type { JobQueue } from './job-queue.js';
import { createJobService } from './jobs.service.js';

const Id = z.object({ id: z.uuid() }).meta({ examples: [jobParamsExample] });

/**
 * Background jobs (issue 6): HTCDS imports and exports too long for one request. Starting one answers
 * 202 with the job; GET /jobs/{id} shows its progress and GET /jobs/{id}/result gives the result.
 */
export const jobRoutes: FastifyPluginAsyncZod<AppDeps & { jobQueue: JobQueue }> = async (app, deps) => {
  const svc = createJobService(deps, deps.jobQueue);
  const importer = createHtcdsImport(deps);
  const tags = ['jobs'];

  app.post('/exchange/htcds/import-jobs', {
    config: { access: 'exchange.write' },
    bodyLimit: IMPORT_JOB_BODY_LIMIT,
    schema: {
      tags: ['exchange', ...tags],
      summary: `Import up to ${HTCDS_IMPORT_JOB_MAX.toLocaleString('en')} HTCDS cases as a background job (same rules as POST /exchange/htcds/cases)`,
      description: [
        'The records are stored encrypted and checked in the background, all of them before the first write; with a bad',
        'record and without `skipInvalid` the job fails with `HTCDS_IMPORT_HAS_ERRORS` and its result is the report.',
        'Then records are written a thousand at a time. If the server stops, the job runs again from the start at the',
        'next start (records written before are updated, never duplicated). Body at most 128 MB.',
      ].join(' '),
      body: HtcdsImportJobRequest.meta({ examples: [htcdsImportJobRequestExample] }),
      response: { 202: Job.meta({ examples: [importJobQueuedExample] }) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const provinceCode = await importer.resolveProvince(actor, req.body.provinceCode);
    return reply.code(202).send(await svc.startImport(actor, req.body, provinceCode, auditContext(req)));
  });

  app.post('/exchange/htcds/export-jobs', {
    config: { access: 'exchange.read' },
    schema: {
      tags: ['exchange', ...tags],
      summary: 'Export every case GET /exchange/htcds/cases would give, as one JSON file made in the background',
      description: 'The result is `{"items": [...]}` with the records of GET /exchange/htcds/cases; identity and its audit as there.',
      body: HtcdsExportJobRequest.meta({ examples: [htcdsExportJobRequestExample] }),
      response: { 202: Job.meta({ examples: [exportJobQueuedExample] }) },
    },
  }, async (req, reply) => reply.code(202).send(await svc.startExport(actorOf(req), req.body, auditContext(req))));

  app.get('/jobs', {
    config: { access: 'signed-in' },
    schema: {
      tags, summary: 'The jobs you started, newest first',
      querystring: Page.meta({ examples: [jobsQueryExample] }), response: { 200: JobPage.meta({ examples: [jobPageExample] }) },
    },
  }, async (req) => svc.list(actorOf(req), req.query));

  app.get('/jobs/:id', {
    config: { access: 'signed-in' },
    schema: {
      tags, summary: 'One of your jobs: status, phase and progress', params: Id, response: { 200: Job.meta({ examples: [jobSucceededExample] }) },
    },
  }, async (req) => svc.get(actorOf(req), req.params.id));

  app.get('/jobs/:id/result', {
    config: { access: 'signed-in' },
    schema: {
      tags, summary: 'Download the result of one of your jobs (audited)', params: Id,
      response: {
        200: z.any().meta({
          description: 'application/json: an export job\'s `{"items": [...]}` (records as GET /exchange/htcds/cases gives them), '
            + 'or an import job\'s report (as POST /exchange/htcds/cases answers)',
          examples: [...jobResultExamples],
        }),
      },
    },
  }, async (req, reply) => {
    const r = await svc.result(actorOf(req), req.params.id, auditContext(req));
    return reply.type(r.type).header('content-disposition', `attachment; filename="${r.name}"`).header('cache-control', 'no-store').send(r.body);
  });
};
