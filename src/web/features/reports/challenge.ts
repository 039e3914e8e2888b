import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { solveChallenge } from './pow.js';

interface Challenge {
  token: string;
  difficulty: number;
  expiresAt: string;
}

export interface SolvedChallenge {
  token: string;
  counter: number;
  /** When the challenge was fetched (this browser's clock). */
  fetchedAt: number;
  expiresAt: number;
}

/** The server refuses an answer given sooner than 3 s after the challenge was issued. */
export const MIN_CHALLENGE_AGE_MS = 3_200;

function solveInWorker(token: string, difficulty: number, onProgress: (tries: number) => void): { promise: Promise<number>; cancel: () => void } {
  let worker: Worker | null = null;
  try {
    // A separate file built by Vite (the CSP allows workers from 'self', not blob: or inline code).
    worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (!worker) {
    // No workers (very old browser): solve on the page after the next paint.
    return {
      promise: new Promise((resolve) => setTimeout(() => resolve(solveChallenge(token, difficulty, onProgress)), 0)),
      cancel: () => {},
    };
  }
  const w = worker;
  const promise = new Promise<number>((resolve, reject) => {
    w.onmessage = (ev: MessageEvent<{ type: string; tries?: number; counter?: number; message?: string }>) => {
      if (ev.data.type === 'progress') onProgress(ev.data.tries ?? 0);
      else if (ev.data.type === 'done') {
        resolve(ev.data.counter ?? 0);
        w.terminate();
      } else {
        reject(new Error(ev.data.message ?? 'proof of work failed'));
        w.terminate();
      }
    };
    w.onerror = (e) => {
      reject(new Error(e.message || 'worker failed'));
      w.terminate();
    };
    w.postMessage({ token, difficulty });
  });
  return { promise, cancel: () => w.terminate() };
}

/**
 * The public form's proof of work. A challenge is fetched as soon as the form opens and solved in a
 * worker in the background, so it is usually ready (and older than 3 s) by the time the report is
 * sent. `ensure()` returns a solved, unexpired challenge, fetching a new one if needed; `percent`
 * is the progress of the one being solved (expected tries = 2^difficulty).
 */
export function useChallenge() {
  const current = useRef<Promise<SolvedChallenge> | null>(null);
  const cancel = useRef<() => void>(() => {});
  const [percent, setPercent] = useState<number | null>(null);

  const start = useCallback((): Promise<SolvedChallenge> => {
    cancel.current();
    setPercent(0);
    const p = (async () => {
      const fetchedAt = Date.now();
      const ch = await api<Challenge>('/api/v1/public/reports/challenge', { noAuthRedirect: true });
      const expected = 2 ** ch.difficulty;
      const job = solveInWorker(ch.token, ch.difficulty, (tries) => setPercent(Math.min(99, Math.round((tries / expected) * 100))));
      cancel.current = job.cancel;
      const counter = await job.promise;
      setPercent(100);
      const exp = Date.parse(ch.expiresAt);
      return { token: ch.token, counter, fetchedAt, expiresAt: Number.isNaN(exp) ? fetchedAt + 5 * 60_000 : exp };
    })();
    p.catch(() => {
      if (current.current === p) current.current = null;
    });
    current.current = p;
    return p;
  }, []);

  useEffect(() => {
    void start().catch(() => {});
    return () => cancel.current();
  }, [start]);

  /** A solved challenge that is at least 3 s old and will not expire within the next 30 s. */
  const ensure = useCallback(async (): Promise<SolvedChallenge> => {
    let solved = await (current.current ?? start());
    if (solved.expiresAt - Date.now() < 30_000) solved = await start();
    const wait = solved.fetchedAt + MIN_CHALLENGE_AGE_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return solved;
  }, [start]);

  /** After the server refused or used the challenge: prepare the next one. */
  const renew = useCallback(() => {
    void start().catch(() => {});
  }, [start]);

  return { ensure, renew, percent };
}
