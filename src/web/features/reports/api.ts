import type { z } from 'zod';
import type { DuplicateCandidate, OverdueCount, Report, ReportNote, StaffReportCreate } from '../../../contracts/report.js';

export type ReportT = Report;
export type ReportNoteT = z.infer<typeof ReportNote>;
export type DuplicateCandidateT = z.infer<typeof DuplicateCandidate>;
export type OverdueCountT = z.infer<typeof OverdueCount>;
export type StaffReportBody = z.input<typeof StaffReportCreate>;
export interface Assignee {
  id: string;
  displayName: string;
}

export const reportKeys = {
  all: ['reports'] as const,
  list: (filters: Record<string, unknown>) => ['reports', 'list', filters] as const,
  overdue: ['reports', 'overdue'] as const,
  detail: (id: string) => ['reports', 'detail', id] as const,
  notes: (id: string) => ['reports', 'notes', id] as const,
  duplicates: (id: string) => ['reports', 'duplicates', id] as const,
  assignees: (id: string) => ['reports', 'assignees', id] as const,
};
