import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.js';
import type { Database } from './client.js';
import { dueWork, maintainTables } from './maintenance.js';

describe('table maintenance (PGlite has no autovacuum)', () => {
  it('follows PostgreSQL\'s autovacuum rules: dead rows past 50 + 20 %, inserts past 1,000 + 20 %, changes past 50 + 10 %', () => {
    const t = { name: 't', live: 1000, dead: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0 };
    expect(dueWork(t)).toEqual({ vacuum: false, analyze: false });
    expect(dueWork({ ...t, dead: 250 })).toEqual({ vacuum: false, analyze: false });
    expect(dueWork({ ...t, dead: 251 }).vacuum).toBe(true);
    expect(dueWork({ ...t, insertedSinceVacuum: 1200 }).vacuum).toBe(false);
    expect(dueWork({ ...t, insertedSinceVacuum: 1201 }).vacuum).toBe(true);
    expect(dueWork({ ...t, modifiedSinceAnalyze: 150 }).analyze).toBe(false);
    expect(dueWork({ ...t, modifiedSinceAnalyze: 151 }).analyze).toBe(true);
  });

  describe('on a database', () => {
    let database: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => { ({ database, drop } = await openTestDatabase()); }, 120_000);
    afterAll(async () => { await drop(); });

    const activity = async () => {
      await database.query('SELECT pg_stat_force_next_flush()');
      return (await database.query<{ dead: number; analyzed: boolean }>(
        "SELECT n_dead_tup::int AS dead, (last_analyze IS NOT NULL) AS analyzed FROM pg_stat_user_tables WHERE relname = 'maintenance_probe'"))[0]!;
    };

    it('vacuums a table full of dead rows once, and leaves it alone when nothing is due', async () => {
      await database.withSession(async (s) => {
        // Without autovacuum here, PostgreSQL behaves like PGlite for this table.
        await s.query('CREATE TABLE maintenance_probe (id int PRIMARY KEY, v int) WITH (autovacuum_enabled = false)');
        await s.query('INSERT INTO maintenance_probe SELECT g, 0 FROM generate_series(1, 1000) g');
        await s.query('UPDATE maintenance_probe SET v = v + 1');
        await s.query('UPDATE maintenance_probe SET v = v + 1');
        await s.query('SELECT pg_stat_force_next_flush()');
      });
      expect((await activity()).dead).toBeGreaterThanOrEqual(1000);
      const first = await maintainTables(database);
      expect(first.vacuumed).toContain('public.maintenance_probe');
      const after = await activity();
      expect(after.dead).toBe(0);
      expect(after.analyzed).toBe(true);
      const second = await maintainTables(database);
      expect([...second.vacuumed, ...second.analyzed]).not.toContain('public.maintenance_probe');
    });
  });
});
