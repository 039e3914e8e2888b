/**
 * me-vs-bare: the platform's per-request cost. One process serves the real app (buildApp: helmet,
 * cookies, zod serialisation, access guard with the session lookup, request logging) and a plain
 * Fastify instance with one static route of about the same response size. A forked child process
 * (lib/load-worker.ts) drives both with autocannon, alternating, so neither target gets a warmer
 * machine than the other.
 */
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { loadConfig } from '../src/server/config.js';
import { buildApp } from '../src/server/app.js';
import { openTestDatabase } from '../src/server/test/harness.js';
import { createDataCipher, generateDataKey, parseDataKey } from '../src/server/platform/crypto.js';
import { LoadGenerator, type LoadJob, type LoadResult } from './lib/load.js';
import { seedBenchData, type Seeded } from './lib/seed.js';
import { median } from './lib/stats.js';

export interface MeVsBareOptions {
  connections: number;
  warmupS: number;
  durationS: number;
  runs: number;
  /** Runs per diagnostic target after the main runs (0 = skip). */
  diagnosticRuns: number;
  log: (line: string) => void;
}

export interface TargetSummary {
  label: string;
  runs: LoadResult[];
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
}

export interface MeVsBareResult {
  engine: string;
  seeded: Seeded;
  meBytes: number;
  bareBytes: number;
  me: TargetSummary;
  bare: TargetSummary;
  /** Diagnostics (not part of the goal): the layers between /bare and /me. */
  diagnostics: TargetSummary[];
  ratio: number;
  goal: number;
  goalMet: boolean;
  warnings: string[];
  options: Omit<MeVsBareOptions, 'log'>;
}

function summarise(label: string, runs: LoadResult[]): TargetSummary {
  return {
    label,
    runs,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    latencyP50: median(runs.map((r) => r.latencyP50)),
    latencyP99: median(runs.map((r) => r.latencyP99)),
  };
}

async function engineLabel(database: Awaited<ReturnType<typeof openTestDatabase>>['database']): Promise<string> {
  if (database.engine === 'pglite') return 'pglite (in memory, in the server process)';
  const [row] = await database.query<{ server_version: string }>('SHOW server_version');
  return `postgres ${row?.server_version ?? '?'} (fresh database, pool max 10, same machine)`;
}

export async function meVsBare(opts: MeVsBareOptions): Promise<MeVsBareResult> {
  const { log } = opts;
  const warnings: string[] = [];
  const { database, drop } = await openTestDatabase();
  const load = new LoadGenerator();
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const bare = Fastify({ logger: false });
  try {
    const engine = await engineLabel(database);
    log(`me-vs-bare: engine ${engine}; seeding…`);
    const cipher = createDataCipher(parseDataKey(generateDataKey()));
    const seeded = await seedBenchData(database, cipher);
    log(`  seeded in ${(seeded.seedMs / 1000).toFixed(1)} s`);

    // Request logs at the production level (info), serialised by pino as usual, written nowhere.
    const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
    // The production default for the session cache (PHAKHI_SESSION_CACHE_MS), so the figure is what a server does.
    const sessionCacheMs = loadConfig().sessionCacheMs;
    app = await buildApp({
      database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream: sink, sessionCacheMs,
    });
    // Diagnostic only: a route at the root of the real app gets its plugins and global hooks (helmet,
    // cookies, request id, x-request-id/cache-control onSend, request logging) but not the /api/v1
    // access guard, and touches no database. Declared before listen; other routes are unaffected.
    let noopPayload: unknown = {};
    app.get('/__bench/noop', async () => noopPayload);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const login = await fetch(`${appUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: seeded.officer.username, password: seeded.officer.password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const loginBody = (await login.json()) as { mfaRequired: boolean; mfaEnrolmentRequired: boolean; passwordChangeRequired: boolean };
    if (loginBody.mfaRequired || loginBody.mfaEnrolmentRequired || loginBody.passwordChangeRequired) {
      throw new Error(`bench officer is not fully signed in: ${JSON.stringify(loginBody)}`);
    }
    const sessionCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('phakhi_session='));
    if (!sessionCookie) throw new Error('login returned no session cookie');

    const meRes = await fetch(`${appUrl}/api/v1/me`, { headers: { cookie: sessionCookie } });
    const meText = await meRes.text();
    if (meRes.status !== 200) throw new Error(`GET /me: ${meRes.status} ${meText}`);
    const me = JSON.parse(meText) as { roles: string[]; permissions: string[] };
    if (!me.roles.includes('provincial_officer') || me.permissions.length === 0) throw new Error(`unexpected /me: ${meText}`);

    // The bare route answers a static object of the same shape and size as /me.
    const barePayload = JSON.parse(meText) as unknown;
    noopPayload = JSON.parse(meText) as unknown;
    bare.get('/bare', async () => barePayload);
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/bare`;
    const bareBytes = (await (await fetch(bareUrl)).text()).length;

    const common = { connections: opts.connections, warmupS: opts.warmupS, durationS: opts.durationS };
    const meJob: LoadJob = { ...common, url: `${appUrl}/api/v1/me`, headers: { cookie: sessionCookie } };
    const bareJob: LoadJob = { ...common, url: bareUrl, headers: {} };
    const meRuns: LoadResult[] = [];
    const bareRuns: LoadResult[] = [];
    for (let i = 1; i <= opts.runs; i++) {
      for (const [label, job, into] of [['/api/v1/me', meJob, meRuns], ['/bare', bareJob, bareRuns]] as const) {
        const r = await load.run(job);
        into.push(r);
        log(`  run ${i}/${opts.runs} ${label.padEnd(11)} ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyP50.toFixed(2)} ms, p99 ${r.latencyP99.toFixed(2)} ms${r.non2xx || r.errors ? `, non-2xx ${r.non2xx}, errors ${r.errors}` : ''}`);
        if (r.non2xx > 0 || r.errors > 0) {
          warnings.push(`${label} run ${i}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statuses)}), ${r.errors} errors, ${r.timeouts} timeouts`);
        }
      }
    }
    const diagnosticTargets = [
      { label: 'GET /__bench/noop on the real app (plugins + hooks, no guard, no DB)', url: `${appUrl}/__bench/noop` },
      { label: 'GET /api/v1/health (guard on a public route, one SELECT 1, no session)', url: `${appUrl}/api/v1/health` },
    ];
    const diagnostics: TargetSummary[] = [];
    if (opts.diagnosticRuns > 0) {
      for (const t of diagnosticTargets) {
        const runs: LoadResult[] = [];
        for (let i = 1; i <= opts.diagnosticRuns; i++) {
          const r = await load.run({ ...common, url: t.url, headers: {} });
          runs.push(r);
          log(`  diagnostic ${i}/${opts.diagnosticRuns} ${new URL(t.url).pathname} ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyP50.toFixed(2)} ms, p99 ${r.latencyP99.toFixed(2)} ms`);
          if (r.non2xx > 0 || r.errors > 0) warnings.push(`${t.url} run ${i}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        }
        diagnostics.push(summarise(t.label, runs));
      }
    }
    const meSummary = summarise('GET /api/v1/me (session cookie)', meRuns);
    const bareSummary = summarise('GET /bare (plain Fastify)', bareRuns);
    const ratio = meSummary.requestsPerSecond / bareSummary.requestsPerSecond;
    const goal = 0.4;
    return {
      engine, seeded, meBytes: meText.length, bareBytes, me: meSummary, bare: bareSummary,
      diagnostics,
      ratio, goal, goalMet: ratio >= goal, warnings,
      options: {
        connections: opts.connections, warmupS: opts.warmupS, durationS: opts.durationS, runs: opts.runs, diagnosticRuns: opts.diagnosticRuns,
      },
    };
  } finally {
    await load.close();
    await bare.close();
    if (app) await app.close();
    await drop();
  }
}
