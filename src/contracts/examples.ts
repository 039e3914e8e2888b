import type { z } from 'zod';
import { ctdcFlags, ctdcVariables, type CtdcExportQuery, type CtdcFlag } from './ctdc.js';
import type {
  HtcdsCase, HtcdsCaseIn, HtcdsCasePage, HtcdsExportQuery, HtcdsImportReport, HtcdsImportRequest, HtcdsPerson,
} from './exchange.js';
import { exploitationType, gender, industry } from './htcds.js';
import type { HtcdsExportJobRequest, HtcdsImportJobRequest, Job, JobPage } from './jobs.js';
import type { Page } from './common.js';
import { planServiceInfo } from './referral.js';
import type {
  AppliedFilter, Breakdown, BreakdownItem, StandardTableQuery, StatsCasesPage, StatsCasesQuery, StatsFilter, StatsServices, StatsSummary,
  StatsTimeliness,
} from './stats.js';

/**
 * Examples for the OpenAPI document (issue 6): what a partner system's API token sees on the statistics,
 * exchange and job routes. One story throughout: the partner system of the Chiang Rai provincial
 * anti-trafficking centre (province 57), fiscal year 2025 (ปีงบประมาณ 2568, 1 October 2024 – 30 September
 * 2025); Burmese men and women recruited in Myanmar, brought in through Tak (63) and exploited on farms and in
 * hospitality in Chiang Rai. Nobody here is real, and no example carries an identity: the exchange examples
 * are what a token without `case.identity.read` gets and sends. Ids are made up.
 *
 * The routes attach these with `.meta({ examples: [...] })` (see src/server/app.ts for how they reach the
 * document); src/contracts/examples.test.ts parses each with its schema and checks the arithmetic, and
 * src/server/modules/exchange/openapi-examples.test.ts checks them against the running routes.
 * Breakdowns here leave out rows whose count is 0; the API lists every value, zeros included.
 */

type Out<T extends z.ZodType> = z.output<T>;
type In<T extends z.ZodType> = z.input<T>;

// ── Statistics ───────────────────────────────────────────────────────────────────────────────────

/** Query string of GET /stats/summary, /timeliness and /services: a fiscal year, the caller's own province. */
export const statsQueryExample = { year: 2025, yearType: 'fiscal', province: '57' } satisfies In<typeof StatsFilter>;

const appliedFilter: Out<typeof AppliedFilter> = {
  from: '2024-10-01', to: '2025-09-30', year: 2025, yearType: 'fiscal', province: ['57'],
  exploitation: [], sex: [], ageBand: [], ageGroup: [], nationality: [], industry: [], stage: [], victimStatus: [],
};
const envelope = {
  filter: appliedFilter,
  scope: { level: 'province' as const, provinceCode: '57' },
  suppression: { threshold: 4, method: 'primary-and-complementary-cell-suppression' as const },
};

/** A count as published: a number, or '<5' for a suppressed cell. */
type Shown = number | '<5';
const cell = (n: Shown) => (n === '<5' ? { count: null, suppressed: true } : { count: n, suppressed: false });
const item = (key: string, labelTh: string, labelEn: string, n: Shown): BreakdownItem => ({ ...cell(n), key, labelTh, labelEn });
const breakdown = (items: BreakdownItem[], total: Shown, multiValued = false): Breakdown => ({ items, total: cell(total), multiValued });
const labelled = (labels: Record<string, { th: string; en: string }>) => (key: string, n: Shown) => item(key, labels[key]!.th, labels[key]!.en, n);
const sexItem = labelled(gender.labels);
const exploitationItem = labelled(exploitationType.labels);
const industryItem = labelled(industry.labels);
const serviceItem = labelled(planServiceInfo);
const unknown = (n: Shown) => item('unknown', 'ไม่ทราบ / ไม่ได้บันทึก', 'Unknown / not recorded', n);

export const statsSummaryExample: Out<typeof StatsSummary> = {
  ...envelope,
  totals: { victims: cell(46), identified: cell(29), possible: cell(17), cases: cell(31), reports: cell(58) },
  casesByStage: breakdown([
    item('screening', 'คัดกรองเบื้องต้น', 'Screening', 5),
    item('identification', 'คัดแยกผู้เสียหาย', 'Identification', 6),
    item('assistance', 'คุ้มครองช่วยเหลือ', 'Protection and assistance', 9),
    item('return', 'ส่งกลับ', 'Return', 6),
    item('closed', 'ปิดกรณี', 'Closed', 5),
  ], 31),
  reportsByMonth: breakdown([
    item('2024-11', 'พ.ย. 2567', 'Nov 2024', 12),
    item('2025-03', 'มี.ค. 2568', 'Mar 2025', 19),
    item('2025-07', 'ก.ค. 2568', 'Jul 2025', 27),
  ], 58),
  victims: {
    byStatus: breakdown([
      item('identified', 'ผู้เสียหายจากการค้ามนุษย์', 'Identified victims', 29),
      item('possible', 'ผู้ที่อาจเป็นผู้เสียหาย', 'Possible victims', 17),
    ], 46),
    byMonth: breakdown([
      item('2024-11', 'พ.ย. 2567', 'Nov 2024', 14),
      item('2025-03', 'มี.ค. 2568', 'Mar 2025', 20),
      item('2025-07', 'ก.ค. 2568', 'Jul 2025', 12),
    ], 46),
    byYear: breakdown([item('2024', 'พ.ศ. 2567', '2024', 14), item('2025', 'พ.ศ. 2568', '2025', 32)], 46),
    byFiscalYear: breakdown([item('2025', 'ปีงบประมาณ 2568', 'FY 2025 (Oct 2024 – Sep 2025)', 46)], 46),
    byProvince: breakdown([item('57', 'เชียงราย', 'Chiang Rai', 46)], 46),
    // A victim with two forms of exploitation is counted under both.
    byExploitation: breakdown([
      exploitationItem('ForcedLabour', 27), exploitationItem('SexualExploitation', 15), exploitationItem('ForcedBegging', 6),
    ], 46, true),
    // 3 of unknown sex: hidden, and with them a 0 (complementary suppression), so the 3 cannot be worked out.
    bySex: breakdown([
      sexItem('Feminine', 28), sexItem('Masculine', 15), sexItem('TransgenderFeminine', '<5'), sexItem('NonSpecifiedUnknown', '<5'),
    ], 46),
    byAgeBand: breakdown([
      item('9-17', '9-17 ปี', '9-17 years', 11), item('18-20', '18-20 ปี', '18-20 years', 6), item('21-23', '21-23 ปี', '21-23 years', 7),
      item('24-26', '24-26 ปี', '24-26 years', 5), item('27-29', '27-29 ปี', '27-29 years', 6), item('30-38', '30-38 ปี', '30-38 years', 6),
      item('39-47', '39-47 ปี', '39-47 years', 5),
    ], 46),
    byAgeGroup: breakdown([
      item('child', 'เด็ก (อายุต่ำกว่า 18 ปี)', 'Children (under 18)', 11), item('adult', 'ผู้ใหญ่ (18 ปีขึ้นไป)', 'Adults (18 and over)', 35),
    ], 46),
    byNationality: breakdown([
      item('THA', 'ไทย', 'Thailand', 6), item('MMR', 'เมียนม่าร์ [พม่า]', 'Myanmar', 34), item('LAO', 'ลาว', 'Lao People\'s Democratic Republic', 6),
    ], 46),
    byIndustry: breakdown([
      industryItem('A_AgricultureForestryAndFishing', 9), industryItem('C_Manufacturing', 5),
      industryItem('I_AccommodationAndFoodServiceActivities', 8), industryItem('T_ActivitiesOfHouseholdsAsEmployers', 5), unknown(19),
    ], 46),
  },
};

export const statsTimelinessExample: Out<typeof StatsTimeliness> = {
  ...envelope,
  measures: [
    { key: 'report_to_screening', labelTh: 'จากรับแจ้งถึงคัดกรอง', labelEn: 'Report to screening', n: cell(38), medianDays: 1.5, p90Days: 4.2 },
    { key: 'screening_to_identification', labelTh: 'จากคัดกรองถึงคัดแยกผู้เสียหาย', labelEn: 'Screening to identification', n: cell(31), medianDays: 2, p90Days: 6.5 },
    { key: 'identification_to_first_service', labelTh: 'จากคัดแยกถึงบริการแรก', labelEn: 'Identification to first service', n: cell(27), medianDays: 0.5, p90Days: 3 },
    // Fewer than 5 referrals answered: the count is hidden and so are the days.
    { key: 'referral_request_to_acceptance', labelTh: 'จากขอส่งต่อถึงตอบรับ', labelEn: 'Referral request to acceptance', n: cell('<5'), medianDays: null, p90Days: null },
  ],
  s29: { clocks: cell(24), met: cell(19), notMet: cell(5), share: 0.792 },
};

/** Provider keys are organisation ids (a province's government shelter, and a made-up NGO). */
export const exampleProviderIds = { shelter: '5b0e7c2d-3f4a-4e1b-8c6d-2a9f1e7b3c50', ngo: 'c81a4f3e-6d2b-4a7c-9e05-4f3b8d1c6a27' } as const;

export const statsServicesExample: Out<typeof StatsServices> = {
  ...envelope,
  deliveredByType: breakdown([
    serviceItem('shelter', 21), serviceItem('medical_care', 17), serviceItem('psychosocial_support', 12), serviceItem('legal_assistance', 9),
    serviceItem('interpretation', 14), serviceItem('repatriation', 5),
  ], 78),
  deliveredByProvider: breakdown([
    item(exampleProviderIds.shelter, 'บ้านพักเด็กและครอบครัวจังหวัดเชียงราย', 'Chiang Rai Children and Family Shelter', 41),
    item(exampleProviderIds.ngo, 'มูลนิธิตัวอย่างเพื่อเด็กและสตรี', 'Example Foundation for Children and Women', 23),
    item('other', 'อื่น ๆ (รวมกลุ่มที่มีจำนวนน้อย)', 'Other (small groups pooled)', 9),
    unknown(5),
  ], 78),
  referralsByStatus: breakdown([
    item('requested', 'รอตอบรับ', 'Waiting for an answer', 5),
    item('accepted', 'ตอบรับแล้ว', 'Accepted', 18),
    item('declined', 'ปฏิเสธ', 'Declined', 6),
  ], 29),
  referrals: { made: cell(29), accepted: cell(18), declined: cell(6) },
};

/** GET /stats/cases: the cases behind "Burmese victims of forced labour" on the dashboard. */
export const statsCasesQueryExample = {
  year: 2025, yearType: 'fiscal', province: '57', nationality: 'MMR', exploitation: 'ForcedLabour', limit: 20,
} satisfies In<typeof StatsCasesQuery>;

export const statsCasesExample: Out<typeof StatsCasesPage> = {
  items: [
    { id: '0f3d9b6a-8c21-4e57-b1a4-6d2e9c7f5a13', caseNumber: '57-2568-00174', provinceCode: '57', stage: 'assistance', status: 'Active', openedAt: '2025-07-08T02:15:00.000Z', matchingVictims: 4 },
    { id: '0c5e8a47-2b1d-4f6e-9a3c-7e1d5b2f8a64', caseNumber: '57-2568-00061', provinceCode: '57', stage: 'return', status: 'FollowUp', openedAt: '2025-03-17T03:40:00.000Z', matchingVictims: 2 },
  ],
  // Opaque: send it back as `cursor` for the next page.
  nextCursor: 'MjAyNS0wMy0xN1QwMzo0MDowMC4wMDBafDBjNWU4YTQ3LTJiMWQtNGY2ZS05YTNjLTdlMWQ1YjJmOGE2NA',
};

/** GET /stats/tables/{table}: the timeliness table of the fiscal year, as CSV. */
export const standardTableParamsExample = { table: 'timeliness' } as const;
export const standardTableQueryExample = { year: 2025, yearType: 'fiscal', format: 'csv' } satisfies In<typeof StandardTableQuery>;

/**
 * The CSV of that table: UTF-8 with a byte-order mark (so that Excel reads the Thai), "<5" for a suppressed
 * count; the same numbers as `statsTimelinessExample`.
 */
export const standardTableCsvExample = [
  '\uFEFFmeasure,label_th,label_en,n,median_days,p90_days,share_met',
  'report_to_screening,จากรับแจ้งถึงคัดกรอง,Report to screening,38,1.5,4.2,',
  'screening_to_identification,จากคัดกรองถึงคัดแยกผู้เสียหาย,Screening to identification,31,2,6.5,',
  'identification_to_first_service,จากคัดแยกถึงบริการแรก,Identification to first service,27,0.5,3,',
  'referral_request_to_acceptance,จากขอส่งต่อถึงตอบรับ,Referral request to acceptance,<5,,,',
  's29_custody_clocks,การควบคุมตัวตามมาตรา 29 ที่ทันกำหนด,Act s.29 custody clocks met,24,,,0.792',
  's29_met,ทันกำหนด,Met,19,,,',
  's29_not_met,ไม่ทันกำหนด,Not met,5,,,',
  '',
].join('\n');

// ── CTDC export ──────────────────────────────────────────────────────────────────────────────────

export const ctdcQueryExample = { from: 2024, to: 2025, k: 11 } satisfies In<typeof CtdcExportQuery>;

/** What the response headers say about the whole file the lines below come from. */
export const ctdcHeadersExample = {
  'x-anonymisation-method': 'k-anonymity',
  'x-anonymisation-k': '11',
  'x-anonymisation-records': '212',
  'x-anonymisation-released': '203',
  'x-anonymisation-suppressed': '9',
  'x-anonymisation-generalisation': 'traffickMonths:blank,ageBroad:coarse',
  'content-disposition': 'attachment; filename="phakhi-ctdc-2024-2025-k11.csv"',
} as const;

/** One CSV line: the six values, then `1` for each flag named (empty for the others), in ctdcVariables order. */
const ctdcLine = (values: readonly string[], flags: readonly CtdcFlag[]) =>
  [...values, ...ctdcFlags.map((f) => (flags.includes(f) ? '1' : ''))].join(',');

/**
 * The header line and three of the lines of such an export (generalised as the header says: traffickMonths
 * blank, ages in the coarse bands). A real file repeats each line once per victim, at least k times.
 */
export const ctdcCsvExample = [
  ctdcVariables.join(','),
  ctdcLine(['2024', 'Man', '18–29', 'MMR', 'THA', ''],
    ['meansDebtBondageEarnings', 'meansExcessiveWorkHours', 'meansWithholdDocs', 'isForcedLabour', 'typeOfLabourAgriculture', 'recruiterRelationFriend']),
  ctdcLine(['2025', 'Woman', '18–29', 'MMR', 'THA', ''], ['meansFalsePromises', 'isSexualExploit', 'typeOfSexProstitution', 'recruiterRelationFriend']),
  ctdcLine(['2025', 'Woman', '0–17', 'LAO', 'THA', ''], ['meansExcessiveWorkHours', 'isForcedLabour', 'typeOfLabourDomesticWork', 'recruiterRelationFamily']),
  '',
].join('\n');

// ── HTCDS exchange ───────────────────────────────────────────────────────────────────────────────

export const htcdsExportQueryExample = { since: '2025-01-01T00:00:00+07:00', limit: 50 } satisfies In<typeof HtcdsExportQuery>;

/** Two Burmese victims of one case, as HTCDS fields (no identity: the token lacks case.identity.read). */
const personFields = {
  first: {
    prs_Gender: 'Masculine', prs_Birthdate: '1999-07-15', prs_Citizenship: ['MMR'], prs_PrimaryLanguage: 'mya', prs_SecondaryLanguage: 'tha',
    vic_TraffickingStatus: 'ActualVictimOfTrafficking', vic_TraffickingStatusDecisionMakingOrg: 'Police', vic_RelationshipToTrafficker: 'Acquainted',
    vic_AgeWhenTrafficked: 25, vic_RecruitmentWebsitesAndApps: ['Facebook'], vic_MethodOfRecruitment: ['ThroughOnlineSocialNetworks'],
    vic_MethodsOfControl: ['DebtBondage', 'ExcessiveWorkingHours', 'WithholdsDocuments'], vic_TypeOfExploitation: ['ForcedLabour'],
    vic_ForcedLabourIndustry: 'A_AgricultureForestryAndFishing', vic_TypeOfSexExploitation: [], vic_ExploitationWebsitesAndApps: [],
    vic_Vulnerabilities: ['Poverty', 'Migration'], con_Consent: true,
    events: [
      { hte_Type: 'Recruitment', hte_Date: '2024-10-20', hte_Country: 'MMR', hte_State: null },
      { hte_Type: 'Transit', hte_Date: '2024-11-02', hte_Country: 'THA', hte_State: '63' },
      { hte_Type: 'Exploitation', hte_Date: '2024-11-05', hte_Country: 'THA', hte_State: '57' },
    ],
    supportPlans: [
      { spl_Type: 'SocialCare', spl_PlannedEndDate: '2025-06-30', spl_ActualEndDate: null },
      { spl_Type: 'Health', spl_PlannedEndDate: '2025-01-31', spl_ActualEndDate: null },
    ],
  },
  second: {
    prs_Gender: 'Feminine', prs_Birthdate: '2002-02-10', prs_Citizenship: ['MMR'], prs_PrimaryLanguage: 'mya', prs_SecondaryLanguage: null,
    vic_TraffickingStatus: 'PossibleVictimOfTrafficking', vic_TraffickingStatusDecisionMakingOrg: null, vic_RelationshipToTrafficker: 'Acquainted',
    vic_AgeWhenTrafficked: 22, vic_RecruitmentWebsitesAndApps: ['Facebook'], vic_MethodOfRecruitment: ['ThroughOnlineSocialNetworks'],
    vic_MethodsOfControl: ['DebtBondage', 'WithholdsDocuments'], vic_TypeOfExploitation: ['ForcedLabour'],
    vic_ForcedLabourIndustry: 'A_AgricultureForestryAndFishing', vic_TypeOfSexExploitation: [], vic_ExploitationWebsitesAndApps: [],
    vic_Vulnerabilities: ['Poverty', 'Migration'], con_Consent: true,
    events: [
      { hte_Type: 'Recruitment', hte_Date: '2024-10-20', hte_Country: 'MMR', hte_State: null },
      { hte_Type: 'Exploitation', hte_Date: '2024-11-05', hte_Country: 'THA', hte_State: '57' },
    ],
    supportPlans: [{ spl_Type: 'SocialCare', spl_PlannedEndDate: '2025-06-30', spl_ActualEndDate: null }],
  },
} satisfies Record<string, Omit<Out<typeof HtcdsPerson>, 'id'>>;

/** A case as GET /exchange/htcds/cases gives it. */
export const htcdsCaseExample: Out<typeof HtcdsCase> = {
  id: '9a41c7e2-5d3b-4f08-8e6a-1b2c3d4e5f60',
  caseNumber: '57-2567-00212',
  updatedAt: '2025-08-14T03:22:51.318Z',
  cas_Status: 'Active',
  cas_ReasonForCaseClosure: null,
  cas_CaseOwner: 'e6f1a2b3-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
  persons: [
    { id: '2d7e9f10-3a4b-4c5d-9e6f-7a8b9c0d1e2f', ...personFields.first },
    { id: '4f1a2b3c-5d6e-4f70-8192-a3b4c5d6e7f8', ...personFields.second },
  ],
};

export const htcdsCasePageExample: Out<typeof HtcdsCasePage> = { items: [htcdsCaseExample], nextCursor: null };

/**
 * The same case as a partner NGO's system sends it: its own ids (kept as links, so sending it again updates
 * the case), no case number, owner or update time (they are the sender's).
 */
export const htcdsCaseInExample = {
  id: 'CRN-2024-0113',
  cas_Status: 'Active',
  cas_ReasonForCaseClosure: null,
  persons: [
    { id: 'CRN-2024-0113-V1', ...personFields.first },
    { id: 'CRN-2024-0113-V2', ...personFields.second },
  ],
} satisfies In<typeof HtcdsCaseIn>;

export const htcdsImportRequestExample = {
  provinceCode: '57', skipInvalid: false, dryRun: false, cases: [htcdsCaseInExample],
} satisfies In<typeof HtcdsImportRequest>;

/** The report for that request, then a dry run of a batch with one bad record. */
export const htcdsImportReportExamples: Out<typeof HtcdsImportReport>[] = [
  {
    records: 1, created: 1, updated: 0, invalid: 0, committed: true, dryRun: false,
    results: [{ index: 0, id: 'CRN-2024-0113', outcome: 'created', caseId: '7c2b9e41-6f3d-4a58-b0e2-3d9f6a1c8e75', caseNumber: '57-2568-00183', errors: [], warnings: [] }],
  },
  {
    records: 2, created: 1, updated: 0, invalid: 1, committed: false, dryRun: true,
    results: [
      { index: 0, id: 'CRN-2025-0031', outcome: 'created', caseId: null, caseNumber: null, errors: [], warnings: [] },
      {
        index: 1, id: 'CRN-2025-0032', outcome: 'invalid', caseId: null, caseNumber: null,
        errors: [{ path: 'persons.0.prs_Citizenship.0', message: 'unknown country code', messageTh: 'ไม่มีรหัสประเทศนี้' }],
        warnings: [],
      },
    ],
  },
];

// ── Background jobs ──────────────────────────────────────────────────────────────────────────────

export const htcdsImportJobRequestExample = {
  provinceCode: '57', skipInvalid: true, cases: [htcdsCaseInExample],
} satisfies In<typeof HtcdsImportJobRequest>;
export const htcdsExportJobRequestExample = { since: '2025-01-01T00:00:00+07:00' } satisfies In<typeof HtcdsExportJobRequest>;

const jobIds = { import: '3b8d6f21-9c4e-4a70-8b15-e2f7a9c3d604', export: '8e2f4a6c-1b3d-4e5f-9a7b-c0d2e4f6a819', bigImport: '5d9e1f3a-7b2c-4d6e-8f0a-1c3e5a7b9d24' };

/** 202 from POST /exchange/htcds/import-jobs: queued; an import counts each record twice (checked, written). */
export const importJobQueuedExample: Out<typeof Job> = {
  id: jobIds.import, kind: 'htcds_import', status: 'queued', phase: null, progressDone: 0, progressTotal: 2, summary: null, error: null,
  resultName: null, createdAt: '2025-08-14T03:30:12.540Z', startedAt: null, finishedAt: null,
};
/** 202 from POST /exchange/htcds/export-jobs: the total is known once the job starts. */
export const exportJobQueuedExample: Out<typeof Job> = {
  id: jobIds.export, kind: 'htcds_export', status: 'queued', phase: null, progressDone: 0, progressTotal: 0, summary: null, error: null,
  resultName: null, createdAt: '2025-08-14T03:31:05.127Z', startedAt: null, finishedAt: null,
};
/** GET /jobs/{id}: a large import, finished, with six records reported invalid and skipped (skipInvalid). */
export const jobSucceededExample: Out<typeof Job> = {
  id: jobIds.bigImport, kind: 'htcds_import', status: 'succeeded', phase: 'writing', progressDone: 4000, progressTotal: 4000,
  summary: { records: 2000, created: 1968, updated: 26, invalid: 6, committed: true }, error: null, resultName: 'htcds-import-report.json',
  createdAt: '2025-08-13T09:02:44.903Z', startedAt: '2025-08-13T09:02:45.118Z', finishedAt: '2025-08-13T09:06:31.772Z',
};
export const jobPageExample: Out<typeof JobPage> = {
  items: [
    {
      ...exportJobQueuedExample, status: 'running', phase: 'exporting', progressDone: 200, progressTotal: 318, startedAt: '2025-08-14T03:31:05.344Z',
    },
    jobSucceededExample,
  ],
  nextCursor: null,
};
export const jobsQueryExample = { limit: 20 } satisfies In<typeof Page>;
export const jobParamsExample = { id: jobIds.bigImport };

/** GET /jobs/{id}/result: an export job's file, or an import job's report. */
export const jobResultExamples = [{ items: [htcdsCaseExample] }, htcdsImportReportExamples[0]!] as const;
