import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.js';
import { textArray, uuidArray } from './sql-arrays.js';
import { sql } from 'drizzle-orm';
import { rowsOf } from './client.js';

describe('array parameters', () => {
  it('refuse a value that would need quoting in the array text form', () => {
    for (const bad of ['a,b', 'x}', '{x', 'a b', 'say "hi"', 'back\\slash', '', 'NULL']) expect(() => textArray([bad])).toThrow(/needs quoting/);
    expect(() => textArray(['57', 'ilo.deception', 'oSbbtGPzl-vQ'])).not.toThrow();
  });

  it('reach the database as one array of the right type', async () => {
    const { database, drop } = await openTestDatabase();
    try {
      const [r] = rowsOf<{ n: number; t: string }>(await database.db.execute(
        sql`SELECT cardinality(${textArray(['57', '63', 'x_y'])}) AS n, pg_typeof(${uuidArray(['7f1c2a7e-8d1e-4f4a-9d53-2f0e0d6f3b21'])})::text AS t`));
      expect(r).toEqual({ n: 3, t: 'uuid[]' });
    } finally {
      await drop();
    }
  });
});
