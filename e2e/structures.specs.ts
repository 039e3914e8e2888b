/**
 * Browser specs for the network's structures (issue 3): a provincial sub-committee with its members,
 * orders and meetings, action items, the multidisciplinary team's on-call roster and the volunteers.
 * Registered in run.ts after the network specs; helpers (axe, screenshots, logins) come from specs.ts.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { assert, checkA11y, loginNamed, shot, type Ctx, type DemoLogin, type Spec } from './specs.js';
import { choose, openSession as open, signInAs as signIn, type Session } from './session.js';

async function goNav(page: Page, name: string, heading: string): Promise<void> {
  const burger = page.locator('button[aria-controls="app-navbar"]');
  if (await burger.isVisible()) await burger.click();
  await page.locator('#app-navbar a', { hasText: name }).first().click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** A link of the structures pages' own navigation. */
async function goSection(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'โครงสร้างเครือข่าย' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Picks today (Thailand) in a Mantine date picker: its days are named "D MMMM พ.ศ." in Thai. */
async function pickToday(page: Page, scope: Locator, label: string): Promise<string> {
  const dayName = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' }).format(new Date());
  await scope.getByLabel(label, { exact: true }).click();
  await page.getByRole('button', { name: dayName, exact: true }).click();
  return dayName;
}

/** A full-page screenshot from the top (the fixed header would otherwise be drawn where the page was scrolled to). */
async function shotTop(ctx: Ctx, page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(ctx, page, name);
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 1, `${what} is ${overflow}px wider than the window`);
}

/** Waits until a form field shows this value (a Select shows its option's label once the options load). */
async function waitForValue(input: Locator, value: string): Promise<void> {
  const el = await input.elementHandle();
  await input.page().waitForFunction(({ el: e, value: v }) => (e as HTMLInputElement | null)?.value === v, { el, value });
}

const crCommittee = 'คณะอนุกรรมการป้องกันและปราบปรามการค้ามนุษย์จังหวัดเชียงราย';
const crTeam = 'ทีมสหวิชาชีพจังหวัดเชียงราย';
const beYear = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(new Date());
const be = String(Number(beYear) + 543);
const volunteersTitle = 'อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.)';
const stamp = Date.now().toString(36).slice(-5);

/** The Chiang Rai officer opens the sub-committee page by the province filter. */
async function openCrCommittee(page: Page): Promise<void> {
  await goNav(page, 'คณะกรรมการและทีม', 'คณะกรรมการ');
  await choose(page, page.getByRole('search'), 'จังหวัด', /^เชียงราย$/, 'เชียงราย');
  const table = page.getByRole('table');
  await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
  await table.getByRole('link', { name: crCommittee }).click();
  await page.getByRole('heading', { level: 1, name: crCommittee }).waitFor();
}

export const structuresSpecs: Spec[] = [
  {
    name: 's1 structures: a Chiang Rai officer opens the sub-committee, its members and orders, records a member, an order and a meeting',
    timeoutMs: 240_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      const nav = (await page.locator('#app-navbar a').allInnerTexts()).map((x) => x.trim());
      const at = nav.indexOf('คณะกรรมการและทีม');
      assert(at === nav.indexOf('ค้นหาความช่วยเหลือ') + 1, `"Committees and teams" should follow the network entry: ${nav.join(', ')}`);

      await goNav(page, 'คณะกรรมการและทีม', 'คณะกรรมการ');
      await page.locator('table tbody tr').nth(50).waitFor();
      const count = await page.locator('table tbody tr').count();
      assert(count === 79, `the national, coordinating and 77 provincial committees should be listed, got ${count}`);
      await page.getByText('คณะอนุกรรมการของจังหวัดคุณ').waitFor();
      // The secretariat's list of overdue action items: Chiang Rai's police inspection, 7 days late.
      const overdue = page.getByTestId('secretariat-overdue');
      await overdue.getByText('ตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกันและรายงานผล').waitFor();
      await overdue.getByText('เกินกำหนด 7 วัน').waitFor();
      assert((await overdue.locator('li').count()) === 1, 'only Chiang Rai\'s overdue item is the Chiang Rai officer\'s to chase');
      await checkA11y(ctx, page, 'committees (th)');
      await shot(ctx, page, 'structures-committees-th', false);

      await openCrCommittee(page);
      const members = page.getByTestId('committee-members');
      await members.getByText('ผู้ว่าราชการจังหวัดเชียงราย').waitFor();
      await members.getByText('ประธาน', { exact: true }).waitFor();
      await members.getByText('เลขานุการ', { exact: true }).waitFor();
      assert((await members.locator('tbody tr').count()) === 6, 'the sub-committee should have 6 current members');
      const orders = page.getByTestId('committee-orders');
      await orders.getByText('คำสั่งจังหวัดเชียงราย ที่ 1875/2567').waitFor();
      const orderRow = await orders.locator('tbody tr').first().innerText();
      assert(orderRow.includes('2566'), `the order date should be in the Buddhist Era (15 ธ.ค. 2566): ${orderRow}`);
      // The overdue item of the last meeting shows on the committee's page for its secretariat.
      await page.getByTestId('committee-overdue').getByText('ตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกันและรายงานผล').waitFor();
      await page.getByRole('button', { name: 'เพิ่มกรรมการ' }).waitFor();
      await checkA11y(ctx, page, 'committee (th, officer)');
      await shotTop(ctx, page, 'structures-committee-th');

      // The signed order downloads as the PDF it is.
      const link = orders.getByRole('link', { name: /^ดาวน์โหลด — คำสั่งจังหวัดเชียงราย ที่ 1875\/2567/ });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const bytes = readFileSync(await download.path());
      assert(bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'the downloaded order is not a PDF');
      ctx.log(`    order document ${download.suggestedFilename()}: ${bytes.length} bytes`);

      // A new member from the Chiang Rai shelter, term from today until further notice.
      const dialog = page.getByRole('dialog');
      const memberName = `นางสาวทดสอบ ร่วมงาน${stamp}`;
      await page.getByRole('button', { name: 'เพิ่มกรรมการ' }).click();
      await dialog.getByRole('textbox', { name: 'ชื่อ–นามสกุล' }).fill(memberName);
      await dialog.getByRole('textbox', { name: 'ตำแหน่ง', exact: true }).fill('ผู้แทนบ้านพักเด็กและครอบครัว');
      await choose(page, dialog, 'หน่วยงาน', 'บ้านพักเด็กและครอบครัวจังหวัดเชียงราย', 'บ้านพักเด็ก');
      // Without a start date the form says so before anything is sent.
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.getByText('จำเป็นต้องกรอก').first().waitFor();
      await pickToday(page, dialog, 'วันเริ่มวาระ');
      await checkA11y(ctx, page, 'member dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await members.getByText(memberName).waitFor();

      // A new order with its signed PDF attached.
      await page.getByRole('button', { name: 'เพิ่มคำสั่งแต่งตั้ง' }).click();
      const orderNo = `คำสั่งจังหวัดเชียงราย ที่ ${stamp}/${be}`;
      await dialog.getByRole('textbox', { name: 'เลขที่คำสั่ง' }).fill(orderNo);
      await pickToday(page, dialog, 'ลงวันที่');
      await dialog.getByRole('textbox', { name: 'ผู้ลงนาม' }).fill('ผู้ว่าราชการจังหวัดเชียงราย');
      await dialog.getByRole('textbox', { name: 'เรื่อง' }).fill('แต่งตั้งกรรมการเพิ่มเติม');
      await dialog.locator('input[type="file"]').setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1') });
      await dialog.getByText('order.pdf').waitFor();
      await checkA11y(ctx, page, 'order dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await orders.getByRole('link', { name: new RegExp(`^ดาวน์โหลด — ${orderNo.replace(/[/]/g, '\\/')} \\(order\\.pdf\\)`) }).waitFor();

      // A meeting: today, one agenda item, two members present, one resolution.
      await page.getByRole('button', { name: 'บันทึกการประชุม' }).click();
      const title = `การประชุมทดสอบ ${stamp}`;
      await pickToday(page, dialog, 'วันที่ประชุม');
      await dialog.getByRole('textbox', { name: 'ชื่อการประชุม' }).fill(title);
      await dialog.getByRole('textbox', { name: 'วาระที่ 1', exact: true }).fill('ติดตามผลการตรวจสถานประกอบการ');
      await dialog.getByRole('checkbox', { name: /— ประธาน$/ }).check();
      await dialog.getByRole('checkbox', { name: new RegExp(memberName) }).check();
      await dialog.getByRole('button', { name: 'เพิ่มมติ' }).click();
      await dialog.getByRole('textbox', { name: 'มติที่ 1' }).fill('รับทราบผลการตรวจ');
      await checkA11y(ctx, page, 'meeting dialog (th)');
      await shot(ctx, page, 'structures-meeting-form-th', false);
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('committee-meetings').getByRole('link', { name: title }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const attendees = page.getByTestId('meeting-attendees');
      await attendees.getByText(memberName).waitFor();
      assert((await attendees.locator('li').count()) === 2, 'two members attended');
      await page.getByText('รับทราบผลการตรวจ').waitFor();

      // Another province's sub-committee: readable, but no buttons to change it.
      await page.goto('/structures');
      await choose(page, page.getByRole('search'), 'จังหวัด', /^ตาก$/, 'ตาก');
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
      await page.getByRole('table').getByRole('link', { name: /จังหวัดตาก$/ }).click();
      await page.getByTestId('committee-members').getByText('ผู้ว่าราชการจังหวัดตาก').waitFor();
      assert((await page.getByRole('button', { name: 'เพิ่มกรรมการ' }).count()) === 0, 'a Chiang Rai officer sees "add member" on the Tak sub-committee');
      assert((await page.getByRole('button', { name: 'บันทึกการประชุม' }).count()) === 0, 'a Chiang Rai officer sees "record a meeting" on the Tak sub-committee');
      await s.close();
    },
  },
  {
    name: 's2 structures: the officer opens the meeting, sees the overdue item, adds an action item and marks it done',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await openCrCommittee(page);
      await page.getByTestId('committee-meetings').getByRole('link', { name: `การประชุมคณะอนุกรรมการฯ ครั้งที่ 1/${be}` }).click();
      await page.getByRole('heading', { level: 1, name: `การประชุมคณะอนุกรรมการฯ ครั้งที่ 1/${be}` }).waitFor();
      await page.getByText('สถานการณ์การค้ามนุษย์ในพื้นที่และสถิติคดี').waitFor();
      await page.getByText('ห้องประชุมศาลากลางจังหวัดเชียงราย').first().waitFor();
      assert((await page.getByTestId('meeting-attendees').locator('li').count()) === 5, 'five members attended the seeded meeting');
      await page.getByText('มอบหมายตำรวจภูธรจังหวัดและสำนักงานแรงงานจังหวัดตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกันภายในหนึ่งเดือน').waitFor();

      // The overdue item is marked and highlighted; the finished one is not.
      const items = page.getByTestId('action-item');
      const late = items.filter({ hasText: 'ตรวจสถานประกอบการกลุ่มเสี่ยงร่วมกันและรายงานผล' });
      await late.getByText('เกินกำหนด 7 วัน').waitFor();
      assert(((await late.getAttribute('class')) ?? '').includes('action-overdue'), 'the overdue item is not highlighted');
      const bg = await late.evaluate((el) => getComputedStyle(el).backgroundColor);
      assert(bg !== 'rgb(255, 255, 255)' && bg !== 'rgba(0, 0, 0, 0)', `the overdue item has no highlight colour (${bg})`);
      const done = items.filter({ hasText: 'ส่งสถิติคดีไตรมาสล่าสุดให้ฝ่ายเลขานุการ' });
      await done.getByText('เสร็จแล้ว', { exact: true }).waitFor();
      assert(!((await done.getAttribute('class')) ?? '').includes('action-overdue'), 'a finished item is highlighted as overdue');
      await page.getByText('เกินกำหนด 1 งาน').waitFor();
      await checkA11y(ctx, page, 'meeting (th)');
      await shotTop(ctx, page, 'structures-meeting-th');

      // An action item needs its responsible organisation.
      const dialog = page.getByRole('dialog');
      const text = `ประสานสถานศึกษาจัดกิจกรรมให้ความรู้เรื่องการค้ามนุษย์ ${stamp}`;
      await page.getByRole('button', { name: 'เพิ่มงานที่มอบหมาย' }).click();
      await dialog.getByRole('textbox', { name: 'งานที่มอบหมาย' }).fill(text);
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.getByText('ต้องระบุหน่วยงานที่รับผิดชอบ').waitFor();
      await choose(page, dialog, 'หน่วยงานที่รับผิดชอบ', 'สำนักงานแรงงานจังหวัดเชียงราย', 'แรงงาน');
      await pickToday(page, dialog, 'กำหนดเสร็จ');
      await checkA11y(ctx, page, 'action item dialog (th)');
      await shot(ctx, page, 'structures-action-form-th', false);
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      const mine = items.filter({ hasText: text });
      await mine.getByText('สำนักงานแรงงานจังหวัดเชียงราย').waitFor();
      await mine.getByText('ยังไม่เริ่ม', { exact: true }).waitFor();
      assert((await mine.innerText()).includes(be), 'the due date should show the Buddhist Era year');

      // Done: the status changes and the completion date is recorded.
      await page.getByRole('button', { name: `อัปเดตสถานะ — ${text}` }).click();
      await dialog.getByRole('radio', { name: 'เสร็จแล้ว' }).check();
      await checkA11y(ctx, page, 'status dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await mine.getByText('เสร็จแล้ว', { exact: true }).waitFor();
      await mine.getByText(/เสร็จเมื่อ/).first().waitFor();
      await shotTop(ctx, page, 'structures-meeting-done-th');

      // English beside Thai.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('heading', { level: 2, name: 'Action items' }).waitFor();
      await late.getByText('7 days overdue').waitFor();
      await mine.getByText('Done', { exact: true }).waitFor();
      await checkA11y(ctx, page, 'meeting (en)');
      await shotTop(ctx, page, 'structures-meeting-en');
      await page.locator('label', { hasText: /^TH$/ }).first().click();
      await s.close();
    },
  },
  {
    name: 's3 structures: the Chiang Rai MDT roster by week and month, and who is on call today',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'คณะกรรมการและทีม', 'คณะกรรมการ');
      await goSection(page, 'ทีมสหวิชาชีพ', 'ทีมสหวิชาชีพ');
      // The officer's province is chosen already: one team.
      await page.getByRole('table').getByRole('link', { name: crTeam }).click();
      await page.getByRole('heading', { level: 1, name: crTeam }).waitFor();
      const team = page.getByTestId('team-members');
      await team.getByText('นักสังคมสงเคราะห์').first().waitFor();
      assert((await team.locator('tbody tr').count()) === 6, 'the Chiang Rai team has six members');

      // This week: seven days, today marked, with people on call (the demo roster starts today).
      const roster = page.getByTestId('roster');
      await roster.locator('li.roster-day').nth(6).waitFor();
      assert((await roster.locator('li.roster-day').count()) === 7, 'a week has seven days');
      const today = roster.locator('li[aria-current="date"]');
      assert((await today.locator('.roster-people li').count()) === 2, 'two people are on call today');
      await checkA11y(ctx, page, 'team and roster (th)');
      await shotTop(ctx, page, 'structures-roster-week-th');

      // The month: every day of it, with the Buddhist-Era year in its title.
      await page.locator('label', { hasText: /^เดือน$/ }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="roster"] li.roster-day').length >= 28);
      const range = await page.getByTestId('roster-range').innerText();
      assert(range.includes(be), `the month title should carry the Buddhist Era year: ${range}`);
      const days = await roster.locator('li.roster-day').count();
      const filled = await roster.locator('li.roster-day:not(.roster-empty)').count();
      ctx.log(`    month ${range}: ${days} days, ${filled} with people on call`);
      assert(filled >= 1 && filled <= days, 'the month shows the days on call');
      await checkA11y(ctx, page, 'roster month (th)');
      await shotTop(ctx, page, 'structures-roster-month-th');

      // A day's roster changed: nobody but the first member on the last day of this week.
      await page.locator('label', { hasText: /^สัปดาห์$/ }).click();
      await roster.locator('li.roster-day').nth(6).waitFor();
      const lastDay = roster.locator('li.roster-day').nth(6);
      await lastDay.getByRole('button', { name: /^แก้ไข — เวรวันที่/ }).click();
      const dialog = page.getByRole('dialog');
      const boxes = dialog.getByRole('checkbox');
      await boxes.first().waitFor();
      for (const box of await boxes.all()) await box.uncheck();
      await boxes.first().check();
      const first = (await boxes.first().evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '')).split(' — ')[0]!.trim();
      await checkA11y(ctx, page, 'roster day dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="roster"] li.roster-day')[6]?.querySelectorAll('.roster-people li').length === 1);
      await lastDay.getByText(first).waitFor();

      // Who is on call today, with the 24-hour lines, only when asked (the read is recorded).
      assert((await page.getByTestId('on-call-today').count()) === 0, 'on-call contacts shown before they were asked for');
      await page.getByRole('button', { name: 'แสดงผู้อยู่เวรและเบอร์ติดต่อด่วน' }).click();
      const onCall = page.getByTestId('on-call-today');
      await onCall.waitFor();
      const lines = await onCall.innerText();
      ctx.log(`    on call today: ${lines.split('\n').filter(Boolean).length} lines`);
      await checkA11y(ctx, page, 'on call today (th)');
      await s.close();
    },
  },
  {
    name: 's4 structures: volunteers are listed by area only when asked, phones one by one; Mae Sot border centre staff',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      const requests: string[] = [];
      const fetched = () => requests.length;
      page.on('request', (r) => {
        if (r.url().includes('/api/v1/volunteers')) requests.push(r.url());
      });
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'คณะกรรมการและทีม', 'คณะกรรมการ');
      await goSection(page, 'อาสาสมัคร (อพม.)', volunteersTitle);
      await page.getByText('ระบบจะแสดงรายชื่อเมื่อคุณขอเท่านั้น', { exact: false }).waitFor();
      assert(fetched() === 0, `volunteers were fetched before being asked for: ${requests.join(', ')}`);
      await checkA11y(ctx, page, 'volunteers before the list (th)');

      await page.getByRole('button', { name: 'แสดงรายชื่อ' }).click();
      const table = page.getByTestId('volunteers');
      await table.locator('tbody tr').first().waitFor();
      assert((await table.locator('tbody tr').count()) === 5, 'Chiang Rai has five demo volunteers');
      await table.getByText('หลักสูตรการเฝ้าระวังและแจ้งเหตุการค้ามนุษย์สำหรับ อพม.').first().waitFor();
      await table.getByText('ไม่ได้ปฏิบัติงาน', { exact: true }).waitFor();
      assert(!(await table.innerText()).match(/08\d-\d{3}-/), 'phone numbers shown before being asked for');
      assert(fetched() === 1 && requests[0]!.includes('province=57'), `one list request for Chiang Rai: ${requests.join(', ')}`);

      // Active only, in Mae Sai district.
      await choose(page, page.getByRole('search'), 'อำเภอ', /^แม่สาย$/, 'แม่สาย');
      await choose(page, page.getByRole('search'), 'สถานะ', 'ปฏิบัติงานอยู่');
      await page.getByRole('button', { name: 'แสดงรายชื่อ' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="volunteers"] tbody tr').length === 2);
      const first = table.locator('tbody tr').first();
      const name = (await first.locator('td').first().locator('p').first().innerText()).trim();
      await first.getByRole('button', { name: `แสดงเบอร์โทร — ${name}` }).click();
      const tel = first.getByRole('link', { name: /^08\d-/ });
      await tel.waitFor();
      assert((await tel.getAttribute('href'))?.startsWith('tel:08'), 'the phone is a tel: link');
      assert(requests.some((u) => /\/api\/v1\/volunteers\/[0-9a-f-]{36}$/.test(u)), 'the phone was not read on its own');
      await checkA11y(ctx, page, 'volunteers (th)');
      await shotTop(ctx, page, 'structures-volunteers-th');

      // Mae Sot border integration centre: staff seconded from four agencies today.
      await goSection(page, 'ศูนย์ชายแดน', 'ศูนย์บูรณาการชายแดน');
      await page.getByRole('link', { name: 'ศูนย์บูรณาการชายแดนแม่สอด' }).click();
      await page.getByRole('heading', { level: 1, name: 'ศูนย์บูรณาการชายแดนแม่สอด' }).waitFor();
      const staff = page.getByTestId('centre-staff');
      await staff.getByText('ส.ต.ท. วีรพล เขตแดน').waitFor();
      assert((await staff.locator('tbody tr').count()) === 4, 'four staff are seconded today');
      await page.getByText('4 คน จาก 4 หน่วยงาน').waitFor();
      await page.getByRole('link', { name: 'ทีมสหวิชาชีพศูนย์บูรณาการชายแดนแม่สอด' }).waitFor();
      assert((await page.getByRole('button', { name: 'เพิ่มเจ้าหน้าที่' }).count()) === 0, 'a Chiang Rai officer may not add staff in Tak');
      await checkA11y(ctx, page, 'border centre (th)');
      await shotTop(ctx, page, 'structures-border-centre-th');

      await goSection(page, 'ศูนย์ข้อมูลตำบล', 'ศูนย์ข้อมูลการค้ามนุษย์ระดับตำบล');
      await page.getByText('ศูนย์ข้อมูลการค้ามนุษย์ตำบลแม่สาย').waitFor();
      await checkA11y(ctx, page, 'sub-district centres (th)');
      await s.close();
    },
  },
  {
    name: 's5 structures: phone width (390×844): committee, meeting and roster fit the screen',
    async run(ctx) {
      const s = await open(ctx, { width: 390, height: 844 });
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await openCrCommittee(page);
      await page.getByTestId('committee-members').getByText('ผู้ว่าราชการจังหวัดเชียงราย').waitFor();
      await noSidewaysScroll(page, 'the committee page');
      await shotTop(ctx, page, 'structures-committee-phone-th');
      await checkA11y(ctx, page, 'committee (th, phone)');

      await page.getByTestId('committee-meetings').getByRole('link', { name: `การประชุมคณะอนุกรรมการฯ ครั้งที่ 1/${be}` }).click();
      await page.getByTestId('action-item').first().waitFor();
      await noSidewaysScroll(page, 'the meeting page');
      await shotTop(ctx, page, 'structures-meeting-phone-th');

      await page.goto('/structures/teams');
      await page.getByRole('table').getByRole('link', { name: crTeam }).click();
      const roster = page.getByTestId('roster');
      await roster.locator('li.roster-day').nth(6).waitFor();
      // On a phone the week is one column: each day below the other, with its weekday written out.
      const cols = await roster.locator('.roster-grid').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
      assert(cols === 1, `the roster should stack on a phone, has ${cols} columns`);
      await noSidewaysScroll(page, 'the team page');
      await shotTop(ctx, page, 'structures-roster-phone-th');
      await checkA11y(ctx, page, 'team (th, phone)');
      await s.close();
    },
  },
  {
    // Last of the structures specs: the committee it adds would be a second row under Chiang Rai for s1 and s5.
    name: 's6 structures: the Chiang Rai officer adds a border centre, a team and a committee, edits the team (a 409 on the way); an investigator may not',
    timeoutMs: 240_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      const writes: string[] = [];
      const bodies: unknown[] = [];
      page.on('request', (r) => {
        if (r.method() === 'GET' || !/\/api\/v1\/(border-centres|mdts|committees)/.test(r.url())) return;
        writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
        bodies.push(r.postDataJSON());
      });
      const dialog = page.getByRole('dialog');
      const save = dialog.getByRole('button', { name: 'บันทึก' });
      const centreOrg = 'ศูนย์ปฏิบัติการป้องกันและปราบปรามการค้ามนุษย์จังหวัดเชียงราย';
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'คณะกรรมการและทีม', 'คณะกรรมการ');

      // A border centre at Mae Sai. The province is the officer's own and cannot be changed; the English name is required.
      await goSection(page, 'ศูนย์ชายแดน', 'ศูนย์บูรณาการชายแดน');
      await page.getByRole('button', { name: 'เพิ่มศูนย์ชายแดน' }).click();
      const province = dialog.getByLabel(/^จังหวัด/);
      await waitForValue(province, 'เชียงราย');
      assert(await province.isDisabled(), 'a provincial officer could choose another province for a new centre');
      await dialog.getByText('คุณเพิ่มได้เฉพาะในจังหวัดของคุณ').waitFor();
      const centreName = `ศูนย์ประสานงานชายแดนแม่สาย ${stamp}`;
      await dialog.getByLabel(/^ชื่อภาษาไทย/).fill(centreName);
      await save.click();
      const nameEn = dialog.getByLabel(/^ชื่อภาษาอังกฤษ/);
      await dialog.getByText('จำเป็นต้องกรอก', { exact: true }).waitFor();
      assert((await nameEn.getAttribute('aria-invalid')) === 'true', 'the empty English name is not marked invalid');
      assert(writes.length === 0, `the form was sent without its English name: ${writes.join(', ')}`);
      await checkA11y(ctx, page, 'border centre form, a name missing (th)');
      await shot(ctx, page, 'structures-centre-form-error-th', false);
      await nameEn.fill(`Mae Sai Border Coordination Centre ${stamp}`);
      await choose(page, dialog, /^อำเภอ/, /^แม่สาย$/, 'แม่สาย');
      await choose(page, dialog, /^หน่วยงานที่ดูแลศูนย์/, centreOrg, 'ศูนย์ปฏิบัติการ');
      await dialog.getByLabel(/^ที่ตั้ง/).fill('ด่านพรมแดนแม่สาย อำเภอแม่สาย จังหวัดเชียงราย');
      await save.click();
      // Saved, the new centre opens.
      await page.getByRole('heading', { level: 1, name: centreName }).waitFor();
      await page.getByText('ด่านพรมแดนแม่สาย อำเภอแม่สาย จังหวัดเชียงราย').waitFor();
      await page.getByText('ยังไม่มีทีมสหวิชาชีพของศูนย์นี้').waitFor();
      const facts = await page.locator('dl.facts').first().innerText();
      assert(facts.includes('แม่สาย') && facts.includes(centreOrg), `the centre's district and organisation: ${facts}`);

      // Its address corrected: only the address is sent (with the version).
      await page.getByRole('button', { name: 'แก้ไขข้อมูลศูนย์' }).click();
      await waitForValue(dialog.getByLabel(/^อำเภอ/), 'แม่สาย');
      await dialog.getByLabel(/^ที่ตั้ง/).fill('ด่านพรมแดนแม่สาย ถนนพหลโยธิน อำเภอแม่สาย จังหวัดเชียงราย');
      await save.click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('ด่านพรมแดนแม่สาย ถนนพหลโยธิน อำเภอแม่สาย จังหวัดเชียงราย').waitFor();
      const sent = JSON.stringify(bodies.at(-1));
      assert(sent === JSON.stringify({ version: 1, address: 'ด่านพรมแดนแม่สาย ถนนพหลโยธิน อำเภอแม่สาย จังหวัดเชียงราย' }), `the centre's PATCH: ${sent}`);

      // A team for that centre: only Chiang Rai's centres are offered.
      await goSection(page, 'ทีมสหวิชาชีพ', 'ทีมสหวิชาชีพ');
      await page.getByRole('button', { name: 'เพิ่มทีมสหวิชาชีพ' }).click();
      const teamName = `ทีมสหวิชาชีพชายแดนแม่สาย ${stamp}`;
      await dialog.getByLabel(/^ชื่อภาษาไทย/).fill(teamName);
      await dialog.getByLabel(/^ชื่อภาษาอังกฤษ/).fill(`Mae Sai Border MDT ${stamp}`);
      await choose(page, dialog, /^ศูนย์ชายแดน/, centreName);
      assert((await page.getByRole('option', { name: 'ศูนย์บูรณาการชายแดนแม่สอด' }).count()) === 0, 'Tak\'s Mae Sot centre is offered for a Chiang Rai team');
      await choose(page, dialog, /^หน่วยงานประสานงาน/, centreOrg, 'ศูนย์ปฏิบัติการ');
      await checkA11y(ctx, page, 'team form (th)');
      await shot(ctx, page, 'structures-team-form-th', false);
      await save.click();
      await page.getByRole('heading', { level: 1, name: teamName }).waitFor();
      await page.getByRole('link', { name: centreName }).waitFor();

      // Two people edit the team at once. The second save is refused (409); saved again, it keeps both changes.
      await page.getByRole('button', { name: 'แก้ไขข้อมูลทีม' }).click();
      await dialog.getByText('เปลี่ยนจังหวัดไม่ได้หลังบันทึกแล้ว').waitFor();
      assert((await dialog.getByLabel(/^ชื่อภาษาไทย/).inputValue()) === teamName, 'the edit form is not filled with the team');
      const renamed = `${teamName} (ปรับปรุง)`;
      await dialog.getByLabel(/^ชื่อภาษาไทย/).fill(renamed);
      const other = await page.context().newPage();
      await other.goto(page.url());
      await other.getByRole('button', { name: 'แก้ไขข้อมูลทีม' }).click();
      const otherEn = `Mae Sai Border Team ${stamp}`;
      await other.getByRole('dialog').getByLabel(/^ชื่อภาษาอังกฤษ/).fill(otherEn);
      await other.getByRole('dialog').getByRole('button', { name: 'บันทึก' }).click();
      await other.getByRole('dialog').waitFor({ state: 'detached' });
      await other.close();
      await save.click();
      await dialog.getByRole('alert').getByText('มีผู้อื่นแก้ไขข้อมูลนี้ระหว่างที่คุณแก้ไข', { exact: false }).waitFor();
      // The page behind the dialog now shows the other person's English name.
      await page.getByText(otherEn, { exact: true }).waitFor();
      await checkA11y(ctx, page, 'team form, a conflict (th)');
      await shot(ctx, page, 'structures-team-conflict-th', false);
      await save.click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: renamed }).waitFor();
      await page.getByText(otherEn, { exact: true }).waitFor();
      const patches = writes.filter((w) => w.startsWith('PATCH /api/v1/mdts/'));
      assert(patches.length === 2, `two saves from this page (refused, then accepted): ${patches.join(', ')}`);
      const retried = JSON.stringify(bodies[writes.lastIndexOf(patches[1]!)]);
      assert(retried === JSON.stringify({ version: 2, nameTh: renamed }), `saved again, only the Thai name is sent, with the current version: ${retried}`);

      // The same form in English.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('button', { name: 'Edit the team' }).click();
      await dialog.getByText('The province cannot be changed once saved').waitFor();
      await dialog.getByLabel(/^Name in English/).waitFor();
      await checkA11y(ctx, page, 'team form (en)');
      await shot(ctx, page, 'structures-team-form-en', false);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.locator('label', { hasText: /^TH$/ }).first().click();

      // A committee: Chiang Rai's sub-committee exists already (the server says so); a working group is added instead.
      await goSection(page, 'คณะกรรมการ', 'คณะกรรมการ');
      await page.getByRole('button', { name: 'เพิ่มคณะกรรมการ' }).click();
      await waitForValue(dialog.getByLabel(/^ประเภท/), 'คณะอนุกรรมการจังหวัด');
      await dialog.getByLabel(/^ชื่อภาษาไทย/).fill('คณะอนุกรรมการจังหวัดเชียงรายอีกคณะ');
      await dialog.getByLabel(/^ชื่อภาษาอังกฤษ/).fill('A second Chiang Rai sub-committee');
      await save.click();
      await dialog.getByText('มีคณะกรรมการนี้อยู่แล้ว', { exact: false }).waitFor();
      await choose(page, dialog, /^ประเภท/, 'คณะกรรมการอื่น');
      assert((await dialog.getByText('มีคณะกรรมการนี้อยู่แล้ว', { exact: false }).count()) === 0, 'the "exists already" message outlives the kind it was about');
      const committeeName = `คณะทำงานเฝ้าระวังแรงงานประมงจังหวัดเชียงราย ${stamp}`;
      await dialog.getByLabel(/^ชื่อภาษาไทย/).fill(committeeName);
      await dialog.getByLabel(/^ชื่อภาษาอังกฤษ/).fill(`Chiang Rai Fishing Labour Watch Group ${stamp}`);
      await choose(page, dialog, /^ฝ่ายเลขานุการ/, centreOrg, 'ศูนย์ปฏิบัติการ');
      await checkA11y(ctx, page, 'committee form (th)');
      await shot(ctx, page, 'structures-committee-form-th', false);
      await save.click();
      await page.getByRole('heading', { level: 1, name: committeeName }).waitFor();
      await page.getByText('คณะกรรมการอื่น').first().waitFor();
      await page.getByRole('button', { name: 'แก้ไขข้อมูลคณะกรรมการ' }).waitFor();
      await shotTop(ctx, page, 'structures-committee-new-th');

      // Tak's border centre: readable, not the Chiang Rai officer's to edit.
      await goSection(page, 'ศูนย์ชายแดน', 'ศูนย์บูรณาการชายแดน');
      await page.getByRole('link', { name: 'ศูนย์บูรณาการชายแดนแม่สอด' }).click();
      await page.getByTestId('centre-staff').locator('tbody tr').first().waitFor();
      assert((await page.getByRole('button', { name: 'แก้ไขข้อมูลศูนย์' }).count()) === 0, 'a Chiang Rai officer may edit the Tak centre');
      await s.close();

      // An investigator reads the structures but adds and edits none.
      const police = await open(ctx);
      await signIn(police.page, loginNamed(ctx, 'cri.police'));
      for (const [url, heading, add] of [
        ['/structures', 'คณะกรรมการ', 'เพิ่มคณะกรรมการ'],
        ['/structures/border-centres', 'ศูนย์บูรณาการชายแดน', 'เพิ่มศูนย์ชายแดน'],
        ['/structures/teams', 'ทีมสหวิชาชีพ', 'เพิ่มทีมสหวิชาชีพ'],
      ] as const) {
        await police.page.goto(url);
        await police.page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await police.page.locator('table tbody tr').first().waitFor();
        assert((await police.page.getByRole('button', { name: add }).count()) === 0, `an investigator sees "${add}"`);
      }
      await shotTop(ctx, police.page, 'structures-teams-investigator-th');
      await police.page.getByRole('table').getByRole('link', { name: renamed }).click();
      await police.page.getByRole('heading', { level: 1, name: renamed }).waitFor();
      await police.page.getByRole('link', { name: centreName }).waitFor();
      assert((await police.page.getByRole('button', { name: 'แก้ไขข้อมูลทีม' }).count()) === 0, 'an investigator sees "edit the team"');
      await checkA11y(ctx, police.page, 'team (th, investigator)');
      await police.close();
    },
  },
];
