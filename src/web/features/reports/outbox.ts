import { useEffect, useSyncExternalStore } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { ReportT, StaffReportBody } from './api.js';

/**
 * The staff intake outbox: a report is first written here (browser storage, per user) with its
 * Idempotency-Key, then sent. When the connection is down it waits and is sent again, with the
 * SAME key, when the browser comes back online (or every 20 s while it waits), so the server records
 * it exactly once. One send at a time per tab; the key makes a second tab's send harmless.
 */
export interface QueuedReport {
  key: string;
  body: StaffReportBody;
  queuedAt: string;
}

export type OutboxState =
  | { status: 'idle' }
  | { status: 'queued'; item: QueuedReport }
  | { status: 'sending'; item: QueuedReport }
  | { status: 'sent'; report: ReportT }
  | { status: 'refused'; error: ApiError };

const queueKey = (userId: string) => `phakhi.reportOutbox.${userId}`;

let state: OutboxState = { status: 'idle' };
const listeners = new Set<() => void>();
function setState(next: OutboxState): void {
  state = next;
  for (const l of listeners) l();
}

function readQueued(userId: string): QueuedReport | null {
  try {
    const raw = window.localStorage.getItem(queueKey(userId));
    return raw ? (JSON.parse(raw) as QueuedReport) : null;
  } catch {
    return null;
  }
}

function writeQueued(userId: string, item: QueuedReport | null): void {
  try {
    if (item) window.localStorage.setItem(queueKey(userId), JSON.stringify(item));
    else window.localStorage.removeItem(queueKey(userId));
  } catch {
    // Storage disabled: the report still waits in memory for this page's life.
  }
}

let memoryItem: { userId: string; item: QueuedReport } | null = null;
let inFlight: Promise<void> | null = null;

/** Puts a report in the outbox and tries to send it. */
export function enqueueReport(userId: string, body: StaffReportBody): Promise<void> {
  const item: QueuedReport = { key: crypto.randomUUID(), body, queuedAt: new Date().toISOString() };
  memoryItem = { userId, item };
  writeQueued(userId, item);
  setState({ status: 'queued', item });
  return flushOutbox(userId);
}

/** Sends the waiting report, if any. Safe to call often: only one send runs at a time. */
export function flushOutbox(userId: string): Promise<void> {
  if (inFlight) return inFlight;
  const item = readQueued(userId) ?? (memoryItem?.userId === userId ? memoryItem.item : null);
  if (!item) return Promise.resolve();
  if (!navigator.onLine) {
    setState({ status: 'queued', item });
    return Promise.resolve();
  }
  inFlight = (async () => {
    setState({ status: 'sending', item });
    try {
      const report = await api<ReportT>('/api/v1/reports', { method: 'POST', body: item.body, headers: { 'Idempotency-Key': item.key } });
      writeQueued(userId, null);
      clearDraft(userId);
      memoryItem = null;
      setState({ status: 'sent', report });
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'NETWORK' || err.status >= 500 || err.status === 429 || err.status === 401)) {
        // Not recorded yet (or not known), or the session ended: keep it, same key, and try again later.
        setState({ status: 'queued', item });
      } else {
        // Refused (validation, permission): nothing was recorded; the form still has the draft.
        writeQueued(userId, null);
        memoryItem = null;
        setState({ status: 'refused', error: err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err), String(err)) });
      }
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/** Back to an empty form after a report was sent or refused. */
export function resetOutbox(): void {
  if (state.status === 'sent' || state.status === 'refused') setState({ status: 'idle' });
}

export function useOutboxState(): OutboxState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/**
 * Mounted once in the signed-in layout: sends a waiting report when the page opens, when the
 * browser says it is online again, and every 20 s while one waits.
 */
export function useReportOutbox(userId: string | null): void {
  useEffect(() => {
    if (!userId) return;
    const flush = () => void flushOutbox(userId);
    const waiting = readQueued(userId);
    if (waiting && state.status === 'idle') setState({ status: 'queued', item: waiting });
    flush();
    window.addEventListener('online', flush);
    const timer = window.setInterval(() => {
      if (state.status === 'queued') flush();
    }, 20_000);
    return () => {
      window.removeEventListener('online', flush);
      window.clearInterval(timer);
    };
  }, [userId]);
}

// The draft of the form being typed (per user), kept until the report is sent.
const draftKey = (userId: string) => `phakhi.reportDraft.${userId}`;

export function loadDraft<T>(userId: string): T | null {
  try {
    const raw = window.localStorage.getItem(draftKey(userId));
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, values: unknown): void {
  try {
    window.localStorage.setItem(draftKey(userId), JSON.stringify(values));
  } catch {
    // storage full or disabled: the form still works, without a draft
  }
}

export function clearDraft(userId: string): void {
  try {
    window.localStorage.removeItem(draftKey(userId));
  } catch {
    // nothing to clear
  }
}
