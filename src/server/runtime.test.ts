import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { loadDataKey } from './runtime.js';

describe('identity key', () => {
  it('production refuses to start without PHAKHI_DATA_KEY', () => {
    const config = loadConfig({ NODE_ENV: 'production', PHAKHI_DATA_DIR: mkdtempSync(join(tmpdir(), 'phk-')) });
    expect(() => loadDataKey(config)).toThrow(/PHAKHI_DATA_KEY is required in production/);
  });

  it('a development install generates one key into the data folder, readable by its owner only, and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phk-'));
    const config = loadConfig({ PHAKHI_DATA_DIR: dir });
    const first = loadDataKey(config);
    expect(first.length).toBe(32);
    expect(statSync(join(dir, 'data-key')).mode & 0o077).toBe(0);
    expect(loadDataKey(config).equals(first)).toBe(true);
    expect(readFileSync(join(dir, 'data-key'), 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('an explicit key wins, and a malformed one is refused', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadDataKey(loadConfig({ PHAKHI_DATA_KEY: key.toString('hex') })).equals(key)).toBe(true);
    expect(() => loadDataKey(loadConfig({ PHAKHI_DATA_KEY: 'short' }))).toThrow(/32 bytes/);
  });
});
