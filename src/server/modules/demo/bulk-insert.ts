import { randomUUID } from 'node:crypto';
import { is, sql, SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';

const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** A value for a row that leaves a NOT NULL column with a default unset (rows of one statement must agree on their columns). */
function defaultOf(column: ReturnType<typeof getTableConfig>['columns'][number]): unknown {
  if (column.defaultFn) return column.defaultFn();
  if (!is(column.default, SQL)) return column.default;
  const type = column.getSQLType();
  if (type.endsWith('[]')) return [];
  if (type.startsWith('timestamp')) return new Date();
  if (type === 'uuid') return randomUUID();
  throw new Error(`bulk insert: no value for ${column.name}`);
}

/**
 * Inserts many rows with one parameter per statement (`jsonb_to_recordset`): on PGlite this is about
 * five times faster than a multi-row VALUES list, whose parameters are parsed one by one, and it is the
 * same SQL on PostgreSQL. Keys are the schema's (camelCase) names; Dates travel as ISO strings.
 */
export async function bulkInsert<T extends PgTable>(trx: Db, table: T, rows: readonly Partial<T['$inferInsert']>[], batch = 2000): Promise<void> {
  if (rows.length === 0) return;
  const config = getTableConfig(table);
  const present = new Set<string>();
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (v !== undefined) present.add(k);
  const columns = config.columns.filter((c) => present.has(c.name));
  const names = columns.map((c) => `"${snake(c.name)}"`).join(', ');
  const types = columns.map((c) => `"${snake(c.name)}" ${c.getSQLType()}`).join(', ');
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch).map((r) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const v = (r as Record<string, unknown>)[c.name];
        out[snake(c.name)] = v === undefined && c.notNull && c.hasDefault ? defaultOf(c) : v ?? null;
      }
      return out;
    });
    await trx.execute(sql`INSERT INTO ${sql.raw(`"${config.name}" (${names})`)} SELECT ${sql.raw(names)}
      FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x(${sql.raw(types)})`);
  }
}
