import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOf, Page } from '../../../contracts/common.js';
import { PersonCreate, PersonIdentity, PersonLookup, PersonSummary } from '../../../contracts/person.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createPersonService } from './persons.service.js';

export const personRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createPersonService(deps);
  const tags = ['persons'];
  const Id = z.object({ id: z.uuid() });

  app.get('/persons', {
    config: { access: 'person.read' },
    schema: { tags, summary: 'People in scope (no identity)', querystring: Page, response: { 200: listOf(PersonSummary) } },
  }, async (req) => svc.list(actorOf(req), req.query));

  app.post('/persons', {
    config: { access: 'person.write' },
    schema: { tags, summary: 'Record a person; identity fields are encrypted', body: PersonCreate, response: { 201: PersonSummary } },
  }, async (req, reply) => reply.code(201).send(await svc.create(actorOf(req), req.body, auditContext(req))));

  app.get('/persons/:id', {
    config: { access: 'person.read' },
    schema: { tags, summary: 'One person (no identity)', params: Id, response: { 200: PersonSummary } },
  }, async (req) => svc.get(actorOf(req), req.params.id, auditContext(req)));

  app.get('/persons/:id/identity', {
    config: { access: 'person.identity.read' },
    schema: { tags, summary: 'A person\'s identity (audited)', params: Id, response: { 200: PersonIdentity } },
  }, async (req) => svc.identity(actorOf(req), req.params.id, auditContext(req)));

  app.post('/persons/lookup', {
    config: { access: 'person.identity.read' },
    schema: { tags, summary: 'Find people by Thai national ID (exact, via blind index; audited)', body: PersonLookup, response: { 200: z.object({ items: z.array(PersonSummary) }) } },
  }, async (req) => svc.lookup(actorOf(req), req.body.nationalId, auditContext(req)));
};
