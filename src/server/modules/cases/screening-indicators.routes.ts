import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ScreeningIndicator, ScreeningIndicatorCreate, ScreeningIndicatorUpdate } from '../../../contracts/nrm.js';
import type { AppDeps } from '../../deps.js';
import { auditContext } from '../../platform/context.js';
import { createScreeningIndicatorService } from './screening-indicators.service.js';

export const screeningIndicatorRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createScreeningIndicatorService(deps);
  const tags = ['cases'];
  const items = z.object({ items: z.array(ScreeningIndicator) });

  app.get('/screening-indicators', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'The screening checklist: active indicators in order, Thai and English', response: { 200: items } },
  }, async () => svc.list({ includeInactive: false }));

  app.get('/screening-indicators/all', {
    config: { access: 'reference.manage' },
    schema: { tags, summary: 'Every screening indicator, retired ones too (for administrators)', response: { 200: items } },
  }, async () => svc.list({ includeInactive: true }));

  app.post('/screening-indicators', {
    config: { access: 'reference.manage' },
    schema: { tags, summary: 'Add a screening indicator (code group.slug; audited)', body: ScreeningIndicatorCreate, response: { 201: ScreeningIndicator } },
  }, async (req, reply) => reply.code(201).send(await svc.create(req.body, auditContext(req))));

  app.patch('/screening-indicators/:code', {
    config: { access: 'reference.manage' },
    schema: {
      tags, summary: 'Reword, reorder, retire or restore a screening indicator (audited)',
      params: z.object({ code: z.string().min(1).max(80) }), body: ScreeningIndicatorUpdate, response: { 200: ScreeningIndicator },
    },
  }, async (req) => svc.update(req.params.code, req.body, auditContext(req)));
};
