import { getTableColumns, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

/**
 * Inserts many rows as one JSON parameter (`INSERT … SELECT … FROM json_populate_recordset`), for bulk
 * writes such as an HTCDS import. drizzle's `insert().values(rows)` builds one bound parameter per cell:
 * for 1,000 records (about 10,000 rows) that took most of the import's Node CPU (a profile: 17 of 30 s in
 * drizzle's query building and its garbage). Here the SQL stays a few hundred bytes whatever the rows.
 *
 * Values go through each column's own driver mapping (dates, custom types), except arrays and JSON, which
 * JSON carries as they are and PostgreSQL converts. A key left undefined takes the column's default, as
 * with drizzle: rows are grouped by the keys they set, one statement per group.
 */
export async function insertRows<T extends PgTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], chunk = 1000): Promise<void> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const groups = new Map<string, { keys: string[]; rows: Record<string, unknown>[] }>();
  for (const row of rows as readonly Record<string, unknown>[]) {
    const keys = Object.keys(row).filter((k) => row[k] !== undefined);
    for (const k of keys) if (!columns[k]) throw new Error(`insertRows: ${k} is not a column`);
    const signature = keys.join('\u0000');
    const group = groups.get(signature) ?? { keys, rows: [] };
    group.rows.push(row);
    groups.set(signature, group);
  }
  for (const { keys, rows: groupRows } of groups.values()) {
    const names = keys.map((k) => nameOf(columns[k]!));
    const list = sql.join(names.map((n) => sql.identifier(n)), sql`, `);
    for (let i = 0; i < groupRows.length; i += chunk) {
      const payload = groupRows.slice(i, i + chunk).map((row) => {
        const out: Record<string, unknown> = {};
        for (const [j, k] of keys.entries()) out[names[j]!] = toJson(columns[k]!, row[k]);
        return out;
      });
      await db.execute(sql`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(payload)}::json)`);
    }
  }
}

/** The database's name of a column: the schema's keys are camelCase, the database snake_case (client.ts). */
export function nameOf(column: PgColumn): string {
  return column.keyAsName ? toSnakeCase(column.name) : column.name;
}

function toJson(column: PgColumn, value: unknown): unknown {
  if (value === null) return null;
  if (column.columnType === 'PgArray' || column.columnType === 'PgJson' || column.columnType === 'PgJsonb') return value;
  return column.mapToDriverValue(value);
}
