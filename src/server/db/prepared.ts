import { isTransaction, type Db } from './client.js';

interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

const preparedByDb = new WeakMap<Db, Map<string, { execute(values?: Record<string, unknown>): Promise<unknown> }>>();

/**
 * Runs a query built with `sql.placeholder(…)` for its values as a named prepared statement. On the
 * database (not a transaction) the query is built once and kept: drizzle's query building was a third of
 * a case read's CPU (bench/profile-case.ts), and PostgreSQL plans a prepared statement once per
 * connection instead of on every request. In a transaction it is built each time (the kept one is bound
 * to the pool), under the same name.
 *
 * `name` must tell apart every shape `build` can produce: PostgreSQL refuses one name for two texts.
 */
export function runPrepared<R>(db: Db, name: string, build: (db: Db) => Preparable<R>, values: Record<string, unknown>): Promise<R> {
  if (isTransaction(db)) return build(db).prepare(name).execute(values);
  let kept = preparedByDb.get(db);
  if (!kept) {
    kept = new Map();
    preparedByDb.set(db, kept);
  }
  let query = kept.get(name);
  if (!query) {
    query = build(db).prepare(name);
    kept.set(name, query);
  }
  return query.execute(values) as Promise<R>;
}
