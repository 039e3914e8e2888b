/**
 * Where the audited GET /api/v1/cases/{id} spends the server's CPU (not part of `npm run bench`):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/profile-case.ts
 * Needs the national-size database the cases benchmark keeps (BENCH_CASES_KEEP=1). Runs the same
 * load as that benchmark (autocannon in a child process, 32 connections) for PROFILE_SECONDS with the
 * V8 profiler on, prints the functions with the most self time, and writes the profile to
 * PROFILE_OUT (default /tmp/phakhi-case.cpuprofile) for Chrome's DevTools.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { CasesLoad, startServer } from './cases.js';
import { openCasesDatabase } from './lib/cases-db.js';

const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const out = process.env.PROFILE_OUT ?? '/tmp/phakhi-case.cpuprofile';
const province = process.env.BENCH_CASES_PROVINCE || '10';
const log = (l: string) => process.stdout.write(l + '\n');

const db = await openCasesDatabase({ name: 'phakhi_bench_cases', reuse: true, cases: 0, users: 0, auditRows: 0, busyProvince: province, label: 'profile', log });
if (!db.reused) throw new Error('no kept cases database: run `BENCH_CASES_KEEP=1 npm run bench -- cases` first');
const ids = (await db.database.query<{ id: string }>('SELECT id FROM cases WHERE province_code = $1', [province])).map((r) => r.id);
const srv = await startServer(db.database, db.cipher, { username: `bench_${province}_1`, password: 'bench-cases-tamarind-river-2569' });
const load = new CasesLoad();
const job = (warmupS: number, durationS: number) => ({
  origin: srv.origin, prefix: '/api/v1/cases/', ids, headers: { cookie: srv.cookie }, connections: 32, warmupS, durationS,
});
try {
  const warm = await load.run(job(3, 3));
  log(`warm-up: ${warm.requestsPerSecond.toFixed(0)} req/s`);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const r = await load.run(job(0, seconds));
  const cpu = process.cpuUsage(cpu0);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(out, JSON.stringify(profile));
  const served = r.ok;
  log(`profiled: ${r.requestsPerSecond.toFixed(0)} req/s, p99 ${r.latencyP99.toFixed(1)} ms, ${((cpu.user + cpu.system) / 1000 / served).toFixed(2)} ms CPU per request; profile in ${out}`);

  // Self time by function, and by package (node_modules/<name>, node: internals, our src/).
  const total = profile.samples?.length ?? 0;
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  for (const n of profile.nodes) {
    const h = hits.get(n.id) ?? 0;
    if (!h) continue;
    const url = n.callFrame.url;
    const where = url.replace(/^.*\/(node_modules\/(?:@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(/^file:\/\/.*\/src\//, 'src/').replace(/^node:.*/, 'node:internal');
    const fnKey = `${n.callFrame.functionName || '(anonymous)'}  ${where}${url.includes('/src/') ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFn.set(fnKey, (byFn.get(fnKey) ?? 0) + h);
    const pkg = url === '' ? n.callFrame.functionName : where.startsWith('src/') ? 'src (ours)' : where;
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + h);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  log(`\nself time by package:\n${top(byPkg, 15)}\n\nself time by function:\n${top(byFn, 40)}`);
} finally {
  await load.close();
  await srv.app.close();
  await db.database.close();
}
