import { caseStages, type CaseStage } from '../../../contracts/case.js';
import { nrmClocks } from '../../../contracts/nrm.js';

/**
 * The rules of the NRM path as pure functions (no database), so each one is unit-tested on its own
 * and the service only gathers facts, asks these, and writes.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Devices' clocks drift; "not in the future" allows this much. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type ViolationCode = 'DATES_OUT_OF_ORDER' | 'VALIDATION_FAILED' | 'STAGE_NOT_ALLOWED';
export interface Violation {
  code: ViolationCode;
  path: string;
  message: string;
  messageTh: string;
}
const v = (code: ViolationCode, path: string, message: string, messageTh: string): Violation => ({ code, path, message, messageTh });

// ---------------------------------------------------------------------------------------------
// Stages

export const stageIndex = (s: CaseStage): number => caseStages.indexOf(s);

/** A stage only moves forward: recording an earlier step late leaves the case where it is. */
export function atLeast(current: CaseStage, target: CaseStage): CaseStage {
  if (current === 'closed') return current;
  return stageIndex(target) > stageIndex(current) ? target : current;
}

/** HTCDS cas_Status of an open case: in follow-up once reintegration has begun. */
export function openStatusFor(stage: CaseStage): 'Active' | 'FollowUp' {
  return stage === 'reintegration' ? 'FollowUp' : 'Active';
}

export interface StageFacts {
  screened: boolean;
  /** Someone's temporary protection (taken into care) is recorded. */
  protectionRecorded: boolean;
  /** Someone has an identification decision (any). */
  identified: boolean;
  /** Someone is identified as a possible or actual victim. */
  victimIdentified: boolean;
  returnRecorded: boolean;
  followUpPlanned: boolean;
}

/**
 * The stage the facts of an open case put it in. Each action moves the case to at least the stage
 * its fact implies and never back, so an open case's stage is always exactly this.
 */
export function impliedStage(f: StageFacts): CaseStage {
  if (f.followUpPlanned) return 'reintegration';
  if (f.returnRecorded) return 'return';
  if (f.victimIdentified) return 'assistance';
  if (f.identified || f.protectionRecorded) return 'identification';
  if (f.screened) return 'temporary_protection';
  return 'screening';
}

// ---------------------------------------------------------------------------------------------
// Dates

/** The calendar date in Thailand (UTC+7, no daylight saving) of an instant. */
export function bangkokDate(d: Date): string {
  return new Date(d.getTime() + 7 * HOUR).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * DAY).toISOString().slice(0, 10);
}

/** Calendar months, the day clamped to the month's end (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(Date.UTC(year, month, Math.min(d, last)));
  out.setUTCFullYear(year);
  return out.toISOString().slice(0, 10);
}

const inFuture = (at: Date, now: Date) => at.getTime() > now.getTime() + CLOCK_SKEW_MS;

// ---------------------------------------------------------------------------------------------
// Screening

/**
 * The earliest a screening may be dated. A first responder's interview is often entered after the
 * case is opened, so up to 30 days before the opening; if the case came from a report older than
 * that, back to the report (the screening may follow up the report), but never before it.
 */
export function earliestScreening(openedAt: Date, reportAt: Date | null): Date {
  const backdated = new Date(openedAt.getTime() - nrmClocks.screeningBackdateDays * DAY);
  return reportAt && reportAt < backdated ? reportAt : backdated;
}

export function screeningViolations(
  screenedAt: Date, ctx: { now: Date; openedAt: Date; reportAt: Date | null; identifiedAt: Date | null },
): Violation[] {
  const out: Violation[] = [];
  if (inFuture(screenedAt, ctx.now)) {
    out.push(v('DATES_OUT_OF_ORDER', 'screenedAt', 'the screening cannot be in the future', 'วันเวลาคัดกรองต้องไม่เป็นอนาคต'));
  }
  const earliest = earliestScreening(ctx.openedAt, ctx.reportAt);
  if (screenedAt < earliest) {
    out.push(v('DATES_OUT_OF_ORDER', 'screenedAt',
      `the screening cannot be before ${earliest.toISOString()} (the case's report, or 30 days before the case was opened)`,
      'วันเวลาคัดกรองต้องไม่ก่อนวันรับแจ้งเหตุ หรือก่อนวันเปิดกรณีเกิน 30 วัน'));
  }
  // Identification follows screening; a screening recorded late must be dated before the decision it led to.
  if (ctx.identifiedAt && screenedAt > ctx.identifiedAt) {
    out.push(v('DATES_OUT_OF_ORDER', 'screenedAt', 'this person was identified before this time: a screening comes before the identification',
      'บุคคลนี้ได้รับการคัดแยกก่อนเวลานี้แล้ว การคัดกรองต้องมาก่อนการคัดแยก'));
  }
  return out;
}

export const countYes = (answers: Record<string, string>): number => Object.values(answers).filter((a) => a === 'yes').length;

// ---------------------------------------------------------------------------------------------
// Temporary protection (Act s.29)

export interface ProtectionInput {
  takenIntoCareAt: Date;
  custodyExtendedUntil?: Date | undefined;
  custodyCourtOrder?: string | undefined;
  temporaryShelterOrganisationId?: string | undefined;
  temporaryShelterUntil?: Date | undefined;
  reflectionUntil?: Date | undefined;
}

export function custodyDeadline(takenIntoCareAt: Date): Date {
  return new Date(takenIntoCareAt.getTime() + nrmClocks.custodyHours * HOUR);
}

/** Checks the clocks and fills the reflection period's default. */
export function protectionPlan(input: ProtectionInput, ctx: { now: Date; reflectionDays: number; identifiedAt: Date | null }): {
  violations: Violation[];
  reflectionUntil: Date;
} {
  const out: Violation[] = [];
  const t0 = input.takenIntoCareAt.getTime();
  if (inFuture(input.takenIntoCareAt, ctx.now)) {
    out.push(v('DATES_OUT_OF_ORDER', 'takenIntoCareAt', 'taken into care cannot be in the future', 'เวลาที่รับตัวไว้ในความคุ้มครองต้องไม่เป็นอนาคต'));
  }
  if (ctx.identifiedAt && input.takenIntoCareAt > ctx.identifiedAt) {
    out.push(v('DATES_OUT_OF_ORDER', 'takenIntoCareAt', 'this person was identified before this time: protection begins before identification',
      'บุคคลนี้ได้รับการคัดแยกก่อนเวลานี้แล้ว การคุ้มครองชั่วคราวต้องเริ่มก่อนการคัดแยก'));
  }
  if (input.custodyExtendedUntil) {
    const ext = input.custodyExtendedUntil.getTime();
    if (ext <= custodyDeadline(input.takenIntoCareAt).getTime()) {
      out.push(v('DATES_OUT_OF_ORDER', 'custodyExtendedUntil', 'a court extension ends after the first 24 hours',
        'การขยายระยะเวลาโดยศาลต้องสิ้นสุดหลังครบ 24 ชั่วโมงแรก'));
    } else if (ext > t0 + nrmClocks.maxCustodyDays * DAY) {
      out.push(v('DATES_OUT_OF_ORDER', 'custodyExtendedUntil', 'custody may be extended to at most 7 days from being taken into care (Act s.29)',
        'ขยายระยะเวลาการคุ้มครองได้ไม่เกิน 7 วันนับแต่รับตัวไว้ (มาตรา 29)'));
    }
    if (!input.custodyCourtOrder) {
      out.push(v('VALIDATION_FAILED', 'custodyCourtOrder', 'an extension needs the court order', 'การขยายระยะเวลาต้องระบุคำสั่งศาล'));
    }
  } else if (input.custodyCourtOrder) {
    out.push(v('VALIDATION_FAILED', 'custodyExtendedUntil', 'a court order goes with the extension it grants', 'ต้องระบุวันสิ้นสุดการขยายระยะเวลาตามคำสั่งศาล'));
  }
  if (input.temporaryShelterUntil) {
    const until = input.temporaryShelterUntil.getTime();
    if (until <= t0) {
      out.push(v('DATES_OUT_OF_ORDER', 'temporaryShelterUntil', 'temporary shelter ends after being taken into care',
        'การพักพิงชั่วคราวต้องสิ้นสุดหลังเวลาที่รับตัวไว้'));
    } else if (until > t0 + nrmClocks.maxTemporaryShelterDays * DAY) {
      out.push(v('DATES_OUT_OF_ORDER', 'temporaryShelterUntil', 'temporary shelter lasts at most 15 days from being taken into care',
        'การพักพิงชั่วคราวต้องไม่เกิน 15 วันนับแต่รับตัวไว้'));
    }
    if (!input.temporaryShelterOrganisationId) {
      out.push(v('VALIDATION_FAILED', 'temporaryShelterOrganisationId', 'name the organisation that shelters the person',
        'ต้องระบุหน่วยงานที่ให้ที่พักพิงชั่วคราว'));
    }
  }
  const reflectionUntil = input.reflectionUntil ?? new Date(t0 + ctx.reflectionDays * DAY);
  if (input.reflectionUntil) {
    const r = input.reflectionUntil.getTime();
    if (r <= t0) {
      out.push(v('DATES_OUT_OF_ORDER', 'reflectionUntil', 'the reflection period ends after being taken into care',
        'ระยะเวลาทบทวนตัดสินใจต้องสิ้นสุดหลังเวลาที่รับตัวไว้'));
    } else if (r > t0 + nrmClocks.maxReflectionDays * DAY) {
      out.push(v('DATES_OUT_OF_ORDER', 'reflectionUntil', 'the reflection period lasts at most 365 days', 'ระยะเวลาทบทวนตัดสินใจต้องไม่เกิน 365 วัน'));
    }
  }
  return { violations: out, reflectionUntil };
}

// ---------------------------------------------------------------------------------------------
// Identification

export type Decision = 'PossibleVictimOfTrafficking' | 'ActualVictimOfTrafficking' | 'NotAVictimOfTrafficking';
export const isVictimDecision = (d: string | null | undefined): boolean =>
  d === 'PossibleVictimOfTrafficking' || d === 'ActualVictimOfTrafficking';

export function identificationViolations(
  input: { identifiedAt: Date; decision: Decision },
  ctx: {
    now: Date;
    stage: CaseStage;
    /** screened_at of every screening of the person (at least one: NOT_SCREENED is checked first). */
    screenings: Date[];
    takenIntoCareAt: Date | null;
    /** The person's recorded return date, and earliest recorded visit (Thai dates). */
    returnDate: string | null;
    firstVisit: string | null;
    /** Follow-up visits are planned or made for the person. */
    followUpPlanned: boolean;
    /** Another victim of the case is identified as possible or actual. */
    otherVictimIdentified: boolean;
  },
): Violation[] {
  const out: Violation[] = [];
  const at = input.identifiedAt;
  if (inFuture(at, ctx.now)) {
    out.push(v('DATES_OUT_OF_ORDER', 'identifiedAt', 'the identification cannot be in the future', 'วันเวลาคัดแยกต้องไม่เป็นอนาคต'));
  }
  const lastScreening = ctx.screenings.reduce<Date | null>((m, s) => (m === null || s > m ? s : m), null);
  if (lastScreening && at < lastScreening) {
    out.push(v('DATES_OUT_OF_ORDER', 'identifiedAt', `identified before screened (screening at ${lastScreening.toISOString()})`,
      'วันเวลาคัดแยกต้องไม่ก่อนวันเวลาคัดกรอง'));
  }
  if (ctx.takenIntoCareAt && at < ctx.takenIntoCareAt) {
    out.push(v('DATES_OUT_OF_ORDER', 'identifiedAt', 'identified before being taken into care', 'วันเวลาคัดแยกต้องไม่ก่อนเวลาที่รับตัวไว้ในความคุ้มครอง'));
  }
  const day = bangkokDate(at);
  if (ctx.returnDate && day > ctx.returnDate) {
    out.push(v('DATES_OUT_OF_ORDER', 'identifiedAt', 'the person\'s return is recorded before this date', 'มีการบันทึกการส่งกลับก่อนวันที่นี้แล้ว'));
  }
  if (ctx.firstVisit && day > ctx.firstVisit) {
    out.push(v('DATES_OUT_OF_ORDER', 'identifiedAt', 'a follow-up visit is recorded before this date', 'มีการบันทึกการติดตามเยี่ยมก่อนวันที่นี้แล้ว'));
  }
  if (!isVictimDecision(input.decision)) {
    // The case has moved on because this person is a victim; undoing that is a closure, not a new decision.
    if (ctx.returnDate || ctx.followUpPlanned) {
      out.push(v('STAGE_NOT_ALLOWED', 'decision', 'the person\'s return or follow-up is recorded: close the case with reason not_a_victim instead',
        'มีการบันทึกการส่งกลับหรือการติดตามแล้ว หากไม่ใช่ผู้เสียหาย กรุณาปิดกรณีด้วยเหตุผล "ไม่ใช่ผู้เสียหาย"'));
    } else if (stageIndex(ctx.stage) >= stageIndex('assistance') && !ctx.otherVictimIdentified) {
      out.push(v('STAGE_NOT_ALLOWED', 'decision', 'the case is in assistance for this victim: close the case with reason not_a_victim instead',
        'กรณีอยู่ในขั้นให้ความช่วยเหลือแล้ว หากไม่ใช่ผู้เสียหาย กรุณาปิดกรณีด้วยเหตุผล "ไม่ใช่ผู้เสียหาย"'));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Return

export function returnViolations(
  input: { kind: 'repatriation' | 'domicile'; date: string; country?: string | undefined; provinceCode?: string | undefined },
  ctx: { today: string; identifiedOn: string },
): Violation[] {
  const out: Violation[] = [];
  if (input.kind === 'repatriation') {
    if (!input.country) out.push(v('VALIDATION_FAILED', 'country', 'repatriation names the home country', 'การส่งกลับประเทศต้นทางต้องระบุประเทศ'));
    else if (input.country === 'THA') out.push(v('VALIDATION_FAILED', 'country', 'repatriation is to another country than Thailand; use domicile', 'การส่งกลับประเทศต้นทางต้องไม่ใช่ประเทศไทย (ใช้การส่งกลับภูมิลำเนา)'));
    if (input.provinceCode) out.push(v('VALIDATION_FAILED', 'provinceCode', 'a Thai province goes with a return to the domicile', 'จังหวัดใช้กับการส่งกลับภูมิลำเนาเท่านั้น'));
  } else {
    if (!input.provinceCode) out.push(v('VALIDATION_FAILED', 'provinceCode', 'a return to the domicile names its province', 'การส่งกลับภูมิลำเนาต้องระบุจังหวัด'));
    if (input.country && input.country !== 'THA') out.push(v('VALIDATION_FAILED', 'country', 'a domicile return is within Thailand (THA)', 'การส่งกลับภูมิลำเนาต้องอยู่ในประเทศไทย'));
  }
  if (input.date < ctx.identifiedOn) {
    out.push(v('DATES_OUT_OF_ORDER', 'date', 'the return cannot be before the identification', 'วันส่งกลับต้องไม่ก่อนวันคัดแยก'));
  }
  if (input.date > addDays(ctx.today, nrmClocks.maxPlanAheadDays)) {
    out.push(v('VALIDATION_FAILED', 'date', 'a return is planned at most a year ahead', 'วางแผนการส่งกลับล่วงหน้าได้ไม่เกิน 1 ปี'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reintegration follow-up

/** Visit dates: the first on the start date, then every `every` months, the last `months` after the start. */
export function followUpSchedule(startDate: string, months: number, every: number): string[] {
  const offsets: number[] = [];
  for (let k = 0; k * every <= months; k++) offsets.push(k * every);
  if (offsets.at(-1) !== months) offsets.push(months);
  return offsets.map((m) => addMonths(startDate, m));
}

export function planViolations(startDate: string, ctx: { today: string; identifiedOn: string }): Violation[] {
  const out: Violation[] = [];
  if (startDate < ctx.identifiedOn) {
    out.push(v('DATES_OUT_OF_ORDER', 'startDate', 'follow-up starts after the identification', 'การติดตามต้องเริ่มหลังวันคัดแยก'));
  }
  if (startDate > addDays(ctx.today, nrmClocks.maxPlanAheadDays)) {
    out.push(v('VALIDATION_FAILED', 'startDate', 'follow-up is planned to start at most a year ahead', 'วางแผนเริ่มการติดตามล่วงหน้าได้ไม่เกิน 1 ปี'));
  }
  return out;
}

export function visitViolations(visitedAt: string, ctx: { today: string; identifiedOn: string }): Violation[] {
  const out: Violation[] = [];
  if (visitedAt > ctx.today) out.push(v('DATES_OUT_OF_ORDER', 'visitedAt', 'a visit cannot be in the future', 'วันติดตามเยี่ยมต้องไม่เป็นอนาคต'));
  if (visitedAt < ctx.identifiedOn) {
    out.push(v('DATES_OUT_OF_ORDER', 'visitedAt', 'a visit cannot be before the person\'s identification', 'วันติดตามเยี่ยมต้องไม่ก่อนวันคัดแยก'));
  }
  return out;
}
