import type { FastifyRequest } from 'fastify';
import type { AuditContext } from './audit.js';
import type { Actor } from './access/actor.js';
import { AppError } from './errors.js';

/** The actor of a route that requires sign-in (the guard has already refused anonymous callers). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('NOT_SIGNED_IN');
  return req.actor;
}

export function auditContext(req: FastifyRequest): AuditContext {
  return { actor: req.actor, requestId: req.id };
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export function requestMeta(req: FastifyRequest): RequestMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null };
}
