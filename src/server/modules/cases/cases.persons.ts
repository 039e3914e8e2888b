import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { CasePerson, CasePersonCreate } from '../../../contracts/case.js';
import type { Db } from '../../db/client.js';
import { caseEvents, casePersons, cases, countries, languages, persons } from '../../db/schema/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { isoOrNull } from '../../platform/pagination.js';
import { isChild } from '../persons/persons.service.js';
import { personParts, type ScopedAccess } from './cases.access.js';
import { nameGrams } from './name-grams.js';

export const NATIONAL_ID_INDEX = 'thai-national-id';
export const DOCUMENT_INDEX = 'person-document';
export const normaliseDocument = (n: string) => n.replace(/[\s-]/g, '').toUpperCase();

export type CasePersonRow = typeof casePersons.$inferSelect;
export type PersonRow = typeof persons.$inferSelect;

/** HTCDS gender onto the coarse sex older screens and the reports module use. */
export const sexOfGender = (g: string) => (g === 'Feminine' || g === 'TransgenderFeminine' ? 'female' : g === 'Masculine' || g === 'TransgenderMasculine' ? 'male' : g === 'NonConforming' ? 'other' : 'unknown');

export function ageOf(birthDate: string | null, estimatedAge: number | null, today = new Date()): number | null {
  if (birthDate) {
    const b = new Date(birthDate + 'T00:00:00Z');
    let age = today.getUTCFullYear() - b.getUTCFullYear();
    const m = today.getUTCMonth() - b.getUTCMonth();
    if (m < 0 || (m === 0 && today.getUTCDate() < b.getUTCDate())) age--;
    return age;
  }
  return estimatedAge;
}

/** Codes that must exist in reference data; checked before anything is written. */
export async function checkPersonCodes(db: Db, p: { nationality?: string | null | undefined; languages?: readonly string[] | undefined }, path: string) {
  if (p.nationality) {
    const found = await db.select({ c: countries.alpha3 }).from(countries).where(eq(countries.alpha3, p.nationality)).limit(1);
    if (found.length === 0) throw new AppError('UNKNOWN_COUNTRY', [{ path: `${path}nationality`, message: 'unknown country code' }]);
  }
  const langs = [...new Set(p.languages ?? [])];
  if (langs.length > 0) {
    const found = await db.select({ c: languages.code }).from(languages).where(inArray(languages.code, langs));
    const known = new Set(found.map((f) => f.c));
    const bad = langs.findIndex((l) => !known.has(l));
    if (bad >= 0) throw new AppError('UNKNOWN_LANGUAGE', [{ path: `${path}languages.${bad}`, message: 'unknown language code' }]);
  }
}

/** The `persons` row of a new case person: identity encrypted, name grams and document blind indexes. */
export function personValues(
  cipher: DataCipher, kase: { organisationId: string; provinceCode: string }, p: CasePersonCreate, createdBy: string | null,
): typeof persons.$inferInsert {
  return {
    organisationId: kase.organisationId,
    provinceCode: kase.provinceCode,
    givenNameEnc: cipher.encryptOpt(p.givenName),
    familyNameEnc: cipher.encryptOpt(p.familyName),
    latinNameEnc: cipher.encryptOpt(p.latinName),
    otherNamesEnc: cipher.encryptOpt(p.otherNames),
    nationalIdEnc: cipher.encryptOpt(p.nationalId),
    nationalIdIndex: p.nationalId ? cipher.blindIndex(NATIONAL_ID_INDEX, p.nationalId) : null,
    documentType: p.documentType ?? null,
    documentNumberEnc: cipher.encryptOpt(p.documentNumber),
    documentIndex: p.documentNumber ? cipher.blindIndex(DOCUMENT_INDEX, normaliseDocument(p.documentNumber)) : null,
    phoneEnc: cipher.encryptOpt(p.phone),
    addressEnc: cipher.encryptOpt(p.address),
    nameGrams: nameGrams(cipher, [[p.givenName, p.familyName].filter(Boolean).join(' '), p.latinName, p.otherNames]),
    gender: p.gender,
    sex: sexOfGender(p.gender),
    birthDate: p.birthDate ?? null,
    estimatedAge: p.estimatedAge ?? null,
    nationality: p.nationality ?? null,
    languages: p.languages,
    needsInterpreter: p.needsInterpreter,
    disability: p.disability ?? null,
    vulnerabilities: p.vulnerabilities,
    createdBy,
  };
}

/** Inserts the person (identity encrypted, name grams and document blind indexes) and links it to the case. */
export async function insertCasePerson(
  trx: Db, cipher: DataCipher, kase: { id: string; organisationId: string; provinceCode: string }, p: CasePersonCreate, createdBy: string | null,
  /** The case person's id when the caller chose it (an HTCDS import keeps the sender's id where it is free). */
  casePersonId?: string,
): Promise<CasePersonRow> {
  if (p.guardianOf) {
    const [ward] = await trx.select({ role: casePersons.role }).from(casePersons)
      .where(and(eq(casePersons.id, p.guardianOf), eq(casePersons.caseId, kase.id)));
    if (!ward || ward.role !== 'victim' || p.role !== 'guardian') {
      throw new AppError('GUARDIAN_NOT_VICTIM', [{ path: 'guardianOf', message: 'a guardian is linked to a victim of this case' }]);
    }
  }
  const [person] = await trx.insert(persons).values(personValues(cipher, kase, p, createdBy)).returning();
  const [cp] = await trx.insert(casePersons).values({
    ...(casePersonId ? { id: casePersonId } : {}),
    caseId: kase.id,
    personId: person!.id,
    role: p.role,
    guardianOf: p.guardianOf ?? null,
    relationship: p.relationship ?? null,
  }).returning();
  return cp!;
}

/** Re-derives the case's search columns (children involved, exploitation forms) from its victims. */
export async function refreshCaseDerived(trx: Db, caseId: string): Promise<void> {
  const rows = await trx.select({ birthDate: persons.birthDate, estimatedAge: persons.estimatedAge, types: casePersons.exploitationTypes })
    .from(casePersons).innerJoin(persons, eq(persons.id, casePersons.personId))
    .where(and(eq(casePersons.caseId, caseId), eq(casePersons.role, 'victim')));
  const { involvesChild, exploitationTypes } = derivedOf(rows);
  await trx.update(cases).set({ involvesChild, exploitationTypes }).where(eq(cases.id, caseId));
}

/** What a case shows of its victims: whether one is a child (Act s.4) and their forms of exploitation. */
export function derivedOf(victims: readonly { birthDate: string | null; estimatedAge: number | null; types: readonly string[] }[]) {
  return {
    involvesChild: victims.some((v) => isChild(v.birthDate, v.estimatedAge) === true),
    exploitationTypes: [...new Set(victims.flatMap((v) => v.types))].sort(),
  };
}

type EventRow = typeof caseEvents.$inferSelect;

/** A case person as the caller may see it: demographics always, other sections by the parts it has of this person. */
export function toCasePerson(
  cp: CasePersonRow, p: Omit<PersonRow, 'nameGrams'>, access: ScopedAccess, events: EventRow[], cipher: DataCipher,
): CasePerson {
  const parts = new Set(personParts(access, cp.id) ?? []);
  const out: CasePerson = {
    id: cp.id,
    personId: p.id,
    role: cp.role as CasePerson['role'],
    guardianOf: cp.guardianOf,
    relationship: cp.relationship,
    gender: (p.gender ?? 'NonSpecifiedUnknown') as CasePerson['gender'],
    birthDate: p.birthDate,
    estimatedAge: p.estimatedAge,
    age: ageOf(p.birthDate, p.estimatedAge),
    child: isChild(p.birthDate, p.estimatedAge),
    nationality: p.nationality,
    languages: p.languages,
    needsInterpreter: p.needsInterpreter,
    disability: p.disability,
    vulnerabilities: p.vulnerabilities,
    hasIdentityDocument: p.nationalIdIndex !== null || p.documentIndex !== null,
    traffickingStatus: cp.traffickingStatus as CasePerson['traffickingStatus'],
    version: cp.version,
  };
  if (parts.has('trafficking')) {
    const withIdentity = parts.has('identity');
    out.trafficking = {
      exploitationTypes: cp.exploitationTypes as never,
      meansOfControl: cp.meansOfControl as never,
      recruitmentMethods: cp.recruitmentMethods as never,
      relationshipToTrafficker: cp.relationshipToTrafficker as never,
      industry: cp.industry as never,
      sexExploitationTypes: cp.sexExploitationTypes as never,
      recruitmentApps: cp.recruitmentApps as never,
      exploitationApps: cp.exploitationApps as never,
      ageWhenTrafficked: cp.ageWhenTrafficked,
      events: events.map((e) => ({
        id: e.id,
        type: e.type as 'Recruitment',
        eventDate: e.eventDate,
        country: e.country,
        provinceCode: e.provinceCode?.trim() ?? null,
        districtCode: e.districtCode?.trim() ?? null,
        ...(withIdentity ? { place: cipher.decryptOpt(e.placeEnc), description: cipher.decryptOpt(e.descriptionEnc) } : {}),
        createdAt: e.createdAt.toISOString(),
      })),
    };
  }
  if (parts.has('protection')) {
    const deadline = cp.takenIntoCareAt ? new Date(cp.takenIntoCareAt.getTime() + 24 * 3600_000) : null;
    out.protection = {
      takenIntoCareAt: isoOrNull(cp.takenIntoCareAt),
      custodyDeadline: isoOrNull(cp.custodyExtendedUntil ?? deadline),
      custodyExtendedUntil: isoOrNull(cp.custodyExtendedUntil),
      custodyCourtOrder: cp.custodyCourtOrder,
      temporaryShelterOrganisationId: cp.temporaryShelterOrganisationId,
      temporaryShelterUntil: isoOrNull(cp.temporaryShelterUntil),
      reflectionUntil: isoOrNull(cp.reflectionUntil),
      identifiedAt: isoOrNull(cp.identifiedAt),
      identificationOrgType: cp.identificationOrgType,
      // Encrypted by the NRM actions (free text that may name people): identity part only.
      identificationReasons: parts.has('identity') ? cipher.decryptOpt(cp.identificationReasons) : null,
    };
  }
  if (parts.has('return')) {
    out.return = {
      kind: cp.returnKind,
      partnerId: cp.returnPartnerId,
      date: cp.returnDate,
      country: cp.returnCountry,
      provinceCode: cp.returnProvinceCode?.trim() ?? null,
      travelDocuments: parts.has('identity') ? cipher.decryptOpt(cp.travelDocuments) : null,
    };
  }
  return out;
}

export type PersonUpdateInput = z.infer<typeof import('../../../contracts/case.js').CasePersonUpdate>;
