import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { nameOf } from './bulk-insert.js';

/**
 * Reads a table's row as drizzle would have mapped it, from the JSON PostgreSQL makes of it (`to_json(t)`),
 * so one statement can bring a record and its dependants (`json_agg`) with the same types as separate
 * selects: the database's snake_case names become the schema's keys, and each value goes through its
 * column's own mapping (timestamps to Date, arrays element by element). JSON carries what the row
 * holds, so a column's JSON form must be one its mapping takes: cases.seed.test.ts checks every column
 * of the tables read this way against drizzle's own select, on both engines.
 *
 * `omit` names columns the statement leaves out (their keys are absent from the row); any other column
 * missing from the JSON is an error, not a silent null.
 */
export function jsonRowReader<T extends PgTable, K extends keyof T['$inferSelect'] = never>(
  table: T, omit: readonly K[] = [],
): (json: Record<string, unknown>) => Omit<T['$inferSelect'], K> {
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>)
    .filter(([key]) => !(omit as readonly string[]).includes(key))
    .map(([key, column]) => ({ key, dbName: nameOf(column), column }));
  return (json) => {
    const row: Record<string, unknown> = {};
    for (const { key, dbName, column } of columns) {
      const v = json[dbName];
      if (v === undefined) throw new Error(`jsonRowReader: ${dbName} missing`);
      row[key] = v === null ? null : column.mapFromDriverValue(v);
    }
    return row as Omit<T['$inferSelect'], K>;
  };
}
