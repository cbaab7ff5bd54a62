// The accounts page in a real browser against a real server: the admin dispatcher adds an account (its
// password shown once), disables one (it can no longer log in), resets one (the new password logs in),
// and a dispatcher without the admin flag is refused by the server.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi } from './browser';

const STEP = { timeout: 15_000 };
let server: BrowserServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startBrowserServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  const { context } = await isolatedContext(browser, server.url);
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

async function revealedPassword(page: Page): Promise<string> {
  const value = page.getByTestId('new-password');
  await value.waitFor(STEP);
  const password = (await value.innerText()).trim();
  await page.getByRole('button', { name: 'Đã ghi lại' }).click();
  return password;
}

/** Fills the login form; resolves the alert text when refused, or '' once a screen opened. */
async function tryLogin(page: Page, username: string, password: string): Promise<string> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert');
  const opened = page.waitForURL(/\/(console|post|officer)$/, STEP).then(() => '');
  return Promise.race([
    opened,
    alert
      .first()
      .waitFor(STEP)
      .then(() => alert.first().innerText()),
  ]);
}

it('an admin adds, disables and resets accounts on the page; a non-admin is refused by the server', async () => {
  const admin = await newPage();
  await loginThroughUi(admin, 'dieu-phoi', 'demo', '/console');
  await admin.goto('/accounts');
  const rows = admin.locator('[data-account]');
  await expect.poll(() => rows.count(), STEP).toBe(25);

  // Add a dispatcher without the admin flag.
  await admin.getByLabel('Tên đăng nhập').fill('truc-ban-2');
  await admin.getByLabel('Vai trò').selectOption('dispatcher');
  await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const newPassword = await revealedPassword(admin);
  await expect.poll(() => rows.count(), STEP).toBe(26);

  // Disable an officer: its login is refused from now on.
  await admin.locator('[data-account="kp-2"]').getByRole('button', { name: 'Khoá' }).click();
  await expect.poll(() => admin.locator('[data-account="kp-2"]').getAttribute('data-disabled'), STEP).toBe('true');
  const kp2 = await newPage();
  expect(await tryLogin(kp2, 'kp-2', 'demo')).not.toBe('');

  // Reset another: the old password stops working, the new one (shown once) logs in.
  await admin.locator('[data-account="kp-3"]').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  const kp3Password = await revealedPassword(admin);
  expect(kp3Password).not.toBe('demo');
  const kp3 = await newPage();
  expect(await tryLogin(kp3, 'kp-3', 'demo')).not.toBe('');
  expect(await tryLogin(kp3, 'kp-3', kp3Password)).toBe('');

  // The change log names who did what.
  const audit = admin.locator('.audit-list li');
  await expect.poll(() => audit.count(), STEP).toBe(3);
  expect(await audit.allInnerTexts()).toEqual([
    expect.stringMatching(/admin:dieu-phoi · đặt lại mật khẩu kp-3/),
    expect.stringMatching(/admin:dieu-phoi · khoá kp-2/),
    expect.stringMatching(/admin:dieu-phoi · thêm truc-ban-2/),
  ]);

  // The new dispatcher logs in but may not manage accounts: the server refuses, the page says so.
  const other = await newPage();
  await loginThroughUi(other, 'truc-ban-2', newPassword, '/console');
  const refusal = other.waitForResponse((r) => r.url().endsWith('/api/accounts/'));
  await other.goto('/accounts');
  expect((await refusal).status()).toBe(403);
  await other.getByText(/không có quyền quản lý tài khoản/).waitFor(STEP);
  expect(await other.locator('[data-account]').count()).toBe(0);
});
