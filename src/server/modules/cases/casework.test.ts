import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../../contracts/casework.js';
import { sniffFileType } from '../../platform/file-types.js';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../../test/harness.js';
import { checkedAttachment } from './attachments.service.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-marker-สมชาย-in-the-file')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]);
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>%PDF-');
const b64 = (b: Buffer) => b.toString('base64');

describe('file types by their bytes', () => {
  const at = (head: number[] | string, length = 64) => {
    const h = typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head);
    return Buffer.concat([h, Buffer.alloc(Math.max(0, length - h.length))]);
  };

  it('knows PDF, JPEG, PNG, MP3 (ID3 and bare frames), M4A, OGG and WAV', () => {
    expect(sniffFileType(PDF)).toBe('application/pdf');
    expect(sniffFileType(at([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffFileType(PNG)).toBe('image/png');
    expect(sniffFileType(at('ID3\x04\x00'))).toBe('audio/mpeg');
    // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
    expect(sniffFileType(at([0xff, 0xfb, 0x90, 0x64]))).toBe('audio/mpeg');
    expect(sniffFileType(at('\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00'))).toBe('audio/mp4');
    expect(sniffFileType(at('\x00\x00\x00\x18ftypmp42'))).toBe('audio/mp4');
    expect(sniffFileType(at('OggS\x00\x02'))).toBe('audio/ogg');
    expect(sniffFileType(at('RIFF\x24\x08\x00\x00WAVEfmt '))).toBe('audio/wav');
  });

  it('refuses programs, web pages, AAC frames, video brands, AVI and truncated signatures', () => {
    expect(sniffFileType(EXE)).toBeUndefined();
    expect(sniffFileType(HTML)).toBeUndefined();
    expect(sniffFileType(at([0xff, 0xf1, 0x50, 0x80]))).toBeUndefined(); // AAC ADTS: layer bits 00
    expect(sniffFileType(at([0xff, 0xfb, 0xf0, 0x64]))).toBeUndefined(); // "bad" bitrate index
    expect(sniffFileType(at('\x00\x00\x00\x18ftypqt  '))).toBeUndefined();
    expect(sniffFileType(at('RIFF\x24\x08\x00\x00AVI LIST'))).toBeUndefined();
    expect(sniffFileType(Buffer.from('%PD'))).toBeUndefined();
    expect(sniffFileType(Buffer.from('OggS'))).toBeUndefined();
    expect(sniffFileType(Buffer.alloc(0))).toBeUndefined();
  });

  it('corrects the extension to the sniffed type and keeps a fitting one', () => {
    expect(checkedAttachment({ filename: 'scan.pdf', contentBase64: b64(PNG) })).toMatchObject({ filename: 'scan.png', contentType: 'image/png' });
    expect(checkedAttachment({ filename: 'scan.PNG', contentBase64: b64(PNG) }).filename).toBe('scan.PNG');
    expect(checkedAttachment({ filename: 'บันทึก', contentBase64: b64(PDF) }).filename).toBe('บันทึก.pdf');
    expect(checkedAttachment({ filename: '.pdf', contentBase64: b64(PNG) }).filename).toBe('file.png');
  });
});

describe('case notes and attachments', () => {
  let t: TestContext;
  let centre: string;
  let officer: TestUser;
  let cri: Signed;
  let mdtUser: TestUser;
  let mdt: Signed;
  let analyst: Signed;
  let tak: Signed;
  let shelterOrg: string;
  let shelter: Signed;
  let otherShelterOrg: string;
  let otherShelter: Signed;
  let kase: { id: string; version: number; caseNumber: string };

  beforeAll(async () => {
    t = await createTestContext();
    centre = await t.org({ provinceCode: '57', nameEn: 'Chiang Rai centre' });
    officer = await t.user(['provincial_officer'], { organisationId: centre });
    cri = await t.login(officer);
    mdtUser = await t.user(['mdt_member'], { provinceCode: '57' });
    mdt = await t.login(mdtUser);
    analyst = await t.login(await t.user(['national_analyst'], { provinceCode: null }));
    tak = await t.login(await t.user(['provincial_officer'], { provinceCode: '63' }));
    shelterOrg = await t.org({ provinceCode: '63', sector: 'ngo', nameEn: 'Tak shelter' });
    shelter = await t.login(await t.user(['service_provider'], { organisationId: shelterOrg }));
    otherShelterOrg = await t.org({ provinceCode: '50', sector: 'ngo', nameEn: 'Chiang Mai shelter' });
    otherShelter = await t.login(await t.user(['service_provider'], { organisationId: otherShelterOrg }));
    const res = await t.as(cri, {
      method: 'POST', url: '/api/v1/cases',
      payload: { persons: [{ role: 'victim', givenName: 'มะลิ', latinName: 'Mali', gender: 'Feminine', estimatedAge: 15, nationality: 'MMR' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    kase = res.json();
    expect((await t.as(cri, { method: 'POST', url: `/api/v1/cases/${kase.id}/team`, payload: { userId: mdtUser.id, role: 'social_worker' } })).statusCode).toBe(200);
    // Accepted referrals, as the referral module records them: one sharing notes and attachments, one sharing neither.
    await t.database.query(
      `INSERT INTO referrals (case_id, from_organisation_id, to_organisation_id, reason, shared_parts, status, answered_at)
       VALUES ($1, $2, $3, 'Shelter', '{summary,notes,attachments}', 'accepted', now()), ($1, $2, $4, 'Medical', '{summary,persons}', 'accepted', now())`,
      [kase.id, centre, shelterOrg, otherShelterOrg]);
  });
  afterAll(async () => { await t.close(); });

  const notesUrl = () => `/api/v1/cases/${kase.id}/notes`;
  const addNote = (s: Signed, sensitivity: string, body: string) => t.as(s, { method: 'POST', url: notesUrl(), payload: { sensitivity, body } });
  const noteBodies = async (s: Signed) => {
    const r = await t.as(s, { method: 'GET', url: `${notesUrl()}?limit=500` });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json().items as { body: string }[]).map((n) => n.body);
  };

  it('team notes reach the team only; normal notes everyone who sees the notes part', async () => {
    const before = (await t.database.query<{ version: number }>('SELECT version FROM cases WHERE id = $1', [kase.id]))[0]!.version;
    const team = await addNote(cri, 'team', 'ผู้เสียหายกลัวนายจ้าง <b>ไม่ควรติดต่อญาติ</b>');
    expect(team.statusCode, team.body).toBe(201);
    expect(team.json()).toMatchObject({ sensitivity: 'team', body: 'ผู้เสียหายกลัวนายจ้าง <b>ไม่ควรติดต่อญาติ</b>', authorId: officer.id, authorOrganisationId: centre });
    const normal = await addNote(mdt, 'normal', 'นัดตรวจสุขภาพวันจันทร์');
    expect(normal.statusCode, normal.body).toBe(201);
    // Every write on a case moves its version.
    expect((await t.database.query<{ version: number }>('SELECT version FROM cases WHERE id = $1', [kase.id]))[0]!.version).toBe(before + 2);

    expect(await noteBodies(mdt)).toEqual(['นัดตรวจสุขภาพวันจันทร์', 'ผู้เสียหายกลัวนายจ้าง <b>ไม่ควรติดต่อญาติ</b>']);
    expect(await noteBodies(cri)).toHaveLength(2);
    expect(await noteBodies(analyst)).toEqual(['นัดตรวจสุขภาพวันจันทร์']);
    expect(await noteBodies(shelter)).toEqual(['นัดตรวจสุขภาพวันจันทร์']);
    expect((await t.as(otherShelter, { method: 'GET', url: notesUrl() })).statusCode).toBe(403);
    expect((await t.as(tak, { method: 'GET', url: notesUrl() })).statusCode).toBe(404);
  });

  it('a referral recipient sharing notes adds normal notes, not team ones; readers without case.write add none', async () => {
    const ok = await addNote(shelter, 'normal', 'รับเข้าบ้านพักแล้ว');
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await addNote(shelter, 'team', 'x')).json().error.code).toBe('FORBIDDEN');
    expect((await addNote(otherShelter, 'normal', 'x')).statusCode).toBe(403);
    expect((await addNote(analyst, 'normal', 'x')).statusCode).toBe(403);
    expect((await addNote(tak, 'normal', 'x')).statusCode).toBe(404);
    expect(await noteBodies(cri)).toContain('รับเข้าบ้านพักแล้ว');
  });

  it('note bodies are encrypted at rest, reads are audited without them, and bad bodies change nothing', async () => {
    const rows = await t.database.query<{ body_enc: string }>('SELECT body_enc FROM case_notes WHERE case_id = $1', [kase.id]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.body_enc).toMatch(/^v1:/);
    expect(JSON.stringify(rows)).not.toMatch(/นัด|บ้านพัก|นายจ้าง/);
    await noteBodies(analyst);
    const [audit] = await t.database.query<{ details: { count: number; teamNotes: boolean } }>(
      "SELECT details FROM audit_log WHERE action = 'case.notes_viewed' AND target_id = $1 ORDER BY seq DESC LIMIT 1", [kase.id]);
    expect(audit!.details).toMatchObject({ count: 2, teamNotes: false });
    expect(JSON.stringify(audit)).not.toMatch(/นัด|บ้านพัก/);
    const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM case_notes'))[0]!.n;
    const n = await count();
    expect((await addNote(cri, 'normal', '   ')).statusCode).toBe(400);
    expect((await addNote(cri, 'secret', 'x')).statusCode).toBe(400);
    expect((await addNote(cri, 'normal', 'ก'.repeat(20_001))).statusCode).toBe(400);
    expect((await t.as(cri, { method: 'POST', url: notesUrl(), payload: { body: 'no sensitivity' } })).statusCode).toBe(400);
    expect(await count()).toBe(n);
    expect((await addNote(cri, 'normal', 'ก'.repeat(20_000))).statusCode).toBe(201);
  });

  it('pages notes newest first without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await t.as(cri, { method: 'GET', url: `${notesUrl()}?limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json() as { items: { id: string; createdAt: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.createdAt + i.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await t.as(cri, { method: 'GET', url: `${notesUrl()}?limit=500` })).json().items as { id: string; createdAt: string }[];
    expect(seen).toEqual(all.map((i) => i.createdAt + i.id));
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  const attUrl = () => `/api/v1/cases/${kase.id}/attachments`;
  const upload = (s: Signed, filename: string, bytes: Buffer, sensitivity = 'normal') =>
    t.as(s, { method: 'POST', url: attUrl(), payload: { filename, sensitivity, contentBase64: b64(bytes) } });

  it('a PNG named .pdf is kept as a PNG; bytes round-trip; every download is audited', async () => {
    const up = await upload(cri, 'ผลตรวจ สมชาย.pdf', PNG);
    expect(up.statusCode, up.body).toBe(201);
    const att = up.json();
    expect(att).toMatchObject({ filename: 'ผลตรวจ สมชาย.png', contentType: 'image/png', sizeBytes: PNG.length, sensitivity: 'normal' });
    expect(att.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    const audits = async () => (await t.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.attachment_downloaded' AND target_id = $1", [att.id]))[0]!.n;
    for (let i = 1; i <= 2; i++) {
      const d = await t.as(shelter, { method: 'GET', url: `${attUrl()}/${att.id}/download` });
      expect(d.statusCode).toBe(200);
      expect(d.rawPayload.equals(PNG)).toBe(true);
      expect(d.headers['content-type']).toBe('image/png');
      expect(d.headers['x-content-type-options']).toBe('nosniff');
      expect(d.headers['content-disposition']).toBe(
        `attachment; filename="______ _____.png"; filename*=UTF-8''${encodeURIComponent('ผลตรวจ สมชาย.png')}`);
      expect(await audits()).toBe(i);
    }
    // At rest: neither the file nor its name in the clear.
    const [row] = await t.database.query<{ content_enc: Uint8Array; filename_enc: string }>(
      'SELECT content_enc, filename_enc FROM case_attachments WHERE id = $1', [att.id]);
    const stored = Buffer.from(row!.content_enc);
    expect(stored.length).toBe(PNG.length + 29);
    expect(stored.includes(PNG.subarray(0, 8))).toBe(false);
    expect(stored.includes(Buffer.from('IHDR-marker'))).toBe(false);
    expect(row!.filename_enc).toMatch(/^v1:/);
    const [added] = await t.database.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'case.attachment_added' AND target_id = $1", [att.id]);
    expect(added!.details).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length });
    expect(JSON.stringify(added)).not.toContain('สมชาย');
  });

  it('refuses a program or a web page named .pdf (415), and a file over 10 MB (413), storing nothing', async () => {
    const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM case_attachments'))[0]!.n;
    const n = await count();
    const exe = await upload(cri, 'report.pdf', EXE);
    expect([exe.statusCode, exe.json().error.code]).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    const html = await upload(cri, 'report.pdf', HTML);
    expect([html.statusCode, html.json().error.code]).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    const big = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - PDF.length, 0x20)]);
    const tooBig = await upload(cri, 'big.pdf', big);
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    const notB64 = await t.as(cri, { method: 'POST', url: attUrl(), payload: { filename: 'a.pdf', sensitivity: 'normal', contentBase64: 'JVBER i0x' } });
    expect(notB64.statusCode).toBe(400);
    expect(await count()).toBe(n);
  });

  it('accepts a file of exactly 10 MB', async () => {
    const exact = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES - PDF.length, 0x20)]);
    const r = await upload(cri, 'scan.pdf', exact);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
    expect(r.json()).toMatchObject({ sizeBytes: ATTACHMENT_MAX_BYTES, contentType: 'application/pdf' });
    const d = await t.as(cri, { method: 'GET', url: `${attUrl()}/${r.json().id}/download` });
    expect(d.rawPayload.length).toBe(ATTACHMENT_MAX_BYTES);
    expect(d.rawPayload.equals(exact)).toBe(true);
  }, 60_000);

  it('team attachments: listed and downloaded by the team only; others get 404 for the file', async () => {
    const up = await upload(mdt, 'interview.m4a', Buffer.concat([Buffer.from('\x00\x00\x00\x20ftypM4A ', 'latin1'), Buffer.alloc(200, 1)]), 'team');
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    expect(up.json()).toMatchObject({ contentType: 'audio/mp4', filename: 'interview.m4a', sensitivity: 'team' });
    const ids = async (s: Signed) => ((await t.as(s, { method: 'GET', url: `${attUrl()}?limit=500` })).json().items as { id: string }[]).map((a) => a.id);
    expect(await ids(cri)).toContain(id);
    expect(await ids(analyst)).not.toContain(id);
    expect(await ids(shelter)).not.toContain(id);
    expect((await t.as(analyst, { method: 'GET', url: `${attUrl()}/${id}/download` })).statusCode).toBe(404);
    expect((await t.as(shelter, { method: 'GET', url: `${attUrl()}/${id}/download` })).statusCode).toBe(404);
    expect((await t.as(otherShelter, { method: 'GET', url: `${attUrl()}/${id}/download` })).statusCode).toBe(403);
    expect((await t.as(tak, { method: 'GET', url: `${attUrl()}/${id}/download` })).statusCode).toBe(404);
    expect((await t.as(mdt, { method: 'GET', url: `${attUrl()}/${id}/download` })).statusCode).toBe(200);
    // An attachment id under another case is not found there.
    const other = (await t.as(cri, { method: 'POST', url: '/api/v1/cases', payload: {} })).json();
    expect((await t.as(cri, { method: 'GET', url: `/api/v1/cases/${other.id}/attachments/${id}/download` })).statusCode).toBe(404);
    // The recipient may add normal attachments only.
    expect((await upload(shelter, 'medical.pdf', PDF)).statusCode).toBe(201);
    expect((await upload(shelter, 'medical.pdf', PDF, 'team')).statusCode).toBe(403);
    const [audit] = await t.database.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'case.attachments_viewed' AND target_id = $1 ORDER BY seq DESC LIMIT 1", [kase.id]);
    expect(audit!.details).toHaveProperty('count');
  });

  it('a ciphertext moved to another row does not decrypt', async () => {
    const a = (await upload(cri, 'a.pdf', PDF)).json();
    const b = (await upload(cri, 'b.png', PNG)).json();
    await t.database.query('UPDATE case_attachments SET content_enc = (SELECT content_enc FROM case_attachments WHERE id = $1) WHERE id = $2', [a.id, b.id]);
    const d = await t.as(cri, { method: 'GET', url: `${attUrl()}/${b.id}/download` });
    expect(d.statusCode).toBe(500);
    expect(d.body).not.toContain('%PDF');
  });

  it('a closed case takes no new notes or attachments', async () => {
    const c = (await t.as(cri, { method: 'POST', url: '/api/v1/cases', payload: {} })).json();
    await t.database.query("UPDATE cases SET stage = 'closed', status = 'Closed', closed_at = now() WHERE id = $1", [c.id]);
    const n = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/notes`, payload: { sensitivity: 'normal', body: 'x' } });
    expect([n.statusCode, n.json().error.code]).toEqual([409, 'CASE_CLOSED']);
    const a = await t.as(cri, { method: 'POST', url: `/api/v1/cases/${c.id}/attachments`, payload: { filename: 'a.pdf', sensitivity: 'normal', contentBase64: b64(PDF) } });
    expect(a.statusCode).toBe(409);
    expect((await t.as(cri, { method: 'GET', url: `/api/v1/cases/${c.id}/notes` })).statusCode).toBe(200);
  });
});
