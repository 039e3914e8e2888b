import { sql, type Column, type SQL } from 'drizzle-orm';
import { AppError } from './errors.js';

/** Keyset cursors: opaque to clients, `<sort key>|<id>` inside. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(`${sortKey}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { sortKey: string; id: string } | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const i = text.lastIndexOf('|');
  if (i < 0) throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'invalid cursor' }]);
  return { sortKey: text.slice(0, i), id: text.slice(i + 1) };
}

/** Fetch limit + 1 rows; this trims and makes the next cursor. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => [string, string]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(...keyOf(last)) : null;
  return { items, nextCursor };
}

export const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * A timestamp cut to the millisecond, to sort and page by: cursors carry a JavaScript Date (milliseconds),
 * and PostgreSQL's now() has microseconds, so comparing the raw column with a cursor would skip rows.
 */
export function msOf(column: Column): SQL {
  return sql`date_trunc('milliseconds', ${column})`;
}
