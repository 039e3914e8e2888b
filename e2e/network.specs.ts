/**
 * Browser specs for the network directory (issue 3): Find help, a partner's page, the map and the
 * coverage matrix. Registered in run.ts after the specs in specs.ts, whose helpers (sign-in checks,
 * screenshots, axe) they share.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { assert, checkA11y, loginNamed, settle, shot, type Ctx, type DemoLogin, type Spec } from './specs.js';
import { choose, openSession as open, signInAs as signIn, type Session } from './session.js';

async function goNav(page: Page, name: string, heading = name): Promise<void> {
  const burger = page.locator('button[aria-controls="app-navbar"]');
  if (await burger.isVisible()) await burger.click();
  await page.locator('#app-navbar a', { hasText: name }).first().click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** A link of the network pages' own navigation (Find help / Map / Coverage / My organisation). */
async function goNetwork(page: Page, link: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'เครือข่ายภาคี' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const girlsHomeTh = 'มูลนิธิบ้านพักพิงเด็กหญิงเชียงราย';
const crShelterTh = 'บ้านพักเด็กและครอบครัวจังหวัดเชียงราย';
const beYear = String(new Date().getFullYear() + 543);

export const networkSpecs: Spec[] = [
  {
    name: 'n1: officer finds a shelter for a 14-year-old Burmese-speaking girl in Chiang Rai and opens the partner',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      const nav = (await page.locator('#app-navbar a').allInnerTexts()).map((x) => x.trim());
      assert(nav[1] === 'ค้นหาความช่วยเหลือ', `Find help should come right after Home in the nav: ${nav.join(', ')}`);
      await page.getByText('ค้นหาหน่วยงานภาคีที่ช่วยผู้เสียหายได้ตอนนี้', { exact: false }).waitFor();
      await goNav(page, 'ค้นหาความช่วยเหลือ');
      await page.getByText('กรอกสิ่งที่ผู้เสียหายต้องการ').waitFor();
      await checkA11y(ctx, page, 'find help (th)');

      await page.getByRole('button', { name: /ตัวอย่าง: เด็กหญิงอายุ 14 ปี/ }).click();
      const first = page.getByTestId('network-result').first();
      await first.waitFor();
      // The preset filled the form as well as searching.
      assert((await page.getByRole('textbox', { name: 'อายุ (ปี)' }).inputValue()) === '14', 'age field not 14');
      assert(await page.getByRole('checkbox', { name: 'มีที่ว่างตอนนี้' }).isChecked(), 'free places not ticked');
      const heading = (await first.getByRole('heading', { level: 3 }).innerText()).trim();
      assert(heading === girlsHomeTh, `first result should be ${girlsHomeTh}, got "${heading}"`);
      await first.getByText('Chiang Rai Girls Safe Home Foundation').waitFor();
      await first.getByText('จังหวัดเดียวกัน').waitFor();
      const urgent = first.getByTestId('urgent-contact');
      await urgent.getByText('ติดต่อด่วน 24 ชั่วโมง').waitFor();
      await urgent.getByText('นางสาวอรุณี ใจมั่น').waitFor();
      const tel = await urgent.getByRole('link', { name: /นางสาวอรุณี/ }).getAttribute('href');
      assert(tel === 'tel:0810005701', `urgent contact tel: link is ${tel}`);
      await urgent.getByText('safehome.cr').waitFor();
      const card = await first.innerText();
      for (const want of ['ที่พักพิง', 'หญิง', 'อายุ 0–17 ปี', 'พม่า', 'ไทใหญ่', 'ว่าง 3 จาก 24 ที่', beYear]) {
        assert(card.includes(want), `first result lacks "${want}":\n${card}`);
      }
      await page.getByText('ระบบบันทึกทุกครั้งที่มีการเปิดดูข้อมูลผู้ติดต่อ').waitFor();
      await shot(ctx, page, 'network-search-th');
      await checkA11y(ctx, page, 'find help results (th)');

      // The partner page: profile, services and every contact.
      await first.getByRole('link', { name: girlsHomeTh, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: girlsHomeTh }).waitFor();
      const contacts = page.getByTestId('contact-list');
      await contacts.getByText('นางสาวอรุณี ใจมั่น').waitFor();
      await contacts.getByText('ติดต่อด่วน 24 ชม.').waitFor();
      await page.getByTestId('partner-service').first().waitFor();
      // A provincial officer of Chiang Rai manages the Chiang Rai network: the edit buttons show.
      await page.getByRole('button', { name: 'ปรับจำนวนที่ว่าง — ที่พักพิง' }).waitFor();
      await shot(ctx, page, 'network-partner-th');
      await checkA11y(ctx, page, 'partner (th, officer)');

      // Free places: one bed was taken tonight.
      await page.getByRole('button', { name: 'ปรับจำนวนที่ว่าง — ที่พักพิง' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'จำนวนที่ว่างตอนนี้' }).fill('2');
      await checkA11y(ctx, page, 'free places dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('partner-service').filter({ hasText: 'ว่าง 2 จาก 24 ที่' }).waitFor();

      // Back to the search: the same filters and results are still there (kept in memory only).
      await page.getByRole('link', { name: /กลับไปค้นหาความช่วยเหลือ/ }).click();
      await page.getByTestId('network-result').first().waitFor();
      assert((await page.getByRole('textbox', { name: 'อายุ (ปี)' }).inputValue()) === '14', 'search filters were lost on the way back');
      assert(!page.url().includes('age='), `the victim profile must not be in the URL: ${page.url()}`);

      // English.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Find help' }).waitFor();
      await page.getByText('Urgent 24-hour contact').first().waitFor();
      await page.getByText('Same province').first().waitFor();
      await checkA11y(ctx, page, 'find help results (en)');
      await s.close();
    },
  },
  {
    name: 'n2: the partner map draws the provinces; choosing Chiang Rai lists its partners',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'ค้นหาความช่วยเหลือ');
      await goNetwork(page, 'แผนที่', 'แผนที่ภาคี');
      const map = page.locator('[data-testid="network-map"][data-ready="true"]');
      await map.locator('svg').waitFor();
      // Every one of the 77 provinces is drawn (stroke = the province border colour).
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="network-map"] svg path[stroke="#495057"]').length >= 77);
      const drawn = await page.locator('[data-testid="network-map"] svg path[stroke="#495057"]').count();
      ctx.log(`    map: ${drawn} province paths drawn`);
      const colours = await page.evaluate(() => [...new Set([...document.querySelectorAll('[data-testid="network-map"] svg path[stroke="#495057"]')].map((p) => p.getAttribute('fill')))]);
      assert(colours.length >= 3, `the choropleth should use several colours, got ${JSON.stringify(colours)}`);
      await page.getByText('Boundaries: Royal Thai Survey Department via OCHA/HDX (CC BY-IGO 3.0), simplified by mapthai').waitFor();
      await page.getByRole('table', { name: 'จำนวนภาคีรายจังหวัด' }).getByRole('button', { name: 'เชียงราย', exact: true }).waitFor();
      await checkA11y(ctx, page, 'map (th)');

      // Click Chiang Rai on the map: its place inside the drawn country (lon 99.9, lat 19.9), checked by the tooltip.
      const box = await page.evaluate(() => {
        const rects = [...document.querySelectorAll('[data-testid="network-map"] svg path[stroke="#495057"]')].map((p) => p.getBoundingClientRect());
        return { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)), top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
      });
      const toPx = (lon: number, lat: number) => ({
        x: box.left + ((lon - 97.34) / (105.64 - 97.34)) * (box.right - box.left),
        y: box.top + ((20.46 - lat) / (20.46 - 5.61)) * (box.bottom - box.top),
      });
      let clicked = false;
      for (const [lon, lat] of [[99.9, 19.85], [100.1, 19.7], [99.7, 19.95], [100.3, 19.9]] as const) {
        const { x, y } = toPx(lon, lat);
        await page.mouse.move(x, y);
        // ECharts puts its tooltip inside the chart box: Thai name in bold, then the English name.
        const tip = await map.locator('strong', { hasText: /^เชียงราย$/ }).waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false);
        if (tip) {
          await map.getByText('Chiang Rai').waitFor();
          await page.mouse.click(x, y);
          clicked = true;
          break;
        }
      }
      if (!clicked) {
        ctx.log('    map: could not find Chiang Rai under the mouse; choosing it from the table instead');
        await page.getByRole('table', { name: 'จำนวนภาคีรายจังหวัด' }).getByRole('button', { name: 'เชียงราย', exact: true }).click();
      } else {
        ctx.log('    map: clicked Chiang Rai on the map (tooltip showed its name)');
      }
      await page.getByRole('heading', { level: 2, name: 'หน่วยงานภาคีในจังหวัดเชียงราย' }).waitFor();
      const list = page.getByTestId('province-partners');
      await list.getByRole('link', { name: girlsHomeTh }).waitFor();
      assert(!(await list.innerText()).includes('มูลนิธิพัฒนาเด็กและสตรีพะเยา'), 'a Phayao partner is listed under Chiang Rai');
      await page.mouse.move(5, 5);
      await shot(ctx, page, 'network-map-th');
      await checkA11y(ctx, page, 'map with province (th)');

      // The table gives the same choice by keyboard; a service filter narrows the list.
      await choose(page, page, 'บริการ', 'ที่พักพิง', 'ที่พัก');
      await page.getByRole('table', { name: 'จำนวนภาคีรายจังหวัด' }).getByRole('button', { name: 'เชียงราย', exact: true }).press('Enter');
      await list.getByRole('link', { name: 'บ้านพักเด็กชายแม่สาย' }).waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid="province-partners"]')?.textContent?.includes('โรงพยาบาลเชียงรายประชานุเคราะห์'));
      await s.close();
    },
  },
  {
    name: 'n3: coverage of services for boys aged 12 shows the gaps and exports CSV',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'ค้นหาความช่วยเหลือ');
      await goNetwork(page, 'ความครอบคลุม', 'ความครอบคลุมของบริการ');
      await page.locator('.network-matrix tbody tr').nth(76).waitFor();
      await choose(page, page, 'รับเพศ', 'ชาย');
      await page.getByRole('textbox', { name: 'อายุ (ปี)' }).fill('12');
      await page.getByRole('status').filter({ hasText: /ชาย · อายุ 12 ปี$/ }).waitFor();
      const rows = await page.locator('.network-matrix tbody tr').count();
      assert(rows === 77, `coverage should have 77 provinces, got ${rows}`);
      const gapsText = await page.getByTestId('coverage-gaps').innerText();
      const gaps = Number(/(\d+)/.exec(gapsText)?.[1]);
      const red = await page.locator('.network-matrix td.gap').count();
      assert(gaps > 0 && gaps === red, `"${gapsText}" but ${red} red cells`);
      const bg = await page.locator('.network-matrix td.gap').first().evaluate((el) => getComputedStyle(el).backgroundColor);
      assert(bg !== 'rgba(0, 0, 0, 0)' && bg !== 'rgb(255, 255, 255)', `gap cells are not highlighted (${bg})`);
      await page.locator('.network-matrix td.gap').first().getByText('ไม่มีหน่วยงานภาคี').waitFor({ state: 'attached' });
      // Chiang Rai has a boys' shelter (Mae Sai): its shelter cell is not a gap.
      const crShelter = page.locator('.network-matrix tbody tr', { has: page.locator('th', { hasText: /^เชียงราย$/ }) }).locator('td').first();
      assert(!(await crShelter.getAttribute('class'))?.includes('gap'), 'Chiang Rai shelter for boys aged 12 shows as a gap');
      await shot(ctx, page, 'network-coverage-th');
      await checkA11y(ctx, page, 'coverage (th)');

      const link = page.getByTestId('coverage-csv');
      const href = await link.getAttribute('href');
      assert(href === '/api/v1/network/coverage.csv?by=service&sex=male&age=12', `CSV link is ${href}`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const path = await download.path();
      const csv = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.trim().split(/\r?\n/);
      assert(lines[0]!.startsWith('province_code,province_th,province_en,shelter,food,'), `CSV header: ${lines[0]}`);
      assert(lines.length === 78, `CSV should have a header and 77 rows, got ${lines.length} lines`);
      ctx.log(`    CSV ${download.suggestedFilename()}: ${lines.length} lines`);

      // The 5P view: sex and age do not apply.
      await page.getByText('มาตรการ 5P', { exact: true }).click();
      await page.getByText('เพศและอายุใช้กับบริการเท่านั้น').waitFor();
      await page.locator('.network-matrix thead th', { hasText: 'การคุ้มครองช่วยเหลือ' }).waitFor();
      await checkA11y(ctx, page, 'coverage 5P (th)');
      await s.close();
    },
  },
  {
    name: 'n4: shelter staff add a shelter service to their own organisation; it then appears in a search',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.shelter'));
      await goNav(page, 'ค้นหาความช่วยเหลือ');
      await goNetwork(page, 'หน่วยงานของฉัน', crShelterTh);
      await page.getByText('หน่วยงานนี้ยังไม่ได้ลงทะเบียนบริการ').waitFor();
      await checkA11y(ctx, page, 'own partner page (th, shelter)');

      // A shelter for children of any sex aged 0–17, 10 places of which 4 are free.
      await page.getByRole('button', { name: 'เพิ่มบริการ' }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, dialog, 'บริการ', 'ที่พักพิง', 'ที่พัก');
      await dialog.getByRole('textbox', { name: 'อายุต่ำสุด (ปี)' }).fill('0');
      await dialog.getByRole('textbox', { name: 'อายุสูงสุด (ปี)' }).fill('17');
      await choose(page, dialog, 'ภาษาที่เจ้าหน้าที่ใช้ได้', /^ไทย$/, 'ไทย');
      await dialog.locator('h2').first().click();
      await dialog.getByRole('textbox', { name: 'จำนวนที่ทั้งหมด' }).fill('10');
      await dialog.getByRole('textbox', { name: 'จำนวนที่ว่างตอนนี้' }).fill('4');
      await dialog.getByRole('switch', { name: 'ให้บริการ 24 ชั่วโมง' }).check();
      await checkA11y(ctx, page, 'add service dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      const svc = page.getByTestId('partner-service').filter({ hasText: 'ที่พักพิง' });
      await svc.getByText('ว่าง 4 จาก 10 ที่').waitFor();
      assert((await svc.innerText()).includes(beYear), 'the places update time should show the Buddhist Era year');

      // A 24-hour contact; the server's field error (an e-mail address it refuses) shows under the field.
      await page.getByRole('button', { name: 'เพิ่มผู้ติดต่อ' }).click();
      await dialog.getByRole('textbox', { name: 'ชื่อ' }).fill('นางสาวทดสอบ เวรดึก');
      await dialog.getByRole('textbox', { name: 'โทรศัพท์มือถือ' }).fill('081-000-5790');
      await dialog.getByRole('textbox', { name: 'อีเมล' }).fill('not-an-address');
      await dialog.getByRole('switch', { name: 'ติดต่อด่วนได้ 24 ชั่วโมง' }).check();
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      const email = dialog.getByRole('textbox', { name: 'อีเมล' });
      await page.waitForFunction(() => document.querySelector('[role="dialog"] input[type="email"]')?.getAttribute('aria-invalid') === 'true');
      const errorId = (await email.getAttribute('aria-describedby'))?.split(' ').find((x) => x.endsWith('-error'));
      assert(errorId, 'the e-mail field has no error message');
      ctx.log(`    server field error under e-mail: "${(await page.locator(`[id="${errorId}"]`).innerText()).trim()}"`);
      await dialog.getByRole('alert').waitFor();
      await checkA11y(ctx, page, 'contact dialog with a server error (th)');
      await dialog.getByRole('textbox', { name: 'อีเมล' }).fill('');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByTestId('contact-list').getByText('นางสาวทดสอบ เวรดึก').waitFor();

      // The profile: a 5P measure, an address and a district it also serves (Mae Sai).
      await page.getByRole('button', { name: 'แก้ไขข้อมูลหน่วยงาน' }).click();
      await dialog.getByRole('checkbox', { name: 'การคุ้มครองช่วยเหลือ' }).check();
      await dialog.getByRole('textbox', { name: 'ที่อยู่' }).fill('อำเภอเมืองเชียงราย จังหวัดเชียงราย');
      await dialog.getByRole('button', { name: 'เพิ่มพื้นที่' }).click();
      await choose(page, dialog, 'จังหวัด (พื้นที่ 1)', /^เชียงราย$/, 'เชียงราย');
      await choose(page, dialog, 'อำเภอ (พื้นที่ 1)', /^แม่สาย$/, 'แม่สาย');
      await checkA11y(ctx, page, 'profile dialog (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('เชียงราย › แม่สาย').waitFor();
      await page.getByText('การคุ้มครองช่วยเหลือ', { exact: true }).waitFor();
      await shot(ctx, page, 'network-own-partner-th');

      // Now it is found for a 12-year-old boy needing a shelter with free places in Chiang Rai.
      await goNetwork(page, 'ค้นหาความช่วยเหลือ', 'ค้นหาความช่วยเหลือ');
      await choose(page, page, 'บริการ', 'ที่พักพิง', 'ที่พัก');
      await choose(page, page, 'อำเภอ', /^แม่สาย$/, 'แม่สาย');
      await choose(page, page, 'เพศ', 'ชาย');
      await page.getByRole('textbox', { name: 'อายุ (ปี)' }).fill('12');
      await page.getByRole('checkbox', { name: 'มีที่ว่างตอนนี้' }).check();
      await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
      const hit = page.getByTestId('network-result').filter({ has: page.getByRole('heading', { name: crShelterTh }) });
      await hit.waitFor();
      await hit.getByText('นางสาวทดสอบ เวรดึก').waitFor();
      await hit.getByText('ว่าง 4 จาก 10 ที่').waitFor();
      await hit.getByText('อำเภอเดียวกัน').waitFor();
      assert((await page.getByTestId('network-result').first().getByRole('heading', { level: 3 }).innerText()).trim() === crShelterTh, 'the Mae Sai district partner should come first');
      // Mae Sai's boys' shelter has no free place: it is not offered.
      assert((await page.getByTestId('network-result').filter({ hasText: 'บ้านพักเด็กชายแม่สาย' }).count()) === 0, 'a shelter without free places was listed');
      await checkA11y(ctx, page, 'find help (th, shelter)');

      // Another partner's page (the girls' safe home): no edit buttons, and the server refuses a change anyway.
      const otherId = await page.evaluate(async (name) => {
        const res = await fetch('/api/v1/network/search?province=57&service=shelter');
        const body = (await res.json()) as { items: { partner: { id: string; nameTh: string } }[] };
        return body.items.find((i) => i.partner.nameTh === name)?.partner.id;
      }, girlsHomeTh);
      assert(otherId, `${girlsHomeTh} not found through the API`);
      await page.goto(`/network/partners/${otherId}`);
      await page.getByRole('heading', { level: 1, name: girlsHomeTh }).waitFor();
      await page.getByTestId('partner-service').first().waitFor();
      assert((await page.getByRole('button', { name: 'เพิ่มบริการ' }).count()) === 0, 'shelter staff see "add service" on another partner');
      assert((await page.getByRole('button', { name: /ปรับจำนวนที่ว่าง/ }).count()) === 0, 'shelter staff may update places of another partner');
      const status = await page.evaluate(async (id) => {
        const csrf = ((await (await fetch('/api/v1/auth/csrf')).json()) as { csrfToken: string }).csrfToken;
        const res = await fetch(`/api/v1/network/partners/${id}/services`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify({ service: 'food' }) });
        return res.status;
      }, otherId);
      assert(status === 403, `POST a service to another partner as service_provider: expected 403, got ${status}`);
      await s.close();
    },
  },
  {
    name: 'n5: phone width (390×844): Find help cards stack and the coverage matrix scrolls sideways',
    async run(ctx) {
      const s = await open(ctx, { width: 390, height: 844 });
      const { page } = s;
      await signIn(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'ค้นหาความช่วยเหลือ');
      await page.getByRole('button', { name: /ตัวอย่าง: เด็กหญิงอายุ 14 ปี/ }).click();
      await page.getByTestId('network-result').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 1, `Find help is ${overflow}px wider than the phone`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(ctx, page, 'network-search-phone-th');
      await checkA11y(ctx, page, 'find help (th, phone)');
      await goNetwork(page, 'ความครอบคลุม', 'ความครอบคลุมของบริการ');
      await page.locator('.network-matrix tbody tr').nth(76).waitFor();
      const m = await page.locator('.network-matrix').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      assert(m.scroll > m.client, `the matrix should scroll sideways on a phone (${m.scroll} vs ${m.client})`);
      const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(pageOverflow <= 1, `the coverage page is ${pageOverflow}px wider than the phone`);
      await shot(ctx, page, 'network-coverage-phone-th', false);
      await checkA11y(ctx, page, 'coverage (th, phone)');
      await s.close();
    },
  },
];
