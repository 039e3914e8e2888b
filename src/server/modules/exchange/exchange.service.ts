import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { HtcdsCasePage, HtcdsExportQuery } from '../../../contracts/exchange.js';
import type { AppDeps } from '../../deps.js';
import { caseEvents, casePersons, caseServices, cases, persons } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, msOf, pageOf } from '../../platform/pagination.js';
import { fullScope } from '../cases/cases.access.js';
import { everyVictimConsented } from '../cases/consents.service.js';
import { toHtcdsCase, type ExportVictimInput } from './htcds.mapping.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The export's cases: full scope, every victim consented to sharing, updated at or after `since`.
 * Phakhi holds nothing from before 1970: an earlier `since` (even year 0, which PostgreSQL refuses) filters nothing.
 */
function exportedCases(actor: Actor, since: string | undefined) {
  const at = since ? new Date(since) : undefined;
  return and(
    fullScope(actor),
    everyVictimConsented('sharing'),
    at && at.getUTCFullYear() >= 1970 ? sql`${cases.updatedAt} >= ${at.toISOString()}::timestamptz` : undefined,
  );
}

export function createExchangeService({ database, cipher }: AppDeps) {
  const db = database.db;

  return {
    /** How many cases an export with `since` would give (the progress bar of an export job). */
    async countCases(actor: Actor, since: string | undefined): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(exportedCases(actor, since));
      return row?.n ?? 0;
    },

    /**
     * One page of the caller's consented cases as HTCDS records, ordered by the case's updated time then
     * id. Scope is the full-access scope of the case module (organisation / province / national; a
     * referral recipient's partial view is not exported). Identity only with `case.identity.read`,
     * each victim's identity read audited as in the case module; the export itself is audited.
     */
    async exportCases(actor: Actor, q: HtcdsExportQuery, ctx: AuditContext): Promise<HtcdsCasePage> {
      const cur = decodeCursor(q.cursor);
      let curAt: Date | undefined;
      if (cur) {
        curAt = new Date(cur.sortKey);
        const year = curAt.getUTCFullYear();
        if (Number.isNaN(curAt.getTime()) || year < 1970 || year > 9999 || !UUID.test(cur.id)) {
          throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'invalid cursor' }]);
        }
      }
      const withIdentity = actor.permissions.has('case.identity.read');
      const updated = msOf(cases.updatedAt);
      const rows = await db.select({
        id: cases.id, caseNumber: cases.caseNumber, updatedAt: sql<string>`${updated}`.mapWith((v) => new Date(v as string)),
        status: cases.status, closureReason: cases.closureReason, ownerUserId: cases.ownerUserId,
      }).from(cases)
        .where(and(
          exportedCases(actor, q.since),
          curAt ? sql`(${updated}, ${cases.id}) > (${curAt.toISOString()}::timestamptz, ${cur!.id}::uuid)` : undefined,
        ))
        .orderBy(asc(updated), asc(cases.id))
        .limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.updatedAt.toISOString(), r.id]);
      const ids = page.items.map((r) => r.id);

      const victims = ids.length === 0 ? [] : await db.select({ cp: casePersons, p: persons }).from(casePersons)
        .innerJoin(persons, eq(persons.id, casePersons.personId))
        .where(and(inArray(casePersons.caseId, ids), eq(casePersons.role, 'victim')))
        .orderBy(asc(casePersons.createdAt), asc(casePersons.id));
      const cpIds = victims.map((v) => v.cp.id);
      const events = cpIds.length === 0 ? [] : await db.select().from(caseEvents).where(inArray(caseEvents.casePersonId, cpIds))
        .orderBy(asc(caseEvents.eventDate), asc(caseEvents.createdAt));
      const services = cpIds.length === 0 ? [] : await db.select().from(caseServices).where(inArray(caseServices.casePersonId, cpIds))
        .orderBy(asc(caseServices.createdAt), asc(caseServices.id));

      const byCase = new Map<string, ExportVictimInput[]>();
      for (const { cp, p } of victims) {
        const input: ExportVictimInput = {
          casePersonId: cp.id, gender: p.gender, birthDate: p.birthDate, nationality: p.nationality, languages: p.languages,
          traffickingStatus: cp.traffickingStatus, identificationOrgType: cp.identificationOrgType,
          relationshipToTrafficker: cp.relationshipToTrafficker, ageWhenTrafficked: cp.ageWhenTrafficked,
          recruitmentApps: cp.recruitmentApps, recruitmentMethods: cp.recruitmentMethods, meansOfControl: cp.meansOfControl,
          exploitationTypes: cp.exploitationTypes, industry: cp.industry, sexExploitationTypes: cp.sexExploitationTypes,
          exploitationApps: cp.exploitationApps, vulnerabilities: cp.vulnerabilities,
          events: events.filter((e) => e.casePersonId === cp.id),
          services: services.filter((s) => s.casePersonId === cp.id),
        };
        if (withIdentity) {
          input.identity = {
            givenName: cipher.decryptOpt(p.givenNameEnc),
            familyName: cipher.decryptOpt(p.familyNameEnc),
            identityNumber: cipher.decryptOpt(p.nationalIdEnc) ?? cipher.decryptOpt(p.documentNumberEnc),
            phone: cipher.decryptOpt(p.phoneEnc),
            address: cipher.decryptOpt(p.addressEnc),
          };
        }
        const list = byCase.get(cp.caseId) ?? [];
        list.push(input);
        byCase.set(cp.caseId, list);
      }

      await db.transaction(async (trx) => {
        if (withIdentity) {
          for (const { cp, p } of victims) {
            await writeAudit(trx, ctx, {
              action: 'case.person_identity_viewed', targetType: 'person', targetId: p.id,
              details: { caseId: cp.caseId, casePersonId: cp.id, via: 'htcds_export' },
            });
          }
        }
        await writeAudit(trx, ctx, {
          action: 'exchange.htcds_exported', targetType: 'case',
          details: {
            since: q.since ?? null, limit: q.limit, cursor: q.cursor !== undefined, cases: page.items.length,
            persons: victims.length, identity: withIdentity, more: page.nextCursor !== null,
          },
        });
      });

      return { items: page.items.map((c) => toHtcdsCase(c, byCase.get(c.id) ?? [])), nextCursor: page.nextCursor };
    },
  };
}
