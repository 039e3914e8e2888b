import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { OrgRef } from '../../../contracts/structures.js';
import type { Db } from '../../db/client.js';
import { districts, organisations, provinces, subdistricts, users } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { canManageStructure } from '../../platform/access/scope.js';
import { AppError } from '../../platform/errors.js';

/** Today's date in Thailand (UTC+7, no daylight saving): due dates and terms are Thai calendar days. */
export function todayInThailand(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Writes to a structure: 403 unless the caller may edit that province's structures (or national ones). */
export function requireManage(actor: Actor, provinceCode: string | null): void {
  if (!canManageStructure(actor, provinceCode?.trim() ?? null)) throw new AppError('FORBIDDEN');
}

/** char(n) columns come back padded on some paths; codes leave the API trimmed. */
export const code = (v: string | null | undefined): string | null => (v == null ? null : v.trim());

/** Keyset paging on a text sort key and the id; `desc` pages newest first. */
export function keysetAfter(key: SQL, id: PgColumn, after: { sortKey: string; id: string } | undefined, desc = false): SQL | undefined {
  if (!after) return undefined;
  return desc
    ? sql`((${key})::text, ${id}) < (${after.sortKey}::text, ${after.id}::uuid)`
    : sql`((${key})::text, ${id}) > (${after.sortKey}::text, ${after.id}::uuid)`;
}
export function keysetOrder(key: SQL, id: PgColumn, desc = false): SQL[] {
  return desc ? [sql`(${key})::text DESC`, sql`${id} DESC`] : [sql`(${key})::text`, sql`${id}`];
}

export async function orgRefs(db: Db, ids: (string | null | undefined)[]): Promise<Map<string, OrgRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: organisations.id, nameTh: organisations.nameTh, nameEn: organisations.nameEn })
    .from(organisations).where(inArray(organisations.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every organisation named must exist and be active: 422 naming the first field that does not. */
export async function checkOrganisations(db: Db, refs: { id: string | null | undefined; path: string }[]): Promise<void> {
  const wanted = [...new Set(refs.map((r) => r.id).filter((x): x is string => !!x))];
  if (!wanted.length) return;
  const rows = await db.select({ id: organisations.id }).from(organisations)
    .where(and(inArray(organisations.id, wanted), eq(organisations.active, true)));
  const found = new Set(rows.map((r) => r.id));
  const missing = refs.filter((r) => r.id && !found.has(r.id));
  if (missing.length) throw new AppError('UNKNOWN_ORGANISATION', missing.map((m) => ({ path: m.path, message: 'unknown organisation' })));
}

export async function checkUser(db: Db, userId: string, path: string) {
  const [u] = await db.select({ id: users.id, organisationId: users.organisationId, active: users.active }).from(users).where(eq(users.id, userId)).limit(1);
  if (!u || !u.active) throw new AppError('UNKNOWN_USER', [{ path, message: 'unknown or inactive user' }]);
  return u;
}

export async function checkProvince(db: Db, provinceCode: string, path = 'provinceCode'): Promise<void> {
  const rows = await db.select({ c: provinces.code }).from(provinces).where(eq(provinces.code, provinceCode)).limit(1);
  if (!rows.length) throw new AppError('UNKNOWN_PROVINCE', [{ path, message: 'unknown province' }]);
}

export interface Area { provinceCode: string; districtCode: string | null; subdistrictCode: string | null }

/**
 * A province, optionally a district in it, optionally a sub-district in that district (DOPA codes).
 * A sub-district given without its district brings its district. Unknown or mismatched codes → 422.
 */
export async function checkArea(db: Db, a: { provinceCode: string; districtCode?: string | null | undefined; subdistrictCode?: string | null | undefined }): Promise<Area> {
  await checkProvince(db, a.provinceCode);
  let districtCode = a.districtCode ?? null;
  const subdistrictCode = a.subdistrictCode ?? null;
  if (subdistrictCode) {
    const [s] = await db.select({ d: subdistricts.districtCode }).from(subdistricts).where(eq(subdistricts.code, subdistrictCode)).limit(1);
    if (!s || (districtCode && s.d.trim() !== districtCode) || !s.d.startsWith(a.provinceCode)) {
      throw new AppError('UNKNOWN_SUBDISTRICT', [{ path: 'subdistrictCode', message: 'unknown sub-district, or not in the district' }]);
    }
    districtCode = s.d.trim();
  }
  if (districtCode) {
    const [d] = await db.select({ p: districts.provinceCode }).from(districts).where(eq(districts.code, districtCode)).limit(1);
    if (!d || d.p.trim() !== a.provinceCode) throw new AppError('UNKNOWN_DISTRICT', [{ path: 'districtCode', message: 'unknown district, or not in the province' }]);
  }
  return { provinceCode: a.provinceCode, districtCode, subdistrictCode };
}

/** A unique index refused the row (SQLSTATE 23505), on the error or its cause (drizzle wraps the driver's). */
export function isUniqueViolation(err: unknown): boolean {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 3; depth++, e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** Version-checked update outcome: the row, or a 409 (stale version) after a 404 check by the caller. */
export function staleUnless<T>(row: T | undefined): T {
  if (!row) throw new AppError('STALE_VERSION');
  return row;
}
