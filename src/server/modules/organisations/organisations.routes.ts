import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Organisation, OrganisationCreate, OrganisationQuery, OrganisationUpdate } from '../../../contracts/admin.js';
import { listOf } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { auditContext } from '../../platform/context.js';
import { createOrganisationService } from './organisations.service.js';

export const organisationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createOrganisationService(deps);
  const tags = ['organisations'];
  const Id = z.object({ id: z.uuid() });

  app.get('/organisations', {
    config: { access: 'organisation.read' },
    schema: { tags, summary: 'List organisations', querystring: OrganisationQuery, response: { 200: listOf(Organisation) } },
  }, async (req) => svc.list(req.query));

  app.get('/organisations/:id', {
    config: { access: 'organisation.read' },
    schema: { tags, summary: 'One organisation', params: Id, response: { 200: Organisation } },
  }, async (req) => svc.get(req.params.id));

  app.post('/organisations', {
    config: { access: 'organisation.manage' },
    schema: { tags, summary: 'Create an organisation', body: OrganisationCreate, response: { 201: Organisation } },
  }, async (req, reply) => reply.code(201).send(await svc.create(req.body, auditContext(req))));

  app.patch('/organisations/:id', {
    config: { access: 'organisation.manage' },
    schema: { tags, summary: 'Update an organisation (send its version)', params: Id, body: OrganisationUpdate, response: { 200: Organisation } },
  }, async (req) => svc.update(req.params.id, req.body, auditContext(req)));
};
