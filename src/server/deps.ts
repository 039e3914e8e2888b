import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { DataCipher } from './platform/crypto.js';

/** What every domain module receives: the database, the identity cipher and the settings. */
export interface AppDeps {
  database: Database;
  cipher: DataCipher;
  config: Pick<Config, 'secureCookies' | 'production'> & Partial<Pick<Config, 'publicReportsPerHour' | 'statusChecksPer15Min'>>;
}
