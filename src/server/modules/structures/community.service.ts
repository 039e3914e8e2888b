import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  SubdistrictCentreCreate, SubdistrictCentreQuery, SubdistrictCentreUpdate, Volunteer, VolunteerCreate, VolunteerQuery, VolunteerUpdate,
} from '../../../contracts/structures.js';
import type { AppDeps } from '../../deps.js';
import type { Database, Db } from '../../db/client.js';
import { subdistrictCentres, subdistricts, volunteerTrainings, volunteers } from '../../db/schema/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { checkArea, checkOrganisations, code, isUniqueViolation, keysetAfter, keysetOrder, orgRefs, requireManage, staleUnless } from './structures.common.js';

type CentreRow = typeof subdistrictCentres.$inferSelect;
type VolunteerRow = typeof volunteers.$inferSelect;

const centreKey = sql`${subdistrictCentres.subdistrictCode}`;
const volunteerKey = sql`(${volunteers.provinceCode} || coalesce(${volunteers.districtCode}, '0000') || ${volunteers.name})`;

/**
 * Phones written before migration 0015 were stored in clear: encrypts them into the `*_enc` columns and
 * empties the old ones. Runs at start-up after the migrations (the key lives in the application, not in
 * SQL); idempotent, and a no-op once every row is sealed.
 */
export async function sealLegacyContacts(database: Database, cipher: DataCipher): Promise<number> {
  let sealed = 0;
  await database.db.transaction(async (trx) => {
    const vs = await trx.select({ id: volunteers.id, phone: volunteers.phone }).from(volunteers).where(sql`${volunteers.phone} IS NOT NULL`);
    for (const v of vs) {
      await trx.update(volunteers).set({ phoneEnc: cipher.encryptOpt(v.phone), phone: null }).where(eq(volunteers.id, v.id));
    }
    const cs = await trx.select({ id: subdistrictCentres.id, phone: subdistrictCentres.leaderPhone }).from(subdistrictCentres)
      .where(sql`${subdistrictCentres.leaderPhone} IS NOT NULL`);
    for (const c of cs) {
      await trx.update(subdistrictCentres).set({ leaderPhoneEnc: cipher.encryptOpt(c.phone), leaderPhone: null }).where(eq(subdistrictCentres.id, c.id));
    }
    sealed = vs.length + cs.length;
  });
  return sealed;
}

export function createCommunityService({ database, cipher }: AppDeps) {
  const db = database.db;
  const toCentre = (c: CentreRow) => ({
    id: c.id, subdistrictCode: code(c.subdistrictCode)!, districtCode: code(c.districtCode)!, provinceCode: code(c.provinceCode)!,
    nameTh: c.nameTh, nameEn: c.nameEn, leaderName: c.leaderName, leaderPhone: cipher.decryptOpt(c.leaderPhoneEnc) ?? c.leaderPhone,
    active: c.active, version: c.version,
  });

  async function getCentreRow(id: string) {
    const [c] = await db.select().from(subdistrictCentres).where(eq(subdistrictCentres.id, id)).limit(1);
    if (!c) throw new AppError('SUBDISTRICT_CENTRE_NOT_FOUND');
    return c;
  }
  async function getVolunteerRow(id: string) {
    const [v] = await db.select().from(volunteers).where(eq(volunteers.id, id)).limit(1);
    if (!v) throw new AppError('VOLUNTEER_NOT_FOUND');
    return v;
  }

  async function toVolunteers(tx: Db, rows: VolunteerRow[]): Promise<Volunteer[]> {
    const ids = rows.map((r) => r.id);
    const trainings = ids.length ? await tx.select().from(volunteerTrainings).where(inArray(volunteerTrainings.volunteerId, ids))
      .orderBy(volunteerTrainings.completedOn, volunteerTrainings.id) : [];
    const orgs = await orgRefs(tx, rows.map((r) => r.organisationId));
    return rows.map((r) => ({
      id: r.id, name: r.name, provinceCode: code(r.provinceCode)!, districtCode: code(r.districtCode), subdistrictCode: code(r.subdistrictCode),
      phone: cipher.decryptOpt(r.phoneEnc) ?? r.phone, organisation: r.organisationId ? orgs.get(r.organisationId) ?? null : null, active: r.active,
      trainings: trainings.filter((t) => t.volunteerId === r.id).map((t) => ({ name: t.name, completedOn: t.completedOn })), version: r.version,
    }));
  }

  return {
    // ------------------------------------------------------------ sub-district information centres (leaders' names and phones: reads audited)
    async listCentres(q: z.infer<typeof SubdistrictCentreQuery>, ctx: AuditContext) {
      const rows = await db.select({ c: subdistrictCentres, sortKey: sql<string>`(${centreKey})::text` }).from(subdistrictCentres).where(and(
        q.province ? eq(subdistrictCentres.provinceCode, q.province) : undefined,
        q.district ? eq(subdistrictCentres.districtCode, q.district) : undefined,
        keysetAfter(centreKey, subdistrictCentres.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(centreKey, subdistrictCentres.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.c.id]);
      const items = page.items.map((r) => toCentre(r.c));
      await writeAudit(db, ctx, {
        action: 'subdistrict_centre.list_viewed', targetType: 'subdistrict_centre',
        details: { province: q.province ?? null, district: q.district ?? null, count: items.length, centres: items.map((c) => c.id) },
      });
      return { items, nextCursor: page.nextCursor };
    },

    async getCentre(id: string, ctx: AuditContext) {
      const centre = toCentre(await getCentreRow(id));
      await writeAudit(db, ctx, { action: 'subdistrict_centre.viewed', targetType: 'subdistrict_centre', targetId: id });
      return centre;
    },

    async createCentre(actor: Actor, input: z.infer<typeof SubdistrictCentreCreate>, ctx: AuditContext) {
      const [s] = await db.select({ d: subdistricts.districtCode }).from(subdistricts).where(eq(subdistricts.code, input.subdistrictCode)).limit(1);
      if (!s) throw new AppError('UNKNOWN_SUBDISTRICT', [{ path: 'subdistrictCode', message: 'unknown sub-district' }]);
      const districtCode = s.d.trim();
      const provinceCode = districtCode.slice(0, 2);
      requireManage(actor, provinceCode);
      try {
        return await db.transaction(async (trx) => {
          const [row] = await trx.insert(subdistrictCentres).values({
            subdistrictCode: input.subdistrictCode, districtCode, provinceCode, nameTh: input.nameTh, nameEn: input.nameEn ?? null,
            leaderName: input.leaderName, leaderPhoneEnc: cipher.encryptOpt(input.leaderPhone),
          }).returning();
          await writeAudit(trx, ctx, { action: 'subdistrict_centre.created', targetType: 'subdistrict_centre', targetId: row!.id, details: { subdistrictCode: input.subdistrictCode } });
          return toCentre(row!);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('SUBDISTRICT_CENTRE_EXISTS');
        throw err;
      }
    },

    async updateCentre(actor: Actor, id: string, input: z.infer<typeof SubdistrictCentreUpdate>, ctx: AuditContext) {
      const current = await getCentreRow(id);
      requireManage(actor, current.provinceCode);
      const { version, leaderPhone, ...rest } = input;
      const changes = { ...rest, ...(leaderPhone === undefined ? {} : { leaderPhoneEnc: cipher.encryptOpt(leaderPhone), leaderPhone: null }) };
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(subdistrictCentres).set({ ...changes, version: sql`${subdistrictCentres.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(subdistrictCentres.id, id), eq(subdistrictCentres.version, version))).returning())[0]);
        await writeAudit(trx, ctx, { action: 'subdistrict_centre.updated', targetType: 'subdistrict_centre', targetId: id, details: { fields: Object.keys(input).filter((k) => k !== 'version') } });
        return toCentre(row);
      });
    },

    // ------------------------------------------------------------ volunteers (names and phones: reads audited)
    async listVolunteers(q: z.infer<typeof VolunteerQuery>, ctx: AuditContext) {
      const rows = await db.select({ v: volunteers, sortKey: sql<string>`(${volunteerKey})::text` }).from(volunteers).where(and(
        q.province ? eq(volunteers.provinceCode, q.province) : undefined,
        q.district ? eq(volunteers.districtCode, q.district) : undefined,
        q.subdistrict ? eq(volunteers.subdistrictCode, q.subdistrict) : undefined,
        q.active === undefined ? undefined : eq(volunteers.active, q.active),
        keysetAfter(volunteerKey, volunteers.id, decodeCursor(q.cursor)),
      )).orderBy(...keysetOrder(volunteerKey, volunteers.id)).limit(q.limit + 1);
      const page = pageOf(rows, q.limit, (r) => [r.sortKey, r.v.id]);
      const items = await toVolunteers(db, page.items.map((r) => r.v));
      await writeAudit(db, ctx, {
        action: 'volunteer.list_viewed', targetType: 'volunteer',
        details: { province: q.province ?? null, district: q.district ?? null, subdistrict: q.subdistrict ?? null, count: items.length, volunteers: items.map((v) => v.id) },
      });
      return { items, nextCursor: page.nextCursor };
    },

    async getVolunteer(id: string, ctx: AuditContext) {
      const v = (await toVolunteers(db, [await getVolunteerRow(id)]))[0]!;
      await writeAudit(db, ctx, { action: 'volunteer.viewed', targetType: 'volunteer', targetId: id });
      return v;
    },

    async createVolunteer(actor: Actor, input: z.infer<typeof VolunteerCreate>, ctx: AuditContext) {
      const area = await checkArea(db, input);
      requireManage(actor, area.provinceCode);
      await checkOrganisations(db, [{ id: input.organisationId, path: 'organisationId' }]);
      return db.transaction(async (trx) => {
        const [row] = await trx.insert(volunteers).values({
          name: input.name, ...area, phoneEnc: cipher.encryptOpt(input.phone), organisationId: input.organisationId ?? null, active: input.active ?? true,
        }).returning();
        if (input.trainings.length) await trx.insert(volunteerTrainings).values(input.trainings.map((t) => ({ volunteerId: row!.id, ...t })));
        await writeAudit(trx, ctx, { action: 'volunteer.created', targetType: 'volunteer', targetId: row!.id, details: { provinceCode: area.provinceCode } });
        return (await toVolunteers(trx, [row!]))[0]!;
      });
    },

    async updateVolunteer(actor: Actor, id: string, input: z.infer<typeof VolunteerUpdate>, ctx: AuditContext) {
      const current = await getVolunteerRow(id);
      requireManage(actor, current.provinceCode);
      const { version, trainings, provinceCode, districtCode, subdistrictCode, phone, ...rest } = input;
      const changes = { ...rest, ...(phone === undefined ? {} : { phoneEnc: cipher.encryptOpt(phone), phone: null }) };
      const moving = provinceCode !== undefined || districtCode !== undefined || subdistrictCode !== undefined;
      // Moving a volunteer to another area needs the right to edit both.
      // The area given replaces the whole area (a sub-district alone brings its district).
      const area = moving ? await checkArea(db, { provinceCode: provinceCode ?? current.provinceCode.trim(), districtCode, subdistrictCode }) : undefined;
      if (area) requireManage(actor, area.provinceCode);
      await checkOrganisations(db, [{ id: changes.organisationId, path: 'organisationId' }]);
      return db.transaction(async (trx) => {
        const row = staleUnless((await trx.update(volunteers).set({ ...changes, ...(area ?? {}), version: sql`${volunteers.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(volunteers.id, id), eq(volunteers.version, version))).returning())[0]);
        if (trainings) {
          await trx.delete(volunteerTrainings).where(eq(volunteerTrainings.volunteerId, id));
          if (trainings.length) await trx.insert(volunteerTrainings).values(trainings.map((t) => ({ volunteerId: id, ...t })));
        }
        await writeAudit(trx, ctx, { action: 'volunteer.updated', targetType: 'volunteer', targetId: id, details: { fields: Object.keys(input).filter((k) => k !== 'version'), provinceCode: code(row.provinceCode) } });
        return (await toVolunteers(trx, [row]))[0]!;
      });
    },
  };
}
