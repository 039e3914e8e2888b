import { randomUUID } from 'node:crypto';
import type { CasePart, CaseStage } from '../../../contracts/case.js';
import type { AuditAction } from '../../platform/audit.js';
import { atLeast, followUpSchedule } from '../cases/nrm.rules.js';
import { isChild } from '../persons/persons.service.js';
import {
  familyRelationships, makePerson, nationalityWeights, profiles, profileWeights, relationshipsOfGuardian, type PersonStory, type PlaceCast,
} from './case-people.js';
import { createRng, type DemoNationality, type Rng } from './names.js';

/**
 * The demo's victim cases as plain data (no database, no encryption): who, what happened, and every
 * step of the NRM path with its time, in the order and with the facts the API's rules (nrm.rules.ts)
 * require: an open case's stage is exactly the one its facts imply (screened → temporary protection,
 * taken into care → identification, identified as a victim → assistance, return → return, follow-up
 * plan → reintegration); screened before taken into care before identified; custody extended to at
 * most 7 days and temporary shelter to at most 15; consent (a guardian's for a child) before a
 * referral; no referral left unanswered in a closed case. cases.seed.ts encrypts and inserts it.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface ProvinceCast {
  code: string;
  nameTh: string;
  centreOrg: string;
  shelterOrg: string;
  officer: string;
  mdt: string;
  shelterUser: string;
  investigator: { user: string; org: string } | null;
  prosecutor: { user: string; org: string } | null;
  /** Districts of the province, for events and addresses. */
  districts: { code: string; nameTh: string }[];
  cases: number;
}

export interface StoryContext {
  now: Date;
  provinces: ProvinceCast[];
  /** Districts of every province (fishing ports, Bangkok, home provinces). */
  districtsOf: Map<string, { code: string; nameTh: string }[]>;
  provinceNames: Map<string, string>;
  /** Network partners by role (null when the network seed did not make them). */
  partners: {
    repatriation: string | null;
    borderCentre: string | null;
    laoReturn: string | null;
    hospital57: string | null;
    lawyers57: string | null;
    interpreters57: string | null;
    girlsShelter57: string | null;
    migrantFoundation63: string | null;
    girlsHouse63: string | null;
    womensFoundation10: string | null;
  };
  indicators: { code: string; group: string }[];
}

type Details = Record<string, string | number | boolean | null | string[]>;

export interface Act {
  caseId: string;
  at: Date;
  userId: string | null;
  orgId: string | null;
  action: AuditAction;
  part: CasePart;
  targetType?: string;
  targetId?: string;
  details: Details;
  /** The stage the recorded fact puts an open case in at least (the timeline notes the move). */
  implies?: CaseStage;
}

export interface CaseStory {
  id: string;
  provinceCode: string;
  organisationId: string;
  openedAt: Date;
  stage: CaseStage;
  stageBeforeClose: CaseStage | null;
  status: 'Active' | 'FollowUp' | 'Closed' | 'ClosedReferred';
  closedAt: Date | null;
  closureReason: string | null;
  reflectionDays: number;
  ownerUserId: string;
  createdBy: string;
  persons: PersonStory[];
  events: { id: string; casePersonId: string; type: 'Recruitment' | 'Transit' | 'Exploitation'; eventDate: string; country: string; provinceCode: string | null; districtCode: string | null; place: string | null; description: string | null; createdBy: string; createdAt: Date }[];
  screenings: { id: string; casePersonId: string; screenedAt: Date; interviewerUserId: string; interviewerOrganisationId: string; language: string; interpreterUsed: boolean; answers: Record<string, 'yes' | 'no' | 'unknown'>; indicatorsMet: number; summary: string }[];
  consents: { id: string; casePersonId: string; purposes: string[]; givenBy: 'victim' | 'guardian'; guardianCasePersonId: string | null; givenAt: Date; method: string; recordedBy: string; withdrawnAt: Date | null; withdrawnBy: string | null }[];
  referrals: { id: string; casePersonId: string; fromOrganisationId: string; toOrganisationId: string; service: string; reason: string; details: string; sharedParts: CasePart[]; consentId: string | null; override: { reason: string; by: string } | null; status: 'requested' | 'accepted' | 'declined'; requestedAt: Date; requestedBy: string; answeredAt: Date | null; answeredBy: string | null; answerReason: string | null; version: number }[];
  services: { id: string; casePersonId: string; service: string; providerOrganisationId: string; referralId: string | null; plannedStart: string; plannedEnd: string | null; actualStart: string | null; actualEnd: string | null; status: 'planned' | 'in_progress' | 'delivered' | 'cancelled'; outcome: string | null; version: number; createdBy: string; createdAt: Date; updatedAt: Date }[];
  followUps: { id: string; casePersonId: string; scheduledFor: string; visitedAt: string | null; visitedBy: string | null; ratings: { livelihood: number; family: number; justice: number; future: number } | null; compensationReceived: boolean | null; notes: string | null; version: number; createdAt: Date }[];
  team: { userId: string; role: string; addedAt: Date }[];
  notifications: { userId: string; kind: string; createdAt: Date; read: boolean; dedupeKey: string | null }[];
  acts: Act[];
  involvesChild: boolean;
  exploitationTypes: string[];
}

/** Thailand's calendar date (UTC+7) of an instant. */
export const thaiDate = (d: Date | number) => new Date(new Date(d).getTime() + 7 * HOUR).toISOString().slice(0, 10);
/** Mid-morning in Thailand on a date: when visits and returns happen. */
const instantOf = (date: string) => new Date(`${date}T10:00:00+07:00`).getTime();

// ---------------------------------------------------------------------------------------- the plan

/** How each province's cases are spread over the stages; every stage appears in every province. */
const stageShares: [CaseStage, number][] = [
  ['screening', 0.06], ['temporary_protection', 0.05], ['identification', 0.12], ['assistance', 0.17], ['return', 0.07],
  ['reintegration', 0.2], ['closed', 0.33],
];

/** Clocks for the dashboards: Act s.29 custody running, due soon, run out, extended; temporary shelter the same. */
const identificationVariants = ['custody_running', 'custody_overdue', 'extended_running', 'shelter_running', 'shelter_overdue', 'custody_due_soon', 'shelter_due_soon'] as const;
type Variant = 'plain' | (typeof identificationVariants)[number] | 'closed_reintegrated' | 'closed_not_victim' | 'closed_repatriated' | 'closed_declined';

function plan(count: number, rng: Rng): { stage: CaseStage; variant: Variant }[] {
  const out: { stage: CaseStage; variant: Variant }[] = [];
  for (const [stage, share] of stageShares) {
    const n = Math.max(stage === 'closed' ? 4 : 2, Math.round(count * share));
    for (let i = 0; i < n; i++) {
      let variant: Variant = 'plain';
      if (stage === 'identification') variant = identificationVariants[i] ?? 'shelter_running';
      if (stage === 'closed') {
        variant = i < 3 ? (['closed_reintegrated', 'closed_not_victim', 'closed_repatriated'] as const)[i]!
          : rng.weighted([['closed_reintegrated', 60], ['closed_not_victim', 15], ['closed_repatriated', 17], ['closed_declined', 8]] as const);
      }
      out.push({ stage, variant });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------- one case

const indicatorAnswer = (inGroups: boolean, rng: Rng): 'yes' | 'no' | 'unknown' =>
  inGroups ? rng.weighted([['yes', 55], ['no', 35], ['unknown', 10]] as const) : rng.weighted([['yes', 8], ['no', 80], ['unknown', 12]] as const);

interface Cast { rng: Rng; ctx: StoryContext; p: ProvinceCast }

/** Services a shelter is asked for, by sex: the Tak shelter houses girls and women only. */
const referralServiceFor = (v: PersonStory) => (v.sex === 'female' ? 'shelter' : 'psychosocial_support');

function buildCase(c: Cast, stage: CaseStage, variant: Variant): CaseStory {
  const { rng, ctx, p } = c;
  const now = ctx.now.getTime();
  const place: PlaceCast = { code: p.code, districts: p.districts, districtsOf: ctx.districtsOf, provinceNames: ctx.provinceNames, now: ctx.now };
  const h = (a: number, b: number) => rng.int(a * 60, b * 60) * 60_000;
  const d = (a: number, b: number) => rng.int(a * 24, b * 24) * HOUR;
  const profileKey = rng.weighted(profileWeights[p.code] ?? profileWeights['57']!);
  const profile = profiles[profileKey];
  const natWeights = nationalityWeights[p.code] ?? nationalityWeights['57']!;
  let nat = rng.weighted((Object.keys(natWeights) as DemoNationality[]).map((n) => [n, natWeights[n] * (profile.nationalityBias[n] ?? 1)] as const));
  const repatriatedClosure = variant === 'closed_repatriated';
  // A case closed by handing the person to the home country's care needs a home country.
  if (repatriatedClosure && nat === 'THA') nat = p.code === '63' ? 'MMR' : 'LAO';
  const notAVictim = variant === 'closed_not_victim';
  const child = rng.chance(profile.childShare);
  const nVictims = rng.int(profile.group[0], profile.group[1]);

  // ------------------------------------------------ when things happen
  let takenIntoCare: number | null = null;
  let screened: number | null = null;
  let identified: number | null = null;
  let returned: string | null = null;
  let closed: number | null = null;
  switch (variant) {
    case 'custody_running': takenIntoCare = now - h(3, 14); break;
    case 'custody_due_soon': takenIntoCare = now - h(21, 23); break;
    case 'custody_overdue': takenIntoCare = now - h(27, 36); break;
    case 'extended_running': takenIntoCare = now - d(2, 5); break;
    case 'shelter_running': takenIntoCare = now - d(3, 12); break;
    case 'shelter_due_soon': takenIntoCare = now - (15 * DAY - h(8, 30)); break;
    case 'shelter_overdue': takenIntoCare = now - d(16, 19); break;
    default: break;
  }
  let opened: number;
  if (takenIntoCare !== null) opened = takenIntoCare - h(2, 5);
  else if (stage === 'screening') opened = now - h(2, 60);
  else if (stage === 'temporary_protection') opened = now - h(6, 60);
  else if (stage === 'assistance') opened = now - d(20, 150);
  else if (stage === 'return') {
    // Returns recorded in the last three weeks, or planned for the next two (the API takes plans up to a year ahead).
    returned = thaiDate(now + d(-20, 14));
    opened = instantOf(returned) - d(45, 160);
  } else if (stage === 'reintegration') {
    returned = thaiDate(now - d(25, 345));
    opened = instantOf(returned) - d(40, 150);
  } else if (variant === 'closed_reintegrated') {
    returned = thaiDate(now - d(400, 900));
    opened = instantOf(returned) - d(40, 150);
  } else if (variant === 'closed_repatriated') {
    returned = thaiDate(now - d(20, 900));
    opened = instantOf(returned) - d(40, 120);
  } else opened = now - d(70, 1000);
  if (stage === 'temporary_protection') screened = Math.min(opened + h(1, 5), now - h(1, 2));
  else if (stage !== 'screening') {
    takenIntoCare ??= opened + h(2, 6);
    screened = takenIntoCare - h(0, 1) - 30 * 60_000;
  }
  const victimPath = stage === 'assistance' || stage === 'return' || stage === 'reintegration'
    || variant === 'closed_reintegrated' || variant === 'closed_repatriated' || variant === 'closed_declined';
  if (victimPath || notAVictim) identified = takenIntoCare! + d(3, 13);
  if (variant === 'closed_declined') closed = Math.min(identified! + d(20, 90), now - DAY);
  const returnedAt = returned ? instantOf(returned) : null;

  const caseId = randomUUID();
  const officer = { userId: p.officer, orgId: p.centreOrg };
  const mdt = { userId: p.mdt, orgId: p.centreOrg };
  const acts: Act[] = [];
  const act = (at: number, who: { userId: string; orgId: string }, action: AuditAction, part: CasePart,
    extra: { targetType?: string; targetId?: string; details?: Details; implies?: CaseStage } = {}) => {
    acts.push({
      caseId, at: new Date(Math.min(at, now - 60_000)), userId: who.userId, orgId: who.orgId, action, part, details: extra.details ?? {},
      ...(extra.targetType ? { targetType: extra.targetType, targetId: extra.targetId } : {}), ...(extra.implies ? { implies: extra.implies } : {}),
    });
  };
  const past = (t: number) => new Date(Math.min(t, now - 60_000));

  // ------------------------------------------------ people and team
  const victims: PersonStory[] = [];
  const yearsAgo = Math.floor((now - opened) / (365.25 * DAY));
  for (let i = 0; i < nVictims; i++) {
    const sex = rng.chance(profile.sexShare) ? 'female' : 'male';
    const age = child ? rng.int(profile.childAges[0], profile.childAges[1]) + yearsAgo : rng.int(18, 45);
    const v = makePerson(rng, place, { role: 'victim', nationality: i > 0 && rng.chance(0.2) ? rng.pick(['MMR', 'LAO', 'KHM'] as const) : nat, sex, age });
    v.ageWhenTrafficked = Math.max(5, age - yearsAgo);
    victims.push(v);
  }
  const persons: PersonStory[] = [...victims];
  const team: CaseStory['team'] = [{ userId: p.officer, role: 'case_manager', addedAt: new Date(opened) }];
  act(opened, officer, 'case.created', 'summary', { details: { provinceCode: p.code, reportId: null, persons: victims.length } });
  const addMember = (userId: string, role: string, at: number) => {
    team.push({ userId, role, addedAt: past(at) });
    act(at, officer, 'case.team_added', 'summary', { targetType: 'user', targetId: userId, details: { role } });
  };
  if (rng.chance(0.85) || stage === 'identification' || stage === 'temporary_protection') addMember(p.mdt, 'social_worker', opened + h(0, 3));
  if (p.investigator && rng.chance(0.4)) addMember(p.investigator.user, 'police', opened + h(1, 6));

  // ------------------------------------------------ trafficking details and events
  const exploitationTypes = child && profile.childExploitation ? profile.childExploitation : profile.exploitation;
  const placeProvince = profile.abroad ? null : profile.places && rng.chance(0.7) ? rng.pick(profile.places) : p.code;
  const placeDistricts = placeProvince ? ctx.districtsOf.get(placeProvince) ?? [] : [];
  const placeDistrict = placeDistricts.length ? rng.pick(placeDistricts) : null;
  const events: CaseStory['events'] = [];
  const writer = rng.chance(0.5) ? officer : mdt;
  for (const v of victims) {
    // A new case knows the form of exploitation reported; the rest comes with the interview.
    Object.assign(v.cp, { exploitationTypes, ageWhenTrafficked: v.ageWhenTrafficked });
    if (stage === 'screening') continue;
    Object.assign(v.cp, {
      meansOfControl: rng.sample(profile.means, rng.int(2, Math.min(4, profile.means.length))),
      recruitmentMethods: rng.sample(profile.recruitment, 1),
      relationshipToTrafficker: rng.weighted([['Acquainted', 50], ['Unaquainted', 35], ['Familial', profileKey === 'begging' || profileKey === 'forced_marriage' ? 40 : 15]] as const),
      industry: profile.industry,
      sexExploitationTypes: profile.sexTypes ? rng.sample(profile.sexTypes, rng.int(1, profile.sexTypes.length)) : [],
      recruitmentApps: profile.apps && rng.chance(0.7) ? rng.sample(profile.apps, rng.int(1, 2)) : [],
      exploitationApps: profile.apps && profileKey === 'online_sexual' ? rng.sample(profile.apps, 1) : [],
    });
    const recordedAt = past(opened + h(4, 30));
    const recruitedAt = opened - d(20, 400);
    const home = v.nationality === 'THA' ? 'THA' : v.nationality;
    events.push({
      id: randomUUID(), casePersonId: v.casePersonId, type: 'Recruitment', eventDate: thaiDate(recruitedAt), country: home,
      provinceCode: home === 'THA' ? v.homeProvince ?? p.code : null, districtCode: null,
      place: home === 'THA' ? 'หมู่บ้านของผู้เสียหาย' : 'หมู่บ้านต้นทาง', description: null, createdBy: writer.userId, createdAt: recordedAt,
    });
    if (v.nationality !== 'THA' || profile.abroad) {
      const border = p.code === '63' || v.nationality === 'MMR' ? '63' : '57';
      const bd = ctx.districtsOf.get(border) ?? [];
      events.push({
        id: randomUUID(), casePersonId: v.casePersonId, type: 'Transit', eventDate: thaiDate(recruitedAt + d(1, 10)), country: 'THA',
        provinceCode: border, districtCode: bd.length ? rng.pick(bd).code : null, place: 'จุดผ่านแดนธรรมชาติ', description: null,
        createdBy: writer.userId, createdAt: recordedAt,
      });
    }
    events.push({
      id: randomUUID(), casePersonId: v.casePersonId, type: 'Exploitation', eventDate: thaiDate(opened - d(1, 15)),
      country: profile.abroad ?? 'THA', provinceCode: placeProvince, districtCode: placeDistrict?.code ?? null,
      place: `${rng.pick(profile.placeTexts)}${placeDistrict ? ` อำเภอ${placeDistrict.nameTh}` : ''}`,
      description: 'ผู้เสียหายถูกควบคุมและไม่ได้รับค่าตอบแทนตามที่ตกลง', createdBy: writer.userId, createdAt: recordedAt,
    });
    act(recordedAt.getTime() + 60_000, writer, 'case.person_updated', 'trafficking', { targetType: 'case_person', targetId: v.casePersonId, details: { fields: ['trafficking'] } });
    v.version++;
  }
  for (const e of events) act(e.createdAt.getTime(), writer, 'case.event_added', 'trafficking', { targetType: 'case_event', targetId: e.id, details: { type: e.type } });

  // ------------------------------------------------ screening and temporary protection (Act s.29)
  const screenings: CaseStory['screenings'] = [];
  const interviewer = p.investigator && rng.chance(0.4) ? { userId: p.investigator.user, orgId: p.investigator.org } : mdt;
  if (screened !== null) {
    for (const v of victims) {
      const answers: Record<string, 'yes' | 'no' | 'unknown'> = {};
      const kid = isChild(v.birthDate, v.estimatedAge) === true || (v.ageWhenTrafficked ?? 99) < 18;
      for (const ind of ctx.indicators) answers[ind.code] = ind.group === 'child' && !kid ? 'no' : indicatorAnswer(profile.indicatorGroups.includes(ind.group), rng);
      // Someone taken into care met a few indicators at least; a "not a victim" decision followed a thinner screening.
      const groupCodes = ctx.indicators.filter((i) => profile.indicatorGroups.includes(i.group) && (i.group !== 'child' || kid)).map((i) => i.code);
      for (const code of rng.sample(groupCodes, notAVictim ? 1 : Math.min(groupCodes.length, 3))) answers[code] = 'yes';
      const met = Object.values(answers).filter((a) => a === 'yes').length;
      const s = {
        id: randomUUID(), casePersonId: v.casePersonId, screenedAt: new Date(screened), interviewerUserId: interviewer.userId,
        interviewerOrganisationId: interviewer.orgId, language: v.languages[0]!, interpreterUsed: v.needsInterpreter, answers, indicatorsMet: met,
        summary: `พบตัวบ่งชี้ ${met} ข้อ ${notAVictim ? 'ข้อมูลยังไม่ชัดเจน ต้องสัมภาษณ์เพิ่มเติม' : 'เข้าข่ายผู้ที่อาจเป็นผู้เสียหาย ควรรับไว้คุ้มครองชั่วคราว'}`,
      };
      screenings.push(s);
      act(screened + h(0, 1), interviewer, 'case.screened', 'screening', {
        targetType: 'screening', targetId: s.id, implies: 'temporary_protection',
        details: { casePersonId: v.casePersonId, indicatorsMet: met, answered: Object.keys(answers).length, language: s.language, interpreterUsed: s.interpreterUsed },
      });
    }
  }
  const reflectionDays = rng.weighted([[45, 80], [60, 12], [30, 8]] as const);
  const extended = variant === 'extended_running' || (takenIntoCare !== null && variant !== 'custody_running' && variant !== 'custody_due_soon'
    && variant !== 'custody_overdue' && rng.chance(0.2));
  // In custody only (the first hours, or a court's extension), or moved on to a temporary shelter.
  const sheltered = takenIntoCare !== null && (variant.startsWith('shelter') || (stage !== 'identification' && !notAVictim)
    || ((variant === 'extended_running' || notAVictim) && rng.chance(0.5)));
  // Girls and women go to the partners' girls' and women's shelters where there are some; everyone else to the province's shelter.
  const shelterOf = (v: PersonStory) => {
    if (v.sex !== 'female') return p.shelterOrg;
    const kid = (v.ageWhenTrafficked ?? 99) < 18;
    const partner = kid ? (p.code === '57' ? ctx.partners.girlsShelter57 : p.code === '63' ? ctx.partners.girlsHouse63 : null)
      : (p.code === '63' ? ctx.partners.migrantFoundation63 : p.code === '10' ? ctx.partners.womensFoundation10 : null);
    return partner ?? p.shelterOrg;
  };
  const courtOrder = `คำสั่งศาลจังหวัด${p.code === '10' ? 'อาญา' : p.nameTh} ที่ ${rng.int(100, 990)}/${new Date(opened).getUTCFullYear() + 543}`;
  if (takenIntoCare !== null) {
    for (const v of victims) {
      // The first record: taken into care; the reflection period defaults from the case's days.
      Object.assign(v.cp, { takenIntoCareAt: new Date(takenIntoCare), reflectionUntil: new Date(takenIntoCare + reflectionDays * DAY) });
      act(takenIntoCare + h(0, 1), officer, 'case.protection_recorded', 'protection', {
        targetType: 'case_person', targetId: v.casePersonId, implies: 'identification', details: { extended: false, shelterOrganisationId: null, replaced: false },
      });
      v.version++;
      if (!extended && !sheltered) continue;
      // The record replaced by the court's extension (never beyond 7 days) and/or the temporary shelter (at most 15 days).
      if (extended) Object.assign(v.cp, { custodyExtendedUntil: new Date(takenIntoCare + 7 * DAY - h(0, 30)), custodyCourtOrder: courtOrder });
      const shelter = sheltered ? shelterOf(v) : null;
      if (shelter) Object.assign(v.cp, { temporaryShelterOrganisationId: shelter, temporaryShelterUntil: new Date(takenIntoCare + 15 * DAY) });
      act(takenIntoCare + h(18, 23), officer, 'case.protection_recorded', 'protection', {
        targetType: 'case_person', targetId: v.casePersonId, details: { extended, shelterOrganisationId: shelter, replaced: true },
      });
      v.version++;
    }
  }

  // ------------------------------------------------ guardians and consent (PDPA; a guardian's for a child)
  const consents: CaseStory['consents'] = [];
  const consentOf = new Map<string, string>();
  if (takenIntoCare !== null) {
    for (const v of victims) {
      const kid = isChild(v.birthDate, v.estimatedAge) !== false || (v.ageWhenTrafficked ?? 99) < 18;
      const at = Math.min(takenIntoCare + h(20, 40), identified ?? Infinity, now - h(1, 2));
      let guardian: string | null = null;
      if (kid) {
        const [relationship, sex] = rng.pick(relationshipsOfGuardian);
        const g = makePerson(rng, place, { role: 'guardian', nationality: v.nationality, sex, age: rng.int(32, 60), guardianOf: v.casePersonId, relationship });
        persons.push(g);
        guardian = g.casePersonId;
        act(Math.max(opened + 60_000, at - h(1, 3)), mdt, 'case.person_added', 'persons', { targetType: 'case_person', targetId: g.casePersonId, details: { role: 'guardian' } });
      }
      const consent = {
        id: randomUUID(), casePersonId: v.casePersonId, purposes: victimPath ? ['data_processing', 'sharing', 'referral'] : ['data_processing'],
        givenBy: (kid ? 'guardian' : 'victim') as 'victim' | 'guardian', guardianCasePersonId: guardian, givenAt: new Date(at),
        method: rng.weighted([['written', 65], ['verbal_witnessed', 20], ['thumbprint', 15]] as const), recordedBy: p.mdt,
        withdrawnAt: null as Date | null, withdrawnBy: null as string | null,
      };
      consents.push(consent);
      consentOf.set(v.casePersonId, consent.id);
      act(at, mdt, 'case.consent_recorded', 'summary', {
        targetType: 'consent', targetId: consent.id, details: { casePersonId: v.casePersonId, purposes: consent.purposes, givenBy: consent.givenBy, method: consent.method },
      });
    }
  }
  if (rng.chance(0.1)) {
    const [relationship, sex] = rng.pick(familyRelationships);
    const f = makePerson(rng, place, { role: 'family', nationality: victims[0]!.nationality, sex, age: rng.int(20, 60), relationship });
    persons.push(f);
    act(opened + h(6, 48), mdt, 'case.person_added', 'persons', { targetType: 'case_person', targetId: f.casePersonId, details: { role: 'family' } });
  }

  // ------------------------------------------------ identification by the team
  if (identified !== null) {
    const decision = notAVictim ? 'NotAVictimOfTrafficking' : rng.chance(0.1) ? 'PossibleVictimOfTrafficking' : 'ActualVictimOfTrafficking';
    const orgType = rng.weighted([['NonPoliceGovernmentalOrganization', 60], ['Police', 35], ['CourtOrProsecution', 5]] as const);
    for (const v of victims) {
      Object.assign(v.cp, { traffickingStatus: decision, identifiedAt: new Date(identified), identificationOrgType: orgType, identifiedBy: p.officer });
      v.identificationReasons = decision === 'ActualVictimOfTrafficking' ? 'ครบองค์ประกอบการกระทำ วิธีการ และวัตถุประสงค์เพื่อการแสวงหาประโยชน์ตามมาตรา 6'
        : decision === 'PossibleVictimOfTrafficking' ? 'มีข้อบ่งชี้ แต่ยังต้องรวบรวมพยานหลักฐานเพิ่มเติม' : 'ไม่พบองค์ประกอบด้านวิธีการและการแสวงหาประโยชน์';
      act(identified, officer, 'case.identified', 'protection', {
        targetType: 'case_person', targetId: v.casePersonId, implies: notAVictim ? 'identification' : 'assistance',
        details: { decision, decidingOrgType: orgType, previous: null },
      });
      v.version++;
    }
    if (p.prosecutor && victimPath && rng.chance(0.3)) addMember(p.prosecutor.user, 'prosecutor', identified + h(2, 48));
  }

  // ------------------------------------------------ protection plan and referrals
  const services: CaseStory['services'] = [];
  const referrals: CaseStory['referrals'] = [];
  const notifications: CaseStory['notifications'] = [];
  /** Services end before the return, the closure, and now. */
  const limit = Math.min(returnedAt ?? Infinity, closed ?? Infinity, now);
  const stageDone = stage !== 'assistance';
  if (victimPath) {
    const planned = identified! + h(2, 30);
    const v0 = victims[0]!;
    // A referral to a shelter: the other demo province's, sometimes Bangkok's or the province's own.
    if (rng.chance(0.45)) {
      const neighbours = ctx.provinces.filter((x) => x.code !== p.code && x.code !== '10');
      const bangkok = ctx.provinces.find((x) => x.code === '10');
      const to = p.code === '10' || neighbours.length === 0 ? p : rng.chance(0.7) ? rng.pick(neighbours) : rng.chance(0.3) && bangkok ? bangkok : p;
      const requestedAt = stage === 'assistance' && rng.chance(0.3) ? Math.max(planned + h(1, 4), now - h(3, 200)) : planned + h(1, 48);
      const pending = stage === 'assistance' && requestedAt > now - 10 * DAY && rng.chance(0.6);
      const declined = !pending && rng.chance(0.22);
      const override = !pending && !declined && rng.chance(0.05);
      const service = referralServiceFor(v0);
      const r: CaseStory['referrals'][number] = {
        id: randomUUID(), casePersonId: v0.casePersonId, fromOrganisationId: p.centreOrg, toOrganisationId: to.shelterOrg, service,
        reason: to.code === p.code ? 'AdditionalServicesRequired' : rng.pick(['MigrationOrChangeOfLocation', 'AdditionalServicesRequired']),
        details: 'ขอส่งผู้เสียหายเข้ารับการคุ้มครองและฟื้นฟูสภาพจิตใจ', sharedParts: ['summary', 'persons', 'identity', 'protection', 'services'],
        consentId: override ? null : consentOf.get(v0.casePersonId) ?? null,
        override: override ? { reason: 'ผู้เสียหายอยู่ในภาวะวิกฤตและยังให้ความยินยอมไม่ได้ ต้องได้รับการคุ้มครองทันที', by: p.officer } : null,
        status: pending ? 'requested' : declined ? 'declined' : 'accepted', requestedAt: new Date(requestedAt), requestedBy: p.officer,
        answeredAt: pending ? null : new Date(Math.min(requestedAt + h(2, 40), now - 60_000)), answeredBy: pending ? null : to.shelterUser,
        answerReason: declined ? rng.pick(['ที่พักเต็ม ไม่สามารถรับเพิ่มได้ในขณะนี้', 'อยู่นอกกลุ่มเป้าหมายที่หน่วยงานรับดูแล']) : null,
        version: pending ? 1 : 2,
      };
      referrals.push(r);
      act(requestedAt, officer, 'case.referral_requested', 'summary', {
        targetType: 'referral', targetId: r.id,
        details: { kind: 'referral', casePersonId: v0.casePersonId, toOrganisationId: r.toOrganisationId, service, reason: r.reason, sharedParts: r.sharedParts, consentId: r.consentId, consentOverridden: override },
      });
      if (override) act(requestedAt, officer, 'case.referral_consent_override', 'summary', { targetType: 'referral', targetId: r.id, details: { casePersonId: v0.casePersonId, purpose: 'referral' } });
      notifications.push({ userId: to.shelterUser, kind: 'referral_requested', createdAt: new Date(requestedAt), read: !pending, dedupeKey: null });
      if (r.answeredAt) {
        const shelter = { userId: to.shelterUser, orgId: to.shelterOrg };
        act(r.answeredAt.getTime(), shelter, declined ? 'case.referral_declined' : 'case.referral_accepted', 'summary', {
          targetType: 'referral', targetId: r.id, details: declined ? { kind: 'referral', toOrganisationId: r.toOrganisationId } : { kind: 'referral', toOrganisationId: r.toOrganisationId, sharedParts: r.sharedParts },
        });
        notifications.push({ userId: p.officer, kind: declined ? 'referral_declined' : 'referral_accepted', createdAt: r.answeredAt, read: now - r.answeredAt.getTime() > 5 * DAY, dedupeKey: null });
        if (!declined) {
          // The receiving shelter records what it gives (the services part was shared with it).
          for (const s of [service, rng.chance(0.6) ? 'medical_care' : 'recreation']) {
            const start = r.answeredAt.getTime() + h(1, 24);
            const end = stageDone || rng.chance(0.3) ? Math.min(start + d(10, 60), limit - DAY) : null;
            const delivered = end !== null && end > start;
            services.push({
              id: randomUUID(), casePersonId: v0.casePersonId, service: s, providerOrganisationId: to.shelterOrg, referralId: r.id,
              plannedStart: thaiDate(start), plannedEnd: thaiDate(start + 60 * DAY), actualStart: start <= now ? thaiDate(start) : null,
              actualEnd: delivered ? thaiDate(end) : null, status: delivered ? 'delivered' : start <= now ? 'in_progress' : 'planned',
              outcome: delivered ? 'ได้รับบริการครบตามแผน' : null, version: delivered ? 2 : 1,
              createdBy: to.shelterUser, createdAt: past(start), updatedAt: past(delivered ? end : start),
            });
          }
        }
      }
    }
    // The team's own plan: medical care and psychosocial support for everyone, the way home for migrants, and one more need.
    for (const v of victims) {
      const kid = (v.ageWhenTrafficked ?? 99) < 18;
      const wanted = new Set<string>(['psychosocial_support', 'medical_care']);
      if (v.nationality !== 'THA') wanted.add('repatriation');
      wanted.add(v.needsInterpreter && rng.chance(0.5) ? 'interpretation' : kid ? 'education' : rng.pick(['legal_assistance', 'vocational_training', 'compensation_claim', 'food']));
      for (const s of services) if (s.casePersonId === v.casePersonId) wanted.delete(s.service);
      for (const service of wanted) {
        const start = planned + h(0, 72);
        const repat = service === 'repatriation';
        const deliveredAt = repat ? (returnedAt !== null && returnedAt <= now ? returnedAt : null)
          : stageDone ? Math.min(start + d(5, 60), limit - h(1, 20))
            : rng.chance(0.45) ? Math.min(start + d(3, 30), now - h(1, 20)) : null;
        const cancelled = variant === 'closed_declined' && (repat || rng.chance(0.6));
        const status: CaseStory['services'][number]['status'] = cancelled ? 'cancelled' : deliveredAt !== null && deliveredAt > start ? 'delivered'
          : start <= now && !repat ? 'in_progress' : 'planned';
        const provider = providerFor(ctx, p, service, v);
        services.push({
          id: randomUUID(), casePersonId: v.casePersonId, service, providerOrganisationId: provider, referralId: null,
          plannedStart: thaiDate(repat ? returnedAt ?? start + d(20, 60) : start), plannedEnd: thaiDate((repat ? returnedAt ?? start + d(20, 60) : start) + d(30, 120)),
          actualStart: status === 'in_progress' || status === 'delivered' ? thaiDate(repat ? returnedAt! : start) : null,
          actualEnd: status === 'delivered' ? thaiDate(deliveredAt!) : null, status,
          outcome: status === 'delivered' ? rng.pick(['ได้รับบริการครบตามแผน', 'อาการดีขึ้น ติดตามต่อเนื่อง', 'ได้รับเอกสารเดินทางแล้ว']) : null,
          version: status === 'delivered' || status === 'cancelled' ? 2 : 1, createdBy: p.mdt, createdAt: past(start - h(0, 2)),
          updatedAt: past(status === 'delivered' ? deliveredAt! : status === 'cancelled' ? closed! - h(1, 5) : start - h(0, 2)),
        });
      }
    }
    for (const s of services) {
      const who = s.createdBy === p.mdt ? mdt : { userId: s.createdBy, orgId: s.providerOrganisationId };
      const firstStatus = s.status === 'cancelled' ? 'planned' : s.status === 'delivered' ? (s.actualStart ? 'in_progress' : 'planned') : s.status;
      act(s.createdAt.getTime(), who, 'case.service_added', 'services', {
        targetType: 'case_service', targetId: s.id,
        details: { casePersonId: s.casePersonId, service: s.service, status: firstStatus, providerOrganisationId: s.providerOrganisationId, referralId: s.referralId },
      });
      if (s.version > 1) act(s.updatedAt.getTime(), who, 'case.service_updated', 'services', { targetType: 'case_service', targetId: s.id, details: { service: s.service, status: s.status, fields: ['status', 'actualEnd'] } });
    }
    // Now and then a victim without a referral withdraws consent to sharing.
    if (referrals.length === 0 && consents.length > 0 && rng.chance(0.04)) {
      const cn = consents[0]!;
      cn.withdrawnAt = new Date(Math.min(identified! + d(5, 20), now - DAY));
      cn.withdrawnBy = p.mdt;
      act(cn.withdrawnAt.getTime(), mdt, 'case.consent_withdrawn', 'summary', { targetType: 'consent', targetId: cn.id, details: { casePersonId: cn.casePersonId, purposes: cn.purposes } });
    }
  }

  // ------------------------------------------------ return and reintegration follow-up
  const followUps: CaseStory['followUps'] = [];
  const today = thaiDate(now);
  if (returned && victimPath) {
    for (const v of victims) {
      const repat = v.nationality !== 'THA';
      const partnerId = !repat ? null : v.nationality === 'MMR' && p.code === '63' ? ctx.partners.borderCentre ?? ctx.partners.repatriation
        : v.nationality === 'LAO' ? ctx.partners.laoReturn ?? ctx.partners.repatriation : ctx.partners.repatriation;
      Object.assign(v.cp, repat
        ? { returnKind: 'repatriation', returnCountry: v.nationality, returnDate: returned, returnPartnerId: partnerId }
        : { returnKind: 'domicile', returnCountry: 'THA', returnDate: returned, returnProvinceCode: v.homeProvince ?? p.code });
      if (repat) v.travelDocuments = v.document?.type === 'passport' ? 'หนังสือเดินทางของผู้เสียหาย' : 'หนังสือรับรองความเป็นบุคคล (Certificate of Identity) จากสถานเอกอัครราชทูต';
      act(Math.min(instantOf(returned) - d(1, 5), now - h(1, 10)), officer, 'case.return_recorded', 'return', {
        targetType: 'case_person', targetId: v.casePersonId, implies: 'return',
        details: { kind: v.cp.returnKind as string, country: v.cp.returnCountry as string, provinceCode: repat ? null : v.cp.returnProvinceCode as string, partnerId },
      });
      v.version++;
      if (stage !== 'reintegration' && variant !== 'closed_reintegrated') continue;
      // Visits every three months for a year from a start a week or three after the return, rated on the four dimensions.
      const start = thaiDate(instantOf(returned) + d(7, 21));
      const planAt = Math.min(instantOf(returned) + h(1, 72), now - h(1, 5));
      act(planAt, mdt, 'case.follow_up_scheduled', 'followups', {
        targetType: 'case_person', targetId: v.casePersonId, implies: 'reintegration', details: { visits: 5, months: 12, everyMonths: 3, replaced: 0 },
      });
      let level = rng.int(2, 3);
      const dates = followUpSchedule(start, 12, 3);
      for (const [i, scheduledFor] of dates.entries()) {
        const due = scheduledFor < today;
        // About one case in seven has its latest visit overdue (it shows in "my tasks").
        const overdue = due && stage === 'reintegration' && dates[i + 1] !== undefined && dates[i + 1]! >= today && rng.chance(0.15);
        const visitedAt = due && !overdue ? thaiDate(Math.min(instantOf(scheduledFor) + d(0, 6), now - h(1, 10))) : null;
        level = Math.min(5, Math.max(1, level + (rng.chance(0.6) ? 1 : 0) - (rng.chance(0.1) ? 1 : 0)));
        const f: CaseStory['followUps'][number] = {
          id: randomUUID(), casePersonId: v.casePersonId, scheduledFor, visitedAt, visitedBy: visitedAt ? p.mdt : null,
          ratings: visitedAt ? { livelihood: clamp(level + rng.int(-1, 0)), family: clamp(level + rng.int(-1, 1)), justice: clamp(level - 1 + (i > 2 ? 1 : 0)), future: clamp(level + rng.int(-1, 0)) } : null,
          compensationReceived: visitedAt ? i >= 3 && rng.chance(0.5) : null,
          notes: visitedAt && rng.chance(0.5) ? rng.pick(['เยี่ยมบ้าน ครอบครัวให้การสนับสนุนดี', 'มีงานทำแล้ว รายได้พอเลี้ยงตัว', 'ยังกังวลเรื่องคดี ประสานทนายความให้', 'กลับเข้าเรียนแล้ว']) : null,
          version: visitedAt ? 2 : 1, createdAt: new Date(planAt),
        };
        followUps.push(f);
        if (f.visitedAt && f.ratings) {
          act(instantOf(f.visitedAt) + h(0, 6), mdt, 'case.follow_up_recorded', 'followups', {
            targetType: 'follow_up', targetId: f.id, implies: 'reintegration',
            details: { casePersonId: v.casePersonId, ...f.ratings, compensationReceived: f.compensationReceived, corrected: false },
          });
        }
      }
    }
  }

  // ------------------------------------------------ closure
  let status: CaseStory['status'] = stage === 'reintegration' ? 'FollowUp' : 'Active';
  let closureReason: string | null = null;
  let stageBeforeClose: CaseStage | null = null;
  if (stage === 'closed') {
    if (variant === 'closed_reintegrated') {
      const last = followUps.map((f) => f.visitedAt!).sort().at(-1)!;
      closed = Math.min(instantOf(last) + d(3, 20), now - DAY);
      [closureReason, stageBeforeClose] = ['reintegrated', 'reintegration'];
    } else if (variant === 'closed_repatriated') {
      // Handed over to the home country's care at the border: closed as referred.
      closed = Math.min(returnedAt! + d(1, 10), now - h(2, 20));
      [closureReason, stageBeforeClose, status] = ['repatriated', 'return', 'ClosedReferred'];
    } else if (variant === 'closed_declined') {
      [closureReason, stageBeforeClose] = ['declined_assistance', 'assistance'];
    } else {
      closed = identified! + d(0, 3);
      [closureReason, stageBeforeClose] = ['not_a_victim', 'identification'];
    }
    if (status !== 'ClosedReferred') status = 'Closed';
    act(closed!, officer, 'case.closed', 'summary', { details: { status, reason: closureReason, stageBeforeClose } });
  }

  // ------------------------------------------------ notifications for the team
  // Clock reminders carry the reminder job's dedupe key (clock-reminders.ts), so its next run does not repeat them.
  const clockUsers = [...new Set(team.filter((m) => m.userId === p.officer || m.userId === p.mdt).map((m) => m.userId))];
  const remind = (clock: 'custody_deadline' | 'temporary_shelter_end', v: PersonStory, due: number, phase: 'due_soon' | 'overdue', at: number) => {
    for (const userId of clockUsers) {
      notifications.push({
        userId, kind: phase === 'overdue' ? 'clock_overdue' : 'clock_due_soon', createdAt: past(at), read: false,
        dedupeKey: `clock:${clock}:${v.casePersonId}:${Math.floor(due / 1000)}:${phase}`,
      });
    }
  };
  // The live clock is the shelter's once the person is in one, else custody's; the job looks back 7 days, so do these.
  if (takenIntoCare !== null && identified === null) {
    for (const v of victims) {
      const [clock, due, soon] = v.cp.temporaryShelterUntil
        ? ['temporary_shelter_end', (v.cp.temporaryShelterUntil as Date).getTime(), 2 * DAY] as const
        : ['custody_deadline', v.cp.custodyExtendedUntil ? (v.cp.custodyExtendedUntil as Date).getTime() : takenIntoCare + 24 * HOUR, 4 * HOUR] as const;
      if (due - now < soon && due > now - 7 * DAY) remind(clock, v, due, due < now ? 'overdue' : 'due_soon', due < now ? due : due - soon);
    }
  }
  for (const m of team) {
    if (m.userId !== p.officer && now - m.addedAt.getTime() < 45 * DAY) {
      notifications.push({ userId: m.userId, kind: 'team_added', createdAt: m.addedAt, read: now - m.addedAt.getTime() > 3 * DAY, dedupeKey: null });
    }
  }

  // ------------------------------------------------ the timeline in time order, with the stage moves the API notes
  acts.sort((a, b) => a.at.getTime() - b.at.getTime());
  let current: CaseStage = 'screening';
  for (const a of acts) {
    if (!a.implies) continue;
    const next = atLeast(current, a.implies);
    if (next !== current) a.details = { ...a.details, fromStage: current, stage: next };
    current = next;
  }
  if (stage !== 'closed' && current !== stage) throw new Error(`demo case ${variant}: facts imply ${current}, planned ${stage}`);
  if (stage === 'closed' && current !== stageBeforeClose) throw new Error(`demo case ${variant}: facts imply ${current} before closing, planned ${stageBeforeClose}`);

  return {
    id: caseId, provinceCode: p.code, organisationId: p.centreOrg, openedAt: new Date(opened), stage, stageBeforeClose, status,
    closedAt: closed === null ? null : new Date(closed), closureReason, reflectionDays, ownerUserId: p.officer, createdBy: p.officer,
    persons, events, screenings, consents, referrals, services, followUps, team, notifications, acts,
    involvesChild: victims.some((v) => isChild(v.birthDate, v.estimatedAge) === true), exploitationTypes: [...new Set(exploitationTypes)].sort(),
  };
}

const clamp = (n: number) => Math.max(1, Math.min(5, n));

function providerFor(ctx: StoryContext, p: ProvinceCast, service: string, v: PersonStory): string {
  const pt = ctx.partners;
  const byProvince: Record<string, Record<string, string | null>> = {
    '57': { medical_care: pt.hospital57, legal_assistance: pt.lawyers57, interpretation: pt.interpreters57 },
    '63': { legal_assistance: pt.migrantFoundation63, interpretation: pt.migrantFoundation63 },
    '10': { legal_assistance: pt.womensFoundation10, compensation_claim: pt.womensFoundation10 },
  };
  if (service === 'repatriation') {
    if (v.nationality === 'MMR' && p.code === '63' && pt.borderCentre) return pt.borderCentre;
    if (v.nationality === 'LAO' && pt.laoReturn) return pt.laoReturn;
    return pt.repatriation ?? p.centreOrg;
  }
  return byProvince[p.code]?.[service] ?? (['psychosocial_support', 'food', 'education', 'recreation'].includes(service) ? p.shelterOrg : p.centreOrg);
}

/** Every demo case, the same on every start (one seed), spread over the provinces and stages. */
export function buildDemoCases(ctx: StoryContext, seed = 52569): CaseStory[] {
  const rng = createRng(seed);
  const out: CaseStory[] = [];
  for (const p of ctx.provinces) {
    for (const { stage, variant } of plan(p.cases, rng)) out.push(buildCase({ rng, ctx, p }, stage, variant));
  }
  return out;
}
