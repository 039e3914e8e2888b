import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, monthEnd, monthStart, todayInThailand, weekStart } from './calendar.js';

describe('roster calendar dates', () => {
  it('counts today in Thailand (UTC+7), not in the browser zone or UTC', () => {
    expect(todayInThailand(new Date('2025-03-01T16:59:59Z'))).toBe('2025-03-01');
    expect(todayInThailand(new Date('2025-03-01T17:00:00Z'))).toBe('2025-03-02');
  });

  it('starts a week on Monday, whatever day it is given', () => {
    expect(weekStart('2025-03-03')).toBe('2025-03-03'); // a Monday
    expect(weekStart('2025-03-09')).toBe('2025-03-03'); // the Sunday after it
    expect(weekStart('2025-03-01')).toBe('2025-02-24'); // a Saturday: the week began in February
    expect(weekStart('2025-01-01')).toBe('2024-12-30'); // across the year
  });

  it('finds the last day of a month, leap years included', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2025-02-10')).toBe('2025-02-28');
    expect(monthEnd('2025-12-31')).toBe('2025-12-31');
    expect(monthStart('2025-12-31')).toBe('2025-12-01');
  });

  it('steps whole months from the first, so 31 January plus one is February', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-01');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-01');
    expect(addMonths('2025-11-30', 2)).toBe('2026-01-01');
  });

  it('adds and counts days across month ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-02-24', '2025-03-02')).toBe(6);
    expect(daysBetween('2025-03-10', '2025-03-03')).toBe(-7);
  });
});
