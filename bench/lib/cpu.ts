import { readFileSync } from 'node:fs';
import type { Database } from '../../src/server/db/client.js';

/**
 * CPU time used so far, in ms: this process (the app, and PGlite's WASM engine when embedded) and, on PostgreSQL,
 * each server process of this database (read from /proc: same machine). Unlike wall time it does not grow while
 * other work on a shared machine holds the cores, so it tells a change's effect apart from the machine's load.
 * PostgreSQL's figures have the kernel's 10 ms tick as resolution: meaningful only summed over many requests.
 */
export async function cpuSnapshot(database: Database): Promise<Map<string, number>> {
  const own = process.cpuUsage();
  const snap = new Map([['self', (own.user + own.system) / 1000]]);
  if (database.engine === 'postgres') {
    const pids = await database.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    for (const { pid } of pids) {
      try {
        // Fields after the ")" of the command name: utime and stime are the 12th and 13th, in ticks of 1/100 s.
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
        snap.set(String(pid), (Number(f[11]) + Number(f[12])) * 10);
      } catch {
        snap.set(String(pid), Number.NaN);
      }
    }
  }
  return snap;
}

/** CPU ms between two snapshots; null when a server process ended in between (the pool closes idle ones), its time unknown. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>): number | null {
  let ms = 0;
  for (const [k, v] of after) ms += v - (before.get(k) ?? 0);
  for (const k of before.keys()) if (!after.has(k)) return null;
  return Number.isFinite(ms) ? ms : null;
}

/** The same, split: this process, and PostgreSQL's server processes (null when one ended in between, or on PGlite). */
export function cpuSplit(before: Map<string, number>, after: Map<string, number>): { selfMs: number; serverMs: number | null } {
  const selfMs = (after.get('self') ?? 0) - (before.get('self') ?? 0);
  const all = cpuBetween(before, after);
  return { selfMs, serverMs: all === null || after.size === 1 ? null : all - selfMs };
}
