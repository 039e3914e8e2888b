import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';
import { seedDemo } from '../demo/demo.seed.js';
import { demoPdf } from './structures.seed.js';
import { sealLegacyContacts } from './community.service.js';
import { addDays, todayInThailand } from './structures.common.js';

const API = '/api/v1';

describe('network structures (issue 3)', () => {
  let t: TestContext;
  let admin: Signed;
  let officer57: Signed;
  let officer63: Signed;
  let volunteer: Signed;
  let secretariat57: Signed;
  let ids: { cri: string; tak: string; national: string; coordinating: string; criCentreOrg: string; takCentreOrg: string; criPolice: string; shelterOrg: string };
  const today = todayInThailand();

  const count = async (sql: string, params: unknown[] = []) => (await t.database.query<{ n: number }>(sql, params))[0]!.n;
  const get = (s: Signed | null, url: string) => t.as(s, { method: 'GET', url: `${API}${url}` });
  const send = (s: Signed | null, method: string, url: string, payload: unknown) => t.as(s, { method, url: `${API}${url}`, payload });
  const orgId = async (nameEn: string) => (await t.database.query<{ id: string }>('SELECT id FROM organisations WHERE name_en = $1', [nameEn]))[0]!.id;

  beforeAll(async () => {
    t = await createTestContext();
    await seedDemo(t.database, t.cipher);
    admin = await t.login(await t.user(['system_admin'], { provinceCode: null }));
    officer57 = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    officer63 = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    volunteer = await t.login(await t.user(['community_volunteer'], { provinceCode: '57' }));
    const committee = async (q: string) => ((await get(admin, `/committees?${q}`)).json().items as { id: string }[])[0]!.id;
    ids = {
      cri: await committee('kind=provincial&province=57'),
      tak: await committee('kind=provincial&province=63'),
      national: await committee('kind=national'),
      coordinating: await committee('kind=coordinating'),
      criCentreOrg: await orgId('Chiang Rai Provincial Anti-Trafficking Operation Centre'),
      takCentreOrg: await orgId('Tak Provincial Anti-Trafficking Operation Centre'),
      criPolice: await orgId('Chiang Rai Provincial Police'),
      shelterOrg: await orgId('Chiang Rai Girls Safe Home Foundation'),
    };
    // A member of the Chiang Rai centre's staff without network.manage: sees what its secretariat must chase.
    secretariat57 = await t.login(await t.user(['mdt_member'], { organisationId: ids.criCentreOrg }));
  }, 120_000);
  afterAll(async () => { await t.close(); });

  describe('demo data', () => {
    it('has the national and coordinating committees and a sub-committee for each of the 77 provinces', async () => {
      const all: { kind: string; provinceCode: string | null; nameTh: string; nameEn: string }[] = [];
      let cursor: string | null = null;
      do {
        const r = await get(volunteer, `/committees?limit=30${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.statusCode).toBe(200);
        all.push(...r.json().items);
        cursor = r.json().nextCursor;
      } while (cursor);
      expect(all).toHaveLength(79);
      expect(all.slice(0, 2).map((c) => c.kind)).toEqual(['national', 'coordinating']);
      const provincial = all.filter((c) => c.kind === 'provincial');
      expect(new Set(provincial.map((c) => c.provinceCode)).size).toBe(77);
      expect(provincial.find((c) => c.provinceCode === '57')).toMatchObject({
        nameTh: 'คณะอนุกรรมการป้องกันและปราบปรามการค้ามนุษย์จังหวัดเชียงราย', nameEn: 'Chiang Rai Provincial Anti-Trafficking Sub-committee',
      });
      expect(provincial.find((c) => c.provinceCode === '10')!.nameTh).toBe('คณะอนุกรรมการป้องกันและปราบปรามการค้ามนุษย์กรุงเทพมหานคร');
    });

    it('Chiang Rai and Tak have members, a signed order with its document, and a meeting with an overdue action item', async () => {
      for (const id of [ids.cri, ids.tak]) {
        const members = (await get(volunteer, `/committees/${id}/members?current=true`)).json().items;
        expect(members.length).toBeGreaterThanOrEqual(5);
        expect(members[0].role).toBe('chair');
        const orders = (await get(volunteer, `/committees/${id}/orders`)).json().items;
        expect(orders[0].document).toMatchObject({ contentType: 'application/pdf' });
        const meetings = (await get(volunteer, `/committees/${id}/meetings`)).json().items;
        const meeting = (await get(volunteer, `/meetings/${meetings[0].id}`)).json();
        expect(meeting.agenda.map((a: { position: number }) => a.position)).toEqual([1, 2, 3, 4]);
        expect(meeting.resolutions.length).toBe(2);
        expect(meeting.attendees.length).toBe(5);
        expect(meeting.actionItems.filter((a: { overdue: boolean }) => a.overdue)).toHaveLength(1);
      }
    });

    it('has teams in ten provinces with two weeks on call from today, Mae Sot with four agencies, three sub-district centres and ten volunteers', async () => {
      const teams = (await get(volunteer, '/mdts?limit=100')).json().items as { id: string; provinceCode: string; borderCentre: { nameEn: string } | null }[];
      expect(teams.map((m) => m.provinceCode).sort()).toEqual(['10', '27', '43', '50', '56', '57', '63', '74', '85', '90']);
      expect(teams.find((m) => m.provinceCode === '63')!.borderCentre!.nameEn).toBe('Mae Sot Border Integration Centre');
      for (const team of teams) {
        const roster = (await get(volunteer, `/mdts/${team.id}/roster?from=${today}&to=${addDays(today, 13)}`)).json();
        expect(roster.days).toHaveLength(14);
      }
      const centres = (await get(volunteer, '/border-centres?province=63')).json().items;
      expect(centres[0]).toMatchObject({ nameEn: 'Mae Sot Border Integration Centre', districtCode: '6306' });
      const staff = (await get(volunteer, `/border-centres/${centres[0].id}/staff?current=true`)).json().items as { homeOrganisation: { id: string } }[];
      expect(new Set(staff.map((s) => s.homeOrganisation.id)).size).toBe(4);
      expect((await get(volunteer, '/subdistrict-centres')).json().items).toHaveLength(3);
      const vols = (await get(volunteer, '/volunteers?limit=100')).json().items as { provinceCode: string; trainings: unknown[] }[];
      expect(vols).toHaveLength(10);
      expect(vols.every((v) => ['57', '63'].includes(v.provinceCode) && v.trainings.length > 0)).toBe(true);
    });
  });

  describe('access', () => {
    it('anonymous callers are refused', async () => {
      for (const url of ['/committees', `/committees/${ids.cri}`, '/volunteers', '/mdts', '/action-items/overdue']) {
        expect((await get(null, url)).statusCode).toBe(401);
      }
      expect((await send(null, 'POST', '/committees', { kind: 'other', nameTh: 'x', nameEn: 'x' })).statusCode).toBe(401);
    });

    it('the Chiang Rai officer edits Chiang Rai\'s sub-committee, not Tak\'s nor the national committee; an administrator edits any', async () => {
      const cri = (await get(officer57, `/committees/${ids.cri}`)).json();
      const ok = await send(officer57, 'PATCH', `/committees/${ids.cri}`, { version: cri.version, nameEn: 'Chiang Rai Provincial Anti-Trafficking Sub-committee (CR)' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ version: cri.version + 1, nameEn: 'Chiang Rai Provincial Anti-Trafficking Sub-committee (CR)' });
      const tak = (await get(officer57, `/committees/${ids.tak}`)).json();
      const denied = await send(officer57, 'PATCH', `/committees/${ids.tak}`, { version: tak.version, nameEn: 'Hijacked' });
      expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'FORBIDDEN']);
      expect(denied.json().error.messageTh).toBeTruthy();
      const national = (await get(officer57, `/committees/${ids.national}`)).json();
      expect((await send(officer57, 'PATCH', `/committees/${ids.national}`, { version: national.version, active: true })).statusCode).toBe(403);
      expect((await send(officer57, 'POST', `/committees/${ids.national}/members`, { personName: 'นายก', role: 'member', termStart: '2025-01-01' })).statusCode).toBe(403);
      expect((await send(officer57, 'POST', `/committees/${ids.tak}/members`, { personName: 'นายก', role: 'member', termStart: '2025-01-01' })).statusCode).toBe(403);
      expect((await send(officer57, 'POST', '/committees', { kind: 'other', nameTh: 'คณะทำงาน', nameEn: 'Working group' })).statusCode).toBe(403);
      expect((await send(admin, 'PATCH', `/committees/${ids.tak}`, { version: tak.version, nameEn: 'Tak Provincial Anti-Trafficking Sub-committee' })).statusCode).toBe(200);
      expect((await send(admin, 'PATCH', `/committees/${ids.national}`, { version: national.version, active: true })).statusCode).toBe(200);
      // Every network member reads; a member without network.manage cannot write at all.
      expect((await get(volunteer, `/committees/${ids.tak}`)).statusCode).toBe(200);
      expect((await send(volunteer, 'PATCH', `/committees/${ids.cri}`, { version: 1 })).statusCode).toBe(403);
    });
  });

  describe('committees', () => {
    it('create, read and update with versions; duplicates and bad codes are refused', async () => {
      const created = await send(admin, 'POST', '/committees', { kind: 'other', nameTh: 'คณะทำงานด้านแรงงานประมง', nameEn: 'Fisheries Labour Working Group', secretariatOrganisationId: ids.criCentreOrg });
      expect(created.statusCode).toBe(201);
      const c = created.json();
      expect(c).toMatchObject({ kind: 'other', provinceCode: null, version: 1, secretariat: { id: ids.criCentreOrg } });
      expect((await get(volunteer, `/committees/${c.id}`)).json()).toEqual(c);
      const v2 = await send(admin, 'PATCH', `/committees/${c.id}`, { version: 1, nameEn: 'Fisheries Working Group' });
      expect(v2.json().version).toBe(2);
      const stale = await send(admin, 'PATCH', `/committees/${c.id}`, { version: 1, nameEn: 'Lost update' });
      expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'STALE_VERSION']);
      expect((await get(admin, `/committees/${c.id}`)).json().nameEn).toBe('Fisheries Working Group');
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action IN ('committee.created', 'committee.updated') AND target_id = $1", [c.id])).toBe(2);

      const dup = await send(admin, 'POST', '/committees', { kind: 'provincial', provinceCode: '57', nameTh: 'ซ้ำ', nameEn: 'Duplicate' });
      expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'COMMITTEE_EXISTS']);
      expect((await send(admin, 'POST', '/committees', { kind: 'national', nameTh: 'ซ้ำ', nameEn: 'Second national' })).statusCode).toBe(409);
      expect((await send(admin, 'POST', '/committees', { kind: 'provincial', nameTh: 'ไม่มีจังหวัด', nameEn: 'No province' })).statusCode).toBe(400);
      const unknown = await send(admin, 'POST', '/committees', { kind: 'other', provinceCode: '99', nameTh: 'ไม่มี', nameEn: 'Nowhere' });
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'UNKNOWN_PROVINCE']);
      expect(unknown.json().error.messageTh).toBe('ไม่มีรหัสจังหวัดนี้');
      const badOrg = await send(admin, 'POST', '/committees', { kind: 'other', nameTh: 'ก', nameEn: 'A', secretariatOrganisationId: '00000000-0000-4000-8000-000000000000' });
      expect([badOrg.statusCode, badOrg.json().error.code]).toEqual([422, 'UNKNOWN_ORGANISATION']);
      expect((await get(admin, '/committees/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });

    it('a person cannot hold two overlapping terms in one committee (422, Thai and English)', async () => {
      const add = (body: object) => send(officer57, 'POST', `/committees/${ids.cri}/members`, body);
      const first = await add({ personName: 'นางสาวกาญจนา  ทดสอบ', position: 'ผู้แทนภาคประชาสังคม', organisationId: ids.shelterOrg, role: 'member', termStart: '2025-01-01', termEnd: '2026-12-31' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ role: 'member', organisation: { id: ids.shelterOrg }, termEnd: '2026-12-31' });
      const overlap = await add({ personName: ' นางสาวกาญจนา ทดสอบ ', role: 'advisor', termStart: '2026-06-01' });
      expect([overlap.statusCode, overlap.json().error.code]).toEqual([422, 'MEMBER_TERM_OVERLAP']);
      expect(overlap.json().error.message).toMatch(/overlaps/);
      expect(overlap.json().error.messageTh).toMatch(/ซ้อนทับ/);
      const later = await add({ personName: 'นางสาวกาญจนา ทดสอบ', role: 'vice_chair', termStart: '2027-01-01' });
      expect(later.statusCode).toBe(201);
      // Moving the first term's end into the second is an overlap too.
      const stretch = await send(officer57, 'PATCH', `/committee-members/${first.json().id}`, { version: 1, termEnd: '2027-06-30' });
      expect([stretch.statusCode, stretch.json().error.code]).toEqual([422, 'MEMBER_TERM_OVERLAP']);
      const shorten = await send(officer57, 'PATCH', `/committee-members/${first.json().id}`, { version: 1, termEnd: '2026-06-30' });
      expect(shorten.json()).toMatchObject({ termEnd: '2026-06-30', version: 2 });
      expect((await send(officer57, 'PATCH', `/committee-members/${first.json().id}`, { version: 1, role: 'chair' })).statusCode).toBe(409);
      expect((await add({ personName: 'ก', role: 'member', termStart: '2025-02-01', termEnd: '2025-01-01' })).statusCode).toBe(400);
      expect((await add({ personName: 'ก', role: 'emperor', termStart: '2025-02-01' })).statusCode).toBe(400);
      // Another person may sit at the same time; another committee is another matter.
      expect((await add({ personName: 'นายอื่น ทดสอบ', role: 'member', termStart: '2025-01-01' })).statusCode).toBe(201);
      expect((await send(officer63, 'POST', `/committees/${ids.tak}/members`, { personName: 'นางสาวกาญจนา ทดสอบ', role: 'member', termStart: '2025-01-01' })).statusCode).toBe(201);
    });

    it('two overlapping terms sent at once: one is recorded, the other refused', async () => {
      const body = { personName: 'นายพร้อม กันมา', role: 'member', termStart: '2025-05-01' };
      const [a, b] = await Promise.all([
        send(officer57, 'POST', `/committees/${ids.cri}/members`, body),
        send(officer57, 'POST', `/committees/${ids.cri}/members`, { ...body, termStart: '2025-06-01' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 422]);
      expect(await count("SELECT count(*)::int AS n FROM committee_members WHERE person_name = 'นายพร้อม กันมา'")).toBe(1);
    });

    it('members are listed a page at a time', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await get(volunteer, `/committees/${ids.cri}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.json().items.length).toBeLessThanOrEqual(2);
        seen.push(...r.json().items.map((m: { id: string }) => m.id));
        cursor = r.json().nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(await count('SELECT count(*)::int AS n FROM committee_members WHERE committee_id = $1', [ids.cri]));
      expect((await get(volunteer, `/committees/${ids.cri}/members?cursor=bm9wZQ`)).statusCode).toBe(400);
    });
  });

  describe('appointment orders and documents', () => {
    const b64 = (b: Buffer) => b.toString('base64');
    const order = (document?: object) => ({ orderNumber: 'คำสั่งจังหวัดเชียงราย ที่ 99/2568', orderDate: '2025-03-01', signedBy: 'ผู้ว่าราชการจังหวัดเชียงราย', ...(document ? { document } : {}) });
    const counts = async () => [await count('SELECT count(*)::int AS n FROM documents'), await count('SELECT count(*)::int AS n FROM appointment_orders')];

    it('a PDF is accepted, stored with its SHA-256, and downloads as the same bytes (audited)', async () => {
      const pdf = demoPdf('Order 99/2568');
      const r = await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'คำสั่ง-99.pdf', contentType: 'application/pdf', contentBase64: b64(pdf) }));
      expect(r.statusCode).toBe(201);
      const doc = r.json().document;
      expect(doc).toMatchObject({ contentType: 'application/pdf', sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), filename: 'คำสั่ง-99.pdf' });
      const dl = await get(volunteer, `/documents/${doc.id}`);
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(pdf)).toBe(true);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('คำสั่ง-99.pdf')}`);
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'document.downloaded' AND target_id = $1", [doc.id])).toBe(1);
      expect((await get(volunteer, '/documents/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      // A PNG too; and a new file replaces the attached one, null removes it.
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
      const upd = await send(officer57, 'PATCH', `/appointment-orders/${r.json().id}`, { version: 1, document: { filename: 'scan.png', contentBase64: b64(png) } });
      expect(upd.json().document).toMatchObject({ contentType: 'image/png', sizeBytes: png.length });
      const removed = await send(officer57, 'PATCH', `/appointment-orders/${r.json().id}`, { version: 2, document: null, signedBy: 'รองผู้ว่าราชการจังหวัดเชียงราย' });
      expect(removed.json()).toMatchObject({ document: null, signedBy: 'รองผู้ว่าราชการจังหวัดเชียงราย', version: 3 });
      expect((await send(officer57, 'PATCH', `/appointment-orders/${r.json().id}`, { version: 2, subject: 'stale' })).statusCode).toBe(409);
      expect((await send(officer63, 'PATCH', `/appointment-orders/${r.json().id}`, { version: 3, subject: 'not mine' })).statusCode).toBe(403);
    });

    it('a program renamed .pdf, a mislabelled image and bad base64 are refused, and nothing is written', async () => {
      const before = await counts();
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]);
      const r = await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'order.pdf', contentType: 'application/pdf', contentBase64: b64(exe) }));
      expect([r.statusCode, r.json().error.code]).toEqual([415, 'DOCUMENT_TYPE_NOT_ALLOWED']);
      expect(r.json().error.messageTh).toMatch(/PDF/);
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
      expect((await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'order.pdf', contentBase64: b64(png) }))).statusCode).toBe(415);
      expect((await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'order.png', contentType: 'application/pdf', contentBase64: b64(png) }))).statusCode).toBe(415);
      expect((await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'order.pdf', contentBase64: '%%%not base64%%%' }))).statusCode).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('a file over 5 MB is answered 413, and nothing is written', async () => {
      const before = await counts();
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 - 8, 0x20)]);
      const r = await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'big.pdf', contentBase64: b64(big) }));
      expect([r.statusCode, r.json().error.code]).toEqual([413, 'DOCUMENT_TOO_LARGE']);
      expect(r.json().error.messageTh).toMatch(/5 MB/);
      const huge = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
      expect((await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'huge.pdf', contentBase64: b64(huge) }))).statusCode).toBe(413);
      // Exactly 5 MB fits.
      const max = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 - 9, 0x20)]);
      const ok = await send(officer57, 'POST', `/committees/${ids.cri}/orders`, order({ filename: 'max.pdf', contentBase64: b64(max) }));
      expect(ok.statusCode).toBe(201);
      expect(await counts()).toEqual([before[0]! + 1, before[1]! + 1]);
      // Other routes keep the small body limit.
      expect((await send(officer57, 'POST', `/committees/${ids.cri}/members`, { personName: 'x'.repeat(300_000), role: 'member', termStart: '2025-01-01' })).statusCode).toBe(413);
    });
  });

  describe('meetings and action items', () => {
    let members: string[];
    beforeAll(async () => {
      members = ((await get(officer57, `/committees/${ids.cri}/members?current=true`)).json().items as { id: string }[]).map((m) => m.id);
    });

    it('a meeting is recorded with its ordered agenda, attendance, guests, resolutions and action items', async () => {
      const r = await send(officer57, 'POST', `/committees/${ids.cri}/meetings`, {
        meetingDate: addDays(today, -2), place: 'ศาลากลางจังหวัดเชียงราย', title: 'ประชุมวาระพิเศษ',
        agenda: [{ title: 'สถานการณ์ชายแดนแม่สาย' }, { title: 'แผนการคัดแยกผู้เสียหาย', detail: 'ทีมสหวิชาชีพเสนอ' }, { title: 'เรื่องอื่น ๆ' }],
        attendeeMemberIds: members.slice(0, 3), guests: [{ organisationId: ids.shelterOrg, position: 'ผู้จัดการบ้านพัก' }],
        resolutions: ['เห็นชอบแผนการคัดแยกผู้เสียหาย'],
        actionItems: [
          { text: 'จัดทำแผนตรวจร่วม', responsibleOrganisationId: ids.criPolice, dueDate: addDays(today, -1) },
          { text: 'รายงานผลการคัดแยก', responsibleOrganisationId: ids.criCentreOrg, dueDate: addDays(today, 10), status: 'in_progress' },
        ],
      });
      expect(r.statusCode).toBe(201);
      const m = r.json();
      expect(m.agenda.map((a: { position: number; title: string }) => [a.position, a.title])).toEqual([[1, 'สถานการณ์ชายแดนแม่สาย'], [2, 'แผนการคัดแยกผู้เสียหาย'], [3, 'เรื่องอื่น ๆ']]);
      expect(m.attendees).toHaveLength(3);
      expect(m.guests[0]).toMatchObject({ organisation: { id: ids.shelterOrg }, personName: null });
      expect(m.actionItems.map((a: { overdue: boolean; status: string }) => [a.status, a.overdue])).toEqual([['open', true], ['in_progress', false]]);
      expect((await get(volunteer, `/meetings/${m.id}`)).json()).toEqual(m);

      const upd = await send(officer57, 'PATCH', `/meetings/${m.id}`, { version: 1, agenda: [{ title: 'วาระเดียว' }], attendeeMemberIds: members.slice(0, 1) });
      expect(upd.json()).toMatchObject({ version: 2, agenda: [{ position: 1, title: 'วาระเดียว' }], resolutions: [{ position: 1 }] });
      expect(upd.json().attendees).toHaveLength(1);
      expect((await send(officer57, 'PATCH', `/meetings/${m.id}`, { version: 1, place: 'stale' })).statusCode).toBe(409);
      expect((await send(officer63, 'PATCH', `/meetings/${m.id}`, { version: 2, place: 'not mine' })).statusCode).toBe(403);
    });

    it('an action item needs a responsible organisation; a bad meeting writes nothing', async () => {
      const meetingsBefore = await count('SELECT count(*)::int AS n FROM meetings');
      const itemsBefore = await count('SELECT count(*)::int AS n FROM action_items');
      const missing = await send(officer57, 'POST', `/committees/${ids.cri}/meetings`, {
        meetingDate: today, agenda: [{ title: 'ก' }], actionItems: [{ text: 'ไม่มีผู้รับผิดชอบ', dueDate: today }],
      });
      expect([missing.statusCode, missing.json().error.fields[0].path]).toEqual([400, 'actionItems.0.responsibleOrganisationId']);
      const notMember = await send(officer57, 'POST', `/committees/${ids.cri}/meetings`, {
        meetingDate: today, agenda: [{ title: 'ก' }], actionItems: [{ text: 'ข', responsibleOrganisationId: ids.criPolice }],
        attendeeMemberIds: [members[0], '00000000-0000-4000-8000-000000000000'],
      });
      expect([notMember.statusCode, notMember.json().error.code]).toEqual([422, 'MEMBER_NOT_IN_COMMITTEE']);
      const unknownOrg = await send(officer57, 'POST', `/committees/${ids.cri}/meetings`, {
        meetingDate: today, actionItems: [{ text: 'ข', responsibleOrganisationId: '00000000-0000-4000-8000-000000000000' }],
      });
      expect([unknownOrg.statusCode, unknownOrg.json().error.fields[0].path]).toEqual([422, 'actionItems.0.responsibleOrganisationId']);
      expect([await count('SELECT count(*)::int AS n FROM meetings'), await count('SELECT count(*)::int AS n FROM action_items')]).toEqual([meetingsBefore, itemsBefore]);
      const meetingId = (await get(officer57, `/committees/${ids.cri}/meetings`)).json().items[0].id;
      const alone = await send(officer57, 'POST', `/meetings/${meetingId}/action-items`, { text: 'ไม่มีผู้รับผิดชอบ' });
      expect([alone.statusCode, alone.json().error.fields[0].path]).toEqual([400, 'responsibleOrganisationId']);
      const added = await send(officer57, 'POST', `/meetings/${meetingId}/action-items`, { text: 'ติดตามผลการส่งต่อผู้เสียหาย', responsibleOrganisationId: ids.shelterOrg, dueDate: addDays(today, 30) });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ meetingId, committeeId: ids.cri, status: 'open', overdue: false, version: 1, responsibleOrganisation: { id: ids.shelterOrg } });
      expect((await get(volunteer, `/meetings/${meetingId}`)).json().actionItems.map((a: { id: string }) => a.id)).toContain(added.json().id);
      expect((await send(officer63, 'POST', `/meetings/${meetingId}/action-items`, { text: 'ก', responsibleOrganisationId: ids.shelterOrg })).statusCode).toBe(403);
      expect((await send(officer57, 'POST', '/meetings/00000000-0000-4000-8000-000000000000/action-items', { text: 'ก', responsibleOrganisationId: ids.shelterOrg })).json().error.code).toBe('MEETING_NOT_FOUND');
    });

    it('done stamps completion; overdue items are listed per committee and for the secretariat', async () => {
      const overdue = (await get(volunteer, `/committees/${ids.cri}/action-items?overdue=true`)).json().items as { id: string; dueDate: string; overdue: boolean; version: number }[];
      expect(overdue.length).toBeGreaterThanOrEqual(2); // the seeded one and the one recorded above
      expect(overdue.every((a) => a.overdue && a.dueDate < today)).toBe(true);
      const meetingId = (await get(officer57, `/committees/${ids.cri}/meetings`)).json().items[0].id;
      const undated = (await send(officer57, 'POST', `/meetings/${meetingId}/action-items`, { text: 'ไม่มีกำหนด', responsibleOrganisationId: ids.criPolice })).json();
      expect(undated).toMatchObject({ dueDate: null, overdue: false });
      const notOverdue = (await get(volunteer, `/committees/${ids.cri}/action-items?overdue=false&limit=500`)).json().items as { id: string; overdue: boolean }[];
      expect(notOverdue.every((a) => !a.overdue)).toBe(true);
      expect(notOverdue.at(-1)!.id).toBe(undated.id); // undated items come last
      expect(notOverdue.length + overdue.length).toBe(await count('SELECT count(*)::int AS n FROM action_items WHERE committee_id = $1', [ids.cri]));

      // The Chiang Rai centre is secretariat of the Chiang Rai sub-committee (and of the fisheries group made above).
      const mine = (await get(secretariat57, '/action-items/overdue')).json().items as { id: string; committee: { provinceCode: string | null; id: string }; daysOverdue: number }[];
      expect(mine.map((a) => a.id).sort()).toEqual(overdue.map((a) => a.id).sort());
      expect(mine.every((a) => a.committee.id === ids.cri && a.daysOverdue >= 1)).toBe(true);
      const tak = (await get(officer63, '/action-items/overdue')).json().items as { committee: { provinceCode: string } }[];
      expect(tak.length).toBe(1);
      expect(tak[0]!.committee.provinceCode).toBe('63');
      const all = (await get(admin, '/action-items/overdue')).json().items as { committee: { provinceCode: string } }[];
      expect(new Set(all.map((a) => a.committee.provinceCode))).toEqual(new Set(['57', '63']));
      expect((await get(volunteer, '/action-items/overdue')).json().items).toEqual([]);

      const first = overdue.find((a) => a.dueDate === addDays(today, -1))!;
      const done = await send(officer57, 'PATCH', `/action-items/${first.id}`, { version: first.version, status: 'done' });
      expect(done.json()).toMatchObject({ status: 'done', overdue: false, version: first.version + 1 });
      expect(done.json().completedAt).not.toBeNull();
      expect((await get(secretariat57, '/action-items/overdue')).json().items.map((a: { id: string }) => a.id)).not.toContain(first.id);
      const reopened = await send(officer57, 'PATCH', `/action-items/${first.id}`, { version: first.version + 1, status: 'open' });
      expect(reopened.json()).toMatchObject({ status: 'open', completedAt: null, overdue: true });
      expect((await send(officer57, 'PATCH', `/action-items/${first.id}`, { version: first.version, status: 'cancelled' })).statusCode).toBe(409);
      expect((await send(officer63, 'PATCH', `/action-items/${first.id}`, { version: first.version + 2, status: 'cancelled' })).statusCode).toBe(403);
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'action_item.updated' AND target_id = $1", [first.id])).toBe(2);
    });
  });

  describe('multidisciplinary teams', () => {
    it('a provincial officer creates and staffs a team in its province only; the roster answers who is on call', async () => {
      expect((await send(officer57, 'POST', '/mdts', { nameTh: 'ทีมตาก', nameEn: 'Tak team', provinceCode: '63' })).statusCode).toBe(403);
      const unknown = await send(officer57, 'POST', '/mdts', { nameTh: 'ทีม', nameEn: 'Team', provinceCode: '99' });
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'UNKNOWN_PROVINCE']);
      const maeSot = (await get(officer57, '/border-centres?province=63')).json().items[0].id;
      const elsewhere = await send(officer57, 'POST', '/mdts', { nameTh: 'ทีม', nameEn: 'Team', provinceCode: '57', borderCentreId: maeSot });
      expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([422, 'BORDER_CENTRE_ELSEWHERE']);

      const created = await send(officer57, 'POST', '/mdts', { nameTh: 'ทีมสหวิชาชีพอำเภอแม่สาย', nameEn: 'Mae Sai MDT', provinceCode: '57', coordinatorOrganisationId: ids.criCentreOrg });
      expect(created.statusCode).toBe(201);
      const mdt = created.json();
      const user = await t.user(['mdt_member'], { organisationId: ids.criPolice });
      const m1 = await send(officer57, 'POST', `/mdts/${mdt.id}/members`, { userId: user.id, role: 'police' });
      expect(m1.json()).toMatchObject({ userId: user.id, name: `Test ${user.username}`, organisation: { id: ids.criPolice }, role: 'police' });
      const m2 = await send(officer57, 'POST', `/mdts/${mdt.id}/members`, { personName: 'นางสาวใจดี ช่วยเหลือ', organisationId: ids.shelterOrg, role: 'ngo' });
      expect(m2.statusCode).toBe(201);
      expect((await send(officer57, 'POST', `/mdts/${mdt.id}/members`, { personName: 'ไม่มีหน่วยงาน', role: 'ngo' })).statusCode).toBe(400);
      expect((await send(officer57, 'POST', `/mdts/${mdt.id}/members`, { userId: user.id, personName: 'สองอย่าง', role: 'ngo' })).statusCode).toBe(400);
      expect((await send(officer57, 'POST', `/mdts/${mdt.id}/members`, { userId: '00000000-0000-4000-8000-000000000000', role: 'police' })).json().error.code).toBe('UNKNOWN_USER');
      expect((await send(officer57, 'POST', `/mdts/${mdt.id}/members`, { personName: 'ก', organisationId: ids.shelterOrg, role: 'astronaut' })).statusCode).toBe(400);

      const tomorrow = addDays(today, 1);
      const roster = await send(officer57, 'PUT', `/mdts/${mdt.id}/roster`, {
        version: 1, days: [{ date: today, memberIds: [m1.json().id] }, { date: tomorrow, memberIds: [m1.json().id, m2.json().id] }],
      });
      expect(roster.statusCode).toBe(200);
      expect(roster.json().version).toBe(2);
      expect(roster.json().days.map((d: { date: string; members: unknown[] }) => [d.date, d.members.length])).toEqual([[today, 1], [tomorrow, 2]]);
      expect((await send(officer57, 'PUT', `/mdts/${mdt.id}/roster`, { version: 1, days: [{ date: today, memberIds: [] }] })).statusCode).toBe(409);
      const otherTeamMember = (await get(officer57, `/mdts?province=57`)).json().items.find((x: { id: string }) => x.id !== mdt.id).id;
      const foreign = (await get(officer57, `/mdts/${otherTeamMember}/members`)).json().items[0].id;
      const wrong = await send(officer57, 'PUT', `/mdts/${mdt.id}/roster`, { version: 2, days: [{ date: today, memberIds: [foreign] }] });
      expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, 'MEMBER_NOT_IN_TEAM']);
      expect((await send(officer63, 'PUT', `/mdts/${mdt.id}/roster`, { version: 2, days: [{ date: today, memberIds: [] }] })).statusCode).toBe(403);

      const onCall = await get(volunteer, `/mdts/${mdt.id}/on-call?date=${tomorrow}`);
      expect(onCall.statusCode).toBe(200);
      const items = onCall.json().items as { member: { id: string }; urgentContact: { mobile: string; urgent24h: boolean } | null }[];
      expect(items.map((i) => i.member.id).sort()).toEqual([m1.json().id, m2.json().id].sort());
      // The girls' shelter has a 24-hour line; the provincial police (a demo organisation) has none on file.
      expect(items.find((i) => i.member.id === m2.json().id)!.urgentContact).toMatchObject({ urgent24h: true, mobile: '081-000-5701' });
      expect(items.find((i) => i.member.id === m1.json().id)!.urgentContact).toBeNull();
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'network.contacts_viewed' AND target_id = $1 AND details->>'via' = 'mdt_on_call'", [mdt.id])).toBe(1);
      expect((await get(volunteer, `/mdts/${mdt.id}/on-call?date=${addDays(today, 5)}`)).json().items).toEqual([]);
      expect((await get(volunteer, `/mdts/${mdt.id}/on-call?date=2025-02-30`)).statusCode).toBe(400);
      expect((await get(volunteer, `/mdts/${mdt.id}/roster?from=${today}&to=${addDays(today, 200)}`)).statusCode).toBe(400);

      // Clearing a day; a member made inactive cannot be rostered.
      const cleared = await send(officer57, 'PUT', `/mdts/${mdt.id}/roster`, { version: 2, days: [{ date: today, memberIds: [] }] });
      expect(cleared.json().days).toEqual([]);
      const inactive = await send(officer57, 'PATCH', `/mdt-members/${m2.json().id}`, { version: 1, active: false });
      expect(inactive.json()).toMatchObject({ active: false, version: 2 });
      expect((await send(officer57, 'PUT', `/mdts/${mdt.id}/roster`, { version: 3, days: [{ date: today, memberIds: [m2.json().id] }] })).statusCode).toBe(422);
      expect((await send(officer57, 'PATCH', `/mdt-members/${m1.json().id}`, { version: 1, personName: 'renamed' })).statusCode).toBe(400);
      const renamed = await send(officer57, 'PATCH', `/mdts/${mdt.id}`, { version: 3, nameEn: 'Mae Sai Multidisciplinary Team' });
      expect(renamed.json()).toMatchObject({ version: 4, nameEn: 'Mae Sai Multidisciplinary Team', coordinatorOrganisation: { id: ids.criCentreOrg } });
      expect((await get(volunteer, `/mdts/${mdt.id}`)).json()).toEqual(renamed.json());
      expect((await get(volunteer, '/mdts/00000000-0000-4000-8000-000000000000')).json().error.code).toBe('MDT_NOT_FOUND');
      expect((await get(volunteer, `/mdts/${mdt.id}/members?active=true`)).json().items.map((m: { id: string }) => m.id)).toEqual([m1.json().id]);
    });

    it('the seeded teams answer for today, with a duty line where the organisation has one', async () => {
      const team = (await get(volunteer, '/mdts?province=50')).json().items[0];
      const r = (await get(volunteer, `/mdts/${team.id}/on-call?date=${today}`)).json();
      expect(r.items).toHaveLength(2);
      expect(r.items.some((i: { urgentContact: unknown }) => i.urgentContact !== null)).toBe(true);
    });
  });

  describe('border centres, sub-district centres and volunteers', () => {
    it('border centres: codes checked, staff seconded with dates', async () => {
      const bad = await send(officer57, 'POST', '/border-centres', { nameTh: 'ศูนย์', nameEn: 'Centre', provinceCode: '57', districtCode: '6306' });
      expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'UNKNOWN_DISTRICT']);
      expect((await send(officer57, 'POST', '/border-centres', { nameTh: 'ศูนย์', nameEn: 'Centre', provinceCode: '63', districtCode: '6306' })).statusCode).toBe(403);
      const c = await send(officer57, 'POST', '/border-centres', { nameTh: 'ศูนย์บูรณาการชายแดนแม่สาย', nameEn: 'Mae Sai Border Integration Centre', provinceCode: '57', districtCode: '5709' });
      expect(c.statusCode).toBe(201);
      const s = await send(officer57, 'POST', `/border-centres/${c.json().id}/staff`, { personName: 'ด.ต. สมพงษ์ เฝ้าด่าน', homeOrganisationId: ids.criPolice, role: 'เจ้าหน้าที่ตำรวจ', fromDate: addDays(today, -10) });
      expect(s.json()).toMatchObject({ current: true, homeOrganisation: { id: ids.criPolice } });
      expect((await send(officer57, 'POST', `/border-centres/${c.json().id}/staff`, { personName: 'ก', homeOrganisationId: ids.criPolice, role: 'ข', fromDate: '2025-02-01', toDate: '2025-01-01' })).statusCode).toBe(400);
      const ended = await send(officer57, 'PATCH', `/border-centre-staff/${s.json().id}`, { version: 1, toDate: addDays(today, -1) });
      expect(ended.json()).toMatchObject({ current: false, version: 2 });
      expect((await send(officer57, 'PATCH', `/border-centre-staff/${s.json().id}`, { version: 2, toDate: addDays(today, -20) })).statusCode).toBe(400);
      expect((await get(volunteer, `/border-centres/${c.json().id}/staff?current=true`)).json().items).toEqual([]);
      const upd = await send(officer57, 'PATCH', `/border-centres/${c.json().id}`, { version: 1, districtCode: '6306' });
      expect(upd.json().error.code).toBe('UNKNOWN_DISTRICT');
      expect((await send(officer57, 'PATCH', `/border-centres/${c.json().id}`, { version: 1, address: 'ด่านพรมแดนแม่สาย' })).json().version).toBe(2);
      expect((await get(volunteer, `/border-centres/${c.json().id}`)).json()).toMatchObject({ provinceCode: '57', districtCode: '5709', address: 'ด่านพรมแดนแม่สาย', version: 2 });
      expect((await get(volunteer, '/border-centres/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });

    it('sub-district centres: one per sub-district, in the editor\'s province', async () => {
      const unknown = await send(officer57, 'POST', '/subdistrict-centres', { subdistrictCode: '579999', nameTh: 'ศูนย์', leaderName: 'ผู้นำ' });
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'UNKNOWN_SUBDISTRICT']);
      expect((await send(officer57, 'POST', '/subdistrict-centres', { subdistrictCode: '630601', nameTh: 'ศูนย์', leaderName: 'ผู้นำ' })).statusCode).toBe(403);
      const dup = await send(officer57, 'POST', '/subdistrict-centres', { subdistrictCode: '570901', nameTh: 'ศูนย์ซ้ำ', leaderName: 'ผู้นำ' });
      expect([dup.statusCode, dup.json().error.code]).toEqual([409, 'SUBDISTRICT_CENTRE_EXISTS']);
      const c = await send(officer57, 'POST', '/subdistrict-centres', { subdistrictCode: '570902', nameTh: 'ศูนย์ข้อมูลตำบลห้วยไคร้', leaderName: 'นายผู้ใหญ่ บ้านดี', leaderPhone: '081-234-5678' });
      expect(c.json()).toMatchObject({ provinceCode: '57', districtCode: '5709', subdistrictCode: '570902' });
      expect((await send(officer57, 'PATCH', `/subdistrict-centres/${c.json().id}`, { version: 1, leaderPhone: 'call me' })).statusCode).toBe(400);
      expect((await send(officer57, 'PATCH', `/subdistrict-centres/${c.json().id}`, { version: 1, leaderName: 'นางผู้ใหญ่ คนใหม่' })).json().version).toBe(2);
      expect((await get(volunteer, `/subdistrict-centres/${c.json().id}`)).json()).toMatchObject({ leaderName: 'นางผู้ใหญ่ คนใหม่', leaderPhone: '081-234-5678', version: 2 });
      expect((await send(officer57, 'PATCH', `/subdistrict-centres/${c.json().id}`, { version: 1, active: false })).statusCode).toBe(409);
      expect((await get(volunteer, '/subdistrict-centres/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await get(volunteer, '/subdistrict-centres?district=5709')).json().items).toHaveLength(2);
    });

    it('reading sub-district centres (their leader\'s name and phone) is audited, as volunteers are', async () => {
      const entries = (action: string) => t.database.query<{ target_id: string | null; actor_user_id: string | null; details: Record<string, unknown> }>(
        'SELECT target_id, actor_user_id, details FROM audit_log WHERE action = $1 ORDER BY seq DESC', [action]);
      const before = (await entries('subdistrict_centre.list_viewed')).length;
      const list = await get(volunteer, '/subdistrict-centres?province=57&limit=2');
      expect(list.statusCode).toBe(200);
      const items = list.json().items as { id: string; leaderName: string; leaderPhone: string | null }[];
      expect(items.length).toBe(2);
      const listed = await entries('subdistrict_centre.list_viewed');
      expect(listed.length).toBe(before + 1);
      expect(listed[0]!.actor_user_id).not.toBeNull();
      expect(listed[0]!.details).toMatchObject({ province: '57', district: null, count: 2 });
      expect((listed[0]!.details.centres as string[]).sort()).toEqual(items.map((c) => c.id).sort());
      // The entry names no one: ids and codes only.
      for (const c of items) {
        expect(JSON.stringify(listed[0]!.details)).not.toContain(c.leaderName);
        if (c.leaderPhone) expect(JSON.stringify(listed[0]!.details)).not.toContain(c.leaderPhone);
      }
      expect((await get(volunteer, `/subdistrict-centres/${items[0]!.id}`)).statusCode).toBe(200);
      expect((await entries('subdistrict_centre.viewed')).filter((e) => e.target_id === items[0]!.id)).toHaveLength(1);
      // A centre that is not there is not a read.
      expect((await get(volunteer, '/subdistrict-centres/00000000-0000-4000-8000-000000000001')).statusCode).toBe(404);
      expect((await entries('subdistrict_centre.viewed')).filter((e) => e.target_id === '00000000-0000-4000-8000-000000000001')).toHaveLength(0);
    });

    it('reading volunteers (names and phones) is audited; codes are checked; only their province edits them', async () => {
      const before = await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'volunteer.list_viewed'");
      const list = await get(volunteer, '/volunteers?province=63');
      expect(list.statusCode).toBe(200);
      const items = list.json().items as { id: string; name: string; phone: string; version: number }[];
      expect(items.length).toBe(5);
      expect(items[0]!.phone).toMatch(/^08/);
      const rows = await t.database.query<{ details: { volunteers: string[]; province: string } }>("SELECT details FROM audit_log WHERE action = 'volunteer.list_viewed' ORDER BY seq DESC LIMIT 1");
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'volunteer.list_viewed'")).toBe(before + 1);
      expect(rows[0]!.details).toMatchObject({ province: '63' });
      expect(rows[0]!.details.volunteers.sort()).toEqual(items.map((v) => v.id).sort());
      // The audit entry names no one: ids and codes only.
      expect(JSON.stringify(rows[0]!.details)).not.toContain(items[0]!.name);
      await get(volunteer, `/volunteers/${items[0]!.id}`);
      expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'volunteer.viewed' AND target_id = $1", [items[0]!.id])).toBe(1);

      expect((await send(officer57, 'PATCH', `/volunteers/${items[0]!.id}`, { version: items[0]!.version, phone: '081-111-1111' })).statusCode).toBe(403);
      expect((await send(volunteer, 'POST', '/volunteers', { name: 'ก', provinceCode: '57' })).statusCode).toBe(403);
      const mismatch = await send(officer57, 'POST', '/volunteers', { name: 'นางอาสา ทดสอบ', provinceCode: '57', districtCode: '6306' });
      expect([mismatch.statusCode, mismatch.json().error.code]).toEqual([422, 'UNKNOWN_DISTRICT']);
      const badSub = await send(officer57, 'POST', '/volunteers', { name: 'นางอาสา ทดสอบ', provinceCode: '57', districtCode: '5709', subdistrictCode: '570801' });
      expect([badSub.statusCode, badSub.json().error.code]).toEqual([422, 'UNKNOWN_SUBDISTRICT']);
      expect((await send(officer57, 'POST', '/volunteers', { name: 'นางอาสา ทดสอบ', provinceCode: '99' })).json().error.code).toBe('UNKNOWN_PROVINCE');
      const v = await send(officer57, 'POST', '/volunteers', {
        name: 'นางอาสา ทดสอบ', provinceCode: '57', subdistrictCode: '570903', phone: '089-999-0000', trainings: [{ name: 'หลักสูตร อพม. ขั้นต้น', completedOn: '2025-01-10' }],
      });
      expect(v.statusCode).toBe(201);
      expect(v.json()).toMatchObject({ districtCode: '5709', subdistrictCode: '570903', active: true, trainings: [{ name: 'หลักสูตร อพม. ขั้นต้น' }] });
      const upd = await send(officer57, 'PATCH', `/volunteers/${v.json().id}`, {
        version: 1, active: false, trainings: [{ name: 'ก', completedOn: '2025-02-01' }, { name: 'ข', completedOn: '2025-03-01' }],
      });
      expect(upd.json()).toMatchObject({ active: false, version: 2, subdistrictCode: '570903' });
      expect(upd.json().trainings).toHaveLength(2);
      expect((await send(officer57, 'PATCH', `/volunteers/${v.json().id}`, { version: 2, provinceCode: '63' })).statusCode).toBe(403);
      expect((await send(officer57, 'PATCH', `/volunteers/${v.json().id}`, { version: 1, name: 'stale' })).statusCode).toBe(409);
      const moved = await send(admin, 'PATCH', `/volunteers/${v.json().id}`, { version: 2, provinceCode: '63', subdistrictCode: '630603' });
      expect(moved.json()).toMatchObject({ provinceCode: '63', districtCode: '6306', subdistrictCode: '630603', version: 3 });
      expect((await get(volunteer, '/volunteers?province=57&active=false')).json().items.map((x: { id: string }) => x.id)).not.toContain(v.json().id);
    });

    it('volunteers\' and community leaders\' phones are encrypted at rest; phones stored in clear before 0015 are sealed at start-up', async () => {
      const v = await send(officer57, 'POST', '/volunteers', { name: 'นางอาสา เข้ารหัส', provinceCode: '57', subdistrictCode: '570903', phone: '089-555-0101' });
      expect(v.statusCode).toBe(201);
      expect(v.json().phone).toBe('089-555-0101');
      const changed = await send(officer57, 'PATCH', `/volunteers/${v.json().id}`, { version: v.json().version, phone: '089-555-0102' });
      expect(changed.json().phone).toBe('089-555-0102');
      const clear = async () => (await t.database.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM volunteers WHERE phone IS NOT NULL OR phone_enc NOT LIKE 'v1:%')
              + (SELECT count(*) FROM subdistrict_centres WHERE leader_phone IS NOT NULL OR leader_phone_enc NOT LIKE 'v1:%') AS n`))[0]!.n;
      expect(Number(await clear())).toBe(0);
      const dump = JSON.stringify(await t.database.query('SELECT * FROM volunteers')) + JSON.stringify(await t.database.query('SELECT * FROM subdistrict_centres'));
      expect(dump).not.toContain('089-555-0102');
      expect(dump).not.toContain('089-000-5709');

      // A database from before 0015: phones in clear, read as they are until sealed, then only encrypted.
      await t.database.query("UPDATE volunteers SET phone = '089-555-0199', phone_enc = NULL WHERE id = $1", [v.json().id]);
      const centre = (await get(admin, '/subdistrict-centres?province=57')).json().items[0] as { id: string; leaderPhone: string };
      await t.database.query("UPDATE subdistrict_centres SET leader_phone = '089-555-0198', leader_phone_enc = NULL WHERE id = $1", [centre.id]);
      expect((await get(admin, `/volunteers/${v.json().id}`)).json().phone).toBe('089-555-0199');
      expect(await sealLegacyContacts(t.database, t.cipher)).toBe(2);
      expect(Number(await clear())).toBe(0);
      expect((await get(admin, `/volunteers/${v.json().id}`)).json().phone).toBe('089-555-0199');
      expect((await get(admin, `/subdistrict-centres/${centre.id}`)).json().leaderPhone).toBe('089-555-0198');
      expect(await sealLegacyContacts(t.database, t.cipher)).toBe(0);
    });
  });
});
