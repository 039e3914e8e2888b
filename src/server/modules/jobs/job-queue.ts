import PgBoss from 'pg-boss';
import type { Database } from '../../db/client.js';

export const JOB_QUEUE = 'phakhi-jobs';

export interface JobQueueLog {
  error(obj: object, msg: string): void;
}

/**
 * The queue under the background jobs: pg-boss in the same database (its own `pgboss` schema), so a
 * queued job outlasts a restart of the server on PGlite and PostgreSQL alike. Messages carry only the
 * job's id; the job itself (who, what, progress, result) is a row of `background_jobs`.
 * pg-boss starts on first use: an app that never queues a job never creates its schema or timers.
 */
export interface JobQueue {
  send(jobId: string): Promise<void>;
  /** Whether pg-boss still holds a message for the job (waiting, running or to be retried). */
  pending(jobId: string): Promise<boolean>;
  /** Runs `handler` for each message, one at a time in this process. */
  work(handler: (jobId: string) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export function createJobQueue(database: Database, log: JobQueueLog, opts: { pollingIntervalSeconds?: number } = {}): JobQueue {
  // pg-boss sends its schema scripts as one multi-statement string without parameters.
  const db: PgBoss.Db = {
    async executeSql(text: string, values?: unknown[]) {
      return { rows: values && values.length > 0 ? await database.query(text, values) : await database.script(text) };
    },
  };
  let started: Promise<PgBoss> | undefined;
  let stopped = false;
  const boss = () => {
    started ??= (async () => {
      const b = new PgBoss({
        db,
        // A job of a server that died stays active until it expires; the job runner also re-sends jobs
        // whose heartbeat stopped (jobs.runner.ts), so this is only the backstop.
        expireInMinutes: 60,
        retryLimit: 2,
        retryDelay: 5,
        deleteAfterDays: 7,
      } as PgBoss.ConstructorOptions);
      b.on('error', (err: Error) => log.error({ err: { type: err.name } }, 'job queue error'));
      await b.start();
      await b.createQueue(JOB_QUEUE);
      return b;
    })();
    return started;
  };

  return {
    async send(jobId) {
      await (await boss()).send(JOB_QUEUE, { jobId });
    },
    async pending(jobId) {
      await boss();
      const rows = await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'jobId' = $2 AND state IN ('created', 'retry', 'active')`,
        [JOB_QUEUE, jobId],
      );
      return (rows[0]?.n ?? 0) > 0;
    },
    async work(handler) {
      await (await boss()).work<{ jobId: string }>(
        JOB_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
        async ([job]) => { if (job) await handler(job.data.jobId); },
      );
    },
    async stop() {
      if (!started || stopped) return;
      stopped = true;
      const b = await started;
      // The runner has asked its job to stop after the current part; wait a little for it, then leave it
      // to the next start (the job goes back to the queue, or its heartbeat goes stale and it is re-sent).
      await b.stop({ graceful: true, wait: true, close: false, timeout: 10_000 } as PgBoss.StopOptions);
    },
  };
}
