import { eq, sql } from 'drizzle-orm';
import { randomBytes, randomInt } from 'node:crypto';
import { roles as roleDefs, type RoleName } from '../../../contracts/access.js';
import type { Database } from '../../db/client.js';
import { organisations, persons, settings, userRoles, users } from '../../db/schema/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import { hashPassword } from '../../platform/auth/password.js';
import { newTotpSecret } from '../../platform/auth/totp.js';
import { writeAudit } from '../../platform/audit.js';
import { createReportService } from '../reports/reports.service.js';
import { seedDemoNetwork } from '../network/network.seed.js';
import { seedDemoStructures } from '../structures/structures.seed.js';
import { seedDemoCases } from './cases.seed.js';

export interface DemoLogin {
  role: RoleName;
  username: string;
  password: string;
  organisationId: string;
  provinceCode: string | null;
  totpSecret: string | null;
}

const SEEDED_KEY = 'demo_seeded';

type OrgKey = 'centre' | 'police' | 'prosecutor' | 'shelter' | 'volunteers' | 'labour';

/**
 * Two provinces on the northern border, where the seed study found much of the network's work, and
 * Bangkok with only a centre and a shelter: a third province whose users must not see the others' cases.
 */
const demoProvinces: { code: string; slug: string; th: string; en: string; orgs?: OrgKey[] }[] = [
  { code: '57', slug: 'cri', th: 'เชียงราย', en: 'Chiang Rai' },
  { code: '63', slug: 'tak', th: 'ตาก', en: 'Tak' },
  { code: '10', slug: 'bkk', th: 'กรุงเทพมหานคร', en: 'Bangkok', orgs: ['centre', 'shelter'] },
];
/** Bangkok is not a จังหวัด (it is a special administrative area): its bodies' Thai names carry no "จังหวัด". */
const thaiOf = (template: string, p: { code: string; th: string }) => template.replace('จังหวัด{p}', p.code === '10' ? p.th : `จังหวัด${p.th}`).replace('{p}', p.th);
const provincialOrgs: Record<OrgKey, { th: string; en: string; sector: string; roles: RoleName[] }> = {
  centre: { th: 'ศูนย์ปฏิบัติการป้องกันและปราบปรามการค้ามนุษย์จังหวัด{p}', en: '{p} Provincial Anti-Trafficking Operation Centre', sector: 'central_government', roles: ['provincial_officer', 'mdt_member'] },
  police: { th: 'ตำรวจภูธรจังหวัด{p}', en: '{p} Provincial Police', sector: 'central_government', roles: ['investigator'] },
  prosecutor: { th: 'สำนักงานอัยการจังหวัด{p}', en: '{p} Provincial Public Prosecutor Office', sector: 'central_government', roles: ['prosecutor'] },
  shelter: { th: 'บ้านพักเด็กและครอบครัวจังหวัด{p}', en: '{p} Children and Family Shelter', sector: 'central_government', roles: ['service_provider'] },
  volunteers: { th: 'เครือข่ายอาสาสมัครพัฒนาสังคม (อพม.) จังหวัด{p}', en: '{p} Social Development Volunteers Network', sector: 'community', roles: ['community_volunteer'] },
  labour: { th: 'สำนักงานแรงงานจังหวัด{p}', en: '{p} Provincial Labour Office', sector: 'central_government', roles: ['partner_system'] },
};

const roleSlug: Record<RoleName, string> = {
  system_admin: 'admin', national_analyst: 'analyst', provincial_officer: 'officer', mdt_member: 'mdt',
  service_provider: 'shelter', investigator: 'police', prosecutor: 'prosecutor', community_volunteer: 'volunteer',
  partner_system: 'partner',
};

function demoPassword(): string {
  // 16 random characters: never on a common-password list.
  return randomBytes(12).toString('base64url');
}

/** A random valid Thai national ID (check digit per DOPA); demo people are fictional. */
export function randomThaiNationalId(): string {
  const digits = [randomInt(1, 9)];
  for (let i = 1; i < 12; i++) digits.push(randomInt(0, 10));
  const sum = digits.reduce((s, d, i) => s + d * (13 - i), 0);
  return digits.join('') + String((11 - (sum % 11)) % 10);
}

export async function isDemoSeeded(database: Database): Promise<boolean> {
  const rows = await database.db.select().from(settings).where(eq(settings.key, SEEDED_KEY)).limit(1);
  return rows.length > 0;
}

/** Demo accounts exist only in demo mode: outside it they cannot sign in. */
export async function setDemoUsersActive(database: Database, active: boolean): Promise<void> {
  await database.db.update(users).set({ active }).where(eq(users.isDemo, true));
}

export async function seedDemo(database: Database, cipher: DataCipher): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  const pending: { role: RoleName; username: string; password: string; orgId: string; province: string | null; displayName: string }[] = [];
  const db = database.db;
  let nationalOrgId = '';
  await db.transaction(async (trx) => {
    const [national] = await trx.insert(organisations).values({
      nameTh: 'กองต่อต้านการค้ามนุษย์ กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์',
      nameEn: 'Anti-Trafficking in Persons Division, Ministry of Social Development and Human Security',
      sector: 'central_government', level: 'national', provinceCode: null,
    }).returning();
    for (const role of ['system_admin', 'national_analyst'] as const) {
      pending.push({ role, username: `demo.${roleSlug[role]}`, password: demoPassword(), orgId: national!.id, province: null, displayName: `${roleDefs[role].labelTh} (สาธิต)` });
    }
    for (const p of demoProvinces) {
      for (const [key, o] of Object.entries(provincialOrgs)) {
        if (p.orgs && !p.orgs.includes(key as OrgKey)) continue;
        const [org] = await trx.insert(organisations).values({
          nameTh: thaiOf(o.th, p), nameEn: o.en.replace('{p}', p.en), sector: o.sector, level: 'province',
          provinceCode: p.code, parentId: national!.id,
        }).returning();
        for (const role of o.roles) {
          pending.push({ role, username: `${p.slug}.${roleSlug[role]}`, password: demoPassword(), orgId: org!.id, province: p.code, displayName: `${roleDefs[role].labelTh} ${p.th} (สาธิต)` });
        }
        if (o.roles.includes('provincial_officer')) {
          const people = [
            { given: 'มะลิ', family: 'สายใจ', sex: 'female', age: 14, nat: 'MMR' },
            { given: 'Aye', family: 'Thandar', sex: 'female', age: 19, nat: 'MMR' },
            { given: 'สมปอง', family: 'ดีงาม', sex: 'male', age: 16, nat: 'THA' },
          ];
          for (const x of people) {
            await trx.insert(persons).values({
              organisationId: org!.id, provinceCode: p.code,
              givenNameEnc: cipher.encrypt(x.given), familyNameEnc: cipher.encrypt(x.family),
              ...(x.nat === 'THA' ? (() => { const nid = randomThaiNationalId(); return { nationalIdEnc: cipher.encrypt(nid), nationalIdIndex: cipher.blindIndex('thai-national-id', nid) }; })() : {}),
              sex: x.sex, estimatedAge: x.age, nationality: x.nat,
            });
          }
        }
      }
    }
    await trx.insert(settings).values({ key: SEEDED_KEY, value: sql`to_jsonb(now())` });
    nationalOrgId = national!.id;
  });
  await seedDemoNetwork(database, nationalOrgId);
  await seedDemoStructures(database, cipher, nationalOrgId);
  // argon2 outside the transaction: the hashes are slow and PGlite has one connection.
  for (const u of pending) {
    const needsMfa = roleDefs[u.role].requiresMfa;
    const totpSecret = needsMfa ? newTotpSecret() : null;
    const [row] = await db.insert(users).values({
      organisationId: u.orgId, username: u.username, displayName: u.displayName, passwordHash: await hashPassword(u.password),
      isDemo: true, totpSecretEnc: totpSecret ? cipher.encrypt(totpSecret) : null, totpEnabledAt: totpSecret ? new Date() : null,
    }).returning({ id: users.id });
    await db.insert(userRoles).values({ userId: row!.id, role: u.role });
    logins.push({ role: u.role, username: u.username, password: u.password, organisationId: u.orgId, provinceCode: u.province, totpSecret });
  }
  await writeAudit(db, { actor: null, requestId: 'seed-demo' }, { action: 'user.created', details: { demoUsers: logins.length } });
  await seedDemoReports(database, cipher, logins);
  await seedDemoCases(database, cipher);
  return logins;
}

/** One line per login: `<role> <username> <password> <organisation-id> <province-code or -> [totp-secret]`. */
export function formatDemoLogins(logins: DemoLogin[]): string {
  return logins
    .map((l) => [l.role, l.username, l.password, l.organisationId, l.provinceCode ?? '-', ...(l.totpSecret ? [l.totpSecret] : [])].join(' '))
    .join('\n') + '\n';
}

/** A few reports in each demo province's queue (and one of unknown province), through the real intake rules. */
async function seedDemoReports(database: Database, cipher: DataCipher, logins: DemoLogin[]): Promise<void> {
  const reportsService = createReportService({ database, cipher, config: { secureCookies: false, production: false } });
  const samples: { province: string | null; channel: 'hotline_1300' | 'volunteer' | 'police' | 'labour_inspection' | 'ngo'; description: string; extra?: Record<string, unknown> }[] = [
    { province: '63', channel: 'hotline_1300', description: 'ผู้โทรแจ้งว่ามีเด็กหญิงชาวเมียนมาอายุประมาณ 14 ปี ถูกพามาทำงานในร้านคาราโอเกะในอำเภอแม่สอด และไม่ได้รับอนุญาตให้ออกไปไหน', extra: { districtCode: '6306', approxAge: 14, childrenInvolved: 'yes', immediateDanger: true, nationality: 'MMR', sexOfPeople: 'female', peopleCount: 1 } },
    { province: '63', channel: 'volunteer', description: 'อพม. พบแรงงานข้ามชาติกลุ่มใหญ่พักอยู่ในโกดังใกล้ชายแดน นายจ้างยึดบัตรประจำตัวไว้ทั้งหมด', extra: { peopleCount: 12, nationality: 'MMR', sexOfPeople: 'mixed' } },
    { province: '63', channel: 'labour_inspection', description: 'Labour inspection found workers in a garment workshop who say they owe the recruiter three months of wages.', extra: { districtCode: '6306', peopleCount: 6, sexOfPeople: 'female' } },
    { province: '57', channel: 'police', description: 'มีชายพาเด็กชายชาวลาวสองคนมาขอทานที่ตลาดไนท์บาซาร์ทุกคืน ผู้ใหญ่คอยเก็บเงินไป', extra: { childrenInvolved: 'yes', nationality: 'LAO', sexOfPeople: 'male', peopleCount: 2, approxAge: 9 } },
    { province: '57', channel: 'ngo', description: 'องค์กรพัฒนาเอกชนได้รับแจ้งว่ามีการชักชวนหญิงสาวในหมู่บ้านไปทำงานนวดที่ต่างประเทศ โดยให้กู้เงินค่าเดินทางล่วงหน้า', extra: { sexOfPeople: 'female', peopleCount: 4 } },
    { province: null, channel: 'hotline_1300', description: 'ผู้โทรไม่ทราบจังหวัด แจ้งว่าญาติถูกหลอกไปทำงานบนเรือประมงและติดต่อไม่ได้มาสองเดือน', extra: { sexOfPeople: 'male', peopleCount: 1 } },
  ];
  for (const sample of samples) {
    const recorder = logins.find((l) => l.role === 'provincial_officer' && l.provinceCode === (sample.province ?? '63'))!;
    const actor = {
      kind: 'user' as const, userId: null, tokenId: null, sessionId: null, organisationId: recorder.organisationId,
      provinceCode: recorder.provinceCode, roles: ['provincial_officer' as const], permissions: new Set<never>(), scope: 'province' as const,
    };
    await reportsService.createStaff(actor, {
      channel: sample.channel, description: sample.description, provinceCode: sample.province, language: 'th',
      sexOfPeople: 'unknown', childrenInvolved: 'unknown', immediateDanger: false, ...sample.extra,
    } as never, { actor: null, requestId: 'seed-demo' });
  }
}
