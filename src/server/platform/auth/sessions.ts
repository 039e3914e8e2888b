import { and, eq, isNull, sql } from 'drizzle-orm';
import { rowsOf, textArray, type Db } from '../../db/client.js';
import { sessions } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../crypto.js';

export const SESSION_COOKIE = 'phakhi_session';
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** last_seen_at is refreshed at most this often, so reads do not each cost a write. */
export const TOUCH_INTERVAL_MS = 60_000;

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
}

export async function createSession(
  db: Db,
  userId: string,
  mfaPassed: boolean,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: sha256Hex(token),
      userId,
      csrfToken,
      mfaPassed,
      expiresAt: new Date(Date.now() + ABSOLUTE_TIMEOUT_MS),
      ipAddress: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: sessions.id });
  return { id: row!.id, token, csrfToken };
}

export interface SessionRow {
  sessionId: string;
  userId: string;
  csrfToken: string;
  mfaPassed: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
  organisationId: string;
  provinceCode: string | null;
  roles: string[];
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** What GET /me shows, fetched in the same round trip. */
  username: string;
  displayName: string;
  email: string | null;
  organisationNameTh: string;
  organisationNameEn: string;
}

/** Who may act: an active user of an active organisation (over `users u` and `organisations o`). */
const accountActive = sql`u.active AND o.active`;

/** Whether a user may still act: a background job they started checks this before it runs. */
export async function isAccountActive(db: Db, userId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    SELECT 1 FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ${userId} AND ${accountActive}`);
  return rowsOf(rows).length > 0;
}

/** One round trip: the live session, its user, organisation and roles. Idle and absolute limits apply here. */
export async function findLiveSession(db: Db, token: string): Promise<SessionRow | undefined> {
  const idleSeconds = IDLE_TIMEOUT_MS / 1000;
  const rows = await db.execute(sql`
    SELECT s.id AS session_id, s.user_id, s.csrf_token, s.mfa_passed, s.last_seen_at, s.expires_at,
           u.organisation_id, o.province_code, u.must_change_password,
           (u.totp_enabled_at IS NOT NULL) AS totp_enabled,
           u.username, u.display_name, u.email, o.name_th AS org_name_th, o.name_en AS org_name_en,
           coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles
      FROM sessions s
      JOIN users u ON u.id = s.user_id
      JOIN organisations o ON o.id = u.organisation_id
     WHERE ${accountActive}
       AND s.token_hash = ${sha256Hex(token)}
       AND s.revoked_at IS NULL
       AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(secs => ${idleSeconds})`);
  const r = rowsOf<Record<string, unknown>>(rows)[0];
  if (!r) return undefined;
  return {
    sessionId: String(r.session_id),
    userId: String(r.user_id),
    csrfToken: String(r.csrf_token),
    mfaPassed: Boolean(r.mfa_passed),
    lastSeenAt: new Date(r.last_seen_at as string),
    expiresAt: new Date(r.expires_at as string),
    organisationId: String(r.organisation_id),
    provinceCode: (r.province_code as string | null)?.trim() ?? null,
    roles: textArray(r.roles),
    mustChangePassword: Boolean(r.must_change_password),
    totpEnabled: Boolean(r.totp_enabled),
    username: String(r.username),
    displayName: String(r.display_name),
    email: (r.email as string | null) ?? null,
    organisationNameTh: String(r.org_name_th),
    organisationNameEn: String(r.org_name_en),
  };
}

export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, sessionId));
}

export async function markMfaPassed(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ mfaPassed: true, lastSeenAt: sql`now()` }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Db, sessionId: string, userId?: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), userId ? eq(sessions.userId, userId) : undefined))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function revokeAllSessions(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function listLiveSessions(db: Db, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        sql`${sessions.expiresAt} > now()`,
        sql`${sessions.lastSeenAt} > now() - make_interval(secs => ${IDLE_TIMEOUT_MS / 1000})`,
      ),
    )
    .orderBy(sql`${sessions.lastSeenAt} DESC`);
}
