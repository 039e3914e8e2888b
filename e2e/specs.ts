import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// axe-core is CommonJS; `source` is the whole library as a string, evaluated in the page.
const axeSource: string = (require('axe-core') as { source: string }).source;

export interface DemoLogin {
  role: string;
  username: string;
  password: string;
  organisationId: string;
  provinceCode: string | null;
  totpSecret: string | null;
}

export interface Ctx {
  browser: Browser;
  base: string;
  logins: DemoLogin[];
  screenshotDir: string;
  /** Every axe violation seen, for the final summary. */
  axeFindings: string[];
  log: (msg: string) => void;
}

export interface Spec {
  name: string;
  timeoutMs?: number;
  run: (ctx: Ctx) => Promise<void>;
}

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

function login(ctx: Ctx, role: string): DemoLogin {
  const l = ctx.logins.find((x) => x.role === role);
  assert(l, `no demo login for role ${role}`);
  return l;
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** CSP violations and uncaught page errors: any of these fails the spec. */
  problems: string[];
}

async function open(ctx: Ctx, viewport = { width: 1280, height: 860 }): Promise<Session> {
  // No bypassCSP: the app must work under the server's real Content-Security-Policy.
  const context = await ctx.browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok', baseURL: ctx.base });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

async function close(s: Session): Promise<void> {
  await s.context.close();
  assert(s.problems.length === 0, `browser problems:\n  ${s.problems.join('\n  ')}`);
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; any?: { message?: string }[] }[] }[];
}

/** Runs axe-core on the page; serious and critical violations fail, the rest are reported. */
export async function checkA11y(ctx: Ctx, page: Page, label: string): Promise<void> {
  await settle(page);
  // page.evaluate runs through the DevTools protocol, which the page's CSP does not block.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as AxeResult;
  const bad: string[] = [];
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ');
    const why = v.nodes[0]?.any?.[0]?.message;
    const line = `[${label}] ${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${where})${why ? ` — ${why}` : ''}`;
    ctx.axeFindings.push(line);
    if (v.impact === 'serious' || v.impact === 'critical') bad.push(line);
  }
  assert(bad.length === 0, `axe found serious/critical violations:\n  ${bad.join('\n  ')}`);
}

/** Waits for fonts and for running CSS transitions (menu slide, dialog fade) to end. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
}

export async function shot(ctx: Ctx, page: Page, name: string, fullPage = true): Promise<void> {
  await settle(page);
  await page.screenshot({ path: join(ctx.screenshotDir, `${name}.png`), fullPage });
}

const lastStep = new Map<string, number>();
/** A TOTP code from a 30-second step not used before for this secret (servers refuse replays). */
async function totp(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if (lastStep.get(secret) === step) {
    await new Promise((r) => setTimeout(r, (step + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  lastStep.set(secret, step);
  return generate({ secret });
}

/** The bundled Noto Sans Thai (not a system font) must be what the page draws with. */
async function assertBundledThaiFont(page: Page): Promise<void> {
  const info = await page.evaluate(async () => {
    await document.fonts.ready;
    const loaded = [...document.fonts].filter((f) => f.status === 'loaded').map((f) => ({ family: `${f.family} ${f.weight}`, range: f.unicodeRange }));
    return { loaded, check: document.fonts.check('16px "Noto Sans Thai"', 'ภาคี'), family: getComputedStyle(document.body).fontFamily };
  });
  assert(info.family.includes('Noto Sans Thai'), `body font is ${info.family}`);
  assert(info.loaded.some((f) => f.family.includes('Noto Sans Thai') && /E01/i.test(f.range)),
    `Thai subset of Noto Sans Thai not loaded: ${JSON.stringify(info.loaded)}`);
  assert(info.check, 'document.fonts.check says Noto Sans Thai cannot draw Thai text');
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name="username"], input[autocomplete="username"]').first().fill(username);
  await page.locator('input[autocomplete="current-password"]').first().fill(password);
  await page.locator('form button[type="submit"]').click();
}

async function enterTotp(page: Page, secret: string): Promise<void> {
  const input = page.locator('input[autocomplete="one-time-code"]');
  await input.waitFor();
  await input.fill(await totp(secret));
  await page.locator('form button[type="submit"]').click();
}

/** Signs in a role with a second factor (administrator, analyst): password, then a fresh TOTP code. */
export async function signInWithTotp(page: Page, who: DemoLogin): Promise<void> {
  assert(who.totpSecret, `${who.username} has no TOTP secret in DEMO-LOGINS.txt`);
  await page.goto('/sign-in', { waitUntil: 'domcontentloaded', timeout: 45_000 });
  await signIn(page, who.username, who.password);
  await enterTotp(page, who.totpSecret);
  await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
}

/** Picks an option in a Mantine Select / MultiSelect found by its label. */
async function choose(page: Page, scope: Page | Locator, label: string | RegExp, option: string | RegExp, search?: string): Promise<void> {
  const input = scope.getByRole('combobox', { name: label }).or(scope.getByLabel(label)).first();
  // By keyboard, as a keyboard-only user would: focus, then type to filter or ArrowDown to open.
  await input.focus();
  if (search !== undefined) await input.fill(search);
  else await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option }).first().click();
}

async function navLinks(page: Page): Promise<string[]> {
  return (await page.locator('#app-navbar a').allInnerTexts()).map((s) => s.trim());
}

async function goNav(page: Page, name: string): Promise<void> {
  const burger = page.locator('button[aria-controls="app-navbar"]');
  if (await burger.isVisible()) await burger.click();
  await page.locator('#app-navbar a', { hasText: name }).first().click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.locator('[role="status"]').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
}

export function loginNamed(ctx: Ctx, username: string): DemoLogin {
  const l = ctx.logins.find((x) => x.username === username);
  assert(l, `no demo login ${username}`);
  return l;
}

/** The public form's proof of work, done in Node: smallest counter with `difficulty` leading zero bits. */
function solvePow(token: string, difficulty: number): number {
  for (let counter = 0; ; counter++) {
    const h = createHash('sha256').update(`${token}:${counter}`).digest();
    let bits = 0;
    for (const b of h) {
      if (b === 0) {
        bits += 8;
        continue;
      }
      bits += Math.clz32(b) - 24;
      break;
    }
    if (bits >= difficulty) return counter;
  }
}

/** Sends a public report through the API as a script would have to: challenge, proof of work, ≥ 3 s wait. */
async function apiPublicReport(ctx: Ctx, fields: Record<string, unknown>): Promise<{ reference: string; pin: string }> {
  const fetched = Date.now();
  const chRes = await fetch(`${ctx.base}/api/v1/public/reports/challenge`);
  const chText = await chRes.text();
  assert(chRes.status === 200, `GET challenge: ${chRes.status} ${chText}`);
  const ch = JSON.parse(chText) as { token: string; difficulty: number };
  const counter = solvePow(ch.token, ch.difficulty);
  const wait = fetched + 3_300 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const res = await fetch(`${ctx.base}/api/v1/public/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ ...fields, challenge: { token: ch.token, counter } }),
  });
  const text = await res.text();
  assert(res.status === 201, `POST /api/v1/public/reports: ${res.status} ${text}`);
  return JSON.parse(text) as { reference: string; pin: string };
}

/** The bundled Noto face for a script is loaded and can draw `sample`. */
async function assertScriptFont(page: Page, family: string, sample: string): Promise<void> {
  const info = await page.evaluate(async ({ family, sample }) => {
    await document.fonts.load(`16px "${family}"`, sample);
    await document.fonts.ready;
    const loaded = [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, ''));
    return { loaded, check: document.fonts.check(`16px "${family}"`, sample) };
  }, { family, sample });
  assert(info.loaded.includes(family), `${family} not loaded: ${JSON.stringify([...new Set(info.loaded)])}`);
  assert(info.check, `${family} cannot draw ${sample}`);
}

/** Signs in (Thai UI) and opens the report queue. */
async function signInToQueue(s: Session, who: DemoLogin): Promise<void> {
  await s.page.goto('/sign-in');
  await signIn(s.page, who.username, who.password);
  await s.page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
  await s.page.locator('#app-navbar a').filter({ hasText: /^รายงาน$/ }).click();
  await s.page.getByRole('heading', { level: 1, name: 'รายงาน', exact: true }).waitFor();
}

const stamp = Date.now().toString(36);

export const specs: Spec[] = [
  {
    name: 'a: failed sign-in shows the Thai error message',
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await page.goto('/');
      await page.waitForURL('**/sign-in');
      await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
      await assertBundledThaiFont(page);
      await checkA11y(ctx, page, 'sign-in (th)');
      await signIn(page, login(ctx, 'system_admin').username, 'not-the-password-1234');
      await page.getByRole('alert').filter({ hasText: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง' }).waitFor();
      await shot(ctx, page, 'a-sign-in-failed-th');
      await checkA11y(ctx, page, 'sign-in error (th)');
      await close(s);
    },
  },
  {
    name: 'b: admin in Thai then English creates an organisation and a user; that user sees only what the role allows',
    timeoutMs: 300_000,
    async run(ctx) {
      const admin = login(ctx, 'system_admin');
      assert(admin.totpSecret, 'system_admin has no TOTP secret in DEMO-LOGINS.txt');
      const s = await open(ctx);
      const { page } = s;
      await page.goto('/sign-in');
      await signIn(page, admin.username, admin.password);
      await page.getByRole('heading', { name: 'ยืนยันตัวตนขั้นที่สอง' }).waitFor();
      await checkA11y(ctx, page, 'second factor (th)');
      await enterTotp(page, admin.totpSecret);
      await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
      await page.getByText('ผู้ดูแลระบบ', { exact: true }).first().waitFor();
      await assertBundledThaiFont(page);
      await shot(ctx, page, 'b-admin-home-th');
      await checkA11y(ctx, page, 'home (th, admin)');
      const thaiNav = await navLinks(page);
      for (const n of ['หน้าหลัก', 'หน่วยงาน', 'ผู้ใช้', 'โทเคน API', 'บันทึกการตรวจสอบ', 'บัญชีของฉัน']) assert(thaiNav.includes(n), `admin nav lacks ${n}: ${thaiNav.join(', ')}`);
      assert(!thaiNav.includes('บุคคล'), 'system_admin must not see People (no person.read)');

      // Audit log in Thai: dates in the Buddhist Era.
      await goNav(page, 'บันทึกการตรวจสอบ');
      await page.locator('table tbody tr').first().waitFor();
      const firstTime = await page.locator('table tbody tr td').first().innerText();
      const be = new Date().getFullYear() + 543;
      assert(firstTime.includes(String(be)), `audit time should show พ.ศ. ${be}, got "${firstTime}"`);
      await shot(ctx, page, 'b-audit-th');
      await checkA11y(ctx, page, 'audit (th)');

      // Switch to English.
      await page.locator('label', { hasText: /^EN$/ }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      const ceTime = await page.locator('table tbody tr td').first().innerText();
      assert(ceTime.includes(String(new Date().getFullYear())), `English audit time should be CE, got "${ceTime}"`);
      assert(await page.evaluate(() => document.documentElement.lang) === 'en', 'html lang should be en');

      // Create an organisation.
      const orgTh = `ศูนย์ทดสอบ ${stamp}`;
      const orgEn = `E2E Test Centre ${stamp}`;
      await goNav(page, 'Organisations');
      await page.locator('table tbody tr').first().waitFor();
      await checkA11y(ctx, page, 'organisations (en)');
      await page.getByRole('button', { name: 'Add organisation' }).click();
      const orgDialog = page.getByRole('dialog');
      await orgDialog.getByLabel('Name in Thai').fill(orgTh);
      await orgDialog.getByLabel('Name in English').fill(orgEn);
      await choose(page, orgDialog, 'Sector', 'Non-governmental organisation');
      await choose(page, orgDialog, 'Level', 'Province');
      await choose(page, orgDialog, 'Province', /Chiang Rai/, 'Chiang');
      await checkA11y(ctx, page, 'organisation form (en)');
      await orgDialog.getByRole('button', { name: 'Save' }).click();
      await orgDialog.waitFor({ state: 'detached' });
      await page.getByLabel('Search').fill(stamp);
      await page.locator('table tbody tr', { hasText: orgEn }).waitFor();
      await shot(ctx, page, 'b-organisations-en');

      // Create a provincial officer in it.
      const username = `e2e.officer.${stamp}`;
      const firstPassword = `First-pass-${stamp}-x!`;
      await goNav(page, 'Users');
      await page.locator('table tbody tr').first().waitFor();
      await checkA11y(ctx, page, 'users (en)');
      await page.getByRole('button', { name: 'Add user' }).click();
      const userDialog = page.getByRole('dialog');
      await choose(page, userDialog, 'Organisation', orgEn, stamp);
      await userDialog.getByLabel('Username').fill(username);
      await userDialog.getByLabel('Display name').fill(`E2E Officer ${stamp}`);
      await userDialog.getByLabel('Email').fill(`officer.${stamp}@example.org`);
      await choose(page, userDialog, 'Roles', 'Provincial centre officer');
      await userDialog.locator('h2').first().click(); // closes the roles dropdown
      await userDialog.getByLabel('Initial password').fill(firstPassword);
      await checkA11y(ctx, page, 'user form (en)');
      await userDialog.getByRole('button', { name: 'Create user' }).click();
      await userDialog.waitFor({ state: 'detached' });
      await page.getByLabel('Search').fill(username);
      await page.locator('table tbody tr', { hasText: username }).waitFor();
      await shot(ctx, page, 'b-users-en');

      // An API token: the secret is shown once, then the token can be revoked.
      await goNav(page, 'API tokens');
      await checkA11y(ctx, page, 'tokens (en)');
      await page.getByRole('button', { name: 'Create token' }).click();
      const tokenDialog = page.getByRole('dialog');
      await tokenDialog.getByLabel('Token name').fill(`E2E partner ${stamp}`);
      await choose(page, tokenDialog, 'Permissions', /Read statistics/, 'stats');
      await tokenDialog.locator('h2').first().click();
      await checkA11y(ctx, page, 'token form (en)');
      await tokenDialog.getByRole('button', { name: 'Create token' }).click();
      const secret = (await tokenDialog.getByTestId('new-token').innerText()).trim();
      assert(secret.length >= 20, `new token secret looks wrong: "${secret}"`);
      await tokenDialog.getByText('This token is shown only once', { exact: false }).waitFor();
      await shot(ctx, page, 'b-token-created-en');
      await checkA11y(ctx, page, 'token created (en)');
      await tokenDialog.getByRole('button', { name: /I have stored it/ }).click();
      await tokenDialog.waitFor({ state: 'detached' });
      const tokenRow = page.locator('table tbody tr', { hasText: `E2E partner ${stamp}` });
      await tokenRow.waitFor();
      assert(!(await page.content()).includes(secret), 'the token secret is still in the page after closing');
      await tokenRow.getByRole('button', { name: /^Revoke/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
      await tokenRow.getByText('Revoked').waitFor();
      await goNav(page, 'My account');
      await page.locator('table tbody tr').first().waitFor();
      await checkA11y(ctx, page, 'my account (en)');
      await shot(ctx, page, 'b-account-en');

      // Sign out.
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL('**/sign-in');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();

      // Sign in as the new user (language choice persisted: English).
      await signIn(page, username, firstPassword);
      const heading = page.getByRole('heading', { level: 1 });
      await heading.filter({ hasText: /Set a new password|Welcome/ }).first().waitFor();
      const mustChange = (await heading.first().innerText()).includes('Set a new password');
      ctx.log(`    new user ${mustChange ? 'had to change the password at first sign-in' : 'was NOT asked to change the administrator-set password'}`);
      if (mustChange) {
        await checkA11y(ctx, page, 'password change (en)');
        const newPassword = `Second-pass-${stamp}-y!`;
        await page.getByLabel('Current password').fill(firstPassword);
        await page.getByLabel('New password', { exact: false }).first().fill(newPassword);
        await page.getByLabel('Confirm new password').fill(newPassword);
        await page.getByRole('button', { name: 'Save new password' }).click();
      }
      await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
      await page.getByText('Provincial centre officer').first().waitFor();
      await shot(ctx, page, 'b-officer-home-en');
      await checkA11y(ctx, page, 'home (en, officer)');
      const nav = await navLinks(page);
      for (const n of ['Home', 'Organisations', 'Users', 'People', 'My account']) assert(nav.includes(n), `officer nav lacks ${n}: ${nav.join(', ')}`);
      for (const n of ['Audit log', 'API tokens']) assert(!nav.includes(n), `officer nav must not show ${n}: ${nav.join(', ')}`);
      const auditStatus = await page.evaluate(async () => (await fetch('/api/v1/audit', { credentials: 'same-origin' })).status);
      assert(auditStatus === 403, `GET /api/v1/audit as provincial_officer should be 403, got ${auditStatus}`);
      const tokenStatus = await page.evaluate(async () => (await fetch('/api/v1/tokens', { credentials: 'same-origin' })).status);
      assert(tokenStatus === 403, `GET /api/v1/tokens as provincial_officer should be 403, got ${tokenStatus}`);
      // Typing the address of a page the role lacks shows "no access", not the page.
      await page.goto('/audit');
      await page.getByText('No access').waitFor();
      await goNav(page, 'People');
      await checkA11y(ctx, page, 'people (en, officer)');
      await close(s);
    },
  },
  {
    name: 'c: phone width (390×844) sign-in and home',
    async run(ctx) {
      const officer = login(ctx, 'provincial_officer');
      const s = await open(ctx, { width: 390, height: 844 });
      const { page } = s;
      await page.goto('/sign-in');
      await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor();
      await shot(ctx, page, 'c-phone-sign-in-th');
      await checkA11y(ctx, page, 'sign-in (phone)');
      await signIn(page, officer.username, officer.password);
      await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
      await assertBundledThaiFont(page);
      await shot(ctx, page, 'c-phone-home-th');
      await checkA11y(ctx, page, 'home (phone)');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 1, `page is ${overflow}px wider than the phone screen`);
      await page.locator('button[aria-controls="app-navbar"]').click();
      await page.locator('#app-navbar a', { hasText: 'บุคคล' }).waitFor({ state: 'visible' });
      await shot(ctx, page, 'c-phone-menu-th', false); // the open menu is fixed to the viewport
      await checkA11y(ctx, page, 'menu open (phone)');
      await page.locator('#app-navbar a', { hasText: 'บุคคล' }).click();
      await page.getByRole('heading', { level: 1, name: 'บุคคล' }).waitFor();
      await close(s);
    },
  },
  {
    name: 'd: officer records a person and views the identity (audited, never in the URL)',
    async run(ctx) {
      const officer = login(ctx, 'provincial_officer');
      const s = await open(ctx);
      const { page } = s;
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto('/sign-in');
      await signIn(page, officer.username, officer.password);
      await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
      await goNav(page, 'บุคคล');
      await page.getByRole('button', { name: 'เพิ่มบุคคล' }).click();
      const dialog = page.getByRole('dialog');
      const nationalId = '1101700207030'; // a valid check digit
      const given = `ทดสอบ${stamp}`;
      await dialog.getByLabel('ชื่อ', { exact: true }).fill(given);
      await dialog.getByLabel('นามสกุล').fill('ระบบ');
      await dialog.getByLabel('เลขประจำตัวประชาชน').fill('1101700207031');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.getByText('เลขประจำตัวประชาชนไม่ถูกต้อง', { exact: false }).waitFor();
      await dialog.getByLabel('เลขประจำตัวประชาชน').fill(nationalId);
      await choose(page, dialog, 'เพศ', 'หญิง');
      await dialog.getByLabel('อายุโดยประมาณ (ปี)').fill('15');
      // The birth-date picker counts years in พ.ศ. for Thai users.
      await dialog.getByLabel('วันเกิด').click();
      const thisYearBE = String(new Date().getFullYear() + 543);
      await page.getByRole('button', { name: new RegExp(thisYearBE) }).first().waitFor();
      await shot(ctx, page, 'd-birth-date-picker-th');
      // Close the picker by clicking outside it (the dialog's title): Escape could reach the dialog and close it.
      await dialog.locator('.mantine-Modal-title').click();
      await page.locator('[data-dates-dropdown]').waitFor({ state: 'hidden' });
      await choose(page, dialog, 'สัญชาติ', /เมียนมา|พม่า/, 'MMR');
      await checkA11y(ctx, page, 'person form (th)');
      await dialog.getByRole('button', { name: 'บันทึก' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.locator('table tbody tr', { hasText: 'ประมาณ 15 ปี' }).first();
      await row.waitFor();
      await shot(ctx, page, 'd-people-th');
      await checkA11y(ctx, page, 'people (th)');
      await row.getByRole('button', { name: /ดูข้อมูลระบุตัวตน/ }).click();
      const idDialog = page.getByRole('dialog');
      await idDialog.getByText(given).waitFor();
      await idDialog.getByText('ถูกบันทึกในบันทึกการตรวจสอบ', { exact: false }).waitFor();
      await shot(ctx, page, 'd-identity-th');
      await checkA11y(ctx, page, 'identity dialog (th)');
      const leaked = urls.filter((u) => u.includes(nationalId) || u.includes(encodeURIComponent(given)) || u.includes(given));
      assert(leaked.length === 0, `identity values appeared in URLs: ${leaked.join(', ')}`);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      assert(!stored.includes(nationalId) && !stored.includes(given), `identity in localStorage: ${stored}`);
      await close(s);
    },
  },
  {
    name: 'e: after an administrator resets the second factor, the user enrols again with the QR code',
    timeoutMs: 240_000,
    async run(ctx) {
      const admin = login(ctx, 'system_admin');
      const analyst = login(ctx, 'national_analyst');
      const s = await open(ctx);
      const { page } = s;
      await signInWithTotp(page, admin);
      await goNav(page, 'ผู้ใช้');
      await page.getByLabel('ค้นหา').fill(analyst.username);
      // The search is debounced (300 ms) and the unfiltered list already holds this row: wait for the
      // filtered list, or the menu opens in a table about to be replaced (and closes with it).
      await page.locator('table tbody tr').nth(1).waitFor({ state: 'detached' });
      const row = page.locator('table tbody tr', { hasText: analyst.username });
      await row.waitFor();
      await row.getByRole('button', { name: /^การดำเนินการ/ }).click();
      await page.getByRole('menuitem', { name: 'รีเซ็ตการยืนยันตัวตนขั้นที่สอง' }).click();
      const dialog = page.getByRole('dialog');
      // axe must not see the action menu while it is still closing (an empty role="menu" fails it).
      await page.getByRole('menu').waitFor({ state: 'detached' });
      await dialog.waitFor();
      await checkA11y(ctx, page, 'reset second factor (th)');
      await dialog.getByRole('button', { name: 'รีเซ็ตการยืนยันตัวตนขั้นที่สอง' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'ออกจากระบบ', exact: true }).click();
      await page.waitForURL('**/sign-in');

      await signIn(page, analyst.username, analyst.password);
      await page.getByRole('heading', { name: 'ตั้งค่าการยืนยันตัวตนขั้นที่สอง' }).waitFor();
      const qr = page.getByRole('img', { name: /คิวอาร์โค้ด/ });
      await qr.waitFor();
      assert((await qr.getAttribute('src'))?.startsWith('data:image/'), 'QR code should be a data: image');
      const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
      assert(/^[A-Z2-7]{16,}$/.test(secret), `enrolment secret looks wrong: ${secret}`);
      await shot(ctx, page, 'e-mfa-enrol-th');
      await checkA11y(ctx, page, 'second-factor enrolment (th)');
      await page.locator('input[autocomplete="one-time-code"]').fill(await totp(secret));
      await page.getByRole('button', { name: 'ยืนยันและเปิดใช้' }).click();
      await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
      // Later specs sign the analyst in with the new secret (DEMO-LOGINS.txt holds the one just reset).
      analyst.totpSecret = secret;
      await page.getByText('นักวิเคราะห์ระดับชาติ').first().waitFor();
      const nav = await navLinks(page);
      assert(nav.includes('บุคคล') && !nav.includes('ผู้ใช้'), `analyst nav: ${nav.join(', ')}`);
      await close(s);
    },
  },
  {
    name: 'f: a public report in Burmese reaches the Tak queue as urgent, not Chiang Rai; the reporter checks its status',
    timeoutMs: 300_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      // The sign-in page links to the public report page.
      await page.goto('/sign-in');
      await page.getByTestId('report-link').click();
      await page.waitForURL('**/report');
      await page.getByRole('heading', { level: 1, name: 'แจ้งเบาะแสการค้ามนุษย์' }).waitFor();
      await page.getByText('โทร 1300 (ตลอด 24 ชั่วโมง)', { exact: false }).first().waitFor();
      await assertBundledThaiFont(page);
      await shot(ctx, page, 'report-public-th');
      await checkA11y(ctx, page, 'public report (th)');

      // Every language, in its own script and bundled font.
      const langs: { code: string; button: string; heading: string; family?: string; sample?: string }[] = [
        { code: 'en', button: 'English', heading: 'Report human trafficking' },
        { code: 'lo', button: 'ລາວ', heading: 'ແຈ້ງຂ່າວການຄ້າມະນຸດ', family: 'Noto Sans Lao', sample: 'ລາວ' },
        { code: 'km', button: 'ខ្មែរ', heading: 'រាយការណ៍អំពីការជួញដូរមនុស្ស', family: 'Noto Sans Khmer', sample: 'ខ្មែរ' },
        { code: 'my', button: 'မြန်မာ', heading: 'လူကုန်ကူးမှုကို သတင်းပေးပို့ရန်', family: 'Noto Sans Myanmar', sample: 'မြန်မာ' },
      ];
      for (const l of langs) {
        await page.getByRole('button', { name: l.button, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: l.heading }).waitFor();
        const htmlLang = await page.evaluate(() => document.documentElement.lang);
        assert(htmlLang === l.code, `html lang is ${htmlLang}, expected ${l.code}`);
        assert((await page.locator(`.public-report[lang="${l.code}"]`).count()) === 1, `page container lacks lang=${l.code}`);
        if (l.family && l.sample) await assertScriptFont(page, l.family, l.sample);
        await shot(ctx, page, `report-public-${l.code}`);
        await checkA11y(ctx, page, `public report (${l.code})`);
      }
      // Phone width: nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 1, `public page is ${overflow}px wider than the phone screen`);
      await shot(ctx, page, 'report-public-my-phone', false);
      await page.setViewportSize({ width: 1280, height: 860 });
      const stored = await page.evaluate(() => ({ ...localStorage }));
      assert(stored['phakhi.public.lang'] === 'my', `public language not kept: ${JSON.stringify(stored)}`);
      assert(stored['phakhi.lang'] !== 'my', 'the public choice must not change the staff app language');

      // The report, in Burmese: Tak, a child in immediate danger.
      const text = `မဲဆောက်မြို့ရှိ အထည်ချုပ်စက်ရုံတစ်ခုတွင် ကလေးငယ်များကို ညဘက် အလုပ်ခိုင်းစေပြီး အပြင်ထွက်ခွင့် မပေးပါ။ ${stamp}`;
      await page.getByLabel('ဖြစ်ပျက်နေသည်များကို ဖော်ပြပါ').fill(text);
      await page.getByTestId('description-counter').filter({ hasText: String(text.trim().length) }).waitFor();
      await choose(page, page, 'ခရိုင်', 'Tak', 'Tak');
      await page.getByRole('radio', { name: 'ဟုတ်ကဲ့၊ ယခု အန္တရာယ်ရှိနေသည်' }).check();
      await page.getByRole('alert').filter({ hasText: '1300' }).first().waitFor();
      await page.getByRole('radio', { name: 'ဟုတ်ကဲ့', exact: true }).check();
      await choose(page, page, 'နိုင်ငံသား', 'Myanmar', 'Myan');
      await page.getByLabel('ခန့်မှန်းအသက် (နှစ်)').fill('13');
      await checkA11y(ctx, page, 'public report filled (my)');
      // The honeypot is there for scripts, out of reach for people.
      const hp = page.locator('input[name="website"]');
      assert((await hp.getAttribute('tabindex')) === '-1' && (await hp.getAttribute('autocomplete')) === 'off', 'honeypot attributes');
      assert((await page.locator('[aria-hidden="true"] input[name="website"]').count()) === 1, 'honeypot must sit in an aria-hidden box');
      // The connection drops while sending: the page retries, then offers "send again" with the same key and body.
      const sends: { key: string; body: string }[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/public/reports')) sends.push({ key: r.headers()['idempotency-key'] ?? '', body: r.postData() ?? '' });
      });
      await s.context.setOffline(true);
      await page.getByRole('button', { name: 'သတင်းပို့ချက် ပေးပို့ရန်' }).click();
      const again = page.getByRole('button', { name: 'ထပ်မံပေးပို့ရန်' });
      await again.waitFor({ timeout: 30_000 });
      await s.context.setOffline(false);
      await again.click();
      const created = page.getByTestId('report-created');
      await created.waitFor({ timeout: 30_000 });
      const reference = (await page.getByTestId('report-reference').innerText()).trim();
      const pin = (await page.getByTestId('report-pin').innerText()).trim();
      assert(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(reference), `reference looks wrong: ${reference}`);
      assert(/^\d{6}$/.test(pin), `PIN looks wrong: ${pin}`);
      assert(sends.length >= 2, `expected retries, saw ${sends.length} POSTs`);
      assert(new Set(sends.map((x) => x.key)).size === 1 && new Set(sends.map((x) => x.body)).size === 1, 'retries must reuse the key and the body');
      await created.getByText('PIN ကို တစ်ကြိမ်သာ ပြသပါမည်', { exact: false }).waitFor();
      await shot(ctx, page, 'f-report-created-my');
      await checkA11y(ctx, page, 'report created (my)');
      ctx.log(`    public report ${reference}`);

      // The status page (still Burmese): the PIN goes to the API, never into the page address.
      await page.getByRole('link', { name: 'သတင်းပို့ချက်၏ အခြေအနေကို စစ်ဆေးရန်' }).click();
      await page.waitForURL('**/report/status');
      await page.getByLabel('ရည်ညွှန်းနံပါတ်').fill(reference);
      await page.getByLabel('PIN နံပါတ်').fill(pin === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'စစ်ဆေးရန်', exact: true }).click();
      await page.getByTestId('report-status-error').filter({ hasText: 'ကိုက်ညီသော သတင်းပို့ချက် မရှိပါ' }).waitFor();
      await page.getByLabel('PIN နံပါတ်').fill(pin);
      await page.getByRole('button', { name: 'စစ်ဆေးရန်', exact: true }).click();
      await page.getByTestId('report-status').filter({ hasText: 'လက်ခံရရှိပြီး' }).waitFor();
      await shot(ctx, page, 'f-report-status-my');
      await checkA11y(ctx, page, 'report status (my)');
      assert(!page.url().includes(pin), `PIN in the page URL: ${page.url()}`);
      const pageUrls = urls.filter((u) => u.includes(pin) && !u.includes('/api/v1/public/reports/'));
      assert(pageUrls.length === 0, `PIN in non-API URLs: ${pageUrls.join(', ')}`);
      const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      assert(!storage.includes(pin) && !storage.includes(reference), `reference/PIN in browser storage: ${storage}`);
      await close(s);

      // The Tak officer (Thai) sees it in the queue, urgent, with the Burmese text.
      const tak = await open(ctx);
      await signInToQueue(tak, loginNamed(ctx, 'tak.officer'));
      const row = tak.page.locator('table tbody tr', { hasText: reference });
      await row.waitFor();
      await row.getByText('เร่งด่วน', { exact: true }).waitFor();
      await row.getByText('อันตรายเฉพาะหน้า').waitFor();
      await row.getByText('เด็ก', { exact: true }).waitFor();
      const firstRef = (await tak.page.locator('table tbody tr').first().innerText()).includes('เร่งด่วน');
      assert(firstRef, 'the queue should start with an urgent report');
      await tak.page.getByTestId('queue-counts').waitFor();
      await shot(ctx, tak.page, 'report-queue-th');
      await checkA11y(ctx, tak.page, 'report queue (th)');
      await row.getByRole('link', { name: reference }).click();
      await tak.page.getByRole('heading', { level: 1, name: `รายงาน ${reference}` }).waitFor();
      await tak.page.getByTestId('report-description').filter({ hasText: 'မဲဆောက်မြို့ရှိ' }).waitFor();
      await assertScriptFont(tak.page, 'Noto Sans Myanmar', 'မဲဆောက်');
      await tak.page.getByTestId('duplicates').waitFor();
      await tak.page.locator('[role="status"]').first().waitFor({ state: 'detached' }).catch(() => {});
      await shot(ctx, tak.page, 'report-detail-th');
      await checkA11y(ctx, tak.page, 'report detail (th)');
      // Acknowledge, then take it: the reporter now sees "being handled".
      await tak.page.getByRole('button', { name: 'รับเรื่อง', exact: true }).click();
      await tak.page.getByRole('button', { name: 'รับเรื่อง', exact: true }).waitFor({ state: 'detached' });
      await tak.page.getByRole('button', { name: 'มอบหมาย', exact: true }).click();
      const dlg = tak.page.getByRole('dialog');
      await checkA11y(ctx, tak.page, 'assign dialog (th)');
      await dlg.getByRole('button', { name: 'มอบหมาย', exact: true }).click();
      await dlg.waitFor({ state: 'detached' });
      await tak.page.getByText('มอบหมายแล้ว', { exact: true }).first().waitFor();
      await close(tak);

      // The Chiang Rai officer does not see it, in the queue or through the API.
      const cri = await open(ctx);
      await signInToQueue(cri, loginNamed(ctx, 'cri.officer'));
      await cri.page.locator('table tbody tr').first().waitFor();
      assert((await cri.page.locator('table tbody tr', { hasText: reference }).count()) === 0, 'Chiang Rai officer sees the Tak report');
      const seen = await cri.page.evaluate(async (ref) => {
        const res = await fetch('/api/v1/reports?status=all&limit=500', { credentials: 'same-origin' });
        const body = (await res.json()) as { items: { reference: string }[] };
        return body.items.some((r) => r.reference === ref);
      }, reference);
      assert(!seen, 'GET /api/v1/reports as cri.officer lists the Tak report');
      await close(cri);

      // The reporter checks again (a new browser, Thai by its locale).
      const later = await open(ctx);
      await later.page.goto('/report/status');
      await later.page.getByLabel('เลขอ้างอิง').fill(reference.toLowerCase());
      await later.page.getByLabel('รหัส PIN').fill(pin);
      await later.page.getByRole('button', { name: 'ตรวจสอบ', exact: true }).click();
      await later.page.getByTestId('report-status').filter({ hasText: 'เจ้าหน้าที่กำลังดำเนินการ' }).waitFor();
      await checkA11y(ctx, later.page, 'report status (th)');
      await close(later);
    },
  },
  {
    name: 'g: an officer marks a proposed duplicate, and records a case decision on another report',
    timeoutMs: 240_000,
    async run(ctx) {
      const base = {
        provinceCode: '57',
        happenedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
        childrenInvolved: 'yes',
        sexOfPeople: 'female',
        language: 'th',
      };
      const first = await apiPublicReport(ctx, {
        ...base,
        description: `เด็กหญิงอายุประมาณ 15 ปี หลายคน ถูกบังคับให้ทำงานในร้านคาราโอเกะริมถนนใหญ่ อำเภอแม่สาย ไม่ได้รับค่าจ้างและออกไปไหนไม่ได้ ${stamp}`,
      });
      const second = await apiPublicReport(ctx, {
        ...base,
        description: `เด็กหญิงอายุประมาณ 15 ปี หลายคน ถูกบังคับให้ทำงานในร้านคาราโอเกะริมถนนใหญ่ อำเภอแม่สาย ไม่ได้รับเงินและออกไปไหนไม่ได้เลย ${stamp}`,
      });
      const third = await apiPublicReport(ctx, {
        provinceCode: '57',
        description: `แรงงานชายจากกัมพูชาประมาณ 20 คน ถูกยึดเอกสารและบังคับทำงานบนเรือประมงที่ท่าเรือเชียงแสน ${stamp}`,
        peopleCount: 20,
        sexOfPeople: 'male',
        nationality: 'KHM',
      });
      ctx.log(`    public reports ${first.reference}, ${second.reference}, ${third.reference}`);

      const s = await open(ctx);
      const { page } = s;
      await signInToQueue(s, loginNamed(ctx, 'cri.officer'));
      const row = page.locator('table tbody tr', { hasText: second.reference });
      await row.waitFor();
      await row.getByRole('link', { name: second.reference }).click();
      await page.getByRole('heading', { level: 1, name: `รายงาน ${second.reference}` }).waitFor();
      const candidate = page.getByTestId('duplicate-candidate').filter({ hasText: first.reference });
      await candidate.waitFor();
      await candidate.getByText('ข้อความคล้ายกัน').waitFor();
      await shot(ctx, page, 'g-duplicates-th');
      await checkA11y(ctx, page, 'duplicates (th)');
      await candidate.getByRole('button', { name: `ซ้ำกับเรื่องนี้ ${first.reference}` }).click();
      const dlg = page.getByRole('dialog');
      await checkA11y(ctx, page, 'mark duplicate dialog (th)');
      await dlg.getByRole('button', { name: 'ซ้ำกับเรื่องนี้' }).click();
      await dlg.waitFor({ state: 'detached' });
      await page.getByText('ซ้ำกับเรื่องอื่น', { exact: true }).first().waitFor();

      // Another report: open a case.
      await page.goto('/reports');
      const row3 = page.locator('table tbody tr', { hasText: third.reference });
      await row3.waitFor();
      await row3.getByRole('link', { name: third.reference }).click();
      await page.getByRole('heading', { level: 1, name: `รายงาน ${third.reference}` }).waitFor();
      await page.getByRole('button', { name: 'เปิดเคส', exact: true }).click();
      const caseDlg = page.getByRole('dialog');
      await caseDlg.getByLabel('หมายเหตุ (ไม่บังคับ)').fill('ประสานตำรวจน้ำและแรงงานจังหวัด');
      await checkA11y(ctx, page, 'open case dialog (th)');
      await caseDlg.getByRole('button', { name: 'เปิดเคส', exact: true }).click();
      await caseDlg.waitFor({ state: 'detached' });
      await page.getByTestId('case-decision').waitFor();
      await page.getByText('ตัดสินใจเปิดเคสแล้ว', { exact: true }).first().waitFor();
      await shot(ctx, page, 'g-case-opened-th');
      await checkA11y(ctx, page, 'case opened (th)');
      await close(s);
    },
  },
  {
    name: 'h: a volunteer at phone width records a report offline; it is sent once when the connection returns',
    timeoutMs: 180_000,
    async run(ctx) {
      const volunteer = loginNamed(ctx, 'cri.volunteer');
      const s = await open(ctx, { width: 390, height: 844 });
      const { page, context } = s;
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/reports')) posts.push(r.headers()['idempotency-key'] ?? '');
      });
      await page.goto('/sign-in');
      await signIn(page, volunteer.username, volunteer.password);
      await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
      await goNav(page, 'บันทึกรายงาน');
      const text = `อาสาสมัครพบกลุ่มหญิงสาวถูกพามาพักในบ้านเช่าท้ายหมู่บ้าน มีชายคุมตลอดเวลา ออฟไลน์ ${stamp}`;
      await page.getByLabel('เล่าสิ่งที่เกิดขึ้น').fill(text);
      await choose(page, page, 'จังหวัด', 'เชียงราย', 'เชียงราย');
      await page.getByRole('radio', { name: 'ไม่ใช่ / ไม่แน่ใจ' }).check();
      await page.getByLabel('จำนวนกี่คน').fill('4');
      await checkA11y(ctx, page, 'staff intake (phone)');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 1, `intake form is ${overflow}px wider than the phone screen`);
      // The draft is kept while typing.
      await page.waitForTimeout(600);
      const draft = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('phakhi.reportDraft.')));
      assert(draft.length === 1, `draft not kept: ${JSON.stringify(draft)}`);
      // Kept encrypted: the words typed are nowhere in browser storage, and a reload brings them back.
      const storedDraft = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      assert(!storedDraft.includes('ออฟไลน์') && !storedDraft.includes('เชียงราย'), `draft stored in clear: ${storedDraft.slice(0, 300)}`);
      await page.reload();
      const restored = page.getByLabel('เล่าสิ่งที่เกิดขึ้น');
      await restored.waitFor();
      for (let i = 0; i < 50 && (await restored.inputValue()) !== text; i++) await page.waitForTimeout(100);
      assert((await restored.inputValue()) === text, 'the draft did not come back after a reload');

      await context.setOffline(true);
      await page.getByRole('button', { name: 'บันทึกรายงาน', exact: true }).click();
      await page.getByTestId('intake-waiting').filter({ hasText: 'รอการเชื่อมต่อ' }).waitFor();
      await shot(ctx, page, 'h-intake-waiting-phone');
      await checkA11y(ctx, page, 'intake waiting (phone)');
      await page.waitForTimeout(1_500);
      await context.setOffline(false);
      await page.getByTestId('intake-sent').waitFor({ timeout: 30_000 });
      const reference = (await page.getByTestId('intake-reference').innerText()).trim();
      await shot(ctx, page, 'h-intake-sent-phone');
      await checkA11y(ctx, page, 'intake sent (phone)');
      const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('phakhi.report')));
      assert(left.length === 0, `draft or outbox left after sending: ${JSON.stringify(left)}`);
      assert(posts.length >= 1 && new Set(posts).size === 1, `sends must share one Idempotency-Key: ${JSON.stringify(posts)}`);
      ctx.log(`    volunteer report ${reference} (${posts.length} POST${posts.length === 1 ? '' : 's'})`);
      await close(s);

      // Exactly one report with that description, in the Chiang Rai queue.
      const o = await open(ctx);
      await signInToQueue(o, loginNamed(ctx, 'cri.officer'));
      const count = await o.page.evaluate(async (needle) => {
        const res = await fetch('/api/v1/reports?status=all&limit=500', { credentials: 'same-origin' });
        const body = (await res.json()) as { items: { description: string }[] };
        return body.items.filter((r) => r.description.includes(needle)).length;
      }, `ออฟไลน์ ${stamp}`);
      assert(count === 1, `expected exactly one report with the offline description, found ${count}`);
      await o.page.locator('table tbody tr', { hasText: reference }).waitFor();
      await close(o);
    },
  },
  {
    name: 'i: an administrator adds a screening indicator in Thai and English, then retires it',
    timeoutMs: 180_000,
    async run(ctx) {
      const s = await open(ctx);
      const { page } = s;
      await signInWithTotp(page, login(ctx, 'system_admin'));
      await goNav(page, 'ตัวชี้วัดการคัดกรอง');
      await page.locator('table tbody tr', { hasText: 'ilo.deception' }).waitFor();
      await page.getByRole('button', { name: 'เพิ่มตัวชี้วัด' }).click();
      const dialog = page.locator('[data-modal-content]');
      const slug = `e2e_${stamp.replace(/\W/g, '').slice(-8).toLowerCase()}`;
      await dialog.getByLabel(/^รหัสย่อ/).fill('X!');
      await dialog.getByLabel(/^ถ้อยคำภาษาไทย/).fill('เด็กไม่ได้ไปโรงเรียนเพราะต้องทำงาน');
      await dialog.getByLabel(/^ถ้อยคำภาษาอังกฤษ/).fill('Child kept out of school to work');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.getByText('ตัวอักษรอังกฤษพิมพ์เล็ก', { exact: false }).first().waitFor();
      await dialog.getByLabel(/^รหัสย่อ/).fill(slug);
      await choose(page, dialog, 'กลุ่ม', 'ตัวชี้วัดกรณีเด็ก');
      await checkA11y(ctx, page, 'screening indicator form (th)');
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.locator('table tbody tr', { hasText: `child.${slug}` });
      await row.getByText('เด็กไม่ได้ไปโรงเรียนเพราะต้องทำงาน').waitFor();
      await shot(ctx, page, 'i-screening-checklist-th');
      await checkA11y(ctx, page, 'screening checklist (th)');
      await row.getByRole('button', { name: /^แก้ไข/ }).click();
      await dialog.getByRole('switch', { name: 'ใช้ในการคัดกรอง' }).uncheck();
      await dialog.getByRole('button', { name: 'บันทึก', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.getByText('เลิกใช้').waitFor();
      const all = await page.evaluate(async () => (await (await fetch('/api/v1/screening-indicators/all')).json()) as { items: { code: string; active: boolean }[] });
      assert(all.items.find((x) => x.code === `child.${slug}`)?.active === false, 'the indicator was not retired');
      await close(s);
    },
  },
];
