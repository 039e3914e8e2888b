import { z } from 'zod';
import { ProvinceCode } from './common.js';

/** Languages of the public page (issue 4): Thai, English, Burmese, Lao, Khmer. */
export const reportLanguages = ['th', 'en', 'my', 'lo', 'km'] as const;
export const ReportLanguage = z.enum(reportLanguages);

export const channels = ['public_web', 'hotline_1300', 'line', 'walk_in', 'volunteer', 'police', 'labour_inspection', 'ngo', 'other'] as const;
export const Channel = z.enum(channels);
/** Channels staff may record (the public page is `public_web`). */
export const staffChannels = channels.filter((c) => c !== 'public_web');
export const StaffChannel = z.enum(staffChannels as [Exclude<(typeof channels)[number], 'public_web'>, ...Exclude<(typeof channels)[number], 'public_web'>[]]);

export const reportStatuses = ['received', 'assigned', 'info_requested', 'case_opened', 'duplicate', 'closed'] as const;
export const ReportStatus = z.enum(reportStatuses);
export type ReportStatus = z.infer<typeof ReportStatus>;
/** What a reporter sees: never internals. */
export const PublicReportStatus = z.enum(['received', 'being_handled', 'closed']);

export const closeReasons = ['not_trafficking', 'referred_elsewhere', 'insufficient_information'] as const;
export const CloseReason = z.enum(closeReasons);

export const peopleSexes = ['female', 'male', 'mixed', 'unknown'] as const;
export const yesNoUnknown = ['yes', 'no', 'unknown'] as const;

// Size limits on every field (abuse resistance); a description is free text, not HTML.
const DESCRIPTION_MAX = 5000;
const noControl = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
const text = (max: number) => z.string().trim().min(1).max(max).refine(noControl, 'control characters are not allowed');
const optText = (max: number) => text(max).optional();

/** The fields a report has, whoever records it. */
export const ReportFields = z.object({
  description: z.string().trim().min(10, 'at least 10 characters').max(DESCRIPTION_MAX).refine(noControl, 'control characters are not allowed'),
  /** null = "don't know". */
  provinceCode: ProvinceCode.nullable().optional(),
  districtCode: z.string().regex(/^\d{4}$/, 'district code is 4 digits').nullable().optional(),
  placeDescription: optText(500),
  happenedOn: z.iso.date().optional(),
  whenDescription: optText(300),
  peopleCount: z.number().int().min(1).max(10_000).optional(),
  approxAge: z.number().int().min(0).max(120).optional(),
  sexOfPeople: z.enum(peopleSexes).default('unknown'),
  nationality: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3').optional(),
  childrenInvolved: z.enum(yesNoUnknown).default('unknown'),
  immediateDanger: z.boolean().default(false),
  contactName: optText(200),
  contactPhone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'phone number: digits, spaces, + ( ) -').optional(),
  contactLine: z.string().trim().regex(/^[A-Za-z0-9._@-]{1,50}$/, 'LINE ID: letters, digits, . _ - @').optional(),
  language: ReportLanguage.default('th'),
});

/** Proof of work for the public page: find `counter` so that SHA-256(token + ":" + counter) starts with `difficulty` zero bits. */
export const Challenge = z.object({ token: z.string(), difficulty: z.number().int(), expiresAt: z.string() });
export const ChallengeAnswer = z.strictObject({ token: z.string().max(300), counter: z.number().int().min(0).max(2 ** 40) });

export const PublicReportCreate = ReportFields.extend({
  challenge: ChallengeAnswer,
  /** Honeypot: a field people do not see. Anything in it means a script filled the form. */
  website: z.string().max(200).optional(),
}).strict();
export const PublicReportCreated = z.object({ reference: z.string(), pin: z.string() });
export const PublicStatus = z.object({ reference: z.string(), status: PublicReportStatus });

export const StaffReportCreate = ReportFields.extend({
  channel: StaffChannel,
  /** Defaults to the recorder's organisation. */
  sourceOrganisationId: z.uuid().optional(),
}).strict();

export const Report = z.object({
  id: z.uuid(),
  reference: z.string(),
  source: z.enum(['public', 'staff']),
  channel: Channel,
  language: ReportLanguage,
  sourceOrganisationId: z.uuid().nullable(),
  description: z.string(),
  provinceCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  placeDescription: z.string().nullable(),
  happenedOn: z.string().nullable(),
  whenDescription: z.string().nullable(),
  peopleCount: z.number().nullable(),
  approxAge: z.number().nullable(),
  sexOfPeople: z.enum(peopleSexes),
  nationality: z.string().nullable(),
  childrenInvolved: z.enum(yesNoUnknown),
  immediateDanger: z.boolean(),
  urgent: z.boolean(),
  hasContact: z.boolean(),
  routedProvinceCode: z.string().nullable(),
  status: ReportStatus,
  assignedTo: z.uuid().nullable(),
  acknowledgedAt: z.string().nullable(),
  actionedAt: z.string().nullable(),
  ackDueAt: z.string().nullable(),
  actionDueAt: z.string().nullable(),
  ackOverdue: z.boolean(),
  actionOverdue: z.boolean(),
  closedAt: z.string().nullable(),
  closeReason: CloseReason.nullable(),
  duplicateOf: z.uuid().nullable(),
  caseDecisionAt: z.string().nullable(),
  caseId: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Report = z.infer<typeof Report>;

export const ReportContact = z.object({ name: z.string().nullable(), phone: z.string().nullable(), line: z.string().nullable() });

export const ReportQueueQuery = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  /** National roles pick a province, or `national` for reports of unknown province. */
  province: z.union([ProvinceCode, z.literal('national')]).optional(),
  urgent: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  assignedToMe: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});

const version = z.number().int().min(1).max(2_147_483_647);
export const ReportAssign = z.strictObject({ version, userId: z.uuid().optional() });
export const ReportNoteCreate = z.strictObject({ version, kind: z.enum(['note', 'info_request']), body: text(5000) });
export const ReportMarkDuplicate = z.strictObject({ version, duplicateOf: z.uuid() });
export const ReportClose = z.strictObject({ version, reason: CloseReason, body: optText(2000) });
export const ReportOpenCase = z.strictObject({ version, body: optText(2000) });
export const ReportVersion = z.strictObject({ version });

export const ReportNote = z.object({
  id: z.number(), kind: z.string(), body: z.string(), authorId: z.string().nullable(), authorName: z.string().nullable(), createdAt: z.string(),
});
export const DuplicateCandidate = z.object({
  candidateId: z.uuid(),
  reference: z.string(),
  score: z.number(),
  reasons: z.array(z.enum(['same_area', 'neighbouring_area', 'close_in_time', 'similar_text', 'same_contact'])),
  status: z.enum(['proposed', 'confirmed', 'dismissed']),
  createdAt: z.string(),
  descriptionExcerpt: z.string(),
});
export const OverdueCount = z.object({
  provinceCode: z.string().nullable(), open: z.number(), urgent: z.number(), ackOverdue: z.number(), actionOverdue: z.number(),
});
