import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HtcdsImportReport } from '../../../contracts/exchange.js';
import type { HtcdsExportJobRequest, Job } from '../../../contracts/jobs.js';
import { ErrorBody } from '../../../contracts/errors.js';
import { ApiError, api } from '../../api/client.js';
import type { ListPage } from '../../api/types.js';
import { anyActive } from './records.js';
import { saveBlob } from '../../lib/save-blob.js';

export { saveBlob };

export type { HtcdsImportReport, Job };

/** Every query of the page starts with this key; one invalidation after starting a job refreshes the list. */
export const exchangeKeys = {
  all: ['exchange'] as const,
  jobs: ['exchange', 'jobs'] as const,
  // The import report names records (ids, not identities); it is fetched when asked for and not kept.
  report: (jobId: string) => ['exchange', 'job', jobId, 'report'] as const,
};

/** How often the list asks again while a job is queued or running (the brief: every 1–2 s). */
export const POLL_MS = 1500;

/** The caller's jobs, newest first, 20 a page; polled while any of them is queued or running. */
export function useJobs(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: exchangeKeys.jobs,
    queryFn: ({ pageParam }) => api<ListPage<Job>>('/api/v1/jobs', { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (d) => d.pages.flatMap((p) => p.items),
    refetchInterval: (q) => (anyActive(q.state.data?.pages) ? POLL_MS : false),
    enabled,
  });
}

export interface ImportJobBody {
  cases: unknown[];
  skipInvalid: boolean;
  provinceCode?: string;
}

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportJobBody) => api<Job>('/api/v1/exchange/htcds/import-jobs', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: exchangeKeys.jobs }),
  });
}

export function useStartExport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HtcdsExportJobRequest) => api<Job>('/api/v1/exchange/htcds/export-jobs', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: exchangeKeys.jobs }),
  });
}

/** A failed import's report (the job's result), fetched on demand; each download is audited by the server. */
export function useImportReport(jobId: string, enabled: boolean) {
  return useQuery({
    queryKey: exchangeKeys.report(jobId),
    queryFn: () => api<HtcdsImportReport>(`/api/v1/jobs/${encodeURIComponent(jobId)}/result`),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

/**
 * Downloads a job's result and saves it as `resultName`. A GET with the session cookie, like every API
 * read (no CSRF token is needed for GET); the body is kept as the server sent it (an export can be large).
 */
export async function downloadJobResult(job: Pick<Job, 'id' | 'kind' | 'resultName'>): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/jobs/${encodeURIComponent(job.id)}/result`, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.', 'ติดต่อเซิร์ฟเวอร์ไม่ได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง');
  }
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(res.status, e.code, e.message, e.messageTh);
    }
    throw new ApiError(res.status, `HTTP_${res.status}`, `Request failed (${res.status})`, `คำขอไม่สำเร็จ (${res.status})`);
  }
  const name = job.resultName ?? `${job.kind}.json`;
  saveBlob(await res.blob(), name);
  return name;
}
