/**
 * network — "who can help this victim now" at national scale (issue 3): 20,000 partners, 100,000
 * contacts, ~60,000 services across all 77 provinces, then timed searches and the coverage matrix
 * through the real app (app.inject, sequential), p50/p95 of 200 runs each.
 * Goals: search p95 < 50 ms for text + service + area; coverage for all provinces < 300 ms.
 */
import { Writable } from 'node:stream';
import { buildApp } from '../src/server/app.js';
import { openTestDatabase } from '../src/server/test/harness.js';
import type { Database } from '../src/server/db/client.js';
import { createDataCipher, generateDataKey, parseDataKey } from '../src/server/platform/crypto.js';
import { hashPassword } from '../src/server/platform/auth/password.js';
import { cpuBetween, cpuSnapshot } from './lib/cpu.js';
import { median, percentileSorted } from './lib/stats.js';

export interface NetworkBenchResult {
  engine: string;
  partners: number;
  services: number;
  contacts: number;
  seedMs: number;
  timings: { label: string; url: string; p50: number; p95: number; results: number; cpuMs: number | null }[];
}

const RUNS = Number(process.env.BENCH_NETWORK_RUNS ?? 200);

/**
 * The benchmark's directory: 20,000 partners (every 50th national), 3 services each, 5 contacts each; then VACUUM
 * ANALYZE. The insert trigger that fills each partner's area arrays leaves a dead version of every row: without the
 * VACUUM, PostgreSQL's autovacuum cleans them up in the middle of the first timed rows and PGlite (no autovacuum)
 * reads twice the heap forever. A directory kept by the app grows row by row and is vacuumed as it goes.
 */
export async function seedNetworkBench(database: Database): Promise<void> {
  // Names are built from Thai and English words already separated by spaces, as the app stores them.
  await database.exec(`
    INSERT INTO organisations (name_th, name_en, sector, level, province_code, measures, search_text)
    SELECT th, en, (ARRAY['ngo','central_government','local_government','community','private_business'])[1 + g % 5],
           CASE WHEN g % 50 = 0 THEN 'national' ELSE 'province' END,
           CASE WHEN g % 50 = 0 THEN NULL ELSE (SELECT code FROM provinces ORDER BY code OFFSET (g % 77) LIMIT 1) END,
           ARRAY['protection', (ARRAY['prevention','prosecution','policy','partnership'])[1 + g % 4]],
           th || ' ' || lower(en)
      FROM (SELECT g,
              (ARRAY['มูลนิธิ','สมาคม','ศูนย์','บ้านพัก','สำนักงาน','เครือข่าย'])[1 + g % 6] || ' ' ||
              (ARRAY['ช่วยเหลือ','พัฒนา','คุ้มครอง','พิทักษ์','ส่งเสริม'])[1 + (g / 7) % 5] || ' ' ||
              (ARRAY['เด็ก','สตรี','แรงงาน','ครอบครัว','ชุมชน','เยาวชน'])[1 + (g / 11) % 6] || ' ' || g AS th,
              (ARRAY['Foundation','Association','Centre','Shelter','Office','Network'])[1 + g % 6] || ' for ' ||
              (ARRAY['Children','Women','Workers','Families','Communities','Youth'])[1 + (g / 11) % 6] || ' ' || g AS en
            FROM generate_series(1, 20000) g) x`);
  await database.exec(`
    INSERT INTO organisation_services (organisation_id, service, accepts_sexes, min_age, max_age, capacity_total, capacity_free, capacity_updated_at, languages)
    SELECT o.id, s.service,
           CASE WHEN s.k = 0 THEN ARRAY['female'] WHEN s.k = 1 THEN ARRAY['male'] ELSE '{}'::text[] END,
           CASE WHEN s.k < 2 THEN 0 END, CASE WHEN s.k < 2 THEN 17 END,
           CASE WHEN s.service = 'shelter' THEN 20 END, CASE WHEN s.service = 'shelter' THEN (abs(hashtext(o.id::text)) % 5) END,
           now(), ARRAY['tha', s.lang]
      FROM organisations o
      CROSS JOIN LATERAL (SELECT (ARRAY['shelter','legal_assistance','interpretation','medical_care','psychosocial_support','education'])[1 + (abs(hashtext(o.id::text || i)) % 6)] AS service,
                                 abs(hashtext(o.id::text || 'k' || i)) % 3 AS k,
                                 (ARRAY['mya','lao','khm','kar','eng'])[1 + abs(hashtext(o.id::text || 'l' || i)) % 5] AS lang
                            FROM generate_series(1, 3) i) s`);
  await database.exec(`
    INSERT INTO organisation_contacts (organisation_id, name, role, mobile, urgent24h)
    SELECT o.id, 'ผู้ประสานงาน ' || i, 'focal point', '08' || lpad((abs(hashtext(o.id::text || i)) % 100000000)::text, 8, '0'), i = 1
      FROM organisations o CROSS JOIN generate_series(1, 5) i`);
  await database.exec('VACUUM ANALYZE');
}

export async function networkBench(log: (s: string) => void): Promise<NetworkBenchResult> {
  const { database, drop } = await openTestDatabase();
  try {
    const t0 = performance.now();
    await seedNetworkBench(database);
    const seedMs = performance.now() - t0;
    const [counts] = await database.query<{ p: number; s: number; c: number }>(
      'SELECT (SELECT count(*) FROM organisations)::int AS p, (SELECT count(*) FROM organisation_services)::int AS s, (SELECT count(*) FROM organisation_contacts)::int AS c');
    log(`network: ${counts!.p} partners, ${counts!.s} services, ${counts!.c} contacts seeded in ${(seedMs / 1000).toFixed(1)} s on ${database.engine}`);

    const cipher = createDataCipher(parseDataKey(generateDataKey()));
    const [org] = await database.query<{ id: string }>("SELECT id FROM organisations WHERE province_code = '57' LIMIT 1");
    const [u] = await database.query<{ id: string }>(
      `INSERT INTO users (organisation_id, username, display_name, password_hash) VALUES ($1, 'bench.officer', 'Bench', $2) RETURNING id`,
      [org!.id, await hashPassword('bench-password-not-common-1')]);
    await database.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'provincial_officer')`, [u!.id]);
    const app = await buildApp({ database, cipher, config: { secureCookies: false, production: false }, logLevel: 'info', logStream: new Writable({ write: (_c, _e, cb) => cb() }), sessionCacheMs: 5000 });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench.officer', password: 'bench-password-not-common-1' } });
    const cookie = `phakhi_session=${login.cookies.find((c) => c.name === 'phakhi_session')!.value}`;

    const targets = [
      { label: 'text + service + area', url: `/api/v1/network/search?q=${encodeURIComponent('บ้านพัก คุ้มครอง')}&service=shelter&province=57` },
      { label: 'victim profile (14, girl, Burmese, shelter, free now, Chiang Rai)', url: '/api/v1/network/search?service=shelter&province=57&sex=female&age=14&language=my&freeCapacity=true' },
      { label: 'text with a typo (Thai)', url: `/api/v1/network/search?q=${encodeURIComponent('มูลนิธคุ้มครองสตรี')}` },
      { label: 'text (English) + district', url: '/api/v1/network/search?q=shelter%20children&province=57&district=5701' },
      { label: 'coverage matrix, all provinces × services', url: '/api/v1/network/coverage?by=service' },
      { label: 'coverage matrix, boys aged 12', url: '/api/v1/network/coverage?by=service&sex=male&age=12' },
      { label: 'map counts (shelter)', url: '/api/v1/network/map?service=shelter' },
    ];
    const timings: NetworkBenchResult['timings'] = [];
    for (const target of targets) {
      let results = 0;
      for (let i = 0; i < 10; i++) await app.inject({ method: 'GET', url: target.url, headers: { cookie } });
      const xs: number[] = [];
      const cpu0 = await cpuSnapshot(database);
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        const r = await app.inject({ method: 'GET', url: target.url, headers: { cookie } });
        xs.push(performance.now() - s);
        if (r.statusCode !== 200) throw new Error(`${target.url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
        if (i === 0) results = (r.json().items ?? r.json().rows ?? []).length;
      }
      const cpuTotal = cpuBetween(cpu0, await cpuSnapshot(database));
      // Per request; the two snapshots and their query are included (a fraction of a millisecond over all runs).
      const cpuMs = cpuTotal === null ? null : cpuTotal / RUNS;
      const sorted = Float64Array.from(xs).sort();
      timings.push({ label: target.label, url: target.url, p50: median(xs), p95: percentileSorted(sorted, 95), results, cpuMs });
      log(`  ${target.label}: p50 ${median(xs).toFixed(1)} ms, p95 ${percentileSorted(sorted, 95).toFixed(1)} ms, CPU ${cpuMs?.toFixed(1) ?? '?'} ms/request (${results} results)`);
    }
    await app.close();
    return { engine: database.engine, partners: counts!.p, services: counts!.s, contacts: counts!.c, seedMs, timings };
  } finally {
    await drop();
  }
}

export function renderNetwork(r: NetworkBenchResult): string {
  const searchP95 = Math.max(...r.timings.filter((t) => t.url.includes('/search')).map((t) => t.p95));
  const coverageP95 = Math.max(...r.timings.filter((t) => t.url.includes('/coverage')).map((t) => t.p95));
  return [
    '### network',
    '',
    `Setup: ${r.engine}, ${r.partners.toLocaleString('en-US')} partners, ${r.services.toLocaleString('en-US')} services, ${r.contacts.toLocaleString('en-US')} contacts `
      + `(seeded in ${(r.seedMs / 1000).toFixed(1)} s); signed in as a provincial officer of Chiang Rai; ${RUNS} sequential \`app.inject\` requests per row after 10 warm-up requests.`,
    '',
    `CPU = mean CPU time per request (this process${r.engine === 'postgres' ? ' + the database\'s server processes' : ', PGlite included'}): unlike p50/p95 it does not grow with the other work on the machine.`,
    '',
    '| Request | p50 | p95 | CPU | results |',
    '|---|---:|---:|---:|---:|',
    ...r.timings.map((t) => `| ${t.label} | ${t.p50.toFixed(1)} ms | ${t.p95.toFixed(1)} ms | ${t.cpuMs === null ? 'n/a' : `${t.cpuMs.toFixed(1)} ms`} | ${t.results} |`),
    '',
    `**Search p95 (worst row): ${searchP95.toFixed(1)} ms** — goal < 50 ms: **${searchP95 < 50 ? 'met' : 'NOT met'}**. `
      + `**Coverage p95 (worst row): ${coverageP95.toFixed(1)} ms** — goal < 300 ms: **${coverageP95 < 300 ? 'met' : 'NOT met'}**.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await networkBench((s) => process.stdout.write(s + '\n'));
}
