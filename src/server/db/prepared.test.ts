import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness.js';
import type { Database } from './client.js';
import { runPrepared } from './prepared.js';
import { provinces } from './schema/index.js';

describe('runPrepared', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ database, drop } = await openTestDatabase()));
  afterAll(async () => { await drop(); });

  const byCode = (builds: { n: number }) => (d: Database['db']) => {
    builds.n++;
    return d.select({ th: provinces.nameTh }).from(provinces).where(eq(provinces.code, sql.placeholder('code')));
  };

  it('builds a query once on the database and answers each call with its own values', async () => {
    const builds = { n: 0 };
    const [bangkok] = await runPrepared(database.db, 'test_province_th', byCode(builds), { code: '10' });
    const [chiangRai] = await runPrepared(database.db, 'test_province_th', byCode(builds), { code: '57' });
    const none = await runPrepared(database.db, 'test_province_th', byCode(builds), { code: '99' });
    expect([bangkok?.th, chiangRai?.th, none]).toEqual(['กรุงเทพมหานคร', 'เชียงราย', []]);
    expect(builds.n).toBe(1);
  });

  it('in a transaction builds it again, under the same name, and sees the transaction\'s own changes', async () => {
    const builds = { n: 0 };
    let seen: string | undefined;
    await database.db.transaction(async (trx) => {
      await trx.update(provinces).set({ nameTh: 'ชั่วคราว' }).where(eq(provinces.code, '57'));
      [{ th: seen }] = (await runPrepared(trx, 'test_province_th', byCode(builds), { code: '57' })) as [{ th: string }];
      trx.rollback();
    }).catch((e: unknown) => (e instanceof Error && /rollback/i.test(e.message) ? undefined : Promise.reject(e)));
    expect(seen).toBe('ชั่วคราว');
    expect(builds.n).toBe(1);
    const [after] = await runPrepared(database.db, 'test_province_th', byCode(builds), { code: '57' });
    expect(after?.th).toBe('เชียงราย');
  });
});
