import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createDataCipher, generateDataKey, parseDataKey, type DataCipher } from './platform/crypto.js';
import { sealLegacyContacts } from './modules/structures/community.service.js';

/**
 * The identity key: PHAKHI_DATA_KEY, or for a development/demo install a key generated once into
 * the data folder. Production refuses to start without an explicit key (it must live outside the database's backups).
 */
export function loadDataKey(config: Config): Buffer {
  if (config.dataKey) return parseDataKey(config.dataKey);
  if (config.production) {
    throw new Error('PHAKHI_DATA_KEY is required in production (32 bytes, base64 or hex). Refusing to start.');
  }
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'data-key');
  if (!existsSync(file)) {
    writeFileSync(file, generateDataKey() + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return parseDataKey(readFileSync(file, 'utf8'));
}

export interface Runtime {
  database: Database;
  cipher: DataCipher;
  migration: string;
}

/** Opens the configured database (PGlite in ./data, or PostgreSQL) and applies migrations. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const cipher = createDataCipher(loadDataKey(config));
  const dataDir = config.databaseUrl ? undefined : join(resolve(config.dataDir), 'pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir });
  const migration = await migrate(database);
  await sealLegacyContacts(database, cipher);
  return { database, cipher, migration };
}
