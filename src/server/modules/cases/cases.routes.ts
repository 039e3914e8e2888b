import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOf, Ok } from '../../../contracts/common.js';
import {
  Case, CaseCreate, CaseEvent, CaseEventCreate, CaseIdentitySearch, CasePerson, CasePersonCreate, CasePersonIdentity, CasePersonUpdate,
  CaseSearchQuery, CaseSummary, CaseUpdate, TeamMember, TeamMemberAdd, TimelineEntry,
} from '../../../contracts/case.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createCaseService } from './cases.service.js';

export const caseRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createCaseService(deps);
  const tags = ['cases'];
  const Id = z.object({ id: z.uuid() });
  const PersonParams = z.object({ id: z.uuid(), personId: z.uuid() });

  app.post('/cases', {
    config: { access: 'case.write' },
    schema: {
      tags, summary: 'Open a case (directly or from a report); numbered per province and Buddhist-Era year',
      body: CaseCreate, response: { 201: Case },
    },
  }, async (req, reply) => reply.code(201).send(await svc.create(actorOf(req), req.body, auditContext(req))));

  app.get('/cases', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Cases in scope, newest first, with filters (no identity)', querystring: CaseSearchQuery, response: { 200: listOf(CaseSummary) } },
  }, async (req) => svc.list(actorOf(req), req.query, auditContext(req)));

  app.post('/cases/search', {
    config: { access: 'case.identity.read' },
    schema: {
      tags, summary: 'Find cases by victim name (typo-tolerant) or document number (exact); identity stays out of the URL; audited',
      body: CaseIdentitySearch,
      response: { 200: z.object({ items: z.array(CaseSummary.extend({ score: z.number(), casePersonIds: z.array(z.uuid()) })) }) },
    },
  }, async (req) => svc.searchIdentity(actorOf(req), req.body, auditContext(req)));

  app.get('/cases/:id', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'One case, with the parts the caller may see (audited)', params: Id, response: { 200: Case } },
  }, async (req) => svc.get(actorOf(req), req.params.id, auditContext(req)));

  app.patch('/cases/:id', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Change the case owner or reflection period (version required)', params: Id, body: CaseUpdate, response: { 200: Case } },
  }, async (req) => svc.update(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/cases/:id/persons', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Add a victim or another person (family, guardian) to the case', params: Id, body: CasePersonCreate, response: { 201: CasePerson } },
  }, async (req, reply) => reply.code(201).send(await svc.addPerson(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.patch('/cases/:id/persons/:personId', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Update a case person\'s demographics and trafficking details (HTCDS)', params: PersonParams, body: CasePersonUpdate, response: { 200: CasePerson } },
  }, async (req) => svc.updatePerson(actorOf(req), req.params.id, req.params.personId, req.body, auditContext(req)));

  app.get('/cases/:id/persons/:personId/identity', {
    config: { access: 'case.identity.read' },
    schema: { tags, summary: 'A case person\'s identity (audited)', params: PersonParams, response: { 200: CasePersonIdentity } },
  }, async (req) => svc.personIdentity(actorOf(req), req.params.id, req.params.personId, auditContext(req)));

  app.post('/cases/:id/persons/:personId/events', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Record a recruitment, transit or exploitation event (HTCDS hte_*)', params: PersonParams, body: CaseEventCreate, response: { 201: CaseEvent } },
  }, async (req, reply) => reply.code(201).send(await svc.addEvent(actorOf(req), req.params.id, req.params.personId, req.body, auditContext(req))));

  app.post('/cases/:id/team', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Add a member to the case team (membership grants scope)', params: Id, body: TeamMemberAdd, response: { 200: z.array(TeamMember) } },
  }, async (req) => svc.addTeamMember(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.delete('/cases/:id/team/:userId', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Remove a member from the case team', params: z.object({ id: z.uuid(), userId: z.uuid() }), response: { 200: Ok } },
  }, async (req) => svc.removeTeamMember(actorOf(req), req.params.id, req.params.userId, auditContext(req)));

  app.get('/cases/:id/timeline', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Everything that happened on the case, in the parts the caller may see', params: Id, response: { 200: z.object({ items: z.array(TimelineEntry) }) } },
  }, async (req) => svc.timeline(actorOf(req), req.params.id, auditContext(req)));
};
