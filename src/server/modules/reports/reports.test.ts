import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { issueChallenge, solve } from './proof-of-work.js';

/** A challenge issued 5 s ago and solved, as the public page would send it. */
function answered(t: TestContext) {
  const c = issueChallenge(t.cipher, 8, Date.now() - 5000);
  return { token: c.token, counter: solve(c.token, 8) };
}

describe('reports: intake, routing, triage', () => {
  let t: TestContext;
  let takOfficer: Signed;
  let criOfficer: Signed;
  let analyst: Signed;

  beforeAll(async () => {
    t = await createTestContext();
    takOfficer = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    criOfficer = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
  });
  afterAll(async () => { await t.close(); });

  const publicReport = (body: Record<string, unknown>, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { challenge: answered(t), ...body }, headers, remoteAddress });

  it('a public report in Burmese is routed to Tak, urgent, with reference and PIN; contact encrypted', async () => {
    const r = await publicReport({
      description: 'မိန်းကလေး ၃ ယောက်ကို အလုပ်ရုံမှာ ပိတ်ထားတယ် — girls locked in a workshop',
      provinceCode: '63', districtCode: '6306', childrenInvolved: 'yes', immediateDanger: true, language: 'my',
      contactPhone: '081 234 5678',
    });
    expect(r.statusCode).toBe(201);
    const { reference, pin } = r.json();
    expect(reference).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(pin).toMatch(/^\d{6}$/);
    const [row] = await t.database.query<Record<string, unknown>>('SELECT * FROM reports WHERE reference = $1', [reference]);
    expect(row!.routed_province_code).toBe('63');
    expect(row!.urgent).toBe(true);
    expect(String(row!.contact_phone_enc)).not.toContain('234');
    const q = await t.as(takOfficer, { method: 'GET', url: '/api/v1/reports' });
    expect(q.json().items.map((x: { reference: string }) => x.reference)).toContain(reference);
    const other = await t.as(criOfficer, { method: 'GET', url: '/api/v1/reports' });
    expect(other.json().items.map((x: { reference: string }) => x.reference)).not.toContain(reference);
    const id = q.json().items.find((x: { reference: string }) => x.reference === reference).id;
    expect((await t.as(criOfficer, { method: 'GET', url: `/api/v1/reports/${id}` })).statusCode).toBe(404);
    expect((await t.as(analyst, { method: 'GET', url: `/api/v1/reports/${id}` })).statusCode).toBe(200);
    const status = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${reference}?pin=${pin}` });
    expect(status.json()).toEqual({ reference, status: 'received' });
    // Typed in lower case from a phone keyboard, the reference still matches.
    const lower = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${reference.toLowerCase()}?pin=${pin}` });
    expect(lower.json()).toEqual({ reference, status: 'received' });
  });

  it('a wrong PIN and an unknown reference get the same answer, and checks are throttled', async () => {
    const r = await publicReport({ description: 'something is happening at the port', provinceCode: '57' }, {}, '10.0.0.2');
    const { reference, pin } = r.json();
    const wrong = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${reference}?pin=${pin === '000000' ? '000001' : '000000'}`, remoteAddress: '10.0.0.3' });
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/public/reports/R-ZZZZ-ZZZZ?pin=123456', remoteAddress: '10.0.0.3' });
    expect([wrong.statusCode, wrong.json()]).toEqual([unknown.statusCode, unknown.json()]);
    expect(wrong.statusCode).toBe(404);
    let last = 0;
    for (let i = 0; i < 10; i++) last = (await t.app.inject({ method: 'GET', url: '/api/v1/public/reports/R-ZZZZ-ZZZZ?pin=123456', remoteAddress: '10.0.0.3' })).statusCode;
    expect(last).toBe(429);
  });

  it('refuses a honeypot, a bad or reused challenge, unknown areas, a district of another province', async () => {
    const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM reports'))[0]!.n;
    const before = await count();
    const ip = '10.0.0.4';
    expect((await publicReport({ description: 'a real looking report text', website: 'http://spam' }, {}, ip)).json().error.code).toBe('REPORT_REJECTED');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', remoteAddress: ip, payload: { description: 'a real looking report text', challenge: { token: 'x.y', counter: 1 } } });
    expect(bad.json().error.code).toBe('CHALLENGE_INVALID');
    const fresh = issueChallenge(t.cipher, 4);
    const fast = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', remoteAddress: ip, payload: { description: 'a real looking report text', challenge: { token: fresh.token, counter: solve(fresh.token, 4) } } });
    expect(fast.json().error.code).toBe('CHALLENGE_TOO_FAST');
    expect((await publicReport({ description: 'a real looking report text', provinceCode: '99' }, {}, ip)).json().error.code).toBe('UNKNOWN_PROVINCE');
    expect((await publicReport({ description: 'a real looking report text', provinceCode: '57', districtCode: '6301' }, {}, ip)).json().error.code).toBe('UNKNOWN_DISTRICT');
    const once = answered(t);
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', remoteAddress: '10.0.0.5', payload: { description: 'first use of a challenge', challenge: once } });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', remoteAddress: '10.0.0.5', payload: { description: 'second use of a challenge', challenge: once } });
    expect([a.statusCode, b.statusCode, b.json().error.code]).toEqual([201, 400, 'CHALLENGE_INVALID']);
    expect(await count()).toBe(before + 1);
  });

  it('a retry with the same Idempotency-Key creates one report; another body with the key is 409', async () => {
    const body = { description: 'workers kept on a fishing boat', provinceCode: '63', challenge: answered(t) };
    const headers = { 'idempotency-key': 'public-retry-0001' };
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: body, headers, remoteAddress: '10.0.0.6' });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: body, headers, remoteAddress: '10.0.0.6' });
    expect(b.json()).toEqual(a.json());
    const c = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { ...body, description: 'something else entirely' }, headers, remoteAddress: '10.0.0.6' });
    expect(c.statusCode).toBe(409);
    const n = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM reports WHERE description = 'workers kept on a fishing boat'");
    expect(n[0]!.n).toBe(1);
  });

  it('proposes a similar report in the same province as a duplicate; the officer marks it and opens a case on another', async () => {
    const text = 'มีเด็กผู้หญิงถูกบังคับให้ทำงานในร้านคาราโอเกะที่แม่สอด';
    const first = await t.as(takOfficer, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'hotline_1300', description: text, provinceCode: '63', approxAge: 15 } });
    const second = await t.as(takOfficer, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'volunteer', description: text + ' ตอนกลางคืน', provinceCode: '63' } });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const dups = await t.as(takOfficer, { method: 'GET', url: `/api/v1/reports/${second.json().id}/duplicates` });
    const cand = dups.json().items.find((c: { candidateId: string }) => c.candidateId === first.json().id);
    expect(cand.reasons).toEqual(expect.arrayContaining(['same_area', 'similar_text']));
    const marked = await t.as(takOfficer, { method: 'POST', url: `/api/v1/reports/${second.json().id}/duplicate`, payload: { version: second.json().version, duplicateOf: first.json().id } });
    expect(marked.json()).toMatchObject({ status: 'duplicate', duplicateOf: first.json().id });
    const stale = await t.as(takOfficer, { method: 'POST', url: `/api/v1/reports/${first.json().id}/open-case`, payload: { version: 99 } });
    expect(stale.statusCode).toBe(409);
    const opened = await t.as(takOfficer, { method: 'POST', url: `/api/v1/reports/${first.json().id}/open-case`, payload: { version: first.json().version, body: 'team convened' } });
    expect(opened.json()).toMatchObject({ status: 'case_opened', caseId: null });
    expect(opened.json().caseDecisionAt).toBeTruthy();
    const audit = await t.database.query<{ action: string }>("SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq", [first.json().id]);
    expect(audit.map((a) => a.action)).toEqual(['report.created', 'report.case_opened']);
  });

  it('urgent reports carry 1-hour and 24-hour clocks; overdue ones are counted for the province', async () => {
    const r = await t.as(takOfficer, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'police', description: 'a child begging at the market every night', provinceCode: '63', childrenInvolved: 'yes' } });
    const rep = r.json();
    expect(Date.parse(rep.ackDueAt) - Date.parse(rep.createdAt)).toBe(3600_000);
    expect(Date.parse(rep.actionDueAt) - Date.parse(rep.createdAt)).toBe(24 * 3600_000);
    await t.database.query("UPDATE reports SET created_at = now() - interval '2 hours', ack_due_at = now() - interval '1 hour' WHERE id = $1", [rep.id]);
    const overdue = await t.as(takOfficer, { method: 'GET', url: '/api/v1/reports?overdue=true' });
    expect(overdue.json().items.map((x: { id: string }) => x.id)).toContain(rep.id);
    expect(overdue.json().items.find((x: { id: string }) => x.id === rep.id).ackOverdue).toBe(true);
    const counts = await t.as(takOfficer, { method: 'GET', url: '/api/v1/reports/overdue' });
    expect(counts.json().items.find((c: { provinceCode: string }) => c.provinceCode === '63').ackOverdue).toBeGreaterThanOrEqual(1);
    const ack = await t.as(takOfficer, { method: 'POST', url: `/api/v1/reports/${rep.id}/acknowledge`, payload: { version: rep.version } });
    expect(ack.json().ackOverdue).toBe(false);
  });

  it('contact details need their own permission and each view is audited', async () => {
    const r = await t.as(takOfficer, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'line', description: 'recruiter promises jobs abroad', provinceCode: '63', contactName: 'นางสาวมะลิ', contactLine: 'mali.c' } });
    const id = r.json().id;
    const c = await t.as(takOfficer, { method: 'GET', url: `/api/v1/reports/${id}/contact` });
    expect(c.json()).toEqual({ name: 'นางสาวมะลิ', phone: null, line: 'mali.c' });
    expect((await t.as(analyst, { method: 'GET', url: `/api/v1/reports/${id}/contact` })).statusCode).toBe(403);
    const a = await t.database.query<{ details: unknown }>("SELECT details FROM audit_log WHERE action = 'report.contact_viewed' AND target_id = $1", [id]);
    expect(a.length).toBe(1);
    expect(JSON.stringify(a[0]!.details)).not.toContain('มะลิ');
  });
  it('the queue, the notes and the duplicates of a report are each audited once, by id and without free text', async () => {
    const text = 'นางสาวมาลี เบอร์ 0812345678 ถูกกักตัวที่โรงงานเย็บผ้าแม่สอด';
    const first = await t.as(takOfficer, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'hotline_1300', description: text, provinceCode: '63' } });
    const second = await t.as(takOfficer, { method: 'POST', url: '/api/v1/reports', payload: { channel: 'volunteer', description: text + ' ตอนกลางคืน', provinceCode: '63' } });
    const id = second.json().id as string;
    const note = await t.as(takOfficer, { method: 'POST', url: `/api/v1/reports/${id}/notes`, payload: { version: second.json().version, kind: 'note', body: 'โทรหาคุณมาลีแล้ว 0812345678' } });
    expect(note.statusCode).toBe(200);
    // Earlier tests read the queue too: only the entries written from here on count.
    const [mark] = await t.database.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM audit_log');
    const byAction = (action: string) => t.database.query<{ target_id: string | null; details: Record<string, unknown> | null }>(
      'SELECT target_id, details FROM audit_log WHERE action = $1 AND seq > $2 ORDER BY seq', [action, mark!.seq]);

    const queue = await t.as(takOfficer, { method: 'GET', url: '/api/v1/reports?limit=500' });
    expect(queue.statusCode).toBe(200);
    const listed = await byAction('report.listed');
    expect(listed).toHaveLength(1);
    const ids = (queue.json().items as { id: string }[]).map((x) => x.id);
    expect(ids).toContain(id);
    expect(listed[0]!.details).toEqual({ count: ids.length, ids });

    const notes = await t.as(takOfficer, { method: 'GET', url: `/api/v1/reports/${id}/notes` });
    expect(notes.statusCode).toBe(200);
    const noteRows = await byAction('report.notes_viewed');
    expect(noteRows).toHaveLength(1);
    expect(noteRows[0]!.target_id).toBe(id);
    expect(noteRows[0]!.details).toEqual({ count: 1, noteIds: (notes.json().items as { id: number | string }[]).map((x) => String(x.id)) });

    const dups = await t.as(takOfficer, { method: 'GET', url: `/api/v1/reports/${id}/duplicates` });
    expect(dups.statusCode).toBe(200);
    const dupRows = await byAction('report.duplicates_viewed');
    expect(dupRows).toHaveLength(1);
    expect(dupRows[0]!.target_id).toBe(id);
    expect(dupRows[0]!.details).toEqual({ count: 1, candidateIds: [first.json().id] });

    const all = JSON.stringify([...listed, ...noteRows, ...dupRows]);
    expect(all).not.toContain('0812345678');
    expect(all).not.toContain('มาลี');
  });
});
