import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Page } from '../../../contracts/common.js';
import {
  ATTACHMENT_MAX_BYTES, Attachment, AttachmentList, AttachmentUpload, Note, NoteCreate, NoteList, Overview, OverviewQuery, TaskList, TaskQuery,
} from '../../../contracts/casework.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { contentDisposition, uploadBodyLimit } from '../../platform/file-types.js';
import { createAttachmentService } from './attachments.service.js';
import { createNoteService } from './notes.service.js';
import { createTaskService } from './tasks.service.js';

/**
 * Notes, attachments, "my tasks" and the provincial overview (issue 5). Adding a note or an attachment
 * declares `case.read`: an organisation that accepted a referral sharing that part may add normal ones;
 * the service decides (case writers: any sensitivity).
 */
export const caseworkRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const notes = createNoteService(deps);
  const attachments = createAttachmentService(deps);
  const tasks = createTaskService(deps);
  const tags = ['cases'];
  const Id = z.object({ id: z.uuid() });

  app.get('/tasks', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'My due and overdue steps across cases (scope=province: every open case of my province), most urgent first',
      querystring: TaskQuery, response: { 200: TaskList },
    },
  }, async (req) => tasks.list(actorOf(req), req.query));

  app.get('/cases/overview', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'Open cases by stage and late or due-soon clocks, per province (national roles: every province, or one)',
      querystring: OverviewQuery, response: { 200: Overview },
    },
  }, async (req) => tasks.overview(actorOf(req), req.query));

  app.post('/cases/:id/notes', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Add a note (normal, or team-restricted); the body is encrypted at rest', params: Id, body: NoteCreate, response: { 201: Note } },
  }, async (req, reply) => reply.code(201).send(await notes.add(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.get('/cases/:id/notes', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Notes, newest first (team-restricted ones for the team only); audited', params: Id, querystring: Page, response: { 200: NoteList } },
  }, async (req) => notes.list(actorOf(req), req.params.id, req.query, auditContext(req)));

  app.post('/cases/:id/attachments', {
    config: { access: 'case.read' },
    bodyLimit: uploadBodyLimit(ATTACHMENT_MAX_BYTES),
    schema: {
      tags, summary: 'Attach a file (PDF, JPEG, PNG, MP3, M4A, OGG or WAV by its content; ≤ 10 MB, base64); stored encrypted',
      params: Id, body: AttachmentUpload, response: { 201: Attachment },
    },
  }, async (req, reply) => reply.code(201).send(await attachments.add(actorOf(req), req.params.id, req.body, auditContext(req))));

  app.get('/cases/:id/attachments', {
    config: { access: 'case.read' },
    schema: { tags, summary: 'Attachments, newest first (team-restricted ones for the team only); audited', params: Id, querystring: Page, response: { 200: AttachmentList } },
  }, async (req) => attachments.list(actorOf(req), req.params.id, req.query, auditContext(req)));

  app.get('/cases/:id/attachments/:attachmentId/download', {
    config: { access: 'case.read' },
    schema: {
      tags, summary: 'Download an attachment (as a file, with its sniffed type); every download is audited',
      params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
      response: { 200: z.string().meta({ format: 'binary', description: 'the file, with its content type' }) },
    },
  }, async (req, reply) => {
    const f = await attachments.download(actorOf(req), req.params.id, req.params.attachmentId, auditContext(req));
    return reply.type(f.contentType).header('content-disposition', contentDisposition(f.filename))
      .header('x-content-type-options', 'nosniff').header('x-content-sha256', f.sha256)
      // A Buffer is sent as it is: Fastify skips the serializer (the schema above only documents the file).
      .send(f.content as unknown as string);
  });
};
