import { z } from 'zod';
import { ProvinceCode, ThaiNationalId } from './common.js';
import {
  apps, eventType, exploitationType, gender, industry, meansOfControl, recruitmentMethod, relationshipToTrafficker,
  sexExploitationType, traffickingStatus, vulnerability, caseStatus,
} from './htcds.js';

/** NRM stages in order (notification of the coordinating committee, B.E. 2565). */
export const caseStages = ['screening', 'temporary_protection', 'identification', 'assistance', 'return', 'reintegration', 'closed'] as const;
export const CaseStage = z.enum(caseStages);
export type CaseStage = z.infer<typeof CaseStage>;

/**
 * The parts of a case a referral can share. `summary` (number, stage, age band, sex, nationality, no
 * identity) is always shared with an accepted recipient.
 */
export const caseParts = ['summary', 'persons', 'identity', 'trafficking', 'screening', 'protection', 'services', 'notes', 'attachments', 'return', 'followups'] as const;
export const CasePart = z.enum(caseParts);
export type CasePart = z.infer<typeof CasePart>;

export const casePersonRoles = ['victim', 'family', 'guardian', 'other'] as const;
export const CasePersonRole = z.enum(casePersonRoles);
export const documentTypes = ['passport', 'border_pass', 'pink_card', 'other'] as const;
export const DocumentType = z.enum(documentTypes);

const text = (max: number) => z.string().trim().min(1).max(max);
const codes = <T extends z.ZodType>(item: T) => z.array(item).max(30).refine((a) => new Set(a).size === a.length, 'no repeated values');
const Iso3 = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3');
const LanguageCode = z.string().regex(/^[a-z]{2,3}$/, 'ISO 639 code');
const pastDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'a date between 1900 and today');
export const version = z.number().int().min(1);

/** Identity of a person in a case: encrypted at rest, read through its own audited route. */
export const CasePersonIdentityFields = {
  givenName: text(200).optional(),
  familyName: text(200).optional(),
  latinName: text(300).optional(),
  otherNames: text(500).optional(),
  nationalId: ThaiNationalId.optional(),
  documentType: DocumentType.optional(),
  documentNumber: z.string().trim().regex(/^[A-Za-z0-9 -]{4,30}$/, 'letters, digits, spaces and dashes (4–30)').optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'phone number: digits, spaces, + ( ) -').optional(),
  address: text(1000).optional(),
};

const demographicFields = {
  gender: gender.schema.default('NonSpecifiedUnknown'),
  birthDate: pastDate.optional(),
  estimatedAge: z.number().int().min(0).max(120).optional(),
  nationality: Iso3.optional(),
  languages: z.array(LanguageCode).max(10).default([]),
  needsInterpreter: z.boolean().default(false),
  disability: z.boolean().optional(),
  vulnerabilities: codes(vulnerability.schema).default([]),
};

export const CasePersonCreate = z
  .strictObject({
    role: CasePersonRole,
    /** For a guardian: the case person (a victim of this case) they are guardian of. */
    guardianOf: z.uuid().optional(),
    relationship: text(100).optional(),
    ...CasePersonIdentityFields,
    ...demographicFields,
  })
  .refine((p) => !(p.documentNumber && !p.documentType), { path: ['documentType'], message: 'the type of the document is required with its number' });
export type CasePersonCreate = z.infer<typeof CasePersonCreate>;

/** HTCDS victim context: how the person was trafficked. */
export const TraffickingDetails = z.strictObject({
  exploitationTypes: codes(exploitationType.schema),
  meansOfControl: codes(meansOfControl.schema),
  recruitmentMethods: codes(recruitmentMethod.schema),
  relationshipToTrafficker: relationshipToTrafficker.schema.nullable(),
  industry: industry.schema.nullable(),
  sexExploitationTypes: codes(sexExploitationType.schema),
  recruitmentApps: codes(apps.schema),
  exploitationApps: codes(apps.schema),
  ageWhenTrafficked: z.number().int().min(0).max(120).nullable(),
});
export type TraffickingDetails = z.infer<typeof TraffickingDetails>;

export const CasePersonUpdate = z.strictObject({
  version,
  relationship: text(100).nullable().optional(),
  gender: gender.schema.optional(),
  birthDate: pastDate.nullable().optional(),
  estimatedAge: z.number().int().min(0).max(120).nullable().optional(),
  nationality: Iso3.nullable().optional(),
  languages: z.array(LanguageCode).max(10).optional(),
  needsInterpreter: z.boolean().optional(),
  disability: z.boolean().nullable().optional(),
  vulnerabilities: codes(vulnerability.schema).optional(),
  trafficking: TraffickingDetails.partial().optional(),
});

export const CaseCreate = z.strictObject({
  /** Open the case from a triaged report (the report records the link). */
  reportId: z.uuid().optional(),
  /** Defaults to the report's province, else the caller's. */
  provinceCode: ProvinceCode.optional(),
  reflectionDays: z.number().int().min(1).max(365).optional(),
  persons: z.array(CasePersonCreate).max(20).default([]),
});
export type CaseCreate = z.infer<typeof CaseCreate>;

export const CaseUpdate = z.strictObject({
  version,
  reflectionDays: z.number().int().min(1).max(365).optional(),
  ownerUserId: z.uuid().nullable().optional(),
});

export const CaseEventCreate = z.strictObject({
  type: eventType.schema,
  eventDate: pastDate.optional(),
  country: Iso3.optional(),
  provinceCode: ProvinceCode.optional(),
  districtCode: z.string().regex(/^\d{4}$/, 'district code is 4 digits').optional(),
  place: text(500).optional(),
  description: text(4000).optional(),
});
export const CaseEvent = z.object({
  id: z.uuid(),
  type: eventType.schema,
  eventDate: z.string().nullable(),
  country: z.string().nullable(),
  provinceCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  /** Place and description may name people: shown only with the identity part. */
  place: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  createdAt: z.string(),
});

export const CasePerson = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  role: CasePersonRole,
  guardianOf: z.uuid().nullable(),
  relationship: z.string().nullable(),
  gender: gender.schema,
  birthDate: z.string().nullable(),
  estimatedAge: z.number().int().nullable(),
  /** Age today from the birth date, else the estimate. */
  age: z.number().int().nullable(),
  /** Act s.4: under 18. Null when the age is unknown. */
  child: z.boolean().nullable(),
  nationality: z.string().nullable(),
  languages: z.array(z.string()),
  needsInterpreter: z.boolean(),
  disability: z.boolean().nullable(),
  vulnerabilities: z.array(z.string()),
  hasIdentityDocument: z.boolean(),
  traffickingStatus: traffickingStatus.schema.nullable(),
  /** Present with the `trafficking` part. */
  trafficking: TraffickingDetails.extend({ events: z.array(CaseEvent) }).optional(),
  /** Present with the `protection` part: the s.29 and NRM clocks and the identification decision. */
  protection: z.object({
    takenIntoCareAt: z.string().nullable(),
    custodyDeadline: z.string().nullable(),
    custodyExtendedUntil: z.string().nullable(),
    custodyCourtOrder: z.string().nullable(),
    temporaryShelterOrganisationId: z.uuid().nullable(),
    temporaryShelterUntil: z.string().nullable(),
    reflectionUntil: z.string().nullable(),
    identifiedAt: z.string().nullable(),
    identificationOrgType: z.string().nullable(),
    identificationReasons: z.string().nullable(),
  }).optional(),
  /** Present with the `return` part. */
  return: z.object({
    kind: z.string().nullable(),
    partnerId: z.uuid().nullable(),
    date: z.string().nullable(),
    country: z.string().nullable(),
    provinceCode: z.string().nullable(),
    travelDocuments: z.string().nullable(),
  }).optional(),
  version: z.number().int(),
});
export type CasePerson = z.infer<typeof CasePerson>;

export const CasePersonIdentity = z.object({
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  latinName: z.string().nullable(),
  otherNames: z.string().nullable(),
  nationalId: z.string().nullable(),
  documentType: z.string().nullable(),
  documentNumber: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});

export const TeamMember = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  organisationId: z.uuid(),
  organisationNameTh: z.string(),
  organisationNameEn: z.string(),
  role: z.string(),
  addedAt: z.string(),
});
export const teamRoles = ['case_manager', 'social_worker', 'psychologist', 'police', 'prosecutor', 'labour_inspector', 'interpreter', 'ngo', 'member'] as const;
export const TeamMemberAdd = z.strictObject({ userId: z.uuid(), role: z.enum(teamRoles).default('member') });

export const CaseAccess = z.object({
  /** Team, responsible centre, province or national scope: the whole case. */
  full: z.boolean(),
  /** May see team-restricted notes and attachments. */
  team: z.boolean(),
  parts: z.array(CasePart),
  canWrite: z.boolean(),
  canReadIdentity: z.boolean(),
});
export type CaseAccess = z.infer<typeof CaseAccess>;

export const CaseSummary = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  provinceCode: z.string(),
  organisationId: z.uuid(),
  status: caseStatus.schema,
  stage: CaseStage,
  involvesChild: z.boolean(),
  exploitationTypes: z.array(z.string()),
  victims: z.number().int(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const Case = CaseSummary.extend({
  reportId: z.uuid().nullable(),
  organisationNameTh: z.string(),
  organisationNameEn: z.string(),
  ownerUserId: z.uuid().nullable(),
  reflectionDays: z.number().int(),
  closureReason: z.string().nullable(),
  access: CaseAccess,
  persons: z.array(CasePerson),
  team: z.array(TeamMember),
});
export type Case = z.infer<typeof Case>;

export const ageGroups = ['child', 'adult', 'unknown'] as const;
export const CaseSearchQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  /** A case number (exact or its start, e.g. "57-2569"). */
  number: z.string().trim().max(40).optional(),
  provinceCode: ProvinceCode.optional(),
  stage: CaseStage.optional(),
  status: caseStatus.schema.optional(),
  ageGroup: z.enum(ageGroups).optional(),
  exploitation: exploitationType.schema.optional(),
  openedFrom: z.iso.date().optional(),
  openedTo: z.iso.date().optional(),
}).refine((q) => !(q.openedFrom && q.openedTo && q.openedFrom > q.openedTo), { path: ['openedTo'], message: 'the end date is before the start date' });

/** Searches that carry identity travel in the body, never the URL (names and ID numbers stay out of logs). */
export const CaseIdentitySearch = z.strictObject({
  name: z.string().trim().min(2).max(200).optional(),
  document: z.string().trim().min(4).max(30).optional(),
  limit: z.number().int().min(1).max(100).default(20),
}).refine((q) => q.name || q.document, { message: 'a name or a document number' });

export const TimelineEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  part: CasePart,
  actorUserId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  actorOrganisationId: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
});
