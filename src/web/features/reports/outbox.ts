import { useEffect, useSyncExternalStore } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { ReportT, StaffReportBody } from './api.js';
import { readSealed, removeStored, storageKey, writeSealed } from './sealed-storage.js';

/**
 * The staff intake outbox: a report is first written here (browser storage, per user) with its
 * Idempotency-Key, then sent. When the connection is down it waits and is sent again, with the
 * SAME key, when the browser comes back online (or every 20 s while it waits), so the server records
 * it exactly once. One send at a time per tab; the key makes a second tab's send harmless.
 * Browser storage holds the draft and the outbox encrypted (sealed-storage.ts).
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

const readQueued = (userId: string) => readSealed<QueuedReport>(userId, queueKey(userId));

async function writeQueued(userId: string, item: QueuedReport | null): Promise<void> {
  if (item) await writeSealed(userId, queueKey(userId), item);
  else removeStored(queueKey(userId));
}

let memoryItem: { userId: string; item: QueuedReport } | null = null;
let inFlight: Promise<void> | null = null;

/** Puts a report in the outbox and tries to send it. */
export async function enqueueReport(userId: string, body: StaffReportBody): Promise<void> {
  const item: QueuedReport = { key: crypto.randomUUID(), body, queuedAt: new Date().toISOString() };
  memoryItem = { userId, item };
  setState({ status: 'queued', item });
  // Stored before the first send: a tab closed mid-send still has it (same key) next time.
  await writeQueued(userId, item);
  return flushOutbox(userId);
}

/** Sends the waiting report, if any. Safe to call often: only one send runs at a time. */
export function flushOutbox(userId: string): Promise<void> {
  if (inFlight) return inFlight;
  const run = sendWaiting(userId);
  inFlight = run;
  // Cleared after the assignment above: a run that ends without awaiting anything has already settled.
  const done = () => {
    if (inFlight === run) inFlight = null;
  };
  void run.then(done, done);
  return run;
}

async function sendWaiting(userId: string): Promise<void> {
  // This page's own report first; after a reload, the one in storage.
  const item = (memoryItem?.userId === userId ? memoryItem.item : null) ?? (await readQueued(userId));
  if (!item) return;
  if (!navigator.onLine) {
    setState({ status: 'queued', item });
    return;
  }
  setState({ status: 'sending', item });
  try {
    const report = await api<ReportT>('/api/v1/reports', { method: 'POST', body: item.body, headers: { 'Idempotency-Key': item.key } });
    await writeQueued(userId, null);
    clearDraft(userId);
    memoryItem = null;
    setState({ status: 'sent', report });
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'NETWORK' || err.status >= 500 || err.status === 429 || err.status === 401)) {
      // Not recorded yet (or not known), or the session ended: keep it, same key, and try again later.
      memoryItem = { userId, item };
      setState({ status: 'queued', item });
    } else {
      // Refused (validation, permission): nothing was recorded; the form still has the draft.
      await writeQueued(userId, null);
      memoryItem = null;
      setState({ status: 'refused', error: err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err), String(err)) });
    }
  }
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
    // The key is fetched while online, so the draft can be stored (encrypted) when the connection drops.
    void storageKey(userId);
    void readQueued(userId).then((waiting) => {
      if (waiting && state.status === 'idle') setState({ status: 'queued', item: waiting });
      flush();
    });
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

// The draft of the form being typed (per user, encrypted), kept until the report is sent.
const draftKey = (userId: string) => `phakhi.reportDraft.${userId}`;

export const loadDraft = <T>(userId: string): Promise<T | null> => readSealed<T>(userId, draftKey(userId));

/** Saves are chained, so a slow encryption never lands after a later save or a clear. */
let draftWrites: Promise<unknown> = Promise.resolve();

export function saveDraft(userId: string, values: unknown): void {
  draftWrites = draftWrites.then(() => writeSealed(userId, draftKey(userId), values));
}

export function clearDraft(userId: string): void {
  draftWrites = draftWrites.then(() => removeStored(draftKey(userId)));
}
