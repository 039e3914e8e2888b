import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import {
  countries, districts, languages, organisationAreas, organisationContacts, organisationServices, organisations, provinces, subdistricts,
} from '../../db/schema/index.js';

export type ServiceRow = typeof organisationServices.$inferSelect;
export type ContactRow = typeof organisationContacts.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export async function findOrganisation(db: Db, id: string) {
  return (await db.select().from(organisations).where(eq(organisations.id, id)).limit(1))[0];
}

export async function areasOf(db: Db, orgIds: string[]) {
  if (!orgIds.length) return [];
  return db.select().from(organisationAreas).where(inArray(organisationAreas.organisationId, orgIds))
    .orderBy(organisationAreas.provinceCode, organisationAreas.districtCode);
}

export async function servicesOf(db: Db, orgIds: string[]) {
  if (!orgIds.length) return [];
  return db.select().from(organisationServices).where(inArray(organisationServices.organisationId, orgIds))
    .orderBy(organisationServices.service);
}

export async function contactsOf(db: Db, orgIds: string[], urgentOnly = false) {
  if (!orgIds.length) return [];
  return db.select().from(organisationContacts)
    .where(and(inArray(organisationContacts.organisationId, orgIds), urgentOnly ? eq(organisationContacts.urgent24h, true) : undefined))
    .orderBy(sql`${organisationContacts.urgent24h} DESC`, organisationContacts.name);
}

/** Accepts ISO 639-1 or -3; answers the languages table's code (alpha-3), or undefined. */
export async function languageCode(db: Db, code: string): Promise<string | undefined> {
  const rows = await db.select({ code: languages.code }).from(languages)
    .where(sql`${languages.code} = ${code} OR ${languages.alpha2} = ${code}`).limit(1);
  return rows[0]?.code;
}

export async function countryExists(db: Db, alpha3: string): Promise<boolean> {
  return (await db.select({ c: countries.alpha3 }).from(countries).where(eq(countries.alpha3, alpha3)).limit(1)).length > 0;
}

/** The province a district belongs to, or undefined for an unknown district. */
export async function provinceOfDistrict(db: Db, code: string): Promise<string | undefined> {
  return (await db.select({ p: districts.provinceCode }).from(districts).where(eq(districts.code, code)).limit(1))[0]?.p;
}

/** The district a sub-district belongs to, or undefined for an unknown sub-district. */
export async function districtOfSubdistrict(db: Db, code: string): Promise<string | undefined> {
  return (await db.select({ d: subdistricts.districtCode }).from(subdistricts).where(eq(subdistricts.code, code)).limit(1))[0]?.d;
}

export type AreaInput = { provinceCode: string; districtCode?: string | null | undefined; subdistrictCode?: string | null | undefined };

/** Optimistic concurrency: the update applies only at the version the caller read. */
export async function updateOrganisationProfile(db: Db, id: string, version: number, changes: Partial<typeof organisations.$inferInsert>) {
  const [row] = await db.update(organisations).set({ ...changes, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(organisations.id, id), eq(organisations.version, version))).returning();
  return row;
}

export async function replaceAreas(db: Db, organisationId: string, areas: AreaInput[]) {
  await db.delete(organisationAreas).where(eq(organisationAreas.organisationId, organisationId));
  if (areas.length) {
    await db.insert(organisationAreas).values(areas.map((a) => ({
      organisationId, provinceCode: a.provinceCode, districtCode: a.districtCode ?? null, subdistrictCode: a.subdistrictCode ?? null,
    })));
  }
}

export async function findService(db: Db, id: string): Promise<ServiceRow | undefined> {
  return (await db.select().from(organisationServices).where(eq(organisationServices.id, id)).limit(1))[0];
}

export async function insertService(db: Db, values: typeof organisationServices.$inferInsert): Promise<ServiceRow> {
  const [row] = await db.insert(organisationServices).values(values).returning();
  return row!;
}

export async function updateServiceRow(db: Db, id: string, version: number, changes: Partial<typeof organisationServices.$inferInsert>) {
  const [row] = await db.update(organisationServices).set({ ...changes, version: sql`${organisationServices.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(organisationServices.id, id), eq(organisationServices.version, version))).returning();
  return row;
}

export async function deleteService(db: Db, id: string) {
  await db.delete(organisationServices).where(eq(organisationServices.id, id));
}

export async function findContact(db: Db, id: string): Promise<ContactRow | undefined> {
  return (await db.select().from(organisationContacts).where(eq(organisationContacts.id, id)).limit(1))[0];
}

export async function insertContact(db: Db, values: typeof organisationContacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db.insert(organisationContacts).values(values).returning();
  return row!;
}

export async function updateContactRow(db: Db, id: string, version: number, changes: Partial<typeof organisationContacts.$inferInsert>) {
  const [row] = await db.update(organisationContacts).set({ ...changes, version: sql`${organisationContacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(organisationContacts.id, id), eq(organisationContacts.version, version))).returning();
  return row;
}

export async function deleteContact(db: Db, id: string) {
  await db.delete(organisationContacts).where(eq(organisationContacts.id, id));
}

export interface SearchFilter {
  q?: string | undefined;
  service?: string | undefined;
  province?: string | undefined;
  district?: string | undefined;
  sex?: string | undefined;
  age?: number | undefined;
  nationality?: string | undefined;
  language?: string | undefined;
  freeCapacity?: boolean | undefined;
  measure?: string | undefined;
  limit: number;
}

const serviceFilterActive = (f: SearchFilter) =>
  f.service !== undefined || f.sex !== undefined || f.age !== undefined || f.nationality !== undefined
  || f.language !== undefined || f.freeCapacity !== undefined;

interface SearchHit { id: string; tier: number; text_score: number; service_ids: string[] | string | null }

/**
 * "Who can help this victim now": partners offering a matching service (who it accepts, languages
 * directly or through the partner's interpreters, free places now), ranked same district → same
 * province → neighbouring provinces → national partners, then by how well the name matches.
 * Typo-tolerant text match through pg_trgm word similarity on the segmented name.
 *
 * Where the time goes (bench/RESULTS.md, network): every name an index lets through is rechecked
 * with word_similarity, the costly step. With an area, the planner ANDs the trigram GIN with the
 * area GIN, so only nearby names are rechecked; without one, the GiST KNN scan reads names closest
 * first and stops after the page. Matching services are looked up for the returned page only.
 */
export async function searchPartners(db: Db, f: SearchFilter, qSegmented: string | undefined) {
  return db.transaction(async (trx) => {
    if (qSegmented) await trx.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
    const svcMatch = sql`s.organisation_id = o.id
      AND (${f.service ?? null}::text IS NULL OR s.service = ${f.service ?? null})
      AND (${f.sex ?? null}::text IS NULL OR cardinality(s.accepts_sexes) = 0 OR ${f.sex ?? null} = ANY(s.accepts_sexes))
      AND (${f.age ?? null}::int IS NULL OR ((s.min_age IS NULL OR s.min_age <= ${f.age ?? null}) AND (s.max_age IS NULL OR s.max_age >= ${f.age ?? null})))
      AND (${f.nationality ?? null}::text IS NULL OR cardinality(s.nationalities) = 0 OR ${f.nationality ?? null} = ANY(s.nationalities))
      AND (${f.language ?? null}::text IS NULL OR ${f.language ?? null} = ANY(s.languages)
           OR EXISTS (SELECT 1 FROM organisation_services i WHERE i.organisation_id = o.id AND i.service = 'interpretation' AND ${f.language ?? null} = ANY(i.languages)))
      AND (${f.freeCapacity ?? null}::boolean IS NOT TRUE OR s.capacity_free > 0)`;
    const province = f.province ?? null;
    const district = f.district ?? null;
    const filters = sql`o.active
      ${qSegmented ? sql`AND ${qSegmented} <% o.search_text` : sql``}
      ${f.measure ? sql`AND ${f.measure} = ANY(o.measures)` : sql``}
      ${serviceFilterActive(f) ? sql`AND EXISTS (SELECT 1 FROM organisation_services s WHERE ${svcMatch})` : sql``}`;
    const serviceIds = serviceFilterActive(f)
      ? sql`(SELECT array_agg(s.id) FROM organisation_services s WHERE ${svcMatch})`
      : sql`NULL::uuid[]`;
    const textScore = qSegmented ? sql`word_similarity(${qSegmented}, o.search_text)` : sql`0`;
    // With an area: only partners working there, in neighbouring provinces, or nationally (an indexed
    // array test), ranked by nearness then name match. Without one: closest names first (GiST KNN).
    if (province) {
      const rows = await trx.execute(sql`
          WITH near AS (SELECT coalesce(array_agg(neighbour_code::text), '{}') AS codes FROM province_neighbours WHERE province_code = ${province})
          SELECT o.id,
            CASE
              WHEN ${district}::text IS NOT NULL AND ${district}::text = ANY(o.area_districts) THEN 0
              WHEN ${province}::text = ANY(o.area_provinces) THEN 1
              WHEN o.area_provinces && near.codes THEN 2
              ELSE 3
            END AS tier,
            ${textScore}::float8 AS text_score,
            ${serviceIds} AS service_ids
          FROM organisations o, near
          WHERE (o.area_provinces && (ARRAY[${province}::text] || near.codes)
                 OR (o.province_code IS NULL AND o.level IN ('national', 'international')))
            AND ${filters}
          ORDER BY tier, text_score DESC, o.name_th, o.id
          LIMIT ${f.limit}`);
      return rowsOf<SearchHit>(rows);
    }
    const tier = sql`CASE WHEN o.province_code IS NULL AND o.level IN ('national', 'international') THEN 3 ELSE 4 END`;
    if (!qSegmented) {
      return rowsOf<SearchHit>(await trx.execute(sql`
          SELECT o.id, ${tier} AS tier, 0::float8 AS text_score, ${serviceIds} AS service_ids
          FROM organisations o WHERE ${filters}
          ORDER BY o.name_th, o.id LIMIT ${f.limit}`));
    }
    // Closest names first, ties by name. Ordering by the distance alone lets the GiST index hand rows over
    // nearest first and stop; a tie-breaker in the same ORDER BY makes PostgreSQL score every match instead
    // (90 ms against 11 ms for a common misspelt name among 20,000 partners). So the nearest names are read
    // in index order and the page is sorted with the tie-breaker. The scores on the page are exact; only
    // when more names than the window tie with the page's last does the index, not the name, choose which
    // of those equally good names are shown. The name's score is 1 − its distance (pg_trgm defines it so).
    const window = Math.max(f.limit * 5, 100);
    return rowsOf<SearchHit>(await trx.execute(sql`
        SELECT id, tier, 1 - distance AS text_score, service_ids FROM (
          SELECT o.id, o.name_th, ${tier} AS tier, (${qSegmented} <<-> o.search_text)::float8 AS distance,
                 ${serviceIds} AS service_ids
            FROM organisations o WHERE ${filters}
           ORDER BY ${qSegmented} <<-> o.search_text
           LIMIT ${window}) w
        ORDER BY distance, name_th, id
        LIMIT ${f.limit}`));
  });
}

export async function organisationsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(organisations).where(inArray(organisations.id, ids));
}

/** Partners per province (located there or working there), optionally offering a service or working on a measure. */
export async function partnersPerProvince(db: Db, f: { service?: string | undefined; measure?: string | undefined }) {
  // With a service: the partners service_coverage lists for it (active partners, by the provinces they work in).
  const rows = await db.execute(f.service
    ? sql`
      SELECT c.province_code, count(DISTINCT c.organisation_id)::int AS partners
        FROM service_coverage c
       WHERE c.service = ${f.service}
         AND (${f.measure ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = c.organisation_id AND ${f.measure ?? null} = ANY(o.measures)))
       GROUP BY 1 ORDER BY 1`
    : sql`
      WITH org_province AS (SELECT o.id, p FROM organisations o, unnest(o.area_provinces) AS p WHERE o.active)
      SELECT p AS province_code, count(DISTINCT op.id)::int AS partners
        FROM org_province op JOIN organisations o ON o.id = op.id
       WHERE (${f.measure ?? null}::text IS NULL OR ${f.measure ?? null} = ANY(o.measures))
       GROUP BY p ORDER BY p`);
  return rowsOf<{ province_code: string; partners: number }>(rows);
}

/**
 * Province × service (or measure) counts of partners; the missing cells are the gaps. By service: from
 * service_coverage (one narrow row per active partner's service and province, kept by triggers), a
 * partner counted once per cell however many of its services match.
 */
export async function coverageCounts(db: Db, by: 'service' | 'measure', f: { sex?: string | undefined; age?: number | undefined }) {
  const rows = await db.execute(by === 'service'
    ? sql`
      SELECT province_code, service AS col, count(*)::int AS n
        FROM (SELECT DISTINCT c.province_code, c.service, c.organisation_id
                FROM service_coverage c
               WHERE (${f.sex ?? null}::text IS NULL OR cardinality(c.accepts_sexes) = 0 OR ${f.sex ?? null} = ANY(c.accepts_sexes))
                 AND (${f.age ?? null}::int IS NULL OR ((c.min_age IS NULL OR c.min_age <= ${f.age ?? null}) AND (c.max_age IS NULL OR c.max_age >= ${f.age ?? null})))) x
       GROUP BY 1, 2`
    : sql`
      WITH org_province AS (SELECT o.id, p FROM organisations o, unnest(o.area_provinces) AS p WHERE o.active)
      SELECT op.p AS province_code, m AS col, count(DISTINCT op.id)::int AS n
        FROM org_province op JOIN organisations o ON o.id = op.id, unnest(o.measures) AS m
       GROUP BY 1, 2`);
  return rowsOf<{ province_code: string; col: string; n: number }>(rows);
}

export async function allProvinces(db: Db) {
  return db.select().from(provinces).orderBy(asc(provinces.code));
}
