import {
  ageBands, SUPPRESSION_THRESHOLD, timelinessMeasures, type AgeBand, type AppliedFilter, type Breakdown, type BreakdownItem, type Cell,
  type StatsCasesQuery, type StatsFilter, type StatsServices, type StatsSummary, type StatsTimeliness,
} from '../../../contracts/stats.js';
import { caseStages } from '../../../contracts/case.js';
import { planServiceInfo, planServices } from '../../../contracts/referral.js';
import { exploitationType, gender, industry } from '../../../contracts/htcds.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../platform/access/actor.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import {
  ageBandLabel, ageGroupLabels, exploitationLabel, fiscalYearLabel, genderLabel, industryLabel, monthLabel, OTHER, referralStatusKeys,
  referralStatusLabels, stageLabels, timelinessLabels, UNKNOWN, victimStatusLabels, yearLabel, type Label,
} from './labels.js';
import { refreshStatsFacts } from './stats.facts.js';
import { createStatsRepository, type DimRow, type ResolvedFilter } from './stats.repository.js';
import { publish, publishableFloor, suppress, suppressBreakdown, type Line } from './suppression.js';

const T = SUPPRESSION_THRESHOLD;
/** Citizenships always listed (Thailand and its neighbours, where most victims in Thailand come from); others only above the threshold. */
export const BASE_NATIONALITIES = ['THA', 'MMR', 'LAO', 'KHM', 'VNM', 'CHN', 'MYS', 'IDN', 'PHL'] as const;

export interface Key {
  key: string;
  label: Label;
  /** What an observer knows this category holds when it is listed (see suppression.ts). */
  floor?: number;
}

/** Counts per key, with any count whose key is not listed folded into `fallback`. */
export function breakdownOf(keys: Key[], counts: Map<string, number>, total: number, opts: { multiValued?: boolean; fallback?: string } = {}): Breakdown {
  const values = new Map(keys.map((k) => [k.key, 0]));
  for (const [k, n] of counts) {
    const target = values.has(k) ? k : opts.fallback;
    if (target === undefined || !values.has(target)) throw new Error(`no category for ${k}`);
    values.set(target, values.get(target)! + n);
  }
  const cells = keys.map((k) => values.get(k.key)!);
  const out = suppressBreakdown(cells, total, { multiValued: opts.multiValued, floors: keys.map((k) => k.floor ?? 0), threshold: T });
  return {
    items: keys.map((k, i): BreakdownItem => ({ key: k.key, labelTh: k.label.th, labelEn: k.label.en, ...out.cells[i]! })),
    total: out.total,
    multiValued: Boolean(opts.multiValued),
  };
}

export interface Axis {
  keys: Key[];
  counts: Map<string, number>;
}

/**
 * Breakdowns of one population that are linked because one coarsens another (age bands → child/adult,
 * months → years and fiscal years): one table, so a cell hidden in one cannot be recovered through the
 * other. Lines: each axis sums to `total`; each coarse cell is the sum of the fine cells `coarsen` maps to
 * it. A coarse cell made of exactly one fine cell (age "unknown" in both) is the same cell.
 */
export function linkedBreakdowns(total: number, axes: Axis[], coarsen: { fine: number; coarse: number; map: (fineKey: string) => string }[]): Breakdown[] {
  const values: number[] = [total];
  const index: number[][] = axes.map((a) => a.keys.map((k) => {
    values.push(a.counts.get(k.key) ?? 0);
    return values.length - 1;
  }));
  const lines: Line[] = axes.map((_, ai) => ({ cells: index[ai]!, total: 0 }));
  for (const c of coarsen) {
    const fineKeys = axes[c.fine]!.keys;
    axes[c.coarse]!.keys.forEach((ck, ci) => {
      const cells = fineKeys.map((fk, fi) => (c.map(fk.key) === ck.key ? index[c.fine]![fi]! : -1)).filter((i) => i >= 0);
      if (cells.length === 1) index[c.coarse]![ci] = cells[0]!;
      else lines.push({ cells, total: index[c.coarse]![ci]! });
    });
  }
  // Re-point the axis lines at aliased cells.
  axes.forEach((_, ai) => { lines[ai] = { cells: index[ai]!, total: 0 }; });
  const hidden = suppress(values, lines, { threshold: T, complements: 'positive-first' });
  return axes.map((a, ai) => ({
    items: a.keys.map((k, ki): BreakdownItem => ({ key: k.key, labelTh: k.label.th, labelEn: k.label.en, ...publish(values[index[ai]![ki]!]!, hidden[index[ai]![ki]!]!) })),
    total: publish(total, hidden[0]!),
    multiValued: false,
  }));
}

const cellOf = (n: number): Cell => publish(n, n >= 1 && n <= T);
const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
const toMap = <R>(rows: R[], key: (r: R) => string, n: (r: R) => number) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return m;
};

/** Thai date (YYYY-MM-DD) of now. */
const thaiToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const addMonths = (ym: string, n: number) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const fiscalOf = (date: string) => Number(date.slice(0, 4)) + (Number(date.slice(5, 7)) >= 10 ? 1 : 0);

/**
 * Keys of a period axis (months, years): the filter's period when it has one; otherwise from the first
 * period with data (an observer then knows it holds at least 1) to today.
 */
function periodKeys(from: string | null, dataKeys: string[], to: string, next: (k: string) => string, label: (k: string) => Label): Key[] {
  const sorted = [...dataKeys].sort();
  const start = from ?? sorted[0];
  if (!start) return [];
  const end = sorted.length && sorted.at(-1)! > to ? sorted.at(-1)! : to;
  const keys: Key[] = [];
  for (let k = start; k <= end && keys.length < 2400; k = next(k)) keys.push({ key: k, label: label(k) });
  if (from === null && keys[0]) keys[0].floor = 1;
  if (sorted.length && sorted.at(-1)! > to && keys.at(-1)) keys.at(-1)!.floor = Math.max(keys.at(-1)!.floor ?? 0, 1);
  return keys;
}

export function createStatsService({ database }: AppDeps) {
  const db = database.db;
  const repo = createStatsRepository(db);

  /** Checks the codes that live in tables, and resolves the period to Thai-midnight instants. */
  async function resolve(q: StatsFilter): Promise<{ f: ResolvedFilter; applied: AppliedFilter }> {
    // What was written before this request is counted in it.
    await refreshStatsFacts(db);
    const fields: { path: string; message: string }[] = [];
    for (const c of await repo.unknownProvinces(q.province ?? [])) fields.push({ path: `query.province`, message: `unknown province code ${c}` });
    for (const c of await repo.unknownCountries(q.nationality ?? [])) fields.push({ path: `query.nationality`, message: `unknown country code ${c}` });
    if (fields.length) throw new AppError('STATS_UNKNOWN_CODE', fields);
    let from = q.from ?? null;
    let to = q.to ?? null;
    if (q.year !== undefined) {
      from = q.yearType === 'fiscal' ? `${q.year - 1}-10-01` : `${q.year}-01-01`;
      to = q.yearType === 'fiscal' ? `${q.year}-09-30` : `${q.year}-12-31`;
    }
    const f: ResolvedFilter = {
      fromTs: from ? new Date(`${from}T00:00:00+07:00`).toISOString() : null,
      toTs: to ? new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000).toISOString() : null,
      province: q.province ?? [], exploitation: q.exploitation ?? [], sex: q.sex ?? [], ageBand: q.ageBand ?? [], ageGroup: q.ageGroup ?? [],
      nationality: q.nationality ?? [], industry: q.industry ?? [], stage: q.stage ?? [], victimStatus: q.victimStatus ?? [],
    };
    const applied: AppliedFilter = {
      from, to, year: q.year ?? null, yearType: q.yearType, province: f.province, exploitation: f.exploitation, sex: f.sex, ageBand: f.ageBand,
      ageGroup: f.ageGroup, nationality: f.nationality, industry: f.industry, stage: f.stage, victimStatus: f.victimStatus,
    };
    return { f, applied };
  }

  const envelope = (actor: Actor, applied: AppliedFilter) => ({
    filter: applied,
    scope: { level: actor.scope, provinceCode: actor.scope === 'national' ? null : actor.provinceCode },
    suppression: { threshold: T, method: 'primary-and-complementary-cell-suppression' as const },
  });

  async function provinceKeys(f: ResolvedFilter): Promise<Key[]> {
    const all = await repo.provinces();
    const chosen = f.province.length ? all.filter((p) => f.province.includes(p.code.trim())) : all;
    return chosen.map((p) => ({ key: p.code.trim(), label: { th: p.name_th, en: p.name_en } }));
  }

  /** Fixed citizenships, the filter's, any other above the threshold (floor T+1), then other and unknown. */
  async function nationalityKeys(counts: Map<string, number>, f: ResolvedFilter): Promise<Key[]> {
    const fixed = new Set<string>([...BASE_NATIONALITIES, ...f.nationality]);
    const large = [...counts].filter(([k, n]) => k !== 'unknown' && !fixed.has(k) && n > T).map(([k]) => k).sort();
    const names = new Map((await repo.countries([...fixed, ...large])).map((c) => [c.code.trim(), { th: c.name_th, en: c.name_en }]));
    return [
      ...[...fixed].map((k) => ({ key: k, label: names.get(k) ?? { th: k, en: k } })),
      ...large.map((k) => ({ key: k, label: names.get(k) ?? { th: k, en: k }, floor: publishableFloor(T) })),
      { key: 'other', label: OTHER },
      { key: 'unknown', label: UNKNOWN },
    ];
  }

  function nationalityCounts(counts: Map<string, number>, keys: Key[]): Map<string, number> {
    const listed = new Set(keys.map((k) => k.key));
    const out = new Map<string, number>();
    for (const [k, n] of counts) {
      const target = listed.has(k) ? k : 'other';
      out.set(target, (out.get(target) ?? 0) + n);
    }
    return out;
  }

  async function summary(actor: Actor, q: StatsFilter): Promise<StatsSummary> {
    const { f, applied } = await resolve(q);
    const [dims, stages, reports, provKeys] = await Promise.all([
      repo.victimBreakdowns(actor, f), repo.casesByStage(actor, f), repo.reportsByMonth(actor, f), provinceKeys(f),
    ]);
    const dim = (name: string) => toMap(dims.filter((r: DimRow) => r.dim === name), (r) => r.key, (r) => Number(r.n));
    const status = dim('status');
    const victims = sum(status);
    const today = thaiToday();
    const fromMonth = applied.from?.slice(0, 7) ?? null;
    const toDate = applied.to ?? today;
    const months = dim('month');
    const years = dim('year');
    const fiscal = dim('fiscal');
    const natCounts = dim('nationality');
    const natKeys = await nationalityKeys(natCounts, f);
    const stageCounts = toMap(stages, (r) => r.stage, (r) => Number(r.n));
    const reportCounts = toMap(reports, (r) => r.month, (r) => Number(r.n));
    const cases = sum(stageCounts);
    const reportTotal = sum(reportCounts);

    const monthKeys = periodKeys(fromMonth, [...months.keys()], toDate.slice(0, 7), (k) => addMonths(k, 1), monthLabel);
    const [byMonth, byYear, byFiscalYear] = linkedBreakdowns(victims, [
      { keys: monthKeys, counts: months },
      { keys: periodKeys(applied.from?.slice(0, 4) ?? null, [...years.keys()], toDate.slice(0, 4), (k) => String(Number(k) + 1), yearLabel), counts: years },
      { keys: periodKeys(applied.from ? String(fiscalOf(applied.from)) : null, [...fiscal.keys()], String(fiscalOf(toDate)), (k) => String(Number(k) + 1), fiscalYearLabel), counts: fiscal },
    ], [
      { fine: 0, coarse: 1, map: (m) => m.slice(0, 4) },
      { fine: 0, coarse: 2, map: (m) => String(fiscalOf(`${m}-01`)) },
    ]) as [Breakdown, Breakdown, Breakdown];
    const [byAgeBand, byAgeGroup] = linkedBreakdowns(victims, [
      { keys: ageBands.map((b) => ({ key: b, label: ageBandLabel(b) })), counts: dim('age_band') },
      { keys: (['child', 'adult', 'unknown'] as const).map((k) => ({ key: k, label: ageGroupLabels[k] })), counts: dim('age_group') },
    ], [{ fine: 0, coarse: 1, map: (b) => (b === 'unknown' ? 'unknown' : b === '0-8' || b === '9-17' ? 'child' : 'adult') }]) as [Breakdown, Breakdown];
    const byStatus = breakdownOf((['identified', 'possible'] as const).map((k) => ({ key: k, label: victimStatusLabels[k] })), status, victims);
    return {
      ...envelope(actor, applied),
      totals: {
        victims: byStatus.total,
        identified: byStatus.items[0]!,
        possible: byStatus.items[1]!,
        cases: cellOf(cases),
        reports: cellOf(reportTotal),
      },
      casesByStage: breakdownOf(caseStages.map((s) => ({ key: s, label: stageLabels[s] })), stageCounts, cases),
      reportsByMonth: breakdownOf(periodKeys(fromMonth, [...reportCounts.keys()], toDate.slice(0, 7), (k) => addMonths(k, 1), monthLabel), reportCounts, reportTotal),
      victims: {
        byStatus: { ...byStatus, items: byStatus.items.map((i) => ({ ...i })) },
        byMonth, byYear, byFiscalYear,
        byProvince: breakdownOf(provKeys, dim('province'), victims),
        byExploitation: breakdownOf([...exploitationType.values.map((k) => ({ key: k, label: exploitationLabel(k) })), { key: 'unknown', label: UNKNOWN }],
          dim('exploitation'), victims, { multiValued: true, fallback: 'unknown' }),
        bySex: breakdownOf(gender.values.map((k) => ({ key: k, label: genderLabel(k) })), dim('sex'), victims, { fallback: 'NonSpecifiedUnknown' }),
        byAgeBand, byAgeGroup,
        byNationality: breakdownOf(natKeys, nationalityCounts(natCounts, natKeys), victims),
        byIndustry: breakdownOf([...industry.values.map((k) => ({ key: k, label: industryLabel(k) })), { key: 'unknown', label: UNKNOWN }],
          dim('industry'), victims, { fallback: 'unknown' }),
      },
    };
  }

  async function timeliness(actor: Actor, q: StatsFilter): Promise<StatsTimeliness> {
    const { f, applied } = await resolve(q);
    const [rows, s29] = await Promise.all([repo.timeliness(actor, f), repo.s29(actor, f)]);
    const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const clocks = suppressBreakdown([s29.met, s29.clocks - s29.met], s29.clocks, { threshold: T });
    return {
      ...envelope(actor, applied),
      measures: timelinessMeasures.map((k) => {
        const r = rows.find((x) => x.k === k);
        const n = cellOf(r?.n ?? 0);
        const shown = !n.suppressed && (r?.n ?? 0) > 0;
        return {
          key: k, labelTh: timelinessLabels[k].th, labelEn: timelinessLabels[k].en, n,
          medianDays: shown ? round1(r!.median) : null, p90Days: shown ? round1(r!.p90) : null,
        };
      }),
      s29: {
        clocks: clocks.total,
        met: clocks.cells[0]!,
        notMet: clocks.cells[1]!,
        share: !clocks.total.suppressed && !clocks.cells[0]!.suppressed && s29.clocks > 0 ? Math.round((s29.met / s29.clocks) * 1000) / 1000 : null,
      },
    };
  }

  async function servicesStats(actor: Actor, q: StatsFilter): Promise<StatsServices> {
    const { f, applied } = await resolve(q);
    const [delivered, refs] = await Promise.all([repo.servicesDelivered(actor, f), repo.referralsByStatus(actor, f)]);
    const byType = toMap(delivered, (r) => r.service, (r) => Number(r.n));
    const byProvider = toMap(delivered, (r) => r.provider ?? 'unknown', (r) => Number(r.n));
    const total = sum(byType);
    // Providers are listed by name only above the threshold; the rest are pooled in "other".
    const large = [...byProvider].filter(([k, n]) => k !== 'unknown' && n > T).map(([k]) => k);
    const names = new Map((await repo.organisations(large)).map((o) => [o.id, { th: o.name_th, en: o.name_en }]));
    const providerKeys: Key[] = [
      ...large.sort((a, b) => (names.get(a)?.th ?? a).localeCompare(names.get(b)?.th ?? b, 'th')).map((k) => ({ key: k, label: names.get(k) ?? { th: k, en: k }, floor: publishableFloor(T) })),
      { key: 'other', label: OTHER }, { key: 'unknown', label: UNKNOWN },
    ];
    const refCounts = toMap(refs, (r) => r.status, (r) => Number(r.n));
    const made = sum(refCounts);
    const referralsByStatus = breakdownOf(referralStatusKeys.map((k) => ({ key: k, label: referralStatusLabels[k] })), refCounts, made);
    const cell = (k: string) => referralsByStatus.items.find((i) => i.key === k)!;
    const acc = cell('accepted');
    const rev = cell('revoked');
    const acceptedRaw = (refCounts.get('accepted') ?? 0) + (refCounts.get('revoked') ?? 0);
    return {
      ...envelope(actor, applied),
      // The plan's services (case_services.service), not the directory's: a compensation claim is in the plan only.
      deliveredByType: breakdownOf(planServices.map((s) => ({ key: s, label: planServiceInfo[s] })), byType, total),
      deliveredByProvider: breakdownOf(providerKeys, byProvider, total, { fallback: 'other' }),
      referralsByStatus,
      referrals: {
        made: referralsByStatus.total,
        // The sum of two published cells reveals nothing new; if either is hidden, so is the sum.
        accepted: acc.suppressed || rev.suppressed ? { count: null, suppressed: true } : cellOf(acceptedRaw),
        declined: { count: cell('declined').count, suppressed: cell('declined').suppressed },
      },
    };
  }

  return {
    resolve,
    summary,
    timeliness,
    services: servicesStats,

    async cases(actor: Actor, q: StatsCasesQuery, ctx: AuditContext) {
      const { f } = await resolve(q);
      const after = decodeCursor(q.cursor);
      const isoBack = (k: string) => { const d = new Date(k); return !Number.isNaN(d.getTime()) && d.toISOString() === k; };
      if (after && (!isoBack(after.sortKey)
        || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(after.id))) {
        throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'invalid cursor' }]);
      }
      const rows = await repo.casePage(actor, f, q.limit, after);
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      // Like GET /cases: the listing is audited with its size only.
      await writeAudit(db, ctx, { action: 'case.listed', targetType: 'case', details: { count: items.length, source: 'stats' } });
      return {
        items: items.map((r) => ({
          id: r.id, caseNumber: r.case_number, provinceCode: r.province_code.trim(), stage: r.stage as (typeof caseStages)[number], status: r.status,
          openedAt: r.opened_at, matchingVictims: r.matching,
        })),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.opened_at, last.id) : null,
      };
    },

    repo,
    nationalityKeys,
    nationalityCounts,
    provinceKeys,
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
