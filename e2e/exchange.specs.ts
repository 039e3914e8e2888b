/**
 * Browser spec for the HTCDS data exchange page (issue 6): the Chiang Rai provincial officer exports the
 * cases as a background job, follows its progress bar to the end and downloads the JSON; imports a file
 * made from that export with one record given an unknown value (the job fails and the page lists the
 * record's error in Thai), then imports it again skipping invalid records (succeeded, with counts).
 * The e2e server runs src/server/main.ts, so the job runner works as under `npm start`.
 * Registered in run.ts after the statistics specs (`E2E_ONLY=exchange`); screenshots `exchange-*.png`.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { goNav, shotTop } from './cases.specs.js';
import { assert, checkA11y, loginNamed, shot, type Spec } from './specs.js';
import { openSession, signInAs } from './session.js';

const thai = /[\u0E00-\u0E7F]/;

/** Starts a job with the button and answers its id (from the 202 the page received). */
async function startJob(page: Page, path: string, click: () => Promise<void>): Promise<string> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'POST', { timeout: 30_000 }),
    click(),
  ]);
  assert(res.status() === 202, `POST ${path} answered ${res.status()}: ${await res.text()}`);
  const job = (await res.json()) as { id: string; status: string };
  return job.id;
}

/** Waits for the job's row to reach a final status (the page polls the list while a job is under way). */
async function jobEnded(page: Page, id: string, status: 'succeeded' | 'failed') {
  const row = page.locator(`[data-testid="exchange-job"][data-job-id="${id}"]`);
  await row.waitFor();
  await page.locator(`[data-testid="exchange-job"][data-job-id="${id}"][data-status="succeeded"], [data-testid="exchange-job"][data-job-id="${id}"][data-status="failed"]`)
    .waitFor({ timeout: 90_000 });
  const got = await row.getAttribute('data-status');
  const error = got === 'failed' ? await row.getByTestId('exchange-job-error').innerText().catch(() => '') : '';
  assert(got === status, `job ${id} ended ${got}, expected ${status}${error ? `: ${error}` : ''}`);
  return row;
}

export const exchangeSpecs: Spec[] = [
  {
    name: 'exchange1: a provincial officer exports the HTCDS cases, downloads them, imports a file with a bad record (fails, listed in Thai), then skips it',
    timeoutMs: 300_000,
    async run(ctx) {
      const s = await openSession(ctx);
      const { page } = s;
      await signInAs(page, loginNamed(ctx, 'cri.officer'));
      await goNav(page, 'แลกเปลี่ยนข้อมูล HTCDS', 'แลกเปลี่ยนข้อมูล HTCDS');
      await page.getByTestId('exchange-import').waitFor();
      await page.getByTestId('exchange-export').waitFor();
      // No job yet for this officer (no earlier spec starts one): the empty state.
      await page.getByText('ยังไม่มีงาน เริ่มนำเข้าหรือส่งออกได้จากด้านบน').waitFor();
      await checkA11y(ctx, page, 'exchange (th, empty)');
      await shotTop(ctx, page, 'exchange-empty-th');

      // A file that is not JSON, and one without records: said before anything is sent.
      const fileInput = page.getByTestId('exchange-import').locator('input[type="file"]');
      await fileInput.setInputFiles({ name: 'cases.csv', mimeType: 'application/json', buffer: Buffer.from('id,name\n1,a\n') });
      await page.getByText('อ่านไฟล์นี้เป็น JSON ไม่ได้', { exact: false }).waitFor();
      await fileInput.setInputFiles({ name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from('{"items":[]}') });
      await page.getByText('ไม่พบระเบียนในไฟล์', { exact: false }).waitFor();
      await checkA11y(ctx, page, 'exchange (th, file problem)');

      // 1. Export everything: the job runs in the background; its bar reaches 100 %.
      const exportId = await startJob(page, '/api/v1/exchange/htcds/export-jobs', () => page.getByTestId('exchange-export-start').click());
      const exportRow = await jobEnded(page, exportId, 'succeeded');
      const bar = exportRow.getByRole('progressbar');
      assert((await bar.getAttribute('aria-valuenow')) === '100', `export bar at ${await bar.getAttribute('aria-valuenow')}`);
      const cases = Number((await exportRow.getByTestId('exchange-summary-cases').innerText()).replace(/[^\d]/g, ''));
      const numbers = await exportRow.getByTestId('exchange-job-progress-text').innerText();
      ctx.log(`    export: ${cases} cases, progress "${numbers}"`);
      assert(cases >= 3, `the Chiang Rai officer's export holds ${cases} cases; the spec needs at least 3`);
      const n = cases.toLocaleString('th-TH');
      assert(numbers === `ส่งออกแล้ว ${n} จาก ${n} กรณี`, `progress text "${numbers}" for ${cases} cases`);
      assert(await exportRow.getByTestId('exchange-job-progress-numbers').innerText() === '100%', 'the export is not shown at 100%');
      await exportRow.getByText('สำเร็จ', { exact: true }).waitFor();
      assert(thai.test(await exportRow.getByText(/^สั่งเมื่อ/).innerText()), 'the request time is not in Thai');
      assert(/25\d\d/.test(await exportRow.getByText(/^สั่งเมื่อ/).innerText()), 'the request time is not in the Buddhist Era');
      await checkA11y(ctx, page, 'exchange (th, export done)');
      await shotTop(ctx, page, 'exchange-export-th');

      // Download: the file the job made, saved under its name, is JSON with items.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), exportRow.getByTestId('exchange-job-download').click()]);
      assert(download.suggestedFilename() === 'htcds-cases.json', `download name ${download.suggestedFilename()}`);
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { items: { id: string; persons: Record<string, unknown>[] }[] };
      assert(Array.isArray(exported.items) && exported.items.length === cases, `downloaded ${exported.items?.length} items, the job said ${cases}`);
      assert(exported.items.every((c) => typeof c.id === 'string' && Array.isArray(c.persons) && c.persons.length > 0), 'an exported case without persons');
      await exportRow.getByText('บันทึกไฟล์ htcds-cases.json แล้ว').waitFor();

      // 2. A small file from the export, its second record given a gender HTCDS does not know.
      const fixture = exported.items.slice(0, 3).map((c) => structuredClone(c));
      fixture[1]!.persons[0]!.prs_Gender = 'Unknown';
      const badId = fixture[1]!.id;
      await fileInput.setInputFiles({ name: 'partner-cases.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ items: fixture })) });
      await page.getByTestId('exchange-import-count').getByText('ไฟล์นี้มี 3 ระเบียน').waitFor();
      await page.getByText('กรณีใหม่จะอยู่ในความรับผิดชอบของศูนย์ปฏิบัติการจังหวัดเชียงราย').waitFor();
      const failedId = await startJob(page, '/api/v1/exchange/htcds/import-jobs', () => page.getByTestId('exchange-import-start').click());
      const failedRow = await jobEnded(page, failedId, 'failed');
      const errorText = await failedRow.getByTestId('exchange-job-error').innerText();
      assert(errorText.startsWith('บางระเบียน HTCDS ไม่ถูกต้อง'), `the failed import says "${errorText}"`);
      assert(await failedRow.getByTestId('exchange-summary-invalid').innerText() === '1', 'the failed import should count 1 invalid record');
      assert(await failedRow.getByTestId('exchange-summary-created').count() === 0, 'a failed import (nothing written) shows a "created" count');
      // Checked every record, wrote none: the bar stops half-way (each record counts twice), in red.
      assert((await failedRow.getByRole('progressbar').getAttribute('aria-valuenow')) === '50', 'the failed import bar is not at 50');
      await failedRow.getByText('ตรวจระเบียนแล้ว 3 จาก 3').waitFor();
      // The record-level errors, fetched from the report when asked for.
      await failedRow.getByTestId('exchange-job-show-invalid').click();
      const table = failedRow.getByTestId('exchange-invalid-table');
      await table.locator('tbody tr').first().waitFor();
      const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
      ctx.log(`    invalid record: ${cells.join(' | ')}`);
      assert(cells[0] === '2', `the invalid record is number ${cells[0]}, expected 2 (the second in the file)`);
      assert(cells[1] === badId, `the invalid record's id is ${cells[1]}, expected ${badId}`);
      assert(cells[2] === 'persons.0.prs_Gender', `the invalid field is ${cells[2]}`);
      assert(thai.test(cells[3] ?? ''), `the problem is not in Thai: ${cells[3]}`);
      assert(await table.locator('tbody tr').count() === 1, 'only the one bad field should be listed');
      await checkA11y(ctx, page, 'exchange (th, import failed)');
      await failedRow.scrollIntoViewIfNeeded();
      await shot(ctx, page, 'exchange-import-failed-th', false);

      // 3. Again, skipping the invalid record: succeeded, two records in, one reported.
      await page.getByLabel('ข้ามระเบียนที่ไม่ถูกต้อง').check();
      const okId = await startJob(page, '/api/v1/exchange/htcds/import-jobs', () => page.getByTestId('exchange-import-start').click());
      const okRow = await jobEnded(page, okId, 'succeeded');
      const count = async (k: string) => Number(await okRow.getByTestId(`exchange-summary-${k}`).innerText());
      const [records, created, updated, invalid] = [await count('records'), await count('created'), await count('updated'), await count('invalid')];
      ctx.log(`    import with skip: records ${records}, created ${created}, updated ${updated}, invalid ${invalid}`);
      assert(records === 3 && invalid === 1 && created + updated === 2, `import counts ${JSON.stringify({ records, created, updated, invalid })}`);
      assert((await okRow.getByRole('progressbar').getAttribute('aria-valuenow')) === '100', 'the import bar did not reach 100');
      await okRow.getByText('ขั้นบันทึก: ดำเนินการแล้ว 3 จาก 3 ระเบียน').waitFor();
      // Newest first: the successful import, the failed one, the export.
      const order = await page.getByTestId('exchange-job').evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')));
      assert(JSON.stringify(order.slice(0, 3)) === JSON.stringify([okId, failedId, exportId]), `jobs listed in the order ${order.join(', ')}`);
      assert(await page.getByTestId('exchange-polling').innerText() === '', 'still polling with no job under way');
      // No job under way: the page stops asking (it polls every 1.5 s while one is queued or running).
      let listRequests = 0;
      const countList = (r: { url: () => string }) => { if (new URL(r.url()).pathname === '/api/v1/jobs') listRequests++; };
      page.on('request', countList);
      await page.waitForTimeout(3500);
      page.off('request', countList);
      assert(listRequests === 0, `the jobs list was asked for ${listRequests} times with no job under way`);
      await checkA11y(ctx, page, 'exchange (th, import done)');
      await shotTop(ctx, page, 'exchange-jobs-th');

      // Phone width: the cards stack, only the errors table scrolls sideways (inside its own box).
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 1, `the page is ${overflow}px wider than the phone`);
      await checkA11y(ctx, page, 'exchange (th, phone)');
      await shotTop(ctx, page, 'exchange-phone-th');
      await page.setViewportSize({ width: 1280, height: 860 });

      // English: the same jobs, the same error in English.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('heading', { level: 1, name: 'HTCDS data exchange' }).waitFor();
      await page.locator(`[data-job-id="${failedId}"]`).getByText(/^Some HTCDS records are not valid/).waitFor();
      await page.locator(`[data-job-id="${okId}"]`).getByText('Succeeded', { exact: true }).waitFor();
      await page.locator(`[data-job-id="${failedId}"] [data-testid="exchange-invalid-table"]`).getByText('Problem').waitFor();
      await shotTop(ctx, page, 'exchange-jobs-en');
      await checkA11y(ctx, page, 'exchange (en)');
      await s.close();
    },
  },
  {
    name: 'exchange2: the page is in the menu only for users with exchange permissions',
    async run(ctx) {
      const s = await openSession(ctx);
      const { page } = s;
      // The Chiang Rai investigator holds no exchange permission.
      await signInAs(page, loginNamed(ctx, 'cri.police'));
      assert(await page.locator('#app-navbar a', { hasText: 'แลกเปลี่ยนข้อมูล HTCDS' }).count() === 0, 'an investigator sees the exchange menu entry');
      await page.goto('/exchange');
      await page.getByText('ไม่มีสิทธิ์เข้าถึง').waitFor();
      await s.close();
    },
  },
];
