import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles, roleNames } from '../../../contracts/access.js';
import { PasswordReset, RoleInfo, User, UserCreate, UserQuery, UserUpdate } from '../../../contracts/admin.js';
import { listOf, Ok } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, auditContext } from '../../platform/context.js';
import { createUserService } from './users.service.js';

export const userRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const svc = createUserService(deps);
  const tags = ['users'];
  const Id = z.object({ id: z.uuid() });

  app.get('/roles', {
    config: { access: 'user.read' },
    schema: { tags, summary: 'Roles and the permissions each grants', response: { 200: z.object({ items: z.array(RoleInfo) }) } },
  }, async () => ({
    items: roleNames.map((n) => {
      const r = roles[n];
      return { name: r.name, labelTh: r.labelTh, labelEn: r.labelEn, scope: r.scope, requiresMfa: r.requiresMfa, permissions: [...r.permissions] };
    }),
  }));

  app.get('/users', {
    config: { access: 'user.read' },
    schema: { tags, summary: 'List users in scope', querystring: UserQuery, response: { 200: listOf(User) } },
  }, async (req) => svc.list(actorOf(req), req.query));

  app.get('/users/:id', {
    config: { access: 'user.read' },
    schema: { tags, summary: 'One user', params: Id, response: { 200: User } },
  }, async (req) => svc.get(actorOf(req), req.params.id));

  app.post('/users', {
    config: { access: 'user.manage' },
    schema: { tags, summary: 'Create a user (must change the password at first sign-in)', body: UserCreate, response: { 201: User } },
  }, async (req, reply) => reply.code(201).send(await svc.create(req.body, auditContext(req))));

  app.patch('/users/:id', {
    config: { access: 'user.manage' },
    schema: { tags, summary: 'Update a user (send its version)', params: Id, body: UserUpdate, response: { 200: User } },
  }, async (req) => svc.update(actorOf(req), req.params.id, req.body, auditContext(req)));

  app.post('/users/:id/password-reset', {
    config: { access: 'user.manage' },
    schema: { tags, summary: 'Set a new password; the user must change it at next sign-in', params: Id, body: PasswordReset, response: { 200: Ok } },
  }, async (req) => {
    await svc.resetPassword(actorOf(req), req.params.id, req.body, auditContext(req));
    return { ok: true as const };
  });

  app.post('/users/:id/mfa-reset', {
    config: { access: 'user.manage' },
    schema: { tags, summary: 'Remove the second factor (the user enrols again)', params: Id, response: { 200: Ok } },
  }, async (req) => {
    await svc.resetMfa(actorOf(req), req.params.id, auditContext(req));
    return { ok: true as const };
  });
};
