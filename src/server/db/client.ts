import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** A database or an open transaction: repositories take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = 'pglite' | 'postgres';

/** An open transaction rather than the database itself. */
export function isTransaction(db: Db): boolean {
  return db instanceof PgTransaction;
}

export interface SqlSession {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
}

export interface Database extends SqlSession {
  db: Db;
  engine: Engine;
  /** Several statements in one string, without parameters; the rows of the last one (pg-boss's own schema scripts). */
  script<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** One connection for a sequence of raw statements (BEGIN … COMMIT in migrations, backup, restore). */
  withSession<T>(fn: (s: SqlSession) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel. `onLost` is called if the listening connection fails (PostgreSQL), after which
   * no more notifications arrive: callers relying on them must stop trusting what they cached.
   */
  listen(channel: string, onNotify: (payload: string) => void, onLost: (err: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite; undefined = in memory. */
  dataDir?: string | undefined;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection can be ended by the server (restart, a dropped database): without a listener the
    // pool's 'error' event would crash the process. The next query opens a new connection or fails visibly.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      async query<T>(text: string, params?: unknown[]) {
        const r = await pool.query(text, params as unknown[]);
        return r.rows as T[];
      },
      async exec(text: string) {
        await pool.query(text);
      },
      async script<T>(text: string) {
        // The simple query protocol answers a multi-statement string with one result per statement.
        const r = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(r) ? r.at(-1)?.rows ?? [] : r.rows) as T[];
      },
      async withSession(fn) {
        const conn = await pool.connect();
        try {
          return await fn({
            async query<T>(text: string, params?: unknown[]) {
              return (await conn.query(text, params as unknown[])).rows as T[];
            },
            async exec(text: string) {
              await conn.query(text);
            },
          });
        } finally {
          conn.release();
        }
      },
      async listen(channel, onNotify, onLost) {
        const client = new pg.Client({ connectionString: opts.databaseUrl });
        await client.connect();
        client.on('notification', (n) => {
          if (n.channel === channel) onNotify(n.payload ?? '');
        });
        client.on('error', (err) => onLost(err));
        await client.query(`LISTEN ${channel}`);
        return () => client.end();
      },
      close: () => pool.end(),
    };
  }
  const client = await PGlite.create({ dataDir: opts.dataDir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
  const session: SqlSession = {
    async query<T>(text: string, params?: unknown[]) {
      const r = await client.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
  };
  return {
    db,
    engine: 'pglite',
    ...session,
    async script<T>(text: string) {
      return ((await client.exec(text)).at(-1)?.rows ?? []) as T[];
    },
    // PGlite is a single connection; its own mutex keeps statements in order.
    withSession: (fn) => fn(session),
    async listen(channel, onNotify) {
      return client.listen(channel, onNotify);
    },
    close: () => client.close(),
  };
}

/** Rows of a `db.execute(sql…)` result: both drivers return `{ rows }`, typed differently. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** A text[] or uuid[] column from a raw query: node-postgres parses it into an array, PGlite may hand back the literal. */
export function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
  return [];
}
