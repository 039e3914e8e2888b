import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  HtcdsCaseIn as HtcdsCaseInSchema, type HtcdsCaseIn, type HtcdsImportIssue, type HtcdsImportRecord, type HtcdsImportReport, type HtcdsImportRequest,
} from '../../../contracts/exchange.js';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../db/client.js';
import { insertRows } from '../../db/bulk-insert.js';
import {
  caseEvents, caseNumberCounters, casePersons, cases, caseServices, consents, countries, exchangeLinks, languages, persons, provinces, teamMemberships,
} from '../../db/schema/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError, fieldMessageTh } from '../../platform/errors.js';
import { fullScope } from '../cases/cases.access.js';
import { recordCaseChanges, type CaseChange } from '../cases/cases.activity.js';
import {
  DOCUMENT_INDEX, insertCasePerson, NATIONAL_ID_INDEX, normaliseDocument, personValues, refreshCaseDerived, sexOfGender,
} from '../cases/cases.persons.js';
import { buddhistYear, caseNumberOf } from '../cases/cases.service.js';
import { nameGrams } from '../cases/name-grams.js';
import { isChild } from '../persons/persons.service.js';
import { fromHtcdsPerson, stageOfImported, type ImportedPerson } from './htcds.mapping.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Checked {
  index: number;
  id: string | null;
  record: HtcdsCaseIn | null;
  persons: ImportedPerson[];
  errors: HtcdsImportIssue[];
  warnings: HtcdsImportIssue[];
  /** The local case an earlier import of this record became. */
  linkedCaseId: string | null;
}

const issue = (path: string, message: string, messageTh: string): HtcdsImportIssue => ({ path, message, messageTh });

const consentWithdrawnHere = (i: number) => issue(`persons.${i}.con_Consent`,
  'consent to sharing was withdrawn here: the record is written, the sender\'s consent is not recorded again',
  'ความยินยอมให้เปิดเผยข้อมูลถูกถอนไว้ในระบบนี้แล้ว: บันทึกข้อมูลแล้ว แต่ไม่บันทึกความยินยอมที่ผู้ส่งแจ้งซ้ำ');

/**
 * The case people (of those given) whose consent to sharing was withdrawn here and none stands since.
 * A sender's con_Consent only says what the victim told the sender: it must not undo a withdrawal made
 * to us (PDPA B.E. 2562 s.19: consent may be withdrawn at any time); only a consent recorded here restores it.
 */
async function withdrawnSharing(trx: Db, casePersonIds: string[]): Promise<Set<string>> {
  if (casePersonIds.length === 0) return new Set();
  const rows = await trx.select({ id: consents.casePersonId }).from(consents).where(and(
    inArray(consents.casePersonId, casePersonIds), sql`${consents.purposes} @> ARRAY['sharing']::text[]`,
  )).groupBy(consents.casePersonId).having(sql`bool_and(${consents.withdrawnAt} IS NOT NULL)`);
  return new Set(rows.map((r) => r.id));
}

/** Parses one record; zod's issues become row-style errors with a Thai message beside the English one. */
function parseRecord(raw: unknown, index: number): Checked {
  const idOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);
  const out: Checked = { index, id: idOf(raw), record: null, persons: [], errors: [], warnings: [], linkedCaseId: null };
  const parsed = HtcdsCaseInSchema.safeParse(raw);
  if (!parsed.success) {
    for (const e of parsed.error.issues) {
      const base = e.path.map(String).join('.');
      const keys = e.code === 'unrecognized_keys' ? e.keys : [];
      if (keys.length > 0) {
        for (const k of keys) out.errors.push(issue(base ? `${base}.${k}` : k, 'not an HTCDS field Phakhi takes in', 'ไม่ใช่ช่องข้อมูล HTCDS ที่ระบบรับ'));
      } else {
        out.errors.push(issue(base, e.message, fieldMessageTh(e.code, e)));
      }
    }
    return out;
  }
  out.record = parsed.data;
  out.persons = parsed.data.persons.map((p, i) => fromHtcdsPerson(p, `persons.${i}.`));
  out.warnings.push(...out.persons.flatMap((p) => p.warnings));
  return out;
}

/** Every country, language and province code the batch names, checked in one query per table. */
async function checkCodes(db: Db, batch: Checked[]): Promise<void> {
  const wanted = { countries: new Set<string>(), languages: new Set<string>(), provinces: new Set<string>() };
  for (const c of batch) {
    for (const p of c.persons) {
      if (p.person.nationality) wanted.countries.add(p.person.nationality);
      for (const l of p.person.languages) wanted.languages.add(l);
      for (const e of p.events) {
        if (e.country) wanted.countries.add(e.country);
        if (e.provinceCode) wanted.provinces.add(e.provinceCode);
      }
    }
  }
  const known = async <T extends string>(list: Set<string>, q: (codes: string[]) => Promise<{ c: T }[]>) =>
    new Set(list.size === 0 ? [] : (await q([...list])).map((r) => r.c.trim()));
  const okCountries = await known(wanted.countries, (l) => db.select({ c: countries.alpha3 }).from(countries).where(inArray(countries.alpha3, l)));
  const okLanguages = await known(wanted.languages, (l) => db.select({ c: languages.code }).from(languages).where(inArray(languages.code, l)));
  const okProvinces = await known(wanted.provinces, (l) => db.select({ c: provinces.code }).from(provinces).where(inArray(provinces.code, l)));
  for (const c of batch) {
    c.persons.forEach((p, i) => {
      const at = `persons.${i}.`;
      if (p.person.nationality && !okCountries.has(p.person.nationality)) c.errors.push(issue(`${at}prs_Citizenship.0`, 'unknown country code', 'ไม่มีรหัสประเทศนี้'));
      const langKeys = ['prs_PrimaryLanguage', 'prs_SecondaryLanguage'];
      p.person.languages.forEach((l, j) => {
        if (!okLanguages.has(l)) c.errors.push(issue(`${at}${langKeys[j]}`, 'unknown language code', 'ไม่มีรหัสภาษานี้'));
      });
      p.events.forEach((e, j) => {
        if (e.country && !okCountries.has(e.country)) c.errors.push(issue(`${at}events.${j}.hte_Country`, 'unknown country code', 'ไม่มีรหัสประเทศนี้'));
        if (e.provinceCode && !okProvinces.has(e.provinceCode)) c.errors.push(issue(`${at}events.${j}.hte_State`, 'unknown province code', 'ไม่มีรหัสจังหวัดนี้'));
      });
    });
  }
}

/** Rules across records and against what earlier imports left: ids once per batch, identity needs its permission. */
/** Ids met so far in one import (a job checks its records part by part), with the record that had each. */
export interface ImportSeen { cases: Map<string, number>; persons: Map<string, number> }
export const newImportSeen = (): ImportSeen => ({ cases: new Map(), persons: new Map() });

async function checkLinks(trx: Db, actor: Actor, batch: Checked[], seen: ImportSeen): Promise<Map<string, string>> {
  const seenCases = seen.cases;
  const seenPersons = seen.persons;
  const mayWriteIdentity = actor.permissions.has('case.identity.read');
  for (const c of batch) {
    if (!c.record) continue;
    const prev = seenCases.get(c.record.id);
    if (prev !== undefined) c.errors.push(issue('id', `the same case id as record ${prev}`, `รหัสกรณีซ้ำกับระเบียนที่ ${prev}`));
    else seenCases.set(c.record.id, c.index);
    c.record.persons.forEach((p, i) => {
      const other = seenPersons.get(p.id);
      if (other !== undefined) c.errors.push(issue(`persons.${i}.id`, `the same person id as in record ${other}`, `รหัสบุคคลซ้ำกับในระเบียนที่ ${other}`));
      else seenPersons.set(p.id, c.index);
      if (!mayWriteIdentity) {
        for (const k of ['prs_FirstName', 'prs_SecondName', 'prs_IdentityNumber', 'prs_MobilePhone', 'prs_MailingStreet'] as const) {
          if (p[k] !== undefined) {
            c.errors.push(issue(`persons.${i}.${k}`, 'identity fields need the case.identity.read permission', 'ข้อมูลระบุตัวตนต้องใช้สิทธิ์ case.identity.read'));
          }
        }
      }
    });
  }
  const caseIds = batch.flatMap((c) => (c.record ? [c.record.id] : []));
  const personIds = batch.flatMap((c) => c.record?.persons.map((p) => p.id) ?? []);
  const links = caseIds.length === 0 ? [] : await trx.select().from(exchangeLinks).where(and(
    eq(exchangeLinks.sourceOrganisationId, actor.organisationId),
    // Parenthesised as a whole: \`and\` does not wrap its parts, and a bare OR would reach other senders' links.
    sql`((${exchangeLinks.kind} = 'case' AND ${inArray(exchangeLinks.externalId, caseIds)})
      OR (${exchangeLinks.kind} = 'case_person' AND ${personIds.length ? inArray(exchangeLinks.externalId, personIds) : sql`false`}))`,
  ));
  const caseLink = new Map(links.filter((l) => l.kind === 'case').map((l) => [l.externalId, l.localId]));
  const personLink = new Map(links.filter((l) => l.kind === 'case_person').map((l) => [l.externalId, l.localId]));
  const linkedCaseIds = [...caseLink.values()];
  const inScope = new Set(linkedCaseIds.length === 0 ? [] : (await trx.select({ id: cases.id }).from(cases)
    .where(and(inArray(cases.id, linkedCaseIds), fullScope(actor)))).map((r) => r.id));
  const personCase = new Map(personLink.size === 0 ? [] : (await trx.select({ id: casePersons.id, caseId: casePersons.caseId }).from(casePersons)
    .where(inArray(casePersons.id, [...personLink.values()]))).map((r) => [r.id, r.caseId]));
  const withdrawn = await withdrawnSharing(trx, [...personLink.values()]);
  for (const c of batch) {
    if (!c.record) continue;
    const local = caseLink.get(c.record.id) ?? null;
    if (local && !inScope.has(local)) {
      c.errors.push(issue('id', 'this record was imported before into a case that is no longer in your scope', 'ระเบียนนี้เคยนำเข้าเป็นกรณีที่ขณะนี้อยู่นอกขอบเขตของท่าน'));
    }
    c.linkedCaseId = local;
    c.record.persons.forEach((p, i) => {
      const cp = personLink.get(p.id);
      if (cp && personCase.get(cp) !== local) {
        c.errors.push(issue(`persons.${i}.id`, 'this person was imported before in another case', 'บุคคลนี้เคยนำเข้าไว้ในกรณีอื่นแล้ว'));
      } else if (cp && withdrawn.has(cp)) {
        c.warnings.push(consentWithdrawnHere(i));
      }
    });
  }
  return personLink;
}

/** The sender's id when it is a UUID no local row holds yet (so a round trip keeps ids), else a new one. */
async function freeIds(trx: Db, wanted: string[], table: typeof cases | typeof casePersons): Promise<Set<string>> {
  const uuids = wanted.filter((w) => UUID.test(w)).map((w) => w.toLowerCase());
  if (uuids.length === 0) return new Set();
  const taken = new Set((await trx.select({ id: table.id }).from(table).where(inArray(table.id, uuids))).map((r) => r.id));
  return new Set(uuids.filter((u) => !taken.has(u)));
}

/**
 * The sender exports only what the victim (a guardian for a child) agreed to share, and says so in
 * con_Consent: that statement is recorded as a consent attested by the sender.
 */
function attestedConsent(caseId: string, casePersonId: string, p: ImportedPerson, actor: Actor): typeof consents.$inferInsert {
  const adult = isChild(p.person.birthDate ?? null, null) === false;
  return {
    caseId, casePersonId, purposes: ['data_processing', 'sharing'], givenBy: adult ? 'victim' : 'guardian',
    givenAt: new Date(), method: 'partner_attested', recordedBy: actor.userId,
  };
}

/** Rows inserted together share the transaction's time; a millisecond apart they keep the sender's order in an export. */
function inOrder(i: number): Date {
  return new Date(Date.now() + i);
}

function identityColumns(cipher: DataCipher, p: ImportedPerson) {
  const keys = new Set(p.identityKeys);
  const v = p.person;
  return {
    ...(keys.has('givenName') ? { givenNameEnc: cipher.encryptOpt(v.givenName) } : {}),
    ...(keys.has('familyName') ? { familyNameEnc: cipher.encryptOpt(v.familyName) } : {}),
    ...(keys.has('identityNumber') ? {
      nationalIdEnc: cipher.encryptOpt(v.nationalId),
      nationalIdIndex: v.nationalId ? cipher.blindIndex(NATIONAL_ID_INDEX, v.nationalId) : null,
      documentType: v.documentNumber ? v.documentType ?? 'other' : null,
      documentNumberEnc: cipher.encryptOpt(v.documentNumber),
      documentIndex: v.documentNumber ? cipher.blindIndex(DOCUMENT_INDEX, normaliseDocument(v.documentNumber)) : null,
    } : {}),
    ...(keys.has('phone') ? { phoneEnc: cipher.encryptOpt(v.phone) } : {}),
    ...(keys.has('address') ? { addressEnc: cipher.encryptOpt(v.address) } : {}),
  };
}

/**
 * HTCDS import (issue 6): every record is checked first (shape, value names, codes, ids, permission for
 * identity) and reported one by one; nothing is written while any record is bad unless the caller asks
 * to skip bad records. A record imported before (same sender, same id) updates its case and people.
 * The sending organisation is the caller's; new cases go to the caller's province (or the one named by
 * a national caller) with a local case number, and keep the sender's ids where no local row holds them.
 */
export function createHtcdsImport({ database, cipher }: AppDeps) {
  const db = database.db;

  async function writePerson(trx: Db, kase: { id: string; organisationId: string; provinceCode: string }, actor: Actor,
    p: ImportedPerson, existing: string | undefined, freshId: string | undefined, order: number): Promise<string> {
    let casePersonId: string;
    if (existing) {
      casePersonId = existing;
      const [cp] = await trx.select({ personId: casePersons.personId }).from(casePersons).where(eq(casePersons.id, existing));
      const [old] = await trx.select().from(persons).where(eq(persons.id, cp!.personId));
      const keys = new Set(p.identityKeys);
      const given = keys.has('givenName') ? p.person.givenName : cipher.decryptOpt(old!.givenNameEnc);
      const family = keys.has('familyName') ? p.person.familyName : cipher.decryptOpt(old!.familyNameEnc);
      await trx.update(persons).set({
        ...identityColumns(cipher, p),
        nameGrams: nameGrams(cipher, [[given, family].filter(Boolean).join(' '), cipher.decryptOpt(old!.latinNameEnc), cipher.decryptOpt(old!.otherNamesEnc)]),
        gender: p.person.gender, sex: sexOfGender(p.person.gender), birthDate: p.person.birthDate ?? null, nationality: p.person.nationality ?? null,
        languages: p.person.languages, vulnerabilities: p.person.vulnerabilities, version: sql`${persons.version} + 1`, updatedAt: new Date(),
      }).where(eq(persons.id, cp!.personId));
      await trx.update(casePersons).set({ ...p.context, version: sql`${casePersons.version} + 1`, updatedAt: new Date() })
        .where(eq(casePersons.id, existing));
      // The sender is the source of what it sends: its events and plan replace the earlier import's.
      // Services that came from a referral made here are Phakhi's own and stay.
      await trx.delete(caseEvents).where(eq(caseEvents.casePersonId, existing));
      await trx.delete(caseServices).where(and(eq(caseServices.casePersonId, existing), isNull(caseServices.referralId)));
    } else {
      const cp = await insertCasePerson(trx, cipher, kase, { role: 'victim', needsInterpreter: false, ...p.person }, actor.userId, freshId);
      casePersonId = cp.id;
      // People of a case are listed in the order they were added: keep the sender's order.
      await trx.update(casePersons).set({ ...p.context, createdAt: inOrder(order) }).where(eq(casePersons.id, casePersonId));
    }
    if (p.events.length > 0) {
      await trx.insert(caseEvents).values(p.events.map((e, i) => ({ casePersonId, ...e, createdBy: actor.userId, createdAt: inOrder(i) })));
    }
    if (p.services.length > 0) {
      await trx.insert(caseServices).values(p.services.map((s, i) => ({ caseId: kase.id, casePersonId, ...s, createdBy: actor.userId, createdAt: inOrder(i) })));
    }
    // The sender's consent statement, only for someone with no consent to sharing on record here: one
    // that stands needs no other, and one withdrawn here is not undone by the sender's statement (see
    // withdrawnSharing; the check warned of it in the report, from the same rows under the same lock).
    const [known] = existing ? await trx.select({ id: consents.id }).from(consents).where(and(
      eq(consents.casePersonId, casePersonId), sql`${consents.purposes} @> ARRAY['sharing']::text[]`,
    )).limit(1) : [];
    if (!known) await trx.insert(consents).values(attestedConsent(kase.id, casePersonId, p, actor));
    return casePersonId;
  }

  async function resolveProvince(actor: Actor, requested: string | undefined): Promise<string> {
    const provinceCode = requested ?? actor.provinceCode;
    if (!provinceCode) {
      throw new AppError('VALIDATION_FAILED', [{ path: 'provinceCode', message: 'the province whose centre takes the cases is required' }]);
    }
    if (actor.scope !== 'national' && actor.provinceCode !== provinceCode) {
      throw new AppError('FORBIDDEN', [{ path: 'provinceCode', message: 'cases are imported into your own province' }]);
    }
    const [prov] = await db.select({ code: provinces.code }).from(provinces).where(eq(provinces.code, provinceCode));
    if (!prov) throw new AppError('UNKNOWN_PROVINCE', [{ path: 'provinceCode', message: 'unknown province code' }]);
    return provinceCode;
  }

  /** Checks records `offset…` of an import; `seen` carries the ids of the parts checked before. */
  async function check(trx: Db, actor: Actor, raws: readonly unknown[], offset: number, seen: ImportSeen): Promise<CheckedBatch> {
    const batch = raws.map((raw, i) => parseRecord(raw, offset + i));
    await checkCodes(trx, batch.filter((c) => c.record));
    const personLink = await checkLinks(trx, actor, batch, seen);
    return { batch, personLink };
  }

  /** Serialises imports of one sender: two copies of one batch must not both create the same case. */
  async function lockSender(trx: Db, actor: Actor): Promise<void> {
    await trx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${'htcds-import:' + actor.organisationId}, 0))`);
  }

  /** Writes the good records of a checked batch (inside the caller's transaction, after `lockSender`). */
  async function write(trx: Db, actor: Actor, provinceCode: string, { batch, personLink }: CheckedBatch, ctx: AuditContext): Promise<HtcdsImportRecord[]> {
    const results = resultsOf(batch);
    const good = [...batch.entries()].filter(([, c]) => c.errors.length === 0 && c.record);
    const fresh = good.filter(([, c]) => !c.linkedCaseId);
    const freeCases = await freeIds(trx, fresh.map(([, c]) => c.record!.id), cases);
    const freePersons = await freeIds(trx, good.flatMap(([, c]) => c.record!.persons.map((p) => p.id)).filter((id) => !personLink.has(id)), casePersons);
    const now = new Date();
    const changes: CaseChange[] = [];

    // Records sent before: one by one (their people may be new or known, their plan is replaced).
    for (const [at, c] of good.filter(([, x]) => x.linkedCaseId)) {
      const rec = c.record!;
      const { stage, stageBeforeClose } = stageOfImported(rec.cas_Status, c.persons);
      const [kase] = await trx.update(cases).set({
        status: rec.cas_Status, stage, stageBeforeClose, closureReason: rec.cas_ReasonForCaseClosure,
        closedAt: stage === 'closed' ? sql`coalesce(${cases.closedAt}, now())` : null, version: sql`${cases.version} + 1`, updatedAt: now,
      }).where(eq(cases.id, c.linkedCaseId!)).returning();
      const target = { id: kase!.id, organisationId: kase!.organisationId, provinceCode: kase!.provinceCode.trim() };
      for (const [i, p] of c.persons.entries()) {
        const extId = rec.persons[i]!.id;
        const existing = personLink.get(extId);
        const cpId = await writePerson(trx, target, actor, p, existing, freePersons.has(extId.toLowerCase()) ? extId.toLowerCase() : undefined, i);
        if (!existing) await trx.insert(exchangeLinks).values({ sourceOrganisationId: actor.organisationId, kind: 'case_person', externalId: extId, localId: cpId });
      }
      await trx.update(exchangeLinks).set({ updatedAt: now }).where(and(
        eq(exchangeLinks.sourceOrganisationId, actor.organisationId), eq(exchangeLinks.kind, 'case'), eq(exchangeLinks.externalId, rec.id)));
      await refreshCaseDerived(trx, kase!.id);
      changes.push({ caseId: kase!.id, action: 'case.updated', part: 'summary', details: { via: 'htcds_import', caseNumber: kase!.caseNumber, persons: c.persons.length } });
      results[at]!.caseId = kase!.id;
      results[at]!.caseNumber = kase!.caseNumber;
    }

    // New records: a statement per table for the whole batch (a job writes a thousand records at a time).
    if (fresh.length > 0) {
      const yearBe = buddhistYear(now);
      const [counter] = await trx.insert(caseNumberCounters).values({ provinceCode, yearBe, lastSeq: fresh.length })
        .onConflictDoUpdate({ target: [caseNumberCounters.provinceCode, caseNumberCounters.yearBe], set: { lastSeq: sql`${caseNumberCounters.lastSeq} + ${fresh.length}` } })
        .returning({ last: caseNumberCounters.lastSeq });
      const firstSeq = counter!.last - fresh.length + 1;
      const rows = { cases: [] as (typeof cases.$inferInsert)[], persons: [] as (typeof persons.$inferInsert)[], casePersons: [] as (typeof casePersons.$inferInsert)[],
        links: [] as (typeof exchangeLinks.$inferInsert)[], events: [] as (typeof caseEvents.$inferInsert)[], services: [] as (typeof caseServices.$inferInsert)[],
        consents: [] as (typeof consents.$inferInsert)[], team: [] as (typeof teamMemberships.$inferInsert)[] };
      for (const [k, [at, c]] of fresh.entries()) {
        const rec = c.record!;
        const seq = firstSeq + k;
        const caseNumber = caseNumberOf(provinceCode, yearBe, seq);
        const wanted = rec.id.toLowerCase();
        const caseId = freeCases.has(wanted) ? wanted : randomUUID();
        const { stage, stageBeforeClose } = stageOfImported(rec.cas_Status, c.persons);
        rows.cases.push({
          id: caseId, caseNumber, provinceCode, yearBe, seq, organisationId: actor.organisationId, ownerUserId: actor.userId,
          status: rec.cas_Status, stage, stageBeforeClose, closureReason: rec.cas_ReasonForCaseClosure, closedAt: stage === 'closed' ? now : null,
          openedAt: now, createdBy: actor.userId,
          involvesChild: c.persons.some((p) => isChild(p.person.birthDate ?? null, null) === true),
          exploitationTypes: [...new Set(c.persons.flatMap((p) => p.context.exploitationTypes))].sort(),
        });
        rows.links.push({ sourceOrganisationId: actor.organisationId, kind: 'case', externalId: rec.id, localId: caseId });
        if (actor.userId) rows.team.push({ recordType: 'case', recordId: caseId, userId: actor.userId, role: 'case_manager' });
        for (const [i, p] of c.persons.entries()) {
          const extId = rec.persons[i]!.id;
          const personId = randomUUID();
          const cpId = freePersons.has(extId.toLowerCase()) ? extId.toLowerCase() : randomUUID();
          rows.persons.push({ id: personId, ...personValues(cipher, { organisationId: actor.organisationId, provinceCode }, { role: 'victim', needsInterpreter: false, ...p.person }, actor.userId) });
          rows.casePersons.push({ id: cpId, caseId, personId, role: 'victim', ...p.context, createdAt: inOrder(i) });
          rows.links.push({ sourceOrganisationId: actor.organisationId, kind: 'case_person', externalId: extId, localId: cpId });
          rows.events.push(...p.events.map((e, j) => ({ casePersonId: cpId, ...e, createdBy: actor.userId, createdAt: inOrder(j) })));
          rows.services.push(...p.services.map((x, j) => ({ caseId, casePersonId: cpId, ...x, createdBy: actor.userId, createdAt: inOrder(j) })));
          rows.consents.push(attestedConsent(caseId, cpId, p, actor));
        }
        changes.push({ caseId, action: 'case.created', part: 'summary', details: { via: 'htcds_import', caseNumber, persons: c.persons.length } });
        results[at]!.caseId = caseId;
        results[at]!.caseNumber = caseNumber;
      }
      await insertRows(trx, cases, rows.cases);
      await insertRows(trx, persons, rows.persons);
      await insertRows(trx, casePersons, rows.casePersons);
      await insertRows(trx, exchangeLinks, rows.links);
      await insertRows(trx, teamMemberships, rows.team);
      await insertRows(trx, caseEvents, rows.events);
      await insertRows(trx, caseServices, rows.services);
      await insertRows(trx, consents, rows.consents);
    }
    await recordCaseChanges(trx, ctx, changes);
    return results;
  }

  return {
    resolveProvince, check, lockSender, write,

    /** The whole import in one transaction: every record checked, then all written or (without skipInvalid) none. */
    async importCases(actor: Actor, req: HtcdsImportRequest, ctx: AuditContext): Promise<HtcdsImportReport> {
      const provinceCode = await resolveProvince(actor, req.provinceCode);
      return db.transaction(async (trx) => {
        await lockSender(trx, actor);
        const checked = await check(trx, actor, req.cases, 0, newImportSeen());
        const invalid = checked.batch.filter((c) => c.errors.length > 0).length;
        if (req.dryRun) return reportOf(resultsOf(checked.batch), false, true);
        if (invalid > 0 && !req.skipInvalid) {
          throw new AppError('HTCDS_IMPORT_HAS_ERRORS', undefined, undefined, { report: reportOf(resultsOf(checked.batch), false, false) });
        }
        const report = reportOf(await write(trx, actor, provinceCode, checked, ctx), true, false);
        await auditImport(trx, ctx, report, { provinceCode, skipInvalid: req.skipInvalid });
        return report;
      });
    },
  };
}

export interface CheckedBatch { batch: Checked[]; personLink: Map<string, string> }

/** Each checked record's outcome as the report gives it (written records get their case id and number later). */
export function resultsOf(batch: readonly Checked[]): HtcdsImportRecord[] {
  return batch.map((c) => ({
    index: c.index, id: c.id, caseId: null, caseNumber: null, errors: c.errors, warnings: c.warnings,
    outcome: c.errors.length > 0 ? 'invalid' : c.linkedCaseId ? 'updated' : 'created',
  }));
}

export function reportOf(results: HtcdsImportRecord[], committed: boolean, dryRun: boolean): HtcdsImportReport {
  const n = (o: HtcdsImportRecord['outcome']) => results.filter((r) => r.outcome === o).length;
  return { records: results.length, created: n('created'), updated: n('updated'), invalid: n('invalid'), committed, dryRun, results };
}

export async function auditImport(trx: Db, ctx: AuditContext, r: HtcdsImportReport, details: Record<string, unknown>): Promise<void> {
  await writeAudit(trx, ctx, {
    action: 'exchange.htcds_imported', targetType: 'case',
    details: { records: r.records, created: r.created, updated: r.updated, invalid: r.invalid, ...details },
  });
}
