import { toCsv } from '../../platform/tabular.js';
import { z } from 'zod';
import {
  htcdsOrgType, measures as allMeasures, services as allServices, type Contact, type ContactCreate, type ContactUpdate,
  type CoverageQuery, type MapQuery, type OrganisationService, type OrganisationServiceCreate, type OrganisationServiceUpdate,
  type Partner, type PartnerProfileUpdate, type PartnerSearchQuery,
} from '../../../contracts/network.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../platform/access/actor.js';
import { canManagePartner } from '../../platform/access/scope.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { isoOrNull } from '../../platform/pagination.js';
import { provinceExists } from '../organisations/organisations.repository.js';
import { segmentWords } from '../reports/segment.js';
import { textArray } from '../../db/client.js';
import * as repo from './network.repository.js';

const toService = (s: repo.ServiceRow): OrganisationService => ({
  id: s.id, organisationId: s.organisationId, service: s.service as OrganisationService['service'],
  acceptsSexes: s.acceptsSexes as OrganisationService['acceptsSexes'], minAge: s.minAge, maxAge: s.maxAge,
  nationalities: s.nationalities, acceptsDisability: s.acceptsDisability, capacityTotal: s.capacityTotal,
  capacityFree: s.capacityFree, capacityUpdatedAt: isoOrNull(s.capacityUpdatedAt), hours: s.hours,
  available24h: s.available24h, languages: s.languages, notes: s.notes, version: s.version,
});

const toContact = (c: repo.ContactRow): Contact => ({
  id: c.id, organisationId: c.organisationId, name: c.name, role: c.role, officePhone: c.officePhone, mobile: c.mobile,
  lineId: c.lineId, email: c.email, urgent24h: c.urgent24h, version: c.version,
});

function toPartner(o: repo.OrganisationRow, services: repo.ServiceRow[], areas: { provinceCode: string; districtCode: string | null; subdistrictCode: string | null }[], canEdit = false): Partner {
  return {
    id: o.id, nameTh: o.nameTh, nameEn: o.nameEn, sector: o.sector,
    htcdsOrgType: htcdsOrgType[o.sector as keyof typeof htcdsOrgType] ?? 'Other', level: o.level,
    provinceCode: o.provinceCode?.trim() ?? null, parentId: o.parentId, measures: o.measures as Partner['measures'],
    address: o.address, latitude: o.latitude, longitude: o.longitude,
    areas: areas.map((a) => ({ provinceCode: a.provinceCode.trim(), districtCode: a.districtCode?.trim() ?? null, subdistrictCode: a.subdistrictCode?.trim() ?? null })),
    services: services.map(toService), canEdit, version: o.version,
  };
}

const ranks = ['same_district', 'same_province', 'neighbouring_province', 'national', 'elsewhere'] as const;

export function createNetworkService({ database }: AppDeps) {
  const db = database.db;

  async function getPartnerRow(id: string) {
    const o = await repo.findOrganisation(db, id);
    if (!o || !o.active) throw new AppError('ORGANISATION_NOT_FOUND');
    return o;
  }

  async function managed(actor: Actor, organisationId: string) {
    const o = await getPartnerRow(organisationId);
    if (!canManagePartner(actor, o)) throw new AppError('FORBIDDEN');
    return o;
  }

  async function checkCodes(nationalities: string[] | undefined, languages: string[] | undefined) {
    for (const n of nationalities ?? []) {
      if (!(await repo.countryExists(db, n))) {
        throw new AppError('UNKNOWN_COUNTRY', [{ path: 'nationalities', message: `unknown country ${n}` }]);
      }
    }
    const out: string[] = [];
    for (const l of languages ?? []) {
      const code = await repo.languageCode(db, l);
      if (!code) throw new AppError('VALIDATION_FAILED', [{ path: 'languages', message: `unknown language ${l}` }]);
      out.push(code);
    }
    return out;
  }

  async function checkAreas(areas: z.infer<typeof PartnerProfileUpdate>['areas']) {
    for (const [i, a] of (areas ?? []).entries()) {
      if (!(await provinceExists(db, a.provinceCode))) throw new AppError('UNKNOWN_PROVINCE', [{ path: `areas.${i}.provinceCode`, message: 'unknown province' }]);
      if (a.districtCode) {
        if ((await repo.provinceOfDistrict(db, a.districtCode)) !== a.provinceCode) throw new AppError('UNKNOWN_DISTRICT', [{ path: `areas.${i}.districtCode`, message: 'district not in the province' }]);
      }
      if (a.subdistrictCode) {
        if (!a.districtCode || (await repo.districtOfSubdistrict(db, a.subdistrictCode)) !== a.districtCode) throw new AppError('UNKNOWN_DISTRICT', [{ path: `areas.${i}.subdistrictCode`, message: 'sub-district not in the district' }]);
      }
    }
  }

  /** Contact reads are not anonymous: one audit entry names every partner whose contacts were shown. */
  async function auditContactRead(ctx: AuditContext, orgIds: string[], via: string) {
    if (orgIds.length) await writeAudit(db, ctx, { action: 'network.contacts_viewed', targetType: 'organisation', targetId: orgIds.length === 1 ? orgIds[0] : undefined, details: { organisations: orgIds, via } });
  }

  return {
    async search(q: z.infer<typeof PartnerSearchQuery>, ctx: AuditContext) {
      const language = q.language ? await repo.languageCode(db, q.language) : undefined;
      if (q.language && !language) throw new AppError('VALIDATION_FAILED', [{ path: 'query.language', message: 'unknown language' }]);
      if (q.district && (!q.province || !q.district.startsWith(q.province))) {
        throw new AppError('UNKNOWN_DISTRICT', [{ path: 'query.district', message: 'district not in the province' }]);
      }
      if (q.province && !(await provinceExists(db, q.province))) throw new AppError('UNKNOWN_PROVINCE', [{ path: 'query.province', message: 'unknown province' }]);
      const qSegmented = q.q ? segmentWords(q.q) || undefined : undefined;
      const hits = await repo.searchPartners(db, { ...q, language }, qSegmented);
      const ids = hits.map((h) => h.id);
      const [orgs, svcs, urgent] = await Promise.all([
        repo.organisationsByIds(db, ids), repo.servicesOf(db, ids), q.withContacts ? repo.contactsOf(db, ids, true) : Promise.resolve([]),
      ]);
      const byId = new Map(orgs.map((o) => [o.id, o]));
      const items = hits.map((h) => {
        const o = byId.get(h.id)!;
        const all = svcs.filter((s) => s.organisationId === h.id);
        const matching = h.service_ids === null ? [] : textArray(h.service_ids);
        const { areas: _areas, canEdit: _canEdit, ...partner } = toPartner(o, all, []);
        void _areas;
        void _canEdit;
        const contact = urgent.find((c) => c.organisationId === h.id);
        return {
          partner,
          rank: ranks[h.tier] ?? 'elsewhere',
          textScore: Math.round(Number(h.text_score) * 100) / 100,
          matchingServices: all.filter((s) => matching.includes(s.id)).map(toService),
          urgentContact: contact ? toContact(contact) : null,
        };
      });
      await auditContactRead(ctx, items.filter((i) => i.urgentContact).map((i) => i.partner.id), 'search');
      return { items };
    },

    async partner(actor: Actor, id: string) {
      const o = await getPartnerRow(id);
      const [svcs, areas] = await Promise.all([repo.servicesOf(db, [id]), repo.areasOf(db, [id])]);
      return toPartner(o, svcs, areas, canManagePartner(actor, o));
    },

    async contacts(id: string, ctx: AuditContext) {
      await getPartnerRow(id);
      const rows = await repo.contactsOf(db, [id]);
      await auditContactRead(ctx, [id], 'partner');
      return { items: rows.map(toContact) };
    },

    async updateProfile(actor: Actor, id: string, input: z.infer<typeof PartnerProfileUpdate>, ctx: AuditContext) {
      await managed(actor, id);
      await checkAreas(input.areas);
      const { version, areas, ...changes } = input;
      return db.transaction(async (trx) => {
        const row = await repo.updateOrganisationProfile(trx, id, version, changes);
        if (!row) throw new AppError('STALE_VERSION');
        if (areas) await repo.replaceAreas(trx, id, areas);
        await writeAudit(trx, ctx, { action: 'network.partner_updated', targetType: 'organisation', targetId: id, details: { fields: Object.keys(input).filter((k) => k !== 'version') } });
        return toPartner(row, await repo.servicesOf(trx, [id]), await repo.areasOf(trx, [id]), true);
      });
    },

    async addService(actor: Actor, orgId: string, input: z.infer<typeof OrganisationServiceCreate>, ctx: AuditContext) {
      await managed(actor, orgId);
      const langs = await checkCodes(input.nationalities, input.languages);
      return db.transaction(async (trx) => {
        const row = await repo.insertService(trx, {
          ...input, languages: langs, organisationId: orgId,
          capacityUpdatedAt: input.capacityFree !== undefined || input.capacityTotal !== undefined ? new Date() : null,
        });
        await writeAudit(trx, ctx, { action: 'network.service_added', targetType: 'organisation_service', targetId: row.id, details: { organisationId: orgId, service: input.service } });
        return toService(row);
      });
    },

    async updateService(actor: Actor, serviceId: string, input: z.infer<typeof OrganisationServiceUpdate>, ctx: AuditContext) {
      const current = await repo.findService(db, serviceId);
      if (!current) throw new AppError('NOT_FOUND');
      await managed(actor, current.organisationId);
      const langs = input.languages ? await checkCodes(undefined, input.languages) : undefined;
      await checkCodes(input.nationalities, undefined);
      const { version, ...changes } = input;
      const free = changes.capacityFree === undefined ? current.capacityFree : changes.capacityFree;
      const total = changes.capacityTotal === undefined ? current.capacityTotal : changes.capacityTotal;
      if (free != null && total != null && free > total) throw new AppError('VALIDATION_FAILED', [{ path: 'capacityFree', message: 'free places cannot exceed the total' }]);
      return db.transaction(async (trx) => {
        const row = await repo.updateServiceRow(trx, serviceId, version, {
          ...changes, ...(langs ? { languages: langs } : {}),
          ...(changes.capacityFree !== undefined || changes.capacityTotal !== undefined ? { capacityUpdatedAt: new Date() } : {}),
        });
        if (!row) throw new AppError('STALE_VERSION');
        await writeAudit(trx, ctx, { action: 'network.service_updated', targetType: 'organisation_service', targetId: serviceId, details: { fields: Object.keys(changes) } });
        return toService(row);
      });
    },

    async removeService(actor: Actor, serviceId: string, ctx: AuditContext) {
      const current = await repo.findService(db, serviceId);
      if (!current) throw new AppError('NOT_FOUND');
      await managed(actor, current.organisationId);
      await db.transaction(async (trx) => {
        await repo.deleteService(trx, serviceId);
        await writeAudit(trx, ctx, { action: 'network.service_removed', targetType: 'organisation_service', targetId: serviceId, details: { organisationId: current.organisationId } });
      });
    },

    async addContact(actor: Actor, orgId: string, input: z.infer<typeof ContactCreate>, ctx: AuditContext) {
      await managed(actor, orgId);
      return db.transaction(async (trx) => {
        const row = await repo.insertContact(trx, { ...input, organisationId: orgId });
        await writeAudit(trx, ctx, { action: 'network.contact_added', targetType: 'organisation_contact', targetId: row.id, details: { organisationId: orgId } });
        return toContact(row);
      });
    },

    async updateContact(actor: Actor, contactId: string, input: z.infer<typeof ContactUpdate>, ctx: AuditContext) {
      const current = await repo.findContact(db, contactId);
      if (!current) throw new AppError('NOT_FOUND');
      await managed(actor, current.organisationId);
      const { version, ...changes } = input;
      return db.transaction(async (trx) => {
        const row = await repo.updateContactRow(trx, contactId, version, changes);
        if (!row) throw new AppError('STALE_VERSION');
        await writeAudit(trx, ctx, { action: 'network.contact_updated', targetType: 'organisation_contact', targetId: contactId, details: { fields: Object.keys(changes) } });
        return toContact(row);
      });
    },

    async removeContact(actor: Actor, contactId: string, ctx: AuditContext) {
      const current = await repo.findContact(db, contactId);
      if (!current) throw new AppError('NOT_FOUND');
      await managed(actor, current.organisationId);
      await db.transaction(async (trx) => {
        await repo.deleteContact(trx, contactId);
        await writeAudit(trx, ctx, { action: 'network.contact_removed', targetType: 'organisation_contact', targetId: contactId, details: { organisationId: current.organisationId } });
      });
    },

    async map(q: z.infer<typeof MapQuery>) {
      const rows = await repo.partnersPerProvince(db, q);
      return { items: rows.map((r) => ({ provinceCode: r.province_code.trim(), partners: r.partners })) };
    },

    async coverage(q: z.infer<typeof CoverageQuery>) {
      const columns: string[] = q.by === 'service' ? [...allServices] : [...allMeasures];
      const [cells, provs] = await Promise.all([repo.coverageCounts(db, q.by, q), repo.allProvinces(db)]);
      const counts = new Map(cells.map((c) => [`${c.province_code.trim()}|${c.col}`, c.n]));
      const rows = provs.map((p) => ({ provinceCode: p.code, nameTh: p.nameTh, nameEn: p.nameEn, counts: columns.map((c) => counts.get(`${p.code}|${c}`) ?? 0) }));
      return { columns, rows, gaps: rows.reduce((n, r) => n + r.counts.filter((x) => x === 0).length, 0) };
    },

    coverageCsv(c: { columns: string[]; rows: { provinceCode: string; nameTh: string; nameEn: string; counts: number[] }[] }) {
      return toCsv(['province_code', 'province_th', 'province_en', ...c.columns], c.rows.map((r) => [r.provinceCode, r.nameTh, r.nameEn, ...r.counts]));
    },
  };
}

