/**
 * Browser tests against the real app: builds the web bundle, starts the server on a free port with a
 * fresh embedded database and demo logins, drives Debian Chromium through playwright-core, and checks
 * every visited page with axe-core. Prints `N passed, M failed` last and exits non-zero on failure.
 *
 *   npm run test:e2e                 build + run everything
 *   E2E_SKIP_BUILD=1 npm run test:e2e   reuse dist/web
 *   E2E_ONLY=phone npm run test:e2e     run the specs whose name contains "phone" (several: E2E_ONLY="e:,stats")
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { specs, type Ctx, type DemoLogin } from './specs.js';
import { networkSpecs } from './network.specs.js';
import { structuresSpecs } from './structures.specs.js';
import { casesSpecs } from './cases.specs.js';
import { statsSpecs } from './stats.specs.js';
import { exchangeSpecs } from './exchange.specs.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const screenshotDir = join(repo, 'e2e', 'screenshots');

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function parseLogins(text: string): DemoLogin[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/))
    .filter((cols) => cols.length >= 5)
    .map(([role, username, password, organisationId, province, totpSecret]) => ({
      role: role!,
      username: username!,
      password: password!,
      organisationId: organisationId!,
      provinceCode: province === '-' ? null : province!,
      totpSecret: totpSecret ?? null,
    }));
}

let server: ChildProcess | null = null;
let dataDir: string | null = null;

function stopServer(): void {
  if (server?.pid && server.exitCode === null) {
    // The server was started in its own process group (npx → tsx → node): end the whole group.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  server = null;
}

async function waitForServer(base: string, dir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) throw new Error(`server exited early with code ${server.exitCode}`);
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.status === 200 && existsSync(join(dir, 'DEMO-LOGINS.txt'))) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${base}/api/v1/health within ${timeoutMs / 1000}s`);
}

async function main(): Promise<number> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    log('building the web app (npm run build:web)…');
    const build = spawnSync('npm', ['run', 'build:web'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) {
      log('build failed');
      return 1;
    }
  }
  if (!existsSync(join(repo, 'dist', 'web', 'index.html'))) {
    log('dist/web/index.html is missing: run npm run build:web');
    return 1;
  }

  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'phakhi-e2e-'));
  const base = `http://127.0.0.1:${port}`;
  const serverLog = join(dataDir, 'server.log');
  const out = openSync(serverLog, 'a');
  log(`starting the server on ${base} (data ${dataDir})`);
  server = spawn('npx', ['tsx', 'src/server/main.ts'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PHAKHI_DATA_DIR: dataDir, PHAKHI_DEMO: '1', PHAKHI_LOG_LEVEL: 'warn' },
    stdio: ['ignore', out, out],
    detached: true,
  });
  try {
    await waitForServer(base, dataDir, 180_000);
  } catch (err) {
    log(String(err));
    log(readFileSync(serverLog, 'utf8').slice(-4000));
    return 1;
  }
  const logins = parseLogins(readFileSync(join(dataDir, 'DEMO-LOGINS.txt'), 'utf8'));
  log(`${logins.length} demo logins`);

  mkdirSync(screenshotDir, { recursive: true });
  let browser: Browser | null = null;
  let passed = 0;
  let failed = 0;
  const axeFindings: string[] = [];
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const only = process.env.E2E_ONLY;
    for (const spec of [...specs, ...networkSpecs, ...structuresSpecs, ...casesSpecs, ...statsSpecs, ...exchangeSpecs]) {
      if (only && !only.split(',').some((o) => spec.name.includes(o))) continue;
      const ctx: Ctx = { browser, base, logins, screenshotDir, axeFindings, log };
      const started = Date.now();
      try {
        await withTimeout(spec.run(ctx), spec.timeoutMs ?? 180_000, spec.name);
        passed++;
        log(`✔ ${spec.name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      } catch (err) {
        failed++;
        log(`✘ ${spec.name}\n    ${(err instanceof Error ? err.stack ?? err.message : String(err)).split('\n').slice(0, 8).join('\n    ')}`);
      }
    }
  } catch (err) {
    failed++;
    log(`✘ setup: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await browser?.close().catch(() => {});
    stopServer();
  }
  if (axeFindings.length) {
    log('\naxe findings (minor/moderate are reported, serious/critical fail the spec):');
    for (const f of axeFindings) log(`  ${f}`);
  }
  if (failed && dataDir) log(`\nserver log: ${serverLog}`);
  log(`\n${passed} passed, ${failed} failed`);
  if (!failed && dataDir) rmSync(dataDir, { recursive: true, force: true });
  return failed ? 1 : 0;
}

async function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms / 1000}s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    stopServer();
    process.exit(130);
  });
}
process.on('exit', stopServer);

main().then(
  (code) => process.exit(code),
  (err) => {
    log(String(err));
    stopServer();
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
