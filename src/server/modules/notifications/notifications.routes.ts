import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Notification, NotificationList, NotificationQuery, OutboxList, OutboxQuery, ReadAll, UnreadCount } from '../../../contracts/casework.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createNotificationService } from './notifications.service.js';

export const notificationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createNotificationService(deps);
  const tags = ['notifications'];

  app.get('/notifications', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'My notifications, newest first (case number and link only, never a person)', querystring: NotificationQuery, response: { 200: NotificationList } },
  }, async (req) => svc.list(actorOf(req), req.query));

  app.get('/notifications/unread-count', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'How many of my notifications are unread (the bell)', response: { 200: UnreadCount } },
  }, async (req) => svc.unreadCount(actorOf(req)));

  app.post('/notifications/:id/read', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'Mark one of my notifications read', params: z.object({ id: z.uuid() }), response: { 200: Notification } },
  }, async (req) => svc.markRead(actorOf(req), req.params.id));

  app.post('/notifications/read-all', {
    config: { access: 'signed-in' },
    schema: { tags, summary: 'Mark all my notifications read', response: { 200: ReadAll } },
  }, async (req) => svc.markAllRead(actorOf(req)));

  app.get('/admin/outbox', {
    config: { access: 'user.manage' },
    schema: {
      tags, summary: 'Notification mail: sent, waiting, or (without SMTP_URL) kept here to be read; audited',
      querystring: OutboxQuery, response: { 200: OutboxList },
    },
  }, async (req) => svc.outbox(req.query, auditContext(req)));
};
