import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseStages, type CaseStage } from '../../../contracts/case.js';
import {
  addMonths, atLeast, bangkokDate, countYes, custodyDeadline, earliestScreening, followUpSchedule, identificationViolations, impliedStage,
  openStatusFor, planViolations, protectionPlan, returnViolations, screeningViolations, visitViolations,
} from './nrm.rules.js';

const H = 3600_000;
const D = 24 * H;
const now = new Date('2026-03-10T05:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const codes = (vs: { code: string; path: string }[]) => vs.map((x) => `${x.code}:${x.path}`);

describe('stages', () => {
  it('moves only forward, and a closed case stays closed', () => {
    expect(atLeast('screening', 'temporary_protection')).toBe('temporary_protection');
    expect(atLeast('return', 'identification')).toBe('return');
    expect(atLeast('closed', 'reintegration')).toBe('closed');
    fc.assert(fc.property(fc.constantFrom(...caseStages), fc.constantFrom(...caseStages), (a: CaseStage, b: CaseStage) => {
      const next = atLeast(a, b);
      expect(caseStages.indexOf(next)).toBeGreaterThanOrEqual(caseStages.indexOf(a));
      if (a !== 'closed') expect(caseStages.indexOf(next)).toBeGreaterThanOrEqual(caseStages.indexOf(b));
    }));
  });

  it('derives the stage from the facts, the furthest fact winning', () => {
    const none = { screened: false, protectionRecorded: false, identified: false, victimIdentified: false, returnRecorded: false, followUpPlanned: false };
    expect(impliedStage(none)).toBe('screening');
    expect(impliedStage({ ...none, screened: true })).toBe('temporary_protection');
    expect(impliedStage({ ...none, protectionRecorded: true })).toBe('identification');
    expect(impliedStage({ ...none, screened: true, identified: true })).toBe('identification');
    expect(impliedStage({ ...none, screened: true, identified: true, victimIdentified: true })).toBe('assistance');
    expect(impliedStage({ ...none, victimIdentified: true, returnRecorded: true })).toBe('return');
    expect(impliedStage({ ...none, victimIdentified: true, followUpPlanned: true })).toBe('reintegration');
    expect(openStatusFor('reintegration')).toBe('FollowUp');
    expect(openStatusFor('return')).toBe('Active');
  });
});

describe('dates', () => {
  it('takes the calendar date in Thai time', () => {
    expect(bangkokDate(new Date('2026-01-01T16:59:59Z'))).toBe('2026-01-01');
    expect(bangkokDate(new Date('2026-01-01T17:00:00Z'))).toBe('2026-01-02');
  });

  it('adds calendar months, clamping to the month\'s end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-10', 12)).toBe('2027-03-10');
  });
});

describe('screening', () => {
  const openedAt = ago(2 * D);
  it('refuses the future and what is older than the report or 30 days before opening', () => {
    const ctx = { now, openedAt, reportAt: null, identifiedAt: null };
    expect(screeningViolations(ago(H), ctx)).toEqual([]);
    expect(screeningViolations(new Date(now.getTime() + 2 * 60_000), ctx)).toEqual([]); // within the clock skew
    expect(codes(screeningViolations(new Date(now.getTime() + H), ctx))).toEqual(['DATES_OUT_OF_ORDER:screenedAt']);
    expect(screeningViolations(ago(31 * D), ctx)).toEqual([]);
    expect(codes(screeningViolations(ago(33 * D), ctx))).toEqual(['DATES_OUT_OF_ORDER:screenedAt']);
  });

  it('goes back to an older report, never before it', () => {
    const reportAt = ago(60 * D);
    expect(earliestScreening(openedAt, reportAt)).toEqual(reportAt);
    expect(earliestScreening(openedAt, ago(3 * D))).toEqual(new Date(openedAt.getTime() - 30 * D));
    expect(screeningViolations(ago(50 * D), { now, openedAt, reportAt, identifiedAt: null })).toEqual([]);
    expect(codes(screeningViolations(ago(61 * D), { now, openedAt, reportAt, identifiedAt: null }))).toEqual(['DATES_OUT_OF_ORDER:screenedAt']);
  });

  it('a screening recorded late is dated before the identification', () => {
    const ctx = { now, openedAt, reportAt: null, identifiedAt: ago(5 * H) };
    expect(screeningViolations(ago(6 * H), ctx)).toEqual([]);
    expect(codes(screeningViolations(ago(4 * H), ctx))).toEqual(['DATES_OUT_OF_ORDER:screenedAt']);
  });

  it('counts the indicators met', () => {
    expect(countYes({ a: 'yes', b: 'no', c: 'unknown', d: 'yes' })).toBe(2);
  });
});

describe('temporary protection (Act s.29)', () => {
  const t0 = ago(3 * D);
  const ctx = { now, reflectionDays: 45, identifiedAt: null };
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('has a 24-hour custody clock and a default reflection period from the case', () => {
    expect(custodyDeadline(t0)).toEqual(at(24 * H));
    const p = protectionPlan({ takenIntoCareAt: t0 }, ctx);
    expect(p.violations).toEqual([]);
    expect(p.reflectionUntil).toEqual(at(45 * D));
    expect(protectionPlan({ takenIntoCareAt: t0 }, { ...ctx, reflectionDays: 10 }).reflectionUntil).toEqual(at(10 * D));
  });

  it('a court extension ends after 24 hours and at most 7 days from being taken into care, with its order', () => {
    const ok = { takenIntoCareAt: t0, custodyExtendedUntil: at(7 * D), custodyCourtOrder: 'ค.1/2569' };
    expect(protectionPlan(ok, ctx).violations).toEqual([]);
    expect(codes(protectionPlan({ ...ok, custodyExtendedUntil: at(7 * D + 1) }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:custodyExtendedUntil']);
    expect(codes(protectionPlan({ ...ok, custodyExtendedUntil: at(24 * H) }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:custodyExtendedUntil']);
    expect(codes(protectionPlan({ ...ok, custodyCourtOrder: undefined }, ctx).violations)).toEqual(['VALIDATION_FAILED:custodyCourtOrder']);
    expect(codes(protectionPlan({ takenIntoCareAt: t0, custodyCourtOrder: 'x' }, ctx).violations)).toEqual(['VALIDATION_FAILED:custodyExtendedUntil']);
  });

  it('temporary shelter lasts at most 15 days and names its organisation', () => {
    const ok = { takenIntoCareAt: t0, temporaryShelterOrganisationId: 'org', temporaryShelterUntil: at(15 * D) };
    expect(protectionPlan(ok, ctx).violations).toEqual([]);
    expect(codes(protectionPlan({ ...ok, temporaryShelterUntil: at(15 * D + H) }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:temporaryShelterUntil']);
    expect(codes(protectionPlan({ ...ok, temporaryShelterUntil: at(-H) }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:temporaryShelterUntil']);
    expect(codes(protectionPlan({ ...ok, temporaryShelterOrganisationId: undefined }, ctx).violations))
      .toEqual(['VALIDATION_FAILED:temporaryShelterOrganisationId']);
  });

  it('refuses the future, a reflection period out of range, and care after the identification', () => {
    expect(codes(protectionPlan({ takenIntoCareAt: new Date(now.getTime() + H) }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:takenIntoCareAt']);
    expect(codes(protectionPlan({ takenIntoCareAt: t0, reflectionUntil: t0 }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:reflectionUntil']);
    expect(codes(protectionPlan({ takenIntoCareAt: t0, reflectionUntil: at(366 * D) }, ctx).violations)).toEqual(['DATES_OUT_OF_ORDER:reflectionUntil']);
    expect(codes(protectionPlan({ takenIntoCareAt: t0 }, { ...ctx, identifiedAt: at(-H) }).violations)).toEqual(['DATES_OUT_OF_ORDER:takenIntoCareAt']);
  });

  it('every accepted plan keeps the clocks (generated)', () => {
    fc.assert(fc.property(
      fc.integer({ min: -10 * D, max: 10 * D }), fc.option(fc.integer({ min: -D, max: 9 * D })), fc.option(fc.integer({ min: -D, max: 20 * D })),
      (start, ext, shelter) => {
        const takenIntoCareAt = new Date(now.getTime() + start);
        const input = {
          takenIntoCareAt,
          ...(ext !== null ? { custodyExtendedUntil: new Date(takenIntoCareAt.getTime() + ext), custodyCourtOrder: 'order' } : {}),
          ...(shelter !== null ? { temporaryShelterUntil: new Date(takenIntoCareAt.getTime() + shelter), temporaryShelterOrganisationId: 'org' } : {}),
        };
        if (protectionPlan(input, ctx).violations.length > 0) return;
        expect(takenIntoCareAt.getTime()).toBeLessThanOrEqual(now.getTime() + 5 * 60_000);
        if (ext !== null) expect(ext > 24 * H && ext <= 7 * D).toBe(true);
        if (shelter !== null) expect(shelter > 0 && shelter <= 15 * D).toBe(true);
      },
    ));
  });
});

describe('identification', () => {
  const base = {
    now, stage: 'temporary_protection' as CaseStage, screenings: [ago(10 * H), ago(20 * H)], takenIntoCareAt: ago(30 * H),
    returnDate: null, firstVisit: null, followUpPlanned: false, otherVictimIdentified: false,
  };
  const possible = 'PossibleVictimOfTrafficking' as const;

  it('comes after every screening and after being taken into care, and not in the future', () => {
    expect(identificationViolations({ identifiedAt: ago(9 * H), decision: possible }, base)).toEqual([]);
    expect(codes(identificationViolations({ identifiedAt: ago(11 * H), decision: possible }, base))).toEqual(['DATES_OUT_OF_ORDER:identifiedAt']);
    expect(codes(identificationViolations({ identifiedAt: ago(40 * H), decision: possible }, { ...base, screenings: [ago(50 * H)] })))
      .toEqual(['DATES_OUT_OF_ORDER:identifiedAt']);
    expect(codes(identificationViolations({ identifiedAt: new Date(now.getTime() + H), decision: possible }, base))).toEqual(['DATES_OUT_OF_ORDER:identifiedAt']);
  });

  it('a re-identification keeps before a recorded return and visits', () => {
    const later = { ...base, returnDate: bangkokDate(ago(2 * D)), firstVisit: null };
    expect(codes(identificationViolations({ identifiedAt: ago(H), decision: possible }, { ...later, screenings: [ago(5 * D)], takenIntoCareAt: null })))
      .toEqual(['DATES_OUT_OF_ORDER:identifiedAt']);
    const visited = { ...base, screenings: [ago(5 * D)], takenIntoCareAt: null, firstVisit: bangkokDate(ago(2 * D)), followUpPlanned: true };
    expect(codes(identificationViolations({ identifiedAt: ago(H), decision: possible }, visited))).toEqual(['DATES_OUT_OF_ORDER:identifiedAt']);
  });

  it('"not a victim" cannot undo assistance, return or follow-up given to this victim', () => {
    const not = { identifiedAt: ago(H), decision: 'NotAVictimOfTrafficking' as const };
    expect(identificationViolations(not, base)).toEqual([]);
    expect(codes(identificationViolations(not, { ...base, stage: 'assistance' }))).toEqual(['STAGE_NOT_ALLOWED:decision']);
    expect(identificationViolations(not, { ...base, stage: 'assistance', otherVictimIdentified: true })).toEqual([]);
    expect(codes(identificationViolations(not, { ...base, stage: 'reintegration', otherVictimIdentified: true, followUpPlanned: true })))
      .toEqual(['STAGE_NOT_ALLOWED:decision']);
  });
});

describe('return', () => {
  const ctx = { today: '2026-03-10', identifiedOn: '2026-03-01' };
  it('repatriation names another country; domicile a province; not before identification; at most a year ahead', () => {
    expect(returnViolations({ kind: 'repatriation', date: '2026-03-05', country: 'MMR' }, ctx)).toEqual([]);
    expect(returnViolations({ kind: 'domicile', date: '2026-03-01', provinceCode: '57' }, ctx)).toEqual([]);
    expect(codes(returnViolations({ kind: 'repatriation', date: '2026-03-05', country: 'THA' }, ctx))).toEqual(['VALIDATION_FAILED:country']);
    expect(codes(returnViolations({ kind: 'repatriation', date: '2026-03-05' }, ctx))).toEqual(['VALIDATION_FAILED:country']);
    expect(codes(returnViolations({ kind: 'domicile', date: '2026-03-05', country: 'LAO' }, ctx))).toEqual(['VALIDATION_FAILED:provinceCode', 'VALIDATION_FAILED:country']);
    expect(codes(returnViolations({ kind: 'repatriation', date: '2026-02-28', country: 'MMR' }, ctx))).toEqual(['DATES_OUT_OF_ORDER:date']);
    expect(codes(returnViolations({ kind: 'repatriation', date: '2027-03-11', country: 'MMR' }, ctx))).toEqual(['VALIDATION_FAILED:date']);
  });
});

describe('reintegration follow-up', () => {
  it('schedules from the start date every few months to the end, at least 12 months', () => {
    expect(followUpSchedule('2026-03-10', 12, 3)).toEqual(['2026-03-10', '2026-06-10', '2026-09-10', '2026-12-10', '2027-03-10']);
    expect(followUpSchedule('2026-01-31', 12, 5)).toEqual(['2026-01-31', '2026-06-30', '2026-11-30', '2027-01-31']);
    fc.assert(fc.property(fc.integer({ min: 12, max: 60 }), fc.integer({ min: 1, max: 12 }), (months, every) => {
      const s = followUpSchedule('2026-03-10', months, every);
      expect(s[0]).toBe('2026-03-10');
      expect(s.at(-1)).toBe(addMonths('2026-03-10', months));
      expect([...s].sort()).toEqual(s);
      expect(new Set(s).size).toBe(s.length);
    }));
  });

  it('plans start after identification; visits are not in the future nor before identification', () => {
    const ctx = { today: '2026-03-10', identifiedOn: '2026-03-01' };
    expect(planViolations('2026-03-01', ctx)).toEqual([]);
    expect(codes(planViolations('2026-02-28', ctx))).toEqual(['DATES_OUT_OF_ORDER:startDate']);
    expect(codes(planViolations('2027-04-01', ctx))).toEqual(['VALIDATION_FAILED:startDate']);
    expect(visitViolations('2026-03-10', ctx)).toEqual([]);
    expect(codes(visitViolations('2026-03-11', ctx))).toEqual(['DATES_OUT_OF_ORDER:visitedAt']);
    expect(codes(visitViolations('2026-02-01', ctx))).toEqual(['DATES_OUT_OF_ORDER:visitedAt']);
  });

  it('every message is in Thai and English', () => {
    const all = [
      ...screeningViolations(new Date(now.getTime() + D), { now, openedAt: now, reportAt: null, identifiedAt: ago(D) }),
      ...protectionPlan({ takenIntoCareAt: now, custodyExtendedUntil: now, temporaryShelterUntil: now, reflectionUntil: now }, { now, reflectionDays: 45, identifiedAt: ago(D) }).violations,
      ...returnViolations({ kind: 'repatriation', date: '2000-01-01', provinceCode: '57' }, { today: '2026-03-10', identifiedOn: '2026-03-01' }),
    ];
    expect(all.length).toBeGreaterThan(8);
    for (const x of all) {
      expect(x.message).toMatch(/[a-z]/);
      expect(x.messageTh).toMatch(/[\u0e00-\u0e7f]/);
    }
  });
});
