import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Database, SqlSession } from './client.js';
import { latestMigration } from './migrate.js';

/**
 * Reference data comes from migrations (the area adjacency tables too, 0006); the migration ledger
 * belongs to the target database.
 */
const NOT_DUMPED = new Set([
  'provinces', 'districts', 'subdistricts', 'countries', 'languages', 'province_neighbours', 'district_neighbours', 'phakhi_migrations',
]);

/**
 * Seeded by a migration but extended by administrators (0013's screening checklist): dumped, and on
 * restore the migration's rows give way to the backup's, so ids that cases point to stay the same.
 */
const SEEDED_AND_DUMPED = new Set(['screening_indicators']);

async function dataTables(s: SqlSession): Promise<string[]> {
  const rows = await s.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
  return rows.map((r) => r.table_name).filter((t) => !NOT_DUMPED.has(t));
}

const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"';

/**
 * Logical backup as JSON lines: a header, then `{"t": table, "r": row}` per row (row_to_json keeps every
 * type's text form, so the same file restores on PGlite and PostgreSQL). Identity stays encrypted:
 * restoring needs the same PHAKHI_DATA_KEY.
 */
export async function backupTo(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  const out = createWriteStream(file, { mode: 0o600 });
  const write = async (line: string) => {
    if (!out.write(line + '\n')) await once(out, 'drain');
  };
  let rows = 0;
  const tables = await database.withSession(async (s) => {
    // One snapshot for every table.
    await s.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const names = await dataTables(s);
      await write(JSON.stringify({ format: 'phakhi-backup', version: 1, migration: latestMigration(), createdAt: new Date().toISOString(), tables: names }));
      for (const t of names) {
        const batch = 2000;
        for (let offset = 0; ; offset += batch) {
          const part = await s.query<{ j: unknown }>(`SELECT row_to_json(x) AS j FROM (SELECT * FROM ${ident(t)} ORDER BY 1 LIMIT ${batch} OFFSET ${offset}) x`);
          for (const r of part) await write(JSON.stringify({ t, r: typeof r.j === 'string' ? JSON.parse(r.j) : r.j }));
          rows += part.length;
          if (part.length < batch) break;
        }
      }
      await s.exec('COMMIT');
      return names.length;
    } catch (err) {
      await s.exec('ROLLBACK');
      throw err;
    }
  });
  out.end();
  await once(out, 'finish');
  return { tables, rows };
}

/**
 * Restores into an empty, migrated database in one transaction (all or nothing). Triggers are
 * suspended for the load (session_replication_role = replica) so the audit chain keeps its stored
 * hashes and foreign keys do not depend on row order; this needs a superuser on PostgreSQL.
 */
export async function restoreFrom(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  return database.withSession(async (s) => {
    const names = await dataTables(s);
    for (const t of names) {
      if (SEEDED_AND_DUMPED.has(t)) continue;
      const n = await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t)}`);
      if ((n[0]?.n ?? 0) > 0) throw new Error(`restore needs an empty database: table ${t} has rows`);
    }
    await s.exec('BEGIN');
    try {
      await s.exec('SET LOCAL session_replication_role = replica');
      for (const t of SEEDED_AND_DUMPED) await s.exec(`DELETE FROM ${ident(t)}`);
      // Opened only now: readline starts reading at once, and lines emitted before iteration begins are lost.
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      let header: { format?: string; tables?: string[] } | undefined;
      let rows = 0;
      const seen = new Set<string>();
      for await (const line of lines) {
        if (!line.trim()) continue;
        const obj = JSON.parse(line) as { t?: string; r?: unknown; format?: string; tables?: string[] };
        if (!header) {
          if (obj.format !== 'phakhi-backup') throw new Error('not a Phakhi backup file');
          header = obj;
          continue;
        }
        if (!obj.t || !names.includes(obj.t)) throw new Error(`backup names an unknown table: ${String(obj.t)}`);
        await s.query(`INSERT INTO ${ident(obj.t)} SELECT * FROM json_populate_record(NULL::${ident(obj.t)}, $1::json)`, [JSON.stringify(obj.r)]);
        seen.add(obj.t);
        rows++;
      }
      if (!header) throw new Error('empty backup file');
      // Serial columns continue after the restored ids.
      const serials = await s.query<{ tbl: string; col: string; seq: string }>(
        `SELECT c.table_name AS tbl, c.column_name AS col, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
           FROM information_schema.columns c
          WHERE c.table_schema = 'public' AND c.column_default LIKE 'nextval(%'`);
      for (const x of serials) {
        if (!x.seq || NOT_DUMPED.has(x.tbl)) continue;
        await s.query(`SELECT setval($1, coalesce((SELECT max(${ident(x.col)}) FROM ${ident(x.tbl)}), 0) + 1, false)`, [x.seq]);
      }
      await s.exec('COMMIT');
      return { tables: seen.size, rows };
    } catch (err) {
      await s.exec('ROLLBACK');
      throw err;
    }
  });
}
