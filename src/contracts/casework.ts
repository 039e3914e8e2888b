import { z } from 'zod';
import { Page, ProvinceCode, listOf } from './common.js';
import { caseStages } from './case.js';

/**
 * The daily work around a case (issue 5): notes, attachments, notifications (bell and e-mail), the
 * clocks of the NRM, "my tasks" and the provincial overview.
 */

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

// ---------- Notes ----------

/** `team`: only the case team, its responsible centre and province see it; never a referral recipient or a national reader. */
export const sensitivities = ['normal', 'team'] as const;
export const Sensitivity = z.enum(sensitivities);

export const NOTE_MAX_CHARS = 20_000;
export const NoteCreate = z.strictObject({
  sensitivity: Sensitivity,
  body: z.string().trim().min(1).max(NOTE_MAX_CHARS),
});
export type NoteCreate = z.infer<typeof NoteCreate>;

export const Note = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  sensitivity: Sensitivity,
  /** Plain text: clients show it as text, never as HTML. */
  body: z.string(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  authorOrganisationId: z.uuid().nullable(),
  authorOrganisationNameTh: z.string().nullable(),
  authorOrganisationNameEn: z.string().nullable(),
  createdAt: z.string(),
});
export type Note = z.infer<typeof Note>;
export const NoteList = listOf(Note);

// ---------- Attachments ----------

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const attachmentTypes = ['application/pdf', 'image/jpeg', 'image/png', 'audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav'] as const;
export const AttachmentType = z.enum(attachmentTypes);

export const AttachmentUpload = z.strictObject({
  /** Any name; the stored type comes from the bytes, and the extension is corrected to match them. */
  filename: z.string().trim().min(1).max(255).refine((s) => !/[\u0000-\u001f\u007f/\\]/.test(s), 'no control characters or slashes'),
  sensitivity: Sensitivity,
  /** The file as standard base64; over 10 MB answers 413 ATTACHMENT_TOO_LARGE. */
  contentBase64: z.string().min(1).max(20_000_000),
});
export type AttachmentUpload = z.infer<typeof AttachmentUpload>;

export const Attachment = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  sensitivity: Sensitivity,
  filename: z.string(),
  contentType: AttachmentType,
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.uuid().nullable(),
  uploadedByName: z.string().nullable(),
  uploadedByOrganisationId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;
export const AttachmentList = listOf(Attachment);

// ---------- Clocks and tasks ----------

/**
 * Kinds of due steps. The clocks behind them (what starts them, when they are due, when a reminder
 * goes out) are defined once, in server/modules/cases/clocks.ts.
 */
export const taskKinds = [
  'custody_deadline', 'temporary_shelter_end', 'reflection_end', 'identification_pending', 'follow_up_due', 'service_due',
  'referral_to_answer', 'screening_pending',
] as const;
export const TaskKind = z.enum(taskKinds);
export type TaskKind = z.infer<typeof TaskKind>;

export const TaskQuery = Page.extend({
  /**
   * `mine` (default): cases whose team I am on (the owner is always on the team) and referrals or
   * transfers waiting for my organisation's answer. `province`: every open case of my province
   * (provincial roles only; the centre watches its province's clocks).
   */
  scope: z.enum(['mine', 'province']).default('mine'),
  kind: TaskKind.optional(),
});

export const Task = z.object({
  caseId: z.uuid(),
  caseNumber: z.string(),
  kind: TaskKind,
  dueAt: z.string(),
  overdue: z.boolean(),
  /** Within the clock's reminder window (e.g. 4 h before the s.29 custody deadline). */
  dueSoon: z.boolean(),
  casePersonId: z.uuid().nullable(),
  /** The referral, service or follow-up the step is about. */
  targetId: z.uuid().nullable(),
});
export type Task = z.infer<typeof Task>;
export const TaskList = listOf(Task);

export const OverviewQuery = z.object({ provinceCode: ProvinceCode.optional() });
export const ProvinceOverview = z.object({
  provinceCode: z.string(),
  provinceNameTh: z.string(),
  provinceNameEn: z.string(),
  openCases: z.number().int(),
  byStage: z.record(z.enum(caseStages), z.number().int()),
  /** Steps past their due time, per clock. */
  overdue: z.record(TaskKind, z.number().int()),
  dueSoon: z.record(TaskKind, z.number().int()),
});
export const Overview = z.object({ asOf: z.string(), provinces: z.array(ProvinceOverview) });
export type Overview = z.infer<typeof Overview>;

// ---------- Notifications ----------

export const notificationKinds = [
  'referral_requested', 'referral_accepted', 'referral_declined', 'referral_revoked', 'transfer_requested', 'transfer_accepted',
  'transfer_declined', 'team_added', 'case_assigned', 'clock_due_soon', 'clock_overdue',
] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationQuery = Page.extend({ unread: bool.optional() });
export const Notification = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  caseId: z.uuid().nullable(),
  caseNumber: z.string().nullable(),
  /** The web app's path of the case, e.g. `/cases/{caseId}`. */
  link: z.string().nullable(),
  /** For clock reminders: which clock. */
  clock: TaskKind.nullable(),
  read: z.boolean(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationList = listOf(Notification);
export const UnreadCount = z.object({ count: z.number().int() });
export const ReadAll = z.object({ ok: z.literal(true), count: z.number().int() });

export const OutboxQuery = Page.extend({ pending: bool.optional() });
export const OutboxMail = z.object({
  id: z.uuid(),
  toAddress: z.string(),
  subject: z.string(),
  body: z.string(),
  notificationId: z.uuid().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export const OutboxList = listOf(OutboxMail).extend({
  /** Whether this server sends mail (SMTP_URL is set); when not, mail stays here for an administrator. */
  smtpConfigured: z.boolean(),
});
