import { sql, type SQL } from 'drizzle-orm';
import { taskKinds, type TaskKind } from '../../../contracts/casework.js';

/**
 * The clocks of the NRM, defined once: "my tasks", the provincial overview and the reminder job
 * (clock-reminders.ts) all read them from here.
 *
 * `clockRows` yields rows (case_id, case_number, province_code, kind, due_at, case_person_id, target_id)
 * for the open cases of a case source `sc` (a CTE or the `cases` table itself, with columns id,
 * case_number, province_code, stage). Dates without a time (follow-up visits, service plans) fall due
 * at the end of that day in Thailand (UTC+7, no daylight saving).
 */
export interface Clock {
  kind: TaskKind;
  /** A task shows this long before it is due (null: as soon as the clock runs). */
  listLead: string | null;
  /** "Due soon" within this interval of the deadline; the reminder job's first notice. */
  soon: string;
  /** Who the reminder job tells: the case owner and team, the organisation asked to answer, or nobody. */
  notify: 'team' | 'recipient' | null;
  /** Whether the job also sends a "due soon" notice (some clocks only matter once they are late). */
  remindSoon: boolean;
  /**
   * Clocks of a case person (alias `cp`): when the clock runs and when it is due. They are read in one
   * pass over case_persons. Other clocks have rows of their own (`rows`).
   */
  person?: { when: SQL; due: SQL; dueIsColumn?: boolean };
  rows?: (src: SQL, window: DueWindow) => SQL;
}

/** Bounds on due_at; each clock also turns them into conditions on its indexed columns where it can. */
export interface DueWindow {
  from?: SQL;
  to?: SQL;
}

/** Act s.29: a person may be held for identification for 24 hours, longer only on a court's order. */
export const CUSTODY_HOURS = 24;
/** NRM: the team's identification interview within the 15 days of temporary shelter; the same target applies after a screening. */
export const IDENTIFICATION_DAYS = 15;
/** The centre's target for screening a victim once they are added to a case. */
export const SCREENING_HOURS = 24;
/** A referral or transfer waiting longer than this for an answer is late (issue 5). */
export const REFERRAL_ANSWER_DAYS = 3;
/**
 * The reminder job does not chase clocks that ran out longer ago than this: they were reminded when
 * they ran out (the job runs every 5 minutes); this only covers a server that was down for a while.
 */
export const REMINDER_LOOKBACK = '2 days';

const interval = (text: string) => sql.raw(`interval '${text}'`);
const endOfThaiDay = (d: SQL) => sql`((${d} + 1)::timestamp - interval '7 hours') AT TIME ZONE 'UTC'`;
const bounds = (due: SQL, w: DueWindow): SQL => sql`${w.from ? sql` AND ${due} >= ${w.from}` : sql``}${w.to ? sql` AND ${due} <= ${w.to}` : sql``}`;
const cols = (kind: TaskKind, due: SQL, casePerson: SQL, target: SQL) =>
  sql`sc.id AS case_id, sc.case_number, sc.province_code, ${sql.raw(`'${kind}'`)}::text AS kind, ${due} AS due_at, ${casePerson} AS case_person_id, ${target} AS target_id`;

const screened = sql`(SELECT min(s.screened_at) FROM screenings s WHERE s.case_id = cp.case_id AND s.case_person_id = cp.id)`;
const referralDue = sql`(r.requested_at + ${interval(`${REFERRAL_ANSWER_DAYS} days`)})`;
const servicePlanDate = sql`CASE WHEN sv.status = 'planned' THEN sv.planned_start ELSE sv.planned_end END`;

export const clocks: Record<TaskKind, Clock> = {
  // Its condition is the predicate of the partial index case_persons_custody_idx.
  custody_deadline: {
    kind: 'custody_deadline', listLead: null, soon: '4 hours', notify: 'team', remindSoon: true,
    person: {
      when: sql`cp.identified_at IS NULL AND cp.taken_into_care_at IS NOT NULL`,
      due: sql`coalesce(cp.custody_extended_until, cp.taken_into_care_at + ${interval(`${CUSTODY_HOURS} hours`)})`,
    },
  },
  temporary_shelter_end: {
    kind: 'temporary_shelter_end', listLead: null, soon: '2 days', notify: 'team', remindSoon: true,
    person: { when: sql`cp.temporary_shelter_until IS NOT NULL AND cp.identified_at IS NULL`, due: sql`cp.temporary_shelter_until`, dueIsColumn: true },
  },
  // Ends with the return (or a decision that the person is not a victim).
  reflection_end: {
    kind: 'reflection_end', listLead: '7 days', soon: '3 days', notify: 'team', remindSoon: true,
    person: {
      when: sql`cp.reflection_until IS NOT NULL AND cp.return_kind IS NULL AND cp.trafficking_status IS DISTINCT FROM 'NotAVictimOfTrafficking'`,
      due: sql`cp.reflection_until`, dueIsColumn: true,
    },
  },
  // Screened but not yet identified, and not on a custody or shelter clock (those carry the deadline then).
  identification_pending: {
    kind: 'identification_pending', listLead: null, soon: '3 days', notify: null, remindSoon: false,
    person: {
      when: sql`cp.role = 'victim' AND cp.identified_at IS NULL AND cp.taken_into_care_at IS NULL AND cp.temporary_shelter_until IS NULL`,
      due: sql`(${screened} + ${interval(`${IDENTIFICATION_DAYS} days`)})`,
    },
  },
  screening_pending: {
    kind: 'screening_pending', listLead: null, soon: '6 hours', notify: null, remindSoon: false,
    person: {
      when: sql`cp.role = 'victim' AND cp.identified_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM screenings s WHERE s.case_id = cp.case_id AND s.case_person_id = cp.id)`,
      due: sql`(cp.created_at + ${interval(`${SCREENING_HOURS} hours`)})`,
    },
  },
  // scheduled_for bounds let follow_ups_case_idx (case_id, scheduled_for) or follow_ups_due_idx narrow the scan.
  follow_up_due: {
    kind: 'follow_up_due', listLead: '14 days', soon: '3 days', notify: 'team', remindSoon: true,
    rows: (src, w) => {
      const due = endOfThaiDay(sql`f.scheduled_for`);
      return sql`SELECT ${cols('follow_up_due', due, sql`f.case_person_id`, sql`f.id`)}
        FROM follow_ups f JOIN ${src} sc ON sc.id = f.case_id
        WHERE f.visited_at IS NULL AND sc.stage <> 'closed'
          ${w.from ? sql`AND f.scheduled_for >= ((${w.from}) AT TIME ZONE 'UTC')::date - 1` : sql``}
          ${w.to ? sql`AND f.scheduled_for <= ((${w.to}) AT TIME ZONE 'UTC')::date` : sql``}${bounds(due, w)}`;
    },
  },
  // A planned service is due to start on its planned start; one in progress, to end on its planned end.
  service_due: {
    kind: 'service_due', listLead: '7 days', soon: '2 days', notify: null, remindSoon: false,
    rows: (src, w) => {
      const due = endOfThaiDay(servicePlanDate);
      return sql`SELECT ${cols('service_due', due, sql`sv.case_person_id`, sql`sv.id`)}
        FROM case_services sv JOIN ${src} sc ON sc.id = sv.case_id
        WHERE ((sv.status = 'planned' AND sv.planned_start IS NOT NULL) OR (sv.status = 'in_progress' AND sv.planned_end IS NOT NULL))
          AND sc.stage <> 'closed'${bounds(due, w)}`;
    },
  },
  // Referrals and transfers of the cases in `sc` that wait for the recipient's answer.
  referral_to_answer: {
    kind: 'referral_to_answer', listLead: null, soon: '1 day', notify: 'recipient', remindSoon: false,
    rows: (src, w) => sql`SELECT ${cols('referral_to_answer', referralDue, sql`r.case_person_id`, sql`r.id`)}
      FROM referrals r JOIN ${src} sc ON sc.id = r.case_id
      WHERE r.status = 'requested' AND sc.stage <> 'closed'${bounds(referralDue, w)}`,
  },
};

/**
 * Rows of the given clocks for the cases of `src`, each clock within its window. The case-person
 * clocks share one pass over case_persons: a clock's due time is computed only when its condition
 * holds (CASE evaluates lazily, so the screenings look-ups run only for unidentified victims).
 */
export function clockRows(src: SQL, kinds: readonly TaskKind[], windowOf: (clock: Clock) => DueWindow): SQL[] {
  const person = kinds.map((k) => clocks[k]).filter((c) => c.person);
  const parts: SQL[] = kinds.map((k) => clocks[k]).filter((c) => c.rows).map((c) => c.rows!(src, windowOf(c)));
  if (person.length > 0) {
    const values = person.map((c) => {
      const w = windowOf(c);
      return sql`(${sql.raw(`'${c.kind}'`)}::text, CASE WHEN ${c.person!.when} THEN ${c.person!.due} END, (${w.from ?? sql`NULL`})::timestamptz, (${w.to ?? sql`NULL`})::timestamptz)`;
    });
    // The OR of the conditions lets each clock use an index of its own (custody: case_persons_custody_idx;
    // where the due time is a column, with the window's bounds on it).
    const any = sql.join(person.map((c) => {
      const w = windowOf(c);
      return sql`(${c.person!.when}${c.person!.dueIsColumn ? bounds(c.person!.due, w) : sql``})`;
    }), sql` OR `);
    parts.push(sql`SELECT sc.id AS case_id, sc.case_number, sc.province_code, v.kind, v.due_at, cp.id AS case_person_id, NULL::uuid AS target_id
      FROM case_persons cp JOIN ${src} sc ON sc.id = cp.case_id
      CROSS JOIN LATERAL (VALUES ${sql.join(values, sql`, `)}) v(kind, due_at, due_from, due_to)
      WHERE sc.stage <> 'closed' AND (${any}) AND v.due_at IS NOT NULL
        AND (v.due_from IS NULL OR v.due_at >= v.due_from) AND (v.due_to IS NULL OR v.due_at <= v.due_to)`);
  }
  return parts;
}

/**
 * Referrals and transfers waiting for an organisation's answer, whichever case they are about (the
 * recipient does not see the case until it accepts; the case number is all the row carries).
 * Starts from referrals_to_org_idx (to_organisation_id, status). `except` leaves out the cases of a
 * case source already listed.
 */
export function referralsWaitingFor(organisationId: string, except?: SQL): SQL {
  return sql`SELECT ${cols('referral_to_answer', referralDue, sql`r.case_person_id`, sql`r.id`)}
    FROM referrals r JOIN cases sc ON sc.id = r.case_id
    WHERE r.to_organisation_id = ${organisationId} AND r.status = 'requested' AND sc.stage <> 'closed'
      ${except ? sql`AND NOT EXISTS (SELECT 1 FROM ${except} x WHERE x.id = r.case_id)` : sql``}`;
}

/** A task shows from its due time minus the clock's lead. */
export function listWindow(clock: Clock): DueWindow {
  return clock.listLead ? { to: sql`now() + ${interval(clock.listLead)}` } : {};
}

/** Due-soon or late by at most the look-back: what the reminder job looks at. */
export function reminderWindow(clock: Clock): DueWindow {
  return {
    from: sql`now() - ${interval(REMINDER_LOOKBACK)}`,
    to: clock.remindSoon ? sql`now() + ${interval(clock.soon)}` : sql`now()`,
  };
}

/** Late or due soon: what the overview counts. */
export function overviewWindow(clock: Clock): DueWindow {
  return { to: sql`now() + ${interval(clock.soon)}` };
}

export function soonInterval(clock: Clock): SQL {
  return interval(clock.soon);
}

export { taskKinds };
