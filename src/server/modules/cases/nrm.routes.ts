import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Case } from '../../../contracts/case.js';
import {
  CaseClose, CaseReopen, FollowUp, FollowUpPlan, FollowUpVisit, IdentificationRecord, ProtectionRecord, ReturnRecord, Screening, ScreeningCreate,
} from '../../../contracts/nrm.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createNrmService } from './nrm.service.js';
import { screeningIndicatorRoutes } from './screening-indicators.routes.js';

/** The NRM path of a case (issue 5): each action answers the updated case. */
export const nrmRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await app.register(screeningIndicatorRoutes, deps);
  const svc = createNrmService(deps);
  const tags = ['cases'];
  const Id = z.object({ id: z.uuid() });
  const PersonParams = z.object({ id: z.uuid(), personId: z.uuid() });
  const write = { access: 'case.write' as const };

  app.post('/cases/:id/screenings', {
    config: write,
    schema: {
      tags, summary: 'Record a screening (checklist answers, language, interpreter); the case moves to temporary protection',
      params: Id, body: ScreeningCreate, response: { 201: Case },
    },
  }, async (req, reply) => reply.code(201).send(await svc.screen(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.get('/cases/:id/screenings', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'The case\'s screenings (screening part; the summary only with the identity part; audited)',
      params: Id, response: { 200: z.object({ items: z.array(Screening) }) },
    },
  }, async (req) => svc.listScreenings(actorOf(req), req.params.id, auditContext(req)));

  app.post('/cases/:id/persons/:personId/protection', {
    config: write,
    schema: {
      tags, summary: 'Record temporary protection: taken into care (s.29 24-hour clock), court extension ≤ 7 days, shelter ≤ 15 days, reflection period',
      params: PersonParams, body: ProtectionRecord, response: { 200: Case },
    },
  }, async (req) => svc.protect(actorOf(req), req.params.id, req.params.personId, req.body, auditContext(req)));

  app.post('/cases/:id/persons/:personId/identification', {
    config: write,
    schema: {
      tags, summary: 'Record the team\'s identification decision (HTCDS vic_TraffickingStatus); needs a screening before it',
      params: PersonParams, body: IdentificationRecord, response: { 200: Case },
    },
  }, async (req) => svc.identify(actorOf(req), req.params.id, req.params.personId, req.body, auditContext(req)));

  app.post('/cases/:id/persons/:personId/return', {
    config: write,
    schema: {
      tags, summary: 'Record repatriation to the home country or return to the domicile; needs identification as a (possible) victim',
      params: PersonParams, body: ReturnRecord, response: { 200: Case },
    },
  }, async (req) => svc.recordReturn(actorOf(req), req.params.id, req.params.personId, req.body, auditContext(req)));

  app.post('/cases/:id/persons/:personId/follow-ups/plan', {
    config: write,
    schema: {
      tags, summary: 'Schedule reintegration follow-up visits (at least 12 months); replaces visits still to come',
      params: PersonParams, body: FollowUpPlan, response: { 201: Case },
    },
  }, async (req, reply) => reply.code(201).send(await svc.planFollowUps(actorOf(req), req.params.id, req.params.personId, req.body, auditContext(req))));

  app.post('/cases/:id/follow-ups/:followUpId/visit', {
    config: write,
    schema: {
      tags, summary: 'Record a follow-up visit, rated on livelihood, family, justice and future (1–5)',
      params: z.object({ id: z.uuid(), followUpId: z.uuid() }), body: FollowUpVisit, response: { 200: Case },
    },
  }, async (req) => svc.recordVisit(actorOf(req), req.params.id, req.params.followUpId, req.body, auditContext(req)));

  app.get('/cases/:id/follow-ups', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'Follow-up visits in date order with their ratings (followups part; notes only with the identity part; audited)',
      params: Id, response: { 200: z.object({ items: z.array(FollowUp) }) },
    },
  }, async (req) => svc.listFollowUps(actorOf(req), req.params.id, auditContext(req)));

  app.post('/cases/:id/close', {
    config: write,
    schema: {
      tags, summary: 'Close the case (HTCDS Closed / ClosedReferred) with a reason; refused while a referral awaits an answer',
      params: Id, body: CaseClose, response: { 200: Case },
    },
  }, async (req) => svc.close(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/cases/:id/reopen', {
    config: write,
    schema: { tags, summary: 'Reopen a closed case at the stage it was closed in', params: Id, body: CaseReopen, response: { 200: Case } },
  }, async (req) => svc.reopen(actorOf(req), req.params.id, req.body, auditContext(req)));
};
