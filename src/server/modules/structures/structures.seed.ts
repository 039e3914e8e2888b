import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { DataCipher } from '../../platform/crypto.js';
import {
  actionItems, appointmentOrders, borderCentreStaff, borderCentres, committeeMembers, committees, documents, mdtMembers, mdtOnCall, mdts,
  meetingAgendaItems, meetingAttendees, meetingGuests, meetingResolutions, meetings, organisationContacts, organisations, provinces,
  subdistrictCentres, volunteerTrainings, volunteers,
} from '../../db/schema/index.js';
import { partnerSearchText } from '../network/search-text.js';
import { addDays, todayInThailand } from './structures.common.js';

/** Thai names of Bangkok's bodies carry no "จังหวัด" (it is a special administrative area). */
const provinceWord = (code: string) => (code === '10' ? '' : 'จังหวัด');

/** A one-page PDF (the demo's stand-in for a scanned, signed order). */
export function demoPdf(title: string): Buffer {
  const stream = `BT /F1 14 Tf 72 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

interface AgencySpec { key: 'police' | 'social' | 'labour'; th: string; en: string; role: 'police' | 'social_worker' | 'labour' }
const agencies: AgencySpec[] = [
  { key: 'police', th: 'ตำรวจภูธร{w}{p}', en: '{p} Provincial Police', role: 'police' },
  { key: 'social', th: 'สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์{w}{p}', en: '{p} Provincial Social Development and Human Security Office', role: 'social_worker' },
  { key: 'labour', th: 'สำนักงานจัดหางาน{w}{p}', en: '{p} Provincial Employment Office', role: 'labour' },
];
/** Provinces with a team besides the two demo provinces (whose agencies the demo seed already made). */
const mdtProvinces = ['50', '56', '27', '43', '74', '90', '85', '10'];

const givenNames = ['สมศรี', 'วิไล', 'ประยุทธ', 'อำไพ', 'สุนทร', 'บุญเรือน', 'ชาตรี', 'นงลักษณ์', 'ทองคำ', 'จันทร์เพ็ญ', 'เกษม', 'ศรีนวล'];
const familyNames = ['ใจดี', 'มีสุข', 'รักถิ่น', 'สายธาร', 'บุญมา', 'ดอยงาม', 'แสนคำ', 'ทองดี', 'ศรีวงศ์', 'คำปัน', 'อินต๊ะ', 'ปัญญา'];
const personName = (i: number) => `${i % 2 ? 'นาง' : 'นาย'}${givenNames[i % givenNames.length]} ${familyNames[(i * 5 + 3) % familyNames.length]}`;

/**
 * The network's structures for the demo: the national and coordinating committees, a sub-committee for
 * every province (members, an appointment order and a meeting with an overdue action item in Chiang Rai
 * and Tak), teams in ten provinces with two weeks of on-call starting today, the Mae Sot border
 * integration centre with staff from four agencies, three sub-district centres and ten volunteers.
 * Names are fictional. Batched: a few dozen statements in one transaction.
 */
export async function seedDemoStructures(database: Database, cipher: DataCipher, nationalOrgId: string): Promise<void> {
  const today = todayInThailand();
  await database.db.transaction(async (trx) => {
    const allProvinces = await trx.select().from(provinces).orderBy(provinces.code);
    const pName = new Map(allProvinces.map((p) => [p.code.trim(), p]));
    const existing = await trx.select({ id: organisations.id, nameEn: organisations.nameEn, provinceCode: organisations.provinceCode, sector: organisations.sector }).from(organisations);
    const org = (nameEn: string) => {
      const o = existing.find((x) => x.nameEn === nameEn);
      if (!o) throw new Error(`demo organisation missing: ${nameEn}`);
      return o.id;
    };

    // Agencies of the other team provinces (and Tak's immigration checkpoint for the border centre).
    const newOrgs = [
      ...mdtProvinces.flatMap((code) => agencies.map((a) => {
        const p = pName.get(code)!;
        return { key: `${code}.${a.key}`, nameTh: a.th.replace('{w}', provinceWord(code)).replace('{p}', p.nameTh), nameEn: a.en.replace('{p}', p.nameEn), provinceCode: code };
      })),
      { key: '63.immigration', nameTh: 'ด่านตรวจคนเข้าเมืองจังหวัดตาก (แม่สอด)', nameEn: 'Tak Immigration Checkpoint (Mae Sot)', provinceCode: '63' },
    ];
    const inserted = await trx.insert(organisations).values(newOrgs.map((o) => ({
      nameTh: o.nameTh, nameEn: o.nameEn, sector: 'central_government', level: 'province', provinceCode: o.provinceCode, parentId: nationalOrgId,
      searchText: partnerSearchText(o.nameTh, o.nameEn),
    }))).returning({ id: organisations.id });
    const agency = new Map(newOrgs.map((o, i) => [o.key, inserted[i]!.id]));
    // Each provincial police has a duty desk: the on-call answer shows it.
    await trx.insert(organisationContacts).values(mdtProvinces.map((code, i) => ({
      organisationId: agency.get(`${code}.police`)!, name: 'พนักงานสอบสวนเวร', role: 'เวรสอบสวน 24 ชั่วโมง', mobile: `081-100-${String(1000 + i * 7).slice(-4)}`, urgent24h: true,
    })));

    const demo = (code: string, kind: string) => {
      const p = pName.get(code)!.nameEn;
      return org(({
        centre: `${p} Provincial Anti-Trafficking Operation Centre`, police: `${p} Provincial Police`, prosecutor: `${p} Provincial Public Prosecutor Office`,
        shelter: `${p} Children and Family Shelter`, labour: `${p} Provincial Labour Office`, volunteers: `${p} Social Development Volunteers Network`,
      } as Record<string, string>)[kind]!);
    };

    // ------------------------------------------------------------ committees
    const committeeRows = await trx.insert(committees).values([
      { kind: 'national', nameTh: 'คณะกรรมการป้องกันและปราบปรามการค้ามนุษย์ (กปม.)', nameEn: 'National Anti-Trafficking in Persons Committee', secretariatOrganisationId: nationalOrgId },
      { kind: 'coordinating', nameTh: 'คณะกรรมการประสานและกำกับการดำเนินงานป้องกันและปราบปรามการค้ามนุษย์ (ปกค.)', nameEn: 'Anti-Trafficking in Persons Coordinating and Monitoring Committee', secretariatOrganisationId: nationalOrgId },
      ...allProvinces.map((p) => {
        const code = p.code.trim();
        return {
          kind: 'provincial', provinceCode: code,
          nameTh: `คณะอนุกรรมการป้องกันและปราบปรามการค้ามนุษย์${provinceWord(code)}${p.nameTh}`,
          nameEn: `${p.nameEn} Provincial Anti-Trafficking Sub-committee`,
          secretariatOrganisationId: code === '57' || code === '63' ? demo(code, 'centre') : mdtProvinces.includes(code) ? agency.get(`${code}.social`)! : null,
        };
      }),
    ]).returning({ id: committees.id, kind: committees.kind, provinceCode: committees.provinceCode });
    const committeeOf = (code: string) => committeeRows.find((c) => c.provinceCode?.trim() === code)!.id;

    const termStart = '2024-01-01';
    const detail = {
      '57': { order: 'คำสั่งจังหวัดเชียงราย ที่ 1875/2567', place: 'ห้องประชุมศาลากลางจังหวัดเชียงราย' },
      '63': { order: 'คำสั่งจังหวัดตาก ที่ 2210/2567', place: 'ห้องประชุมที่ว่าการอำเภอแม่สอด' },
    } as const;
    const pdfs = (['57', '63'] as const).map((code) => demoPdf(`Appointment order ${code} (demo)`));
    const docs = await trx.insert(documents).values(pdfs.map((bytes, i) => ({
      filename: `appointment-order-${['57', '63'][i]}.pdf`, contentType: 'application/pdf', sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes, uploadedByOrganisationId: nationalOrgId,
    }))).returning({ id: documents.id });

    for (const [i, code] of (['57', '63'] as const).entries()) {
      const committeeId = committeeOf(code);
      const th = pName.get(code)!.nameTh;
      const members = await trx.insert(committeeMembers).values([
        { committeeId, personName: personName(i * 6), position: `ผู้ว่าราชการจังหวัด${th}`, organisationId: null, role: 'chair', termStart, termEnd: '2027-12-31' },
        { committeeId, personName: personName(i * 6 + 1), position: `ผู้บังคับการตำรวจภูธรจังหวัด${th}`, organisationId: demo(code, 'police'), role: 'vice_chair', termStart, termEnd: '2027-12-31' },
        { committeeId, personName: personName(i * 6 + 2), position: `อัยการจังหวัด${th}`, organisationId: demo(code, 'prosecutor'), role: 'member', termStart, termEnd: '2027-12-31' },
        { committeeId, personName: personName(i * 6 + 3), position: `แรงงานจังหวัด${th}`, organisationId: demo(code, 'labour'), role: 'member', termStart, termEnd: '2027-12-31' },
        { committeeId, personName: personName(i * 6 + 4), position: `ผู้อำนวยการบ้านพักเด็กและครอบครัวจังหวัด${th}`, organisationId: demo(code, 'shelter'), role: 'member', termStart, termEnd: null },
        { committeeId, personName: personName(i * 6 + 5), position: `พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด${th}`, organisationId: demo(code, 'centre'), role: 'secretary', termStart, termEnd: null },
      ]).returning({ id: committeeMembers.id });
      await trx.insert(appointmentOrders).values({
        committeeId, orderNumber: detail[code].order, orderDate: '2023-12-15', signedBy: `ผู้ว่าราชการจังหวัด${th}`,
        subject: `แต่งตั้งคณะอนุกรรมการป้องกันและปราบปรามการค้ามนุษย์จังหวัด${th}`, documentId: docs[i]!.id,
      });
      const [meeting] = await trx.insert(meetings).values({
        committeeId, meetingDate: addDays(today, -30), place: detail[code].place, title: `การประชุมคณะอนุกรรมการฯ ครั้งที่ 1/${Number(today.slice(0, 4)) + 543}`,
      }).returning({ id: meetings.id });
      const meetingId = meeting!.id;
      await trx.insert(meetingAgendaItems).values([
        { meetingId, position: 1, title: 'เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ', detail: null },
        { meetingId, position: 2, title: 'รับรองรายงานการประชุมครั้งที่แล้ว', detail: null },
        { meetingId, position: 3, title: 'สถานการณ์การค้ามนุษย์ในพื้นที่และสถิติคดี', detail: 'ศูนย์ปฏิบัติการจังหวัดรายงานรายไตรมาส' },
        { meetingId, position: 4, title: 'แผนการตรวจแรงงานในสถานประกอบการกลุ่มเสี่ยง', detail: null },
      ]);
      await trx.insert(meetingResolutions).values([
        { meetingId, position: 1, text: 'มอบหมายตำรวจภูธรจังหวัดและสำนักงานแรงงานจังหวัดตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกันภายในหนึ่งเดือน' },
        { meetingId, position: 2, text: 'ให้ศูนย์ปฏิบัติการจังหวัดจัดอบรมทีมสหวิชาชีพเรื่องการคัดแยกผู้เสียหาย' },
      ]);
      await trx.insert(meetingAttendees).values(members.slice(0, 5).map((m) => ({ meetingId, memberId: m.id })));
      await trx.insert(meetingGuests).values({ meetingId, organisationId: code === '57' ? org('Chiang Rai Girls Safe Home Foundation') : org('Mae Sot Migrant Assistance Foundation'), personName: null, position: 'ผู้แทนองค์กรพัฒนาเอกชน' });
      await trx.insert(actionItems).values([
        { meetingId, committeeId, text: 'ตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกันและรายงานผล', responsibleOrganisationId: demo(code, 'police'), dueDate: addDays(today, -7), status: 'open' },
        { meetingId, committeeId, text: 'จัดอบรมทีมสหวิชาชีพเรื่องการคัดแยกผู้เสียหาย', responsibleOrganisationId: demo(code, 'centre'), dueDate: addDays(today, 21), status: 'in_progress' },
        { meetingId, committeeId, text: 'ส่งสถิติคดีไตรมาสล่าสุดให้ฝ่ายเลขานุการ', responsibleOrganisationId: demo(code, 'prosecutor'), dueDate: addDays(today, -14), status: 'done', completedAt: new Date(Date.parse(`${addDays(today, -16)}T10:00:00+07:00`)) },
      ]);
    }

    // ------------------------------------------------------------ border integration centre
    const [maeSot] = await trx.insert(borderCentres).values({
      nameTh: 'ศูนย์บูรณาการชายแดนแม่สอด', nameEn: 'Mae Sot Border Integration Centre', provinceCode: '63', districtCode: '6306',
      organisationId: org('Mae Sot Border Integration Centre'), address: 'อำเภอแม่สอด จังหวัดตาก',
    }).returning({ id: borderCentres.id });
    await trx.insert(borderCentreStaff).values([
      { centreId: maeSot!.id, personName: 'ร.ต.อ. ประเสริฐ ชายแดน', homeOrganisationId: demo('63', 'police'), role: 'พนักงานสอบสวน', fromDate: '2024-10-01', toDate: null },
      { centreId: maeSot!.id, personName: 'นางสาวรัตนา ใจกว้าง', homeOrganisationId: demo('63', 'centre'), role: 'นักสังคมสงเคราะห์', fromDate: '2024-10-01', toDate: null },
      { centreId: maeSot!.id, personName: 'นายอนันต์ ตรวจการ', homeOrganisationId: demo('63', 'labour'), role: 'พนักงานตรวจแรงงาน', fromDate: '2025-01-15', toDate: null },
      { centreId: maeSot!.id, personName: 'ส.ต.ท. วีรพล เขตแดน', homeOrganisationId: agency.get('63.immigration')!, role: 'เจ้าหน้าที่ตรวจคนเข้าเมือง', fromDate: '2024-10-01', toDate: null },
      { centreId: maeSot!.id, personName: 'นายสมบัติ เคยอยู่', homeOrganisationId: demo('63', 'labour'), role: 'พนักงานตรวจแรงงาน', fromDate: '2023-06-01', toDate: '2024-12-31' },
    ]);

    // ------------------------------------------------------------ multidisciplinary teams
    const teamSpecs: { code: string; centre?: string; members: { org: string; role: string }[] }[] = [
      { code: '57', members: [
        { org: demo('57', 'police'), role: 'police' }, { org: demo('57', 'centre'), role: 'social_worker' }, { org: demo('57', 'labour'), role: 'labour' },
        { org: demo('57', 'prosecutor'), role: 'prosecutor' }, { org: org('Chiangrai Prachanukroh Hospital'), role: 'health' }, { org: org('Chiang Rai Girls Safe Home Foundation'), role: 'ngo' },
      ] },
      { code: '63', centre: maeSot!.id, members: [
        { org: demo('63', 'police'), role: 'police' }, { org: demo('63', 'centre'), role: 'social_worker' }, { org: agency.get('63.immigration')!, role: 'immigration' },
        { org: demo('63', 'labour'), role: 'labour' }, { org: demo('63', 'prosecutor'), role: 'prosecutor' }, { org: org('Mae Sot Migrant Assistance Foundation'), role: 'ngo' },
      ] },
      ...mdtProvinces.map((code) => {
        // The province's first non-governmental partner in the directory, if any, joins as the NGO seat.
        const local = existing.filter((o) => o.provinceCode?.trim() === code && o.sector !== 'central_government').slice(0, 1);
        return {
          code, members: [
            { org: agency.get(`${code}.police`)!, role: 'police' }, { org: agency.get(`${code}.social`)!, role: 'social_worker' },
            { org: agency.get(`${code}.labour`)!, role: 'labour' }, ...local.map((o) => ({ org: o.id, role: 'ngo' })),
          ],
        };
      }),
    ];
    const teamRows = await trx.insert(mdts).values(teamSpecs.map((s) => {
      const p = pName.get(s.code)!;
      return {
        nameTh: s.centre ? 'ทีมสหวิชาชีพศูนย์บูรณาการชายแดนแม่สอด' : `ทีมสหวิชาชีพ${provinceWord(s.code)}${p.nameTh}`,
        nameEn: s.centre ? 'Mae Sot Border Multidisciplinary Team' : `${p.nameEn} Multidisciplinary Team`,
        provinceCode: s.code, borderCentreId: s.centre ?? null,
        coordinatorOrganisationId: s.code === '57' || s.code === '63' ? demo(s.code, 'centre') : agency.get(`${s.code}.social`)!,
      };
    })).returning({ id: mdts.id });
    let n = 0;
    const memberValues = teamSpecs.flatMap((s, t) => s.members.map((m) => ({ mdtId: teamRows[t]!.id, personName: personName(++n + 20), organisationId: m.org, role: m.role })));
    const memberRowsOut = await trx.insert(mdtMembers).values(memberValues).returning({ id: mdtMembers.id, mdtId: mdtMembers.mdtId });
    // Two weeks from today: each day a police officer or social worker first, and one more in rotation.
    const onCall = teamRows.flatMap((team) => {
      const ms = memberRowsOut.filter((m) => m.mdtId === team.id);
      return Array.from({ length: 14 }, (_, d) => {
        const first = ms[d % 2]!;
        const second = ms[2 + (d % (ms.length - 2))]!;
        return [{ mdtId: team.id, onDate: addDays(today, d), memberId: first.id }, { mdtId: team.id, onDate: addDays(today, d), memberId: second.id }];
      }).flat();
    });
    await trx.insert(mdtOnCall).values(onCall);

    // ------------------------------------------------------------ sub-district centres and volunteers
    await trx.insert(subdistrictCentres).values([
      { subdistrictCode: '630604', districtCode: '6306', provinceCode: '63', nameTh: 'ศูนย์ข้อมูลการค้ามนุษย์ตำบลแม่ตาว', nameEn: 'Mae Tao Sub-district Information Centre', leaderName: 'นายจอนิ โอโดเชา', leaderPhoneEnc: cipher.encrypt('089-000-6304') },
      { subdistrictCode: '570901', districtCode: '5709', provinceCode: '57', nameTh: 'ศูนย์ข้อมูลการค้ามนุษย์ตำบลแม่สาย', nameEn: 'Mae Sai Sub-district Information Centre', leaderName: 'นางบัวคำ ใจเย็น', leaderPhoneEnc: cipher.encrypt('089-000-5709') },
      { subdistrictCode: '570801', districtCode: '5708', provinceCode: '57', nameTh: 'ศูนย์ข้อมูลการค้ามนุษย์ตำบลเวียง (เชียงแสน)', nameEn: 'Wiang (Chiang Saen) Sub-district Information Centre', leaderName: 'นายคำแสง ริมโขง', leaderPhoneEnc: cipher.encrypt('089-000-5708') },
    ]);
    const areas = [
      ['57', '5709', '570901'], ['57', '5709', '570902'], ['57', '5708', '570801'], ['57', '5701', '570101'], ['57', '5701', '570103'],
      ['63', '6306', '630601'], ['63', '6306', '630604'], ['63', '6306', '630605'], ['63', '6306', '630602'], ['63', '6306', '630603'],
    ] as const;
    const vRows = await trx.insert(volunteers).values(areas.map(([p, d, s], i) => ({
      name: personName(i + 40), provinceCode: p, districtCode: d, subdistrictCode: s, phoneEnc: cipher.encrypt(`08${i % 2 ? 6 : 9}-${String(200 + i).padStart(3, '0')}-${p}${String(10 + i)}`),
      organisationId: demo(p, 'volunteers'), active: i !== 4,
    }))).returning({ id: volunteers.id });
    await trx.insert(volunteerTrainings).values(vRows.flatMap((v, i) => [
      { volunteerId: v.id, name: 'หลักสูตรการเฝ้าระวังและแจ้งเหตุการค้ามนุษย์สำหรับ อพม.', completedOn: '2024-03-15' },
      ...(i % 3 === 0 ? [{ volunteerId: v.id, name: 'การคุ้มครองเด็กและสตรีในชุมชนชายแดน', completedOn: '2024-08-20' }] : []),
    ]));
  });
}
