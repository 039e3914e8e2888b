import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.js';
import { openTestDatabase } from '../test/harness.js';
import { sha256Hex } from './crypto.js';
import { hitRateLimit } from './rate-limit.js';

describe('hitRateLimit (fixed window in rate_limits)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => { ({ database, drop } = await openTestDatabase()); });
  afterAll(async () => { await drop(); });

  const stored = async (key: string) =>
    (await database.query<{ count: number; window_start: Date }>('SELECT count, window_start FROM rate_limits WHERE key = $1', [sha256Hex(key)]))[0];
  /** Moves the key's window back in time, as if `seconds` had passed. */
  const age = (key: string, seconds: number) =>
    database.query(`UPDATE rate_limits SET window_start = window_start - make_interval(secs => ${seconds}) WHERE key = $1`, [sha256Hex(key)]);

  it('accepts up to the limit, then refuses with the seconds left in the window', async () => {
    const key = 'test:limit';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await hitRateLimit(database.db, key, 3, 3600));
    expect(answers.slice(0, 3)).toEqual([null, null, null]);
    expect(answers[3]).toBeGreaterThan(3590);
    expect(answers[3]).toBeLessThanOrEqual(3600);
  });

  it('a refused attempt does not add to the count: the row stays at the limit, however many are refused', async () => {
    const key = 'test:refused-not-counted';
    for (let i = 0; i < 2; i++) expect(await hitRateLimit(database.db, key, 2, 3600)).toBeNull();
    const before = await stored(key);
    for (let i = 0; i < 5; i++) expect(await hitRateLimit(database.db, key, 2, 3600)).not.toBeNull();
    const after = await stored(key);
    expect(after!.count).toBe(2);
    expect(after!.window_start).toEqual(before!.window_start);
  });

  it('the window reopens when the first accepted attempt\'s window ends, whatever was refused in between', async () => {
    const key = 'test:reopens';
    expect(await hitRateLimit(database.db, key, 1, 600)).toBeNull();
    await age(key, 300);
    const halfway = await hitRateLimit(database.db, key, 1, 600);
    expect(halfway).toBeGreaterThan(290);
    expect(halfway).toBeLessThanOrEqual(300);
    await age(key, 301);
    expect(await hitRateLimit(database.db, key, 1, 600)).toBeNull();
    expect((await stored(key))!.count).toBe(1);
    expect(await hitRateLimit(database.db, key, 1, 600)).not.toBeNull();
  });

  it('concurrent attempts accept exactly the limit', async () => {
    const key = 'test:concurrent';
    const answers = await Promise.all(Array.from({ length: 12 }, () => hitRateLimit(database.db, key, 5, 3600)));
    expect(answers.filter((a) => a === null)).toHaveLength(5);
    expect((await stored(key))!.count).toBe(5);
  });

  it('keys are stored hashed', async () => {
    await hitRateLimit(database.db, 'public-report:203.0.113.9', 10, 3600);
    const keys = (await database.query<{ key: string }>('SELECT key FROM rate_limits')).map((r) => r.key);
    expect(keys.some((k) => k.includes('203.0.113.9'))).toBe(false);
    expect(keys).toContain(sha256Hex('public-report:203.0.113.9'));
  });
});
