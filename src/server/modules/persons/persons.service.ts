import { z } from 'zod';
import type { PersonCreate, PersonIdentity, PersonSummary } from '../../../contracts/person.js';
import type { Page } from '../../../contracts/common.js';
import type { AppDeps } from '../../deps.js';
import { persons } from '../../db/schema/index.js';
import type { Actor } from '../../platform/access/actor.js';
import { scopeCondition } from '../../platform/access/scope.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, pageOf } from '../../platform/pagination.js';
import { provinceExists } from '../organisations/organisations.repository.js';
import * as repo from './persons.repository.js';

const NATIONAL_ID = 'thai-national-id';

/** Act s.4: a child is a person under 18. Unknown when neither birth date nor estimate is recorded. */
export function isChild(birthDate: string | null, estimatedAge: number | null, today = new Date()): boolean | null {
  if (birthDate) {
    const b = new Date(birthDate + 'T00:00:00Z');
    const eighteenth = Date.UTC(b.getUTCFullYear() + 18, b.getUTCMonth(), b.getUTCDate());
    return today.getTime() < eighteenth;
  }
  return estimatedAge === null ? null : estimatedAge < 18;
}

function toSummary(r: repo.PersonRow): PersonSummary {
  return {
    id: r.id,
    organisationId: r.organisationId,
    provinceCode: r.provinceCode?.trim() ?? null,
    sex: r.sex as PersonSummary['sex'],
    birthDate: r.birthDate,
    estimatedAge: r.estimatedAge,
    child: isChild(r.birthDate, r.estimatedAge),
    nationality: r.nationality,
    hasNationalId: r.nationalIdIndex !== null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

const personScope = (actor: Actor) =>
  scopeCondition(actor, {
    organisationId: persons.organisationId,
    provinceCode: persons.provinceCode,
    team: { recordType: 'person', recordId: persons.id },
  });

/**
 * People known to the network. Identity fields are encrypted at rest; reading them needs
 * `person.identity.read` and is audited every time, with the person's id and never the values.
 */
export function createPersonService({ database, cipher }: AppDeps) {
  const db = database.db;

  async function getInScope(actor: Actor, id: string) {
    const row = await repo.findPerson(db, id, personScope(actor));
    if (!row) throw new AppError('PERSON_NOT_FOUND');
    return row;
  }

  return {
    async create(actor: Actor, input: z.infer<typeof PersonCreate>, ctx: AuditContext) {
      if (input.provinceCode && !(await provinceExists(db, input.provinceCode))) {
        throw new AppError('UNKNOWN_PROVINCE', [{ path: 'provinceCode', message: 'unknown province code' }]);
      }
      if (input.nationality && !(await repo.countryExists(db, input.nationality))) {
        throw new AppError('UNKNOWN_COUNTRY', [{ path: 'nationality', message: 'unknown country code' }]);
      }
      return db.transaction(async (trx) => {
        const row = await repo.insertPerson(trx, {
          organisationId: actor.organisationId,
          provinceCode: input.provinceCode ?? actor.provinceCode,
          givenNameEnc: cipher.encryptOpt(input.givenName),
          familyNameEnc: cipher.encryptOpt(input.familyName),
          nationalIdEnc: cipher.encryptOpt(input.nationalId),
          nationalIdIndex: input.nationalId ? cipher.blindIndex(NATIONAL_ID, input.nationalId) : null,
          phoneEnc: cipher.encryptOpt(input.phone),
          addressEnc: cipher.encryptOpt(input.address),
          sex: input.sex,
          birthDate: input.birthDate ?? null,
          estimatedAge: input.estimatedAge ?? null,
          nationality: input.nationality ?? null,
          createdBy: actor.userId,
        });
        await writeAudit(trx, ctx, { action: 'person.created', targetType: 'person', targetId: row.id });
        return toSummary(row);
      });
    },

    async list(actor: Actor, q: Page) {
      const rows = await repo.listPersons(db, { after: decodeCursor(q.cursor), limit: q.limit }, personScope(actor));
      const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
    },

    async get(actor: Actor, id: string, ctx: AuditContext) {
      const row = await getInScope(actor, id);
      await writeAudit(db, ctx, { action: 'person.viewed', targetType: 'person', targetId: id });
      return toSummary(row);
    },

    async identity(actor: Actor, id: string, ctx: AuditContext): Promise<PersonIdentity> {
      const row = await getInScope(actor, id);
      await writeAudit(db, ctx, { action: 'person.identity_viewed', targetType: 'person', targetId: id });
      return {
        givenName: cipher.decryptOpt(row.givenNameEnc),
        familyName: cipher.decryptOpt(row.familyNameEnc),
        nationalId: cipher.decryptOpt(row.nationalIdEnc),
        phone: cipher.decryptOpt(row.phoneEnc),
        address: cipher.decryptOpt(row.addressEnc),
      };
    },

    /** Exact look-up by Thai national ID through the blind index; the ID travels in the body, never the URL. */
    async lookup(actor: Actor, nationalId: string, ctx: AuditContext) {
      const rows = await repo.findByNationalIdIndex(db, cipher.blindIndex(NATIONAL_ID, nationalId), personScope(actor));
      await writeAudit(db, ctx, { action: 'person.lookup', targetType: 'person', details: { matches: rows.length, ids: rows.map((r) => r.id) } });
      return { items: rows.map(toSummary) };
    },
  };
}
