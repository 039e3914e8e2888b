import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { runClockReminders } from './clock-reminders.js';

interface Task { caseId: string; caseNumber: string; kind: string; dueAt: string; overdue: boolean; dueSoon: boolean; casePersonId: string | null; targetId: string | null }
interface Kase { id: string; caseNumber: string; persons: { id: string }[] }

const THAI_TODAY = "((now() AT TIME ZONE 'UTC') + interval '7 hours')::date";

describe('clocks, my tasks and the provincial overview', () => {
  let t: TestContext;
  let centre: string;
  let officer: TestUser;
  let cri: Signed;
  let colleague: Signed;
  let mdtUser: TestUser;
  let mdt: Signed;
  let tak: Signed;
  let shelterOrg: string;
  let shelterUser: TestUser;
  let shelter: Signed;
  let analyst: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    centre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    officer = await t.user(['provincial_officer'], { organisationId: centre });
    cri = await t.login(officer);
    colleague = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    mdtUser = await t.user(['mdt_member'], { provinceCode: '57' });
    mdt = await t.login(mdtUser);
    tak = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    shelterOrg = await t.org({ provinceCode: '63', sector: 'ngo', nameEn: 'Tak shelter' });
    shelterUser = await t.user(['service_provider'], { organisationId: shelterOrg });
    shelter = await t.login(shelterUser);
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
  });
  afterAll(async () => { await t.close(); });

  const open = async (s: Signed, persons = 1): Promise<Kase> => {
    const r = await t.as(s, {
      method: 'POST', url: '/api/v1/cases',
      payload: { persons: Array.from({ length: persons }, () => ({ role: 'victim', givenName: 'ดาว', gender: 'Feminine', estimatedAge: 16, nationality: 'LAO' })) },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const tasks = async (s: Signed, query = '') => {
    const r = await t.as(s, { method: 'GET', url: `/api/v1/tasks?limit=500${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().items as Task[];
  };
  const q = (text: string, params: unknown[] = []) => t.database.query(text, params);
  const notes = (userId: string, caseId: string) => t.database.query<{ kind: string; dedupe_key: string }>(
    'SELECT kind, dedupe_key FROM notifications WHERE user_id = $1 AND case_id = $2 AND kind LIKE $3 ORDER BY created_at', [userId, caseId, 'clock_%']);

  it('s.29 custody: 23 h in care → one due-soon reminder to the team however often the job runs; 25 h → overdue', async () => {
    const k = await open(cri);
    const victim = k.persons[0]!.id;
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/cases/${k.id}/team`, payload: { userId: mdtUser.id } })).statusCode).toBe(200);
    await q("UPDATE users SET email = 'officer@example.go.th' WHERE id = $1", [officer.id]);
    await q("UPDATE case_persons SET taken_into_care_at = now() - interval '23 hours' WHERE id = $1", [victim]);

    const custody = (await tasks(cri)).filter((x) => x.caseId === k.id && x.kind === 'custody_deadline');
    expect(custody).toEqual([expect.objectContaining({ casePersonId: victim, overdue: false, dueSoon: true, caseNumber: k.caseNumber })]);
    expect(Math.abs(new Date(custody[0]!.dueAt).getTime() - (Date.now() + 3600_000))).toBeLessThan(60_000);

    await runClockReminders(t.database.db);
    await runClockReminders(t.database.db);
    for (const u of [officer.id, mdtUser.id]) {
      expect(await notes(u, k.id)).toEqual([{ kind: 'clock_due_soon', dedupe_key: expect.stringMatching(new RegExp(`^clock:custody_deadline:${victim}:\\d+:due_soon$`)) }]);
    }
    // The mail names the case number and the clock, never the victim.
    const mail = await t.database.query<{ subject: string; body: string }>(
      "SELECT subject, body FROM email_outbox WHERE to_address = 'officer@example.go.th' AND body LIKE '%' || $1 || '%'", [k.id]);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(k.caseNumber);
    expect(mail[0]!.body).toContain('มาตรา 29');
    expect(JSON.stringify(mail)).not.toContain('ดาว');

    await q("UPDATE case_persons SET taken_into_care_at = now() - interval '25 hours' WHERE id = $1", [victim]);
    const late = (await tasks(cri)).filter((x) => x.caseId === k.id && x.kind === 'custody_deadline');
    expect(late).toEqual([expect.objectContaining({ overdue: true, dueSoon: false })]);
    await runClockReminders(t.database.db);
    await runClockReminders(t.database.db);
    expect((await notes(officer.id, k.id)).map((n) => n.kind)).toEqual(['clock_due_soon', 'clock_overdue']);

    // A court's extension moves the deadline: no longer late, no new reminder until it nears.
    await q("UPDATE case_persons SET custody_extended_until = now() + interval '3 days' WHERE id = $1", [victim]);
    expect((await tasks(cri)).find((x) => x.caseId === k.id && x.kind === 'custody_deadline')).toMatchObject({ overdue: false, dueSoon: false });
    await runClockReminders(t.database.db);
    expect(await notes(officer.id, k.id)).toHaveLength(2);
    // Identification ends the clock.
    await q('UPDATE case_persons SET identified_at = now() WHERE id = $1', [victim]);
    expect((await tasks(cri)).filter((x) => x.caseId === k.id && x.kind === 'custody_deadline')).toEqual([]);
  });

  it('lists every kind of due step, most urgent first, and leaves out what is far off, done or closed', async () => {
    const k = await open(cri, 2);
    const [a, b] = k.persons.map((p) => p.id) as [string, string];
    await q(`UPDATE case_persons SET temporary_shelter_until = now() + interval '1 day', reflection_until = now() + interval '5 days' WHERE id = $1`, [a]);
    await q(`INSERT INTO screenings (case_id, case_person_id, screened_at, answers, indicators_met) VALUES ($1, $2, now() - interval '16 days', '{}'::jsonb, 3)`, [k.id, b]);
    const fu = await t.database.query<{ id: string; s: string }>(
      `INSERT INTO follow_ups (case_id, case_person_id, scheduled_for, visited_at) VALUES
        ($1, $2, ${THAI_TODAY} - 2, NULL), ($1, $2, ${THAI_TODAY} + 30, NULL), ($1, $2, ${THAI_TODAY} - 5, ${THAI_TODAY} - 5)
       RETURNING id, scheduled_for::text AS s`, [k.id, a]);
    const sv = await t.database.query<{ id: string }>(
      `INSERT INTO case_services (case_id, case_person_id, service, status, planned_start) VALUES
        ($1, $2, 'Shelter', 'planned', ${THAI_TODAY} + 3), ($1, $2, 'MedicalCare', 'delivered', ${THAI_TODAY} - 3) RETURNING id`, [k.id, a]);

    const mine = (await tasks(cri)).filter((x) => x.caseId === k.id);
    const byKind = (kind: string) => mine.filter((x) => x.kind === kind);
    expect(byKind('temporary_shelter_end')).toEqual([expect.objectContaining({ casePersonId: a, overdue: false, dueSoon: true })]);
    expect(byKind('reflection_end')).toEqual([expect.objectContaining({ casePersonId: a, overdue: false, dueSoon: false })]);
    // b was screened 16 days ago and not identified: late by a day. a (on the shelter clock) is not double-counted.
    expect(byKind('identification_pending')).toEqual([expect.objectContaining({ casePersonId: b, overdue: true })]);
    expect(byKind('screening_pending')).toEqual([expect.objectContaining({ casePersonId: a, overdue: false })]);
    // Only the visit two days ago: the one in 30 days is beyond the list's horizon, the third was made.
    expect(byKind('follow_up_due')).toEqual([expect.objectContaining({ targetId: fu[0]!.id, casePersonId: a, overdue: true })]);
    // Due at the end of the scheduled day in Thailand.
    const due = new Date(byKind('follow_up_due')[0]!.dueAt);
    expect(due.getTime()).toBe(new Date(`${fu[0]!.s}T00:00:00+07:00`).getTime() + 86_400_000);
    expect(byKind('service_due')).toEqual([expect.objectContaining({ targetId: sv[0]!.id, overdue: false })]);
    expect(mine.map((x) => x.kind).sort()).toEqual(
      ['follow_up_due', 'identification_pending', 'reflection_end', 'screening_pending', 'service_due', 'temporary_shelter_end']);
    // Most urgent first: the overdue ones, then by due time.
    const all = await tasks(cri);
    const dues = all.map((x) => x.dueAt);
    expect([...dues].sort()).toEqual(dues);
    const firstNotOverdue = all.findIndex((x) => !x.overdue);
    expect(all.slice(firstNotOverdue).every((x) => !x.overdue)).toBe(true);
    // ?kind= narrows the list.
    expect((await tasks(cri, '&kind=follow_up_due')).every((x) => x.kind === 'follow_up_due')).toBe(true);

    // A closed case has no tasks.
    const closed = await open(cri);
    expect((await tasks(cri)).filter((x) => x.caseId === closed.id)).toHaveLength(1);
    await q("UPDATE cases SET stage = 'closed', status = 'Closed' WHERE id = $1", [closed.id]);
    expect((await tasks(cri)).filter((x) => x.caseId === closed.id)).toEqual([]);
  });

  it('pages tasks without gaps or repeats', async () => {
    const all = await tasks(cri);
    expect(all.length).toBeGreaterThan(3);
    const seen: Task[] = [];
    let cursor: string | null = null;
    do {
      const r = await t.as(cri, { method: 'GET', url: `/api/v1/tasks?limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      expect(r.statusCode, r.body).toBe(200);
      seen.push(...r.json().items);
      cursor = r.json().nextCursor;
    } while (cursor);
    expect(seen.map((x) => `${x.kind}${x.caseId}${x.casePersonId}${x.targetId}`)).toEqual(all.map((x) => `${x.kind}${x.caseId}${x.casePersonId}${x.targetId}`));
    expect((await t.as(cri, { method: 'GET', url: `/api/v1/tasks?cursor=${Buffer.from('nonsense|x').toString('base64url')}` })).statusCode).toBe(400);
  });

  it('a referral unanswered for more than 3 days: a task and one reminder for the recipient organisation', async () => {
    const k = await open(cri);
    const [ref] = await t.database.query<{ id: string }>(
      `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, reason, shared_parts, status, requested_at)
       VALUES ($1, $2, $3, 'Shelter', '{summary}', 'requested', now() - interval '4 days') RETURNING id`, [k.id, centre, shelterOrg]);
    const theirs = (await tasks(shelter)).filter((x) => x.kind === 'referral_to_answer');
    expect(theirs).toEqual([expect.objectContaining({ caseId: k.id, caseNumber: k.caseNumber, targetId: ref!.id, overdue: true })]);
    // The sending team sees its referral waiting too.
    expect((await tasks(cri)).some((x) => x.kind === 'referral_to_answer' && x.targetId === ref!.id)).toBe(true);
    await runClockReminders(t.database.db);
    await runClockReminders(t.database.db);
    expect(await notes(shelterUser.id, k.id)).toEqual([{ kind: 'clock_overdue', dedupe_key: expect.stringMatching(/^clock:referral_to_answer:/) }]);
    // Once answered, it is no longer a task.
    await q("UPDATE referrals SET status = 'declined', answered_at = now() WHERE id = $1", [ref!.id]);
    expect((await tasks(shelter)).filter((x) => x.kind === 'referral_to_answer')).toEqual([]);
  });

  it('scope: another province sees none of these; the province view is for provincial roles', async () => {
    const mineIds = new Set((await tasks(cri)).map((x) => x.caseId));
    expect(mineIds.size).toBeGreaterThan(0);
    for (const query of ['', '&scope=province']) {
      expect((await tasks(tak, query)).filter((x) => mineIds.has(x.caseId))).toEqual([]);
    }
    // A colleague of the province is not on these teams: nothing under "mine", all of it under "province".
    expect((await tasks(colleague)).filter((x) => mineIds.has(x.caseId))).toEqual([]);
    const province = new Set((await tasks(colleague, '&scope=province')).map((x) => x.caseId));
    for (const id of mineIds) expect(province.has(id)).toBe(true);
    const refused = await t.as(mdt, { method: 'GET', url: '/api/v1/tasks?scope=province' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'FORBIDDEN']);
    // A team member sees the steps of their teams' cases.
    const k = await open(cri);
    expect((await tasks(mdt)).filter((x) => x.caseId === k.id)).toEqual([]);
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/cases/${k.id}/team`, payload: { userId: mdtUser.id } })).statusCode).toBe(200);
    expect((await tasks(mdt)).filter((x) => x.caseId === k.id)).toEqual([expect.objectContaining({ kind: 'screening_pending' })]);
  });

  it('provincial overview: open cases by stage and late or due-soon clocks, counted by hand', async () => {
    const cmCentre = await t.org({ provinceCode: '50', nameEn: 'Chiang Mai centre' });
    const cm = await t.login(await t.user(['provincial_officer'], { organisationId: cmCentre }));
    const c1 = await open(cm);
    const c2 = await open(cm);
    const c3 = await open(cm, 0);
    const c4 = await open(cm);
    await q("UPDATE cases SET stage = 'temporary_protection' WHERE id = $1", [c1.id]);
    await q("UPDATE cases SET stage = 'assistance' WHERE id = $1", [c3.id]);
    await q("UPDATE cases SET stage = 'closed', status = 'Closed' WHERE id = $1", [c4.id]);
    // c1: in care 30 h (late), added two days ago and never screened (late), a visit three days ago (late).
    await q("UPDATE case_persons SET taken_into_care_at = now() - interval '30 hours', created_at = now() - interval '2 days' WHERE id = $1", [c1.persons[0]!.id]);
    await q(`INSERT INTO follow_ups (case_id, case_person_id, scheduled_for) VALUES ($1, $2, ${THAI_TODAY} - 3)`, [c1.id, c1.persons[0]!.id]);
    // c2: in care 21 h (due within 4 h); a referral waiting 5 days (late); a victim added now: screening not yet due soon.
    await q("UPDATE case_persons SET taken_into_care_at = now() - interval '21 hours' WHERE id = $1", [c2.persons[0]!.id]);
    await q(`INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, reason, shared_parts, requested_at)
      VALUES ($1, $2, $3, 'Shelter', '{summary}', now() - interval '5 days')`, [c2.id, cmCentre, shelterOrg]);
    // c4 is closed: its late custody clock does not count.
    await q("UPDATE case_persons SET taken_into_care_at = now() - interval '30 hours' WHERE id = $1", [c4.persons[0]!.id]);

    const zero = {
      custody_deadline: 0, temporary_shelter_end: 0, reflection_end: 0, identification_pending: 0, follow_up_due: 0, service_due: 0,
      referral_to_answer: 0, screening_pending: 0,
    };
    const expected = {
      provinceCode: '50', openCases: 3,
      byStage: { screening: 1, temporary_protection: 1, identification: 0, assistance: 1, return: 0, reintegration: 0, closed: 0 },
      overdue: { ...zero, custody_deadline: 1, screening_pending: 1, follow_up_due: 1, referral_to_answer: 1 },
      dueSoon: { ...zero, custody_deadline: 1 },
    };
    const overview = async (s: Signed, query = '') => {
      const r = await t.as(s, { method: 'GET', url: `/api/v1/cases/overview${query}` });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().provinces as { provinceCode: string }[];
    };
    expect(await overview(cm)).toEqual([expect.objectContaining(expected)]);
    expect(await overview(cm, '?provinceCode=50')).toEqual([expect.objectContaining(expected)]);
    expect((await t.as(cm, { method: 'GET', url: '/api/v1/cases/overview?provinceCode=57' })).statusCode).toBe(403);
    expect(await overview(analyst, '?provinceCode=50')).toEqual([expect.objectContaining({ ...expected, provinceNameEn: expect.any(String) })]);
    const national = await overview(analyst);
    expect(national.length).toBe(77);
    expect(national.find((p) => p.provinceCode === '50')).toMatchObject(expected);
    expect((await overview(tak)).map((p) => p.provinceCode)).toEqual(['63']);
    // A team-scoped member counts only the cases of their teams.
    const cmMdtUser = await t.user(['mdt_member'], { provinceCode: '50' });
    const cmMdt = await t.login(cmMdtUser);
    expect(await overview(cmMdt)).toEqual([]);
    expect((await t.as(cm, { method: 'POST', url: `/api/v1/cases/${c3.id}/team`, payload: { userId: cmMdtUser.id } })).statusCode).toBe(200);
    expect(await overview(cmMdt)).toEqual([expect.objectContaining({
      provinceCode: '50', openCases: 1, byStage: expect.objectContaining({ assistance: 1 }), overdue: zero, dueSoon: zero,
    })]);
  });
});
