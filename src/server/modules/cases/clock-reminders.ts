import { sql } from 'drizzle-orm';
import { roles as roleDefs, type RoleName } from '../../../contracts/access.js';
import { taskKinds, type NotificationKind } from '../../../contracts/casework.js';
import { rowsOf, type Db } from '../../db/client.js';
import { textArray } from '../../db/sql-arrays.js';
import { queueMail } from '../notifications/notify.js';
import { clockRows, clocks, reminderWindow } from './clocks.js';

/** Roles that answer referrals and transfers for their organisation. */
const ANSWERING_ROLES = (Object.keys(roleDefs) as RoleName[]).filter((r) => roleDefs[r].permissions.includes('referral.accept'));

/**
 * The reminder job (run by the housekeeping loop; tests call it directly). For each clock that
 * reminds, it finds what is due soon or ran out within the look-back, in open cases, and tells the
 * case owner and team (or, for a referral waiting too long, the organisation asked to answer):
 * `clock_due_soon` once, then `clock_overdue` once. The dedupe key (clock, item, deadline, phase) makes
 * a second run, or a second server, a no-op; a moved deadline (a court's extension) is a new clock.
 *
 * Two INSERT … SELECTs (team clocks, recipient clocks), each with its mail queued in the same
 * transaction: a day with thousands of visits falling due is two statements, not a transaction per
 * visit, and the case-person clocks are read in one pass.
 */
export async function runClockReminders(db: Db): Promise<{ notifications: number }> {
  let created = 0;
  for (const notify of ['team', 'recipient'] as const) {
    const kinds = taskKinds.filter((k) => clocks[k].notify === notify);
    const recipients = notify === 'team'
      ? sql`SELECT i.*, tm.user_id FROM items i JOIN team_memberships tm ON tm.record_type = 'case' AND tm.record_id = i.case_id
          UNION SELECT i.*, c.owner_user_id FROM items i JOIN cases c ON c.id = i.case_id WHERE c.owner_user_id IS NOT NULL`
      : sql`SELECT DISTINCT i.*, u.id AS user_id FROM items i JOIN referrals r ON r.id = i.target_id
          JOIN users u ON u.organisation_id = r.to_organisation_id AND u.active
          JOIN user_roles ur ON ur.user_id = u.id AND ur.role = ANY(${textArray(ANSWERING_ROLES)})`;
    await db.transaction(async (trx) => {
      const rows = rowsOf<{ id: string; user_id: string; kind: NotificationKind; case_id: string; case_number: string; dedupe_key: string }>(await trx.execute(sql`
        WITH items AS (${sql.join(clockRows(sql`cases`, kinds, reminderWindow), sql` UNION ALL `)}),
        recipients AS (${recipients})
        INSERT INTO notifications (user_id, kind, case_id, case_number, dedupe_key)
        SELECT rc.user_id, CASE WHEN rc.due_at < now() THEN 'clock_overdue' ELSE 'clock_due_soon' END, rc.case_id, rc.case_number,
          'clock:' || rc.kind || ':' || coalesce(rc.target_id, rc.case_person_id, rc.case_id) || ':'
            || floor(extract(epoch FROM rc.due_at))::bigint || ':' || CASE WHEN rc.due_at < now() THEN 'overdue' ELSE 'due_soon' END
        FROM recipients rc
        ON CONFLICT DO NOTHING
        RETURNING id, user_id, kind, case_id, case_number, dedupe_key`));
      await queueMail(trx, rows.map((r) => ({ id: r.id, userId: r.user_id, kind: r.kind, caseId: r.case_id, caseNumber: r.case_number, dedupeKey: r.dedupe_key })));
      created += rows.length;
    });
  }
  return { notifications: created };
}
