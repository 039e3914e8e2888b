import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { organisationAreas, organisationContacts, organisationServices, organisations } from '../../db/schema/index.js';
import { partnerSearchText } from './search-text.js';

type Svc = Partial<typeof organisationServices.$inferInsert> & { service: string };
interface DemoPartner {
  th: string;
  en: string;
  sector: string;
  level: string;
  province: string | null;
  districts?: string[];
  measures: string[];
  address?: string;
  services: Svc[];
  contact: { name: string; role: string; mobile: string; line?: string; urgent: boolean };
}

const girls = { acceptsSexes: ['female'], minAge: 0, maxAge: 17 };
const boys = { acceptsSexes: ['male'], minAge: 0, maxAge: 17 };
const women = { acceptsSexes: ['female'], minAge: 18 };
const beds = (total: number, free: number) => ({ capacityTotal: total, capacityFree: free, capacityUpdatedAt: new Date() });

/**
 * A demo network across the north, the borders and the south. Names are fictional or generic;
 * the Chiang Rai example of issue 3 (a 14-year-old Burmese-speaking girl needing shelter tonight)
 * has a match: the girls' shelter in Chiang Rai with Burmese-speaking staff and free beds.
 */
const partners: DemoPartner[] = [
  { th: 'มูลนิธิบ้านพักพิงเด็กหญิงเชียงราย', en: 'Chiang Rai Girls Safe Home Foundation', sector: 'ngo', level: 'province', province: '57', districts: ['5701'], measures: ['protection', 'prevention'],
    address: 'อำเภอเมืองเชียงราย จังหวัดเชียงราย', services: [
      { service: 'shelter', ...girls, ...beds(24, 3), available24h: true, languages: ['tha', 'mya', 'shn'], hours: '24 ชั่วโมง' },
      { service: 'psychosocial_support', ...girls, languages: ['tha', 'mya'] },
      { service: 'education', ...girls, languages: ['tha'] }],
    contact: { name: 'นางสาวอรุณี ใจมั่น', role: 'ผู้จัดการบ้านพัก', mobile: '081-000-5701', line: 'safehome.cr', urgent: true } },
  { th: 'บ้านพักเด็กชายแม่สาย', en: 'Mae Sai Boys Shelter', sector: 'ngo', level: 'district', province: '57', districts: ['5705'], measures: ['protection'],
    services: [{ service: 'shelter', ...boys, ...beds(16, 0), languages: ['tha', 'lao'] }, { service: 'vocational_training', ...boys }],
    contact: { name: 'นายสมชาย รักษ์ดี', role: 'หัวหน้าบ้าน', mobile: '081-000-5705', urgent: true } },
  { th: 'ศูนย์ล่ามภาษาชาติพันธุ์ภาคเหนือ', en: 'Northern Ethnic Languages Interpreters Centre', sector: 'community', level: 'province', province: '57', measures: ['protection', 'prosecution'],
    services: [{ service: 'interpretation', languages: ['mya', 'shn', 'kar', 'lao', 'ahk', 'lhu'], available24h: true }],
    contact: { name: 'นายจะอื่อ มาเยอะ', role: 'ผู้ประสานงานล่าม', mobile: '081-000-5799', urgent: true } },
  { th: 'โรงพยาบาลเชียงรายประชานุเคราะห์', en: 'Chiangrai Prachanukroh Hospital', sector: 'central_government', level: 'province', province: '57', districts: ['5701'], measures: ['protection'],
    services: [{ service: 'medical_care', available24h: true, languages: ['tha', 'eng'] }, { service: 'psychological_rehabilitation' }],
    contact: { name: 'ศูนย์พึ่งได้ (OSCC)', role: 'ศูนย์ช่วยเหลือสังคม', mobile: '053-000-000', urgent: true } },
  { th: 'สภาทนายความ สาขาเชียงราย', en: 'Lawyers Council, Chiang Rai branch', sector: 'ngo', level: 'province', province: '57', measures: ['prosecution', 'protection'],
    services: [{ service: 'legal_assistance', languages: ['tha'] }],
    contact: { name: 'นายวีระ ยุติธรรม', role: 'ทนายความอาสา', mobile: '081-000-5710', urgent: false } },
  { th: 'มูลนิธิช่วยเหลือแรงงานข้ามชาติแม่สอด', en: 'Mae Sot Migrant Assistance Foundation', sector: 'ngo', level: 'district', province: '63', districts: ['6306'], measures: ['protection', 'prevention', 'partnership'],
    services: [{ service: 'shelter', ...women, ...beds(20, 6), languages: ['mya', 'kar', 'tha'] }, { service: 'interpretation', languages: ['mya', 'kar', 'shn'] }, { service: 'legal_assistance', languages: ['mya', 'tha'] }],
    contact: { name: 'Naw Eh Moo', role: 'Case coordinator', mobile: '081-000-6306', line: 'mmaf.maesot', urgent: true } },
  { th: 'ศูนย์บูรณาการชายแดนแม่สอด', en: 'Mae Sot Border Integration Centre', sector: 'central_government', level: 'district', province: '63', districts: ['6306'], measures: ['protection', 'prosecution', 'partnership'],
    services: [{ service: 'victim_identification', available24h: true, languages: ['tha', 'mya', 'kar'] }, { service: 'repatriation', nationalities: ['MMR'] }, { service: 'investigation' }],
    contact: { name: 'ร.ต.อ. ประเสริฐ ชายแดน', role: 'หัวหน้าเวร', mobile: '081-000-6300', urgent: true } },
  { th: 'บ้านพักเด็กและครอบครัวจังหวัดตาก (เรือนเด็กหญิง)', en: 'Tak Children Home — girls\' house', sector: 'central_government', level: 'province', province: '63', measures: ['protection'],
    services: [{ service: 'shelter', ...girls, ...beds(12, 2), languages: ['tha', 'kar'] }, { service: 'recreation', ...girls }],
    contact: { name: 'นางมาลัย อบอุ่น', role: 'นักสังคมสงเคราะห์', mobile: '081-000-6310', urgent: true } },
  { th: 'มูลนิธิพัฒนาเด็กและสตรีพะเยา', en: 'Phayao Women and Children Development Foundation', sector: 'ngo', level: 'province', province: '56', measures: ['prevention', 'protection'],
    services: [{ service: 'shelter', ...girls, ...beds(10, 4), languages: ['tha', 'mya'] }, { service: 'reintegration_support' }],
    contact: { name: 'นางสาวพิมพ์ใจ ดวงดี', role: 'ผู้อำนวยการ', mobile: '081-000-5601', urgent: true } },
  { th: 'บ้านพักพิงสตรีเชียงใหม่', en: 'Chiang Mai Women\'s Shelter', sector: 'ngo', level: 'province', province: '50', measures: ['protection'],
    services: [{ service: 'shelter', ...women, ...beds(30, 8), languages: ['tha', 'mya', 'shn', 'eng'] }, { service: 'vocational_training', ...women }],
    contact: { name: 'Ms. Ploy Suksan', role: 'Shelter manager', mobile: '081-000-5001', urgent: true } },
  { th: 'องค์การระหว่างประเทศเพื่อการโยกย้ายถิ่นฐาน สำนักงานประเทศไทย', en: 'International migration organisation, Thailand office', sector: 'international_organisation', level: 'international', province: null, measures: ['protection', 'partnership'],
    services: [{ service: 'repatriation', nationalities: ['MMR', 'LAO', 'KHM', 'VNM'] }, { service: 'reintegration_support' }],
    contact: { name: 'Repatriation desk', role: 'Duty officer', mobile: '02-000-0001', urgent: true } },
  { th: 'สายด่วน 1300 ศูนย์ช่วยเหลือสังคม', en: '1300 Social Assistance Hotline', sector: 'central_government', level: 'national', province: null, measures: ['protection', 'prevention'],
    services: [{ service: 'victim_identification', available24h: true, languages: ['tha', 'eng', 'mya', 'lao', 'khm'] }],
    contact: { name: 'ศูนย์ช่วยเหลือสังคม สายด่วน 1300', role: 'เจ้าหน้าที่เวร', mobile: '1300', urgent: true } },
  { th: 'บ้านพักเด็กและครอบครัวจังหวัดสระแก้ว', en: 'Sa Kaeo Children and Family Shelter', sector: 'central_government', level: 'province', province: '27', measures: ['protection'],
    services: [{ service: 'shelter', minAge: 0, maxAge: 17, ...beds(20, 5), languages: ['tha', 'khm'] }, { service: 'interpretation', languages: ['khm'] }],
    contact: { name: 'นางสาวศิริพร แก้วใส', role: 'นักสังคมสงเคราะห์', mobile: '081-000-2701', urgent: true } },
  { th: 'ศูนย์คุ้มครองคนไร้ที่พึ่งหนองคาย', en: 'Nong Khai Protection Centre', sector: 'central_government', level: 'province', province: '43', measures: ['protection'],
    services: [{ service: 'shelter', ...beds(40, 12), languages: ['tha', 'lao'] }, { service: 'repatriation', nationalities: ['LAO'] }],
    contact: { name: 'นายบุญมี ริมโขง', role: 'หัวหน้าศูนย์', mobile: '081-000-4301', urgent: true } },
  { th: 'มูลนิธิเพื่อสิทธิแรงงานประมงสมุทรสาคร', en: 'Samut Sakhon Fishers\' Rights Foundation', sector: 'ngo', level: 'province', province: '74', measures: ['protection', 'prosecution'],
    services: [{ service: 'legal_assistance', languages: ['mya', 'khm', 'tha'] }, { service: 'interpretation', languages: ['mya', 'khm'] }, { service: 'labour_inspection' }],
    contact: { name: 'Ko Zaw Min', role: 'Outreach', mobile: '081-000-7401', urgent: false } },
  { th: 'สำนักงานสวัสดิการและคุ้มครองแรงงานจังหวัดสมุทรสาคร', en: 'Samut Sakhon Labour Protection and Welfare Office', sector: 'central_government', level: 'province', province: '74', measures: ['prevention', 'prosecution'],
    services: [{ service: 'labour_inspection' }, { service: 'victim_identification' }],
    contact: { name: 'นางวรรณา ตรวจตรา', role: 'พนักงานตรวจแรงงาน', mobile: '081-000-7410', urgent: false } },
  { th: 'บ้านพักเด็กและครอบครัวจังหวัดสงขลา', en: 'Songkhla Children and Family Shelter', sector: 'central_government', level: 'province', province: '90', measures: ['protection'],
    services: [{ service: 'shelter', minAge: 0, maxAge: 17, ...beds(18, 1), languages: ['tha', 'msa'] }],
    contact: { name: 'นายอาหมัด สันติ', role: 'นักสังคมสงเคราะห์', mobile: '081-000-9001', urgent: true } },
  { th: 'เครือข่ายประมงพื้นบ้านระนอง', en: 'Ranong Artisanal Fishers Network', sector: 'community', level: 'province', province: '85', measures: ['prevention', 'partnership'],
    services: [{ service: 'interpretation', languages: ['mya'] }, { service: 'reintegration_support' }],
    contact: { name: 'นายสมหวัง ทะเลงาม', role: 'ประธานเครือข่าย', mobile: '081-000-8501', urgent: false } },
  { th: 'มูลนิธิพิทักษ์สิทธิสตรีกรุงเทพ', en: 'Bangkok Women\'s Rights Foundation', sector: 'ngo', level: 'province', province: '10', measures: ['protection', 'policy'],
    services: [{ service: 'shelter', ...women, ...beds(25, 7), languages: ['tha', 'eng', 'lao', 'khm', 'vie'] }, { service: 'legal_assistance', ...women }, { service: 'psychological_rehabilitation', ...women }],
    contact: { name: 'Khun Dao Ruangrit', role: 'Director', mobile: '081-000-1001', urgent: true } },
  { th: 'บริษัท ตัวอย่างอาหารทะเล จำกัด (โครงการแรงงานเป็นธรรม)', en: 'Example Seafood Co., Ltd. (fair labour programme)', sector: 'private_business', level: 'province', province: '74', measures: ['prevention', 'partnership'],
    services: [{ service: 'vocational_training' }, { service: 'reintegration_support' }],
    contact: { name: 'Ms. Jane Worth', role: 'Sustainability lead', mobile: '081-000-7499', urgent: false } },
  { th: 'องค์การบริหารส่วนตำบลแม่ปะ', en: 'Mae Pa Subdistrict Administrative Organisation', sector: 'local_government', level: 'subdistrict', province: '63', districts: ['6306'], measures: ['prevention'],
    services: [{ service: 'education' }, { service: 'recreation' }],
    contact: { name: 'นายก อบต. แม่ปะ', role: 'นายก อบต.', mobile: '081-000-6399', urgent: false } },
  { th: 'สถานีตำรวจภูธรเชียงแสน', en: 'Chiang Saen Police Station', sector: 'central_government', level: 'district', province: '57', districts: ['5709'], measures: ['prosecution'],
    services: [{ service: 'investigation', available24h: true }, { service: 'victim_identification', available24h: true }],
    contact: { name: 'ร.ต.ท. วิชัย ลุ่มโขง', role: 'พนักงานสอบสวน', mobile: '081-000-5709', urgent: true } },
];

/** Services and contacts for the demo network; also fills search text for every organisation. */
export async function seedDemoNetwork(database: Database, nationalId: string): Promise<void> {
  const db = database.db;
  await db.transaction(async (trx) => {
    for (const p of partners) {
      const [org] = await trx.insert(organisations).values({
        nameTh: p.th, nameEn: p.en, sector: p.sector, level: p.level, provinceCode: p.province, measures: p.measures,
        address: p.address ?? null, parentId: p.level === 'national' || p.level === 'international' ? null : nationalId,
      }).returning({ id: organisations.id });
      for (const d of p.districts ?? []) await trx.insert(organisationAreas).values({ organisationId: org!.id, provinceCode: d.slice(0, 2), districtCode: d });
      for (const s of p.services) await trx.insert(organisationServices).values({ ...s, organisationId: org!.id });
      await trx.insert(organisationContacts).values({
        organisationId: org!.id, name: p.contact.name, role: p.contact.role, mobile: p.contact.mobile, lineId: p.contact.line ?? null, urgent24h: p.contact.urgent,
      });
    }
    for (const o of await trx.select({ id: organisations.id, nameTh: organisations.nameTh, nameEn: organisations.nameEn }).from(organisations)) {
      await trx.update(organisations).set({ searchText: partnerSearchText(o.nameTh, o.nameEn) }).where(eq(organisations.id, o.id));
    }
  });
}
