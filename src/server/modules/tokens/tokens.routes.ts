import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiToken, ApiTokenCreate, ApiTokenCreated, ApiTokenUse } from '../../../contracts/admin.js';
import { listOf, Page } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createTokenService } from './tokens.service.js';

export const tokenRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createTokenService(deps);
  const tags = ['tokens'];
  const Id = z.object({ id: z.uuid() });

  app.get('/tokens', {
    config: { access: 'token.manage' },
    schema: { tags, summary: 'API tokens issued to partner systems', querystring: Page.extend({ organisationId: z.uuid().optional() }), response: { 200: listOf(ApiToken) } },
  }, async (req) => svc.list(req.query));

  app.post('/tokens', {
    config: { access: 'token.manage' },
    schema: { tags, summary: 'Issue a token; the secret is shown in this response only', body: ApiTokenCreate, response: { 201: ApiTokenCreated } },
  }, async (req, reply) => reply.code(201).send(await svc.create(actorOf(req), req.body, auditContext(req))));

  app.post('/tokens/:id/revoke', {
    config: { access: 'token.manage' },
    schema: { tags, summary: 'Revoke a token', params: Id, response: { 200: ApiToken } },
  }, async (req) => svc.revoke(req.params.id, auditContext(req)));

  app.get('/tokens/:id/uses', {
    config: { access: 'token.manage' },
    schema: { tags, summary: 'Every use of a token', params: Id, querystring: Page, response: { 200: listOf(ApiTokenUse) } },
  }, async (req) => svc.uses(req.params.id, req.query));
};
