/**
 * Fictional people for the demo and the benchmarks: given and family names of the four nationalities
 * the network meets most (Thai, Burmese, Lao, Khmer), each in Thai script (as Thai officials write
 * them) with a Latin transliteration. Burmese names have no family name; the last part is recorded
 * as one because Thai forms ask for it, which is what first responders do.
 */
export const demoNationalities = ['THA', 'MMR', 'LAO', 'KHM'] as const;
export type DemoNationality = (typeof demoNationalities)[number];

/** [Thai script, Latin] */
type Name = readonly [th: string, latin: string];

interface NameBook {
  female: readonly Name[];
  male: readonly Name[];
  /** Family names (for Burmese, the last part of the name) by sex. */
  familyFemale: readonly Name[];
  familyMale: readonly Name[];
  /** ISO 639-3 code of the usual first language. */
  language: string;
}

const thaiFamily: Name[] = [
  ['ใจดี', 'Jaidee'], ['ศรีสุข', 'Srisuk'], ['บุญมา', 'Boonma'], ['แสงทอง', 'Saengthong'], ['ทองดี', 'Thongdee'],
  ['สุขสวัสดิ์', 'Suksawat'], ['วงศ์ใหญ่', 'Wongyai'], ['คำแก้ว', 'Khamkaew'], ['ปัญญาดี', 'Panyadee'], ['ศรีวงศ์', 'Sriwong'],
  ['อินต๊ะ', 'Inta'], ['ดวงดี', 'Duangdee'], ['มีสุข', 'Meesuk'], ['รักษ์ไทย', 'Rakthai'], ['แก้วมณี', 'Kaewmanee'],
  ['จันทร์หอม', 'Chanhom'], ['พรหมมา', 'Phromma'], ['สายทอง', 'Saithong'], ['เรืองศรี', 'Ruangsri'], ['ชัยมงคล', 'Chaimongkhon'],
  ['ปัญญาวงศ์', 'Panyawong'], ['คำมา', 'Khamma'], ['เสาร์แก้ว', 'Saokaew'], ['ยอดคำ', 'Yodkham'], ['แซ่ลี้', 'Saelee'],
  ['แซ่หมู่', 'Saemu'], ['จะพอ', 'Japo'], ['เลายะ', 'Laoya'], ['นาคสวัสดิ์', 'Naksawat'], ['ธรรมวงศ์', 'Thammawong'],
];

const laoFamily: Name[] = [
  ['พมมะจัน', 'Phommachanh'], ['สีสุวัน', 'Sisouvanh'], ['แก้วมะนี', 'Keomany'], ['วงสา', 'Vongsa'], ['สุวันนะวง', 'Souvannavong'],
  ['อินทะวง', 'Inthavong'], ['จันทะวง', 'Chanthavong'], ['เพ็ดสมพู', 'Phetsomphou'], ['ดวงมาลา', 'Douangmala'], ['ไซยะวง', 'Sayavong'],
  ['คุนนะวง', 'Khounnavong'], ['หลวงลาด', 'Luangrath'], ['พมวิหาน', 'Phomvihane'], ['แสงสะหว่าง', 'Sengsavang'], ['ทำมะวง', 'Thammavong'],
  ['สีหาลาด', 'Sihalath'], ['พันทะวง', 'Phanthavong'], ['ราชะวง', 'Rasavong'], ['บุบผา', 'Bouppha'], ['มะนีวง', 'Manivong'],
];
const khmerFamily: Name[] = [
  ['สุข', 'Sok'], ['จันทร์', 'Chan'], ['คิม', 'Kim'], ['เฮง', 'Heng'], ['เจีย', 'Chea'], ['ลี', 'Ly'], ['เมียส', 'Meas'], ['ผัน', 'Phan'],
  ['แก้ว', 'Keo'], ['เญม', 'Nhem'], ['อุก', 'Ouk'], ['เพ็ชร', 'Pich'], ['สาม', 'Sam'], ['ทุจ', 'Touch'], ['ยิม', 'Yim'], ['เสง', 'Seng'],
  ['โสม', 'Som'], ['ปรัก', 'Prak'], ['เตียง', 'Tieng'], ['หุน', 'Hun'],
];

export const nameBooks: Record<DemoNationality, NameBook> = {
  THA: {
    language: 'tha',
    female: [
      ['สมศรี', 'Somsri'], ['มาลัย', 'Malai'], ['กาญจนา', 'Kanchana'], ['ศิริพร', 'Siriporn'], ['อรุณี', 'Arunee'], ['พิมพ์ใจ', 'Pimjai'],
      ['นภา', 'Napha'], ['วันเพ็ญ', 'Wanphen'], ['สุดารัตน์', 'Sudarat'], ['จันทร์เพ็ญ', 'Chanphen'], ['ปราณี', 'Pranee'], ['ดวงใจ', 'Duangjai'],
      ['อัญชลี', 'Anchalee'], ['บุษบา', 'Busaba'], ['รัตนา', 'Rattana'], ['ณัฐธิดา', 'Natthida'], ['กนกวรรณ', 'Kanokwan'], ['ชนิดา', 'Chanida'],
      ['ปิยะดา', 'Piyada'], ['เพ็ญศรี', 'Pensri'], ['มะลิ', 'Mali'], ['น้ำฝน', 'Namfon'], ['ฟ้าใส', 'Fasai'], ['อาหมี่', 'Ami'],
      ['หมี่จู', 'Mijoo'], ['นาหมี่', 'Nami'], ['สุภาพร', 'Supaporn'], ['ลำดวน', 'Lamduan'], ['ทิพวรรณ', 'Thipphawan'], ['เกศินี', 'Kesinee'],
    ],
    male: [
      ['สมชาย', 'Somchai'], ['ประเสริฐ', 'Prasert'], ['วิชัย', 'Wichai'], ['สมปอง', 'Sompong'], ['บุญมี', 'Boonmee'], ['อนุชา', 'Anucha'],
      ['ธนากร', 'Thanakorn'], ['สุรชัย', 'Surachai'], ['กิตติพงษ์', 'Kittiphong'], ['ชัยวัฒน์', 'Chaiwat'], ['ณัฐพล', 'Nattaphon'], ['อภิชาติ', 'Aphichat'],
      ['เอกชัย', 'Ekkachai'], ['ศักดิ์ชัย', 'Sakchai'], ['ปรีชา', 'Preecha'], ['ธีรวัฒน์', 'Theerawat'], ['จักรพันธ์', 'Chakkraphan'], ['วีระ', 'Weera'],
      ['สมบัติ', 'Sombat'], ['พงศกร', 'Phongsakorn'], ['อาจา', 'Aja'], ['จะแฮ', 'Jahae'], ['ยอดชาย', 'Yotchai'], ['ภานุวัฒน์', 'Phanuwat'],
      ['ศุภชัย', 'Supachai'], ['บุญเรือง', 'Boonruang'], ['สายัณห์', 'Sayan'], ['ทองใบ', 'Thongbai'], ['คำปัน', 'Khampan'], ['ไพโรจน์', 'Phairot'],
    ],
    familyFemale: thaiFamily,
    familyMale: thaiFamily,
  },
  MMR: {
    language: 'mya',
    female: [
      ['ขิ่น', 'Khin'], ['หนิ่น', 'Hnin'], ['ซู', 'Su'], ['ทิน', 'Thin'], ['เอ', 'Ei'], ['นเว', 'Nwe'], ['เม', 'May'], ['พยู', 'Phyu'],
      ['โม', 'Moe'], ['ซิน', 'Zin'], ['เอเอ', 'Aye Aye'], ['ยิน', 'Yin'], ['เมียะ', 'Mya'], ['ไหว่', 'Wai'], ['ตีรี', 'Thiri'],
      ['ซานดา', 'Sanda'], ['โชโช', 'Cho Cho'], ['หน่อพอ', 'Naw Paw'], ['หน่อเอ', 'Naw Eh'], ['มอ', 'Mo'], ['ขิ่นเมียะ', 'Khin Mya'],
      ['นันดา', 'Nandar'], ['ทีดา', 'Thida'], ['ยาดานา', 'Yadanar'], ['เต็ด', 'Htet'],
    ],
    male: [
      ['อ่อง', 'Aung'], ['จ่อ', 'Kyaw'], ['ซอ', 'Zaw'], ['มิน', 'Min'], ['เท็ต', 'Htet'], ['โก', 'Ko'], ['หน่าย', 'Naing'], ['ตูรา', 'Thura'],
      ['เมียว', 'Myo'], ['โซ', 'Soe'], ['ตุน', 'Tun'], ['วิน', 'Win'], ['หล่า', 'Hla'], ['เย', 'Ye'], ['เพียว', 'Phyo'], ['ซอเอ', 'Saw Eh'],
      ['ซอเลอ', 'Saw Ler'], ['หม่อง', 'Maung'], ['จ่อจ่อ', 'Kyaw Kyaw'], ['ทุนทุน', 'Tun Tun'], ['ซายยะ', 'Sai Ya'], ['ซายหอม', 'Sai Hom'],
      ['ออง', 'Ong'], ['ยาน', 'Yan'], ['เนียน', 'Nyan'],
    ],
    familyFemale: [
      ['ตันดา', 'Thandar'], ['ไหว่', 'Wai'], ['เมียต', 'Myat'], ['นิลา', 'Nilar'], ['พยู', 'Phyu'], ['มอน', 'Mon'], ['เอ', 'Ei'],
      ['ยาดะนา', 'Yadanar'], ['ทิดา', 'Thida'], ['ซันดา', 'Sandar'], ['เท็ต', 'Htet'], ['ซา', 'Zar'], ['ลวิน', 'Lwin'], ['นันดา', 'Nandar'],
      ['ขาย', 'Khaing'], ['ทู', 'Htoo'], ['มู', 'Moo'], ['เส่', 'Say'], ['วา', 'Wah'], ['ซเว', 'Swe'], ['มาร์', 'Mar'], ['อู', 'Oo'],
    ],
    familyMale: [
      ['มิน', 'Min'], ['ทุน', 'Htun'], ['อู', 'Oo'], ['หน่าย', 'Naing'], ['ลิน', 'Lin'], ['อ่อง', 'Aung'], ['โซ', 'Soe'], ['ตู', 'Thu'],
      ['ซอ', 'Zaw'], ['มยิ้น', 'Myint'], ['วิน', 'Win'], ['จ่อ', 'Kyaw'], ['ทาย', 'Htike'], ['ไปง์', 'Paing'], ['ลัต', 'Latt'],
      ['ทู', 'Htoo'], ['เต', 'Htay'], ['หม่อง', 'Maung'], ['เลวิน', 'Lwin'], ['ไหน่', 'Hnin'], ['จี', 'Gyi'], ['ซาน', 'San'],
    ],
  },
  LAO: {
    language: 'lao',
    female: [
      ['คำหล้า', 'Khamla'], ['บัววัน', 'Bouavanh'], ['น้อย', 'Noy'], ['วานิดา', 'Vanida'], ['มณีวัน', 'Manivanh'], ['สุกสะหวัน', 'Souksavanh'],
      ['เพ็ดสะหมอน', 'Phetsamone'], ['แก้ว', 'Keo'], ['ลัดสะหมี', 'Latsamy'], ['จันทะลี', 'Chanthaly'], ['ดาลาวัน', 'Dalavanh'], ['สุพาพอน', 'Souphaphone'],
      ['เวียงคำ', 'Viengkham'], ['ดอกไม้', 'Dokmai'], ['พอนทิบ', 'Phonthip'], ['อาลี', 'Aly'], ['ทิพพะวัน', 'Thippavanh'], ['วิลัยพอน', 'Vilayphone'],
      ['สีดา', 'Sida'], ['นาลี', 'Naly'], ['คำแพง', 'Khampheng'], ['บุนยัง', 'Bounyang'], ['มะลิวัน', 'Malivanh'], ['จันสุดา', 'Chansouda'],
    ],
    male: [
      ['บุนมี', 'Bounmy'], ['สมสัก', 'Somsack'], ['คำพูย', 'Khamphouy'], ['สุกสะหวาด', 'Souksavath'], ['พุดทะสอน', 'Phoutthasone'], ['วิไล', 'Vilay'],
      ['คำสิง', 'Khamsing'], ['บุนทัน', 'Bounthanh'], ['แสงเพ็ด', 'Sengphet'], ['ทองจัน', 'Thongchanh'], ['วันไซ', 'Vanxay'], ['สมพอน', 'Somphone'],
      ['พอนสะหวัน', 'Phonesavanh'], ['สีสุก', 'Sisouk'], ['คำแสง', 'Khamsaeng'], ['ไซสะหนา', 'Xaysana'], ['บุนเหลือ', 'Bounleua'], ['อานุสอน', 'Anousone'],
      ['ทะวีสัก', 'Thavisack'], ['สุลิยา', 'Souliya'], ['แสงอาลุน', 'Sengaloun'], ['คำตัน', 'Khamtanh'], ['พูมี', 'Phoumy'], ['สีพัน', 'Siphanh'],
    ],
    familyFemale: laoFamily,
    familyMale: laoFamily,
  },
  KHM: {
    language: 'khm',
    female: [
      ['สรีมม', 'Sreymom'], ['จันนารี', 'Channary'], ['โสเพีย', 'Sophea'], ['บุปผา', 'Bopha'], ['กัญญา', 'Kanha'], ['สรีปอฟ', 'Sreypov'],
      ['รัชนา', 'Rachana'], ['โสเภียบ', 'Sopheap'], ['ธิดา', 'Thida'], ['ลีกขณา', 'Leakhena'], ['เมียเลีย', 'Mealea'], ['เจนดา', 'Chenda'],
      ['โสคนเธีย', 'Sokunthea'], ['สรีนิจ', 'Sreynich'], ['ดาวี', 'Davy'], ['สรีเลียก', 'Sreyleak'], ['วันนี', 'Vanny'], ['โสภัณ', 'Sophan'],
      ['ปิสัย', 'Pisey'], ['จันธู', 'Chanthou'], ['ราวี', 'Ravy'], ['โสไลน์', 'Soline'], ['มาลิส', 'Malis'], ['นารี', 'Nary'],
    ],
    male: [
      ['สุขา', 'Sokha'], ['วุฒิ', 'Vuthy'], ['ฤทธี', 'Rithy'], ['ดารา', 'Dara'], ['โสภาล', 'Sophal'], ['วรรณัก', 'Vannak'],
      ['จันทา', 'Chantha'], ['บุนเธือน', 'Bunthoeun'], ['โสวรรณ', 'Sovann'], ['โกศล', 'Kosal'], ['พิเสฐ', 'Piseth'], ['สามนาง', 'Samnang'],
      ['เวียสนา', 'Veasna'], ['รัตนา', 'Rathana'], ['โสเภียก', 'Sopheak'], ['เจือน', 'Chhoeun'], ['สาเรือน', 'Sareoun'], ['มกรา', 'Makara'],
      ['สุเพียป', 'Sopheap'], ['วิเชต', 'Vichet'], ['สุทธี', 'Sothy'], ['บรเรือน', 'Borin'], ['เฮง', 'Heng'], ['สมบัติ', 'Sambath'],
    ],
    familyFemale: khmerFamily,
    familyMale: khmerFamily,
  },
};


/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same demo on every start. */
export interface Rng {
  /** [0, 1) */
  next(): number;
  int(min: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(xs: readonly (readonly [T, number])[]): T;
  /** k distinct items. */
  sample<T>(xs: readonly T[], k: number): T[];
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    weighted: (xs) => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of xs) {
        if ((r -= w) < 0) return v;
      }
      return xs[xs.length - 1]![0];
    },
    sample: (xs, k) => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, k);
    },
  };
}

export interface DemoName {
  /** Thai script. */
  givenName: string;
  familyName: string;
  /** Latin transliteration, given name first. */
  latinName: string;
}

export function randomName(rng: Rng, nationality: DemoNationality, sex: 'female' | 'male'): DemoName {
  const book = nameBooks[nationality];
  const [gth, glat] = rng.pick(sex === 'female' ? book.female : book.male);
  const [fth, flat] = rng.pick(sex === 'female' ? book.familyFemale : book.familyMale);
  return { givenName: gth, familyName: fth, latinName: `${glat} ${flat}` };
}

/** Every name a book can produce (given × family), for the benchmark's pool of searchable names. */
export function allNames(nationality: DemoNationality, sex: 'female' | 'male'): DemoName[] {
  const book = nameBooks[nationality];
  const out: DemoName[] = [];
  for (const [gth, glat] of sex === 'female' ? book.female : book.male) {
    for (const [fth, flat] of sex === 'female' ? book.familyFemale : book.familyMale) out.push({ givenName: gth, familyName: fth, latinName: `${glat} ${flat}` });
  }
  return out;
}

/** A plausible misspelling (one letter dropped, doubled or swapped with its neighbour), as typed by someone who heard the name. */
export function misspell(rng: Rng, name: string): string {
  const chars = [...name];
  const positions = chars.map((c, i) => (c === ' ' ? -1 : i)).filter((i) => i > 0);
  if (positions.length === 0) return name;
  const i = rng.pick(positions);
  const kind = rng.int(0, 2);
  if (kind === 0) chars.splice(i, 1);
  else if (kind === 1) chars.splice(i, 0, chars[i]!);
  else if (i + 1 < chars.length && chars[i + 1] !== ' ') [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else chars.splice(i, 1);
  return chars.join('');
}
