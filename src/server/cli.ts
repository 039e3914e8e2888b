import { randomBytes } from 'node:crypto';
import { loadConfig } from './config.js';
import { openRuntime } from './runtime.js';
import { verifyAuditChain } from './platform/audit.js';
import { backupTo, restoreFrom } from './db/backup.js';
import { formatDemoLogins, isDemoSeeded, seedDemo } from './modules/demo/demo.seed.js';
import { createAdmin } from './modules/users/create-admin.js';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const usage = `Usage: npm run phakhi -- <command>
  migrate                 apply database migrations
  seed-demo               create demo organisations and logins (writes data/DEMO-LOGINS.txt)
  create-admin <username> [organisation name]
                          create a system administrator (prints a one-time password)
  audit-verify            check the audit log's hash chain; exit 1 at the first broken link
  backup <file>           logical dump of all Phakhi data (JSON lines)
  restore <file>          restore a dump into an empty database (same PHAKHI_DATA_KEY)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(usage + '\n');
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const { database, cipher, migration } = await openRuntime(config);
  try {
    switch (command) {
      case 'migrate':
        process.stdout.write(`migrations applied; latest ${migration}\n`);
        return 0;
      case 'seed-demo': {
        if (await isDemoSeeded(database)) {
          process.stdout.write('demo data already present\n');
          return 0;
        }
        const logins = await seedDemo(database, cipher);
        const file = join(resolve(config.dataDir), 'DEMO-LOGINS.txt');
        writeFileSync(file, formatDemoLogins(logins), { mode: 0o600 });
        process.stdout.write(`${logins.length} demo logins written to ${file}\n`);
        return 0;
      }
      case 'create-admin': {
        const username = args[0];
        if (!username) throw new Error('create-admin needs a username');
        const password = randomBytes(12).toString('base64url');
        await createAdmin(database, { username, password, organisationName: args.slice(1).join(' ') || undefined });
        process.stdout.write(`administrator ${username} created\none-time password: ${password}\n` +
          'They must change it and enrol an authenticator app at first sign-in.\n');
        return 0;
      }
      case 'audit-verify': {
        const r = await database.withSession((s) => verifyAuditChain(s));
        if (r.ok) {
          process.stdout.write(`audit chain intact: ${r.entries} entries\n`);
          return 0;
        }
        process.stdout.write(`audit chain BROKEN at seq ${r.firstBroken!.seq} (${r.firstBroken!.reason}); ${r.entries} entries verified before it\n`);
        return 1;
      }
      case 'backup': {
        if (!args[0]) throw new Error('backup needs a file name');
        const n = await backupTo(database, args[0]);
        process.stdout.write(`backup written to ${args[0]}: ${n.rows} rows from ${n.tables} tables\n`);
        return 0;
      }
      case 'restore': {
        if (!args[0]) throw new Error('restore needs a file name');
        const n = await restoreFrom(database, args[0]);
        process.stdout.write(`restored ${n.rows} rows into ${n.tables} tables\n`);
        return 0;
      }
      default:
        process.stdout.write(`unknown command: ${command}\n${usage}\n`);
        return 1;
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(1);
  },
);
