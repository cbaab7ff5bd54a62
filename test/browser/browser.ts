// Debian's Chromium driven by playwright-core (it cannot download its own browser here), and small
// helpers the browser tests share: a context whose only network is the test server, login through
// the login screen, screenshots and the axe check.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

/** `extraArgs`: e.g. --host-resolver-rules and --ignore-certificate-errors-spki-list for the HTTPS tests, or
 * `--autoplay-policy=user-gesture-required` to get a real browser's sound lock. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      ...extraArgs,
    ],
  });
}

/** Logs in over HTTP (as a script would) and returns the token, for a side socket in a browser test. */
export async function loginToken(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { ok: boolean; token?: string };
  if (!body.ok || !body.token) throw new Error(`login of ${username} failed`);
  return body.token;
}

export interface IsolatedContext {
  context: BrowserContext;
  /** Requests to anywhere but the test server (map tiles, mostly), aborted. */
  blocked: string[];
}

/** A context that reaches only `baseUrl`: everything else (tile servers) is aborted, as with no internet. */
export async function isolatedContext(
  browser: Browser,
  baseUrl: string,
  options: BrowserContextOptions = {},
): Promise<IsolatedContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    ...options,
  });
  const blocked: string[] = [];
  const origin = new URL(baseUrl).origin;
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  return { context, blocked };
}

/** Logs in through /login like a person; resolves once the role's screen is shown. */
export async function loginThroughUi(page: Page, username: string, password: string, screen: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`**${screen}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Serious and critical axe violations, as "rule: target" lines (empty when there are none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} – ${v.help}`));
}
