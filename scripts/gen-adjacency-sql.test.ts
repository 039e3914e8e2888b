import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adjacency,
  BREAKPOINT,
  bothDirections,
  defaultDistrictsPath,
  defaultProvincesPath,
  generateAdjacencySql,
  outputPath,
  repoRoot,
  type Geometry,
} from './gen-adjacency-sql.js';

const migrations = resolve(repoRoot, 'src/server/db/migrations');

/** Migration files in journal order. */
function migrationFiles(): string[] {
  const journal = JSON.parse(readFileSync(resolve(migrations, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries].sort((a, b) => a.idx - b.idx).map((e) => `${e.tag}.sql`);
}

async function applyMigration(db: PGlite, file: string): Promise<void> {
  const sql = readFileSync(resolve(migrations, file), 'utf8');
  for (const part of sql.split(BREAKPOINT)) {
    if (part.trim()) await db.exec(part);
  }
}

describe('0006_area_neighbours_data.sql', () => {
  let db: PGlite;

  beforeAll(async () => {
    // pg_trgm as in src/server/db/client.ts: later migrations create trigram indexes.
    db = await PGlite.create({ extensions: { pg_trgm } });
    const files = migrationFiles();
    expect(files).toContain('0006_area_neighbours_data.sql');
    for (const file of files) await applyMigration(db, file);
  });

  afterAll(async () => {
    await db.close();
  });

  async function count(sql: string): Promise<number> {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`);
    return r.rows[0]?.n ?? -1;
  }

  async function codes(sql: string, params: unknown[] = []): Promise<string[]> {
    const r = await db.query<{ code: string }>(sql, params);
    return r.rows.map((row) => row.code);
  }

  const provinceNeighbours = (code: string) =>
    codes('SELECT neighbour_code AS code FROM province_neighbours WHERE province_code = $1 ORDER BY 1', [code]);

  it('has the expected number of rows', async () => {
    expect(await count('SELECT 1 FROM province_neighbours')).toBe(352);
    expect(await count('SELECT 1 FROM district_neighbours')).toBe(5052);
  });

  it('is symmetric and has no self pairs', async () => {
    for (const [table, col] of [
      ['province_neighbours', 'province_code'],
      ['district_neighbours', 'district_code'],
    ] as const) {
      expect(
        await count(
          `SELECT 1 FROM ${table} a LEFT JOIN ${table} b
             ON b.${col} = a.neighbour_code AND b.neighbour_code = a.${col}
           WHERE b.${col} IS NULL`,
        ),
        table,
      ).toBe(0);
      expect(await count(`SELECT 1 FROM ${table} WHERE ${col} = neighbour_code`), table).toBe(0);
    }
  });

  it('gives every province a neighbour except the island Phuket', async () => {
    expect(
      await codes(
        'SELECT code FROM provinces p WHERE NOT EXISTS (SELECT 1 FROM province_neighbours n WHERE n.province_code = p.code) ORDER BY 1',
      ),
    ).toEqual(['83']);
  });

  it('knows the neighbours of Bangkok, Chiang Rai and Tak', async () => {
    // Bangkok: Samut Prakan, Nonthaburi, Pathum Thani, Chachoengsao, Nakhon Pathom, Samut Sakhon.
    expect(await provinceNeighbours('10')).toEqual(['11', '12', '13', '24', '73', '74']);
    // Chiang Rai: Chiang Mai, Lampang, Phayao; not Tak.
    expect(await provinceNeighbours('57')).toEqual(['50', '52', '56']);
    // Tak: Chiang Mai, Lamphun, Lampang, Mae Hong Son, Nakhon Sawan, Uthai Thani, Kamphaeng Phet,
    // Sukhothai and, at Umphang, Kanchanaburi.
    expect(await provinceNeighbours('63')).toEqual(['50', '51', '52', '58', '60', '61', '62', '64', '71']);
    expect(await provinceNeighbours('71')).toContain('63');
  });

  it('gives every Bangkok khet at least two neighbours', async () => {
    expect(await count("SELECT 1 FROM districts WHERE province_code = '10'")).toBe(50);
    expect(
      await count(
        `SELECT d.code FROM districts d LEFT JOIN district_neighbours n ON n.district_code = d.code
         WHERE d.province_code = '10' GROUP BY d.code HAVING count(n.neighbour_code) < 2`,
      ),
    ).toBe(0);
  });

  it('leaves only island districts without neighbours', async () => {
    // Ko Si Chang, Ko Kut, Ko Chang, Ko Yao, Ko Samui, Ko Pha-ngan.
    expect(
      await codes(
        'SELECT code FROM districts d WHERE NOT EXISTS (SELECT 1 FROM district_neighbours n WHERE n.district_code = d.code) ORDER BY 1',
      ),
    ).toEqual(['2008', '2306', '2307', '8202', '8404', '8405']);
  });

  it('has district neighbours across province borders, matching the province neighbours', async () => {
    expect(
      await count("SELECT 1 FROM district_neighbours WHERE district_code LIKE '57%' AND neighbour_code LIKE '50%'"),
    ).toBeGreaterThan(0);
    expect(
      await count("SELECT 1 FROM district_neighbours WHERE district_code LIKE '57%' AND neighbour_code LIKE '63%'"),
    ).toBe(0);
    const crossing = `SELECT DISTINCT a.province_code AS p, b.province_code AS q
      FROM district_neighbours n
      JOIN districts a ON a.code = n.district_code
      JOIN districts b ON b.code = n.neighbour_code
      WHERE a.province_code <> b.province_code`;
    const provinces = 'SELECT province_code AS p, neighbour_code AS q FROM province_neighbours';
    expect(await count(`(${crossing}) EXCEPT (${provinces})`)).toBe(0);
    expect(await count(`(${provinces}) EXCEPT (${crossing})`)).toBe(0);
  });
});

describe('gen-adjacency-sql', () => {
  const ring = (x: number, y: number): number[][] => [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
    [x, y],
  ];
  const square = (x: number, y: number): Geometry => ({ type: 'Polygon', coordinates: [ring(x, y)] });

  it('links areas sharing an edge, not areas touching at a corner', () => {
    const a = adjacency([
      { code: 'A', geometry: square(0, 0) },
      { code: 'B', geometry: square(1, 0) }, // shares the edge x = 1 with A
      { code: 'C', geometry: square(1, 1) }, // shares y = 1 with B, only the corner (1, 1) with A
      { code: 'D', geometry: square(5, 5) },
    ]);
    expect(a.pairs).toEqual([
      ['A', 'B'],
      ['B', 'C'],
    ]);
    expect(a.pointOnly).toEqual([['A', 'C']]);
    expect(a.verticesOnly).toEqual([]);
    expect(a.isolated).toEqual(['D']);
    expect(bothDirections(a.pairs)).toEqual([
      ['A', 'B'],
      ['B', 'A'],
      ['B', 'C'],
      ['C', 'B'],
    ]);
  });

  it('reads every part of a MultiPolygon', () => {
    const island: Geometry = {
      type: 'MultiPolygon',
      coordinates: [[ring(5, 5)], [ring(0, 1)]], // the second part shares y = 1 with A
    };
    const a = adjacency([
      { code: 'A', geometry: square(0, 0) },
      { code: 'M', geometry: island },
    ]);
    expect(a.pairs).toEqual([['A', 'M']]);
    expect(a.sharedEdges.get('A M')).toBe(1);
  });

  it('rejects overlapping polygons', () => {
    expect(() =>
      adjacency([
        { code: 'A', geometry: square(0, 0) },
        { code: 'B', geometry: square(0, 0) },
        { code: 'C', geometry: square(0, 0) },
      ]),
    ).toThrow(/overlapping/);
  });

  it('splits into statements of at most 1000 rows', () => {
    const sql = readFileSync(outputPath, 'utf8');
    const parts = sql.split(`\n${BREAKPOINT}\n`);
    expect(parts.length).toBe(7);
    for (const part of parts) {
      const rows = part.split('\n').filter((l) => /^\('\d+', '\d+'\)[,;]$/.test(l)).length;
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThanOrEqual(1000);
    }
    expect(sql).toContain('CC BY-IGO 3.0');
  });

  // Needs the shared data folder beside the repository; skipped elsewhere.
  it.skipIf(!existsSync(defaultProvincesPath) || !existsSync(defaultDistrictsPath))(
    'committed SQL is up to date',
    () => {
      expect(generateAdjacencySql(defaultProvincesPath, defaultDistrictsPath).sql === readFileSync(outputPath, 'utf8')).toBe(
        true,
      );
    },
  );
});
