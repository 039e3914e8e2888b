import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { latestMigration } from '../../db/migrate.js';

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  migration: z.string(),
});

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { database }) => {
  app.get('/health', {
    config: { access: 'public' },
    schema: { tags: ['platform'], summary: 'Liveness and database check', response: { 200: Health } },
  }, async () => {
    await database.query('SELECT 1');
    return { status: 'ok' as const, database: database.engine, migration: latestMigration() };
  });
};
