/**
 * `pgbench -S` (select-only, the reference point for "how many simple queries can this PostgreSQL do
 * on this machine") on a scratch database of its own, created and dropped here.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PgbenchResult {
  binary: string;
  scale: number;
  clients: number;
  threads: number;
  durationS: number;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  command: string;
}

/** pgbench from PATH or from the PostgreSQL packages' bin directories (highest version first). */
export function findPgbench(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      const bin = `${root}/${v}/bin/pgbench`;
      if (existsSync(bin)) return bin;
    }
  }
  return null;
}

/**
 * pgbench running a custom script against an existing database (no init): the database's share of a
 * request, without the application around it. `options` go to the server (PGOPTIONS), e.g. `-c synchronous_commit=off`.
 */
export async function pgbenchScript(
  url: string, script: string, opts: { clients: number; threads: number; durationS: number; options?: string },
): Promise<{ tps: number; latencyAvgMs: number; transactions: number }> {
  const binary = findPgbench();
  if (!binary) throw new Error('pgbench not found');
  const dir = mkdtempSync(join(tmpdir(), 'phakhi-pgbench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  try {
    const { stdout } = await run(binary, ['-n', '-f', file, '-c', String(opts.clients), '-j', String(opts.threads), '-T', String(opts.durationS), url], {
      maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...(opts.options ? { PGOPTIONS: opts.options } : {}) },
    });
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN);
    return {
      tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
      latencyAvgMs: num(/latency average = ([\d.]+) ms/),
      transactions: num(/number of transactions actually processed: (\d+)/),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pgbenchSelectOnly(
  adminUrl: string, opts: { scale: number; clients: number; threads: number; durationS: number; log: (l: string) => void },
): Promise<PgbenchResult> {
  const binary = findPgbench();
  if (!binary) throw new Error('pgbench not found (it ships with PostgreSQL: /usr/lib/postgresql/<version>/bin/pgbench)');
  const name = 'phakhi_bench_pgbench';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  const conn = u.toString();
  try {
    opts.log(`  pgbench -i -s ${opts.scale}…`);
    await run(binary, ['-i', '-s', String(opts.scale), '-q', conn], { maxBuffer: 16 * 1024 * 1024 });
    const args = ['-S', '-c', String(opts.clients), '-j', String(opts.threads), '-T', String(opts.durationS), conn];
    opts.log(`  pgbench ${args.slice(0, -1).join(' ')}…`);
    const { stdout } = await run(binary, args, { maxBuffer: 16 * 1024 * 1024 });
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN);
    return {
      binary, scale: opts.scale, clients: opts.clients, threads: opts.threads, durationS: opts.durationS,
      tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
      latencyAvgMs: num(/latency average = ([\d.]+) ms/),
      transactions: num(/number of transactions actually processed: (\d+)/),
      command: `pgbench -S -c ${opts.clients} -j ${opts.threads} -T ${opts.durationS} (after pgbench -i -s ${opts.scale})`,
    };
  } finally {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}
