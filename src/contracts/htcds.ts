import { z } from 'zod';

/**
 * HTCDS v2.0 value sets (../shared/standards/htcds-fields.tsv): value names are the codes Phakhi
 * stores and exchanges; Thai labels sit beside the English ones for screens and exports.
 */
type Labels<T extends string> = Record<T, { th: string; en: string }>;

function valueSet<const T extends readonly [string, ...string[]]>(values: T, labels: Labels<T[number]>) {
  return { values, schema: z.enum(values), labels };
}

export const gender = valueSet(
  ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'],
  {
    Feminine: { th: 'หญิง', en: 'Female' },
    Masculine: { th: 'ชาย', en: 'Male' },
    TransgenderFeminine: { th: 'หญิงข้ามเพศ', en: 'Transgender female' },
    TransgenderMasculine: { th: 'ชายข้ามเพศ', en: 'Transgender male' },
    NonConforming: { th: 'ไม่ระบุตามเพศกำเนิด', en: 'Gender non-conforming' },
    NonSpecifiedUnknown: { th: 'ไม่ทราบ / ไม่ระบุ', en: 'Not specified / unknown' },
  },
);

export const traffickingStatus = valueSet(
  ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'],
  {
    PossibleVictimOfTrafficking: { th: 'ผู้ที่อาจเป็นผู้เสียหาย', en: 'Possible victim of trafficking' },
    ActualVictimOfTrafficking: { th: 'ผู้เสียหายจากการค้ามนุษย์', en: 'Victim of trafficking' },
    NotAVictimOfTrafficking: { th: 'ไม่ใช่ผู้เสียหาย', en: 'Not a victim of trafficking' },
  },
);

export const decisionOrgType = valueSet(
  ['Police', 'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization', 'Other'],
  {
    Police: { th: 'ตำรวจ', en: 'Police' },
    NGO: { th: 'องค์กรพัฒนาเอกชน', en: 'NGO' },
    CourtOrProsecution: { th: 'ศาลหรืออัยการ', en: 'Court or prosecution' },
    NonPoliceGovernmentalOrganization: { th: 'หน่วยงานรัฐที่ไม่ใช่ตำรวจ', en: 'Non-police government organisation' },
    Other: { th: 'อื่น ๆ', en: 'Other' },
  },
);

export const relationshipToTrafficker = valueSet(['Familial', 'Acquainted', 'Unaquainted'], {
  Familial: { th: 'ญาติหรือครอบครัว', en: 'Family' },
  Acquainted: { th: 'คนรู้จัก', en: 'Acquainted' },
  Unaquainted: { th: 'ไม่รู้จักกันมาก่อน', en: 'Not acquainted' },
});

const appLabels = {
  Facebook: { th: 'เฟซบุ๊ก', en: 'Facebook' }, Instagram: { th: 'อินสตาแกรม', en: 'Instagram' },
  WhatsApp: { th: 'วอตส์แอป', en: 'WhatsApp' }, Telegram: { th: 'เทเลแกรม', en: 'Telegram' },
  FacebookMessenger: { th: 'เมสเซนเจอร์', en: 'Facebook Messenger' }, Viber: { th: 'ไวเบอร์', en: 'Viber' },
  SnapChat: { th: 'สแนปแชต', en: 'Snapchat' }, Line: { th: 'ไลน์', en: 'LINE' }, '4Sale': { th: '4Sale', en: '4Sale' },
  WeChat: { th: 'วีแชต', en: 'WeChat' }, QQ: { th: 'QQ', en: 'QQ' }, QZone: { th: 'QZone', en: 'QZone' },
  TikTok: { th: 'ติ๊กต็อก', en: 'TikTok' }, Twitter: { th: 'เอ็กซ์ (ทวิตเตอร์)', en: 'X (Twitter)' }, Other: { th: 'อื่น ๆ', en: 'Other' },
} as const;
export const apps = valueSet(
  ['Facebook', 'Instagram', 'WhatsApp', 'Telegram', 'FacebookMessenger', 'Viber', 'SnapChat', 'Line', '4Sale', 'WeChat', 'QQ', 'QZone', 'TikTok', 'Twitter', 'Other'],
  appLabels,
);

export const recruitmentMethod = valueSet(
  ['AtAPlaceOfBusiness', 'AtAnEducationalInstitution', 'AtWork', 'ThroughOnlineSocialNetworks', 'ThroughAnOnlineAdvertisement',
    'ThroughATelevisionAdvert', 'ThroughANewspaperAdvert', 'ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents', 'Other'],
  {
    AtAPlaceOfBusiness: { th: 'ที่สถานประกอบการ', en: 'At a place of business' },
    AtAnEducationalInstitution: { th: 'ที่สถานศึกษา', en: 'At an educational institution' },
    AtWork: { th: 'ที่ทำงาน', en: 'At work' },
    ThroughOnlineSocialNetworks: { th: 'ผ่านสื่อสังคมออนไลน์', en: 'Through online social networks' },
    ThroughAnOnlineAdvertisement: { th: 'ผ่านโฆษณาออนไลน์', en: 'Through an online advertisement' },
    ThroughATelevisionAdvert: { th: 'ผ่านโฆษณาทางโทรทัศน์', en: 'Through a television advert' },
    ThroughANewspaperAdvert: { th: 'ผ่านโฆษณาในหนังสือพิมพ์', en: 'Through a newspaper advert' },
    ThroughFamilyOrFamilyEvents: { th: 'ผ่านครอบครัวหรืองานของครอบครัว', en: 'Through family or family events' },
    ThroughFriendsOrSocialEvents: { th: 'ผ่านเพื่อนหรืองานสังสรรค์', en: 'Through friends or social events' },
    Other: { th: 'อื่น ๆ', en: 'Other' },
  },
);

export const meansOfControl = valueSet(
  ['PhysicalThreats', 'ThreatsLawEnforcement', 'ThreatensChildrenFamily', 'DebtBondage', 'FalsePromises', 'PhysicalAbuse', 'SexualAbuse',
    'TakesEarnings', 'RestrictsFinancialAccess', 'RestrictsMedicalCare', 'WithholdsNecessities', 'PsychologicalAbuse', 'PsychoactiveSubstance',
    'ExcessiveWorkingHours', 'WithholdsDocuments', 'Other'],
  {
    PhysicalThreats: { th: 'ข่มขู่ทำร้ายร่างกาย', en: 'Physical threats' },
    ThreatsLawEnforcement: { th: 'ขู่ว่าจะแจ้งเจ้าหน้าที่', en: 'Threats of law enforcement' },
    ThreatensChildrenFamily: { th: 'ข่มขู่บุตรหรือครอบครัว', en: 'Threatens children or family' },
    DebtBondage: { th: 'การผูกมัดด้วยหนี้', en: 'Debt bondage' },
    FalsePromises: { th: 'ให้คำมั่นสัญญาอันเป็นเท็จ', en: 'False promises' },
    PhysicalAbuse: { th: 'ทำร้ายร่างกาย', en: 'Physical abuse' },
    SexualAbuse: { th: 'ล่วงละเมิดทางเพศ', en: 'Sexual abuse' },
    TakesEarnings: { th: 'ยึดรายได้', en: 'Takes earnings' },
    RestrictsFinancialAccess: { th: 'จำกัดการเข้าถึงเงิน', en: 'Restricts financial access' },
    RestrictsMedicalCare: { th: 'จำกัดการรักษาพยาบาล', en: 'Restricts medical care' },
    WithholdsNecessities: { th: 'ไม่ให้ปัจจัยที่จำเป็น', en: 'Withholds necessities' },
    PsychologicalAbuse: { th: 'ทำร้ายจิตใจ', en: 'Psychological abuse' },
    PsychoactiveSubstance: { th: 'ใช้สารเสพติดหรือแอลกอฮอล์', en: 'Psychoactive substances' },
    ExcessiveWorkingHours: { th: 'ทำงานเกินเวลา', en: 'Excessive working hours' },
    WithholdsDocuments: { th: 'ยึดเอกสาร', en: 'Withholds documents' },
    Other: { th: 'อื่น ๆ', en: 'Other' },
  },
);

export const exploitationType = valueSet(
  ['ForcedLabour', 'SexualExploitation', 'ChildLabour', 'ForcedMarriage', 'Servitude', 'ForcedMilitaryByNonStateActors', 'OrganRemoval',
    'ForcedBegging', 'ForcedAdoption', 'Surrogacy', 'Other'],
  {
    ForcedLabour: { th: 'การบังคับใช้แรงงาน', en: 'Forced labour' },
    SexualExploitation: { th: 'การแสวงประโยชน์ทางเพศ', en: 'Sexual exploitation' },
    ChildLabour: { th: 'การใช้แรงงานเด็ก', en: 'Child labour' },
    ForcedMarriage: { th: 'การบังคับแต่งงาน', en: 'Forced marriage' },
    Servitude: { th: 'การเอาคนลงเป็นทาส / ทาสรับใช้', en: 'Servitude' },
    ForcedMilitaryByNonStateActors: { th: 'การบังคับเป็นทหารโดยกลุ่มติดอาวุธ', en: 'Forced military service by non-state actors' },
    OrganRemoval: { th: 'การตัดอวัยวะเพื่อการค้า', en: 'Organ removal' },
    ForcedBegging: { th: 'การบังคับให้ขอทาน', en: 'Forced begging' },
    ForcedAdoption: { th: 'การบังคับรับบุตรบุญธรรม', en: 'Forced adoption' },
    Surrogacy: { th: 'การรับตั้งครรภ์แทน', en: 'Surrogacy' },
    Other: { th: 'อื่น ๆ', en: 'Other' },
  },
);

export const industry = valueSet(
  ['A_AgricultureForestryAndFishing', 'B_MiningAndQuarrying', 'C_Manufacturing', 'D_ElectricityGasSteamAndAirConditioningSupply',
    'E_WaterSupplySewerageWasteManagement', 'F_Construction', 'G_WholesaleAndRetailTradeRepairOfMotorVehicles', 'H_TransportationAndStorage',
    'I_AccommodationAndFoodServiceActivities', 'J_InformationAndCommunication', 'K_FinancialAndInsuranceActivities', 'L_RealEstateActivities',
    'M_ProfessionalScientificAndTechnicalActivities', 'N_AdministrativeAndSupportServiceActivities', 'O_PublicAdministrationAndDefence',
    'P_Education', 'Q_HumanHealthAndSocialWorkActivities', 'R_ArtsEntertainmentAndRecreation', 'S_OtherServiceActivities',
    'T_ActivitiesOfHouseholdsAsEmployers', 'U_ActivitiesOfExtraterritorialOrganizations'],
  {
    A_AgricultureForestryAndFishing: { th: 'เกษตรกรรม ป่าไม้ และประมง', en: 'Agriculture, forestry and fishing' },
    B_MiningAndQuarrying: { th: 'การทำเหมืองแร่และเหมืองหิน', en: 'Mining and quarrying' },
    C_Manufacturing: { th: 'การผลิต', en: 'Manufacturing' },
    D_ElectricityGasSteamAndAirConditioningSupply: { th: 'ไฟฟ้า ก๊าซ ไอน้ำ และระบบปรับอากาศ', en: 'Electricity, gas, steam and air conditioning' },
    E_WaterSupplySewerageWasteManagement: { th: 'การจัดหาน้ำ การจัดการน้ำเสียและของเสีย', en: 'Water supply, sewerage and waste management' },
    F_Construction: { th: 'การก่อสร้าง', en: 'Construction' },
    G_WholesaleAndRetailTradeRepairOfMotorVehicles: { th: 'การขายส่งและขายปลีก การซ่อมยานยนต์', en: 'Wholesale and retail trade; vehicle repair' },
    H_TransportationAndStorage: { th: 'การขนส่งและสถานที่เก็บสินค้า', en: 'Transportation and storage' },
    I_AccommodationAndFoodServiceActivities: { th: 'ที่พักแรมและบริการด้านอาหาร', en: 'Accommodation and food service' },
    J_InformationAndCommunication: { th: 'ข้อมูลข่าวสารและการสื่อสาร', en: 'Information and communication' },
    K_FinancialAndInsuranceActivities: { th: 'การเงินและการประกันภัย', en: 'Financial and insurance activities' },
    L_RealEstateActivities: { th: 'อสังหาริมทรัพย์', en: 'Real estate' },
    M_ProfessionalScientificAndTechnicalActivities: { th: 'วิชาชีพ วิทยาศาสตร์ และเทคนิค', en: 'Professional, scientific and technical' },
    N_AdministrativeAndSupportServiceActivities: { th: 'การบริหารและบริการสนับสนุน', en: 'Administrative and support services' },
    O_PublicAdministrationAndDefence: { th: 'การบริหารราชการและการป้องกันประเทศ', en: 'Public administration and defence' },
    P_Education: { th: 'การศึกษา', en: 'Education' },
    Q_HumanHealthAndSocialWorkActivities: { th: 'สุขภาพและงานสังคมสงเคราะห์', en: 'Human health and social work' },
    R_ArtsEntertainmentAndRecreation: { th: 'ศิลปะ ความบันเทิง และนันทนาการ', en: 'Arts, entertainment and recreation' },
    S_OtherServiceActivities: { th: 'กิจกรรมบริการอื่น ๆ', en: 'Other service activities' },
    T_ActivitiesOfHouseholdsAsEmployers: { th: 'การจ้างงานในครัวเรือน (งานบ้าน)', en: 'Households as employers (domestic work)' },
    U_ActivitiesOfExtraterritorialOrganizations: { th: 'องค์การระหว่างประเทศ', en: 'Extraterritorial organisations' },
  },
);

export const sexExploitationType = valueSet(['Prostitution', 'Pornography', 'RemoteInteractiveServices', 'PrivateSexualServices'], {
  Prostitution: { th: 'การค้าประเวณี', en: 'Prostitution' },
  Pornography: { th: 'สื่อลามก', en: 'Pornography' },
  RemoteInteractiveServices: { th: 'การแสดงทางเพศผ่านออนไลน์', en: 'Remote interactive services' },
  PrivateSexualServices: { th: 'บริการทางเพศส่วนตัว', en: 'Private sexual services' },
});

export const vulnerability = valueSet(
  ['Addiction', 'SocialGroup', 'Discrimination', 'Poverty', 'DisabilityAndPhysicalHealth', 'MentalHealth', 'Migration', 'Homelessness',
    'AbuseSocialMedia', 'AbusePhysical', 'Education', 'WorkEnvironment'],
  {
    Addiction: { th: 'การติดสารเสพติด', en: 'Addiction' },
    SocialGroup: { th: 'กลุ่มทางสังคม / ชาติพันธุ์', en: 'Social group' },
    Discrimination: { th: 'การเลือกปฏิบัติ', en: 'Discrimination' },
    Poverty: { th: 'ความยากจน', en: 'Poverty' },
    DisabilityAndPhysicalHealth: { th: 'ความพิการหรือปัญหาสุขภาพกาย', en: 'Disability and physical health' },
    MentalHealth: { th: 'สุขภาพจิต', en: 'Mental health' },
    Migration: { th: 'การย้ายถิ่น', en: 'Migration' },
    Homelessness: { th: 'ไร้ที่อยู่อาศัย', en: 'Homelessness' },
    AbuseSocialMedia: { th: 'ถูกล่วงละเมิดทางสื่อสังคมออนไลน์', en: 'Abuse on social media' },
    AbusePhysical: { th: 'เคยถูกทำร้ายร่างกาย', en: 'Physical abuse' },
    Education: { th: 'การศึกษาน้อย', en: 'Education' },
    WorkEnvironment: { th: 'สภาพแวดล้อมการทำงาน', en: 'Work environment' },
  },
);

export const caseStatus = valueSet(['Active', 'FollowUp', 'Closed', 'ClosedReferred'], {
  Active: { th: 'กำลังดำเนินการ', en: 'Active' },
  FollowUp: { th: 'ติดตามผล', en: 'Follow-up' },
  Closed: { th: 'ปิดแล้ว', en: 'Closed' },
  ClosedReferred: { th: 'ปิด (ส่งต่อแล้ว)', en: 'Closed (referred)' },
});

export const referralReason = valueSet(['AdditionalServicesRequired', 'MigrationOrChangeOfLocation', 'Other'], {
  AdditionalServicesRequired: { th: 'ต้องการบริการเพิ่มเติม', en: 'Additional services required' },
  MigrationOrChangeOfLocation: { th: 'ย้ายถิ่นหรือเปลี่ยนที่อยู่', en: 'Migration or change of location' },
  Other: { th: 'อื่น ๆ', en: 'Other' },
});

export const eventType = valueSet(['Recruitment', 'Transit', 'Exploitation'], {
  Recruitment: { th: 'การจัดหา', en: 'Recruitment' },
  Transit: { th: 'การขนส่ง / ผ่านแดน', en: 'Transit' },
  Exploitation: { th: 'การแสวงประโยชน์', en: 'Exploitation' },
});

export const supportPlanType = valueSet(
  ['Education', 'Financial', 'Health', 'LabourExploitationRehabilitation', 'Legal', 'Livelihood', 'RightsBasedTraining',
    'SexualExploitationRehabilitation', 'SocialCare'],
  {
    Education: { th: 'การศึกษา', en: 'Education' },
    Financial: { th: 'การเงิน', en: 'Financial' },
    Health: { th: 'สุขภาพ', en: 'Health' },
    LabourExploitationRehabilitation: { th: 'ฟื้นฟูจากการแสวงประโยชน์ด้านแรงงาน', en: 'Labour exploitation rehabilitation' },
    Legal: { th: 'กฎหมาย', en: 'Legal' },
    Livelihood: { th: 'การประกอบอาชีพ', en: 'Livelihood' },
    RightsBasedTraining: { th: 'การอบรมด้านสิทธิ', en: 'Rights-based training' },
    SexualExploitationRehabilitation: { th: 'ฟื้นฟูจากการแสวงประโยชน์ทางเพศ', en: 'Sexual exploitation rehabilitation' },
    SocialCare: { th: 'การดูแลทางสังคม', en: 'Social care' },
  },
);
