import { eq, inArray, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import {
  auditLog, caseActivity, caseEvents, caseNumberCounters, casePersons, cases, caseServices, consents, districts, followUps, notifications,
  organisationServices, organisations, persons, provinces, referrals, screeningIndicators, screenings, settings, teamMemberships, userRoles, users,
} from '../../db/schema/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import { buddhistYear } from '../cases/cases.service.js';
import { DOCUMENT_INDEX, NATIONAL_ID_INDEX, normaliseDocument } from '../cases/cases.persons.js';
import { nameGrams } from '../cases/name-grams.js';
import { bulkInsert } from './bulk-insert.js';
import { buildDemoCases, type CaseStory, type ProvinceCast, type StoryContext } from './cases.stories.js';

const SEEDED_KEY = 'demo_cases_seeded';
const REQUEST_ID = 'seed-demo-cases';

/** About 300 cases: the two northern demo provinces carry most of them, Bangkok a few. */
const caseProvinces = [
  { code: '57', cases: 120 },
  { code: '63', cases: 140 },
  { code: '10', cases: 40 },
];

const partnerNames: Record<keyof StoryContext['partners'], string> = {
  repatriation: 'International migration organisation, Thailand office',
  borderCentre: 'Mae Sot Border Integration Centre',
  laoReturn: 'Nong Khai Protection Centre',
  hospital57: 'Chiangrai Prachanukroh Hospital',
  lawyers57: 'Lawyers Council, Chiang Rai branch',
  interpreters57: 'Northern Ethnic Languages Interpreters Centre',
  girlsShelter57: 'Chiang Rai Girls Safe Home Foundation',
  migrantFoundation63: 'Mae Sot Migrant Assistance Foundation',
  girlsHouse63: 'Tak Children Home — girls\' house',
  womensFoundation10: 'Bangkok Women\'s Rights Foundation',
};

/** The demo users (by role and province) and reference data the stories are cast from. */
async function loadContext(trx: Db, now: Date): Promise<StoryContext> {
  const people = await trx.select({ id: users.id, org: users.organisationId, role: userRoles.role, province: organisations.provinceCode })
    .from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.isDemo, true)).orderBy(users.username);
  const find = (province: string, role: string) => people.find((u) => u.province?.trim() === province && u.role === role);
  const provinceRows = await trx.select().from(provinces);
  const provinceNames = new Map(provinceRows.map((p) => [p.code.trim(), p.nameTh]));
  const districtRows = await trx.select({ code: districts.code, nameTh: districts.nameTh, province: districts.provinceCode }).from(districts).orderBy(districts.code);
  const districtsOf = new Map<string, { code: string; nameTh: string }[]>();
  for (const d of districtRows) {
    const key = d.province.trim();
    if (!districtsOf.has(key)) districtsOf.set(key, []);
    districtsOf.get(key)!.push({ code: d.code.trim(), nameTh: d.nameTh });
  }
  const cast: ProvinceCast[] = [];
  for (const { code, cases: n } of caseProvinces) {
    const officer = find(code, 'provincial_officer');
    const mdt = find(code, 'mdt_member');
    const shelter = find(code, 'service_provider');
    if (!officer || !mdt || !shelter) continue;
    const investigator = find(code, 'investigator');
    const prosecutor = find(code, 'prosecutor');
    cast.push({
      code, nameTh: provinceNames.get(code) ?? code, centreOrg: officer.org, shelterOrg: shelter.org, officer: officer.id, mdt: mdt.id,
      shelterUser: shelter.id, investigator: investigator ? { user: investigator.id, org: investigator.org } : null,
      prosecutor: prosecutor ? { user: prosecutor.id, org: prosecutor.org } : null, districts: districtsOf.get(code) ?? [], cases: n,
    });
  }
  if (cast.length === 0) throw new Error('demo cases: the demo users are missing (run the demo seed first)');
  const orgRows = await trx.select({ id: organisations.id, nameEn: organisations.nameEn }).from(organisations)
    .where(inArray(organisations.nameEn, Object.values(partnerNames)));
  const partners = Object.fromEntries(Object.entries(partnerNames).map(([k, name]) => [k, orgRows.find((o) => o.nameEn === name)?.id ?? null])) as StoryContext['partners'];
  const indicators = (await trx.select({ code: screeningIndicators.code, group: screeningIndicators.groupCode }).from(screeningIndicators)
    .where(eq(screeningIndicators.active, true)).orderBy(screeningIndicators.sortOrder));
  return { now, provinces: cast, districtsOf, provinceNames, partners, indicators };
}

/**
 * Case numbers as the API gives them: per province and Buddhist-Era year, in order of opening, after
 * whatever the counters already hold; the counters end at the last number used.
 */
async function numberCases(trx: Db, stories: CaseStory[]): Promise<{ numbers: Map<string, { caseNumber: string; yearBe: number; seq: number }>; counters: Map<string, number> }> {
  const existing = await trx.select().from(caseNumberCounters);
  const counters = new Map(existing.map((c) => [`${c.provinceCode.trim()}|${c.yearBe}`, c.lastSeq]));
  const numbers = new Map<string, { caseNumber: string; yearBe: number; seq: number }>();
  for (const s of [...stories].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())) {
    const yearBe = buddhistYear(s.openedAt);
    const key = `${s.provinceCode}|${yearBe}`;
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    numbers.set(s.id, { caseNumber: `${s.provinceCode}-${yearBe}-${String(seq).padStart(5, '0')}`, yearBe, seq });
  }
  return { numbers, counters };
}

async function insertStories(trx: Db, cipher: DataCipher, stories: CaseStory[]): Promise<void> {
  const { numbers, counters } = await numberCases(trx, stories);
  const enc = (v: string | null | undefined) => cipher.encryptOpt(v);
  const lastAt = (s: CaseStory) => s.acts.at(-1)?.at ?? s.openedAt;

  await bulkInsert(trx, cases, stories.map((s) => ({
    id: s.id, ...numbers.get(s.id)!, provinceCode: s.provinceCode, organisationId: s.organisationId, status: s.status, stage: s.stage,
    stageBeforeClose: s.stageBeforeClose, ownerUserId: s.ownerUserId, involvesChild: s.involvesChild, exploitationTypes: s.exploitationTypes,
    reflectionDays: s.reflectionDays, openedAt: s.openedAt, closedAt: s.closedAt, closureReason: s.closureReason, version: s.acts.length,
    createdBy: s.createdBy, createdAt: s.openedAt, updatedAt: lastAt(s),
  })));

  const people = stories.flatMap((s) => s.persons.map((p) => ({ s, p })));
  await bulkInsert(trx, persons, people.map(({ s, p }) => ({
    id: p.id, organisationId: s.organisationId, provinceCode: s.provinceCode,
    givenNameEnc: enc(p.name.givenName), familyNameEnc: enc(p.name.familyName), latinNameEnc: enc(p.name.latinName), otherNamesEnc: enc(p.otherNames),
    nationalIdEnc: enc(p.nationalId), nationalIdIndex: p.nationalId ? cipher.blindIndex(NATIONAL_ID_INDEX, p.nationalId) : null,
    documentType: p.document?.type ?? null, documentNumberEnc: enc(p.document?.number),
    documentIndex: p.document ? cipher.blindIndex(DOCUMENT_INDEX, normaliseDocument(p.document.number)) : null,
    phoneEnc: enc(p.phone), addressEnc: enc(p.address),
    nameGrams: nameGrams(cipher, [`${p.name.givenName} ${p.name.familyName}`, p.name.latinName, p.otherNames]),
    gender: p.gender, sex: p.sex, birthDate: p.birthDate, estimatedAge: p.estimatedAge, nationality: p.nationality, languages: p.languages,
    needsInterpreter: p.needsInterpreter, disability: p.disability, vulnerabilities: p.vulnerabilities, createdBy: s.createdBy,
    createdAt: s.openedAt, updatedAt: s.openedAt,
  })));
  await bulkInsert(trx, casePersons, people.map(({ s, p }) => ({
    ...(p.cp as Partial<typeof casePersons.$inferInsert>),
    id: p.casePersonId, caseId: s.id, personId: p.id, role: p.role, guardianOf: p.guardianOf, relationship: p.relationship, version: p.version,
    identificationReasons: enc(p.identificationReasons), travelDocuments: enc(p.travelDocuments),
    createdAt: s.openedAt, updatedAt: lastAt(s),
  })));

  await bulkInsert(trx, caseEvents, stories.flatMap((s) => s.events).map((e) => ({
    id: e.id, casePersonId: e.casePersonId, type: e.type, eventDate: e.eventDate, country: e.country, provinceCode: e.provinceCode,
    districtCode: e.districtCode, placeEnc: enc(e.place), descriptionEnc: enc(e.description), createdBy: e.createdBy, createdAt: e.createdAt,
  })));
  await bulkInsert(trx, screenings, stories.flatMap((s) => s.screenings.map((x) => ({ s, x }))).map(({ s, x }) => ({
    id: x.id, caseId: s.id, casePersonId: x.casePersonId, screenedAt: x.screenedAt, interviewerUserId: x.interviewerUserId,
    interviewerOrganisationId: x.interviewerOrganisationId, language: x.language, interpreterUsed: x.interpreterUsed, answers: x.answers,
    indicatorsMet: x.indicatorsMet, summaryEnc: enc(x.summary), createdAt: x.screenedAt,
  })));
  await bulkInsert(trx, consents, stories.flatMap((s) => s.consents.map((x) => ({ s, x }))).map(({ s, x }) => ({
    id: x.id, caseId: s.id, casePersonId: x.casePersonId, purposes: x.purposes, givenBy: x.givenBy, guardianCasePersonId: x.guardianCasePersonId,
    givenAt: x.givenAt, method: x.method, recordedBy: x.recordedBy, withdrawnAt: x.withdrawnAt, withdrawnBy: x.withdrawnBy, createdAt: x.givenAt,
  })));
  await bulkInsert(trx, referrals, stories.flatMap((s) => s.referrals.map((x) => ({ s, x }))).map(({ s, x }) => ({
    id: x.id, caseId: s.id, kind: 'referral', casePersonId: x.casePersonId, fromOrganisationId: x.fromOrganisationId, toOrganisationId: x.toOrganisationId,
    service: x.service, reason: x.reason, detailsEnc: enc(x.details), sharedParts: x.sharedParts, consentId: x.consentId,
    overrideReasonEnc: enc(x.override?.reason), overrideBy: x.override?.by ?? null, status: x.status, requestedAt: x.requestedAt, requestedBy: x.requestedBy,
    answeredAt: x.answeredAt, answeredBy: x.answeredBy, answerReason: x.answerReason, version: x.version,
  })));
  await bulkInsert(trx, caseServices, stories.flatMap((s) => s.services.map((x) => ({ s, x }))).map(({ s, x }) => ({
    id: x.id, caseId: s.id, casePersonId: x.casePersonId, service: x.service, providerOrganisationId: x.providerOrganisationId, referralId: x.referralId,
    plannedStart: x.plannedStart, plannedEnd: x.plannedEnd, actualStart: x.actualStart, actualEnd: x.actualEnd, status: x.status,
    outcomeEnc: enc(x.outcome), version: x.version, createdBy: x.createdBy, createdAt: x.createdAt, updatedAt: x.updatedAt,
  })));
  await bulkInsert(trx, followUps, stories.flatMap((s) => s.followUps.map((x) => ({ s, x }))).map(({ s, x }) => ({
    id: x.id, caseId: s.id, casePersonId: x.casePersonId, scheduledFor: x.scheduledFor, visitedAt: x.visitedAt, visitedBy: x.visitedBy,
    livelihood: x.ratings?.livelihood ?? null, family: x.ratings?.family ?? null, justice: x.ratings?.justice ?? null, future: x.ratings?.future ?? null,
    compensationReceived: x.compensationReceived, notesEnc: enc(x.notes), version: x.version, createdAt: x.createdAt,
  })));
  await bulkInsert(trx, teamMemberships, stories.flatMap((s) => s.team.map((m) => ({ s, m }))).map(({ s, m }) => ({
    recordType: 'case', recordId: s.id, userId: m.userId, role: m.role, addedAt: m.addedAt,
  })));
  await bulkInsert(trx, notifications, stories.flatMap((s) => s.notifications.map((n) => ({ s, n }))).map(({ s, n }) => ({
    userId: n.userId, kind: n.kind, caseId: s.id, caseNumber: numbers.get(s.id)!.caseNumber, dedupeKey: n.dedupeKey,
    readAt: n.read ? new Date(n.createdAt.getTime() + 3600_000) : null, createdAt: n.createdAt,
  })));

  // The timeline keeps when things happened; the audit log records that the seed wrote them (now, in time order).
  const acts = stories.flatMap((s) => s.acts.map((a) => (a.action === 'case.created' ? { ...a, details: { caseNumber: numbers.get(s.id)!.caseNumber, ...a.details } } : a)))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  await bulkInsert(trx, caseActivity, acts.map((a) => ({
    caseId: a.caseId, at: a.at, actorUserId: a.userId, actorOrganisationId: a.orgId, kind: a.action.replace(/^case\./, ''), part: a.part,
    details: a.targetId ? { id: a.targetId, ...a.details } : a.details,
  })));
  await bulkInsert(trx, auditLog, acts.map((a) => ({
    actorUserId: a.userId, actorOrganisationId: a.orgId, action: a.action, outcome: 'success', requestId: REQUEST_ID,
    targetType: a.targetType ?? 'case', targetId: a.targetId ?? a.caseId,
    details: a.targetType ? { caseId: a.caseId, ...a.details } : a.details,
  })));

  await trx.insert(caseNumberCounters)
    .values([...counters.entries()].map(([key, lastSeq]) => ({ provinceCode: key.split('|')[0]!, yearBe: Number(key.split('|')[1]), lastSeq })))
    .onConflictDoUpdate({ target: [caseNumberCounters.provinceCode, caseNumberCounters.yearBe], set: { lastSeq: sql`excluded.last_seq` } });
}

/**
 * The Tak and Bangkok demo shelters list, in the network directory, what the demo's referrals ask of
 * them (a referral names a service its recipient offers): shelter (Tak's for girls and women only)
 * and psychosocial support. Chiang Rai's shelter stays unlisted: the directory's browser test has its
 * staff register their first service, so the referrals it received name services it lists no more.
 */
async function listShelterServices(trx: Db, cast: ProvinceCast[], now: Date): Promise<void> {
  for (const p of cast) {
    if (p.code === '57') continue;
    const listed = await trx.select({ id: organisationServices.id }).from(organisationServices).where(eq(organisationServices.organisationId, p.shelterOrg)).limit(1);
    if (listed.length > 0) continue;
    const languages = p.code === '63' ? ['tha', 'mya', 'kar'] : ['tha', 'eng', 'lao', 'khm'];
    await trx.insert(organisationServices).values([
      {
        organisationId: p.shelterOrg, service: 'shelter', acceptsSexes: p.code === '63' ? ['female'] : [], capacityTotal: 30, capacityFree: 6,
        capacityUpdatedAt: now, available24h: true, languages,
      },
      { organisationId: p.shelterOrg, service: 'psychosocial_support', languages },
    ]);
  }
}

/**
 * Demo victim cases in every NRM stage (issue 5), written in bulk in one transaction: identity encrypted,
 * name grams and document blind indexes as the API writes them, a timeline row and an audit entry for
 * every step. Runs once: a second call finds its marker and does nothing.
 */
export async function seedDemoCases(database: Database, cipher: DataCipher, now = new Date()): Promise<{ cases: number }> {
  return database.db.transaction(async (trx) => {
    const marked = await trx.insert(settings).values({ key: SEEDED_KEY, value: sql`to_jsonb(now())` }).onConflictDoNothing().returning({ key: settings.key });
    if (marked.length === 0) return { cases: 0 };
    const context = await loadContext(trx, now);
    await listShelterServices(trx, context.provinces, now);
    const stories = buildDemoCases(context);
    await insertStories(trx, cipher, stories);
    return { cases: stories.length };
  });
}
