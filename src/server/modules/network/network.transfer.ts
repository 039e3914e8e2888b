import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { levels, sectors } from '../../../contracts/admin.js';
import { htcdsOrgType, importColumns, measures, type ImportRequest } from '../../../contracts/network.js';
import type { AppDeps } from '../../deps.js';
import { organisationContacts, organisationServices, organisations, provinces } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { canManagePartner } from '../../platform/access/scope.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { readTable, toCsv, toXlsx, type Table } from '../../platform/tabular.js';
import { partnerSearchText } from './search-text.js';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_LISTED_ERRORS = 1000;

type RowError = { row: number; column: string; message: string; messageTh: string };
const err = (row: number, column: string, message: string, messageTh: string): RowError => ({ row, column, message, messageTh });

const yes = new Set(['yes', 'y', 'true', '1', 'ใช่', 'x']);
const no = new Set(['no', 'n', 'false', '0', 'ไม่', '']);
const cleanText = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

/**
 * CSV / XLSX import and export of the directory (issue 3). Every row is checked before anything is
 * written; a commit with any bad row writes nothing. Rows name the spreadsheet row (header = 1).
 */
export function createNetworkTransfer({ database }: AppDeps) {
  const db = database.db;

  async function validatePartners(actor: Actor, t: Table) {
    const errors: RowError[] = [];
    const provinceCodes = new Set((await db.select({ c: provinces.code }).from(provinces)).map((p) => p.c));
    const ids = t.rows.map((r) => r.cells.id).filter((v): v is string => !!v);
    const existing = ids.length ? await db.select().from(organisations).where(inArray(organisations.id, ids.filter((v) => z.uuid().safeParse(v).success))) : [];
    const byId = new Map(existing.map((o) => [o.id, o]));
    const out: { row: number; id: string | null; values: typeof organisations.$inferInsert }[] = [];
    const seenNames = new Map<string, number>();
    for (const { row, cells } of t.rows) {
      const before = errors.length;
      const nameTh = cells.name_th ?? '';
      const nameEn = cells.name_en ?? '';
      if (!nameTh) errors.push(err(row, 'name_th', 'required', 'ต้องกรอก'));
      else if (nameTh.length > 300 || !cleanText(nameTh)) errors.push(err(row, 'name_th', 'too long or contains control characters', 'ยาวเกินไปหรือมีอักขระควบคุม'));
      if (!nameEn) errors.push(err(row, 'name_en', 'required', 'ต้องกรอก'));
      else if (nameEn.length > 300 || !cleanText(nameEn)) errors.push(err(row, 'name_en', 'too long or contains control characters', 'ยาวเกินไปหรือมีอักขระควบคุม'));
      const sector = cells.sector ?? '';
      if (!(sectors as readonly string[]).includes(sector)) errors.push(err(row, 'sector', `one of ${sectors.join(', ')}`, `ต้องเป็นค่าใดค่าหนึ่ง: ${sectors.join(', ')}`));
      const level = cells.level ?? '';
      if (!(levels as readonly string[]).includes(level)) errors.push(err(row, 'level', `one of ${levels.join(', ')}`, `ต้องเป็นค่าใดค่าหนึ่ง: ${levels.join(', ')}`));
      const province = cells.province_code || null;
      const unknownProvince = !!province && !provinceCodes.has(province);
      if (unknownProvince) errors.push(err(row, 'province_code', 'unknown province code', 'ไม่มีรหัสจังหวัดนี้'));
      const ms = (cells.measures ?? '').split(/[;,]/).map((m) => m.trim()).filter(Boolean);
      const badMeasure = ms.find((m) => !(measures as readonly string[]).includes(m));
      if (badMeasure) errors.push(err(row, 'measures', `unknown measure "${badMeasure.slice(0, 40)}"`, `ไม่มีมาตรการ "${badMeasure.slice(0, 40)}"`));
      const lat = cells.latitude ? Number(cells.latitude) : null;
      const lon = cells.longitude ? Number(cells.longitude) : null;
      if (lat !== null && !(lat >= 5 && lat <= 21)) errors.push(err(row, 'latitude', 'a latitude in Thailand (5–21)', 'ละติจูดในประเทศไทย (5–21)'));
      if (lon !== null && !(lon >= 97 && lon <= 106)) errors.push(err(row, 'longitude', 'a longitude in Thailand (97–106)', 'ลองจิจูดในประเทศไทย (97–106)'));
      const address = cells.address || null;
      if (address && (address.length > 1000 || !cleanText(address))) errors.push(err(row, 'address', 'too long', 'ยาวเกินไป'));
      let id: string | null = null;
      if (cells.id) {
        const o = byId.get(cells.id);
        if (!o) errors.push(err(row, 'id', 'no partner has this id (leave it empty to add a new partner)', 'ไม่พบหน่วยงานตามรหัสนี้ (เว้นว่างเพื่อเพิ่มหน่วยงานใหม่)'));
        else {
          id = o.id;
          if (!canManagePartner(actor, o)) errors.push(err(row, 'id', 'you may not change this partner', 'ท่านไม่มีสิทธิ์แก้ไขหน่วยงานนี้'));
          // A partner's province is its users' and tokens' scope (none: national), so moving one is for
          // whoever manages the province it goes to as well (a national network manager).
          else if (!unknownProvince && (o.provinceCode?.trim() ?? null) !== province && !canManagePartner(actor, { id: '', provinceCode: province })) {
            errors.push(err(row, 'province_code', 'moving this partner to that province is outside the provinces you manage', 'การย้ายหน่วยงานนี้ไปจังหวัดดังกล่าวอยู่นอกจังหวัดที่ท่านดูแล'));
          }
        }
      }
      // A provincial manager imports into its own province only.
      if (!cells.id && !unknownProvince && !canManagePartner(actor, { id: '', provinceCode: province })) {
        errors.push(err(row, 'province_code', 'outside the provinces you manage', 'อยู่นอกจังหวัดที่ท่านดูแล'));
      }
      const key = `${nameTh}|${province ?? ''}`;
      if (nameTh && seenNames.has(key)) errors.push(err(row, 'name_th', `same partner as row ${seenNames.get(key)}`, `ซ้ำกับแถวที่ ${seenNames.get(key)}`));
      else seenNames.set(key, row);
      if (errors.length === before) {
        out.push({ row, id, values: { nameTh, nameEn, sector, level, provinceCode: province, measures: ms, address, latitude: lat, longitude: lon, searchText: partnerSearchText(nameTh, nameEn) } });
      }
    }
    return { errors, valid: out };
  }

  async function validateContacts(actor: Actor, t: Table) {
    const errors: RowError[] = [];
    const out: { row: number; values: typeof organisationContacts.$inferInsert }[] = [];
    const orgCache = new Map<string, typeof organisations.$inferSelect | null>();
    const phone = /^\+?[0-9 ()-]{3,20}$/;
    for (const { row, cells } of t.rows) {
      const before = errors.length;
      let org: typeof organisations.$inferSelect | null = null;
      const key = cells.organisation_id || `name:${cells.organisation_name_th ?? ''}`;
      if (orgCache.has(key)) org = orgCache.get(key)!;
      else {
        if (cells.organisation_id) {
          org = z.uuid().safeParse(cells.organisation_id).success
            ? (await db.select().from(organisations).where(eq(organisations.id, cells.organisation_id)).limit(1))[0] ?? null : null;
        } else if (cells.organisation_name_th) {
          const found = await db.select().from(organisations).where(eq(organisations.nameTh, cells.organisation_name_th)).limit(2);
          org = found.length === 1 ? found[0]! : null;
        }
        orgCache.set(key, org);
      }
      if (!org) errors.push(err(row, cells.organisation_id ? 'organisation_id' : 'organisation_name_th', 'no single partner matches', 'ไม่พบหน่วยงานที่ตรงกันเพียงหนึ่งเดียว'));
      else if (!canManagePartner(actor, org)) errors.push(err(row, 'organisation_id', 'you may not change this partner', 'ท่านไม่มีสิทธิ์แก้ไขหน่วยงานนี้'));
      const name = cells.name ?? '';
      if (!name) errors.push(err(row, 'name', 'required', 'ต้องกรอก'));
      else if (name.length > 200 || !cleanText(name)) errors.push(err(row, 'name', 'too long', 'ยาวเกินไป'));
      for (const c of ['office_phone', 'mobile'] as const) {
        if (cells[c] && !phone.test(cells[c]!)) errors.push(err(row, c, 'digits, spaces, + ( ) - only', 'ตัวเลข ช่องว่าง + ( ) - เท่านั้น'));
      }
      if (cells.line_id && !/^[A-Za-z0-9._@-]{1,50}$/.test(cells.line_id)) errors.push(err(row, 'line_id', 'letters, digits, . _ - @ only', 'ตัวอักษร ตัวเลข . _ - @ เท่านั้น'));
      if (cells.email && !z.email().safeParse(cells.email).success) errors.push(err(row, 'email', 'not an e-mail address', 'ไม่ใช่อีเมล'));
      const urgent = (cells.urgent_24h ?? '').toLowerCase();
      if (!yes.has(urgent) && !no.has(urgent)) errors.push(err(row, 'urgent_24h', 'yes or no', 'ใช่ หรือ ไม่'));
      if (errors.length === before && org) {
        out.push({ row, values: {
          organisationId: org.id, name, role: cells.role || null, officePhone: cells.office_phone || null, mobile: cells.mobile || null,
          lineId: cells.line_id || null, email: cells.email || null, urgent24h: yes.has(urgent),
        } });
      }
    }
    return { errors, valid: out };
  }

  function decode(input: z.infer<typeof ImportRequest>): Buffer {
    const data = Buffer.from(input.fileBase64, 'base64');
    if (data.length > MAX_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    return data;
  }

  function checkColumns(kind: 'partners' | 'contacts', t: Table) {
    const expected = importColumns[kind] as readonly string[];
    const unknown = t.columns.filter((c) => c && !expected.includes(c));
    const missing = kind === 'partners'
      ? ['name_th', 'name_en', 'sector', 'level'].filter((c) => !t.columns.includes(c))
      : ['name'].filter((c) => !t.columns.includes(c));
    if (kind === 'contacts' && !t.columns.includes('organisation_id') && !t.columns.includes('organisation_name_th')) missing.push('organisation_id');
    if (unknown.length || missing.length) {
      throw new AppError('VALIDATION_FAILED', [
        ...missing.map((c) => ({ path: `file.${c}`, message: 'missing column' })),
        ...unknown.map((c) => ({ path: `file.${c}`, message: `unknown column (expected: ${expected.join(', ')})` })),
      ]);
    }
  }

  async function run(actor: Actor, input: z.infer<typeof ImportRequest>, commit: boolean, ctx: AuditContext) {
    const t = await readTable(input.format, decode(input));
    checkColumns(input.kind, t);
    const report = {
      kind: input.kind, rows: t.rows.length, valid: 0, errorCount: 0, errors: [] as RowError[],
      preview: [] as Record<string, string>[], created: 0, updated: 0, committed: false,
    };
    if (input.kind === 'partners') {
      const v = await validatePartners(actor, t);
      Object.assign(report, { valid: v.valid.length, errorCount: v.errors.length, errors: v.errors.slice(0, MAX_LISTED_ERRORS) });
      report.preview = t.rows.slice(0, 20).map((r) => r.cells);
      if (commit && v.errors.length === 0) {
        await db.transaction(async (trx) => {
          for (const p of v.valid) {
            if (p.id) {
              await trx.update(organisations).set({ ...p.values, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` }).where(eq(organisations.id, p.id));
              report.updated++;
            } else {
              const same = await trx.select({ id: organisations.id }).from(organisations)
                .where(and(eq(organisations.nameTh, p.values.nameTh), p.values.provinceCode ? eq(organisations.provinceCode, p.values.provinceCode) : isNull(organisations.provinceCode))).limit(1);
              if (same[0]) {
                // Importing the same file twice updates; it never duplicates a partner.
                await trx.update(organisations).set({ ...p.values, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` }).where(eq(organisations.id, same[0].id));
                report.updated++;
              } else {
                await trx.insert(organisations).values(p.values);
                report.created++;
              }
            }
          }
          await writeAudit(trx, ctx, { action: 'network.imported', details: { kind: 'partners', rows: t.rows.length, created: report.created, updated: report.updated } });
        });
        report.committed = true;
      }
    } else {
      const v = await validateContacts(actor, t);
      Object.assign(report, { valid: v.valid.length, errorCount: v.errors.length, errors: v.errors.slice(0, MAX_LISTED_ERRORS) });
      report.preview = t.rows.slice(0, 20).map((r) => r.cells);
      if (commit && v.errors.length === 0) {
        await db.transaction(async (trx) => {
          for (const c of v.valid) {
            const same = await trx.select({ id: organisationContacts.id }).from(organisationContacts)
              .where(and(eq(organisationContacts.organisationId, c.values.organisationId), eq(organisationContacts.name, c.values.name))).limit(1);
            if (same[0]) {
              await trx.update(organisationContacts).set({ ...c.values, version: sql`${organisationContacts.version} + 1`, updatedAt: sql`now()` }).where(eq(organisationContacts.id, same[0].id));
              report.updated++;
            } else {
              await trx.insert(organisationContacts).values(c.values);
              report.created++;
            }
          }
          await writeAudit(trx, ctx, { action: 'network.imported', details: { kind: 'contacts', rows: t.rows.length, created: report.created, updated: report.updated } });
        });
        report.committed = true;
      }
    }
    if (commit && !report.committed) throw new AppError('IMPORT_HAS_ERRORS', undefined, undefined, { report });
    return report;
  }

  /** The directory as a table: national roles export everything; provincial ones their province and national partners. */
  async function directory(actor: Actor, ctx: AuditContext, withContacts: boolean) {
    const scope = actor.scope === 'national' || !actor.provinceCode
      ? undefined
      : sql`(${organisations.provinceCode} = ${actor.provinceCode} OR ${organisations.provinceCode} IS NULL)`;
    const orgs = await db.select().from(organisations).where(and(eq(organisations.active, true), scope)).orderBy(organisations.provinceCode, organisations.nameTh);
    const ids = orgs.map((o) => o.id);
    const svcs = ids.length ? await db.select({ o: organisationServices.organisationId, s: organisationServices.service }).from(organisationServices).where(inArray(organisationServices.organisationId, ids)) : [];
    const svcBy = new Map<string, string[]>();
    for (const s of svcs) svcBy.set(s.o, [...(svcBy.get(s.o) ?? []), s.s]);
    if (!withContacts) {
      await writeAudit(db, ctx, { action: 'network.exported', details: { kind: 'partners', rows: orgs.length } });
      return {
        columns: ['id', 'name_th', 'name_en', 'sector', 'htcds_org_type', 'level', 'province_code', 'measures', 'address', 'latitude', 'longitude', 'services'],
        rows: orgs.map((o) => [o.id, o.nameTh, o.nameEn, o.sector, htcdsOrgType[o.sector as keyof typeof htcdsOrgType] ?? 'Other', o.level,
          o.provinceCode?.trim() ?? '', o.measures.join(';'), o.address, o.latitude, o.longitude, [...new Set(svcBy.get(o.id) ?? [])].join(';')]),
      };
    }
    const contacts = ids.length ? await db.select().from(organisationContacts).where(inArray(organisationContacts.organisationId, ids)).orderBy(organisationContacts.name) : [];
    const orgBy = new Map(orgs.map((o) => [o.id, o]));
    await writeAudit(db, ctx, { action: 'network.exported', details: { kind: 'contacts', rows: contacts.length } });
    return {
      columns: ['organisation_id', 'organisation_name_th', 'name', 'role', 'office_phone', 'mobile', 'line_id', 'email', 'urgent_24h'],
      rows: contacts.map((c) => [c.organisationId, orgBy.get(c.organisationId)?.nameTh ?? '', c.name, c.role, c.officePhone, c.mobile, c.lineId, c.email, c.urgent24h ? 'yes' : 'no']),
    };
  }

  return {
    preview: (actor: Actor, input: z.infer<typeof ImportRequest>, ctx: AuditContext) => run(actor, input, false, ctx),
    commit: (actor: Actor, input: z.infer<typeof ImportRequest>, ctx: AuditContext) => run(actor, input, true, ctx),
    async export(actor: Actor, kind: 'partners' | 'contacts', format: 'csv' | 'xlsx', ctx: AuditContext) {
      const t = await directory(actor, ctx, kind === 'contacts');
      return format === 'csv' ? toCsv(t.columns, t.rows) : toXlsx(kind, t.columns, t.rows);
    },
  };
}
