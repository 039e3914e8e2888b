/**
 * Generates src/server/db/migrations/0006_area_neighbours_data.sql: which provinces and which
 * districts are neighbours, derived once from the boundary polygons, as INSERT statements into
 * the tables of 0005_area_neighbours.sql (both directions, sorted by code).
 *
 *   npx tsx scripts/gen-adjacency-sql.ts [path/to/th-provinces.geojson] [path/to/th-districts.geojson]
 *
 * The polygon files default to ../shared/data/ beside the repository. The SQL is committed, so
 * neither the shared folder nor this script is needed at run time. The output depends only on
 * the two input files, so regenerating gives the same file byte for byte.
 *
 * Method: two areas are neighbours when their boundaries share a segment, i.e. an edge whose two
 * (distinct) end vertices are consecutive on a ring of each area. The polygons were cleaned and
 * dissolved with mapshaper from one set of sub-district polygons, so neighbours share identical
 * vertices (rounded to 0.0001°); vertices are therefore matched exactly, with a Map from edge key
 * (sorted vertex pair) to the set of areas whose rings use that edge: O(total vertices). Areas
 * that only touch at a point are not neighbours.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultProvincesPath = resolve(repoRoot, '../shared/data/th-provinces.geojson');
export const defaultDistrictsPath = resolve(repoRoot, '../shared/data/th-districts.geojson');
export const outputPath = resolve(repoRoot, 'src/server/db/migrations/0006_area_neighbours_data.sql');

/** drizzle-kit's statement separator; drizzle's migrator splits migration files on it. */
export const BREAKPOINT = '--> statement-breakpoint';
const CHUNK = 1000;

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

type Position = number[];
type Ring = Position[];

export type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface Area {
  code: string;
  parentCode: string | null;
  nameEn: string;
  geometry: Geometry;
}

interface Feature {
  type?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

function fail(message: string): never {
  throw new Error(`gen-adjacency-sql: ${message}`);
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function checkRing(what: string, ring: unknown): asserts ring is Ring {
  if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) fail(`${what}: bad ring`);
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) fail(`${what}: ring is not closed`);
}

function checkPolygon(what: string, polygon: unknown): asserts polygon is Ring[] {
  if (!Array.isArray(polygon) || polygon.length === 0) fail(`${what}: bad polygon`);
  polygon.forEach((ring, i) => checkRing(`${what} ring ${i}`, ring));
}

/** Reads a GeoJSON FeatureCollection of administrative areas whose `code` has `digits` digits. */
export function readAreas(path: string, digits: 2 | 4): Area[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown; features?: unknown };
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) fail(`${path} is not a FeatureCollection`);
  const seen = new Set<string>();
  const areas: Area[] = [];
  for (const f of json.features as Feature[]) {
    const code = f.properties?.code;
    if (typeof code !== 'string' || !new RegExp(`^\\d{${digits}}$`).test(code)) {
      fail(`${path}: bad code ${JSON.stringify(code)}`);
    }
    if (seen.has(code)) fail(`${path}: duplicate code ${code}`);
    seen.add(code);
    const parent = f.properties?.parent_code;
    const parentCode = typeof parent === 'string' ? parent : null;
    if (digits === 4 && (parentCode === null || !/^\d{2}$/.test(parentCode) || !code.startsWith(parentCode))) {
      fail(`${path}: ${code} has bad parent_code ${JSON.stringify(parent)}`);
    }
    const nameEn = f.properties?.name_en;
    if (typeof nameEn !== 'string' || !nameEn.trim()) fail(`${path}: ${code} has no name_en`);
    const g = f.geometry;
    if (g?.type === 'Polygon') {
      checkPolygon(code, g.coordinates);
      areas.push({ code, parentCode, nameEn, geometry: { type: 'Polygon', coordinates: g.coordinates } });
    } else if (g?.type === 'MultiPolygon') {
      const polys = g.coordinates;
      if (!Array.isArray(polys) || polys.length === 0) fail(`${code}: empty MultiPolygon`);
      polys.forEach((p, i) => checkPolygon(`${code} part ${i}`, p));
      areas.push({ code, parentCode, nameEn, geometry: { type: 'MultiPolygon', coordinates: polys as Ring[][] } });
    } else {
      fail(`${path}: ${code} has geometry ${JSON.stringify(g?.type)}, not (Multi)Polygon`);
    }
  }
  return areas.sort((a, b) => byCode(a.code, b.code));
}

// ---------------------------------------------------------------------------------------------
// Adjacency
// ---------------------------------------------------------------------------------------------

function ringsOf(g: Geometry): Ring[] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** Exact vertex key: the coordinates are already rounded, so equal vertices print equally. */
const vertexKey = (p: Position): string => `${p[0]},${p[1]}`;

export interface Adjacency {
  /** Unordered neighbour pairs [a, b] with a < b, sorted. */
  pairs: [string, string][];
  /** Number of shared edges per pair, keyed `a b`. */
  sharedEdges: Map<string, number>;
  /** Pairs whose boundaries meet at vertices but share no edge (e.g. where four areas meet). */
  pointOnly: [string, string][];
  /**
   * Of those, the pairs sharing two or more vertices: what a "shares >= 2 vertices" fallback
   * would add. Empty when every real border is a shared edge.
   */
  verticesOnly: [string, string][];
  /** Areas with no neighbour, sorted. */
  isolated: string[];
}

/**
 * Neighbours by shared edge. Every ring segment is keyed by its sorted vertex pair; a segment
 * used by two areas makes them neighbours. A segment used by three or more areas means
 * overlapping polygons, and is an error. Also counts vertex-only contacts, for the report.
 */
export function adjacency(areas: readonly Pick<Area, 'code' | 'geometry'>[]): Adjacency {
  const edges = new Map<string, Set<string>>();
  const vertices = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, key: string, code: string): void => {
    const s = m.get(key);
    if (s) s.add(code);
    else m.set(key, new Set([code]));
  };
  for (const area of areas) {
    for (const ring of ringsOf(area.geometry)) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = vertexKey(ring[i] as Position);
        const b = vertexKey(ring[i + 1] as Position);
        add(vertices, a, area.code);
        if (a === b) continue; // repeated vertex: no segment
        add(edges, a < b ? `${a} ${b}` : `${b} ${a}`, area.code);
      }
    }
  }
  const pairKeys = (codes: Set<string>): string[] => {
    const c = [...codes].sort(byCode);
    const out: string[] = [];
    for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) out.push(`${c[i]} ${c[j]}`);
    return out;
  };
  const sharedEdges = new Map<string, number>();
  for (const [edge, codes] of edges) {
    if (codes.size < 2) continue;
    if (codes.size > 2) fail(`edge ${edge} is used by ${[...codes].join(', ')}: overlapping polygons`);
    for (const k of pairKeys(codes)) sharedEdges.set(k, (sharedEdges.get(k) ?? 0) + 1);
  }
  const touching = new Map<string, number>();
  for (const codes of vertices.values()) {
    if (codes.size > 1) for (const k of pairKeys(codes)) touching.set(k, (touching.get(k) ?? 0) + 1);
  }

  const split = (k: string): [string, string] => k.split(' ') as [string, string];
  const sortPairs = (ps: [string, string][]) => ps.sort((x, y) => byCode(x[0], y[0]) || byCode(x[1], y[1]));
  const pairs = sortPairs([...sharedEdges.keys()].map(split));
  const notEdge = [...touching].filter(([k]) => !sharedEdges.has(k));
  const pointOnly = sortPairs(notEdge.map(([k]) => split(k)));
  const verticesOnly = sortPairs(notEdge.filter(([, n]) => n >= 2).map(([k]) => split(k)));
  const linked = new Set(pairs.flat());
  const isolated = areas.map((a) => a.code).filter((c) => !linked.has(c)).sort(byCode);
  return { pairs, sharedEdges, pointOnly, verticesOnly, isolated };
}

/** Both directions of every pair, sorted by (code, neighbour). */
export function bothDirections(pairs: readonly [string, string][]): [string, string][] {
  return pairs
    .flatMap(([a, b]): [string, string][] => [
      [a, b],
      [b, a],
    ])
    .sort((x, y) => byCode(x[0], y[0]) || byCode(x[1], y[1]));
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

function insertStatements(table: string, columns: [string, string], rows: [string, string][]): string[] {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows
      .slice(i, i + CHUNK)
      .map(([a, b]) => {
        if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) fail(`bad code in ${a}/${b}`);
        return `('${a}', '${b}')`;
      })
      .join(',\n');
    out.push(`INSERT INTO "${table}" (${cols}) VALUES\n${values};`);
  }
  return out;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Wraps `items` (already comma-joined pieces) into comment lines of at most ~100 characters. */
function commentList(first: string, items: string[], indent = '--   '): string[] {
  const lines: string[] = [];
  let line = first;
  for (const [i, item] of items.entries()) {
    const piece = item + (i < items.length - 1 ? ',' : '.');
    if (line.length + 1 + piece.length > 100) {
      lines.push(line);
      line = indent + piece;
    } else {
      line += ` ${piece}`;
    }
  }
  lines.push(line);
  return lines;
}

export interface AdjacencyResult {
  sql: string;
  provinces: Adjacency;
  districts: Adjacency;
  provinceRows: number;
  districtRows: number;
}

export function generateAdjacencySql(provincesPath: string, districtsPath: string): AdjacencyResult {
  const provinceAreas = readAreas(provincesPath, 2);
  const districtAreas = readAreas(districtsPath, 4);
  const counts = `${provinceAreas.length}/${districtAreas.length}`;
  if (counts !== '77/928') fail(`expected 77 provinces and 928 districts, got ${counts}`);
  const provinceCodes = new Set(provinceAreas.map((a) => a.code));
  for (const d of districtAreas) {
    if (!provinceCodes.has(d.parentCode ?? '')) fail(`district ${d.code}: unknown province ${String(d.parentCode)}`);
  }

  const provinces = adjacency(provinceAreas);
  const districts = adjacency(districtAreas);

  // Both files were dissolved from the same sub-district polygons, so two provinces are
  // neighbours exactly when some of their districts are.
  const fromDistricts = new Set<string>();
  for (const [a, b] of districts.pairs) {
    const pa = a.slice(0, 2);
    const pb = b.slice(0, 2);
    if (pa !== pb) fromDistricts.add(pa < pb ? `${pa} ${pb}` : `${pb} ${pa}`);
  }
  const direct = new Set(provinces.pairs.map(([a, b]) => `${a} ${b}`));
  const onlyDirect = [...direct].filter((k) => !fromDistricts.has(k));
  const onlyDistricts = [...fromDistricts].filter((k) => !direct.has(k));
  if (onlyDirect.length || onlyDistricts.length) {
    fail(
      `province and district polygons disagree: provinces only ${onlyDirect.join('; ') || '-'}, ` +
        `districts only ${onlyDistricts.join('; ') || '-'}`,
    );
  }

  const provinceRows = bothDirections(provinces.pairs);
  const districtRows = bothDirections(districts.pairs);
  for (const [a, b] of [...provinceRows, ...districtRows]) if (a === b) fail(`self pair ${a}`);

  const name = new Map([...provinceAreas, ...districtAreas].map((a) => [a.code, a.nameEn]));
  const named = (codes: string[]): string[] => codes.map((c) => `${c} ${name.get(c) ?? '?'}`);

  const header = [
    '-- Neighbouring provinces and districts, derived from the boundary polygons.',
    '-- GENERATED by scripts/gen-adjacency-sql.ts; do not edit by hand, regenerate:',
    '--   npx tsx scripts/gen-adjacency-sql.ts [th-provinces.geojson] [th-districts.geojson]',
    '--',
    '-- Source: shared/data/th-provinces.geojson and shared/data/th-districts.geojson (see the',
    '--   README.md there), sha256',
    `--   ${sha256(provincesPath)} and`,
    `--   ${sha256(districtsPath)}.`,
    '--   Boundaries: Royal Thai Survey Department via OCHA/HDX "Thailand - Subnational',
    '--   Administrative Boundaries" (cod-ab-tha), CC BY-IGO 3.0,',
    '--   https://creativecommons.org/licenses/by/3.0/igo/legalcode ; simplified by mapthai',
    '--   (piyayut-ch/mapthai, MIT License, Copyright (c) 2021 Piyayut Chitchumnong); cleaned and',
    '--   dissolved by province / district with mapshaper, coordinates rounded to 0.0001 degree.',
    '--   The polygons show the 2019 RTSD boundaries.',
    '--',
    '-- Method: two areas are neighbours when their boundaries share a segment: two distinct',
    '--   vertices that are consecutive on a ring of each area (a shared edge). Neighbours have',
    '--   identical vertices in these files, so vertices are matched exactly: each ring edge, keyed',
    '--   by its sorted vertex pair, maps to the set of areas using it. Areas that touch at a single',
    `--   point only are not neighbours (${provinces.pointOnly.length} province and ${districts.pointOnly.length} district pairs).`,
    '--   Pairs sharing two or more vertices but no edge, which a looser "shares >= 2 vertices"',
    `--   rule would add: ${provinces.verticesOnly.length} province and ${districts.verticesOnly.length} district pairs.`,
    '--   Borders with other countries and the sea are not recorded. Check: two provinces are',
    '--   neighbours exactly when some of their districts are.',
    '-- Both directions are stored, sorted by code.',
    `--   province_neighbours: ${provinces.pairs.length} pairs, ${provinceRows.length} rows.`,
    `--   district_neighbours: ${districts.pairs.length} pairs, ${districtRows.length} rows.`,
    ...commentList('-- Provinces without a neighbour (islands):', named(provinces.isolated)),
    ...commentList('-- Districts without a neighbour (islands):', named(districts.isolated)),
  ].join('\n');

  const statements = [
    ...insertStatements('province_neighbours', ['province_code', 'neighbour_code'], provinceRows),
    ...insertStatements('district_neighbours', ['district_code', 'neighbour_code'], districtRows),
  ];
  const sql = `${header}\n${statements.join(`\n${BREAKPOINT}\n`)}\n`;
  return { sql, provinces, districts, provinceRows: provinceRows.length, districtRows: districtRows.length };
}

function main(): void {
  const [provArg, distArg] = process.argv.slice(2);
  const provincesPath = provArg ? resolve(process.cwd(), provArg) : defaultProvincesPath;
  const districtsPath = distArg ? resolve(process.cwd(), distArg) : defaultDistrictsPath;
  const r = generateAdjacencySql(provincesPath, districtsPath);
  writeFileSync(outputPath, r.sql);
  for (const [what, a, rows] of [
    ['provinces', r.provinces, r.provinceRows],
    ['districts', r.districts, r.districtRows],
  ] as const) {
    console.log(
      `${what}: ${a.pairs.length} neighbour pairs (${rows} rows), ${a.pointOnly.length} point-only contacts ` +
        `(${a.verticesOnly.length} sharing >= 2 vertices but no edge: ${a.verticesOnly.map((p) => p.join('-')).join(' ') || '-'}), ` +
        `without neighbours: ${a.isolated.join(' ') || '-'}`,
    );
  }
  console.log(`wrote ${outputPath} (${Buffer.byteLength(r.sql)} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
