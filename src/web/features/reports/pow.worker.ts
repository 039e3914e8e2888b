// Runs the proof of work off the main thread, so the form stays responsive on a cheap phone.
// Loaded as its own file (`new Worker(new URL(...))`): the CSP allows workers from 'self' only.
import { solveChallenge } from './pow.js';

interface Job {
  token: string;
  difficulty: number;
}

self.onmessage = (ev: MessageEvent<Job>) => {
  const { token, difficulty } = ev.data;
  try {
    const counter = solveChallenge(token, difficulty, (tries) => self.postMessage({ type: 'progress', tries }));
    self.postMessage({ type: 'done', counter });
  } catch (err) {
    self.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
