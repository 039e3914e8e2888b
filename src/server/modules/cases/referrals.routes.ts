import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOf } from '../../../contracts/common.js';
import {
  CaseService, CaseServiceCreate, CaseServiceUpdate, Consent, ConsentCreate, ConsentWithdraw, Referral, ReferralCreate, ReferralDecline,
  ReferralItem, ReferralListQuery, ReferralRevoke, ReferralVersion, TransferCreate,
} from '../../../contracts/referral.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createConsentService } from './consents.service.js';
import { createReferralService } from './referrals.service.js';
import { createCaseServicesService } from './services.service.js';

/** Consent records, referrals and transfers, and the protection plan's services (issue 5). */
export const referralRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const consentSvc = createConsentService(deps);
  const referralSvc = createReferralService(deps);
  const servicesSvc = createCaseServicesService(deps);
  const tags = ['referrals'];
  const Id = z.object({ id: z.uuid() });

  app.post('/cases/:id/consents', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Record a victim\'s (or guardian\'s) consent: purposes, how and when (case version)', params: Id, body: ConsentCreate, response: { 201: Consent } },
  }, async (req, reply) => reply.code(201).send(await consentSvc.record(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.post('/cases/:id/consents/:consentId/withdraw', {
    config: { access: 'case.write' },
    schema: {
      tags, summary: 'Withdraw a consent: no new referral or transfer relies on it (case version)',
      params: z.object({ id: z.uuid(), consentId: z.uuid() }), body: ConsentWithdraw, response: { 200: Consent },
    },
  }, async (req) => consentSvc.withdraw(actorOf(req), req.params.id, req.params.consentId, req.body, auditContext(req)));

  app.get('/cases/:id/consents', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Consent records of the case (full access only; audited)', params: Id, response: { 200: z.object({ items: z.array(Consent) }) } },
  }, async (req) => consentSvc.list(actorOf(req), req.params.id, auditContext(req)));

  app.post('/cases/:id/referrals', {
    config: { access: 'case.write' },
    schema: {
      tags, summary: 'Refer a victim to an organisation offering the service, sharing chosen parts (needs consent or an authorised override)',
      params: Id, body: ReferralCreate, response: { 201: Referral },
    },
  }, async (req, reply) => reply.code(201).send(await referralSvc.request(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.get('/cases/:id/referrals', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Referrals and transfers of the case, with their details (full access only; audited)', params: Id, response: { 200: z.object({ items: z.array(Referral) }) } },
  }, async (req) => referralSvc.forCase(actorOf(req), req.params.id, auditContext(req)));

  app.post('/cases/:id/transfer', {
    config: { access: 'case.write' },
    schema: {
      tags, summary: 'Ask another province\'s centre to take responsibility for the case (it must accept)',
      params: Id, body: TransferCreate, response: { 201: Referral },
    },
  }, async (req, reply) => reply.code(201).send(await referralSvc.transfer(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.get('/referrals', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'Referrals to my organisation (incoming) or of cases I work on (outgoing); no identity',
      querystring: ReferralListQuery, response: { 200: listOf(ReferralItem) },
    },
  }, async (req) => referralSvc.list(actorOf(req), req.query, auditContext(req)));

  app.get('/referrals/:id', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'One referral with its details, for its recipient or the case side (audited)', params: Id, response: { 200: Referral } },
  }, async (req) => referralSvc.get(actorOf(req), req.params.id, auditContext(req)));

  app.post('/referrals/:id/accept', {
    config: { access: 'referral.accept' },
    schema: {
      tags, summary: 'Accept a referral (the shared parts become visible) or a transfer (the case moves here); the referral\'s version',
      params: Id, body: ReferralVersion, response: { 200: Referral },
    },
  }, async (req) => referralSvc.accept(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/referrals/:id/decline', {
    config: { access: 'referral.accept' },
    schema: { tags, summary: 'Decline a referral or transfer with a reason (the referral\'s version)', params: Id, body: ReferralDecline, response: { 200: Referral } },
  }, async (req) => referralSvc.decline(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/referrals/:id/revoke', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Take back what an accepted referral shared (the case\'s version)', params: Id, body: ReferralRevoke, response: { 200: Referral } },
  }, async (req) => referralSvc.revoke(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/referrals/:id/withdraw', {
    config: { access: 'case.write' },
    schema: { tags, summary: 'Withdraw a request nobody has answered yet (the referral\'s version)', params: Id, body: ReferralVersion, response: { 200: Referral } },
  }, async (req) => referralSvc.withdraw(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/cases/:id/services', {
    // The case side, or a referral recipient recording its own services: decided per case in the service.
    config: { access: 'case.read' },
    schema: { tags, summary: 'Add a service to the protection plan (planned or given)', params: Id, body: CaseServiceCreate, response: { 201: CaseService } },
  }, async (req, reply) => reply.code(201).send(await servicesSvc.add(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.patch('/cases/:id/services/:serviceId', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'Record dates, status and outcome of a service (the service\'s version)',
      params: z.object({ id: z.uuid(), serviceId: z.uuid() }), body: CaseServiceUpdate, response: { 200: CaseService },
    },
  }, async (req) => servicesSvc.update(actorOf(req), req.params.id, req.params.serviceId, req.body, auditContext(req)));

  app.get('/cases/:id/services', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'The protection plan\'s services (part `services`; audited)', params: Id, response: { 200: z.object({ items: z.array(CaseService) }) } },
  }, async (req) => servicesSvc.list(actorOf(req), req.params.id, auditContext(req)));
};
