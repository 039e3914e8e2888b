import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { startHousekeeping } from '../../platform/housekeeping.js';
import { sendPendingMail, smtpTransport, type MailTransport } from './mailer.js';

interface Received { from: string; to: string[]; raw: string }

/** The text of a received message: headers' encoded words and the body's transfer encoding undone. */
function decodeMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head!.replace(/\r?\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectRaw.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
  const body = rest.join('\n\n');
  const cte = /^Content-Transfer-Encoding: (\S+)/im.exec(unfolded)?.[1]?.toLowerCase();
  const text = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : cte === 'quoted-printable'
      ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
      : body;
  return { subject, text };
}

describe('notifications: the bell, the outbox and SMTP', () => {
  let t: TestContext;
  let officer: Signed;
  let memberA: TestUser;
  let a: Signed;
  let memberB: TestUser;
  let b: Signed;
  let admin: Signed;
  let kase: { id: string; caseNumber: string; version: number };
  const publicUrl = process.env.PHAKHI_PUBLIC_URL;

  beforeAll(async () => {
    process.env.PHAKHI_PUBLIC_URL = 'https://phakhi.example.go.th/';
    t = await createTestContext();
    officer = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    memberA = await t.user(['mdt_member'], { provinceCode: '57' });
    a = await t.login(memberA);
    memberB = await t.user(['mdt_member'], { provinceCode: '57' });
    b = await t.login(memberB);
    admin = await t.login(await t.user(['system_admin'], { provinceCode: null }));
    await t.database.query("UPDATE users SET email = 'member.a@example.go.th' WHERE id = $1", [memberA.id]);
    const r = await t.as(officer, {
      method: 'POST', url: '/api/v1/cases',
      payload: { persons: [{ role: 'victim', givenName: 'มะลิ', latinName: 'Mali Saengdao', gender: 'Feminine', estimatedAge: 15, nationality: 'LAO' }] },
    });
    expect(r.statusCode, r.body).toBe(201);
    kase = r.json();
    for (const u of [memberA, memberB]) {
      expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${kase.id}/team`, payload: { userId: u.id } })).statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    if (publicUrl === undefined) delete process.env.PHAKHI_PUBLIC_URL;
    else process.env.PHAKHI_PUBLIC_URL = publicUrl;
    await t.close();
  });

  const list = async (s: Signed, query = '') => {
    const r = await t.as(s, { method: 'GET', url: `/api/v1/notifications${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: { id: string; kind: string; caseNumber: string; link: string; read: boolean; readAt: string | null }[]; nextCursor: string | null };
  };
  const unread = async (s: Signed) => (await t.as(s, { method: 'GET', url: '/api/v1/notifications/unread-count' })).json().count as number;

  it('lists mine newest first with the case number and its link, never the victim', async () => {
    const owner = await t.as(officer, { method: 'PATCH', url: `/api/v1/cases/${kase.id}`, payload: { version: kase.version + 2, ownerUserId: memberA.id } });
    expect(owner.statusCode, owner.body).toBe(200);
    const mine = await list(a);
    expect(mine.items.map((n) => n.kind)).toEqual(['case_assigned', 'team_added']);
    expect(mine.items[0]).toMatchObject({ caseNumber: kase.caseNumber, link: `/cases/${kase.id}`, read: false, readAt: null, clock: null });
    expect(JSON.stringify(mine)).not.toMatch(/มะลิ|Mali/);
    expect(await unread(a)).toBe(2);
    const page = await list(a, '?limit=1');
    expect(page.items.map((n) => n.kind)).toEqual(['case_assigned']);
    expect((await list(a, `?limit=1&cursor=${page.nextCursor}`)).items.map((n) => n.kind)).toEqual(['team_added']);
    expect((await list(b)).items.map((n) => n.kind)).toEqual(['team_added']);
  });

  it('marks one read (again is harmless), all read, and answers 404 for someone else\'s', async () => {
    const [first] = (await list(a)).items;
    const read = await t.as(a, { method: 'POST', url: `/api/v1/notifications/${first!.id}/read` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: first!.id, read: true });
    const again = await t.as(a, { method: 'POST', url: `/api/v1/notifications/${first!.id}/read` });
    expect(again.json().readAt).toBe(read.json().readAt);
    expect(await unread(a)).toBe(1);
    expect((await list(a, '?unread=true')).items.map((n) => n.kind)).toEqual(['team_added']);

    const theirs = await t.as(b, { method: 'POST', url: `/api/v1/notifications/${first!.id}/read` });
    expect([theirs.statusCode, theirs.json().error.code]).toEqual([404, 'NOTIFICATION_NOT_FOUND']);
    expect((await list(a, '?unread=true')).items).toHaveLength(1);

    const all = await t.as(a, { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect(all.json()).toEqual({ ok: true, count: 1 });
    expect(await unread(a)).toBe(0);
    expect(await unread(b)).toBe(1);
  });

  it('queues mail for users with an address: case number and link, no name; an administrator reads the outbox', async () => {
    const mails = await t.database.query<{ to_address: string; subject: string; body: string; notification_id: string }>(
      'SELECT to_address, subject, body, notification_id FROM email_outbox ORDER BY created_at');
    expect(mails.map((m) => m.to_address)).toEqual(['member.a@example.go.th', 'member.a@example.go.th']);
    for (const m of mails) {
      expect(m.subject).toContain(kase.caseNumber);
      expect(m.body).toContain(`https://phakhi.example.go.th/cases/${kase.id}`);
      expect(m.body).toMatch(/[\u0e00-\u0e7f]/);
      expect(m.body).toContain('Open the case');
      expect(JSON.stringify(m)).not.toMatch(/มะลิ|Mali/);
    }
    const outbox = await t.as(admin, { method: 'GET', url: '/api/v1/admin/outbox?pending=true' });
    expect(outbox.statusCode, outbox.body).toBe(200);
    expect(outbox.json()).toMatchObject({ smtpConfigured: false });
    expect(outbox.json().items).toHaveLength(2);
    const [audit] = await t.database.query<{ details: { count: number } }>(
      "SELECT details FROM audit_log WHERE action = 'notification.outbox_viewed' ORDER BY seq DESC LIMIT 1");
    expect(audit!.details.count).toBe(2);
    expect((await t.as(officer, { method: 'GET', url: '/api/v1/admin/outbox' })).statusCode).toBe(403);
  });

  it('sends pending mail through SMTP, records failures without the address, and backs off', async () => {
    const received: Received[] = [];
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('bounce')) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    try {
      const from = 'Phakhi <no-reply@phakhi.example.go.th>';
      expect(await sendPendingMail(t.database.db, transport, { from })).toEqual({ sent: 2, failed: 0 });
      expect(received).toHaveLength(2);
      for (const m of received) {
        expect(m).toMatchObject({ from: 'no-reply@phakhi.example.go.th', to: ['member.a@example.go.th'] });
        const { subject, text } = decodeMail(m.raw);
        expect(subject).toContain(kase.caseNumber);
        expect(subject).toMatch(/ภาคี/);
        expect(text).toContain(`https://phakhi.example.go.th/cases/${kase.id}`);
        expect(text).not.toMatch(/มะลิ|Mali/);
      }
      const sent = await t.database.query<{ attempts: number; sent: boolean; last_error: string | null }>(
        'SELECT attempts, sent_at IS NOT NULL AS sent, last_error FROM email_outbox');
      expect(sent).toEqual([{ attempts: 1, sent: true, last_error: null }, { attempts: 1, sent: true, last_error: null }]);
      // Nothing left to send.
      expect(await sendPendingMail(t.database.db, transport, { from })).toEqual({ sent: 0, failed: 0 });

      // A recipient the server refuses: the error is kept (code and status only), and the mail waits before a retry.
      await t.database.query("UPDATE users SET email = 'bounce.b@example.go.th' WHERE id = $1", [memberB.id]);
      const k2 = (await t.as(officer, { method: 'POST', url: '/api/v1/cases', payload: {} })).json();
      expect((await t.as(officer, { method: 'POST', url: `/api/v1/cases/${k2.id}/team`, payload: { userId: memberB.id } })).statusCode).toBe(200);
      expect(await sendPendingMail(t.database.db, transport, { from })).toEqual({ sent: 0, failed: 1 });
      const [failed] = await t.database.query<{ id: string; attempts: number; sent_at: string | null; last_error: string }>(
        "SELECT id, attempts, sent_at, last_error FROM email_outbox WHERE to_address = 'bounce.b@example.go.th'");
      expect(failed).toMatchObject({ attempts: 1, sent_at: null });
      expect(failed!.last_error).toMatch(/550/);
      expect(failed!.last_error).not.toContain('bounce');
      expect(await sendPendingMail(t.database.db, transport, { from })).toEqual({ sent: 0, failed: 0 });
      await t.database.query("UPDATE email_outbox SET created_at = now() - interval '2 minutes' WHERE id = $1", [failed!.id]);
      expect(await sendPendingMail(t.database.db, transport, { from })).toEqual({ sent: 0, failed: 1 });
      expect((await t.database.query<{ attempts: number }>('SELECT attempts FROM email_outbox WHERE id = $1', [failed!.id]))[0]!.attempts).toBe(2);
      expect(received).toHaveLength(2);
    } finally {
      transport.close?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the housekeeping loop runs the clock reminders and sends their mail', async () => {
    const sent: { to: string; subject: string }[] = [];
    const transport: MailTransport = { sendMail: async (m) => { sent.push({ to: m.to, subject: m.subject }); } };
    const errors: string[] = [];
    await t.database.query("UPDATE case_persons SET taken_into_care_at = now() - interval '22 hours' WHERE case_id = $1", [kase.id]);
    const stop = startHousekeeping(t.database.db, { error: (_o, msg) => errors.push(msg) }, {
      mailFrom: 'Phakhi <no-reply@localhost>', transport, intervalsMs: { clocks: 50, mail: 50 },
    });
    try {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !sent.some((m) => m.subject.includes(kase.caseNumber) && /ใกล้ครบกำหนด/.test(m.subject))) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
    expect(sent).toContainEqual({ to: 'member.a@example.go.th', subject: expect.stringContaining(kase.caseNumber) });
    const dueSoon = await t.database.query<{ user_id: string }>(
      "SELECT user_id FROM notifications WHERE case_id = $1 AND kind = 'clock_due_soon'", [kase.id]);
    expect(dueSoon.map((n) => n.user_id).sort()).toEqual(expect.arrayContaining([memberA.id, memberB.id]));
    expect((await t.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM email_outbox WHERE sent_at IS NULL AND last_error IS NULL AND attempts = 0 AND to_address = $1', ['member.a@example.go.th']))[0]!.n).toBe(0);
  });
});
