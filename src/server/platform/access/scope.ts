import { and, eq, exists, inArray, or, sql, type Column, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { teamMemberships } from '../../db/schema/index.js';
import type { Actor } from './actor.js';

/**
 * Record scope is decided here and nowhere else. A record belongs to an organisation and usually a
 * province, and may have a team (e.g. a case team). The caller sees:
 *  - national: everything;
 *  - province: records of its province, plus its own organisation's, plus teams it is on;
 *  - team: records of teams it is on, plus its own organisation's;
 *  - organisation: its own organisation's records (and teams it is on).
 * Records outside scope are answered 404 by callers (existence is not leaked).
 */
export interface ScopedColumns {
  organisationId: Column;
  provinceCode?: Column;
  /** Record type and id column for team membership look-up (e.g. 'case', cases.id). */
  team?: { recordType: string; recordId: Column };
}

/** The actor's ids a scope condition compares with: its own, or placeholders for a prepared statement. */
export interface ScopeValues {
  organisationId: string | Placeholder;
  provinceCode: string | null | Placeholder;
  userId: string | null | Placeholder;
}

/** Placeholders named after the actor's fields: execute the prepared statement with `scopeValuesOf(actor)`. */
export const scopePlaceholders: ScopeValues = {
  organisationId: sql.placeholder('organisationId'),
  provinceCode: sql.placeholder('provinceCode'),
  userId: sql.placeholder('userId'),
};

export function scopeValuesOf(actor: Actor): Record<keyof ScopeValues, string | null> {
  return { organisationId: actor.organisationId, provinceCode: actor.provinceCode, userId: actor.userId };
}

/**
 * What decides the condition's shape (its values aside): part of a prepared statement's name. It must
 * name every branch scopeCondition takes on the actor; cases.access.test.ts fails when two shapes share one.
 */
export function scopeShape(actor: Actor): string {
  return `${actor.scope}_${actor.provinceCode ? 'p' : 'n'}${actor.userId ? 'u' : 'n'}`;
}

export function scopeCondition(actor: Actor, cols: ScopedColumns, values: ScopeValues = actor): SQL | undefined {
  if (actor.scope === 'national') return undefined;
  const clauses: SQL[] = [eq(cols.organisationId, values.organisationId)];
  if (actor.scope === 'province' && cols.provinceCode && actor.provinceCode) {
    clauses.push(eq(cols.provinceCode, values.provinceCode));
  }
  if (cols.team && actor.userId) {
    clauses.push(
      exists(
        sql`(SELECT 1 FROM ${teamMemberships} WHERE ${and(
          eq(teamMemberships.recordType, cols.team.recordType),
          eq(teamMemberships.recordId, cols.team.recordId),
          eq(teamMemberships.userId, values.userId ?? actor.userId),
        )})`,
      ),
    );
  }
  return or(...clauses);
}

/** Which of the given ids the actor may touch, for callers that hold ids rather than a query. */
export async function idsInScope(
  db: Db,
  actor: Actor,
  table: PgTable,
  idColumn: PgColumn,
  cols: ScopedColumns,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: idColumn })
    .from(table)
    .where(and(inArray(idColumn, [...ids]), scopeCondition(actor, cols)));
  return new Set(rows.map((r) => String(r.id)));
}

/**
 * Province queues (reports): national roles see every queue, including the national one for
 * reports of unknown province; a provincial actor sees its own province's queue; nobody else.
 */
export function provinceQueueCondition(actor: Actor, routedProvince: Column): SQL | undefined {
  if (actor.scope === 'national') return undefined;
  if (actor.scope === 'province' && actor.provinceCode) return eq(routedProvince, actor.provinceCode);
  return sql`false`;
}

/**
 * Who may change a partner's directory entry (profile, services, capacity, contacts): network
 * managers nationally, or in their own province; and a partner's own staff with `partner.self.manage`.
 */
export function canManagePartner(actor: Actor, org: { id: string; provinceCode: string | null }): boolean {
  if (actor.permissions.has('network.manage')) {
    if (actor.scope === 'national') return true;
    if (actor.scope === 'province' && actor.provinceCode && org.provinceCode?.trim() === actor.provinceCode) return true;
  }
  return actor.permissions.has('partner.self.manage') && actor.organisationId === org.id;
}

/**
 * Who may edit the network's structures (issue 3: committees, teams, centres, volunteers): network
 * managers nationally edit any; in a province, only their own province's. National-level structures
 * (the national and coordinating committees; `provinceCode` null) are edited nationally only.
 * Reading is open to every network member (`network.read`).
 */
export function canManageStructure(actor: Actor, provinceCode: string | null): boolean {
  if (!actor.permissions.has('network.manage')) return false;
  if (actor.scope === 'national') return true;
  return actor.scope === 'province' && provinceCode !== null && actor.provinceCode !== null
    && provinceCode.trim() === actor.provinceCode;
}
