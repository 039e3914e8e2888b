/**
 * Group commit: writes that arrive while one is in flight go together in the next, so N concurrent
 * callers cost one statement and one commit instead of N, and each caller still resumes only once
 * its own item is written. With no concurrency a write goes at once: nothing waits for a timer.
 *
 * Used for the audit entries of reads (platform/audit.ts): every audited read inserts one row, and the
 * chain's trigger lets one insert commit at a time (migration 0002), so one-by-one writes queue on that
 * lock and each pays a WAL flush (bench/RESULTS.md, the cases benchmark).
 *
 * A batch that fails because of what it holds (`itemAtFault`, e.g. a value the database refuses) is
 * written again item by item, so one bad item fails only its own caller; any other failure (the
 * database gone) fails the whole batch at once rather than once per item.
 */
export class GroupCommit<T> {
  private queue: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly opts: { maxBatch?: number; itemAtFault?: (err: unknown) => boolean } = {},
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
        try {
          await this.write(batch.map((w) => w.item));
          for (const w of batch) w.resolve();
        } catch (err) {
          if (batch.length === 1 || !(this.opts.itemAtFault?.(err) ?? true)) {
            for (const w of batch) w.reject(err);
            continue;
          }
          for (const w of batch) {
            try {
              await this.write([w.item]);
              w.resolve();
            } catch (e) {
              w.reject(e);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
