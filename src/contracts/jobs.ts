import { z } from 'zod';
import { ProvinceCode } from './common.js';

/**
 * Background jobs (issue 6): long HTCDS imports and exports run in the server's job queue; the caller
 * follows the progress and downloads the result when it is done. Jobs are seen by who started them only.
 */
export const jobKinds = ['htcds_import', 'htcds_export'] as const;
export const JobKind = z.enum(jobKinds);
export type JobKind = z.infer<typeof JobKind>;
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export const JobStatus = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof JobStatus>;
/** validating → writing for an import; exporting for an export. */
export const jobPhases = ['validating', 'writing', 'exporting'] as const;

export const Job = z.object({
  id: z.uuid(),
  kind: JobKind,
  status: JobStatus,
  phase: z.enum(jobPhases).nullable(),
  /** Records handled so far of `progressTotal` (an import counts each record twice: checked, then written). */
  progressDone: z.number().int(),
  progressTotal: z.number().int(),
  /** Counts for the list (records, created, updated, invalid; or cases and persons exported). */
  summary: z.record(z.string(), z.unknown()).nullable(),
  /** Why it failed, in the API's error shape (code and both languages). */
  error: z.object({ code: z.string(), message: z.string(), messageTh: z.string() }).nullable(),
  /** A result to download (GET /jobs/{id}/result): the export, or the import's record-by-record report. */
  resultName: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;
export const JobPage = z.object({ items: z.array(Job), nextCursor: z.string().nullable() });

/** Records per job: beyond the direct import's 1,000, up to 200,000 (a body of at most 128 MB). */
export const HTCDS_IMPORT_JOB_MAX = 200_000;
export const IMPORT_JOB_BODY_LIMIT = 128 * 1024 * 1024;

export const HtcdsImportJobRequest = z.strictObject({
  provinceCode: ProvinceCode.optional(),
  skipInvalid: z.boolean().default(false),
  cases: z.array(z.unknown()).min(1).max(HTCDS_IMPORT_JOB_MAX),
});
export type HtcdsImportJobRequest = z.infer<typeof HtcdsImportJobRequest>;

export const HtcdsExportJobRequest = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional(),
});
export type HtcdsExportJobRequest = z.infer<typeof HtcdsExportJobRequest>;
