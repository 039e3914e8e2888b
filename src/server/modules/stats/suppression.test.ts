import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { feasibleRange, suppress, suppressBreakdown, type Line } from './suppression.js';

/** A table: counts (mostly small, so suppression has work to do), lines over them, and what an observer knows. */
const tableArb = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    values: fc.array(fc.oneof({ arbitrary: fc.integer({ min: 0, max: 6 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 60 }), weight: 1 }), { minLength: n, maxLength: n }),
    lines: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }), { minLength: 1, maxLength: 5 }),
    listedOnlyWhenLarge: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    threshold: fc.constantFrom(4, 4, 2, 9),
    complements: fc.constantFrom('zero-first' as const, 'positive-first' as const),
  }),
);

describe('small-cell suppression', () => {
  it('hides every count from 1 to the threshold, and no hidden small count can be worked out from a line total minus its visible cells', () => {
    fc.assert(fc.property(tableArb, ({ values: cells, lines: cellLines, listedOnlyWhenLarge, threshold, complements }) => {
      // Each line's total is published as its own value after the cells.
      const values = [...cells, ...cellLines.map((l) => l.reduce((s, c) => s + cells[c]!, 0))];
      const lines: Line[] = cellLines.map((l, i) => ({ cells: l, total: cells.length + i }));
      // A data-dependent category is listed only when above the threshold: an observer knows that much.
      const floors = values.map((v, i) => (i < cells.length && listedOnlyWhenLarge[i] && v > threshold ? threshold + 1 : 0));
      const hidden = suppress(values, lines, { threshold, floors, complements });
      for (const [i, v] of values.entries()) if (v >= 1 && v <= threshold) expect(hidden[i], `value ${i} = ${v}`).toBe(true);
      for (const line of lines) {
        if (hidden[line.total!]) continue;
        const total = values[line.total!]!;
        const visibleSum = line.cells.filter((c) => !hidden[c]).reduce((s, c) => s + values[c]!, 0);
        const hiddenCells = line.cells.filter((c) => hidden[c]);
        // Subtraction gives only the sum of the hidden cells.
        expect(total - visibleSum).toBe(hiddenCells.reduce((s, c) => s + values[c]!, 0));
        for (const c of hiddenCells) {
          const [lo, hi] = feasibleRange(values, line.cells, hidden, (i) => floors[i]!, total, c);
          expect(values[c]!).toBeGreaterThanOrEqual(lo);
          expect(values[c]!).toBeLessThanOrEqual(hi);
          // A small count always keeps at least two possible values.
          if (values[c]! >= 1 && values[c]! <= threshold) expect(hi - lo, `cell ${c} of ${JSON.stringify({ values, line, hidden })}`).toBeGreaterThanOrEqual(1);
        }
      }
      // Deterministic: the same table hides the same cells.
      expect(suppress(values, lines, { threshold, floors, complements })).toEqual(hidden);
    }), { numRuns: 3000 });
  });

  it('leaves tables without small counts alone and never hides a total above the threshold', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 1000 })), { minLength: 1, maxLength: 20 }), (cells) => {
      const total = cells.reduce((s, v) => s + v, 0);
      const out = suppressBreakdown(cells, total);
      expect(out.cells.every((c) => !c.suppressed)).toBe(true);
      expect(out.total).toEqual(total === 0 || total > 4 ? { count: total, suppressed: false } : { count: null, suppressed: true });
    }));
  });

  it('one-way breakdowns: a single small cell takes a zero with it first, else the next smallest cell', () => {
    expect(suppressBreakdown([10, 3, 0, 7], 20).cells).toEqual([
      { count: 10, suppressed: false }, { count: null, suppressed: true }, { count: null, suppressed: true }, { count: 7, suppressed: false },
    ]);
    expect(suppressBreakdown([10, 3, 7], 20).cells.map((c) => c.suppressed)).toEqual([false, true, true]);
    // Two small cells that are both 1: their sum (2) would give them away only if an observer knew each is ≥ 1.
    expect(suppressBreakdown([1, 1, 9], 11, { floors: [5, 5, 5] }).cells.map((c) => c.suppressed)).toEqual([true, true, true]);
    expect(suppressBreakdown([0, 0, 0], 0).total).toEqual({ count: 0, suppressed: false });
    expect(suppressBreakdown([2, 1], 3).total).toEqual({ count: null, suppressed: true });
  });

  it('tables of several lines take non-zero complements that leave the fewest other lines unsafe', () => {
    // A 2 × 3 table with row and column totals: one small cell needs a rectangle of four hidden cells.
    //        c0  c1  c2 | rows
    //   r0    2   6   7 | 15
    //   r1    8   9   5 | 22
    //  cols  10  15  12 | 37
    const values = [2, 6, 7, 8, 9, 5, 15, 22, 10, 15, 12, 37];
    const lines: Line[] = [
      { cells: [0, 1, 2], total: 6 }, { cells: [3, 4, 5], total: 7 },
      { cells: [0, 3], total: 8 }, { cells: [1, 4], total: 9 }, { cells: [2, 5], total: 10 },
      { cells: [6, 7], total: 11 }, { cells: [8, 9, 10], total: 11 },
    ];
    const hidden = suppress(values, lines, { complements: 'positive-first' });
    expect(hidden.map((h, i) => (h ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 3, 4]);
  });

  it('multi-valued breakdowns are protected as if their sum were published', () => {
    const out = suppressBreakdown([12, 2, 9], 15, { multiValued: true });
    expect(out.cells.map((c) => c.suppressed)).toEqual([false, true, true]);
    expect(out.total).toEqual({ count: 15, suppressed: false });
  });
});
