/**
 * Browser specs for the statistics dashboard (issue 6): a national analyst (second factor) filters the
 * dashboard to Chiang Rai and this year, sees the map and the charts, opens the cases behind a number,
 * exports a table and downloads a standard table and the CTDC records; a Chiang Rai officer sees only
 * Chiang Rai, even with another province in the address, and the dashboard works at phone width.
 * Registered in run.ts after the cases specs; helpers come from specs.ts, session.ts and cases.specs.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { choose, goNav, shotTop } from './cases.specs.js';
import { assert, checkA11y, loginNamed, settle, shot, signInWithTotp, type Ctx, type Spec } from './specs.js';
import { openSession as open, signInAs } from './session.js';

const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(new Date()));
const beYear = year + 543;

/** Waits until the dashboard's numbers are in (no loader left in the page). */
async function dashboardLoaded(page: Page): Promise<void> {
  await page.getByTestId('stats-total-victims').waitFor();
  await page.waitForFunction(() => !document.querySelector('main [role="status"] .mantine-Loader-root'), undefined, { timeout: 30_000 });
  await settle(page);
}

async function mapDrawn(page: Page): Promise<string[]> {
  await page.locator('[data-testid="stats-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stats-map"] svg path[stroke="#495057"]').length >= 77);
  return page.evaluate(() => [...new Set([...document.querySelectorAll('[data-testid="stats-map"] svg path[stroke="#495057"]')].map((p) => p.getAttribute('fill') ?? ''))]);
}

/** The rows of a dashboard table as [label, count text]. */
async function tableRows(page: Page, id: string): Promise<[string, string][]> {
  return page.getByTestId(`stats-table-${id}`).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      // What is seen: without the buttons' screen-reader words.
      const td = tr.querySelector('td')?.cloneNode(true) as HTMLElement | undefined;
      td?.querySelectorAll('.sr-only').forEach((e) => e.remove());
      return [tr.querySelector('th')?.textContent?.trim() ?? '', td?.textContent?.trim() ?? ''] as [string, string];
    }));
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const text = readFileSync(await d.path(), 'utf8').replace(/^\uFEFF/, '');
  return { name: d.suggestedFilename(), text };
}

export const statsSpecs: Spec[] = [
  {
    name: 'stats1: a national analyst filters the dashboard to Chiang Rai and this year, sees the map and charts, drills down and exports',
    timeoutMs: 300_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signInWithTotp(page, loginNamed(ctx, 'demo.analyst'));
      await goNav(page, 'สถิติ', 'สถิติการค้ามนุษย์');
      await dashboardLoaded(page);
      await page.getByTestId('stats-scope').getByText('ทั้งประเทศ').waitFor();
      await checkA11y(ctx, page, 'stats dashboard (th, national, all years)');

      // Filters: this calendar year (shown in the Buddhist Era) and Chiang Rai.
      await choose(page, page, 'ช่วงเวลา', 'ปีปฏิทิน');
      await choose(page, page, 'ปี', `พ.ศ. ${beYear}`);
      await choose(page, page, 'จังหวัด', 'เชียงราย', 'เชียงร');
      await page.waitForURL((u) => u.searchParams.get('year') === String(year) && /57/.test(u.searchParams.get('province') ?? ''));
      await page.getByTestId('stats-scope').getByText(`พ.ศ. ${beYear} · เชียงราย`).waitFor();
      await dashboardLoaded(page);

      const victimsText = (await page.getByTestId('stats-total-victims').locator('.stats-number').innerText()).trim();
      ctx.log(`    Chiang Rai ${beYear}: victims ${victimsText}`);
      assert(/^\d[\d,]*$/.test(victimsText) && Number(victimsText.replace(/,/g, '')) >= 5, `expected a visible victims count for Chiang Rai this year, got "${victimsText}"`);
      const victims = Number(victimsText.replace(/,/g, ''));

      // The map: every province drawn, Chiang Rai coloured, the others "none".
      const fills = await mapDrawn(page);
      assert(fills.includes('#e9ecef') && fills.some((f) => f !== '#e9ecef'), `map fills: ${fills.join(', ')}`);
      const provinceRows = await tableRows(page, 'by-province');
      assert(provinceRows.length === 1 && provinceRows[0]![0] === 'เชียงราย', `province table should list Chiang Rai only: ${JSON.stringify(provinceRows)}`);
      assert(provinceRows[0]![1] === victimsText, `Chiang Rai row ${provinceRows[0]![1]} ≠ headline ${victimsText}`);

      // The charts: upright bars by month, bars across by form of exploitation.
      for (const id of ['by-month', 'by-exploitation', 'by-nationality', 'cases-by-stage']) {
        await page.locator(`[data-testid="stats-chart-${id}"] svg`).waitFor();
        const bars = await page.locator(`[data-testid="stats-chart-${id}"] svg path[fill="#1864ab"]`).count();
        assert(bars > 0, `chart ${id} has no bars`);
      }
      // Suppressed cells: "<5", explained by the legend, never a bar of 0.
      await page.getByTestId('stats-legend').getByText('น้อยกว่า 5 หรือถูกซ่อน').waitFor();
      const hidden = await page.locator('.stats-table abbr.stats-hidden').count();
      ctx.log(`    ${hidden} cells shown as <5`);
      await checkA11y(ctx, page, 'stats dashboard (th, Chiang Rai, this year)');
      await shotTop(ctx, page, 'stats-dashboard-th');
      await shot(ctx, page, 'stats-dashboard-top-th', false);
      await page.getByTestId('stats-panel-by-province').screenshot({ path: join(ctx.screenshotDir, 'stats-map-th.png') });
      for (const id of ['by-month', 'by-exploitation', 'timeliness']) await page.getByTestId(`stats-panel-${id}`).screenshot({ path: join(ctx.screenshotDir, `stats-panel-${id}-th.png`) });

      // Drill-down from a number in the exploitation table: the cases behind it, each linking to its page.
      const first = page.getByTestId('stats-table-by-exploitation').locator('tbody button').first();
      const firstLabel = (await first.innerText()).replace(/\s+/g, ' ');
      await first.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('กรณีเบื้องหลังตัวเลข').waitFor();
      await dialog.locator('tbody tr').first().waitFor();
      const drillRows = await dialog.locator('tbody tr').count();
      const provincesShown = await dialog.locator('tbody tr td:nth-child(2)').allInnerTexts();
      assert(provincesShown.every((p) => p.trim() === 'เชียงราย'), `drill-down lists other provinces: ${provincesShown.join(', ')}`);
      const href = await dialog.locator('tbody tr a').first().getAttribute('href');
      assert(/^\/cases\/[0-9a-f-]{36}$/.test(href ?? ''), `case link is ${href}`);
      ctx.log(`    drill-down ${firstLabel}: ${drillRows} cases`);
      await checkA11y(ctx, page, 'stats drill-down (th)');
      await shot(ctx, page, 'stats-drilldown-th', false);
      const caseNumber = (await dialog.locator('tbody tr a').first().innerText()).trim();
      await dialog.locator('tbody tr a').first().click();
      await page.waitForURL('**/cases/*');
      await page.getByText(caseNumber).first().waitFor();
      await page.goBack();
      await dashboardLoaded(page);
      assert(new URL(page.url()).searchParams.get('year') === String(year), `the filters are lost after going back: ${page.url()}`);

      // Export the province table as CSV, made in the browser: the same numbers as on screen.
      const provinceCsv = await download(page, () => page.getByTestId('stats-export-by-province').click());
      const lines = provinceCsv.text.trim().split(/\r?\n/);
      assert(lines[0] === 'รายการ,จำนวน', `CSV header: ${lines[0]}`);
      assert(lines.includes(`เชียงราย,${victims}`), `CSV lacks "เชียงราย,${victims}": ${lines.slice(0, 5).join(' | ')}`);
      assert(lines.at(-1) === `รวม,${victims}`, `CSV total line: ${lines.at(-1)}`);
      ctx.log(`    ${provinceCsv.name}: ${lines.length} lines`);

      // A standard table for this year (CSV from the server) and the CTDC records.
      await choose(page, page.getByTestId('stats-standard-tables'), 'ตาราง', 'ผู้เสียหายจำแนกตามจังหวัด');
      const standard = await download(page, () => page.getByTestId('stats-standard-download').click());
      assert(standard.name.endsWith(`${year}.csv`), `standard table file name ${standard.name}`);
      assert(standard.text.trim().split(/\r?\n/).length > 1, `standard table is empty: ${standard.text.slice(0, 200)}`);
      ctx.log(`    ${standard.name}: ${standard.text.split('\n')[0]}`);
      const ctdc = await download(page, () => page.getByTestId('stats-ctdc-download').click());
      assert(ctdc.text.startsWith('yearOfRegistration,gender,ageBroad,citizenship'), `CTDC header: ${ctdc.text.slice(0, 120)}`);
      await page.getByTestId('stats-ctdc').getByText(/เผยแพร่ \d+ ราย/).waitFor();
      ctx.log(`    ${ctdc.name}: ${ctdc.text.trim().split('\n').length - 1} records`);
      await checkA11y(ctx, page, 'stats downloads (th)');

      // English: the same view, years in the Common Era.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Trafficking statistics' }).waitFor();
      await page.getByTestId('stats-scope').getByText(`${year} · Chiang Rai`).waitFor();
      await mapDrawn(page);
      await checkA11y(ctx, page, 'stats dashboard (en)');
      await shotTop(ctx, page, 'stats-dashboard-en');
      await s.close();
    },
  },
  {
    name: 'stats2: a provincial officer sees only their province, also with another province in the address; phone width',
    timeoutMs: 240_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signInAs(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'สถิติ', 'สถิติการค้ามนุษย์');
      await dashboardLoaded(page);
      await page.getByTestId('stats-scope').getByText('จังหวัดเชียงราย').waitFor();
      assert(await page.getByRole('search').getByLabel('จังหวัด', { exact: true }).count() === 0, 'a provincial officer is offered a province filter');
      assert(await page.getByTestId('stats-standard-tables').count() === 0, 'downloads shown without stats.export');
      const rows = await tableRows(page, 'by-province');
      assert(rows.length === 1 && rows[0]![0] === 'เชียงราย', `officer's province table: ${JSON.stringify(rows)}`);
      const fills = await mapDrawn(page);
      assert(fills.length >= 2, `officer's map fills: ${fills.join(', ')}`);
      await checkA11y(ctx, page, 'stats dashboard (th, provincial officer)');
      await shotTop(ctx, page, 'stats-officer-th');

      // Tak (63) in the address: still Chiang Rai only (the API scopes, the page does not offer it).
      await page.goto(`/stats?period=calendar&year=${year}&province=63`);
      await dashboardLoaded(page);
      await page.getByTestId('stats-scope').getByText('จังหวัดเชียงราย').waitFor();
      const rows63 = await tableRows(page, 'by-province');
      assert(rows63.every(([p]) => p === 'เชียงราย'), `with province=63 the officer sees ${JSON.stringify(rows63)}`);

      // A bar of the stage chart opens its cases.
      const bar = page.locator('[data-testid="stats-chart-cases-by-stage"] svg path[fill="#1864ab"]').first();
      await bar.waitFor();
      await bar.click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('tbody tr').first().waitFor();
      const provincesShown = await dialog.locator('tbody tr td:nth-child(2)').allInnerTexts();
      assert(provincesShown.every((p) => p.trim() === 'เชียงราย'), `officer's drill-down lists ${provincesShown.join(', ')}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // Phone width: charts and tables stack, nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await settle(page);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 1, `the dashboard is ${overflow}px wider than the phone`);
      const [chartBox, tableBox] = await Promise.all([
        page.getByTestId('stats-chart-by-exploitation').boundingBox(),
        page.getByTestId('stats-table-by-exploitation').boundingBox(),
      ]);
      assert(chartBox && tableBox && tableBox.y >= chartBox.y + chartBox.height - 1, 'on a phone the table should come below its chart');
      await checkA11y(ctx, page, 'stats dashboard (th, phone)');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(ctx, page, 'stats-phone-th', false);
      await page.getByTestId('stats-panel-by-exploitation').scrollIntoViewIfNeeded();
      await shot(ctx, page, 'stats-phone-chart-th', false);
      await s.close();
    },
  },
];
