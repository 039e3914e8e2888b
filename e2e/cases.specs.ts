/**
 * Browser specs for victim cases (issue 5): a Chiang Rai officer opens a case for a 14-year-old
 * Burmese-speaking girl, finds it in the list, opens the identity by an explicit click, adds a team
 * member and reads the timeline; the team member's bell names the case; another province's officer
 * gets the not-found page for the case's address. Registered in run.ts after the structures specs;
 * helpers (axe, screenshots, logins) come from specs.ts. The helpers below are exported for the
 * whole-journey spec.
 */
import type { Locator, Page } from 'playwright-core';
import { assert, checkA11y, loginNamed, settle, shot, type Ctx, type DemoLogin, type Spec } from './specs.js';
import { openSession as open, signInAs as signIn, type Session } from './session.js';
export { openSession as open, signInAs as signIn, type Session } from './session.js';

/** Like session.ts's `choose`, with exact labels ("บริการ" must not find "ผู้รับบริการ") and multi-selects closed after a pick. */
export async function choose(page: Page, scope: Page | Locator, label: string | RegExp | Locator, option: string | RegExp, search?: string): Promise<void> {
  // Exact names: "บริการ" must not find "ผู้รับบริการ". A locator (e.g. by data-testid) is used as it is.
  const exact = typeof label === 'string';
  const input = typeof label === 'string' || label instanceof RegExp
    ? scope.getByRole('combobox', { name: label, exact }).or(scope.getByLabel(label, { exact })).first()
    : label;
  await input.focus();
  if (search !== undefined) await input.fill(search);
  else await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option }).first().click();
  // A MultiSelect stays open after a pick: close it so the next field is reachable (a Select closes
  // itself, and Escape would then close the dialog around it).
  if (await page.getByRole('listbox').first().isVisible().catch(() => false)) await page.keyboard.press('Escape');
}


export async function goNav(page: Page, name: string, heading: string | RegExp = name): Promise<void> {
  const burger = page.locator('button[aria-controls="app-navbar"]');
  if (await burger.isVisible()) await burger.click();
  await page.locator('#app-navbar a', { hasText: name }).first().click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Opens a tab of the case page (บุคคล, คัดกรอง, … ทีม) and waits for its panel to finish loading. */
export async function goCaseTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.getByRole('tabpanel').waitFor();
  await page.locator('[role="tabpanel"] [role="status"]').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
}

/** A full-page screenshot from the top (the fixed header would otherwise be drawn where the page was scrolled to). */
export async function shotTop(ctx: Ctx, page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(ctx, page, name);
}

export interface NewVictim {
  givenName?: string;
  familyName?: string;
  latinName?: string;
  gender?: string;
  estimatedAge?: number;
  nationality?: { search: string; option: string | RegExp };
  language?: { search: string; option: string | RegExp };
  interpreter?: boolean;
  passport?: string;
}

/** Fills the new-case form's first victim and opens the case; answers the new case's number and id. */
export async function openCase(page: Page, v: NewVictim): Promise<{ caseNumber: string; caseId: string }> {
  const victim = page.getByTestId('new-case-victim').first();
  if (v.givenName) await victim.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill(v.givenName);
  if (v.familyName) await victim.getByRole('textbox', { name: 'นามสกุล', exact: true }).fill(v.familyName);
  if (v.latinName) await victim.getByRole('textbox', { name: 'ชื่อเป็นอักษรละติน' }).fill(v.latinName);
  if (v.gender) await choose(page, victim, 'เพศ', v.gender);
  if (v.estimatedAge !== undefined) await victim.getByRole('textbox', { name: 'อายุโดยประมาณ (ปี)' }).fill(String(v.estimatedAge));
  if (v.nationality) await choose(page, victim, 'สัญชาติ', v.nationality.option, v.nationality.search);
  if (v.language) await choose(page, victim, 'ภาษาที่ใช้', v.language.option, v.language.search);
  if (v.interpreter) await victim.getByRole('checkbox', { name: 'ต้องการล่าม' }).check();
  if (v.passport) {
    await choose(page, victim, 'ประเภทเอกสาร', 'หนังสือเดินทาง');
    await victim.getByRole('textbox', { name: 'เลขที่เอกสาร' }).fill(v.passport);
  }
  await page.getByRole('button', { name: 'เปิดกรณี', exact: true }).click();
  const number = page.getByTestId('case-number');
  await number.waitFor();
  const caseNumber = (await number.innerText()).trim();
  const caseId = new URL(page.url()).pathname.split('/').pop()!;
  return { caseNumber, caseId };
}

const beYear = String(new Date(Date.now() + 7 * 3600_000).getUTCFullYear() + 543);
const mdtName = 'ทีมสหวิชาชีพ เชียงราย (สาธิต)';
/** A 1×1 PNG. */
const png1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** Today in Thailand as the date picker names its day buttons ("27 พฤศจิกายน 2569"). */
export function todayName(): string {
  return new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' }).format(new Date());
}

/** Shared between the specs: the case the Chiang Rai officer opened in c1. */
let opened: { caseNumber: string; caseId: string } | null = null;

export const casesSpecs: Spec[] = [
  {
    name: 'cases-1: a Chiang Rai officer opens a case for a 14-year-old Burmese-speaking girl, sees it listed, opens her identity, adds a team member, reads the timeline',
    timeoutMs: 240_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await page.getByTestId('notifications-bell').waitFor();
      await goNav(page, 'กรณีผู้เสียหาย');
      await page.getByText('รายการนี้ไม่แสดงชื่อผู้เสียหาย', { exact: false }).waitFor();
      await checkA11y(ctx, page, 'cases list (th)');

      await page.getByRole('link', { name: 'เปิดกรณีใหม่' }).click();
      await page.getByRole('heading', { level: 1, name: 'เปิดกรณีใหม่' }).waitFor();
      await checkA11y(ctx, page, 'new case form (th)');
      await shotTop(ctx, page, 'cases-new-th');
      opened = await openCase(page, {
        givenName: 'มะ',
        familyName: 'เอ',
        latinName: 'Ma Aye Aye',
        gender: 'หญิง',
        estimatedAge: 14,
        nationality: { search: 'เมียนม', option: /เมียนม/ },
        language: { search: 'พม่า', option: 'พม่า' },
        interpreter: true,
        passport: 'MB 551203',
      });
      assert(new RegExp(`^57-${beYear}-\\d{5}$`).test(opened.caseNumber), `case number ${opened.caseNumber} is not 57-${beYear}-NNNNN`);
      // The header: the NRM path at its first step, the child flag, the Chiang Rai centre.
      const steps = page.getByTestId('case-stages');
      assert((await steps.locator('[aria-current="step"]').innerText()).includes('คัดกรองเบื้องต้น'), 'the case should start at screening');
      await page.getByText('เด็ก', { exact: true }).first().waitFor();
      await page.getByText('ศูนย์ปฏิบัติการป้องกันและปราบปรามการค้ามนุษย์จังหวัดเชียงราย').first().waitFor();
      const person = page.getByTestId('case-person').first();
      const card = await person.innerText();
      for (const want of ['ผู้เสียหาย 1', 'หญิง', 'ประมาณ 14 ปี', 'พม่า', 'เมียนม']) assert(card.includes(want), `victim card lacks "${want}":\n${card}`);
      // The name is not on the page until someone asks for it.
      assert(!(await page.content()).includes('Ma Aye Aye'), 'the identity must not be on the page before the click');
      await checkA11y(ctx, page, 'case page (th)');
      await shotTop(ctx, page, 'cases-case-th');

      // The list shows the new case (no names in it).
      await page.getByRole('link', { name: /กลับไปรายการกรณี/ }).click();
      const link = page.getByTestId('case-link').filter({ hasText: opened.caseNumber });
      await link.waitFor();
      const row = await page.locator('tr', { has: link }).innerText();
      assert(row.includes('คัดกรองเบื้องต้น') && row.includes('เด็ก'), `list row lacks stage or child flag: ${row}`);
      await shotTop(ctx, page, 'cases-list-th');

      // The name search finds her by a misspelt name (the index of name grams), and keeps the query out of the address.
      const finder = page.getByTestId('identity-search');
      await finder.getByRole('textbox', { name: 'ชื่อผู้เสียหาย' }).fill('Ma Aey Aye');
      await finder.getByRole('button', { name: 'ค้นหา', exact: true }).click();
      const found = finder.getByTestId('identity-search-results').getByTestId('case-link').filter({ hasText: opened.caseNumber });
      await found.waitFor();
      assert(!page.url().includes('Aey'), `the search query is in the address: ${page.url()}`);
      await shot(ctx, page, 'cases-name-search-th', false);
      await finder.getByRole('button', { name: 'ล้างผลการค้นหา' }).click();

      // Identity only on an explicit click (the read is audited).
      await link.click();
      await page.getByTestId('case-number').waitFor();
      const identityCalls: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/identity')) identityCalls.push(r.url());
      });
      await page.getByTestId('show-identity').first().click();
      const identity = page.getByTestId('person-identity');
      await identity.getByText('Ma Aye Aye').waitFor();
      await identity.getByText('MB 551203', { exact: false }).waitFor();
      assert(identityCalls.length === 1, `identity fetched ${identityCalls.length} times`);
      assert(!page.url().includes('Aye'), `the identity must not be in the URL: ${page.url()}`);
      await checkA11y(ctx, page, 'case identity shown (th)');

      // The team: add the Chiang Rai MDT member as social worker.
      await page.getByRole('tab', { name: 'ทีม', exact: true }).click();
      await page.getByTestId('case-team').waitFor();
      await page.getByRole('button', { name: 'เพิ่มสมาชิกทีม' }).click();
      // The modal only (a date picker's dropdown is a dialog too).
      const dialog = page.locator('[data-modal-content]');
      await choose(page, dialog, 'ผู้ใช้', new RegExp(mdtName.replace(/[()]/g, '\\$&')), 'ทีมสหวิชาชีพ');
      await choose(page, dialog, 'บทบาทในทีม', 'นักสังคมสงเคราะห์');
      await checkA11y(ctx, page, 'add team member dialog (th)');
      await dialog.getByRole('button', { name: 'เพิ่มเข้าทีม' }).click();
      await dialog.waitFor({ state: 'detached' });
      const team = page.getByTestId('case-team');
      await team.getByText(mdtName).waitFor();
      await team.getByText('นักสังคมสงเคราะห์').waitFor();
      await checkA11y(ctx, page, 'case team (th)');

      // The timeline names what happened, newest first.
      await page.getByRole('tab', { name: 'ลำดับเหตุการณ์', exact: true }).click();
      const timeline = page.getByTestId('case-timeline');
      await timeline.getByText('เพิ่มสมาชิกทีม').waitFor();
      await timeline.getByText('เปิดกรณี', { exact: true }).waitFor();
      const text = await timeline.innerText();
      assert(text.indexOf('เพิ่มสมาชิกทีม') < text.indexOf('เปิดกรณี'), `timeline should be newest first:\n${text}`);
      assert(!text.includes('Ma Aye Aye') && !text.includes('MB 551203'), 'the timeline must not carry identity');
      assert(text.includes(beYear), `timeline dates should be in พ.ศ. ${beYear}:\n${text}`);
      await checkA11y(ctx, page, 'case timeline (th)');
      await shotTop(ctx, page, 'cases-timeline-th');

      // English beside Thai.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('tab', { name: 'Timeline', exact: true }).waitFor();
      await page.getByText('Team member added').waitFor();
      await page.getByRole('tab', { name: 'People', exact: true }).click();
      await page.getByText('Victim 1', { exact: false }).first().waitFor();
      await checkA11y(ctx, page, 'case page (en)');
      await shotTop(ctx, page, 'cases-case-en');
      await page.locator('label', { hasText: /^TH$/ }).first().click();
      await s.close();
    },
  },
  {
    name: 'cases-2: the new team member\'s bell names the case; another province\'s officer gets not-found for its address; phone width',
    timeoutMs: 180_000,
    async run(ctx) {
      assert(opened, 'cases-1 must run first (it opens the case)');
      // The MDT member added to the team was notified: the bell shows it and leads to the case.
      const mdt = await open(ctx, { width: 390, height: 844 });
      await signIn(mdt.page, loginNamed(ctx, 'cri.mdt'));
      const bell = mdt.page.getByTestId('notifications-bell');
      await mdt.page.getByRole('button', { name: /การแจ้งเตือน ยังไม่อ่าน [1-9]/ }).waitFor();
      const unreadBefore = Number(/\d+/.exec((await bell.getAttribute('aria-label')) ?? '')?.[0]);
      await bell.click();
      const item = mdt.page.getByTestId('notifications-list').getByText(new RegExp(`คุณได้รับการเพิ่มเข้าทีม — กรณี ${opened.caseNumber}`));
      await item.waitFor();
      await checkA11y(ctx, mdt.page, 'notifications (th, phone)');
      await shot(ctx, mdt.page, 'cases-bell-phone', false);
      await item.click();
      await mdt.page.getByTestId('case-number').filter({ hasText: opened.caseNumber }).waitFor();
      // Opening it marked it read: one fewer unread.
      const after = unreadBefore - 1;
      await mdt.page.getByRole('button', { name: after > 0 ? `การแจ้งเตือน ยังไม่อ่าน ${after} รายการ` : 'การแจ้งเตือน', exact: true }).waitFor();
      await settle(mdt.page);
      await checkA11y(ctx, mdt.page, 'case page (th, phone)');
      await shotTop(ctx, mdt.page, 'cases-case-phone');
      // My tasks: the new case waits for its screening.
      await goNav(mdt.page, 'งานของฉัน');
      await mdt.page.locator('[role="status"]').first().waitFor({ state: 'detached' }).catch(() => {});
      await checkA11y(ctx, mdt.page, 'my tasks (th, phone)');
      await shotTop(ctx, mdt.page, 'cases-tasks-phone');
      await mdt.close();

      // Tak's officer: the Chiang Rai case does not exist for them (404 → the not-found page).
      const tak = await open(ctx);
      await signIn(tak.page, loginNamed(ctx, 'tak.officer'));
      await tak.page.goto(`/cases/${opened.caseId}`);
      await tak.page.getByTestId('case-not-found').waitFor();
      await tak.page.getByRole('heading', { level: 1, name: 'ไม่พบกรณีนี้' }).waitFor();
      assert(!(await tak.page.content()).includes(opened.caseNumber), 'the not-found page must not show the case number');
      await checkA11y(ctx, tak.page, 'case not found (th)');
      await shotTop(ctx, tak.page, 'cases-not-found-th');
      // Nor is it in Tak's list.
      await goNav(tak.page, 'กรณีผู้เสียหาย');
      await tak.page.locator('[role="status"]').first().waitFor({ state: 'detached' }).catch(() => {});
      assert((await tak.page.getByTestId('case-link').filter({ hasText: opened.caseNumber }).count()) === 0, 'Tak lists the Chiang Rai case');
      await tak.close();
    },
  },
  {
    name: 'cases-3: a case opened from a report; the NRM panels: screening, protection clock, identification, guardian consent, referral to Tak\'s shelter, plan, notes, file, return, follow-up chart, a stale save, close and reopen; Tak\'s shelter accepts',
    timeoutMs: 420_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      // From a report in the province's queue: its page leads to the new-case form with the report.
      await goNav(page, 'รายงาน');
      await page.locator('table a[href^="/reports/"]').first().click();
      await page.getByTestId('open-case-from-report').click();
      await page.getByRole('heading', { level: 1, name: 'เปิดกรณีใหม่' }).waitFor();
      const reference = (await page.getByTestId('new-case-report').getByRole('link').innerText()).trim();
      assert(/\S/.test(reference), 'the new-case form names the report');
      const c = await openCase(page, {
        givenName: 'นาง',
        latinName: 'Naw Htoo',
        gender: 'หญิง',
        estimatedAge: 15,
        nationality: { search: 'เมียนม', option: /เมียนม/ },
        language: { search: 'พม่า', option: 'พม่า' },
        interpreter: true,
      });
      await page.getByRole('link', { name: 'เปิดดูรายงาน' }).waitFor();
      // The modal only (a date picker's dropdown is a dialog too).
      const dialog = page.locator('[data-modal-content]');
      const current = async () => (await page.getByTestId('case-stages').locator('[aria-current="step"]').innerText()).trim();

      // A guardian, for the child's consent.
      await page.getByRole('button', { name: 'เพิ่มบุคคล' }).click();
      await choose(page, dialog, 'บทบาทในกรณี', 'ผู้ปกครอง');
      await choose(page, dialog, 'เป็นผู้ปกครองของ', /ผู้เสียหาย 1/);
      await dialog.getByRole('textbox', { name: 'ชื่อ', exact: true }).fill('ดอ');
      await checkA11y(ctx, page, 'add guardian dialog (th)');
      await dialog.getByRole('button', { name: 'เพิ่ม', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: /^ผู้ปกครอง 1/ }).waitFor();

      // Screening: two ILO indicators met, in Burmese with an interpreter (both taken from the victim).
      await goCaseTab(page, 'คัดกรอง');
      await page.getByRole('button', { name: 'บันทึกการคัดกรอง' }).click();
      await dialog.getByTestId('screening-checklist').waitFor();
      await dialog.getByRole('textbox', { name: 'วันเวลาที่สัมภาษณ์ (เวลา)' }).fill('00:01');
      const indicators = dialog.getByTestId(/^indicator-ilo\./);
      assert((await indicators.count()) >= 11, `the ILO checklist has ${await indicators.count()} indicators`);
      await indicators.nth(0).getByRole('radio', { name: 'พบ', exact: true }).check();
      await indicators.nth(1).getByRole('radio', { name: 'พบ', exact: true }).check();
      await indicators.nth(2).getByRole('radio', { name: 'ไม่พบ', exact: true }).check();
      await dialog.getByText('ตอบแล้ว 3 ข้อ พบ 2 ข้อ').waitFor();
      await checkA11y(ctx, page, 'screening dialog (th)');
      await shot(ctx, page, 'cases-screening-form-th', false);
      await dialog.getByRole('button', { name: 'บันทึกการคัดกรอง' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('screening').getByText('พบ 2 จาก 3 ข้อ').waitFor();
      assert((await current()).includes('คุ้มครองชั่วคราว'), `after screening the stage is ${await current()}`);

      // Temporary protection: taken into care now, the s.29 clock counts down.
      await goCaseTab(page, 'คุ้มครองชั่วคราว');
      await page.getByRole('button', { name: /^บันทึกการรับตัวไว้คุ้มครอง/ }).click();
      await checkA11y(ctx, page, 'protection dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      const clock = page.getByTestId('custody-countdown');
      await clock.getByText(/เหลืออีก 2[34] ชม\./).waitFor();
      await page.getByTestId('reflection-countdown').waitFor();
      await checkA11y(ctx, page, 'protection (th)');
      await shotTop(ctx, page, 'cases-protection-th');

      // Identification by the team: a victim of trafficking.
      await goCaseTab(page, 'คัดแยก');
      await page.getByRole('button', { name: /^บันทึกผลการคัดแยก/ }).click();
      await dialog.getByRole('radio', { name: 'ผู้เสียหายจากการค้ามนุษย์' }).check();
      await choose(page, dialog, 'ประเภทหน่วยงานที่ตัดสิน', 'ตำรวจ');
      await dialog.getByRole('textbox', { name: 'เหตุผล' }).fill('พบตัวชี้วัดการบังคับใช้แรงงานและอายุต่ำกว่า 18 ปี');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('identification-card').getByText('ผู้เสียหายจากการค้ามนุษย์').first().waitFor();
      assert((await current()).includes('คุ้มครองช่วยเหลือ'), `after identification the stage is ${await current()}`);

      // The guardian's consent, then a referral to Tak's shelter that relies on it.
      await goCaseTab(page, 'ความยินยอม');
      await page.getByRole('button', { name: 'บันทึกความยินยอม' }).click();
      await dialog.getByText('ผู้เสียหายเป็นเด็ก', { exact: false }).waitFor();
      await choose(page, dialog, 'ผู้ปกครองคนใด', /ผู้ปกครอง 1/);
      await checkA11y(ctx, page, 'consent dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('consents').getByText('มีผล').waitFor();

      await goCaseTab(page, 'ส่งต่อ');
      await page.getByRole('button', { name: 'ส่งต่อผู้เสียหาย' }).click();
      await choose(page, dialog, dialog.getByTestId('referral-service'), 'ที่พักพิง', 'ที่พัก');
      await choose(page, dialog, 'หน่วยงานปลายทาง', /^บ้านพักเด็กและครอบครัวจังหวัดตาก — /, 'ตาก');
      await dialog.getByTestId('consent-ok').waitFor();
      await checkA11y(ctx, page, 'referral dialog (th)');
      await shot(ctx, page, 'cases-referral-form-th', false);
      await dialog.getByRole('button', { name: 'ส่งคำขอ' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('case-referral').getByText('รอตอบรับ').waitFor();

      // The plan, a team-only note and a file.
      await goCaseTab(page, 'แผนช่วยเหลือ');
      await page.getByRole('button', { name: 'เพิ่มบริการ' }).click();
      await choose(page, dialog, dialog.getByTestId('plan-service'), 'การรักษาพยาบาล', 'รักษา');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('case-services').getByText('การรักษาพยาบาล').waitFor();

      await goCaseTab(page, 'บันทึก');
      await page.getByRole('button', { name: 'เพิ่มบันทึก' }).click();
      await dialog.getByRole('radio', { name: /เฉพาะทีมของกรณี/ }).check();
      await dialog.getByRole('textbox', { name: 'ข้อความ' }).fill('ล่ามภาษาพม่ามาถึงบ้านพักแล้ว\nนัดสัมภาษณ์พรุ่งนี้');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('case-note').filter({ hasText: 'ล่ามภาษาพม่ามาถึงบ้านพักแล้ว' }).getByText('เฉพาะทีม').waitFor();

      await goCaseTab(page, 'ไฟล์แนบ');
      await page.getByRole('button', { name: 'แนบไฟล์' }).click();
      await dialog.locator('input[type="file"]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(png1x1, 'base64') });
      await dialog.getByRole('button', { name: 'อัปโหลด' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('attachment-download').filter({ hasText: 'photo.png' }).waitFor();
      await checkA11y(ctx, page, 'attachments (th)');

      // Return home to Myanmar today, then a year of follow-up with a first visit rated.
      await goCaseTab(page, 'ส่งกลับ');
      await page.getByRole('button', { name: /^บันทึกการส่งกลับ/ }).click();
      await dialog.getByLabel('วันที่ส่งกลับ', { exact: true }).click();
      await page.getByRole('button', { name: todayName(), exact: true }).click();
      // The day is chosen once the picker has closed (a click during its opening transition can be lost).
      await page.locator('[data-dates-dropdown]').waitFor({ state: 'hidden' });
      assert((await dialog.getByLabel('วันที่ส่งกลับ', { exact: true }).textContent())?.trim(), 'the return date was not chosen');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('return-card').getByText('ส่งกลับประเทศต้นทาง').waitFor();
      assert((await current()).includes('ส่งกลับ'), `after the return the stage is ${await current()}`);

      await goCaseTab(page, 'ติดตามผล');
      await page.getByRole('button', { name: /^วางแผนการติดตาม/ }).click();
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: /^บันทึกการเยี่ยม/ }).first().click();
      for (const [d, v] of [['livelihood', '2'], ['family', '4'], ['justice', '3'], ['future', '4']] as const) {
        await dialog.getByTestId(`rating-${d}`).getByText(v, { exact: true }).click();
      }
      await checkA11y(ctx, page, 'follow-up visit dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      // A second visit: the chart shows the progress between the two.
      await page.getByRole('button', { name: /^บันทึกการเยี่ยม/ }).first().click();
      for (const [d, v] of [['livelihood', '3'], ['family', '4'], ['justice', '4'], ['future', '5']] as const) {
        await dialog.getByTestId(`rating-${d}`).getByText(v, { exact: true }).click();
      }
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('follow-up-chart').locator('svg').waitFor();
      assert((await current()).includes('คืนสู่สังคม'), `after the follow-up plan the stage is ${await current()}`);
      await checkA11y(ctx, page, 'follow-ups with chart (th)');
      await shotTop(ctx, page, 'cases-followups-th');

      // A stale save: another window changes the case meanwhile; the form says so, reloads, and saves on the second try.
      await page.getByRole('button', { name: 'แก้ไขกรณี' }).click();
      const other = await page.context().newPage();
      await other.goto(`/cases/${c.caseId}`);
      await other.getByRole('button', { name: 'แก้ไขกรณี' }).click();
      await other.getByRole('dialog').getByRole('textbox', { name: 'ระยะเวลาทบทวน (วัน)' }).fill('50');
      await other.getByRole('dialog').getByRole('button', { name: 'บันทึก', exact: true }).click();
      await other.getByRole('dialog').waitFor({ state: 'detached' });
      await other.close();
      await dialog.getByRole('textbox', { name: 'ระยะเวลาทบทวน (วัน)' }).fill('60');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.getByTestId('stale-version').waitFor();
      await checkA11y(ctx, page, 'stale version message (th)');
      await shot(ctx, page, 'cases-stale-th', false);
      await page.getByText('50 วัน').waitFor();
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('60 วัน').waitFor();

      // The overview counts the province's open cases by stage.
      await page.getByRole('link', { name: /กลับไปรายการกรณี/ }).click();
      await page.getByRole('navigation', { name: 'เมนูกรณีผู้เสียหาย' }).getByRole('link', { name: 'ภาพรวมจังหวัด' }).click();
      await page.getByRole('heading', { level: 1, name: 'ภาพรวมจังหวัด' }).waitFor();
      await page.getByTestId('overview-stages').getByText('เชียงราย').waitFor();
      await checkA11y(ctx, page, 'overview (th)');
      await shotTop(ctx, page, 'cases-overview-th');
      await s.close();

      // Tak's shelter answers the referral, then sees only the shared parts and records a service.
      const t = await open(ctx, { width: 390, height: 844 });
      await signIn(t.page, loginNamed(ctx, 'tak.shelter'));
      await goNav(t.page, 'การส่งต่อ');
      const item = t.page.getByTestId('referral-item').filter({ hasText: c.caseNumber });
      await item.waitFor();
      assert(!(await item.innerText()).includes('Naw Htoo'), 'a referral in the list must not carry identity');
      await checkA11y(ctx, t.page, 'incoming referrals (th, phone)');
      await shotTop(ctx, t.page, 'cases-referrals-phone');
      await item.getByRole('button', { name: `ตอบรับ — ${c.caseNumber}` }).click();
      await t.page.getByRole('dialog').getByRole('button', { name: 'ตอบรับ', exact: true }).click();
      await t.page.getByRole('dialog').waitFor({ state: 'detached' });
      await t.page.getByRole('combobox', { name: 'สถานะ' }).focus();
      await t.page.keyboard.press('ArrowDown');
      await t.page.getByRole('option', { name: 'ตอบรับแล้ว' }).click();
      await t.page.getByTestId('referral-item').filter({ hasText: c.caseNumber }).getByRole('link', { name: c.caseNumber }).click();
      await t.page.getByTestId('shared-parts').waitFor();
      assert((await t.page.getByRole('tab', { name: 'ทีม', exact: true }).count()) === 0, 'a recipient must not see the team tab');
      await goCaseTab(t.page, 'แผนช่วยเหลือ');
      await t.page.getByRole('button', { name: 'เพิ่มบริการ' }).click();
      await choose(t.page, t.page.getByRole('dialog'), t.page.getByRole('dialog').getByTestId('plan-service'), 'ที่พักพิง', 'ที่พัก');
      await choose(t.page, t.page.getByRole('dialog'), 'สถานะ', 'กำลังให้บริการ');
      await t.page.getByRole('dialog').getByRole('button', { name: 'บันทึก', exact: true }).click();
      await t.page.getByRole('dialog').waitFor({ state: 'detached' });
      await t.page.getByTestId('case-services').getByText('กำลังให้บริการ').waitFor();
      // And medical care, given by the shelter too.
      await t.page.getByRole('button', { name: 'เพิ่มบริการ' }).click();
      await choose(t.page, t.page.getByRole('dialog'), t.page.getByRole('dialog').getByTestId('plan-service'), 'การรักษาพยาบาล', 'รักษา');
      await choose(t.page, t.page.getByRole('dialog'), 'สถานะ', 'กำลังให้บริการ');
      await t.page.getByRole('dialog').getByRole('button', { name: 'บันทึก', exact: true }).click();
      await t.page.getByRole('dialog').waitFor({ state: 'detached' });
      await t.page.getByTestId('case-services').getByText('การรักษาพยาบาล').first().waitFor();
      await checkA11y(ctx, t.page, 'recipient services (th, phone)');
      await shotTop(ctx, t.page, 'cases-recipient-phone');
      await t.close();

      // Back at the centre: the referral is accepted, so the case can be closed, and reopened.
      const back = await open(ctx);
      await signIn(back.page, loginNamed(ctx, 'cri.officer'));
      await back.page.goto(`/cases/${c.caseId}`);
      await back.page.getByRole('button', { name: 'ปิดกรณี' }).click();
      const bd = back.page.getByRole('dialog');
      await choose(back.page, bd, 'เหตุผลที่ปิด', 'คืนสู่สังคมแล้ว');
      await bd.getByRole('button', { name: 'ปิดกรณี' }).click();
      await bd.waitFor({ state: 'detached' });
      await back.page.getByTestId('case-closed').waitFor();
      assert((await back.page.getByRole('button', { name: 'เพิ่มบุคคล' }).count()) === 0, 'a closed case shows no write buttons');
      await back.page.getByRole('button', { name: 'เปิดกรณีอีกครั้ง' }).click();
      await choose(back.page, bd, 'เหตุผลที่เปิดอีกครั้ง', 'มีข้อมูลใหม่');
      await bd.getByRole('button', { name: 'เปิดกรณีอีกครั้ง' }).click();
      await bd.waitFor({ state: 'detached' });
      await back.page.getByRole('button', { name: 'ปิดกรณี' }).waitFor();
      await back.close();

      // A user of a third province (Bangkok) cannot open it: not found, nothing of it shown.
      const bkk = await open(ctx);
      await signIn(bkk.page, loginNamed(ctx, 'bkk.officer'));
      await bkk.page.goto(`/cases/${c.caseId}`);
      await bkk.page.getByTestId('case-not-found').waitFor();
      assert(!(await bkk.page.content()).includes(c.caseNumber), 'another province\'s page shows the case number');
      const status = await bkk.page.evaluate(async (id) => (await fetch(`/api/v1/cases/${id}`)).status, c.caseId);
      assert(status === 404, `the API answers ${status} to a third province`);
      await shot(ctx, bkk.page, 'cases-third-province-404', false);
      await bkk.close();
    },
  },
];
