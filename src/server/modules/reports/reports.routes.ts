import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Challenge, DuplicateCandidate, OverdueCount, PublicReportCreate, PublicReportCreated, PublicStatus, Report, ReportAssign,
  ReportClose, ReportContact, ReportMarkDuplicate, ReportNote, ReportNoteCreate, ReportOpenCase, ReportQueueQuery,
  ReportVersion, StaffReportCreate,
} from '../../../contracts/report.js';
import { listOf } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { issueChallenge } from './proof-of-work.js';
import { createReportService, defaultReportLimits } from './reports.service.js';

export const reportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createReportService(deps, {
    publicReportsPerHour: deps.config.publicReportsPerHour ?? defaultReportLimits.publicReportsPerHour,
    statusChecksPer15Min: deps.config.statusChecksPer15Min ?? defaultReportLimits.statusChecksPer15Min,
  });
  const Id = z.object({ id: z.uuid() });
  const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
  const pub = ['public'];
  const tags = ['reports'];

  // ---- Public: anyone, no sign-in (API.md)
  app.get('/public/reports/challenge', {
    config: { access: 'public' },
    schema: { tags: pub, summary: 'Proof-of-work challenge for the public report form', response: { 200: Challenge } },
  }, async () => issueChallenge(deps.cipher));

  app.post('/public/reports', {
    config: { access: 'public' },
    schema: {
      tags: pub, summary: 'Report suspected trafficking (th, en, my, lo, km); send an Idempotency-Key',
      body: PublicReportCreate, response: { 201: PublicReportCreated },
    },
  }, async (req, reply) => reply.code(201).send(await svc.createPublic(req.body, req.ip ?? null, auditContext(req))));

  app.get('/public/reports/:reference', {
    config: { access: 'public' },
    schema: {
      tags: pub, summary: 'A report\'s status (received / being handled / closed) for its reference and PIN',
      params: z.object({ reference: z.string().regex(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/i, 'reference like R-XXXX-XXXX') }),
      querystring: z.object({ pin: z.string().regex(/^\d{6}$/, '6 digits') }),
      response: { 200: PublicStatus },
    },
  }, async (req) => svc.publicStatus(req.params.reference, req.query.pin, req.ip ?? null));

  // ---- Staff intake and triage
  app.post('/reports', {
    config: { access: 'report.create' },
    schema: { tags, summary: 'Record a report (hotline, volunteer, police, labour inspection, NGO …)', body: StaffReportCreate, response: { 201: Report } },
  }, async (req, reply) => reply.code(201).send(await svc.createStaff(actorOf(req), req.body, auditContext(req))));

  app.get('/reports', {
    config: { access: 'report.read' },
    schema: { tags, summary: 'Triage queue: urgent first, then oldest', querystring: ReportQueueQuery, response: { 200: listOf(Report) } },
  }, async (req) => svc.queue(actorOf(req), req.query, auditContext(req)));

  app.get('/reports/overdue', {
    config: { access: 'report.read' },
    schema: { tags, summary: 'Open, urgent and overdue counts per province queue', response: { 200: items(OverdueCount) } },
  }, async (req) => svc.overdue(actorOf(req)));

  app.get('/reports/:id', {
    config: { access: 'report.read' },
    schema: { tags, summary: 'One report (without contact details)', params: Id, response: { 200: Report } },
  }, async (req) => svc.get(actorOf(req), req.params.id, auditContext(req)));

  app.get('/reports/:id/contact', {
    config: { access: 'report.identity.read' },
    schema: { tags, summary: 'The reporter\'s contact details (identity; audited)', params: Id, response: { 200: ReportContact } },
  }, async (req) => svc.contact(actorOf(req), req.params.id, auditContext(req)));

  app.get('/reports/:id/notes', {
    config: { access: 'report.read' },
    schema: { tags, summary: 'Notes and requests for information', params: Id, response: { 200: items(ReportNote) } },
  }, async (req) => svc.notes(actorOf(req), req.params.id, auditContext(req)));

  app.get('/reports/:id/assignees', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Who may be assigned this report', params: Id, response: { 200: items(z.object({ id: z.uuid(), displayName: z.string() })) } },
  }, async (req) => svc.assignees(actorOf(req), req.params.id));

  app.post('/reports/:id/acknowledge', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Acknowledge (starts no clock; stops the 1-hour one)', params: Id, body: ReportVersion, response: { 200: Report } },
  }, async (req) => svc.acknowledge(actorOf(req), req.params.id, req.body.version, auditContext(req)));

  app.post('/reports/:id/assign', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Assign to an officer (default: me)', params: Id, body: ReportAssign, response: { 200: Report } },
  }, async (req) => svc.assign(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/reports/:id/notes', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Add a note, or ask the reporter\'s channel for more', params: Id, body: ReportNoteCreate, response: { 200: Report } },
  }, async (req) => svc.addNote(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/reports/:id/duplicate', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Mark as a duplicate of another report', params: Id, body: ReportMarkDuplicate, response: { 200: Report } },
  }, async (req) => svc.markDuplicate(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/reports/:id/close', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Close with a reason', params: Id, body: ReportClose, response: { 200: Report } },
  }, async (req) => svc.close(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/reports/:id/open-case', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Decide to open a case (the case module links it)', params: Id, body: ReportOpenCase, response: { 200: Report } },
  }, async (req) => svc.openCase(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.get('/reports/:id/duplicates', {
    config: { access: 'report.read' },
    schema: { tags, summary: 'Possible duplicates proposed automatically', params: Id, response: { 200: items(DuplicateCandidate) } },
  }, async (req) => svc.duplicates(actorOf(req), req.params.id, auditContext(req)));

  app.post('/reports/:id/duplicates/:candidateId/dismiss', {
    config: { access: 'report.triage' },
    schema: { tags, summary: 'Dismiss a proposed duplicate', params: z.object({ id: z.uuid(), candidateId: z.uuid() }), response: { 200: items(DuplicateCandidate) } },
  }, async (req) => svc.dismissCandidate(actorOf(req), req.params.id, req.params.candidateId, auditContext(req)));
};
