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

export type JobMessage<J> = { kind: 'run'; id: number; job: J } | { kind: 'exit' };
export type JobReply<R> =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; result: R }
  | { kind: 'error'; id: number; message: string };
export type WorkerMessage = JobMessage<LoadJob>;

/**
 * A long-lived child process that runs load jobs one message at a time (load-worker.ts,
 * ../cases-load-worker.ts). The load generator gets its own process, so its CPU use does not land on the
 * server's event loop (on a 2-core machine the two still compete for cores, which the results note).
 */
export class JobWorker<J, R> {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();

  /** `revive` restores what IPC's JSON lost (e.g. NaN arrives as null). */
  constructor(workerFile: URL, private readonly name: string, revive: (result: R) => R = (r) => r) {
    this.child = fork(fileURLToPath(workerFile), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.on('message', (m: JobReply<R>) => {
        if (m.kind === 'ready') return resolve();
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.kind === 'result') p.resolve(revive(m.result));
        else p.reject(new Error(`${this.name}: ${m.message}`));
      });
      this.child.once('exit', (code) => {
        const err = new Error(`${this.name} exited (${code})`);
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
  }

  async run(job: J): Promise<R> {
    await this.ready;
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ kind: 'run', id, job } satisfies JobMessage<J>);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ kind: 'exit' } satisfies JobMessage<J>);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** The worker's side: answers `run` messages with `run(job)`, exits on `exit`. */
export function serveJobs<J, R>(run: (job: J) => Promise<R>): void {
  process.on('message', (msg: JobMessage<J>) => {
    if (msg.kind === 'exit') {
      process.disconnect?.();
      return;
    }
    run(msg.job).then(
      (result) => process.send?.({ kind: 'result', id: msg.id, result } satisfies JobReply<R>),
      (err: unknown) => process.send?.({ kind: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies JobReply<R>),
    );
  });
  process.send?.({ kind: 'ready' } satisfies JobReply<R>);
}

/** autocannon in load-worker.ts. */
export class LoadGenerator extends JobWorker<LoadJob, LoadResult> {
  constructor() {
    super(new URL('./load-worker.ts', import.meta.url), 'load worker');
  }
}
