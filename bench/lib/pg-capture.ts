/**
 * Records the statements node-postgres sends (text, parameters, time to answer) while a capture is on,
 * so a benchmark can say which statement of a slow request is slow and show its plan (EXPLAIN ANALYZE
 * with the same parameters). Patches pg.Client.prototype.query once; costs nothing while off.
 */
import pg from 'pg';

export interface CapturedStatement {
  text: string;
  values: unknown[];
  ms: number;
}

let active: CapturedStatement[] | null = null;
let patched = false;

function patch(): void {
  if (patched) return;
  patched = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const sink = active;
    if (!sink) return original.apply(this, args);
    const first = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof first === 'string' ? first : first?.text ?? '';
    const values = (typeof first === 'object' && first?.values) || (Array.isArray(args[1]) ? (args[1] as unknown[]) : []);
    const t0 = performance.now();
    const record = () => sink.push({ text, values, ms: performance.now() - t0 });
    // The pool calls with a callback (pg-pool), drizzle's own clients without one (a promise).
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (...a: unknown[]) => unknown;
      args[last] = (...a: unknown[]) => {
        record();
        return cb(...a);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (!(result instanceof Promise)) return result;
    return result.then((r) => {
      record();
      return r;
    });
  };
}

/** Runs `fn` and answers the statements it sent (from every pool client of this process). */
export async function captureStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }> {
  patch();
  const statements: CapturedStatement[] = [];
  active = statements;
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    active = null;
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured statement, on a connection of its own; writes are rolled back. */
export async function explainAnalyze(connectionString: string, s: CapturedStatement): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${s.text}`, s.values);
    return r.rows.map((x) => x['QUERY PLAN']);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** The first line of a statement, shortened, for tables. */
export function statementLabel(text: string, max = 90): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
