import { IDLE_TIMEOUT_MS, type SessionRow } from './sessions.js';

/**
 * A short-lived, in-process cache of looked-up sessions, so a read does not cost a database round
 * trip (bench/RESULTS.md: the session query was most of a request's cost).
 *
 * It never outlives what it caches: entries expire after `ttlMs`, at the session's own idle and
 * absolute limits, and whenever the database says a session, user, role or organisation changed
 * (the auth_changed trigger sends NOTIFY phakhi_auth_changed with the user id, or '*'), which reaches
 * every server instance. Writes through this instance also forget the writer's entries at once,
 * without waiting for the notification.
 */
export class SessionCache {
  private readonly entries = new Map<string, { row: SessionRow; cachedAt: number }>();
  private enabled = true;
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string, now = Date.now()): SessionRow | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    const row = e.row;
    if (now - e.cachedAt > this.ttlMs || now >= row.expiresAt.getTime() || now - row.lastSeenAt.getTime() >= IDLE_TIMEOUT_MS) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return row;
  }

  set(tokenHash: string, row: SessionRow, now = Date.now()): void {
    if (this.ttlMs <= 0 || !this.enabled) return;
    if (this.entries.size >= this.maxEntries) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, { row, cachedAt: now });
  }

  /** `userId` or '*' (everything), as the database notification names it. */
  forget(who: string): void {
    if (who === '*' || who === '') {
      this.entries.clear();
      return;
    }
    for (const [k, e] of this.entries) if (e.row.userId === who) this.entries.delete(k);
  }

  /** When invalidations can no longer arrive (the listening connection failed), stop caching for good. */
  disable(): void {
    this.enabled = false;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
