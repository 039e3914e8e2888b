import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  connections: number;
  warmupS: number;
  durationS: number;
}

export interface LoadResult {
  /** autocannon's mean of the per-second request counts over the measured run. */
  requestsPerSecond: number;
  /** Latency percentiles of the 2xx responses, ms, from exact hrtime values. */
  latencyP50: number;
  latencyP99: number;
  latencyMean: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  statuses: Record<string, number>;
}

export type WorkerMessage = { kind: 'run'; id: number; job: LoadJob } | { kind: 'exit' };
type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; result: LoadResult }
  | { kind: 'error'; id: number; message: string };

/**
 * A long-lived child process running autocannon (load-worker.ts). The load generator gets its own
 * process, so its CPU use does not land on the server's event loop (on a 2-core machine the two
 * still compete for cores, which the results note).
 */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor() {
    const worker = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
    this.child = fork(worker, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.on('message', (m: WorkerReply) => {
        if (m.kind === 'ready') return resolve();
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.kind === 'result') p.resolve(m.result);
        else p.reject(new Error(`load worker: ${m.message}`));
      });
      this.child.once('exit', (code) => {
        const err = new Error(`load worker exited (${code})`);
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
  }

  async run(job: LoadJob): Promise<LoadResult> {
    await this.ready;
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ kind: 'run', id, job } satisfies WorkerMessage);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ kind: 'exit' } satisfies WorkerMessage);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
