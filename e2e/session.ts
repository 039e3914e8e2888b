/**
 * A browser session for the feature specs (network, structures, cases): Thai locale, Bangkok time,
 * the server's real CSP, and a check that nothing is fetched from another origin (no tiles, fonts or
 * scripts from the internet). `close` fails the spec on any CSP violation, page error or such request.
 */
import type { Locator, Page } from 'playwright-core';
import { assert, type Ctx, type DemoLogin } from './specs.js';

export interface Session {
  close: () => Promise<void>;
  page: Page;
  problems: string[];
}

export async function openSession(ctx: Ctx, viewport = { width: 1280, height: 860 }): Promise<Session> {
  const context = await ctx.browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok', baseURL: ctx.base, acceptDownloads: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(ctx.base) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request to another origin: ${url}`);
  });
  return {
    page,
    problems,
    close: async () => {
      await context.close();
      assert(problems.length === 0, `browser problems:\n  ${problems.join('\n  ')}`);
    },
  };
}

export async function signInAs(page: Page, who: DemoLogin): Promise<void> {
  // The first page load of a context can be slow on a busy machine: the fields are what we wait for.
  await page.goto('/sign-in', { waitUntil: 'domcontentloaded', timeout: 45_000 });
  await page.locator('input[name="username"], input[autocomplete="username"]').first().fill(who.username);
  await page.locator('input[autocomplete="current-password"]').first().fill(who.password);
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
}

/** Picks an option in a Mantine Select / MultiSelect found by its label (typing `search` first, if given). */
export async function choose(page: Page, scope: Page | Locator, label: string | RegExp, option: string | RegExp, search?: string): Promise<void> {
  const input = scope.getByRole('combobox', { name: label }).or(scope.getByLabel(label)).first();
  await input.focus();
  if (search !== undefined) await input.fill(search);
  else await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option }).first().click();
}
