import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fileURLToPath } from 'node:url';
import type { Database, SqlSession } from './client.js';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies the committed SQL migrations (the same files on PGlite and PostgreSQL).
 * We run drizzle's migration files ourselves so both engines share one code path and one lock.
 */
export async function migrate(database: Database): Promise<string> {
  return database.withSession((s) => migrateIn(s));
}

async function migrateIn(database: SqlSession): Promise<string> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await database.exec(`
    CREATE TABLE IF NOT EXISTS phakhi_migrations (
      id serial PRIMARY KEY, hash text NOT NULL, tag text NOT NULL, created_at bigint NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
  const tags = tagsOf();
  let latest = '';
  for (const [i, m] of migrations.entries()) {
    const tag = tags[i] ?? String(i);
    latest = tag;
    // Serialise concurrent starters on PostgreSQL; harmless on PGlite.
    await database.exec('BEGIN');
    try {
      await database.exec('SELECT pg_advisory_xact_lock(727274)');
      const done = await database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM phakhi_migrations WHERE tag = $1', [tag]);
      if ((done[0]?.n ?? 0) === 0) {
        for (const stmt of m.sql) {
          if (stmt.trim()) await database.exec(stmt);
        }
        await database.query(
          'INSERT INTO phakhi_migrations (hash, tag, created_at) VALUES ($1, $2, $3)',
          [m.hash, tag, m.folderMillis]);
      }
      await database.exec('COMMIT');
    } catch (err) {
      await database.exec('ROLLBACK');
      throw err;
    }
  }
  return latest;
}

import journal from './migrations/meta/_journal.json' with { type: 'json' };

function tagsOf(): string[] {
  return journal.entries.map((e) => e.tag);
}

export function latestMigration(): string {
  return tagsOf().at(-1) ?? '';
}
