import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import {
  districts, organisations, reportDuplicateCandidates, reportNotes, reports, userRoles, users,
} from '../../db/schema/index.js';
import { areaDayKey, utcDay } from '../../db/schema/reports.js';

export type ReportRow = typeof reports.$inferSelect;

export async function insertReport(db: Db, values: typeof reports.$inferInsert): Promise<ReportRow> {
  const [row] = await db.insert(reports).values(values).returning();
  return row!;
}

export async function findReport(db: Db, id: string, scope: SQL | undefined): Promise<ReportRow | undefined> {
  const rows = await db.select().from(reports).where(and(eq(reports.id, id), scope)).limit(1);
  return rows[0];
}

export async function findByReference(db: Db, reference: string): Promise<ReportRow | undefined> {
  const rows = await db.select().from(reports).where(eq(reports.reference, reference)).limit(1);
  return rows[0];
}

export async function districtProvince(db: Db, districtCode: string): Promise<string | undefined> {
  const rows = await db.select({ p: districts.provinceCode }).from(districts).where(eq(districts.code, districtCode)).limit(1);
  return rows[0]?.p;
}

const overdueSql = sql`((${reports.ackDueAt} < now() AND ${reports.acknowledgedAt} IS NULL)
  OR (${reports.actionDueAt} < now() AND ${reports.actionedAt} IS NULL))`;

export interface QueueFilter {
  status: 'open' | 'closed' | 'all';
  province?: string | 'national' | undefined;
  urgent?: boolean | undefined;
  overdue?: boolean | undefined;
  assignedTo?: string | undefined;
  after?: { urgent: boolean; createdAt: string; id: string } | undefined;
  limit: number;
}

/**
 * A queue row carries its created_at to the microsecond for the next page's cursor: a JS Date keeps
 * milliseconds only, and a cursor cut to the millisecond would repeat every row whose time has
 * microseconds (PostgreSQL's now() has them).
 */
export type QueueRow = ReportRow & { createdAtExact: string };

/** The triage queue: urgent first (immediate danger, children), then the oldest. */
export async function listQueue(db: Db, f: QueueFilter, scope: SQL | undefined): Promise<QueueRow[]> {
  const conds: (SQL | undefined)[] = [scope];
  if (f.status === 'open') conds.push(isNull(reports.closedAt));
  if (f.status === 'closed') conds.push(sql`${reports.closedAt} IS NOT NULL`);
  if (f.province === 'national') conds.push(isNull(reports.routedProvinceCode));
  else if (f.province) conds.push(eq(reports.routedProvinceCode, f.province));
  if (f.urgent !== undefined) conds.push(eq(reports.urgent, f.urgent));
  if (f.overdue === true) conds.push(overdueSql);
  if (f.overdue === false) conds.push(sql`NOT ${overdueSql}`);
  if (f.assignedTo) conds.push(eq(reports.assignedTo, f.assignedTo));
  if (f.after) {
    const a = f.after;
    conds.push(a.urgent
      ? sql`(${reports.urgent} = false OR (${reports.createdAt}, ${reports.id}) > (${a.createdAt}::timestamptz, ${a.id}::uuid))`
      : sql`(${reports.urgent} = false AND (${reports.createdAt}, ${reports.id}) > (${a.createdAt}::timestamptz, ${a.id}::uuid))`);
  }
  return db.select({
    ...getTableColumns(reports),
    createdAtExact: sql<string>`to_char(${reports.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  }).from(reports).where(and(...conds))
    // NULLS LAST as in reports_queue_idx (drizzle wrote the index so): with desc()'s default NULLS FIRST the
    // planner cannot use the index and sorts every open report of the queue (urgent is NOT NULL: same order).
    .orderBy(sql`${reports.urgent} desc nulls last`, asc(reports.createdAt), asc(reports.id)).limit(f.limit + 1);
}

export async function updateReport(db: Db, id: string, version: number, values: Partial<typeof reports.$inferInsert>): Promise<ReportRow | undefined> {
  const [row] = await db.update(reports)
    .set({ ...values, version: sql`${reports.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(reports.id, id), eq(reports.version, version)))
    .returning();
  return row;
}

export async function insertNote(db: Db, values: typeof reportNotes.$inferInsert): Promise<void> {
  await db.insert(reportNotes).values(values);
}

export async function listNotes(db: Db, reportId: string) {
  return db.select({ n: reportNotes, authorName: users.displayName }).from(reportNotes)
    .leftJoin(users, eq(users.id, reportNotes.authorId))
    .where(eq(reportNotes.reportId, reportId)).orderBy(asc(reportNotes.createdAt), asc(reportNotes.id));
}

export interface CandidateRow {
  id: string;
  similarity: number;
  same_area: boolean;
  neighbouring_area: boolean;
  close_in_time: boolean;
  same_contact: boolean;
}

/**
 * Up to this many reports of the area in the 14 days, the duplicate search tests each of them for
 * similar text; above, it lets the area-and-day trigram index pick the similar ones first.
 */
export const AREA_SCAN_LIMIT = 500;

/**
 * Possible duplicates of a new report: reports of the last 14 days in the same or a neighbouring
 * province (or both of unknown province) whose words are similar (pg_trgm on the segmented text),
 * or with the same contact (blind index), whatever the area.
 *
 * Each way of being a candidate is its own branch reading only the rows it can match: the contact
 * indexes (blind index, then time), and the area's last 14 days. A single WHERE with OR between them
 * could use none of the indexes well and read every recent report of every province. Each branch keeps
 * its 20 most similar, so the 20 most similar of their union are the 20 the single query found (reports
 * equally similar at the cut were in no fixed order then either).
 *
 * The area branch has two forms with the same result. A small area (at most `areaScanLimit` reports in
 * the window, counted first) is read by area and time, and only those rows are tested for similarity:
 * OFFSET 0 keeps the planner from testing similarity first, which it does on every row of the table
 * when it has no statistics (PGlite never analyses by itself). A busy area is searched in
 * reports_duplicate_search_idx, whose area-and-day keys and trigrams together find the similar reports
 * of the area's days without testing the others.
 */
export async function findDuplicateCandidates(db: Db, r: ReportRow, areaScanLimit = AREA_SCAN_LIMIT): Promise<CandidateRow[]> {
  const createdAt = sql`${r.createdAt.toISOString()}::timestamptz`;
  const since = sql`(${createdAt} - interval '14 days')`;
  const text = r.descriptionSegmented;
  const near = sql`near AS (
      SELECT code FROM provinces WHERE code = ${r.routedProvinceCode}
      UNION SELECT neighbour_code FROM province_neighbours WHERE province_code = ${r.routedProvinceCode}
    )`;
  const inArea = r.routedProvinceCode
    ? sql`c.routed_province_code IN (SELECT code FROM near)`
    : sql`c.routed_province_code IS NULL`;
  const mostSimilar = sql`ORDER BY similarity(c.description_segmented, ${text}) DESC LIMIT 20`;
  const branch = (where: SQL) => sql`(SELECT c.id FROM reports c
      WHERE ${where} AND c.created_at > ${since} AND c.id <> ${r.id} ${mostSimilar})`;
  const testEach = (where: SQL) => sql`(SELECT c.id FROM (
        SELECT c.id, c.description_segmented FROM reports c WHERE ${where} AND c.id <> ${r.id} OFFSET 0
      ) c WHERE c.description_segmented % ${text} ${mostSimilar})`;

  const [counted] = rowsOf<{ n: number }>(await db.execute(sql`WITH ${near}
    SELECT count(*)::int AS n FROM (SELECT 1 FROM reports c WHERE ${inArea} AND c.created_at > ${since} LIMIT ${areaScanLimit + 1}) area`));
  let area: SQL[];
  if ((counted?.n ?? 0) <= areaScanLimit) {
    area = [testEach(sql`${inArea} AND c.created_at > ${since}`)];
  } else {
    // Keys of every day from `since` to the day after the report (a row stamped a little later by
    // another instance's clock); anything later still is tested in the second branch.
    const days = sql`generate_series(${utcDay(since)}, ${utcDay(createdAt)} + 1) AS d`;
    const areaDays = r.routedProvinceCode
      ? sql`ARRAY(SELECT ${areaDayKey(sql`n.code`, sql`d`)} FROM near n, ${days})`
      : sql`ARRAY(SELECT ${areaDayKey(sql`NULL::char(2)`, sql`d`)} FROM ${days})`;
    area = [
      branch(sql`ARRAY[${areaDayKey(sql`c.routed_province_code`, utcDay(sql`c.created_at`))}] && ${areaDays}
        AND ${inArea} AND c.description_segmented % ${text}`),
      testEach(sql`c.created_at >= ${createdAt} + interval '1 day' AND ${inArea}`),
    ];
  }
  const branches = [
    r.contactPhoneIndex ? branch(sql`c.contact_phone_index = ${r.contactPhoneIndex}`) : undefined,
    r.contactLineIndex ? branch(sql`c.contact_line_index = ${r.contactLineIndex}`) : undefined,
    ...area,
  ].filter((b): b is SQL => b !== undefined);
  const rows = await db.execute(sql`
    WITH ${near}, candidates AS (${sql.join(branches, sql` UNION ALL `)})
    SELECT c.id,
           similarity(c.description_segmented, ${text})::float8 AS similarity,
           (c.routed_province_code IS NOT DISTINCT FROM ${r.routedProvinceCode}
             AND (${r.districtCode}::char(4) IS NULL OR c.district_code IS NULL OR c.district_code = ${r.districtCode}::char(4))) AS same_area,
           (c.routed_province_code IS DISTINCT FROM ${r.routedProvinceCode} AND c.routed_province_code IN (SELECT code FROM near)) AS neighbouring_area,
           (abs(extract(epoch FROM c.created_at - ${createdAt})) < 72 * 3600) AS close_in_time,
           ((${r.contactPhoneIndex}::text IS NOT NULL AND c.contact_phone_index = ${r.contactPhoneIndex})
             OR (${r.contactLineIndex}::text IS NOT NULL AND c.contact_line_index = ${r.contactLineIndex})) AS same_contact
      FROM reports c
     WHERE c.id IN (SELECT id FROM candidates)
     ORDER BY similarity DESC
     LIMIT 20`);
  return rowsOf<CandidateRow>(rows);
}

export async function insertCandidates(db: Db, values: (typeof reportDuplicateCandidates.$inferInsert)[]): Promise<void> {
  if (values.length) await db.insert(reportDuplicateCandidates).values(values).onConflictDoNothing();
}

export async function listCandidates(db: Db, reportId: string, scope: SQL | undefined) {
  return db.select({ c: reportDuplicateCandidates, reference: reports.reference, description: reports.description, createdAt: reports.createdAt })
    .from(reportDuplicateCandidates)
    .innerJoin(reports, eq(reports.id, reportDuplicateCandidates.candidateId))
    .where(and(eq(reportDuplicateCandidates.reportId, reportId), scope))
    .orderBy(desc(reportDuplicateCandidates.score));
}

export async function decideCandidate(db: Db, reportId: string, candidateId: string, status: 'confirmed' | 'dismissed', userId: string | null) {
  const rows = await db.update(reportDuplicateCandidates)
    .set({ status, decidedBy: userId, decidedAt: sql`now()` })
    .where(and(eq(reportDuplicateCandidates.reportId, reportId), eq(reportDuplicateCandidates.candidateId, candidateId)))
    .returning({ id: reportDuplicateCandidates.candidateId });
  return rows.length > 0;
}

/** Users who may triage a province's reports: the province's officers, or national ones for the national queue. */
export async function triageUsers(db: Db, provinceCode: string | null, roleNames: string[]) {
  return db.selectDistinct({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(
      eq(users.active, true),
      inArray(userRoles.role, roleNames),
      provinceCode ? eq(organisations.provinceCode, provinceCode) : isNull(organisations.provinceCode),
    ))
    .orderBy(users.displayName)
    .limit(200);
}

/**
 * Open, urgent and overdue counts per queue, each from its own index: the open and urgent counts from
 * reports_open_counts_idx (queue and urgency of open reports only), the overdue ones from the small
 * partial indexes of running clocks (reports_ack_clock_idx, reports_action_clock_idx). One statement,
 * so the four numbers come from one snapshot.
 */
export async function overdueCounts(db: Db, scope: SQL | undefined) {
  const inScope = scope ?? sql`true`;
  const rows = rowsOf<{ provinceCode: string | null; open: number; urgent: number; ackOverdue: number; actionOverdue: number }>(await db.execute(sql`
    SELECT province_code AS "provinceCode", sum(open)::int AS open, sum(urgent)::int AS urgent,
           sum(ack_overdue)::int AS "ackOverdue", sum(action_overdue)::int AS "actionOverdue"
      FROM (
        SELECT routed_province_code AS province_code, count(*) AS open, count(*) FILTER (WHERE urgent) AS urgent,
               0 AS ack_overdue, 0 AS action_overdue
          FROM reports WHERE closed_at IS NULL AND ${inScope} GROUP BY 1
        UNION ALL
        SELECT routed_province_code, 0, 0, count(*), 0
          FROM reports WHERE closed_at IS NULL AND acknowledged_at IS NULL AND ack_due_at < now() AND ${inScope} GROUP BY 1
        UNION ALL
        SELECT routed_province_code, 0, 0, 0, count(*)
          FROM reports WHERE closed_at IS NULL AND actioned_at IS NULL AND action_due_at < now() AND ${inScope} GROUP BY 1
      ) counts
     GROUP BY province_code
     ORDER BY province_code`));
  return rows.map((r) => ({ ...r, provinceCode: r.provinceCode?.trim() ?? null }));
}
