import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { parseTrustProxy } from '../config.js';
import { openTestDatabase } from '../test/harness.js';
import type { Database } from '../db/client.js';
import { createDataCipher, generateDataKey, parseDataKey } from './crypto.js';

describe('behind a reverse proxy (PHAKHI_TRUST_PROXY)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => { ({ database, drop } = await openTestDatabase()); }, 120_000);
  afterAll(async () => { await drop(); });

  it('reads a count of proxies or their addresses, never "every hop"', () => {
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16')).toEqual(['10.0.0.1', '10.1.0.0/16']);
  });

  for (const setting of ['1', '10.0.0.1']) {
    it(`PHAKHI_TRUST_PROXY=${setting}: a client cannot name its own address in X-Forwarded-For to escape the per-address limits`, async () => {
      const app = await buildApp({
        database, cipher: createDataCipher(parseDataKey(generateDataKey())), config: { secureCookies: false, production: false },
        logLevel: 'info', logStream: new Writable({ write: (_c, _e, cb) => cb() }), trustProxy: parseTrustProxy(setting),
      });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 12; i++) {
          // The proxy (10.0.0.1) appends the address it saw (203.0.113.<setting>); the left entries are the client's own.
          const r = await app.inject({
            method: 'GET', url: `/api/v1/public/reports/R-AAAA-AAA${setting === '1' ? 'A' : 'B'}?pin=123456`, remoteAddress: '10.0.0.1',
            headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.${setting === '1' ? 1 : 2}` },
          });
          codes.push(r.statusCode);
        }
        expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
        expect(codes.slice(10)).toEqual([429, 429]);
      } finally {
        await app.close();
      }
    });
  }
});
