import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { reports } from '../../db/schema/index.js';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { issueChallenge, solve } from './proof-of-work.js';
import { findDuplicateCandidates } from './reports.repository.js';

/**
 * The report rules one by one (issue 4): routing and who sees which queue, queue order and paging,
 * the 1 h / 24 h clocks, every triage step and its audit row, duplicates, the public status,
 * refused input, the per-address limit and the logs. Runs on PGlite and on PostgreSQL.
 */

interface R {
  id: string;
  reference: string;
  status: string;
  version: number;
  urgent: boolean;
  routedProvinceCode: string | null;
  ackDueAt: string | null;
  actionDueAt: string | null;
  ackOverdue: boolean;
  actionOverdue: boolean;
  acknowledgedAt: string | null;
  actionedAt: string | null;
  assignedTo: string | null;
  closedAt: string | null;
  closeReason: string | null;
  duplicateOf: string | null;
  description: string;
  createdAt: string;
}

function answered(t: TestContext) {
  const c = issueChallenge(t.cipher, 8, Date.now() - 5000);
  return { token: c.token, counter: solve(c.token, 8) };
}

let ipSeq = 0;
/** A new address for each public request unless a test wants one address (the limit is per address). */
const nextIp = () => `198.51.${100 + ((++ipSeq >> 8) & 63)}.${ipSeq & 255}`;

describe('reports: the rules', () => {
  let t: TestContext;
  const officers: Record<string, Signed> = {};
  const officerUsers: Record<string, TestUser> = {};
  let analyst: Signed;
  let volunteer: Signed;
  let mdt: Signed;
  let provider: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    for (const p of ['10', '56', '57', '63', '90']) {
      officerUsers[p] = await t.user(['provincial_officer'], { provinceCode: p });
      officers[p] = await t.login(officerUsers[p]);
    }
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
    volunteer = await t.login(await t.user(['community_volunteer'], { provinceCode: '57' }));
    mdt = await t.login(await t.user(['mdt_member'], { provinceCode: '57' }));
    provider = await t.login(await t.user(['service_provider'], { provinceCode: '57' }));
  });
  afterAll(async () => { await t?.close(); });

  const staff = async (s: Signed, body: Record<string, unknown>): Promise<R> => {
    const r = await t.as(s, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'hotline_1300', ...body } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as R;
  };
  const act = (s: Signed, id: string, action: string, payload: Record<string, unknown>) =>
    t.as(s, { method: 'POST', url: `/api/v1/reports/${id}/${action}`, payload });
  const view = async (s: Signed, id: string): Promise<R> => {
    const r = await t.as(s, { method: 'GET', url: `/api/v1/reports/${id}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as R;
  };
  const queue = async (s: Signed, query = ''): Promise<{ items: R[]; nextCursor: string | null }> => {
    const r = await t.as(s, { method: 'GET', url: `/api/v1/reports${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: R[]; nextCursor: string | null };
  };
  const publicReport = (body: Record<string, unknown>, remoteAddress = nextIp(), headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { challenge: answered(t), ...body }, headers, remoteAddress });
  const count = async (table: string) => (await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  const auditOf = (id: string) => t.database.query<{ action: string; details: Record<string, unknown>; actor_user_id: string | null }>(
    'SELECT action, details, actor_user_id FROM audit_log WHERE target_id = $1 ORDER BY seq', [id]);
  const codeOf = (r: LightMyRequestResponse) => (r.json() as { error?: { code: string } }).error?.code;

  describe('routing', () => {
    it('a report of unknown province goes to the national queue: the analyst sees it, provincial officers do not', async () => {
      const r = await staff(officers['57']!, { description: 'a van takes workers somewhere at night, place unknown', provinceCode: null });
      expect(r.routedProvinceCode).toBeNull();
      const national = await queue(analyst, '?province=national&limit=500');
      expect(national.items.map((x) => x.id)).toContain(r.id);
      expect(national.items.every((x) => x.routedProvinceCode === null)).toBe(true);
      // Not in the analyst's view of a province's queue either.
      expect((await queue(analyst, '?province=57&limit=500')).items.map((x) => x.id)).not.toContain(r.id);
      for (const p of Object.keys(officers)) {
        expect((await queue(officers[p]!, '?limit=500&status=all')).items.map((x) => x.id)).not.toContain(r.id);
        expect((await queue(officers[p]!, '?province=national&limit=500')).items).toEqual([]);
        expect((await t.as(officers[p]!, { method: 'GET', url: `/api/v1/reports/${r.id}` })).statusCode).toBe(404);
      }
      expect((await view(analyst, r.id)).id).toBe(r.id);
    });

    it('every province officer sees only its own province\'s queue', async () => {
      const mine: Record<string, string> = {};
      for (const p of Object.keys(officers)) {
        mine[p] = (await staff(officers[p]!, { description: `routing check for province ${p}, workers held`, provinceCode: p })).id;
      }
      for (const p of Object.keys(officers)) {
        const q = await queue(officers[p]!, '?limit=500&status=all');
        expect(q.items.length).toBeGreaterThan(0);
        expect(q.items.every((x) => x.routedProvinceCode === p), `officer of ${p}`).toBe(true);
        expect(q.items.map((x) => x.id)).toContain(mine[p]);
        // Asking for another province gives nothing, not that province's queue.
        const other = Object.keys(officers).find((o) => o !== p)!;
        expect((await queue(officers[p]!, `?province=${other}&limit=500`)).items).toEqual([]);
      }
      const all = await queue(analyst, '?limit=500&status=all');
      for (const id of Object.values(mine)) expect(all.items.map((x) => x.id)).toContain(id);
    });

    it('mdt_member, service_provider and community_volunteer (no report.read) get 403 on the queue', async () => {
      for (const s of [mdt, provider, volunteer]) {
        const r = await t.as(s, { method: 'GET', url: '/api/v1/reports' });
        expect(r.statusCode).toBe(403);
        expect((await t.as(s, { method: 'GET', url: '/api/v1/reports/overdue' })).statusCode).toBe(403);
      }
      expect((await t.as(null, { method: 'GET', url: '/api/v1/reports' })).statusCode).toBe(401);
    });

    it('a community volunteer records a report; it is routed by its province field, not the volunteer\'s', async () => {
      const r = await t.as(volunteer, {
        method: 'POST', url: '/api/v1/reports',
        payload: { channel: 'volunteer', description: 'fishing crew not allowed ashore for months', provinceCode: '90' },
      });
      expect(r.statusCode, r.body).toBe(201);
      const rep = r.json() as R;
      expect(rep.routedProvinceCode).toBe('90');
      expect((await queue(officers['90']!, '?limit=500')).items.map((x) => x.id)).toContain(rep.id);
      expect((await queue(officers['57']!, '?limit=500')).items.map((x) => x.id)).not.toContain(rep.id);
      // The volunteer records, but does not read reports.
      expect((await t.as(volunteer, { method: 'GET', url: `/api/v1/reports/${rep.id}` })).statusCode).toBe(403);
    });
  });

  describe('queue order and paging', () => {
    it('urgent first, then oldest first; limit=2 pages walk every open report exactly once in that order', async () => {
      // A province no other test uses: its queue holds exactly these reports.
      const s = await t.login(await t.user(['provincial_officer'], { provinceCode: '11' }));
      // [description, fields, minutes old]; urgent = immediate danger, children yes, or under 18.
      const specs: [string, Record<string, unknown>, number][] = [
        ['plain report, oldest of all', {}, 600],
        ['adult aged eighteen, not urgent', { approxAge: 18 }, 500],
        ['immediate danger reported', { immediateDanger: true }, 30],
        ['children involved', { childrenInvolved: 'yes' }, 400],
        ['a seventeen year old', { approxAge: 17 }, 120],
        ['plain report, same age as the next', {}, 200],
        ['plain report, same age as the previous', {}, 200],
      ];
      const made: { id: string; urgent: boolean; minutes: number }[] = [];
      for (const [description, fields, minutes] of specs) {
        const r = await staff(s, { description: `queue order: ${description}`, provinceCode: '11', ...fields });
        made.push({ id: r.id, urgent: r.urgent, minutes });
      }
      expect(made.map((m) => m.urgent)).toEqual([false, false, true, true, true, false, false]);
      // Ages set in the database, with now()'s microseconds; the two "same age" rows share one timestamp.
      const [{ base }] = await t.database.query<{ base: string }>('SELECT now()::text AS base') as [{ base: string }];
      for (const m of made) {
        await t.database.query('UPDATE reports SET created_at = $2::timestamptz - make_interval(mins => $3) WHERE id = $1', [m.id, base, m.minutes]);
      }
      // A closed report of the province is not in the open queue.
      const closed = await staff(s, { description: 'queue order: closed one', provinceCode: '11', immediateDanger: true });
      expect((await act(s, closed.id, 'close', { version: closed.version, reason: 'not_trafficking' })).statusCode).toBe(200);

      const expected = [...made].sort((a, b) => Number(b.urgent) - Number(a.urgent) || b.minutes - a.minutes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((m) => m.id);
      const whole = await queue(s, '?limit=500');
      expect(whole.items.map((x) => x.id)).toEqual(expected);
      expect(whole.nextCursor).toBeNull();

      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await queue(s, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(2);
        walked.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(walked).toEqual(expected);
      expect(new Set(walked).size).toBe(walked.length);
      expect(pages).toBe(4);

      // The urgent filter keeps the order, and a garbage cursor is a 400.
      expect((await queue(s, '?urgent=true')).items.map((x) => x.id)).toEqual(expected.slice(0, 3));
      const bad = await t.as(s, { method: 'GET', url: `/api/v1/reports?cursor=${Buffer.from('x|y|z').toString('base64url')}` });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('clocks and triage steps', () => {
    it('non-urgent reports have no due times; urgent ones have 1 h and 24 h', async () => {
      const plain = await staff(officers['63']!, { description: 'a plain report with no urgency', provinceCode: '63', approxAge: 30 });
      expect([plain.urgent, plain.ackDueAt, plain.actionDueAt, plain.ackOverdue, plain.actionOverdue]).toEqual([false, null, null, false, false]);
      // Even very old, a non-urgent report is never overdue.
      await t.database.query("UPDATE reports SET created_at = now() - interval '3 days' WHERE id = $1", [plain.id]);
      const v = await view(officers['63']!, plain.id);
      expect([v.ackOverdue, v.actionOverdue]).toEqual([false, false]);
      expect((await queue(officers['63']!, '?overdue=true&limit=500')).items.map((x) => x.id)).not.toContain(plain.id);
    });

    it('acknowledging clears ackOverdue; a note sets actionedAt and clears actionOverdue', async () => {
      const s = officers['63']!;
      const r = await staff(s, { description: 'an urgent report to check the clocks', provinceCode: '63', immediateDanger: true });
      expect(r.urgent).toBe(true);
      await t.database.query(
        "UPDATE reports SET created_at = now() - interval '30 hours', ack_due_at = now() - interval '29 hours', action_due_at = now() - interval '6 hours' WHERE id = $1",
        [r.id]);
      const before = await view(s, r.id);
      expect([before.ackOverdue, before.actionOverdue]).toEqual([true, true]);
      expect((await queue(s, '?overdue=true&limit=500')).items.map((x) => x.id)).toContain(r.id);

      const ack = await act(s, r.id, 'acknowledge', { version: before.version });
      expect(ack.statusCode, ack.body).toBe(200);
      expect(ack.json()).toMatchObject({ ackOverdue: false, actionOverdue: true, status: 'received', actionedAt: null });
      expect(ack.json().acknowledgedAt).toBeTruthy();

      const note = await act(s, r.id, 'notes', { version: ack.json().version, kind: 'note', body: 'called the district office' });
      expect(note.statusCode, note.body).toBe(200);
      expect(note.json()).toMatchObject({ ackOverdue: false, actionOverdue: false, status: 'received' });
      expect(note.json().actionedAt).toBeTruthy();
      expect((await queue(s, '?overdue=true&limit=500')).items.map((x) => x.id)).not.toContain(r.id);
      const notes = await t.as(s, { method: 'GET', url: `/api/v1/reports/${r.id}/notes` });
      expect(notes.json().items.map((n: { kind: string; body: string }) => [n.kind, n.body])).toEqual([['note', 'called the district office']]);
    });

    it('the counts per queue (open, urgent, acknowledgement and action overdue) match hand-counted reports', async () => {
      const ubon = await t.login(await t.user(['provincial_officer'], { provinceCode: '34' }));
      const make = (description: string, urgent: boolean) =>
        staff(ubon, { description, provinceCode: '34', ...(urgent ? { immediateDanger: true } : {}) });
      const due = (id: string, ackHoursAgo: number, actionHoursAgo: number) => t.database.query(
        'UPDATE reports SET ack_due_at = now() - make_interval(hours => $2), action_due_at = now() - make_interval(hours => $3) WHERE id = $1',
        [id, ackHoursAgo, actionHoursAgo]);
      await make('counts: open, not urgent', false);
      await make('counts: urgent, clocks still running', true);
      const ackLate = await make('counts: urgent, acknowledgement overdue', true);
      await due(ackLate.id, 2, -10);
      const bothLate = await make('counts: urgent, both overdue', true);
      await due(bothLate.id, 30, 6);
      const actionLate = await make('counts: urgent, acknowledged, action overdue', true);
      await due(actionLate.id, 30, 6);
      expect((await act(ubon, actionLate.id, 'acknowledge', { version: actionLate.version })).statusCode).toBe(200);
      const closed = await make('counts: urgent and overdue but closed', true);
      await due(closed.id, 30, 6);
      expect((await act(ubon, closed.id, 'close', { version: closed.version, reason: 'not_trafficking' })).statusCode).toBe(200);
      // Closing acknowledges and acts: make its clocks overdue again, so only closed_at keeps it out.
      await t.database.query('UPDATE reports SET acknowledged_at = NULL, actioned_at = NULL WHERE id = $1', [closed.id]);
      // Of unknown province: counted in the national queue, not in Ubon's.
      await staff(ubon, { description: 'counts: somewhere unknown', provinceCode: null });

      const mine = await t.as(ubon, { method: 'GET', url: '/api/v1/reports/overdue' });
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json().items).toEqual([{ provinceCode: '34', open: 5, urgent: 4, ackOverdue: 2, actionOverdue: 2 }]);

      // Nationally, every queue's row equals a plain count over the table (the national queue as null, last).
      const all = await t.as(analyst, { method: 'GET', url: '/api/v1/reports/overdue' });
      const plain = await t.database.query<{ provinceCode: string | null; open: number; urgent: number; ackOverdue: number; actionOverdue: number }>(`
        SELECT trim(routed_province_code) AS "provinceCode", count(*)::int AS open, count(*) FILTER (WHERE urgent)::int AS urgent,
               count(*) FILTER (WHERE ack_due_at < now() AND acknowledged_at IS NULL)::int AS "ackOverdue",
               count(*) FILTER (WHERE action_due_at < now() AND actioned_at IS NULL)::int AS "actionOverdue"
          FROM reports WHERE closed_at IS NULL GROUP BY routed_province_code ORDER BY routed_province_code`);
      expect(all.json().items).toEqual(plain);
      expect(all.json().items.find((c: { provinceCode: string | null }) => c.provinceCode === '34'))
        .toEqual({ provinceCode: '34', open: 5, urgent: 4, ackOverdue: 2, actionOverdue: 2 });
      expect(all.json().items.at(-1).provinceCode).toBeNull();
    });

    it('info_request sets info_requested; assigning to oneself sets assigned; another province\'s user is refused', async () => {
      const s = officers['63']!;
      const a = await staff(s, { description: 'report needing more information', provinceCode: '63' });
      const info = await act(s, a.id, 'notes', { version: a.version, kind: 'info_request', body: 'which factory?' });
      expect(info.json()).toMatchObject({ status: 'info_requested' });
      expect(info.json().actionedAt).toBeTruthy();

      const b = await staff(s, { description: 'report to assign to myself', provinceCode: '63' });
      const mine = await act(s, b.id, 'assign', { version: b.version });
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ status: 'assigned', assignedTo: officerUsers['63']!.id });
      expect(mine.json().acknowledgedAt).toBeTruthy();

      const c = await staff(s, { description: 'report to assign elsewhere', provinceCode: '63' });
      const other = await act(s, c.id, 'assign', { version: c.version, userId: officerUsers['57']!.id });
      expect([other.statusCode, codeOf(other)]).toEqual([422, 'ASSIGNEE_NOT_ALLOWED']);
      const unknown = await act(s, c.id, 'assign', { version: c.version, userId: '00000000-0000-4000-8000-000000000000' });
      expect([unknown.statusCode, codeOf(unknown)]).toEqual([422, 'ASSIGNEE_NOT_ALLOWED']);
      expect((await view(s, c.id))).toMatchObject({ status: 'received', assignedTo: null, version: c.version });
    });

    it('closes with each reason; acting on a closed report is 409 REPORT_CLOSED', async () => {
      const s = officers['63']!;
      for (const reason of ['not_trafficking', 'referred_elsewhere', 'insufficient_information'] as const) {
        const r = await staff(s, { description: `report closed as ${reason}`, provinceCode: '63', immediateDanger: true });
        const c = await act(s, r.id, 'close', { version: r.version, reason, body: 'closure note' });
        expect(c.statusCode, c.body).toBe(200);
        expect(c.json()).toMatchObject({ status: 'closed', closeReason: reason, ackOverdue: false, actionOverdue: false });
        expect(c.json().closedAt).toBeTruthy();
        const v = c.json().version as number;
        const other = await staff(s, { description: `another open report for ${reason}`, provinceCode: '63' });
        const attempts: [string, Record<string, unknown>][] = [
          ['acknowledge', { version: v }], ['assign', { version: v }], ['notes', { version: v, kind: 'note', body: 'late' }],
          ['close', { version: v, reason: 'not_trafficking' }], ['open-case', { version: v }],
          ['duplicate', { version: v, duplicateOf: other.id }],
        ];
        for (const [action, payload] of attempts) {
          const res = await act(s, r.id, action, payload);
          expect([action, res.statusCode, codeOf(res)]).toEqual([action, 409, 'REPORT_CLOSED']);
        }
        expect((await view(s, r.id)).version).toBe(v);
        expect((await queue(s, '?limit=500')).items.map((x) => x.id)).not.toContain(r.id);
        expect((await queue(s, '?status=closed&limit=500')).items.map((x) => x.id)).toContain(r.id);
      }
    });

    it('a stale version is 409 STALE_VERSION and writes nothing: row, notes and audit unchanged', async () => {
      const s = officers['63']!;
      const r = await staff(s, { description: 'report to test stale versions', provinceCode: '63', childrenInvolved: 'yes' });
      const ack = (await act(s, r.id, 'acknowledge', { version: r.version })).json() as R;
      const snapshot = async () => JSON.stringify([
        await t.database.query('SELECT * FROM reports WHERE id = $1', [r.id]),
        await t.database.query('SELECT * FROM report_notes WHERE report_id = $1 ORDER BY id', [r.id]),
        await t.database.query('SELECT * FROM report_duplicate_candidates WHERE report_id = $1 ORDER BY candidate_id', [r.id]),
        await t.database.query('SELECT seq, action FROM audit_log WHERE target_id = $1 ORDER BY seq', [r.id]),
      ]);
      const before = await snapshot();
      const other = await staff(s, { description: 'unrelated other report', provinceCode: '63' });
      const stale = ack.version - 1;
      const attempts: [string, Record<string, unknown>][] = [
        ['acknowledge', { version: stale }], ['assign', { version: stale }], ['notes', { version: stale, kind: 'note', body: 'stale note' }],
        ['notes', { version: stale, kind: 'info_request', body: 'stale request' }], ['close', { version: stale, reason: 'not_trafficking', body: 'x' }],
        ['open-case', { version: stale, body: 'stale' }], ['duplicate', { version: stale, duplicateOf: other.id }],
        ['acknowledge', { version: ack.version + 5 }],
      ];
      for (const [action, payload] of attempts) {
        const res = await act(s, r.id, action, payload);
        expect([action, res.statusCode, codeOf(res)]).toEqual([action, 409, 'STALE_VERSION']);
      }
      expect(await snapshot()).toBe(before);
      expect((await act(s, r.id, 'notes', { version: ack.version, kind: 'note', body: 'now current' })).statusCode).toBe(200);
    });
  });

  describe('audit', () => {
    it('every status change writes its audit row, with ids and statuses only', async () => {
      const s = officers['63']!;
      const officerId = officerUsers['63']!.id;
      const secretText = 'ผู้หญิงชื่อนางสาวมะลิถูกกักขังที่บ้านเลขที่ 99 หมู่ 4';
      const phone = '089-765-4321';
      let r = await staff(s, { description: secretText, provinceCode: '63', contactPhone: phone, contactName: 'นายสมหมาย', immediateDanger: true });
      const id = r.id;
      const step = async (action: string, payload: Record<string, unknown>) => {
        const res = await act(s, id, action, { version: r.version, ...payload });
        expect(res.statusCode, res.body).toBe(200);
        r = res.json() as R;
      };
      await step('acknowledge', {});
      await step('assign', {});
      await step('notes', { kind: 'info_request', body: 'ขอที่อยู่ของนางสาวมะลิ' });
      await step('notes', { kind: 'note', body: 'โทรหานายสมหมายแล้ว' });
      await step('close', { reason: 'referred_elsewhere', body: 'ส่งต่อให้ตำรวจ ปคม.' });
      const rows = await auditOf(id);
      expect(rows.map((a) => a.action)).toEqual([
        'report.created', 'report.acknowledged', 'report.assigned', 'report.info_requested', 'report.note_added', 'report.closed',
      ]);
      expect(rows.slice(1).map((a) => [a.details.from, a.details.to])).toEqual([
        ['received', 'received'], ['received', 'assigned'], ['assigned', 'info_requested'], ['info_requested', 'info_requested'],
        ['info_requested', 'closed'],
      ]);
      expect(rows.every((a) => a.actor_user_id === officerId)).toBe(true);

      const a = await staff(s, { description: 'original report for the duplicate audit', provinceCode: '63' });
      const b = await staff(s, { description: 'second report for the duplicate audit', provinceCode: '63' });
      const c = await staff(s, { description: 'report that becomes a case', provinceCode: '63', contactLine: 'secret.line' });
      expect((await act(s, b.id, 'duplicate', { version: b.version, duplicateOf: a.id })).statusCode).toBe(200);
      expect((await act(s, c.id, 'open-case', { version: c.version, body: 'ทีมสหวิชาชีพประชุมแล้ว' })).statusCode).toBe(200);
      expect((await auditOf(b.id)).map((x) => [x.action, x.details.to ?? null])).toEqual([['report.created', null], ['report.marked_duplicate', 'duplicate']]);
      expect((await auditOf(c.id)).map((x) => [x.action, x.details.to ?? null])).toEqual([['report.created', null], ['report.case_opened', 'case_opened']]);

      const pub = await publicReport({ description: 'รายงานสาธารณะเพื่อตรวจบันทึกการตรวจสอบ', provinceCode: '63', contactPhone: '0865551234' });
      expect(pub.statusCode).toBe(201);
      const [pubRow] = await t.database.query<{ id: string }>('SELECT id FROM reports WHERE reference = $1', [pub.json().reference]);
      const pubAudit = await auditOf(pubRow!.id);
      expect(pubAudit.map((x) => [x.action, x.actor_user_id])).toEqual([['report.received', null]]);

      // Record ids are expected in details (the queue reads list them); a random id may hold '765' or '4321'.
      const all = JSON.stringify(await t.database.query("SELECT details FROM audit_log WHERE action LIKE 'report.%'"))
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
      for (const leak of [secretText, 'มะลิ', 'สมหมาย', '765', '4321', 'secret.line', 'ปคม', 'ทีมสหวิชาชีพ', '5551234', 'ตรวจบันทึก']) {
        expect(all, leak).not.toContain(leak);
      }
    });
  });

  describe('duplicates', () => {
    const candidatesOf = async (s: Signed, id: string) => {
      const r = await t.as(s, { method: 'GET', url: `/api/v1/reports/${id}/duplicates` });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { items: { candidateId: string; reasons: string[]; status: string; score: number }[] }).items;
    };

    it('the same phone, formatted differently, in different provinces is proposed as same_contact', async () => {
      const a = await staff(officers['10']!, { description: 'a recruiter in Bangkok takes passports', provinceCode: '10', contactPhone: '081-234-5678' });
      const b = await staff(officers['90']!, { description: 'boat owner in Songkhla keeps crew on board', provinceCode: '90', contactPhone: '0812345678' });
      const c = (await candidatesOf(analyst, b.id)).find((x) => x.candidateId === a.id);
      expect(c?.reasons).toContain('same_contact');
      expect(c?.status).toBe('proposed');
      // A third way of writing the same number matches both.
      const d = await staff(officers['90']!, { description: 'yet another unrelated report text here', provinceCode: '90', contactPhone: '(081) 234 5678' });
      expect((await candidatesOf(analyst, d.id)).map((x) => x.candidateId)).toEqual(expect.arrayContaining([a.id, b.id]));
    });

    it('a similar text in a neighbouring province is proposed (neighbouring_area); in a far province it is not', async () => {
      const [n] = await t.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM province_neighbours WHERE province_code = '57' AND neighbour_code = '56'");
      expect(n!.n).toBe(1);
      const [far] = await t.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM province_neighbours WHERE province_code = '57' AND neighbour_code = '90'");
      expect(far!.n).toBe(0);
      const text = 'แรงงานชาวเมียนมาถูกยึดบัตรและขังไว้ในโรงงานแปรรูปยางพารา';
      const phayao = await staff(officers['56']!, { description: text, provinceCode: '56' });
      const songkhla = await staff(officers['90']!, { description: text, provinceCode: '90' });
      const chiangRai = await staff(officers['57']!, { description: text + ' ใกล้ชายแดน', provinceCode: '57' });
      const cands = await candidatesOf(analyst, chiangRai.id);
      const near = cands.find((x) => x.candidateId === phayao.id);
      expect(near?.reasons).toEqual(expect.arrayContaining(['neighbouring_area', 'similar_text', 'close_in_time']));
      expect(near?.reasons).not.toContain('same_area');
      expect(cands.map((x) => x.candidateId)).not.toContain(songkhla.id);
      // The officer of Chiang Rai does not see a Phayao report through the duplicates list.
      expect((await candidatesOf(officers['57']!, chiangRai.id)).map((x) => x.candidateId)).not.toContain(phayao.id);
    });

    it('an unrelated text in the same province, and a similar report older than 14 days, are not proposed', async () => {
      const s = officers['57']!;
      const a = await staff(s, { description: 'children selling flowers at the night bazaar every evening', provinceCode: '57' });
      const b = await staff(s, { description: 'โรงงานปลากระป๋องจ้างแรงงานโดยไม่จ่ายค่าจ้างสามเดือน', provinceCode: '57' });
      expect((await candidatesOf(s, b.id)).map((x) => x.candidateId)).not.toContain(a.id);

      const text = 'มีการหลอกผู้หญิงไปทำงานนวดที่ต่างประเทศผ่านเฟซบุ๊ก';
      const old = await staff(s, { description: text, provinceCode: '57' });
      await t.database.query("UPDATE reports SET created_at = now() - interval '15 days' WHERE id = $1", [old.id]);
      const recent = await staff(s, { description: text, provinceCode: '57' });
      expect((await candidatesOf(s, recent.id)).map((x) => x.candidateId)).not.toContain(old.id);
      // Control: the same text within 14 days is proposed.
      const again = await staff(s, { description: text, provinceCode: '57' });
      const c = (await candidatesOf(s, again.id)).find((x) => x.candidateId === recent.id);
      expect(c?.reasons).toEqual(expect.arrayContaining(['same_area', 'similar_text']));
    });

    it('both forms of the area search (test each report of a small area; trigram index for a busy one) propose the same candidates', async () => {
      const text = 'นายหน้าพาแรงงานข้ามชายแดนไปทำงานในไร่อ้อยโดยยึดบัตรประชาชนไว้';
      const made: R[] = [];
      for (const [p, extra] of [['56', 'บ้านนา'], ['57', 'ริมน้ำ'], ['57', 'ตลาดเช้า'], ['90', 'ปลายทาง'], [null, 'ไม่รู้ที่']] as const) {
        made.push(await staff(officers['57']!, { description: `${text} ${extra}`, provinceCode: p, contactPhone: p === '90' ? '0899990001' : undefined }));
      }
      // An old one (outside the 14 days) and one stamped two days ahead (another clock): the window has no upper end.
      await t.database.query("UPDATE reports SET created_at = now() - interval '15 days' WHERE id = $1", [made[2]!.id]);
      await t.database.query("UPDATE reports SET created_at = now() + interval '2 days' WHERE id = $1", [made[1]!.id]);
      for (const [p, phone] of [['57', '0899990001'], [null, undefined]] as const) {
        const fresh = await staff(officers['57']!, { description: `${text} อีกครั้ง`, provinceCode: p, contactPhone: phone });
        const [row] = await t.database.db.select().from(reports).where(eq(reports.id, fresh.id));
        const small = await findDuplicateCandidates(t.database.db, row!);
        const busy = await findDuplicateCandidates(t.database.db, row!, 0);
        const ids = (xs: typeof small) => xs.map((x) => x.id).sort();
        expect(ids(busy)).toEqual(ids(small));
        expect(busy.map((x) => ({ ...x, similarity: x.similarity.toFixed(6) })).sort((a, b) => a.id.localeCompare(b.id)))
          .toEqual(small.map((x) => ({ ...x, similarity: x.similarity.toFixed(6) })).sort((a, b) => a.id.localeCompare(b.id)));
        expect(ids(small)).not.toContain(made[2]!.id);
        if (p === '57') {
          expect(ids(small)).toEqual(expect.arrayContaining([made[0]!.id, made[1]!.id, made[3]!.id]));
        } else {
          expect(ids(small)).toContain(made[4]!.id);
        }
      }
    });

    it('dismissing a candidate changes its status and is audited', async () => {
      const s = officers['63']!;
      const text = 'เรือประมงที่ท่าเรือแม่สอดบังคับลูกเรือทำงานวันละยี่สิบชั่วโมง';
      const a = await staff(s, { description: text, provinceCode: '63' });
      const b = await staff(s, { description: text, provinceCode: '63' });
      expect((await candidatesOf(s, b.id)).find((x) => x.candidateId === a.id)?.status).toBe('proposed');
      const d = await t.as(s, { method: 'POST', url: `/api/v1/reports/${b.id}/duplicates/${a.id}/dismiss` });
      expect(d.statusCode, d.body).toBe(200);
      expect(d.json().items.find((x: { candidateId: string }) => x.candidateId === a.id).status).toBe('dismissed');
      const [row] = await t.database.query<{ status: string }>(
        'SELECT status FROM report_duplicate_candidates WHERE report_id = $1 AND candidate_id = $2', [b.id, a.id]);
      expect(row!.status).toBe('dismissed');
      expect((await auditOf(b.id)).map((x) => x.action)).toContain('report.duplicate_dismissed');
      // No such candidate pair: 404.
      const none = await t.as(s, { method: 'POST', url: `/api/v1/reports/${a.id}/duplicates/${a.id}/dismiss` });
      expect(none.statusCode).toBe(404);
    });

    it('marking a duplicate of a report outside the caller\'s scope is 404; of itself is 422', async () => {
      const s = officers['57']!;
      const mine = await staff(s, { description: 'a report in Chiang Rai to mark', provinceCode: '57' });
      const theirs = await staff(officers['90']!, { description: 'a report in Songkhla out of scope', provinceCode: '90' });
      const out = await act(s, mine.id, 'duplicate', { version: mine.version, duplicateOf: theirs.id });
      expect([out.statusCode, codeOf(out)]).toEqual([404, 'NOT_FOUND']);
      const missing = await act(s, mine.id, 'duplicate', { version: mine.version, duplicateOf: '00000000-0000-4000-8000-000000000000' });
      expect(missing.statusCode).toBe(404);
      const self = await act(s, mine.id, 'duplicate', { version: mine.version, duplicateOf: mine.id });
      expect([self.statusCode, codeOf(self)]).toEqual([422, 'DUPLICATE_OF_SELF']);
      expect((await view(s, mine.id))).toMatchObject({ status: 'received', duplicateOf: null, version: mine.version });
      // Nor can an officer act on a report outside its scope at all.
      expect((await act(s, theirs.id, 'acknowledge', { version: theirs.version })).statusCode).toBe(404);
    });
  });

  describe('public status', () => {
    it('maps internal statuses to received / being_handled / closed', async () => {
      const s = officers['63']!;
      const statusOf = async (ref: { reference: string; pin: string }) => {
        const r = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${ref.reference}?pin=${ref.pin}`, remoteAddress: nextIp() });
        expect(r.statusCode, r.body).toBe(200);
        return (r.json() as { status: string }).status;
      };
      const make = async (label: string) => {
        const p = await publicReport({ description: `public status mapping: ${label}`, provinceCode: '63' });
        expect(p.statusCode, p.body).toBe(201);
        const ref = p.json() as { reference: string; pin: string };
        const [row] = await t.database.query<{ id: string; version: number }>('SELECT id, version FROM reports WHERE reference = $1', [ref.reference]);
        return { ref, id: row!.id, version: row!.version };
      };
      const expectStep = async (label: string, action: string | null, payload: Record<string, unknown>, want: string, internal: string) => {
        const m = await make(label);
        expect(await statusOf(m.ref)).toBe('received');
        if (action) {
          const res = await act(s, m.id, action, { version: m.version, ...payload });
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json().status).toBe(internal);
        }
        expect([label, await statusOf(m.ref)]).toEqual([label, want]);
        return m;
      };
      await expectStep('received', null, {}, 'received', 'received');
      await expectStep('acknowledged only', 'acknowledge', {}, 'received', 'received');
      await expectStep('note only', 'notes', { kind: 'note', body: 'internal note' }, 'received', 'received');
      await expectStep('assigned', 'assign', {}, 'being_handled', 'assigned');
      await expectStep('info requested', 'notes', { kind: 'info_request', body: 'more please' }, 'being_handled', 'info_requested');
      await expectStep('case opened', 'open-case', {}, 'being_handled', 'case_opened');
      const original = await make('original');
      await expectStep('duplicate', 'duplicate', { duplicateOf: original.id }, 'closed', 'duplicate');
      await expectStep('closed', 'close', { reason: 'insufficient_information' }, 'closed', 'closed');
    });
  });

  describe('bad input', () => {
    const rowCounts = async () => [await count('reports'), await count('report_duplicate_candidates'), await count('report_notes')];

    it('a 100 KB description is a 400 on the description field, on both routes; nothing written', async () => {
      const before = await rowCounts();
      // 100 KB of ASCII, and about 100 KB of Thai (3 bytes a character in UTF-8): both under the 256 KB body limit.
      for (const big of ['x'.repeat(100 * 1024), 'ก'.repeat(34_000)]) {
        const pub = await publicReport({ description: big, provinceCode: '57' });
        expect(pub.statusCode).toBe(400);
        expect(pub.json().error.code).toBe('VALIDATION_FAILED');
        expect(pub.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['description']);
        const st = await t.as(officers['57']!, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'line', description: big, provinceCode: '57' } });
        expect(st.statusCode).toBe(400);
        expect(st.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['description']);
      }
      // Beyond the 256 KB body limit: 413.
      const huge = await publicReport({ description: 'x'.repeat(300 * 1024) });
      expect([huge.statusCode, codeOf(huge)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(await rowCounts()).toEqual(before);
    });

    it('markup, SQL and mixed scripts are stored and returned verbatim as text', async () => {
      const samples = [
        '<script>alert(1)</script>',
        "'; DROP TABLE reports;--",
        '<img src=x onerror="alert(document.cookie)"> &amp; &lt;b&gt;',
        '🙏🏽 ช่วยด้วย 👩‍👧 ကူညီပါ ຊ່ວຍແດ່ ជួយផង 中文 عربى עברית e\u0301 (not NFC) \u200b zero-width',
        'Robert"); DELETE FROM audit_log; -- \\ % _ $1 ${x} {{x}}',
      ];
      for (const description of samples) {
        const r = await t.as(officers['57']!, {
          method: 'POST', url: '/api/v1/reports',
          payload: { channel: 'ngo', description, placeDescription: description.slice(0, 500), provinceCode: '57' },
        });
        expect(r.statusCode, r.body).toBe(201);
        expect(r.headers['content-type']).toMatch(/^application\/json/);
        expect(r.json().description).toBe(description);
        expect(JSON.parse(r.body).description).toBe(description);
        expect((await view(officers['57']!, r.json().id)).description).toBe(description);
        const [row] = await t.database.query<{ description: string; place_description: string }>(
          'SELECT description, place_description FROM reports WHERE id = $1', [r.json().id]);
        expect(row).toEqual({ description, place_description: description.slice(0, 500) });

        const p = await publicReport({ description, provinceCode: '57' });
        expect(p.statusCode, p.body).toBe(201);
        const [prow] = await t.database.query<{ description: string }>('SELECT description FROM reports WHERE reference = $1', [p.json().reference]);
        expect(prow!.description).toBe(description);
      }
      // The tables are all still there.
      expect(await count('reports')).toBeGreaterThan(0);
      expect(await count('audit_log')).toBeGreaterThan(0);
    });

    it('district without province, unknown nationality, zero people, unknown fields: refused, nothing written', async () => {
      const before = await rowCounts();
      const cases: [Record<string, unknown>, number, string, string][] = [
        [{ districtCode: '5701' }, 422, 'UNKNOWN_DISTRICT', 'districtCode'],
        [{ districtCode: '5701', provinceCode: null }, 422, 'UNKNOWN_DISTRICT', 'districtCode'],
        [{ provinceCode: '57', nationality: 'XXX' }, 422, 'UNKNOWN_COUNTRY', 'nationality'],
        [{ peopleCount: 0 }, 400, 'VALIDATION_FAILED', 'peopleCount'],
        [{ peopleCount: -3 }, 400, 'VALIDATION_FAILED', 'peopleCount'],
        [{ surpriseField: 'hello' }, 400, 'VALIDATION_FAILED', 'surpriseField'],
        [{ nationality: 'mmr' }, 400, 'VALIDATION_FAILED', 'nationality'],
        [{ contactPhone: '<script>' }, 400, 'VALIDATION_FAILED', 'contactPhone'],
        [{ description: 'short' }, 400, 'VALIDATION_FAILED', 'description'],
        [{ description: 'ten chars \u0000 with a NUL' }, 400, 'VALIDATION_FAILED', 'description'],
      ];
      for (const [fields, status, code, path] of cases) {
        const body = { description: 'a valid looking report description', ...fields };
        const pub = await publicReport(body);
        const label = JSON.stringify(fields);
        expect([label, pub.statusCode, codeOf(pub)]).toEqual([label, status, code]);
        expect(pub.json().error.fields.map((f: { path: string }) => f.path), label).toContain(path);
        const st = await t.as(officers['57']!, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'walk_in', ...body } });
        expect([label, st.statusCode, codeOf(st)]).toEqual([label, status, code]);
      }
      // The public route refuses staff-only fields, and staff may not claim the public channel.
      const ch = await publicReport({ description: 'a valid looking report description', channel: 'police' });
      expect(ch.json().error.fields).toEqual([expect.objectContaining({ path: 'channel', message: 'unknown field' })]);
      const pubChannel = await t.as(officers['57']!, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'public_web', description: 'a valid looking report description' } });
      expect(pubChannel.statusCode).toBe(400);
      // A source organisation that does not exist is the caller's mistake, not a server error.
      const org = await t.as(officers['57']!, {
        method: 'POST', url: '/api/v1/reports',
        payload: { channel: 'ngo', description: 'a valid looking report description', sourceOrganisationId: '00000000-0000-4000-8000-000000000000' },
      });
      expect([org.statusCode, codeOf(org)]).toEqual([422, 'UNKNOWN_ORGANISATION']);
      // A report counts in its source's statistics: Chiang Rai's officer cannot put one on a Tak partner's
      // account (403, nothing written), but may record one for a Chiang Rai partner.
      const takPartner = await t.org({ provinceCode: '63', nameEn: 'Tak partner NGO' });
      const other = await t.as(officers['57']!, {
        method: 'POST', url: '/api/v1/reports', payload: { channel: 'ngo', description: 'a valid looking report description', sourceOrganisationId: takPartner },
      });
      expect([other.statusCode, codeOf(other)]).toEqual([403, 'SOURCE_ORGANISATION_OUT_OF_SCOPE']);
      expect(await rowCounts()).toEqual(before);
      const criPartner = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai partner NGO' });
      const own = await t.as(officers['57']!, {
        method: 'POST', url: '/api/v1/reports', payload: { channel: 'ngo', description: 'a report a Chiang Rai partner brought in', sourceOrganisationId: criPartner },
      });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json().sourceOrganisationId).toBe(criPartner);
    });
  });

  describe('limits and logs', () => {
    it('the 11th public report from one address in an hour is 429 REPORTS_LIMITED with retry-after; another address still works', async () => {
      const ip = '203.0.113.77';
      for (let i = 1; i <= 10; i++) {
        const r = await publicReport({ description: `rate limit report number ${i} from one address` }, ip);
        expect([i, r.statusCode]).toEqual([i, 201]);
      }
      const before = await count('reports');
      const eleventh = await publicReport({ description: 'rate limit report number 11 from one address' }, ip);
      expect([eleventh.statusCode, codeOf(eleventh)]).toEqual([429, 'REPORTS_LIMITED']);
      const retry = Number(eleventh.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(3600);
      expect(await count('reports')).toBe(before);
      const other = await publicReport({ description: 'a report from another address' }, '203.0.113.78');
      expect(other.statusCode).toBe(201);
    });

    it('logs carry neither a public report\'s description nor its contact details', async () => {
      const description = 'ZQX-distinctive-อุบลราชธานี-description-7731 workers locked in';
      const phone = '+66 97 531 8642';
      const r = await publicReport({ description, provinceCode: '57', contactPhone: phone, contactName: 'Kittisak Wongdistinct', contactLine: 'line.distinct.id' });
      expect(r.statusCode, r.body).toBe(201);
      // A refused one too: validation messages must not echo values.
      await publicReport({ description, provinceCode: '57', contactPhone: phone, peopleCount: 'many' });
      const logs = t.logs.join('');
      expect(logs).toContain('/public/reports');
      for (const leak of ['ZQX-distinctive', 'อุบลราชธานี', phone, '975318642', '531 8642', 'Wongdistinct', 'line.distinct.id']) {
        expect(logs, leak).not.toContain(leak);
      }
    });
  });
});
