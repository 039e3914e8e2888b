import { z } from 'zod';
import type { Organisation, OrganisationCreate, OrganisationQuery, OrganisationUpdate } from '../../../contracts/admin.js';
import type { AppDeps } from '../../deps.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import * as repo from './organisations.repository.js';
import { partnerSearchText } from '../network/search-text.js';

export function toOrganisation(r: repo.OrganisationRow): Organisation {
  return {
    id: r.id,
    nameTh: r.nameTh,
    nameEn: r.nameEn,
    sector: r.sector as Organisation['sector'],
    level: r.level as Organisation['level'],
    provinceCode: r.provinceCode?.trim() ?? null,
    parentId: r.parentId,
    active: r.active,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The organisation directory is visible to every signed-in network member; only administrators change it. */
export function createOrganisationService({ database }: AppDeps) {
  const db = database.db;

  async function checkRefs(provinceCode: string | null | undefined, parentId: string | null | undefined, selfId?: string) {
    if (provinceCode && !(await repo.provinceExists(db, provinceCode))) {
      throw new AppError('UNKNOWN_PROVINCE', [{ path: 'provinceCode', message: 'unknown province code' }]);
    }
    if (parentId) {
      if (parentId === selfId || !(await repo.findOrganisation(db, parentId))) {
        throw new AppError('UNKNOWN_ORGANISATION', [{ path: 'parentId', message: 'unknown organisation' }]);
      }
    }
  }

  return {
    async list(q: z.infer<typeof OrganisationQuery>) {
      const rows = await repo.listOrganisations(db, { q: q.q, provinceCode: q.provinceCode, after: decodeCursor(q.cursor), limit: q.limit });
      const page = pageOf(rows, q.limit, (r) => [r.nameTh, r.id]);
      return { items: page.items.map(toOrganisation), nextCursor: page.nextCursor };
    },

    async get(id: string) {
      const row = await repo.findOrganisation(db, id);
      if (!row) throw new AppError('ORGANISATION_NOT_FOUND');
      return toOrganisation(row);
    },

    async create(input: z.infer<typeof OrganisationCreate>, ctx: AuditContext) {
      await checkRefs(input.provinceCode, input.parentId);
      return db.transaction(async (trx) => {
        const row = await repo.insertOrganisation(trx, {
          ...input, provinceCode: input.provinceCode ?? null, parentId: input.parentId ?? null,
          searchText: partnerSearchText(input.nameTh, input.nameEn),
        });
        await writeAudit(trx, ctx, { action: 'organisation.created', targetType: 'organisation', targetId: row.id });
        return toOrganisation(row);
      });
    },

    async update(id: string, input: z.infer<typeof OrganisationUpdate>, ctx: AuditContext) {
      const { version, ...changes } = input;
      await checkRefs(changes.provinceCode, changes.parentId, id);
      return db.transaction(async (trx) => {
        const before = changes.nameTh !== undefined || changes.nameEn !== undefined ? await repo.findOrganisation(trx, id) : undefined;
        const searchText = before ? { searchText: partnerSearchText(changes.nameTh ?? before.nameTh, changes.nameEn ?? before.nameEn) } : {};
        const row = await repo.updateOrganisation(trx, id, version, { ...changes, ...searchText });
        if (!row) {
          if (!(await repo.findOrganisation(trx, id))) throw new AppError('ORGANISATION_NOT_FOUND');
          throw new AppError('STALE_VERSION');
        }
        await writeAudit(trx, ctx, {
          action: 'organisation.updated', targetType: 'organisation', targetId: id, details: { fields: Object.keys(changes) },
        });
        return toOrganisation(row);
      });
    },
  };
}
