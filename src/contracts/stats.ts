import { z } from 'zod';
import { caseStages } from './case.js';
import { exploitationType, gender, industry } from './htcds.js';

/**
 * Statistics (issue 6): dashboard, timeliness, services, drill-down and the standard tables.
 *
 * Counting rules (the same in every response, so numbers agree across charts and tables):
 *  - A victim is a case person with role `victim` whose trafficking status is not
 *    `NotAVictimOfTrafficking`: `identified` = ActualVictimOfTrafficking, `possible` = possible or not yet decided.
 *  - A person is counted once even when several agencies recorded them: people are keyed by their identity
 *    document's blind index, else their Thai national ID's blind index, else their own record id. When one
 *    person has several victim records, the record used for their dimensions is the one that identified them
 *    (else the earliest case).
 *  - Periods (from/to, year) and the month/year breakdowns use the date the case was opened (registration,
 *    as CTDC's yearOfRegistration), in Thai time (UTC+7). Reports use the date they were received.
 *    Years are ISO (Common Era); the web adds 543 for พ.ศ. A Thai fiscal year is named by the year it ends:
 *    fiscal 2026 = 1 October 2025 – 30 September 2026 (ปีงบประมาณ 2569).
 *  - Age is at registration: from the birth date, else the recorded estimate, else the age when trafficked.
 *  - Scope: the caller counts only the cases it may see (GET /cases): a province its own, national roles all,
 *    an organisation (partner token) its own cases and those referred to it.
 *
 * Small-cell suppression (always applied to statistics responses and exports): see `Cell`.
 */

// ── Value sets ───────────────────────────────────────────────────────────────────────────────────

/** CTDC `ageBroad` bands, and `unknown` when no age is recorded. */
export const ageBands = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+', 'unknown'] as const;
export const AgeBand = z.enum(ageBands);
export type AgeBand = z.infer<typeof AgeBand>;
/** Act s.4: a child is under 18. */
export const statsAgeGroups = ['child', 'adult', 'unknown'] as const;
export const StatsAgeGroup = z.enum(statsAgeGroups);
export const victimStatuses = ['identified', 'possible'] as const;
export const VictimStatus = z.enum(victimStatuses);
export type VictimStatus = z.infer<typeof VictimStatus>;
export const yearTypes = ['calendar', 'fiscal'] as const;
export const YearType = z.enum(yearTypes);
export type YearType = z.infer<typeof YearType>;

/** Default threshold: counts 1–4 are hidden (issue 6, ENGINEERING.md "counts under 5 are suppressed"). */
export const SUPPRESSION_THRESHOLD = 4;

// ── Filters (query string) ───────────────────────────────────────────────────────────────────────

/**
 * A list in the query string: `?province=57,63` or `?province=57&province=63`. Empty items are dropped,
 * at most 100 values, no repeats.
 */
function list<T extends z.ZodType>(item: T, max = 100) {
  const items = z.array(item).max(max, `at most ${max} values`).refine((a) => new Set(a).size === a.length, 'no repeated values');
  return z
    .union([z.string().max(2000), z.array(z.string().max(2000)).max(max)])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== ''))
    // The split strings are checked by the item schema (an enum's input type is its values, not string).
    .pipe(items as unknown as z.ZodType<z.output<T>[], string[]>)
    .optional();
}

const IsoDate = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'a date between 2000-01-01 and 2100-12-31');

export const statsFilterFields = {
  /** First day of the period (inclusive), YYYY-MM-DD, Thai time. */
  from: IsoDate.optional(),
  /** Last day of the period (inclusive). */
  to: IsoDate.optional(),
  /** A whole year instead of from/to (ISO year, e.g. 2026; fiscal 2026 = Oct 2025 – Sep 2026). */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  yearType: YearType.default('calendar'),
  /** Province codes (2 digits, DOPA); unknown codes are refused. */
  province: list(z.string().regex(/^\d{2}$/, 'province code is 2 digits')),
  /** HTCDS forms of exploitation (a victim matches if any of theirs is listed). */
  exploitation: list(exploitationType.schema),
  /** HTCDS gender (prs_Gender). */
  sex: list(gender.schema),
  ageBand: list(AgeBand),
  ageGroup: list(StatsAgeGroup),
  /** ISO 3166-1 alpha-3 citizenship; unknown codes are refused. */
  nationality: list(z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3 code (e.g. MMR)')),
  /** HTCDS industry (ISIC section). */
  industry: list(industry.schema),
  /** NRM stage of the case. */
  stage: list(z.enum(caseStages)),
  victimStatus: list(VictimStatus),
};

type FilterShape = { from?: string | undefined; to?: string | undefined; year?: number | undefined };
const periodChecks = <T extends FilterShape>(f: T, ctx: z.RefinementCtx) => {
  if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end date (to) is before the start date (from)' });
  if (f.year !== undefined && (f.from || f.to)) ctx.addIssue({ code: 'custom', path: ['year'], message: 'give either a year or from/to, not both' });
};

export const StatsFilter = z.object(statsFilterFields).superRefine(periodChecks);
export type StatsFilter = z.infer<typeof StatsFilter>;

/** The drill-down: the filter (plus the clicked bar's value as a filter) and a page. */
export const StatsCasesQuery = z.object({
  ...statsFilterFields,
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
}).superRefine(periodChecks);
export type StatsCasesQuery = z.infer<typeof StatsCasesQuery>;

// ── Cells and breakdowns ─────────────────────────────────────────────────────────────────────────

/**
 * A published count. `suppressed: true` ⇒ `count: null`: either a count from 1 to the threshold, or a
 * complementary cell hidden with it so that it cannot be worked out by subtracting the visible cells from the
 * total (secondary suppression). Both kinds are shown alike — "<5" with the legend "fewer than 5, or hidden so
 * that a small number cannot be worked out" — because telling them apart would let the small one be recovered.
 * Zero is shown as 0.
 */
export const Cell = z.object({ count: z.number().int().nullable(), suppressed: z.boolean() });
export type Cell = z.infer<typeof Cell>;

export const BreakdownItem = Cell.extend({
  /** The code: a province code, an HTCDS value name, an age band, 'YYYY-MM', 'YYYY', an organisation id, or 'unknown'. */
  key: z.string(),
  labelTh: z.string(),
  labelEn: z.string(),
});
export type BreakdownItem = z.infer<typeof BreakdownItem>;

/**
 * Items sum to `total` unless `multiValued` (a victim with two forms of exploitation is in both), and the
 * total equals the headline number of the same population.
 */
export const Breakdown = z.object({
  items: z.array(BreakdownItem),
  total: Cell,
  multiValued: z.boolean(),
});
export type Breakdown = z.infer<typeof Breakdown>;

export const StatsScope = z.object({
  level: z.enum(['organisation', 'team', 'province', 'national']),
  /** A provincial caller's province. */
  provinceCode: z.string().nullable(),
});

export const SuppressionInfo = z.object({
  threshold: z.number().int(),
  method: z.literal('primary-and-complementary-cell-suppression'),
});

/** The filter as applied: the period resolved to dates (null = open). */
export const AppliedFilter = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  year: z.number().int().nullable(),
  yearType: YearType,
  province: z.array(z.string()),
  exploitation: z.array(z.string()),
  sex: z.array(z.string()),
  ageBand: z.array(z.string()),
  ageGroup: z.array(z.string()),
  nationality: z.array(z.string()),
  industry: z.array(z.string()),
  stage: z.array(z.string()),
  victimStatus: z.array(z.string()),
});
export type AppliedFilter = z.infer<typeof AppliedFilter>;

const envelope = {
  filter: AppliedFilter,
  scope: StatsScope,
  suppression: SuppressionInfo,
};

// ── GET /stats/summary ───────────────────────────────────────────────────────────────────────────

export const StatsSummary = z.object({
  ...envelope,
  totals: z.object({
    /** Distinct persons, identified + possible. */
    victims: Cell,
    identified: Cell,
    possible: Cell,
    /** Cases matching the filter (with a person filter: cases with at least one matching victim). */
    cases: Cell,
    /** Reports received in the period and scope (the province/period filters apply; person filters do not). */
    reports: Cell,
  }),
  casesByStage: Breakdown,
  reportsByMonth: Breakdown,
  victims: z.object({
    byStatus: Breakdown,
    byMonth: Breakdown,
    byYear: Breakdown,
    byFiscalYear: Breakdown,
    byProvince: Breakdown,
    byExploitation: Breakdown,
    bySex: Breakdown,
    byAgeBand: Breakdown,
    byAgeGroup: Breakdown,
    byNationality: Breakdown,
    byIndustry: Breakdown,
  }),
});
export type StatsSummary = z.infer<typeof StatsSummary>;

// ── GET /stats/timeliness ────────────────────────────────────────────────────────────────────────

export const timelinessMeasures = [
  'report_to_screening', 'screening_to_identification', 'identification_to_first_service', 'referral_request_to_acceptance',
] as const;
export const TimelinessMeasure = z.enum(timelinessMeasures);

export const TimelinessRow = z.object({
  key: TimelinessMeasure,
  labelTh: z.string(),
  labelEn: z.string(),
  /** How many intervals were measured (suppressed like any count). */
  n: Cell,
  /** Days (one decimal); null when there is nothing to measure or n is suppressed. */
  medianDays: z.number().nullable(),
  p90Days: z.number().nullable(),
});

export const StatsTimeliness = z.object({
  ...envelope,
  measures: z.array(TimelinessRow),
  /**
   * Act s.29: persons taken into care whose custody ended in time — identified within 24 hours, or within a
   * court's extension (at most 7 days). Clocks still running are not counted.
   */
  s29: z.object({
    clocks: Cell,
    met: Cell,
    notMet: Cell,
    /** met / clocks (0–1), null when either is suppressed or there are none. */
    share: z.number().nullable(),
  }),
});
export type StatsTimeliness = z.infer<typeof StatsTimeliness>;

// ── GET /stats/services ──────────────────────────────────────────────────────────────────────────

export const StatsServices = z.object({
  ...envelope,
  /** Services delivered (status `delivered`) to the counted victims, by type (the directory's service codes). */
  deliveredByType: Breakdown,
  /** The same services by provider organisation (key = organisation id, `unknown` = no provider recorded). */
  deliveredByProvider: Breakdown,
  /** Referrals (not transfers) made for the counted cases, by outcome: requested (waiting), accepted, declined, withdrawn, revoked. */
  referralsByStatus: Breakdown,
  referrals: z.object({
    made: Cell,
    /** Accepted, including those later revoked. */
    accepted: Cell,
    declined: Cell,
  }),
});
export type StatsServices = z.infer<typeof StatsServices>;

// ── GET /stats/cases (drill-down) ────────────────────────────────────────────────────────────────

/** A case behind a number: no identity, only what GET /cases shows. */
export const StatsCaseItem = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  provinceCode: z.string(),
  stage: z.enum(caseStages),
  status: z.string(),
  openedAt: z.string(),
  /** Victims of this case matching the filter. */
  matchingVictims: z.number().int(),
});
export const StatsCasesPage = z.object({ items: z.array(StatsCaseItem), nextCursor: z.string().nullable() });

// ── GET /stats/tables/{table} (CSV / XLSX / PDF) ─────────────────────────────────────────────────

export const standardTables = ['victims_profile', 'victims_by_province', 'services', 'timeliness'] as const;
export const StandardTable = z.enum(standardTables);
export type StandardTable = z.infer<typeof StandardTable>;
export const standardTableLabels: Record<StandardTable, { th: string; en: string }> = {
  victims_profile: { th: 'ผู้เสียหายจำแนกตามรูปแบบการแสวงประโยชน์ สัญชาติ เพศ และช่วงอายุ', en: 'Victims by form of exploitation, nationality, sex and age band' },
  victims_by_province: { th: 'ผู้เสียหายจำแนกตามจังหวัด', en: 'Victims by province' },
  services: { th: 'บริการที่ให้และการส่งต่อ', en: 'Services delivered and referrals' },
  timeliness: { th: 'ระยะเวลาการดำเนินงาน', en: 'Timeliness' },
};

export const StandardTableQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  yearType: YearType.default('calendar'),
  /** pdf: Thai first with English, years in พ.ศ., Noto Sans Thai embedded (for printing the annual report). */
  format: z.enum(['csv', 'xlsx', 'pdf']).default('csv'),
  /** Optional: restrict to provinces (a provincial caller is always restricted to their own). */
  province: statsFilterFields.province,
});
export type StandardTableQuery = z.infer<typeof StandardTableQuery>;
