import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { registerErrorHandling, errorBody } from './platform/errors.js';
import { loggerOptions } from './platform/logger.js';
import { securityHeaders } from './platform/security-headers.js';
import { SessionCache } from './platform/auth/session-cache.js';
import { accessGuard } from './platform/access/guard.js';
import { idempotency } from './platform/idempotency.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { organisationRoutes } from './modules/organisations/organisations.routes.js';
import { userRoutes } from './modules/users/users.routes.js';
import { tokenRoutes } from './modules/tokens/tokens.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { personRoutes } from './modules/persons/persons.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { networkRoutes } from './modules/network/network.routes.js';
import { structuresRoutes } from './modules/structures/structures.routes.js';
import { caseRoutes } from './modules/cases/cases.routes.js';
import { caseworkRoutes } from './modules/cases/casework.routes.js';
import { notificationRoutes } from './modules/notifications/notifications.routes.js';
import { nrmRoutes } from './modules/cases/nrm.routes.js';
import { referralRoutes } from './modules/cases/referrals.routes.js';
import { ctdcRoutes } from './modules/stats/ctdc.routes.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { exchangeRoutes } from './modules/exchange/exchange.routes.js';
import { createJobQueue, type JobQueue } from './modules/jobs/job-queue.js';
import { jobRoutes } from './modules/jobs/jobs.routes.js';

export interface BuildOptions extends AppDeps {
  logLevel?: string;
  /** Built web app to serve (dist/web); skipped when absent. */
  webRoot?: string | undefined;
  trustProxy?: false | number | string[];
  /** Extra log destination (tests capture logs to check nothing identifying is written). */
  logStream?: NodeJS.WritableStream;
  /**
   * How long a looked-up session may be reused without a database round trip (0 = never).
   * Invalidated through the database's NOTIFY (see platform/auth/session-cache.ts).
   */
  sessionCacheMs?: number;
  /** The background job queue; one is made (and stopped with the app) when not given. */
  jobQueue?: JobQueue;
}

export const BODY_LIMIT_BYTES = 256 * 1024;

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const logger = loggerOptions(opts.logLevel ?? 'info');
  const app = Fastify({
    logger: opts.logStream && logger && typeof logger === 'object' ? { ...logger, stream: opts.logStream } : logger,
    // Our own onResponse line replaces Fastify's request logs (which would print raw URLs).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // A count of proxies becomes "believe the nearest N hops" (Fastify's types take no number).
    trustProxy: typeof opts.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (opts.trustProxy as number)) : opts.trustProxy ?? false,
    routerOptions: { maxParamLength: 200 },
    // The router refuses a malformed or over-long URL before any handler runs: answer in the API's error shape.
    frameworkErrors: (err, _req, reply) => {
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'malformed URL';
      void (reply as FastifyReply).code(400).send(errorBody('VALIDATION_FAILED', [{ path: 'url', message }]));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const headers = securityHeaders(opts.config.secureCookies);
  app.addHook('onRequest', async (_req, reply) => {
    void reply.headers(headers);
  });
  await app.register(cookie);

  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    // Route pattern only: the raw URL can carry a PIN or a search term.
    req.log.info({
      reqId: req.id, method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode,
      ms: Math.round(reply.elapsedTime), actor: req.actor?.userId ?? req.actor?.tokenId ?? null,
    }, 'request');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Phakhi API',
        version: '1',
        description: 'ภาคี — information system of Thailand\'s anti-trafficking network. See API.md for the contract.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'phakhi_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      const access = args.route.config?.access;
      if (access && access !== 'public') {
        (out.schema as Record<string, unknown>)['security'] = [{ session: [] }, { bearer: [] }];
        (out.schema as Record<string, unknown>)['x-permission'] = access;
      }
      placeExamples(out.schema as DocSchema, args.schema as DocSchema);
      return out;
    },
  });

  let sessionCache: SessionCache | undefined;
  if ((opts.sessionCacheMs ?? 0) > 0) {
    const cache = new SessionCache(opts.sessionCacheMs!);
    const unlisten = await opts.database.listen('phakhi_auth_changed', (who) => cache.forget(who), (err) => {
      app.log.error({ err: { type: err.name } }, 'session invalidation channel lost: session cache disabled');
      cache.disable();
    });
    app.addHook('onClose', async () => unlisten());
    sessionCache = cache;
  }

  const deps: AppDeps = { database: opts.database, cipher: opts.cipher, config: opts.config };
  const jobQueue = opts.jobQueue ?? createJobQueue(opts.database, app.log);
  if (!opts.jobQueue) app.addHook('onClose', async () => jobQueue.stop());
  await app.register(async (api) => {
    await api.register(accessGuard, { database: opts.database, sessionCache });
    await api.register(idempotency, { database: opts.database, cipher: opts.cipher });
    api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    await api.register(healthRoutes, deps);
    await api.register(authRoutes, deps);
    await api.register(organisationRoutes, deps);
    await api.register(userRoutes, deps);
    await api.register(tokenRoutes, deps);
    await api.register(auditRoutes, deps);
    await api.register(referenceRoutes, deps);
    await api.register(personRoutes, deps);
    await api.register(reportRoutes, deps);
    await api.register(networkRoutes, deps);
    await api.register(structuresRoutes, deps);
    await api.register(caseRoutes, deps);
    await api.register(caseworkRoutes, deps);
    await api.register(notificationRoutes, deps);
    await api.register(nrmRoutes, deps);
    await api.register(referralRoutes, deps);
    await api.register(ctdcRoutes, deps);
    await api.register(statsRoutes, deps);
    await api.register(exchangeRoutes, deps);
    await api.register(jobRoutes, { ...deps, jobQueue });
  }, { prefix: '/api/v1' });

  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Our helmet CSP covers these pages too: swagger-ui loads only its own files from 'self'.
    staticCSP: false,
    uiConfig: { url: '/api/v1/openapi.json', validatorUrl: null } as never,
  });

  const serveWeb = Boolean(opts.webRoot && existsSync(opts.webRoot));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: opts.webRoot!, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  // The web app's client-side routes fall back to index.html; the API answers 404 in its error shape.
  app.setNotFoundHandler((req, reply) => {
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send(errorBody('NOT_FOUND'));
  });
  return app;
}

type DocSchema = Record<string, any>;

/**
 * Examples given with `.meta({ examples: [...] })` on a route's zod schemas (src/contracts/examples.ts), put where
 * Swagger UI shows them. @fastify/swagger itself turns the `examples` of a body or response schema into its media
 * type's `example` (one) or `examples` (several); not those of a query string or path object (whose properties
 * become parameters: each gets its value from the first example object) nor those of a response given per content
 * type (lifted here to the media type). That form's documentation-only `headers` are kept as well.
 */
function placeExamples(doc: DocSchema, route: DocSchema): void {
  for (const part of ['querystring', 'params']) {
    const s = doc[part];
    // Read from the zod schema: zod leaves `examples` out of the input JSON schema of a schema that transforms.
    const examples = (route[part] instanceof z.ZodType ? z.globalRegistry.get(route[part])?.examples : undefined) ?? s?.examples;
    if (!s?.properties || !Array.isArray(examples)) continue;
    for (const [name, value] of Object.entries(examples[0] ?? {})) {
      if (s.properties[name]) s.properties[name] = { ...s.properties[name], examples: [value] };
    }
    delete s.examples;
  }
  for (const [code, given] of Object.entries<DocSchema>(route.response ?? {})) {
    const res = doc.response?.[code];
    if (!res?.content || !given?.content) continue;
    for (const media of Object.values<DocSchema>(res.content)) {
      const examples = media.schema?.examples;
      if (!Array.isArray(examples)) continue;
      if (examples.length === 1) media.example = examples[0];
      else media.examples = Object.fromEntries(examples.map((value, i) => [`example${i + 1}`, { value }]));
      delete media.schema.examples;
    }
    if (given.headers) res.headers = given.headers;
  }
}
