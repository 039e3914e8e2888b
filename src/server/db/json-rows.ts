import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { nameOf } from './bulk-insert.js';

const columnsByTable = new WeakMap<PgTable, [key: string, dbName: string, column: PgColumn][]>();

/**
 * A table's row as drizzle would have mapped it, from the JSON PostgreSQL makes of it (`to_json(t)`), so
 * one statement can bring a record and its dependants (`json_agg`) with the same types as separate
 * selects: the database's snake_case names become the schema's keys, and each value goes through its
 * column's own mapping (timestamps to Date, arrays element by element). JSON carries what the row
 * holds, so a column's JSON form must be one its mapping takes: json-rows.test.ts checks every column
 * of the tables read this way against drizzle's own select, on both engines.
 */
export function rowFromJson<T extends PgTable, K extends keyof T['$inferSelect'] = never>(
  table: T, json: Record<string, unknown>, omit: readonly K[] = [],
): Omit<T['$inferSelect'], K> {
  let columns = columnsByTable.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(([key, c]) => [key, nameOf(c), c]);
    columnsByTable.set(table, columns);
  }
  const row: Record<string, unknown> = {};
  for (const [key, dbName, column] of columns) {
    if ((omit as readonly string[]).includes(key)) continue;
    if (!(dbName in json)) throw new Error(`rowFromJson: ${dbName} missing`);
    const v = json[dbName];
    row[key] = v === null ? null : column.mapFromDriverValue(v);
  }
  return row as Omit<T['$inferSelect'], K>;
}
