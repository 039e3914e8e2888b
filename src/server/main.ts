import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openRuntime } from './runtime.js';
import { createJobQueue } from './modules/jobs/job-queue.js';
import { createJobRunner } from './modules/jobs/jobs.runner.js';
import { startHousekeeping } from './platform/housekeeping.js';
import { maintainTables } from './db/maintenance.js';
import { mailSettings } from './modules/notifications/mail-settings.js';
import { formatDemoLogins, isDemoSeeded, seedDemo, setDemoUsersActive } from './modules/demo/demo.seed.js';

const started = Date.now();
const config = loadConfig();
const { database, cipher, migration } = await openRuntime(config);

const loginsFile = join(resolve(config.dataDir), 'DEMO-LOGINS.txt');
if (config.demo) {
  if (!(await isDemoSeeded(database))) {
    const logins = await seedDemo(database, cipher);
    writeFileSync(loginsFile, formatDemoLogins(logins), { mode: 0o600 });
  }
  await setDemoUsersActive(database, true);
} else {
  await setDemoUsersActive(database, false);
}

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
// The queue logs through the app's logger (type only, no values), which exists once the app is built.
let appLog: { error(obj: object, msg: string): void } | undefined;
const jobQueue = createJobQueue(database, { error: (obj, msg) => appLog?.error(obj, msg) });
const app = await buildApp({
  database, cipher, config, logLevel: config.logLevel, webRoot, trustProxy: config.trustProxy,
  sessionCacheMs: config.sessionCacheMs, jobQueue,
});
appLog = app.log;
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`;

const lines = [
  '',
  `Phakhi (ภาคี) is running at ${url}`,
  `  database: ${database.engine}${database.engine === 'pglite' ? ` in ${join(resolve(config.dataDir), 'pglite')}` : ''}, migration ${migration}`,
  `  API reference: ${url}api/docs`,
  `  started in ${((Date.now() - started) / 1000).toFixed(1)} s`,
];
if (!existsSync(webRoot)) lines.push('  (web app not built: run `npm run build:web`)');
if (config.demo && existsSync(loginsFile)) {
  lines.push('', `Demo logins (also in ${loginsFile}):`, '  role username password organisation-id province [totp-secret]');
  for (const l of readFileSync(loginsFile, 'utf8').trim().split('\n')) lines.push('  ' + l);
  lines.push('  Administrator and analyst sign in with a TOTP code from the secret in the last column (any authenticator app).');
}
process.stdout.write(lines.join('\n') + '\n\n');

// Clean-up, NRM clock reminders, notification mail and PGlite's table maintenance (platform/housekeeping.ts).
const mail = mailSettings();
const stopHousekeeping = startHousekeeping(database.db, app.log, {
  smtpUrl: mail.smtpUrl, mailFrom: mail.from,
  tableMaintenance: database.engine === 'pglite' ? () => maintainTables(database) : undefined,
});
// Background imports and exports (modules/jobs): queued jobs, and jobs a stopped server left, run here.
const jobRunner = createJobRunner({ database, cipher, config }, jobQueue, app.log);
await jobRunner.start();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopHousekeeping();
    void jobRunner.stop().then(() => app.close()).then(() => database.close()).then(() => process.exit(0));
  });
}
