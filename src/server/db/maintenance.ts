import type { Database } from './client.js';

/**
 * PGlite has no autovacuum: without this, dead row versions left by updates and deletes are never
 * reclaimed and the planner's statistics are never refreshed, so an embedded installation grows and
 * its query plans drift as months of cases pile up. This applies PostgreSQL's own autovacuum rules
 * (default settings) to the tables that are due and vacuums or analyzes just those. PostgreSQL
 * servers keep their autovacuum; this is for the embedded engine only.
 */
export interface MaintenanceDone {
  vacuumed: string[];
  analyzed: string[];
}

interface TableActivity {
  name: string;
  live: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

// autovacuum_vacuum_threshold / _scale_factor, the insert-driven pair (PostgreSQL 13+) and autovacuum_analyze_*.
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
const INSERT_BASE = 1000;
const INSERT_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;

export function dueWork(t: TableActivity): { vacuum: boolean; analyze: boolean } {
  const vacuum = t.dead > VACUUM_BASE + VACUUM_SCALE * t.live || t.insertedSinceVacuum > INSERT_BASE + INSERT_SCALE * t.live;
  const analyze = t.modifiedSinceAnalyze > ANALYZE_BASE + ANALYZE_SCALE * t.live;
  return { vacuum, analyze };
}

/** Vacuums (with ANALYZE) or analyzes the tables PostgreSQL's autovacuum would pick now. */
export async function maintainTables(database: Database): Promise<MaintenanceDone> {
  const tables = await database.query<TableActivity>(`
    SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name,
           n_live_tup::float8 AS live, n_dead_tup::float8 AS dead,
           n_ins_since_vacuum::float8 AS "insertedSinceVacuum", n_mod_since_analyze::float8 AS "modifiedSinceAnalyze"
      FROM pg_stat_user_tables
     ORDER BY relname`);
  const done: MaintenanceDone = { vacuumed: [], analyzed: [] };
  for (const t of tables) {
    const { vacuum, analyze } = dueWork(t);
    // One table at a time: PGlite is a single connection, so requests wait behind each statement.
    if (vacuum) {
      await database.exec(`VACUUM (ANALYZE) ${t.name}`);
      done.vacuumed.push(t.name);
    } else if (analyze) {
      await database.exec(`ANALYZE ${t.name}`);
      done.analyzed.push(t.name);
    }
  }
  return done;
}
