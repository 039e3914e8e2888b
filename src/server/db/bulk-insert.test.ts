import { sql } from 'drizzle-orm';
import { boolean, char, integer, jsonb, pgTable, text, timestamp, uuid, date } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.js';
import { insertRows } from './bulk-insert.js';
import type { Database } from './client.js';

const probe = pgTable('bulk_insert_probe', {
  id: uuid().primaryKey().defaultRandom(),
  label: text().notNull(),
  provinceCode: char({ length: 2 }),
  tags: text().array().notNull().default(sql`'{}'::text[]`),
  details: jsonb().notNull().default({}),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  day: date(),
  n: integer().notNull().default(7),
  flag: boolean(),
});

describe('insertRows (one JSON parameter per statement)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase());
    await database.query(`CREATE TABLE bulk_insert_probe (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), label text NOT NULL, province_code char(2),
      tags text[] NOT NULL DEFAULT '{}', details jsonb NOT NULL DEFAULT '{}', at timestamptz NOT NULL DEFAULT now(), day date,
      n integer NOT NULL DEFAULT 7, flag boolean)`);
  }, 120_000);
  afterAll(async () => { await drop(); });

  it('writes what drizzle would: arrays, JSON, dates, nulls, quotes; a key left out takes its default; rows keep their order', async () => {
    const at = new Date('2025-03-04T05:06:07.891Z');
    const awkward = `a "quoted", {braced} \\ back'slash ไทย`;
    await insertRows(database.db, probe, [
      { label: 'first', provinceCode: '57', tags: ['x', awkward, ''], details: { a: [1, 2], b: { c: awkward } }, at, day: '2025-01-31', n: 1, flag: true },
      { label: 'second' },
      { label: 'third', provinceCode: null, flag: null, tags: [] },
      { label: 'fourth', n: 4 },
    ]);
    const rows = await database.db.select().from(probe);
    const by = new Map(rows.map((r) => [r.label, r]));
    expect(by.get('first')).toMatchObject({ provinceCode: '57', tags: ['x', awkward, ''], details: { a: [1, 2], b: { c: awkward } }, day: '2025-01-31', n: 1, flag: true });
    expect(by.get('first')!.at.toISOString()).toBe(at.toISOString());
    expect(by.get('second')).toMatchObject({ provinceCode: null, tags: [], details: {}, n: 7, flag: null });
    expect(Math.abs(by.get('second')!.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(by.get('third')).toMatchObject({ provinceCode: null, tags: [], flag: null, n: 7 });
    expect(by.get('fourth')).toMatchObject({ n: 4 });
    expect(new Set(rows.map((r) => r.id)).size).toBe(4);
  });

  it('splits large inputs into statements and writes every row once', async () => {
    await database.query('DELETE FROM bulk_insert_probe');
    await insertRows(database.db, probe, Array.from({ length: 2503 }, (_, i) => ({ label: `row ${i}`, n: i })), 1000);
    const [c] = await database.query<{ n: number; s: string }>('SELECT count(*)::int AS n, sum(n)::text AS s FROM bulk_insert_probe');
    expect(c).toEqual({ n: 2503, s: String((2502 * 2503) / 2) });
  });

  it('refuses a key that is not a column, before writing anything', async () => {
    await database.query('DELETE FROM bulk_insert_probe');
    await expect(insertRows(database.db, probe, [{ label: 'ok' }, { label: 'bad', nope: 1 } as never])).rejects.toThrow(/nope is not a column/);
    expect((await database.query<{ n: number }>('SELECT count(*)::int AS n FROM bulk_insert_probe'))[0]!.n).toBe(0);
  });
});
