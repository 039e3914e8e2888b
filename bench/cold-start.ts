/**
 * cold-start: `npm start` semantics without the web build. Spawns `npx tsx src/server/main.ts` on a
 * fresh, empty data directory (PORT=0) and measures the wall time from spawn until GET /api/v1/health
 * answers 200: npx + tsx start-up, module loading, opening the database, all migrations, the demo
 * seed, and listen. Then the same on the already-initialised directory (warm start). The web build
 * (`npm run build:web`) is timed once on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { median } from './lib/stats.js';

export const repoRoot = join(import.meta.dirname, '..');

export interface StartRun {
  /** Spawn → GET /api/v1/health answers 200. */
  totalMs: number;
  /** Spawn → the "is running at" line on stdout. */
  bannerMs: number;
  /** main.ts's own "started in X s" (config → listen, excluding npx/tsx start-up). */
  selfReportedMs: number | null;
}

export interface WebBuild {
  ran: boolean;
  ok: boolean;
  ms: number;
  detail: string;
}

export interface ColdStartResult {
  engine: string;
  cold: StartRun[];
  warm: StartRun[];
  coldMedianMs: number;
  warmMedianMs: number;
  goalMs: number;
  goalMet: boolean;
  webBuild: WebBuild;
  failures: string[];
}

export interface ColdStartOptions {
  runs: number;
  webBuild: boolean;
  log: (line: string) => void;
}

const START_TIMEOUT_MS = 120_000;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the server's whole process group (npx → tsx → node), SIGTERM first, SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const deadline = (ms: number) => Date.now() + ms;
  if (groupAlive(pid)) {
    try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  const soft = deadline(10_000);
  while (groupAlive(pid) && Date.now() < soft) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pid)) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    const hard = deadline(5_000);
    while (groupAlive(pid) && Date.now() < hard) await new Promise((r) => setTimeout(r, 50));
  }
}

async function startOnce(env: NodeJS.ProcessEnv): Promise<StartRun> {
  const t0 = performance.now();
  const child = spawn('npx', ['tsx', 'src/server/main.ts'], {
    cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let bannerMs = Number.NaN;
  let selfReportedMs: number | null = null;
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /is running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m && Number.isNaN(bannerMs)) {
        bannerMs = performance.now() - t0;
        resolve(m[1]!);
      }
      const s = /started in ([\d.]+) s/.exec(out);
      if (s && selfReportedMs === null) selfReportedMs = Number(s[1]) * 1000;
      if (out.length > 200_000) out = out.slice(-100_000);
    });
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString('utf8')).slice(-4000);
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal}): ${err.trim().slice(-800)}`)));
    setTimeout(() => reject(new Error(`no "is running at" line within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS).unref();
  });
  try {
    const base = await url;
    for (;;) {
      if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error('health did not answer 200 in time');
      try {
        const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) break;
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 10));
    }
    const totalMs = performance.now() - t0;
    return { totalMs, bannerMs, selfReportedMs };
  } finally {
    await stopGroup(child);
  }
}

async function freshPgDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `phakhi_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function timeWebBuild(log: (l: string) => void): Promise<WebBuild> {
  if (!existsSync(join(repoRoot, 'vite.config.ts'))) return { ran: false, ok: false, ms: 0, detail: 'no vite.config.ts' };
  // Same command as `npm run build:web`, written to a temporary directory so a shared dist/web
  // (served by a running server or the e2e tests) is not replaced under anyone's feet.
  const outDir = mkdtempSync(join(tmpdir(), 'phakhi-bench-web-'));
  log('cold-start: timing `npm run build:web` (into a temporary outDir)…');
  const t0 = performance.now();
  const child = spawn('npm', ['run', 'build:web', '--', '--outDir', outDir, '--emptyOutDir'], {
    cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (d: Buffer) => { tail = (tail + d.toString('utf8')).slice(-3000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const ms = performance.now() - t0;
  rmSync(outDir, { recursive: true, force: true });
  if (code === 0) return { ran: true, ok: true, ms, detail: 'ok' };
  const lines = tail.trim().split('\n').filter((l) => /error|failed|cannot/i.test(l)).slice(-5);
  return { ran: true, ok: false, ms, detail: `exit ${code}: ${(lines.length ? lines : tail.trim().split('\n').slice(-5)).join(' | ')}` };
}

export async function coldStart(opts: ColdStartOptions): Promise<ColdStartResult> {
  const { log } = opts;
  const baseDbUrl = process.env.DATABASE_URL || undefined;
  const engine = baseDbUrl ? 'postgres (fresh database per cold run, PHAKHI_DEMO=1)' : 'pglite (on disk in the data dir)';
  const cold: StartRun[] = [];
  const warm: StartRun[] = [];
  const failures: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let lastEnv: NodeJS.ProcessEnv | undefined;
  try {
    for (let i = 1; i <= opts.runs; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'phakhi-bench-data-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const env: NodeJS.ProcessEnv = { ...process.env, PHAKHI_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
      delete env.NODE_ENV;
      delete env.PHAKHI_DATA_KEY;
      if (baseDbUrl) {
        const fresh = await freshPgDatabase(baseDbUrl);
        cleanups.push(fresh.drop);
        env.DATABASE_URL = fresh.url;
        env.PHAKHI_DEMO = '1';
      } else {
        delete env.DATABASE_URL;
        delete env.PHAKHI_DEMO;
      }
      try {
        const r = await startOnce(env);
        cold.push(r);
        lastEnv = env;
        log(`  cold ${i}/${opts.runs}: health 200 after ${(r.totalMs / 1000).toFixed(2)} s (server says ${r.selfReportedMs === null ? '?' : (r.selfReportedMs / 1000).toFixed(1)} s)`);
      } catch (e) {
        failures.push(`cold run ${i}: ${(e as Error).message}`);
        log(`  cold ${i}/${opts.runs}: FAILED ${(e as Error).message}`);
      }
    }
    if (lastEnv) {
      for (let i = 1; i <= opts.runs; i++) {
        try {
          const r = await startOnce(lastEnv);
          warm.push(r);
          log(`  warm ${i}/${opts.runs}: health 200 after ${(r.totalMs / 1000).toFixed(2)} s (server says ${r.selfReportedMs === null ? '?' : (r.selfReportedMs / 1000).toFixed(1)} s)`);
        } catch (e) {
          failures.push(`warm run ${i}: ${(e as Error).message}`);
        }
      }
    }
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: Error) => failures.push(`cleanup: ${e.message}`));
  }
  const webBuild = opts.webBuild ? await timeWebBuild(log) : { ran: false, ok: false, ms: 0, detail: 'skipped (BENCH_SKIP_WEB_BUILD=1)' };
  const coldMedianMs = median(cold.map((r) => r.totalMs));
  const goalMs = 20_000;
  return {
    engine, cold, warm, coldMedianMs, warmMedianMs: median(warm.map((r) => r.totalMs)), goalMs,
    goalMet: cold.length === opts.runs && coldMedianMs < goalMs,
    webBuild, failures,
  };
}
