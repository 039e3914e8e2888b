import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Signed, type TestContext } from '../../test/harness.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('partners');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('directory import and export', () => {
  let t: TestContext;
  let admin: Signed;
  let officer57: Signed;
  let volunteer: Signed;
  const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations'))[0]!.n;

  beforeAll(async () => {
    t = await createTestContext();
    admin = await t.login(await t.user(['system_admin'], { provinceCode: null }));
    officer57 = await t.login(await t.user(['provincial_officer'], { provinceCode: '57' }));
    volunteer = await t.login(await t.user(['community_volunteer'], { provinceCode: '57' }));
  });
  afterAll(async () => { await t.close(); });

  const post = (s: Signed, url: string, payload: unknown) => t.as(s, { method: 'POST', url, payload });
  const goodCsv = [
    'name_th,name_en,sector,level,province_code,measures,address',
    'มูลนิธิทดลองนำเข้า,Import Test Foundation,ngo,province,57,protection;prevention,เชียงราย',
    'สำนักงานทดลอง,Test Office,central_government,province,57,,',
  ].join('\n');

  it('preview reports every row and writes nothing; commit writes all; the same file again updates, never duplicates', async () => {
    const before = await count();
    const p = await post(officer57, '/api/v1/network/import/preview', { kind: 'partners', format: 'csv', fileBase64: b64(goodCsv) });
    expect(p.json()).toMatchObject({ rows: 2, valid: 2, errorCount: 0, committed: false, created: 0 });
    expect(await count()).toBe(before);
    const c = await post(officer57, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(goodCsv) });
    expect(c.json()).toMatchObject({ committed: true, created: 2, updated: 0 });
    expect(await count()).toBe(before + 2);
    const again = await post(officer57, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(goodCsv) });
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 2 });
    expect(await count()).toBe(before + 2);
    // Imported partners are found by search.
    const s = await t.as(officer57, { method: 'GET', url: '/api/v1/network/search?q=import%20test' });
    expect(s.json().items[0].partner.nameEn).toBe('Import Test Foundation');
  });

  it('bad rows are named by row and column, in Thai and English, and a commit with any bad row writes nothing', async () => {
    const csv = [
      'name_th,name_en,sector,level,province_code,measures',
      'ดี,Good,ngo,province,57,',
      ',Missing Thai,ngo,province,57,',
      'จังหวัดผิด,Bad province,ngo,province,99,',
      'ภาคผิด,Bad sector,army,province,57,',
      'มาตรการผิด,Bad measure,ngo,province,57,magic',
      'จังหวัดอื่น,Other province,ngo,province,63,',
    ].join('\n');
    const before = await count();
    const r = await post(officer57, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(csv) });
    expect(r.statusCode).toBe(422);
    const body = r.json();
    expect(body.error.code).toBe('IMPORT_HAS_ERRORS');
    const cells = body.report.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(cells).toEqual(['3:name_th', '4:province_code', '5:sector', '6:measures', '7:province_code']);
    expect(body.report.errors[0].messageTh).toBe('ต้องกรอก');
    expect(await count()).toBe(before);
  });

  it('refuses wrong columns, a non-XLSX file, and 10,000 bad rows without writing', async () => {
    const wrong = await post(admin, '/api/v1/network/import/preview', { kind: 'partners', format: 'csv', fileBase64: b64('nom,secteur\nx,y') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['file.name_th', 'file.nom']));
    const notXlsx = await post(admin, '/api/v1/network/import/preview', { kind: 'partners', format: 'xlsx', fileBase64: b64('not a zip') });
    expect(notXlsx.statusCode).toBe(400);
    const many = ['name_th,name_en,sector,level,province_code', ...Array.from({ length: 10_000 }, (_, i) => `แถว${i},Row ${i},nope,province,57`)].join('\n');
    const before = await count();
    const r = await post(admin, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(many) });
    expect(r.statusCode).toBe(422);
    expect(r.json().report.errorCount).toBe(10_000);
    expect(r.json().report.errors).toHaveLength(1000);
    expect(await count()).toBe(before);
  });

  it('imports XLSX, and contacts by partner name', async () => {
    const file = await xlsx([['name_th', 'name_en', 'sector', 'level', 'province_code'], ['ศูนย์ทดลองเอ็กเซล', 'Excel Test Centre', 'community', 'district', '57']]);
    const r = await post(admin, '/api/v1/network/import/commit', { kind: 'partners', format: 'xlsx', fileBase64: b64(file) });
    expect(r.json()).toMatchObject({ committed: true, created: 1 });
    const contacts = ['organisation_name_th,name,mobile,urgent_24h', 'ศูนย์ทดลองเอ็กเซล,คุณสายด่วน,081-111-2222,yes', 'ศูนย์ทดลองเอ็กเซล,ไม่ระบุ,abc,maybe'].join('\n');
    const bad = await post(admin, '/api/v1/network/import/preview', { kind: 'contacts', format: 'csv', fileBase64: b64(contacts) });
    expect(bad.json().errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual(['3:mobile', '3:urgent_24h']);
    const ok = await post(admin, '/api/v1/network/import/commit', { kind: 'contacts', format: 'csv', fileBase64: b64(contacts.split('\n').slice(0, 2).join('\n')) });
    expect(ok.json()).toMatchObject({ committed: true, created: 1 });
  });

  it('only network managers import; exports respect scope and are audited', async () => {
    expect((await post(volunteer, '/api/v1/network/import/preview', { kind: 'partners', format: 'csv', fileBase64: b64(goodCsv) })).statusCode).toBe(403);
    await t.org({ nameTh: 'หน่วยงานตาก', nameEn: 'Tak unit', provinceCode: '63' });
    const mine = await t.as(officer57, { method: 'GET', url: '/api/v1/network/export/partners.csv' });
    expect(mine.headers['content-type']).toContain('text/csv');
    expect(mine.body).toContain('Import Test Foundation');
    expect(mine.body).not.toContain('Tak unit');
    const all = await t.as(admin, { method: 'GET', url: '/api/v1/network/export/partners.xlsx' });
    expect(all.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    wb.worksheets[0]!.eachRow((r) => { names.push(String((r.values as unknown[])[3])); });
    expect(names).toContain('Tak unit');
    const audit = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'network.exported'");
    expect(audit[0]!.n).toBe(2);
  });

  it('an import row for an existing partner cannot move it out of the provinces the importer manages (its users\' and tokens\' scope follows its province)', async () => {
    const [own] = await t.database.query<{ id: string }>(
      "SELECT u.organisation_id AS id FROM users u JOIN sessions s ON s.user_id = u.id WHERE s.csrf_token = $1", [officer57.csrf]);
    for (const province of ['63', '']) {
      const csv = `id,name_th,name_en,sector,level,province_code\n${own!.id},ศูนย์ของฉัน,My centre,central_government,${province ? 'province' : 'national'},${province}`;
      const r = await post(officer57, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(csv) });
      expect(r.json().report, province).toMatchObject({ committed: false, errorCount: 1, errors: [{ row: 2, column: 'province_code' }] });
    }
    const [after] = await t.database.query<{ province_code: string | null }>('SELECT province_code FROM organisations WHERE id = $1', [own!.id]);
    expect(after!.province_code?.trim()).toBe('57');
    // Unchanged province: the row updates; a national network manager may move a partner.
    const same = `id,name_th,name_en,sector,level,province_code\n${own!.id},ศูนย์ของฉัน,My centre,central_government,province,57`;
    expect((await post(officer57, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(same) })).json()).toMatchObject({ committed: true, updated: 1 });
    const moved = `id,name_th,name_en,sector,level,province_code\n${own!.id},ศูนย์ของฉัน,My centre,central_government,province,50`;
    expect((await post(admin, '/api/v1/network/import/commit', { kind: 'partners', format: 'csv', fileBase64: b64(moved) })).json()).toMatchObject({ committed: true, updated: 1 });
  });

  it('CSV exports write formula-like text with a leading apostrophe (no spreadsheet runs it), and the file imports back unchanged', async () => {
    const org = await t.org({ nameTh: 'หน่วยงานสูตร', nameEn: 'Formula unit', provinceCode: '57' });
    const added = await post(admin, `/api/v1/network/partners/${org}/contacts`, { name: '=1+2', role: '@SUM(A1)', mobile: '+66 81 234 5678', urgent24h: true });
    expect(added.statusCode, added.body).toBe(201);
    const csv = (await t.as(admin, { method: 'GET', url: '/api/v1/network/export/contacts.csv' })).body;
    const line = csv.split('\n').find((l) => l.startsWith(org))!;
    expect(line).toContain(",'=1+2,'@SUM(A1),,'+66 81 234 5678,");
    const back = await post(admin, '/api/v1/network/import/commit', { kind: 'contacts', format: 'csv', fileBase64: b64(csv.split('\n').filter((l, i) => i === 0 || l.startsWith(org)).join('\n')) });
    expect(back.statusCode, back.body).toBe(200);
    const contacts = (await t.as(admin, { method: 'GET', url: `/api/v1/network/partners/${org}/contacts` })).json().items as { name: string; role: string; mobile: string }[];
    expect(contacts.map((c) => [c.name, c.role, c.mobile])).toEqual([['=1+2', '@SUM(A1)', '+66 81 234 5678']]);
  });
});
