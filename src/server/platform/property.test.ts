import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { ErrorBody } from '../../contracts/errors.js';
import { createTestContext, type Signed, type TestContext, type TestUser } from '../test/harness.js';
import { issueChallenge, solve } from '../modules/reports/proof-of-work.js';
import { errorCatalogue } from './errors.js';

/**
 * Every write route, fed generated bodies by a system administrator and a provincial officer:
 * no 5xx, the error shape on every refusal, and a refusal changes no data (only sign-in and
 * access-denied audit entries may be added).
 */

const RUNS = Number(process.env.PHAKHI_FUZZ_RUNS ?? 40);
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
/**
 * Tables that legitimately change on a refused request, or never change (reference data, migrations).
 * rate_limits: the public report route counts every attempt per address, and marks a challenge used.
 */
const NOT_WATCHED = new Set([
  'audit_log', 'login_throttle', 'api_token_uses', 'provinces', 'districts', 'subdistricts', 'countries', 'languages', 'phakhi_migrations',
  'rate_limits', 'province_neighbours', 'district_neighbours',
]);

interface Route {
  method: (typeof WRITE_METHODS)[number];
  path: string;
  /** A body the route would accept, to mutate one field at a time. */
  base: Record<string, unknown> | undefined;
}

interface Fuzz {
  pathParam: string;
  contentType: string | undefined;
  payload: string | undefined;
  label: string;
}

const nasty = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff x', '\u202e\u0e01', 'ก'.repeat(301), "'; DROP TABLE users; --", '%', '_', '\\',
  '{"a":1}', '00', '99', '1e309', '-0', 'NaN', 'null', '2024-02-30', '0000-01-01', '9999-12-31', '+66 81-234-5678', '1101700203051',
);
const bigNumber = fc.constantFrom(2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 - 1, 2 ** 53 + 2, 1e20, -1, 0, 1.5, Number.MAX_VALUE);
const anyValue = fc.oneof(
  { arbitrary: fc.jsonValue({ stringUnit: 'binary' }), weight: 3 },
  { arbitrary: nasty, weight: 3 },
  { arbitrary: bigNumber, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 400 }), weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

function bodyArb(base: Record<string, unknown> | undefined): fc.Arbitrary<Omit<Fuzz, 'pathParam'>> {
  const json = (v: unknown, label: string) => ({ contentType: 'application/json', payload: JSON.stringify(v) ?? '', label });
  const mutated = base
    ? fc.tuple(
      fc.oneof({ arbitrary: fc.constantFrom(...Object.keys(base)), weight: 4 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }),
      anyValue,
      fc.boolean(),
    )
      .map(([key, value, drop]) => {
        const b: Record<string, unknown> = { ...base };
        if (drop) delete b[key];
        else b[key] = value;
        return json(b, `mutated ${key}`);
      })
    : fc.constant(json({}, 'empty object'));
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: fc.anything().map((v) => json(v, 'anything')), weight: 2 },
    { arbitrary: fc.object({ stringUnit: 'binary' }).map((v) => json(v, 'object')), weight: 2 },
    { arbitrary: fc.jsonValue().map((v) => json(v, 'jsonValue')), weight: 2 },
    {
      // Large strings, now and then beyond the 256 KB body limit.
      arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 300_000 }), fc.boolean()).map(([n, inBase]) =>
        inBase && base
          ? json({ ...base, [Object.keys(base)[0]!]: 'x'.repeat(n) }, `big field ${n}`)
          : json('ก'.repeat(Math.floor(n / 3)), `big string ${n}`)),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(
        fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
          'application/octet-stream', 'text/json', 'application/json; charset=utf-16', 'application/jsonx', ''),
        fc.oneof(fc.string({ maxLength: 200 }), fc.constant(JSON.stringify(base ?? {}))),
      ).map(([contentType, payload]) => ({ contentType, payload, label: `content-type ${contentType}` })),
      weight: 2,
    },
    {
      arbitrary: fc.oneof(
        fc.constantFrom('{', '{"a":', '[1,2', 'nul', "{'a':1}", '{"a":1}}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}',
          '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '"\\x"', '0x10', '{"a":1,}', ' '),
        fc.string({ maxLength: 60 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
      ).map((payload) => ({ contentType: 'application/json', payload, label: 'raw JSON text' })),
      weight: 2,
    },
    { arbitrary: fc.constant({ contentType: undefined, payload: undefined, label: 'no body' }), weight: 1 },
  );
}

/** Values that once reached the database and failed there (500s), tried on every field of every route. */
const KNOWN_TRICKY: unknown[] = ['a\u0000b', 2 ** 31, '0000-01-01'];

function examplesFor(base: Record<string, unknown> | undefined, pathParam: string): [{ pathParam: string; body: Omit<Fuzz, 'pathParam'> }][] {
  if (!base) return [];
  return Object.keys(base).flatMap((key) => KNOWN_TRICKY.map((value) => [{
    pathParam,
    body: { contentType: 'application/json', payload: JSON.stringify({ ...base, [key]: value }), label: `example ${key}=${JSON.stringify(value)}` },
  }] as [{ pathParam: string; body: Omit<Fuzz, 'pathParam'> }]));
}

describe('write routes under generated input', () => {
  let t: TestContext;
  let admin: TestUser;
  let officer: TestUser;
  const sessions = new Map<string, Signed>();
  const existing: Record<string, string> = {};
  let routes: Route[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    const nationalOrg = await t.org({ level: 'national', provinceCode: null });
    admin = await t.user(['system_admin'], { organisationId: nationalOrg });
    officer = await t.user(['provincial_officer'], { provinceCode: '57' });
    sessions.set('system_admin', await t.login(admin));
    sessions.set('provincial_officer', await t.login(officer));

    // Records for path parameters: never the actors themselves or their own sessions.
    const victimOrg = await t.org({ provinceCode: '57', nameEn: 'Victim organisation' });
    const victim = await t.user(['service_provider'], { organisationId: victimOrg });
    const victimSession = await t.login(victim);
    const tok = await t.as(sessions.get('system_admin')!, {
      method: 'POST', url: '/api/v1/tokens', payload: { organisationId: victimOrg, name: 'fuzz token', permissions: ['reference.read'] },
    });
    expect(tok.statusCode).toBe(201);
    const person = await t.as(sessions.get('provincial_officer')!, { method: 'POST', url: '/api/v1/persons', payload: { sex: 'female' } });
    expect(person.statusCode).toBe(201);
    const [vs] = await t.database.query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [victim.id]);
    expect(victimSession.cookie).toBeTruthy();
    const newReport = async (description: string) => {
      const r = await t.as(sessions.get('provincial_officer')!, {
        method: 'POST', url: '/api/v1/reports', payload: { channel: 'hotline_1300', description, provinceCode: '57' },
      });
      expect(r.statusCode).toBe(201);
      return (r.json() as { id: string }).id;
    };
    const report = await newReport('workers held at a factory, for the fuzz tests');
    const otherReport = await newReport('a second report, the original of a duplicate');
    Object.assign(existing, {
      organisations: victimOrg, users: victim.id, tokens: (tok.json() as { id: string }).id, sessions: vs!.id,
      persons: (person.json() as { id: string }).id, reports: report,
    });
    // Structures (issue 3): one of each record, in Chiang Rai, for the path parameters.
    const made = async (url: string, payload: object) => {
      const r = await t.as(sessions.get('system_admin')!, { method: url.endsWith('/roster') ? 'PUT' : 'POST', url: `/api/v1${url}`, payload });
      expect(r.statusCode, `${url} ${r.body}`).toBeLessThan(300);
      return r.json() as { id: string; actionItems?: { id: string }[] };
    };
    const committee = (await made('/committees', { kind: 'provincial', provinceCode: '57', nameTh: 'คณะอนุกรรมการ', nameEn: 'Sub-committee' })).id;
    const meeting = await made(`/committees/${committee}/meetings`, { meetingDate: '2025-02-01', actionItems: [{ text: 'งาน', responsibleOrganisationId: victimOrg }] });
    const mdt = (await made('/mdts', { nameTh: 'ทีม', nameEn: 'Team', provinceCode: '57' })).id;
    const mdtMember = (await made(`/mdts/${mdt}/members`, { personName: 'นางทดสอบ', organisationId: victimOrg, role: 'ngo' })).id;
    const borderCentre = (await made('/border-centres', { nameTh: 'ศูนย์', nameEn: 'Centre', provinceCode: '57', districtCode: '5709' })).id;
    Object.assign(existing, {
      committees: committee, meetings: meeting.id, 'action-items': meeting.actionItems![0]!.id, mdts: mdt, 'mdt-members': mdtMember,
      'committee-members': (await made(`/committees/${committee}/members`, { personName: 'นายกรรมการ', role: 'member', termStart: '2024-01-01', termEnd: '2024-12-31' })).id,
      'appointment-orders': (await made(`/committees/${committee}/orders`, { orderNumber: '1/2567', orderDate: '2024-01-10', signedBy: 'ผู้ว่าราชการจังหวัด' })).id,
      'border-centres': borderCentre,
      'border-centre-staff': (await made(`/border-centres/${borderCentre}/staff`, { personName: 'นายทดสอบ', homeOrganisationId: victimOrg, role: 'ตำรวจ', fromDate: '2025-01-01' })).id,
      'subdistrict-centres': (await made('/subdistrict-centres', { subdistrictCode: '570102', nameTh: 'ศูนย์', leaderName: 'ผู้นำ' })).id,
      volunteers: (await made('/volunteers', { name: 'อาสา', provinceCode: '57' })).id,
    });
    // Cases (issue 5): one case with a victim, in Chiang Rai.
    const kase = await t.as(sessions.get('provincial_officer')!, {
      method: 'POST', url: '/api/v1/cases', payload: { persons: [{ role: 'victim', givenName: 'มะลิ', gender: 'Feminine', estimatedAge: 15, nationality: 'MMR' }] },
    });
    expect(kase.statusCode, kase.body).toBe(201);
    existing.cases = (kase.json() as { id: string }).id;
    // NRM actions (issue 5): the case's victim for bodies, a seeded indicator for its path.
    const caseVictim = (kase.json() as { persons: { id: string }[] }).persons[0]!.id;
    existing['screening-indicators'] = 'ilo.deception';
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    // Referrals (issue 5): the victim organisation offers shelter; one referral of the case waits for its answer.
    const offered = await t.as(sessions.get('system_admin')!, { method: 'POST', url: `/api/v1/network/partners/${victimOrg}/services`, payload: { service: 'shelter' } });
    expect(offered.statusCode, offered.body).toBe(201);
    const caseNow = (await t.as(sessions.get('provincial_officer')!, { method: 'GET', url: `/api/v1/cases/${existing.cases}` })).json() as { version: number };
    const referral = await t.as(sessions.get('provincial_officer')!, {
      method: 'POST', url: `/api/v1/cases/${existing.cases}/referrals`,
      payload: { version: caseNow.version, casePersonId: caseVictim, toOrganisationId: victimOrg, service: 'shelter', reason: 'AdditionalServicesRequired', sharedParts: ['services'], overrideReason: 'อันตรายเฉพาะหน้า ต้องส่งต่อทันที' },
    });
    expect(referral.statusCode, referral.body).toBe(201);
    existing.referrals = (referral.json() as { id: string }).id;
    // Notifications (issue 5): one of the officer's, for the read path.
    const [notice] = await t.database.query<{ id: string }>(
      "INSERT INTO notifications (user_id, kind, case_id, case_number) SELECT $1, 'team_added', id, case_number FROM cases WHERE id = $2 RETURNING id",
      [officer.id, existing.cases]);
    existing.notifications = notice!.id;
    // The public form's proof of work, solved once: the first acceptable body uses it, later ones are refused as reused.
    const challenge = issueChallenge(t.cipher, 8, Date.now() - 5000);

    const htcdsRecord = {
      id: 'fuzz-case-1', cas_Status: 'Active',
      persons: [{ id: 'fuzz-person-1', prs_Gender: 'Feminine', prs_Birthdate: '2010-01-01', prs_Citizenship: ['MMR'], vic_TypeOfExploitation: ['ForcedLabour'],
        con_Consent: true, events: [{ hte_Type: 'Recruitment', hte_Date: '2024-01-01', hte_Country: 'MMR' }] }],
    };
    const bases: Record<string, Record<string, unknown>> = {
      'POST /api/v1/auth/login': { username: 'nobody.fuzz', password: 'not-a-password-1' },
      'POST /api/v1/auth/mfa': { code: '123456' },
      'POST /api/v1/auth/mfa/enrol/confirm': { code: '123456' },
      'POST /api/v1/auth/password': { currentPassword: 'not-my-password-1', newPassword: 'river-lotus-kite-2024' },
      'POST /api/v1/organisations': { nameTh: 'หน่วยงานสุ่ม', nameEn: 'Fuzz org', sector: 'ngo', level: 'province', provinceCode: '57', parentId: null },
      'PATCH /api/v1/organisations/{id}': { version: 1, nameEn: 'Renamed', provinceCode: '57', active: true, parentId: null },
      'POST /api/v1/users': {
        organisationId: victimOrg, username: 'fuzz.user', displayName: 'ผู้ใช้สุ่ม', email: 'fuzz@example.org',
        roles: ['service_provider'], password: 'banyan-lotus-monsoon-88',
      },
      'PATCH /api/v1/users/{id}': { version: 1, displayName: 'เปลี่ยนชื่อ', email: null, roles: ['service_provider'], active: true },
      'POST /api/v1/users/{id}/password-reset': { newPassword: 'teak-jasmine-ferry-2051' },
      'POST /api/v1/tokens': { organisationId: victimOrg, name: 'fuzz', permissions: ['reference.read'], expiresInDays: 30 },
      'POST /api/v1/persons': {
        givenName: 'สมชาย', familyName: 'ใจดี', nationalId: '1101700203051', phone: '0812345678', address: 'เชียงราย',
        sex: 'male', birthDate: '2010-05-01', estimatedAge: 14, nationality: 'THA', provinceCode: '57',
      },
      'POST /api/v1/persons/lookup': { nationalId: '1101700203051' },
      'POST /api/v1/public/reports': {
        description: 'workers locked in a warehouse at night', provinceCode: '57', districtCode: '5701', peopleCount: 3, approxAge: 16,
        nationality: 'MMR', contactPhone: '081-234-5678', language: 'my', challenge: { token: challenge.token, counter: solve(challenge.token, 8) },
      },
      'POST /api/v1/reports': {
        channel: 'hotline_1300', description: 'a boat crew not paid for months', provinceCode: '57', districtCode: '5701', peopleCount: 12,
        nationality: 'KHM', childrenInvolved: 'no', immediateDanger: false, contactName: 'สมศรี', contactLine: 'somsri.k', sourceOrganisationId: victimOrg,
      },
      'POST /api/v1/reports/{id}/acknowledge': { version: 1 },
      'POST /api/v1/reports/{id}/assign': { version: 1, userId: officer.id },
      'POST /api/v1/reports/{id}/notes': { version: 1, kind: 'note', body: 'called the reporter back' },
      'POST /api/v1/reports/{id}/duplicate': { version: 1, duplicateOf: otherReport },
      'POST /api/v1/reports/{id}/close': { version: 1, reason: 'not_trafficking', body: 'checked on site' },
      'POST /api/v1/reports/{id}/open-case': { version: 1, body: 'team convened' },
      'POST /api/v1/cases': { provinceCode: '57', reflectionDays: 45, persons: [{ role: 'victim', givenName: 'ดาว', latinName: 'Dao', gender: 'Feminine', birthDate: '2011-03-04', nationality: 'MMR', languages: ['mya'], documentType: 'passport', documentNumber: 'MA123456' }] },
      'POST /api/v1/cases/search': { name: 'มะลิ', limit: 10 },
      'PATCH /api/v1/cases/{id}': { version: 1, reflectionDays: 30 },
      'POST /api/v1/cases/{id}/persons': { role: 'family', givenName: 'แม่', relationship: 'mother', gender: 'Feminine', estimatedAge: 40, nationality: 'MMR' },
      'PATCH /api/v1/cases/{id}/persons/{personId}': { version: 1, gender: 'Feminine', trafficking: { exploitationTypes: ['ForcedLabour'], industry: 'A_AgricultureForestryAndFishing' } },
      'POST /api/v1/cases/{id}/persons/{personId}/events': { type: 'Recruitment', eventDate: '2024-01-01', country: 'MMR', place: 'Tachileik' },
      'POST /api/v1/cases/{id}/team': { userId: officer.id, role: 'member' },
      'POST /api/v1/screening-indicators': { code: 'sexual.fuzz_item', labelTh: 'ตัวชี้วัดทดสอบ', labelEn: 'Fuzz indicator', sortOrder: 500 },
      'PATCH /api/v1/screening-indicators/{code}': { labelTh: 'การหลอกลวง', labelEn: 'Deception', sortOrder: 20, active: true },
      'POST /api/v1/cases/{id}/screenings': {
        version: 1, casePersonId: caseVictim, screenedAt: hoursAgo(5), language: 'mya', interpreterUsed: true,
        answers: { 'ilo.deception': 'yes', 'ilo.debt_bondage': 'unknown' }, summary: 'สัมภาษณ์ที่สถานีตำรวจ',
      },
      'POST /api/v1/cases/{id}/persons/{personId}/protection': {
        version: 1, takenIntoCareAt: hoursAgo(30), custodyExtendedUntil: hoursAgo(-24), custodyCourtOrder: 'คำสั่งศาล 1/2569',
        temporaryShelterOrganisationId: victimOrg, temporaryShelterUntil: hoursAgo(-100), reflectionUntil: hoursAgo(-1000),
      },
      'POST /api/v1/cases/{id}/persons/{personId}/identification': {
        version: 1, decision: 'PossibleVictimOfTrafficking', decidingOrgType: 'NonPoliceGovernmentalOrganization', identifiedAt: hoursAgo(1), reasons: 'ตัวชี้วัดครบ',
      },
      'POST /api/v1/cases/{id}/persons/{personId}/return': {
        version: 1, kind: 'repatriation', partnerId: victimOrg, date: new Date().toISOString().slice(0, 10), country: 'MMR', travelDocuments: 'CI 123',
      },
      'POST /api/v1/cases/{id}/persons/{personId}/follow-ups/plan': { version: 1, startDate: new Date().toISOString().slice(0, 10), months: 12, everyMonths: 3 },
      'POST /api/v1/cases/{id}/follow-ups/{followUpId}/visit': {
        version: 1, visitedAt: new Date().toISOString().slice(0, 10), livelihood: 3, family: 4, justice: 2, future: 5, compensationReceived: false, notes: 'ทำงานร้านค้า',
      },
      'POST /api/v1/cases/{id}/close': { version: 1, status: 'Closed', reason: 'reintegrated' },
      'POST /api/v1/cases/{id}/reopen': { version: 1, reason: 'new_information' },
      'POST /api/v1/cases/{id}/consents': { version: 1, casePersonId: caseVictim, purposes: ['referral', 'sharing'], givenBy: 'victim', givenAt: hoursAgo(2), method: 'written' },
      'POST /api/v1/cases/{id}/consents/{consentId}/withdraw': { version: 1 },
      'POST /api/v1/cases/{id}/referrals': { version: 1, casePersonId: caseVictim, toOrganisationId: victimOrg, service: 'shelter', reason: 'AdditionalServicesRequired', details: 'ต้องการที่พักปลอดภัย', sharedParts: ['services', 'protection'], overrideReason: 'อันตรายเฉพาะหน้า ต้องส่งต่อทันที' },
      'POST /api/v1/cases/{id}/transfer': { version: 1, toOrganisationId: victimOrg, reason: 'MigrationOrChangeOfLocation', details: 'ย้ายไปอยู่กับญาติ' },
      'POST /api/v1/referrals/{id}/accept': { version: 1 },
      'POST /api/v1/referrals/{id}/decline': { version: 1, reason: 'ไม่มีที่ว่าง' },
      'POST /api/v1/referrals/{id}/revoke': { version: 1, reason: 'สิ้นสุดความจำเป็น' },
      'POST /api/v1/referrals/{id}/withdraw': { version: 1 },
      'POST /api/v1/cases/{id}/services': { version: 1, casePersonId: caseVictim, service: 'shelter', providerOrganisationId: victimOrg, plannedStart: '2025-01-01', plannedEnd: '2025-03-01', status: 'planned', outcome: 'ปรับตัวได้ดี' },
      'POST /api/v1/cases/{id}/notes': { sensitivity: 'team', body: 'เยี่ยมบ้าน ครอบครัวพร้อมรับกลับ' },
      'POST /api/v1/cases/{id}/attachments': { filename: 'ผลตรวจ.pdf', sensitivity: 'normal', contentBase64: Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64') },
      'PATCH /api/v1/cases/{id}/services/{serviceId}': { version: 1, actualStart: '2025-01-02', status: 'in_progress', outcome: 'ปรับตัวได้ดี' },
      'POST /api/v1/committees': { kind: 'other', provinceCode: '57', nameTh: 'คณะทำงาน', nameEn: 'Working group' },
      'PATCH /api/v1/committees/{id}': { version: 1, nameEn: 'Renamed' },
      'POST /api/v1/committees/{id}/members': { personName: 'นายทดสอบ ฟัซ', role: 'member', termStart: '2025-01-01' },
      'PATCH /api/v1/committee-members/{id}': { version: 1, role: 'advisor' },
      'POST /api/v1/committees/{id}/orders': { orderNumber: '2/2568', orderDate: '2025-01-15', signedBy: 'ผู้ว่าราชการจังหวัด' },
      'PATCH /api/v1/appointment-orders/{id}': { version: 1, signedBy: 'รองผู้ว่าราชการจังหวัด' },
      'POST /api/v1/committees/{id}/meetings': { meetingDate: '2025-02-01', agenda: [{ title: 'วาระ' }], actionItems: [{ text: 'งาน', responsibleOrganisationId: victimOrg }] },
      'PATCH /api/v1/meetings/{id}': { version: 1, place: 'ศาลากลาง' },
      'POST /api/v1/meetings/{id}/action-items': { text: 'ติดตาม', responsibleOrganisationId: victimOrg, dueDate: '2025-03-01' },
      'PATCH /api/v1/action-items/{id}': { version: 1, status: 'done' },
      'POST /api/v1/mdts': { nameTh: 'ทีม', nameEn: 'Team', provinceCode: '57' },
      'PATCH /api/v1/mdts/{id}': { version: 1, nameEn: 'Team' },
      'POST /api/v1/mdts/{id}/members': { personName: 'นางทดสอบ', organisationId: victimOrg, role: 'ngo' },
      'PATCH /api/v1/mdt-members/{id}': { version: 1, role: 'health' },
      'PUT /api/v1/mdts/{id}/roster': { version: 1, days: [{ date: '2025-01-01', memberIds: [mdtMember] }] },
      'POST /api/v1/border-centres': { nameTh: 'ศูนย์', nameEn: 'Centre', provinceCode: '57', districtCode: '5709' },
      'PATCH /api/v1/border-centres/{id}': { version: 1, address: 'ด่าน' },
      'POST /api/v1/border-centres/{id}/staff': { personName: 'นายทดสอบ', homeOrganisationId: victimOrg, role: 'ตำรวจ', fromDate: '2025-01-01' },
      'PATCH /api/v1/border-centre-staff/{id}': { version: 1, toDate: '2025-12-31' },
      'POST /api/v1/subdistrict-centres': { subdistrictCode: '570101', nameTh: 'ศูนย์', leaderName: 'ผู้นำ' },
      'PATCH /api/v1/subdistrict-centres/{id}': { version: 1, leaderName: 'ผู้นำ' },
      'POST /api/v1/volunteers': { name: 'อาสา', provinceCode: '57', subdistrictCode: '570101' },
      'PATCH /api/v1/volunteers/{id}': { version: 1, phone: '081-234-5678' },
      'PATCH /api/v1/network/partners/{id}': { version: 1, measures: ['protection'], address: 'เชียงราย', latitude: 19.9, longitude: 99.8, areas: [{ provinceCode: '57', districtCode: '5701' }] },
      'POST /api/v1/network/partners/{id}/services': { service: 'shelter', acceptsSexes: ['female'], minAge: 0, maxAge: 17, capacityTotal: 10, capacityFree: 2, languages: ['my'], nationalities: ['MMR'] },
      'PATCH /api/v1/network/services/{id}': { version: 1, capacityFree: 1, capacityTotal: 5 },
      'POST /api/v1/network/partners/{id}/contacts': { name: 'ผู้ประสานงาน', mobile: '081-000-0000', lineId: 'fuzz.line', email: 'fuzz@example.org', urgent24h: true },
      'PATCH /api/v1/network/contacts/{id}': { version: 1, urgent24h: false },
      'POST /api/v1/network/import/preview': { kind: 'partners', format: 'csv', fileBase64: Buffer.from('name_th,name_en,sector,level,province_code\nฟัซ,Fuzz,ngo,province,57').toString('base64') },
      'POST /api/v1/exchange/htcds/cases': { provinceCode: '57', skipInvalid: false, dryRun: false, cases: [htcdsRecord] },
      'POST /api/v1/exchange/htcds/import-jobs': { provinceCode: '57', skipInvalid: true, cases: [htcdsRecord] },
      'POST /api/v1/exchange/htcds/export-jobs': { since: '2025-01-01T00:00:00Z' },
      'POST /api/v1/network/import/commit': { kind: 'contacts', format: 'csv', fileBase64: Buffer.from('organisation_id,name\n00000000-0000-4000-8000-000000000000,x').toString('base64') },
    };

    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of WRITE_METHODS) {
        if (!(method in ops)) continue;
        // Signing out is a legitimate change of state; the tests above cover it. So is a wrong current
        // password on a password change: it counts toward the sign-in lock, which ends the session
        // (auth.test.ts covers the route).
        if (path.startsWith('/api/v1/auth/logout') || path === '/api/v1/auth/password') continue;
        routes.push({ method, path, base: bases[`${method.toUpperCase()} ${path}`] });
      }
    }

    const tables = (await t.database.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"))
      .map((r) => r.table_name).filter((n) => !NOT_WATCHED.has(n));
    expect(tables).toEqual(expect.arrayContaining(['organisations', 'users', 'user_roles', 'persons', 'api_tokens', 'sessions', 'team_memberships', 'reports', 'report_notes', 'report_duplicate_candidates']));
    // Every row written, updated to other values or deleted in these tables adds one to a counter, in the
    // same transaction (a rolled-back write adds nothing): one read after each request says whether data
    // changed. Sessions: everything but last_seen_at, which every request may refresh.
    const sessionColumns = ['id', 'token_hash', 'user_id', 'csrf_token', 'mfa_passed', 'created_at', 'expires_at', 'revoked_at', 'ip_address', 'user_agent'];
    const changed = (n: string) => n === 'sessions'
      ? `ROW(${sessionColumns.map((c) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM ROW(${sessionColumns.map((c) => `NEW.${c}`).join(', ')})`
      : 'OLD.* IS DISTINCT FROM NEW.*';
    await t.database.exec([
      'CREATE TABLE fuzz_changes (n bigint NOT NULL)',
      'INSERT INTO fuzz_changes VALUES (0)',
      'CREATE FUNCTION fuzz_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE fuzz_changes SET n = n + 1; RETURN NULL; END $$',
      ...tables.flatMap((n) => [
        `CREATE TRIGGER fuzz_written AFTER INSERT OR DELETE ON "${n}" FOR EACH ROW EXECUTE FUNCTION fuzz_changed()`,
        `CREATE TRIGGER fuzz_updated AFTER UPDATE ON "${n}" FOR EACH ROW WHEN (${changed(n)}) EXECUTE FUNCTION fuzz_changed()`,
        `CREATE TRIGGER fuzz_truncated AFTER TRUNCATE ON "${n}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_changed()`,
      ]),
    ].join(';\n'));
  });
  afterAll(async () => { await t?.close(); });

  const changeCount = async () => (await t.database.query<{ n: string }>('SELECT n::text AS n FROM fuzz_changes'))[0]!.n;
  const lastSeq = async () => Number((await t.database.query<{ s: string | null }>('SELECT max(seq)::text AS s FROM audit_log'))[0]!.s ?? 0);

  function existingFor(path: string): string {
    if (!path.includes('{')) return '';
    const kind = path.startsWith('/api/v1/me/sessions') ? 'sessions' : path.split('/')[3]!;
    return existing[kind] ?? '00000000-0000-4000-8000-000000000000';
  }

  function pathParamArb(path: string): fc.Arbitrary<string> {
    return fc.oneof(
      { arbitrary: fc.constant(existingFor(path)), weight: 4 },
      { arbitrary: fc.uuid(), weight: 2 },
      { arbitrary: fc.constantFrom('not-a-uuid', '1', "' OR 1=1 --", '%00', '..', 'x'.repeat(250), '00000000-0000-0000-0000-000000000000'), weight: 1 },
      // Sent as is, not encoded: a malformed escape.
      { arbitrary: fc.constantFrom('raw:%E0%B8', 'raw:%zz', 'raw:%'), weight: 1 },
    );
  }

  it('has the write routes to test', () => {
    const names = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining([
      'POST /api/v1/auth/login', 'POST /api/v1/organisations', 'PATCH /api/v1/organisations/{id}', 'POST /api/v1/users',
      'PATCH /api/v1/users/{id}', 'POST /api/v1/tokens', 'POST /api/v1/persons', 'DELETE /api/v1/me/sessions/{id}',
      'POST /api/v1/public/reports', 'POST /api/v1/reports', 'POST /api/v1/reports/{id}/close', 'POST /api/v1/reports/{id}/duplicates/{candidateId}/dismiss',
    ]));
    expect(names.some((n) => n.includes('logout'))).toBe(false);
    // Every route with a body has a base body to mutate.
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    for (const r of routes) if (doc.paths[r.path]![r.method]!.requestBody) expect(r.base, `${r.method} ${r.path}`).toBeDefined();
  });

  it('the change counter sees every committed change of a row, and nothing else', async () => {
    const c0 = await changeCount();
    await t.database.query('UPDATE organisations SET name_en = name_en');
    await t.database.query('UPDATE sessions SET last_seen_at = now()');
    await t.database.withSession(async (s) => {
      await s.query('BEGIN');
      await s.query("INSERT INTO persons (organisation_id, sex) SELECT id, 'female' FROM organisations LIMIT 1");
      await s.query('ROLLBACK');
    });
    expect(await changeCount()).toBe(c0);
    const [org] = await t.database.query<{ id: string; address: string | null }>('SELECT id, address FROM organisations ORDER BY id LIMIT 1');
    await t.database.query("UPDATE organisations SET address = 'changed' WHERE id = $1", [org!.id]);
    await t.database.query('UPDATE organisations SET address = $2 WHERE id = $1', [org!.id, org!.address]);
    await t.database.query("UPDATE sessions SET revoked_at = revoked_at, mfa_passed = NOT mfa_passed WHERE id = (SELECT id FROM sessions ORDER BY id LIMIT 1)");
    await t.database.query("UPDATE sessions SET mfa_passed = NOT mfa_passed WHERE id = (SELECT id FROM sessions ORDER BY id LIMIT 1)");
    expect(Number(await changeCount()) - Number(c0)).toBe(4);
  });

  for (const role of ['system_admin', 'provincial_officer'] as const) {
    it(`as ${role}: no 5xx, the error shape, and refused requests change nothing`, async () => {
      const s = sessions.get(role)!;
      let baseline = await changeCount();
      let ipSeq = 0;
      const stats: Record<string, number> = {};
      for (const route of routes) {
        const arb = fc.record({
          pathParam: route.path.includes('{') ? pathParamArb(route.path) : fc.constant(''),
          body: bodyArb(route.base),
        });
        await fc.assert(
          fc.asyncProperty(arb, async ({ pathParam, body }) => {
            const param = pathParam.startsWith('raw:') ? pathParam.slice(4) : encodeURIComponent(pathParam);
            const url = route.path.replace(/\{[^}]+\}/g, param);
            const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
            if (body.contentType !== undefined) headers['content-type'] = body.contentType;
            const seqBefore = await lastSeq();
            ipSeq++;
            const res: LightMyRequestResponse = await t.app.inject({
              method: route.method.toUpperCase() as 'POST', url, headers, payload: body.payload,
              // Each request from its own address, so the sign-in throttle never locks the tests out.
              remoteAddress: `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`,
            });
            const where = `${route.method.toUpperCase()} ${url.slice(0, 120)} [${body.label}] → ${res.statusCode} ${res.body.slice(0, 300)}`;
            stats[String(res.statusCode)] = (stats[String(res.statusCode)] ?? 0) + 1;
            expect(res.statusCode, where).toBeLessThan(500);
            const after = await changeCount();
            if (res.statusCode >= 400) {
              const parsed = ErrorBody.safeParse(res.json());
              expect(parsed.success, where).toBe(true);
              const code = parsed.data!.error.code as keyof typeof errorCatalogue;
              expect(errorCatalogue[code], where).toBeDefined();
              expect(res.statusCode, where).toBe(errorCatalogue[code].status);
              expect(parsed.data!.error.messageTh, where).toBe(errorCatalogue[code].th);
              expect(after, `data changed by a refused request: ${where}`).toBe(baseline);
              const added = await t.database.query<{ action: string }>('SELECT action FROM audit_log WHERE seq > $1', [seqBefore]);
              for (const a of added) expect(a.action === 'access.denied' || a.action.startsWith('auth.'), `${a.action} after ${where}`).toBe(true);
            } else {
              expect(res.statusCode, where).toBeGreaterThanOrEqual(200);
              baseline = after;
            }
          }),
          { numRuns: RUNS, endOnFailure: true, examples: examplesFor(route.base, existingFor(route.path)) },
        );
        // The actor is still signed in after every route (nothing above signs it out).
        const me = await t.as(s, { method: 'GET', url: '/api/v1/me' });
        expect(me.statusCode, `${role} signed out after ${route.method} ${route.path}`).toBe(200);
      }
      // The generators reach past validation: some requests succeed or fail for business reasons.
      expect(Object.keys(stats).length).toBeGreaterThan(3);
    }, 600_000);
  }

  it('read routes: generated query strings and path parameters never give a 5xx and never change data', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    const reads = Object.entries(doc.paths)
      .filter(([path, ops]) => ops.get && !path.includes('openapi') && (ops.get.parameters ?? []).length > 0)
      .map(([path, ops]) => ({ path, params: ops.get!.parameters! }));
    expect(reads.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/v1/organisations', '/api/v1/users', '/api/v1/persons', '/api/v1/audit']));
    const cursor = fc.oneof(
      fc.tuple(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 40 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        fc.oneof(fc.uuid(), nasty, fc.string({ maxLength: 20 })))
        .map(([a, b]) => Buffer.from(`${a}|${b}`, 'utf8').toString('base64url')),
      fc.string({ maxLength: 250 }),
    );
    const queryValue = (name: string) => (name === 'cursor' ? cursor : fc.oneof(
      nasty, bigNumber.map(String), fc.string({ unit: 'binary', maxLength: 250 }), fc.uuid(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('57', '2024-01-01', '500', '0', '-1', 'organisation.created'),
    ));
    let baseline = await changeCount();
    for (const role of ['system_admin', 'provincial_officer'] as const) {
      const s = sessions.get(role)!;
      for (const route of reads) {
        const arb = fc.record(Object.fromEntries(route.params.map((p) => [
          `${p.in}:${p.name}`,
          p.in === 'path'
            ? fc.oneof(fc.constant(p.name === 'code' ? '57' : existingFor(route.path)), fc.constantFrom('5701', '99', '0', 'x'.repeat(199)), nasty)
            : fc.option(queryValue(p.name), { nil: undefined }),
        ])) as Record<string, fc.Arbitrary<string | undefined>>);
        await fc.assert(fc.asyncProperty(arb, async (values) => {
          let url = route.path;
          const query = new URLSearchParams();
          for (const [k, v] of Object.entries(values)) {
            const [where, name] = k.split(':') as [string, string];
            // Lone surrogates cannot be percent-encoded; send their replacement character instead.
            if (where === 'path') url = url.replace(`{${name}}`, encodeURIComponent((v ?? '').replace(/[\ud800-\udfff]/g, '\ufffd')));
            else if (v !== undefined) query.set(name, v);
          }
          const full = `${url}${query.size ? `?${query.toString()}` : ''}`;
          const res = await t.as(s, { method: 'GET', url: full });
          const where = `${role} GET ${full.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) expect(ErrorBody.safeParse(res.json()).success, where).toBe(true);
          expect(await changeCount(), `a read changed data: ${where}`).toBe(baseline);
        }), {
          numRuns: Math.ceil(RUNS / 2), endOnFailure: true,
          examples: [[Object.fromEntries(route.params.map((p) => [`${p.in}:${p.name}`,
            p.in === 'path' ? (p.name === 'code' ? '57' : existingFor(route.path)) : p.name === 'cursor' ? Buffer.from('x|y').toString('base64url') : 'a\u0000b']))]],
        });
      }
      baseline = await changeCount();
    }
  }, 600_000);
});
