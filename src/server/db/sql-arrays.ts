import { sql, type SQL } from 'drizzle-orm';

/**
 * One array parameter (for `= ANY(…)`, `&&`, `@>`) instead of one placeholder per value. The array is
 * sent as PostgreSQL's text form `{a,b}`, which is only safe for values that need no quoting — codes,
 * ids, base64url hashes — so any other value is refused here rather than silently splitting the array.
 */
function arrayParam(values: readonly string[], type: 'text' | 'uuid'): SQL {
  for (const v of values) {
    if (v === '' || /[\s,{}"\\]/.test(v) || v.toUpperCase() === 'NULL') throw new Error(`array parameter value needs quoting: ${JSON.stringify(v.slice(0, 20))}`);
  }
  return sql`${`{${values.join(',')}}`}::${sql.raw(type)}[]`;
}

export const textArray = (values: readonly string[]): SQL => arrayParam(values, 'text');
export const uuidArray = (values: readonly string[]): SQL => arrayParam(values, 'uuid');
