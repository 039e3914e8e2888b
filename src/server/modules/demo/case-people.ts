import { randomUUID } from 'node:crypto';
import { randomName, type DemoName, type DemoNationality, type Rng } from './names.js';

/**
 * Who the demo's victims are: forms of exploitation as the network meets them in each demo province
 * (HTCDS codes), and the people (names, ages, documents, languages) cast for them. Pure data.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface PersonStory {
  id: string;
  casePersonId: string;
  role: 'victim' | 'guardian' | 'family';
  guardianOf: string | null;
  relationship: string | null;
  name: DemoName;
  otherNames: string | null;
  nationality: DemoNationality;
  gender: string;
  sex: 'female' | 'male';
  birthDate: string | null;
  estimatedAge: number | null;
  languages: string[];
  needsInterpreter: boolean;
  disability: boolean | null;
  vulnerabilities: string[];
  nationalId: string | null;
  document: { type: 'passport' | 'border_pass' | 'pink_card'; number: string } | null;
  phone: string | null;
  address: string | null;
  /** Thai victims: the province they come from (return to domicile). */
  homeProvince: string | null;
  /** Age when trafficked (victims). */
  ageWhenTrafficked: number | null;
  /** case_persons columns of the victim context, clocks and return (plain values; cases.seed.ts encrypts what must be). */
  cp: Record<string, unknown>;
  /** Free text of the identification and the return, encrypted at rest. */
  identificationReasons: string | null;
  travelDocuments: string | null;
  version: number;
}

/** What makePerson needs to know about the place. */
export interface PlaceCast {
  code: string;
  districts: { code: string; nameTh: string }[];
  districtsOf: Map<string, { code: string; nameTh: string }[]>;
  provinceNames: Map<string, string>;
  now: Date;
}


export type ProfileKey = 'fishing' | 'agriculture' | 'manufacturing' | 'domestic' | 'entertainment' | 'online_sexual' | 'begging'
  | 'forced_marriage' | 'construction' | 'scam_compound';

export interface Profile {
  exploitation: string[];
  childExploitation?: string[];
  industry: string | null;
  sexShare: number;
  childShare: number;
  childAges: [number, number];
  group: [number, number];
  means: string[];
  recruitment: string[];
  sexTypes?: string[];
  apps?: string[];
  nationalityBias: Partial<Record<DemoNationality, number>>;
  /** Where the exploitation happened: the case's province unless listed. */
  places?: string[];
  /** Exploited abroad (forced marriage in China, scam compounds across the Tak border). */
  abroad?: string;
  placeTexts: string[];
  indicatorGroups: string[];
}

export const profiles: Record<ProfileKey, Profile> = {
  fishing: {
    exploitation: ['ForcedLabour'], industry: 'A_AgricultureForestryAndFishing', sexShare: 0.05, childShare: 0.1, childAges: [16, 17], group: [1, 3],
    means: ['DebtBondage', 'WithholdsDocuments', 'ExcessiveWorkingHours', 'PhysicalAbuse', 'TakesEarnings', 'PhysicalThreats'],
    recruitment: ['ThroughFriendsOrSocialEvents', 'AtAPlaceOfBusiness', 'ThroughFamilyOrFamilyEvents'],
    nationalityBias: { KHM: 2, THA: 0.6, LAO: 0.5 }, places: ['74', '85', '90'],
    placeTexts: ['เรือประมงพาณิชย์ที่ท่าเทียบเรือ', 'เรือประมงนอกน่านน้ำ', 'แพปลาริมท่าเรือ'], indicatorGroups: ['ilo'],
  },
  agriculture: {
    exploitation: ['ForcedLabour'], childExploitation: ['ChildLabour'], industry: 'A_AgricultureForestryAndFishing', sexShare: 0.5, childShare: 0.2,
    childAges: [12, 17], group: [1, 3], means: ['DebtBondage', 'WithholdsDocuments', 'TakesEarnings', 'ExcessiveWorkingHours', 'WithholdsNecessities'],
    recruitment: ['ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents', 'AtWork'], nationalityBias: {},
    placeTexts: ['ไร่ข้าวโพดบนที่สูง', 'สวนส้ม', 'ไร่อ้อย', 'สวนยางพารา', 'ฟาร์มไก่'], indicatorGroups: ['ilo', 'child'],
  },
  manufacturing: {
    exploitation: ['ForcedLabour'], industry: 'C_Manufacturing', sexShare: 0.65, childShare: 0.15, childAges: [15, 17], group: [1, 3],
    means: ['ExcessiveWorkingHours', 'RestrictsFinancialAccess', 'WithholdsDocuments', 'ThreatsLawEnforcement', 'TakesEarnings'],
    recruitment: ['AtAPlaceOfBusiness', 'ThroughFriendsOrSocialEvents', 'ThroughAnOnlineAdvertisement'], nationalityBias: { MMR: 1.5 },
    placeTexts: ['โรงงานตัดเย็บเสื้อผ้า', 'โรงงานแปรรูปอาหารทะเล', 'ห้องแถวที่ใช้เป็นโรงงาน'], indicatorGroups: ['ilo'],
  },
  domestic: {
    exploitation: ['Servitude', 'ForcedLabour'], industry: 'T_ActivitiesOfHouseholdsAsEmployers', sexShare: 0.95, childShare: 0.3, childAges: [13, 17],
    group: [1, 1], means: ['PhysicalAbuse', 'PsychologicalAbuse', 'WithholdsNecessities', 'TakesEarnings', 'WithholdsDocuments'],
    recruitment: ['ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents'], nationalityBias: { THA: 0.4 }, places: ['10'],
    placeTexts: ['บ้านนายจ้างในหมู่บ้านจัดสรร', 'ทาวน์เฮาส์ของนายจ้าง'], indicatorGroups: ['ilo', 'child'],
  },
  entertainment: {
    exploitation: ['SexualExploitation'], industry: 'I_AccommodationAndFoodServiceActivities', sexShare: 0.95, childShare: 0.45, childAges: [14, 17],
    group: [1, 2], means: ['DebtBondage', 'FalsePromises', 'SexualAbuse', 'PsychoactiveSubstance', 'TakesEarnings', 'PhysicalThreats'],
    recruitment: ['ThroughOnlineSocialNetworks', 'ThroughFriendsOrSocialEvents', 'AtAPlaceOfBusiness'], sexTypes: ['Prostitution'],
    apps: ['Facebook', 'Line', 'WeChat', 'TikTok'], nationalityBias: {},
    placeTexts: ['ร้านคาราโอเกะริมถนน', 'ร้านอาหารที่มีห้องคาราโอเกะ', 'สถานบันเทิงในตัวเมือง'], indicatorGroups: ['sexual', 'ilo', 'child'],
  },
  online_sexual: {
    exploitation: ['SexualExploitation'], industry: 'J_InformationAndCommunication', sexShare: 0.85, childShare: 0.6, childAges: [13, 17], group: [1, 1],
    means: ['PsychologicalAbuse', 'PhysicalThreats', 'FalsePromises', 'ThreatensChildrenFamily'],
    recruitment: ['ThroughOnlineSocialNetworks', 'ThroughAnOnlineAdvertisement'], sexTypes: ['Pornography', 'RemoteInteractiveServices'],
    apps: ['Facebook', 'TikTok', 'Line', 'Telegram', 'Instagram'], nationalityBias: { THA: 5 },
    placeTexts: ['ห้องเช่าที่ใช้ถ่ายทอดสด', 'บ้านของผู้กระทำ'], indicatorGroups: ['sexual', 'child'],
  },
  begging: {
    exploitation: ['ForcedBegging', 'ChildLabour'], industry: null, sexShare: 0.5, childShare: 1, childAges: [6, 13], group: [1, 2],
    means: ['PhysicalThreats', 'TakesEarnings', 'WithholdsNecessities'], recruitment: ['ThroughFamilyOrFamilyEvents', 'Other'],
    nationalityBias: { THA: 0.1, KHM: 2, LAO: 1.5 }, placeTexts: ['ตลาดนัดกลางคืน', 'ย่านท่องเที่ยว', 'สะพานลอยหน้าห้าง'], indicatorGroups: ['child'],
  },
  forced_marriage: {
    exploitation: ['ForcedMarriage'], industry: null, sexShare: 1, childShare: 0.3, childAges: [16, 17], group: [1, 1],
    means: ['FalsePromises', 'SexualAbuse', 'PsychologicalAbuse', 'WithholdsDocuments'], recruitment: ['ThroughFamilyOrFamilyEvents', 'ThroughOnlineSocialNetworks'],
    apps: ['WeChat', 'Facebook'], nationalityBias: { THA: 0.1, LAO: 2 }, abroad: 'CHN', placeTexts: ['บ้านของสามีที่ถูกจัดหาให้'], indicatorGroups: ['sexual'],
  },
  construction: {
    exploitation: ['ForcedLabour'], industry: 'F_Construction', sexShare: 0.1, childShare: 0.05, childAges: [16, 17], group: [1, 2],
    means: ['DebtBondage', 'TakesEarnings', 'WithholdsDocuments', 'ExcessiveWorkingHours'], recruitment: ['ThroughFriendsOrSocialEvents', 'AtWork'],
    nationalityBias: { KHM: 2, THA: 0.3 }, places: ['10', '20'], placeTexts: ['แคมป์คนงานก่อสร้าง', 'ไซต์ก่อสร้างอาคารสูง'], indicatorGroups: ['ilo'],
  },
  scam_compound: {
    exploitation: ['ForcedLabour'], industry: 'J_InformationAndCommunication', sexShare: 0.4, childShare: 0.05, childAges: [17, 17], group: [1, 2],
    means: ['PhysicalAbuse', 'PhysicalThreats', 'DebtBondage', 'WithholdsDocuments', 'FalsePromises', 'ExcessiveWorkingHours'],
    recruitment: ['ThroughAnOnlineAdvertisement', 'ThroughOnlineSocialNetworks'], apps: ['Facebook', 'Telegram', 'Line'],
    nationalityBias: { THA: 4, LAO: 0.5 }, abroad: 'MMR', placeTexts: ['อาคารแก๊งคอลเซ็นเตอร์ฝั่งเมียวดี', 'นิคมที่มีรั้วลวดหนามและยามติดอาวุธ'], indicatorGroups: ['ilo'],
  },
};

export const profileWeights: Record<string, [ProfileKey, number][]> = {
  '57': [['entertainment', 20], ['online_sexual', 8], ['agriculture', 15], ['begging', 10], ['forced_marriage', 8], ['fishing', 10], ['domestic', 8], ['manufacturing', 6], ['scam_compound', 15]],
  '63': [['manufacturing', 18], ['agriculture', 15], ['entertainment', 15], ['scam_compound', 22], ['fishing', 8], ['domestic', 7], ['begging', 5], ['online_sexual', 5], ['forced_marriage', 5]],
  '10': [['domestic', 20], ['construction', 15], ['begging', 15], ['entertainment', 15], ['online_sexual', 10], ['fishing', 10], ['manufacturing', 5], ['scam_compound', 10]],
};
export const nationalityWeights: Record<string, Record<DemoNationality, number>> = {
  '57': { THA: 35, MMR: 35, LAO: 25, KHM: 5 },
  '63': { THA: 20, MMR: 72, LAO: 4, KHM: 4 },
  '10': { THA: 30, MMR: 25, LAO: 20, KHM: 25 },
};

// ---------------------------------------------------------------------------------------- people

export const relationshipsOfGuardian = [['mother', 'female'], ['father', 'male'], ['aunt', 'female'], ['grandmother', 'female'], ['older_brother', 'male']] as const;
export const familyRelationships = [['mother', 'female'], ['sister', 'female'], ['husband', 'male'], ['father', 'male'], ['wife', 'female']] as const;
const thaiNicknames = ['ฝน', 'แป้ง', 'นก', 'ต้น', 'เอ', 'ปุ๊ก', 'แดง', 'เล็ก', 'ดาว', 'มด', 'ตาล', 'บอย'];
const homeProvinces = ['57', '56', '55', '40', '41', '30', '34', '63', '50', '52'];

function thaiNationalId(rng: Rng): string {
  const digits = [rng.int(1, 8)];
  for (let i = 1; i < 12; i++) digits.push(rng.int(0, 9));
  const sum = digits.reduce((s, d, i) => s + d * (13 - i), 0);
  return digits.join('') + String((11 - (sum % 11)) % 10);
}

function documentFor(rng: Rng, nat: DemoNationality): PersonStory['document'] {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  const kind = rng.weighted([['passport', 20], ['pink_card', nat === 'MMR' || nat === 'KHM' || nat === 'LAO' ? 25 : 0], ['border_pass', nat === 'MMR' || nat === 'LAO' ? 15 : 5], ['none', 40]] as const);
  if (kind === 'none') return null;
  if (kind === 'passport') return { type: 'passport', number: `${nat === 'MMR' ? 'M' : nat === 'LAO' ? 'P' : 'N'}${String.fromCharCode(65 + rng.int(0, 25))}${digits(6)}` };
  if (kind === 'pink_card') return { type: 'pink_card', number: `00${digits(11)}` };
  return { type: 'border_pass', number: `BP-${digits(7)}` };
}

export function makePerson(rng: Rng, place: PlaceCast, opts: { role: PersonStory['role']; nationality: DemoNationality; sex: 'female' | 'male'; age: number; guardianOf?: string; relationship?: string }): PersonStory {
  const nat = opts.nationality;
  const thai = nat === 'THA';
  // Half of the Thai adults are known by their ID card's birth date; others (and most migrants) by an estimate.
  const byBirthDate = thai ? rng.chance(0.5) : rng.chance(0.15);
  let birthDate: string | null = null;
  if (byBirthDate) {
    const born = new Date(place.now.getTime() - (opts.age * 365.25 + rng.int(20, 340)) * DAY);
    birthDate = born.toISOString().slice(0, 10);
  }
  const transFem = opts.role === 'victim' && opts.sex === 'female' && opts.age >= 18 && rng.chance(0.04);
  const languages = [nameLanguage(nat, rng)];
  if (!thai && rng.chance(0.3)) languages.push('tha');
  const homeProvince = thai ? (rng.chance(0.5) ? place.code : rng.pick(homeProvinces)) : null;
  const homeDistricts = homeProvince ? (homeProvince === place.code ? place.districts : place.districtsOf.get(homeProvince) ?? []) : [];
  const district = homeDistricts.length ? rng.pick(homeDistricts) : null;
  const provinceName = homeProvince ? place.provinceNames.get(homeProvince) ?? '' : '';
  return {
    id: randomUUID(),
    casePersonId: randomUUID(),
    role: opts.role,
    guardianOf: opts.guardianOf ?? null,
    relationship: opts.relationship ?? null,
    name: randomName(rng, nat, opts.sex),
    otherNames: thai && rng.chance(0.35) ? `ชื่อเล่น ${rng.pick(thaiNicknames)}` : null,
    nationality: nat,
    gender: transFem ? 'TransgenderFeminine' : opts.sex === 'female' ? 'Feminine' : 'Masculine',
    sex: opts.sex,
    birthDate,
    estimatedAge: birthDate ? null : opts.age,
    languages,
    needsInterpreter: !languages.includes('tha'),
    disability: opts.role === 'victim' ? rng.chance(0.05) : null,
    vulnerabilities: opts.role === 'victim' ? vulnerabilitiesFor(rng, nat, opts.age) : [],
    nationalId: thai && rng.chance(0.8) ? thaiNationalId(rng) : null,
    document: thai ? null : documentFor(rng, nat),
    phone: rng.chance(0.3) ? `08${rng.int(1, 9)}-${rng.int(100, 999)}-${rng.int(1000, 9999)}` : null,
    address: thai
      ? `${rng.int(1, 199)} หมู่ ${rng.int(1, 15)}${district ? ` อำเภอ${district.nameTh}` : ''}${provinceName ? ` ${homeProvince === '10' ? '' : 'จังหวัด'}${provinceName}` : ''}`
      : rng.chance(0.4) ? `หมู่บ้านในประเทศ${nat === 'MMR' ? 'เมียนมา' : nat === 'LAO' ? 'ลาว' : 'กัมพูชา'}` : null,
    homeProvince,
    ageWhenTrafficked: null,
    cp: {},
    identificationReasons: null,
    travelDocuments: null,
    version: 1,
  };
}

function nameLanguage(nat: DemoNationality, rng: Rng): string {
  if (nat === 'MMR') return rng.weighted([['mya', 70], ['kar', 20], ['shn', 10]] as const);
  if (nat === 'THA') return rng.weighted([['tha', 90], ['ahk', 5], ['lhu', 5]] as const);
  return nat === 'LAO' ? 'lao' : 'khm';
}

function vulnerabilitiesFor(rng: Rng, nat: DemoNationality, age: number): string[] {
  const out = new Set<string>(['Poverty']);
  if (nat !== 'THA') out.add('Migration');
  if (rng.chance(0.3)) out.add('Education');
  if (rng.chance(0.15)) out.add(age < 18 ? 'AbusePhysical' : 'Addiction');
  if (rng.chance(0.1)) out.add('SocialGroup');
  return [...out];
}

