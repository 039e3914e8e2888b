import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { sha256Hex } from './crypto.js';
import { writeAudit } from './audit.js';
import { auditContext } from './context.js';
import { AppError } from './errors.js';
import type { DataCipher } from './crypto.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string; requestHash: string } | null;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * API.md: a write with an `Idempotency-Key` answers a retry (same key, same body, within 24 h)
 * with the first result and changes nothing more; the same key with another body is a 409.
 * Keys are per caller (user, token, or the route for anonymous callers) so one caller cannot
 * read another's response by guessing a key. Only successful results are kept: a failed write
 * changed nothing, so repeating it is safe.
 */
export const idempotency = fp(async function idempotency(app: FastifyInstance, opts: { database: Database; cipher: DataCipher }) {
  const { db } = opts.database;
  const { cipher } = opts;
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined || !WRITE_METHODS.has(req.method)) return;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(key)) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'Idempotency-Key', message: '8–200 printable ASCII characters' }]);
    }
    const scope = `${req.actor?.userId ?? req.actor?.tokenId ?? 'anonymous'}:${req.method} ${req.routeOptions.url ?? ''}`;
    const requestHash = sha256Hex(`${req.url}\u0000${JSON.stringify(req.body ?? null)}`);
    const rows = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), sql`${idempotencyKeys.createdAt} > now() - interval '24 hours'`))
      .limit(1);
    const first = rows[0];
    if (first) {
      if (first.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      const body = typeof first.responseBody === 'string' ? JSON.parse(cipher.decrypt(first.responseBody)) as unknown : first.responseBody;
      // The answer is given again without its handler, whose audit entry (an identity lookup's, say) is not
      // written again: say that it was, and on which route.
      await writeAudit(db, auditContext(req), { action: 'request.replayed', details: { route: `${req.method} ${req.routeOptions.url ?? ''}`, statusCode: first.statusCode } });
      return reply.code(first.statusCode).header('idempotent-replayed', 'true').send(body);
    }
    req.idempotency = { scope, key, requestHash };
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idempotency;
    if (!idem || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    // The first answer is kept encrypted: it can hold a secret (a public report's PIN) for 24 hours.
    const stored = cipher.encrypt(payload);
    await db
      .insert(idempotencyKeys)
      .values({ ...idem, statusCode: reply.statusCode, responseBody: stored })
      .onConflictDoUpdate({
        target: [idempotencyKeys.scope, idempotencyKeys.key],
        set: { requestHash: idem.requestHash, statusCode: reply.statusCode, responseBody: stored, createdAt: sql`now()` },
        // Only an expired entry is replaced.
        setWhere: sql`${idempotencyKeys.createdAt} <= now() - interval '24 hours'`,
      });
    return payload;
  });
});
