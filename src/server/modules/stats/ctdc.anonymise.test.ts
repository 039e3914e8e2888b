import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ctdcAgeBands, ctdcFlags, ctdcGenders, ctdcTraffickMonths, ctdcVariables } from '../../../contracts/ctdc.js';
import { anonymise, chooseLevel, csvHeader, levels, steps } from './ctdc.anonymise.js';
import { ALL_FLAGS, ageBandOf, flagBit, flagGroups, mapVictim, traffickBandOf, type CtdcBase, type VictimFacts } from './ctdc.mapping.js';

const FROM = 2019;
const TO = 2024;

const countries = fc.constantFrom<string | null>(null, 'THA', 'MMR', 'LAO', 'KHM', 'VNM', 'CHN', 'IDN', 'UZB');
/** Flags: mostly the few combinations real cases show, sometimes any of the 2^21. */
const flags = fc.oneof(
  { arbitrary: fc.constantFrom(0, flagBit('isForcedLabour'), flagBit('isSexualExploit') | flagBit('typeOfSexProstitution'),
    flagBit('isForcedLabour') | flagBit('meansDebtBondageEarnings') | flagBit('meansWithholdDocs') | flagBit('typeOfLabourAgriculture')), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: ALL_FLAGS }), weight: 1 },
);
const record: fc.Arbitrary<CtdcBase> = fc.record({
  year: fc.integer({ min: FROM, max: TO }),
  gender: fc.constantFrom(null, 0, 1, 2),
  age: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 8 })),
  citizenship: countries,
  country: countries,
  months: fc.constantFrom(null, 0, 1, 2),
  flags,
});
/** Victim sets with many duplicates (as real data has), or none. */
const victimSet = fc.oneof(
  fc.array(record, { maxLength: 250 }),
  fc.tuple(fc.array(record, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 300 }))
    .map(([pool, picks]) => picks.map((i) => pool[i % pool.length]!)),
);

function classCounts(rows: string[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.join('\u0001'), (m.get(r.join('\u0001')) ?? 0) + 1);
  return m;
}

const base = (over: Partial<CtdcBase> = {}): CtdcBase => ({
  year: 2021, gender: 1, age: 3, citizenship: 'MMR', country: 'THA', months: 0, flags: flagBit('isForcedLabour'), ...over,
});
const times = (n: number, r: CtdcBase) => Array.from({ length: n }, () => r);

describe('CTDC k-anonymity (pure core)', () => {
  it('no combination of released values occurs fewer than k times (property)', () => {
    fc.assert(fc.property(victimSet, fc.integer({ min: 2, max: 15 }), (records, k) => {
      const r = anonymise(records, { k, from: FROM, to: TO });
      for (const [key, n] of classCounts(r.rows)) expect(n, key).toBeGreaterThanOrEqual(k);
      // Counts add up and are the chosen level's.
      expect(r.total).toBe(records.length);
      expect(r.released).toBe(r.rows.length);
      expect(r.released + r.suppressed).toBe(records.length);
      expect(r.suppressed).toBe(r.suppressedByLevel[r.level]);
      // Every row has the 27 variables, in CTDC's value sets.
      for (const row of r.rows) {
        expect(row).toHaveLength(27);
        expect(['', ...ctdcGenders]).toContain(row[1]);
        expect(['', ...ctdcAgeBands, '0–17', '18–29', '30–47', '18+']).toContain(row[2]);
        expect(['', ...ctdcTraffickMonths]).toContain(row[5]);
        for (const f of row.slice(6)) expect(['', '1']).toContain(f);
      }
    }), { numRuns: 300 });
  });

  it('generalisation never adds suppression along the hierarchy, and the level is the first within budget', () => {
    fc.assert(fc.property(victimSet, fc.integer({ min: 2, max: 15 }), (records, k) => {
      const r = anonymise(records, { k, from: FROM, to: TO });
      for (let i = 1; i < r.suppressedByLevel.length; i++) expect(r.suppressedByLevel[i]).toBeLessThanOrEqual(r.suppressedByLevel[i - 1]!);
      const budget = Math.floor(records.length * 0.05);
      if (r.suppressed <= budget) {
        for (let i = 0; i < r.level; i++) expect(r.suppressedByLevel[i]).toBeGreaterThan(budget);
      } else {
        expect(r.suppressed).toBe(Math.min(...r.suppressedByLevel));
      }
      // The fully generalised level leaves one class: with at least k victims nothing needs suppressing there.
      if (records.length >= k) expect(r.suppressedByLevel.at(-1)).toBe(0);
    }), { numRuns: 200 });
  });

  it('generalises before suppressing: two age bands of 11 each with k = 12 are released as one coarser band', () => {
    const records = [...times(11, base({ age: 2 })), ...times(11, base({ age: 3 }))];
    const r = anonymise(records, { k: 12, from: FROM, to: TO });
    expect(r.suppressedByLevel.slice(0, 2)).toEqual([22, 22]);
    expect(r.level).toBe(2);
    expect(r.levelName).toBe('traffickMonths:blank,ageBroad:coarse');
    expect(r.suppressed).toBe(0);
    expect(r.rows).toHaveLength(22);
    expect(new Set(r.rows.map((row) => row[2]))).toEqual(new Set(['18–29']));
    // With k = 11 the same victims need no generalisation at all.
    const r11 = anonymise(records, { k: 11, from: FROM, to: TO });
    expect([r11.level, r11.levelName, r11.suppressed]).toEqual([0, 'none', 0]);
    expect(new Set(r11.rows.map((row) => row[2]))).toEqual(new Set(['18–20', '21–23']));
  });

  it('suppresses within the budget and reports how many', () => {
    // 100 alike and 3 outliers: suppressing 3 (≤ 5 % of 103) beats generalising.
    const outliers = [base({ year: 2019, gender: 0, age: 8, citizenship: 'UZB' }), base({ gender: 2, age: 0 }), base({ flags: ALL_FLAGS })];
    const r = anonymise([...times(100, base()), ...outliers], { k: 11, from: FROM, to: TO });
    expect([r.level, r.total, r.released, r.suppressed]).toEqual([0, 103, 100, 3]);
    expect(r.rows[0]).toEqual(['2021', 'Woman', '21–23', 'MMR', 'THA', '0–12', ...ctdcFlags.map((f) => (f === 'isForcedLabour' ? '1' : ''))]);
  });

  it('fewer victims than k: everything is suppressed and said so', () => {
    const r = anonymise(times(7, base()), { k: 11, from: FROM, to: TO });
    expect([r.released, r.suppressed, r.rows.length]).toEqual([0, 7, 0]);
    expect(anonymise([], { k: 11, from: FROM, to: TO })).toMatchObject({ total: 0, released: 0, suppressed: 0 });
  });

  it('rare citizenships are blanked before all are', () => {
    // 30 from Myanmar; 4 each from three countries are rare, together they make a class of 12.
    const records = [...times(30, base({ citizenship: 'MMR' })), ...['UZB', 'IDN', 'CHN'].flatMap((c) => times(4, base({ citizenship: c })))];
    const r = anonymise(records, { k: 11, from: FROM, to: TO });
    expect(r.levelName).toBe(steps.slice(0, 4).map((s) => s.name).join(','));
    expect(classCounts(r.rows.map((row) => [row[3]!]))).toEqual(new Map([['MMR', 30], ['', 12]]));
  });

  it('refuses k below 2', () => {
    expect(() => anonymise([], { k: 1, from: FROM, to: TO })).toThrow(RangeError);
  });

  it('chooseLevel: first within budget, else the earliest minimum', () => {
    expect(chooseLevel([10, 5, 0], 100)).toBe(1);
    expect(chooseLevel([50, 30, 30], 100)).toBe(1);
    expect(chooseLevel([0], 0)).toBe(0);
  });

  it('the hierarchy ends with every variable but the period blank', () => {
    const last = levels.at(-1)!;
    expect(last).toMatchObject({ year: 'period', age: 'blank', months: 'blank', gender: 'blank', places: 'blank', flags: 0 });
    expect(levels).toHaveLength(steps.length + 1);
    expect(csvHeader).toEqual(ctdcVariables);
  });
});

describe('CTDC mapping', () => {
  const facts = (over: Partial<VictimFacts> = {}): VictimFacts => ({
    registrationYear: 2022, ageAtRegistration: 17, gender: null, sex: 'female', nationality: 'LAO', meansOfControl: [],
    exploitationTypes: [], industry: null, sexExploitationTypes: [], relationshipToTrafficker: null, exploitationCountry: null,
    traffickMonths: null, ...over,
  });

  it('has the 27 names and 21 flags of the codebook', () => {
    expect(ctdcVariables).toHaveLength(27);
    expect(new Set(ctdcVariables).size).toBe(27);
    expect(ctdcFlags).toHaveLength(21);
    expect(Object.values(flagGroups).reduce((a, m) => a | m, 0)).toBe(ALL_FLAGS);
  });

  it('maps HTCDS codes to CTDC flags, gender, age and months bands', () => {
    const m = mapVictim(facts({
      gender: 'TransgenderFeminine', meansOfControl: ['TakesEarnings', 'PhysicalThreats', 'Other'], exploitationTypes: ['ForcedBegging', 'ForcedMarriage'],
      industry: 'T_ActivitiesOfHouseholdsAsEmployers', sexExploitationTypes: ['RemoteInteractiveServices'], relationshipToTrafficker: 'Acquainted',
      exploitationCountry: 'MYS', traffickMonths: 13,
    }));
    const expected = ['meansDebtBondageEarnings', 'meansThreats', 'isForcedLabour', 'isOtherExploit', 'typeOfLabourDomesticWork', 'recruiterRelationFriend'] as const;
    expect(m).toEqual({
      year: 2022, gender: 2, age: 1, citizenship: 'LAO', country: 'MYS', months: 1, flags: expected.reduce((a, f) => a | flagBit(f), 0),
    });
    expect(mapVictim(facts({ gender: 'NonSpecifiedUnknown', sex: 'female' })).gender).toBeNull();
    expect(mapVictim(facts({ sex: 'male' })).gender).toBe(0);
    expect(mapVictim(facts({ sex: 'unknown' })).gender).toBeNull();
  });

  it('bands ages and months at CTDC\'s boundaries', () => {
    expect([0, 8, 9, 17, 18, 20, 21, 29, 30, 38, 39, 47, 48, 90].map(ageBandOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 5, 6, 6, 7, 7, 8, 8]);
    expect([ageBandOf(null), ageBandOf(-1)]).toEqual([null, null]);
    expect([0, 12, 13, 24, 25, null].map(traffickBandOf)).toEqual([0, 0, 1, 1, 2, null]);
  });
});
