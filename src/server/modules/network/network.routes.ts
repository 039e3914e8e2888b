import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Ok } from '../../../contracts/common.js';
import {
  Contact, ContactCreate, ContactUpdate, CoverageQuery, ImportReport, ImportRequest, CoverageResponse, MapQuery, MapResponse, OrganisationService,
  OrganisationServiceCreate, OrganisationServiceUpdate, Partner, PartnerProfileUpdate, PartnerSearchQuery, PartnerSearchResponse,
} from '../../../contracts/network.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createNetworkService } from './network.service.js';
import { createNetworkTransfer } from './network.transfer.js';

/**
 * The network directory (issue 3): "who can help this victim now", the map and the coverage view.
 * Reading needs `network.read`; changing an entry is decided per partner by `canManagePartner`.
 */
export const networkRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createNetworkService(deps);
  const transfer = createNetworkTransfer(deps);
  const tags = ['network'];
  const Id = z.object({ id: z.uuid() });
  const read = 'network.read' as const;

  app.get('/network/search', {
    config: { access: read },
    schema: { tags, summary: 'Find partners by text, service, area and victim profile, ranked by nearness', querystring: PartnerSearchQuery, response: { 200: PartnerSearchResponse } },
  }, async (req) => svc.search(req.query, auditContext(req)));

  app.get('/network/map', {
    config: { access: read },
    schema: { tags, summary: 'Partners per province (for the choropleth)', querystring: MapQuery, response: { 200: MapResponse } },
  }, async (req) => svc.map(req.query));

  app.get('/network/coverage', {
    config: { access: read },
    schema: { tags, summary: 'Provinces × services (or 5P measures): where no partner offers it', querystring: CoverageQuery.omit({ format: true }), response: { 200: CoverageResponse } },
  }, async (req) => svc.coverage({ ...req.query, format: 'json' }));

  app.get('/network/coverage.csv', {
    config: { access: read },
    schema: { tags, summary: 'The coverage matrix as CSV', querystring: CoverageQuery.omit({ format: true }) },
  }, async (req, reply) => {
    const c = await svc.coverage({ ...req.query, format: 'csv' });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="coverage-${req.query.by}.csv"`).send(svc.coverageCsv(c));
  });

  const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
  app.post('/network/import/preview', {
    config: { access: 'network.manage' },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: { tags, summary: 'Check a CSV/XLSX of partners or contacts row by row; writes nothing', body: ImportRequest, response: { 200: ImportReport } },
  }, async (req) => transfer.preview(actorOf(req), req.body, auditContext(req)));

  app.post('/network/import/commit', {
    config: { access: 'network.manage' },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: { tags, summary: 'Import the checked file: all rows or none (422 with the report if any row is bad)', body: ImportRequest, response: { 200: ImportReport } },
  }, async (req) => transfer.commit(actorOf(req), req.body, auditContext(req)));

  for (const kind of ['partners', 'contacts'] as const) {
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(`/network/export/${kind}.${format}`, {
        config: { access: 'network.read' },
        schema: { tags, summary: `The directory's ${kind} in your scope as ${format.toUpperCase()} (audited)` },
      }, async (req, reply) => {
        const body = await transfer.export(actorOf(req), kind, format, auditContext(req));
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="phakhi-${kind}.${format}"`)
          .send(body);
      });
    }
  }

  app.get('/network/partners/:id', {
    config: { access: read },
    schema: { tags, summary: 'A partner: profile, areas, services and capacity', params: Id, response: { 200: Partner } },
  }, async (req) => svc.partner(actorOf(req), req.params.id));

  app.patch('/network/partners/:id', {
    config: { access: read },
    schema: { tags, summary: 'Update a partner\'s profile (measures, address, areas); network managers or the partner itself', params: Id, body: PartnerProfileUpdate, response: { 200: Partner } },
  }, async (req) => svc.updateProfile(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.get('/network/partners/:id/contacts', {
    config: { access: read },
    schema: { tags, summary: 'A partner\'s focal points (each read is audited)', params: Id, response: { 200: z.object({ items: z.array(Contact) }) } },
  }, async (req) => svc.contacts(req.params.id, auditContext(req)));

  app.post('/network/partners/:id/services', {
    config: { access: read },
    schema: { tags, summary: 'Add a service', params: Id, body: OrganisationServiceCreate, response: { 201: OrganisationService } },
  }, async (req, reply) => reply.code(201).send(await svc.addService(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.patch('/network/services/:id', {
    config: { access: read },
    schema: { tags, summary: 'Update a service (e.g. free places now)', params: Id, body: OrganisationServiceUpdate, response: { 200: OrganisationService } },
  }, async (req) => svc.updateService(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.delete('/network/services/:id', {
    config: { access: read },
    schema: { tags, summary: 'Remove a service', params: Id, response: { 200: Ok } },
  }, async (req) => {
    await svc.removeService(actorOf(req), req.params.id, auditContext(req));
    return { ok: true as const };
  });

  app.post('/network/partners/:id/contacts', {
    config: { access: read },
    schema: { tags, summary: 'Add a focal point', params: Id, body: ContactCreate, response: { 201: Contact } },
  }, async (req, reply) => reply.code(201).send(await svc.addContact(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.patch('/network/contacts/:id', {
    config: { access: read },
    schema: { tags, summary: 'Update a focal point', params: Id, body: ContactUpdate, response: { 200: Contact } },
  }, async (req) => svc.updateContact(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.delete('/network/contacts/:id', {
    config: { access: read },
    schema: { tags, summary: 'Remove a focal point', params: Id, response: { 200: Ok } },
  }, async (req) => {
    await svc.removeContact(actorOf(req), req.params.id, auditContext(req));
    return { ok: true as const };
  });
};
