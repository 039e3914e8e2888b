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

function assert(cond: unknown, msg: string): asserts cond {
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
async function checkA11y(ctx: Ctx, page: Page, label: string): Promise<void> {
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
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
}

async function shot(ctx: Ctx, page: Page, name: string, fullPage = true): Promise<void> {
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
      await page.keyboard.press('Escape');
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
      assert(admin.totpSecret, 'system_admin has no TOTP secret');
      const s = await open(ctx);
      const { page } = s;
      await page.goto('/sign-in');
      await signIn(page, admin.username, admin.password);
      await enterTotp(page, admin.totpSecret);
      await page.getByRole('heading', { level: 1, name: /^สวัสดี/ }).waitFor();
      await goNav(page, 'ผู้ใช้');
      await page.getByLabel('ค้นหา').fill(analyst.username);
      const row = page.locator('table tbody tr', { hasText: analyst.username });
      await row.waitFor();
      await row.getByRole('button', { name: /^การดำเนินการ/ }).click();
      await page.getByRole('menuitem', { name: 'รีเซ็ตการยืนยันตัวตนขั้นที่สอง' }).click();
      const dialog = page.getByRole('dialog');
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
      await page.getByText('นักวิเคราะห์ระดับชาติ').first().waitFor();
      const nav = await navLinks(page);
      assert(nav.includes('บุคคล') && !nav.includes('ผู้ใช้'), `analyst nav: ${nav.join(', ')}`);
      await close(s);
    },
  },
];
