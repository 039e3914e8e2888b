import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import {
  planServiceInfo, type CaseService, type CaseServiceCreate, type CaseServiceUpdate, type PlanService,
} from '../../../contracts/referral.js';
import type { CaseAccess } from '../../../contracts/case.js';
import type { AppDeps } from '../../deps.js';
import { caseServices, organisations, referrals } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { loadCase, personCondition, personParts, requireOpen, requirePart, requirePerson } from './cases.access.js';
import { bumpCase, recordCaseChange } from './cases.activity.js';
import { findVictim } from './consents.service.js';
import { acceptedReferralsSharing } from './referrals.service.js';

type ServiceRow = typeof caseServices.$inferSelect;
interface Dates { plannedStart: string | null; plannedEnd: string | null; actualStart: string | null; actualEnd: string | null }

/** Today in Thailand, where the services are given: an actual date is compared with the local day. */
const todayInThailand = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

function checkDates(d: Dates): void {
  const bad = (path: string, message: string) => { throw new AppError('DATES_OUT_OF_ORDER', [{ path, message }]); };
  if (d.plannedStart && d.plannedEnd && d.plannedEnd < d.plannedStart) bad('plannedEnd', 'the planned end is before the planned start');
  if (d.actualEnd && !d.actualStart) bad('actualStart', 'an actual end needs an actual start');
  if (d.actualStart && d.actualEnd && d.actualEnd < d.actualStart) bad('actualEnd', 'the actual end is before the actual start');
  const today = todayInThailand();
  if (d.actualStart && d.actualStart > today) bad('actualStart', 'a service cannot have started in the future');
  if (d.actualEnd && d.actualEnd > today) bad('actualEnd', 'a service cannot have ended in the future');
}

/**
 * The protection plan's services (issue 5, NRM step 4). The case side plans and records all of them;
 * an organisation that accepted a referral sharing the `services` part records the services it gives
 * itself (a shelter: shelter, medical care), and nothing else of the case.
 */
export function createCaseServicesService({ database, cipher }: AppDeps) {
  const db = database.db;

  /** Whether the caller records services of this provider on this case: 403 when it sees the case but may not. */
  async function mayRecord(actor: Actor, caseId: string, access: CaseAccess, providerOrganisationId: string | null): Promise<boolean> {
    if (access.canWrite) return true;
    if (providerOrganisationId !== actor.organisationId) return false;
    return (await acceptedReferralsSharing(db, caseId, actor, 'services')).length > 0;
  }

  async function read(caseId: string, where: SQL | undefined = undefined) {
    return db.select({ s: caseServices, th: organisations.nameTh, en: organisations.nameEn }).from(caseServices)
      .leftJoin(organisations, eq(organisations.id, caseServices.providerOrganisationId))
      .where(and(eq(caseServices.caseId, caseId), where))
      .orderBy(asc(caseServices.createdAt), asc(caseServices.id));
  }

  function toService(x: { s: ServiceRow; th: string | null; en: string | null }, canEdit: boolean): CaseService {
    const s = x.s;
    const service = s.service as PlanService;
    return {
      id: s.id, caseId: s.caseId, casePersonId: s.casePersonId, service, htcdsType: planServiceInfo[service].htcds,
      providerOrganisationId: s.providerOrganisationId, providerNameTh: x.th, providerNameEn: x.en, referralId: s.referralId,
      plannedStart: s.plannedStart, plannedEnd: s.plannedEnd, actualStart: s.actualStart, actualEnd: s.actualEnd,
      status: s.status as CaseService['status'], outcome: cipher.decryptOpt(s.outcomeEnc), canEdit, version: s.version,
      createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
    };
  }

  async function readOne(caseId: string, id: string, canEdit: boolean): Promise<CaseService> {
    const [x] = await read(caseId, eq(caseServices.id, id));
    if (!x) throw new AppError('CASE_SERVICE_NOT_FOUND');
    return toService(x, canEdit);
  }

  return {
    async add(actor: Actor, caseId: string, input: CaseServiceCreate, ctx: AuditContext): Promise<CaseService> {
      const { row, access } = await loadCase(db, actor, caseId);
      let provider = input.providerOrganisationId ?? null;
      if (input.referralId) {
        const [ref] = await db.select().from(referrals)
          .where(and(eq(referrals.id, input.referralId), eq(referrals.caseId, caseId), eq(referrals.kind, 'referral')));
        if (!ref) throw new AppError('REFERRAL_NOT_FOUND', [{ path: 'referralId', message: 'not a referral of this case' }]);
        if (ref.status !== 'accepted' && ref.status !== 'requested') throw new AppError('REFERRAL_NOT_ACTIVE', [{ path: 'referralId', message: `the referral is ${ref.status}` }]);
        provider ??= ref.toOrganisationId;
        if (provider !== ref.toOrganisationId) {
          throw new AppError('VALIDATION_FAILED', [{ path: 'providerOrganisationId', message: 'the provider of a referred service is the referral\'s recipient' }]);
        }
      }
      // A recipient records what it gives itself.
      if (!access.canWrite) provider ??= actor.organisationId;
      if (!(await mayRecord(actor, caseId, access, provider))) throw new AppError('FORBIDDEN');
      // A recipient records services for the victim its referral names (another victim is not in its view: 404).
      if (!requirePerson(access, input.casePersonId, 'casePersonId').includes('services')) throw new AppError('FORBIDDEN');
      requireOpen(row);
      if (provider) {
        const [org] = await db.select({ active: organisations.active }).from(organisations).where(eq(organisations.id, provider));
        if (!org?.active) throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'providerOrganisationId', message: 'no such active organisation' }]);
      }
      await findVictim(db, caseId, input.casePersonId);
      checkDates({
        plannedStart: input.plannedStart ?? null, plannedEnd: input.plannedEnd ?? null,
        actualStart: input.actualStart ?? null, actualEnd: input.actualEnd ?? null,
      });
      const id = await db.transaction(async (trx) => {
        await bumpCase(trx, row, input.version);
        const [s] = await trx.insert(caseServices).values({
          caseId, casePersonId: input.casePersonId, service: input.service, providerOrganisationId: provider, referralId: input.referralId ?? null,
          plannedStart: input.plannedStart ?? null, plannedEnd: input.plannedEnd ?? null,
          actualStart: input.actualStart ?? null, actualEnd: input.actualEnd ?? null,
          status: input.status, outcomeEnc: cipher.encryptOpt(input.outcome), createdBy: actor.userId,
        }).returning({ id: caseServices.id });
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.service_added', part: 'services', targetType: 'case_service', targetId: s!.id,
          details: {
            casePersonId: input.casePersonId, service: input.service, status: input.status, providerOrganisationId: provider,
            referralId: input.referralId ?? null,
          },
        });
        return s!.id;
      });
      return readOne(caseId, id, true);
    },

    async update(actor: Actor, caseId: string, serviceId: string, input: CaseServiceUpdate, ctx: AuditContext): Promise<CaseService> {
      const { row, access } = await loadCase(db, actor, caseId);
      const [current] = await db.select().from(caseServices).where(and(eq(caseServices.id, serviceId), eq(caseServices.caseId, caseId)));
      if (!current || !personParts(access, current.casePersonId)?.includes('services')) {
        // Existence of a service row is part of the services part, for a recipient of the victims it sees:
        // only callers who see it learn about it.
        requirePart(access, 'services');
        throw new AppError('CASE_SERVICE_NOT_FOUND');
      }
      if (!(await mayRecord(actor, caseId, access, current.providerOrganisationId))) throw new AppError('FORBIDDEN');
      requireOpen(row);
      const pick = <K extends keyof Dates>(k: K): string | null => (input[k] !== undefined ? input[k] : current[k]);
      checkDates({ plannedStart: pick('plannedStart'), plannedEnd: pick('plannedEnd'), actualStart: pick('actualStart'), actualEnd: pick('actualEnd') });
      await db.transaction(async (trx) => {
        await bumpCase(trx, row, undefined);
        const [updated] = await trx.update(caseServices).set({
          ...(input.plannedStart !== undefined ? { plannedStart: input.plannedStart } : {}),
          ...(input.plannedEnd !== undefined ? { plannedEnd: input.plannedEnd } : {}),
          ...(input.actualStart !== undefined ? { actualStart: input.actualStart } : {}),
          ...(input.actualEnd !== undefined ? { actualEnd: input.actualEnd } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.outcome !== undefined ? { outcomeEnc: cipher.encryptOpt(input.outcome) } : {}),
          version: sql`${caseServices.version} + 1`, updatedAt: new Date(),
        }).where(and(eq(caseServices.id, serviceId), eq(caseServices.version, input.version))).returning({ id: caseServices.id });
        if (!updated) throw new AppError('STALE_VERSION', undefined, undefined, { current: { id: serviceId, version: current.version, status: current.status } });
        await recordCaseChange(trx, ctx, {
          caseId, action: 'case.service_updated', part: 'services', targetType: 'case_service', targetId: serviceId,
          details: { service: current.service, status: input.status ?? current.status, fields: Object.keys(input).filter((k) => k !== 'version') },
        });
      });
      return readOne(caseId, serviceId, true);
    },

    async list(actor: Actor, caseId: string, ctx: AuditContext): Promise<{ items: CaseService[] }> {
      const { access } = await loadCase(db, actor, caseId);
      requirePart(access, 'services');
      const rows = await read(caseId, personCondition(access, 'services', caseServices.casePersonId));
      const recipient = !access.canWrite && (await acceptedReferralsSharing(db, caseId, actor, 'services')).length > 0;
      await writeAudit(db, ctx, { action: 'case.services_viewed', targetType: 'case', targetId: caseId, details: { count: rows.length } });
      return {
        items: rows.map((x) => toService(x, access.canWrite || (recipient && x.s.providerOrganisationId === actor.organisationId))),
      };
    },
  };
}
