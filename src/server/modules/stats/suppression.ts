/**
 * Small-cell suppression (issue 6, "Anonymised sharing"). Pure functions, no database.
 *
 * Model. A table is a list of non-negative counts (`values`) and a set of lines: a line is some cells whose
 * sum is its total (`total` is the index of that total among `values`, or `null` when the line's total is
 * not published but should be protected as if it were). Every count from 1 to the threshold is hidden
 * (primary suppression). A line whose total is visible and that has hidden cells could give them away by
 * subtraction: H = total − Σ visible cells is the sum of the hidden cells. We hide more cells of the line
 * (complementary suppression) until every hidden cell has at least two values consistent with what is
 * published, i.e. the line has at least two hidden cells and H exceeds the least the hidden cells can hold.
 *
 * What an observer knows of a hidden cell is its floor (`floors`): 0 for a cell that is listed whatever its
 * count (a fixed category such as a sex, an age band or "other"), or the least count for which a
 * data-dependent category is listed at all (see `publishableFloor`). Hidden cells all look alike, so nobody
 * can tell a hidden 3 from a hidden 0 or a hidden 12: the only other constraint is the line's sum. Zero
 * cells are hidden first (they cost nothing), then the smallest visible cell.
 *
 * Limits: each line is protected on its own; combinations of several lines (e.g. row and column sums of a
 * cross-table) are not audited, which would need a linear-programming audit. Differences between two
 * queries with different filters are not prevented either; the threshold protects each published table.
 */

export interface Line {
  /** Indexes of the cells of this line in `values`. */
  cells: readonly number[];
  /** Index of the line's total in `values` (hidden totals protect nothing), or null: protect as if Σ cells were published. */
  total: number | null;
}

export interface SuppressOptions {
  threshold?: number;
  /** What an observer knows each cell holds at least (default 0 for every cell). */
  floors?: readonly number[];
  /**
   * Which cells complete an unsafe line. `zero-first` (the default, for a table that is one line): a hidden
   * zero costs nothing and protects a lone small count. `positive-first` (tables of several lines): a zero
   * can be pinned down through another line whose cells are all zero, so visible non-zero cells are taken
   * first, preferring those that leave the fewest other lines unsafe.
   */
  complements?: 'zero-first' | 'positive-first';
}

export const DEFAULT_THRESHOLD = 4;

/** Which of `values` to hide. Deterministic: the same table always hides the same cells. */
export function suppress(values: readonly number[], lines: readonly Line[], opts: SuppressOptions = {}): boolean[] {
  const t = opts.threshold ?? DEFAULT_THRESHOLD;
  const floor = (i: number) => opts.floors?.[i] ?? 0;
  for (const v of values) if (!Number.isInteger(v) || v < 0) throw new Error(`a count must be a non-negative integer: ${v}`);
  const hidden = values.map((v) => v >= 1 && v <= t);
  // Per line: hidden cells, their sum and their floors, kept up to date as cells are hidden.
  const k = new Array<number>(lines.length).fill(0);
  const sum = new Array<number>(lines.length).fill(0);
  const floors = new Array<number>(lines.length).fill(0);
  const linesOf = new Map<number, number[]>();
  lines.forEach((line, li) => {
    for (const c of line.cells) {
      linesOf.set(c, [...(linesOf.get(c) ?? []), li]);
      if (hidden[c]) { k[li]!++; sum[li]! += values[c]!; floors[li]! += floor(c); }
    }
  });
  const safeWith = (li: number, dk: number, dsum: number, dfloor: number) =>
    k[li]! + dk === 0 || (k[li]! + dk >= 2 && sum[li]! + dsum - floors[li]! - dfloor >= 1);
  const totalHidden = (li: number) => lines[li]!.total !== null && hidden[lines[li]!.total!];
  // A line whose total is 0 holds only zeros: nothing in it to protect, and every cell of it is known to be 0,
  // so such a cell is no use as a complement anywhere.
  const lineTotal = lines.map((line) => (line.total !== null ? values[line.total]! : line.cells.reduce((s, c) => s + values[c]!, 0)));
  const knownZero = new Set<number>();
  lines.forEach((line, li) => { if (lineTotal[li] === 0) for (const c of line.cells) knownZero.add(c); });
  const unsafe = (li: number) => lineTotal[li]! > 0 && !totalHidden(li) && !safeWith(li, 0, 0, 0);
  const hide = (c: number) => {
    hidden[c] = true;
    for (const li of linesOf.get(c) ?? []) { k[li]!++; sum[li]! += values[c]!; floors[li]! += floor(c); }
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let li = 0; li < lines.length; li++) {
      if (!unsafe(li)) continue;
      const pick = nextToHide(values, lines[li]!.cells.filter((c) => !knownZero.has(c)), hidden, opts.complements ?? 'zero-first', (c) =>
        // How many other lines hiding this cell would leave unsafe.
        (linesOf.get(c) ?? []).filter((l) => l !== li && lineTotal[l]! > 0 && !totalHidden(l) && !safeWith(l, 1, values[c]!, floor(c))).length);
      if (pick === undefined) continue; // every cell is hidden (see the proof in the test)
      hide(pick);
      changed = true;
    }
  }
  return hidden;
}

/** A line is safe when nothing is hidden, or ≥ 2 cells are hidden and their sum exceeds the sum of their floors. */
export function lineIsSafe(values: readonly number[], cells: readonly number[], hidden: readonly boolean[], floor: (i: number) => number): boolean {
  let k = 0;
  let sum = 0;
  let floors = 0;
  for (const c of cells) {
    if (!hidden[c]) continue;
    k++;
    sum += values[c]!;
    floors += floor(c);
  }
  return k === 0 || (k >= 2 && sum - floors >= 1);
}

function nextToHide(
  values: readonly number[], cells: readonly number[], hidden: readonly boolean[], mode: 'zero-first' | 'positive-first', cost: (c: number) => number,
): number | undefined {
  const visible = cells.filter((c) => !hidden[c]);
  if (visible.length === 0) return undefined;
  if (mode === 'zero-first') {
    let best: number | undefined;
    for (const c of visible) if (best === undefined || values[c]! < values[best]!) best = c;
    return best;
  }
  const positive = visible.filter((c) => values[c]! > 0);
  const pool = positive.length > 0 ? positive : visible;
  let best: number | undefined;
  let bestCost = Infinity;
  for (const c of pool) {
    const k = cost(c);
    if (k < bestCost || (k === bestCost && values[c]! < values[best!]!)) {
      best = c;
      bestCost = k;
    }
  }
  return best;
}

/** The feasible range of each hidden cell of a line, as an observer computes it (used by the tests). */
export function feasibleRange(values: readonly number[], cells: readonly number[], hidden: readonly boolean[], floor: (i: number) => number, totalValue: number, cell: number): [number, number] {
  let visible = 0;
  let otherFloors = 0;
  let otherHidden = 0;
  for (const c of cells) {
    if (!hidden[c]) visible += values[c]!;
    else if (c !== cell) { otherFloors += floor(c); otherHidden++; }
  }
  const h = totalValue - visible;
  const hi = h - otherFloors;
  // Other hidden cells have no upper bound an observer knows of; with none, the cell is exactly h.
  const lo = otherHidden === 0 ? h : floor(cell);
  return [lo, hi];
}

/**
 * Data-dependent categories (a nationality, a provider) are listed on their own only when their count is
 * above the threshold; the rest are pooled in "other". An observer then knows a listed one holds at least this.
 */
export const publishableFloor = (threshold = DEFAULT_THRESHOLD) => threshold + 1;

export interface PublishedCell {
  count: number | null;
  suppressed: boolean;
}

export const publish = (value: number, hidden: boolean): PublishedCell => (hidden ? { count: null, suppressed: true } : { count: value, suppressed: false });

/**
 * A one-way breakdown: cells that sum to `total` (or, multi-valued, do not), protected as one line.
 * The total is primary-suppressed by the same rule as any count, so it agrees with the headline number.
 */
export function suppressBreakdown(cells: readonly number[], total: number, opts: SuppressOptions & { multiValued?: boolean } = {}): { cells: PublishedCell[]; total: PublishedCell } {
  const values = [total, ...cells];
  const idx = cells.map((_, i) => i + 1);
  const floors = opts.floors ? [0, ...opts.floors] : undefined;
  // Multi-valued cells do not sum to the total; protect them as if their own sum were published.
  const line: Line = opts.multiValued ? { cells: idx, total: null } : { cells: idx, total: 0 };
  const hidden = suppress(values, [line], { threshold: opts.threshold, floors });
  return { total: publish(total, hidden[0]!), cells: cells.map((v, i) => publish(v, hidden[i + 1]!)) };
}
