// What the browser tests share: the browser, pages with the house timeouts,
// signing in, and keeping evidence when a test fails.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { repoRoot } from './server.js';

/** Each step (a navigation, a click, waiting for an element) gets this long. */
export const STEP_TIMEOUT_MS = 15_000;
/** Each test as a whole. */
export const TEST_TIMEOUT_MS = 120_000;

export const CHROMIUM = process.env.COMPACT_CHROMIUM || '/usr/bin/chromium';
export const failuresDir = path.join(repoRoot, 'target', 'browser-tests', 'failures');

/** The pages the tests visit (and the routes they stand for). */
export function loadPages() {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Debian's chromium, headless. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), or run tests/browser/run.`);
  }
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: runningAsRoot ? ['--no-sandbox'] : [],
    timeout: 30_000,
  });
}

/** A URL of the test server, in the given language ('en' leaves it as it is). */
export function pageUrl(baseUrl, pagePath, lang = 'en') {
  const url = new URL(pagePath, baseUrl);
  if (lang !== 'en') url.searchParams.set('lang', lang);
  return url.toString();
}

/**
 * Runs `fn(page, context)` in a fresh browser context (no cookies, so no
 * language or session carried over from another test), and closes it after.
 * When `fn` fails, a screenshot and the HTML are kept in
 * target/browser-tests/failures/ and the error says where the page was.
 */
export async function withPage(browser, name, { width = 1280, height = 900, javaScriptEnabled = true } = {}, fn) {
  const context = await browser.newContext({
    viewport: { width, height },
    javaScriptEnabled,
    locale: 'en-GB',
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    return await fn(page, context);
  } catch (error) {
    const evidence = await keepEvidence(page, name);
    const extra = [`page: ${page.url()}`, ...evidence];
    if (pageErrors.length) extra.push(`JavaScript errors on the page:\n  ${pageErrors.join('\n  ')}`);
    const original = error.message;
    error.message = `${original}\n    ${extra.join('\n    ')}`;
    // Reporters print the stack, which was written with the old message.
    if (typeof error.stack === 'string' && original) error.stack = error.stack.replace(original, error.message);
    throw error;
  } finally {
    await context.close().catch(() => {});
  }
}

async function keepEvidence(page, name) {
  if (!/^https?:/.test(page.url())) return []; // nothing was shown yet
  try {
    fs.mkdirSync(failuresDir, { recursive: true });
    const base = path.join(failuresDir, name.replace(/[^a-zA-Z0-9-]+/g, '_').replace(/^_|_$/g, ''));
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5_000 });
    fs.writeFileSync(`${base}.html`, await page.content());
    return [`screenshot: ${path.relative(repoRoot, base)}.png`, `html: ${path.relative(repoRoot, base)}.html`];
  } catch (error) {
    return [`(no screenshot: ${error.message.split('\n')[0]})`];
  }
}

/** Goes to `url` and insists the answer (after redirects) was a success. */
export async function visit(page, url) {
  let response;
  try {
    response = await page.goto(url, { waitUntil: 'load' });
  } catch (error) {
    // Chromium shows its own error page, and Playwright throws, for an error
    // status with an empty body: say which status it was.
    if (!/ERR_HTTP_RESPONSE_CODE_FAILURE/.test(error.message)) throw error;
    const again = await page.request.get(url, { maxRedirects: 20 });
    assert.fail(`GET ${url} answered ${again.status()} ${again.statusText()} (with an empty body)`);
  }
  assert.ok(response, `no response for ${url}`);
  if (response.status() >= 400) {
    const heading = await page.locator('h1').first().textContent({ timeout: 1_000 }).catch(() => null);
    assert.fail(`GET ${url} answered ${response.status()}${heading ? ` ("${heading.trim()}")` : ''}`);
  }
  return response;
}

/** The primary language of the page, from <html lang>. */
export async function htmlLang(page) {
  return page.locator('html').getAttribute('lang');
}

export function sameLanguage(actual, expected) {
  return typeof actual === 'string' && actual.toLowerCase().split('-')[0] === expected;
}

/** Waits until <html lang> is `lang` (after a navigation the click started). */
export async function waitForLang(page, lang) {
  try {
    await page.waitForFunction(
      (expected) => (document.documentElement.lang || '').toLowerCase().split('-')[0] === expected,
      lang,
      { timeout: STEP_TIMEOUT_MS },
    );
  } catch {
    assert.fail(`expected <html lang="${lang}">, found lang=${JSON.stringify(await htmlLang(page))} on ${page.url()}`);
  }
}

/** The account to sign in with. */
export function account(server, role) {
  return server.accounts[role];
}

/** Fills in and sends the sign-in form. Does not check where it lands. */
export async function submitSignIn(page, baseUrl, { email = '', password = '' } = {}) {
  await visit(page, pageUrl(baseUrl, '/sign-in'));
  const emailField = page.getByLabel('Email address', { exact: true });
  const passwordField = page.getByLabel('Password', { exact: true });
  assert.equal(await emailField.getAttribute('id'), 'email', 'the field labelled "Email address" should be #email');
  assert.equal(await passwordField.getAttribute('id'), 'password', 'the field labelled "Password" should be #password');
  if (email) await emailField.fill(email);
  if (password) await passwordField.fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState('load');
}

/** Signs in and waits for the account page. */
export async function signIn(page, baseUrl, who) {
  await submitSignIn(page, baseUrl, who);
  await waitForPath(page, '/account', `signing in as ${who.email}`);
}

export async function waitForPath(page, pathname, doing) {
  try {
    await page.waitForURL((url) => url.pathname === pathname, { timeout: STEP_TIMEOUT_MS });
  } catch {
    const heading = await page.locator('h1').first().textContent({ timeout: 1_000 }).catch(() => null);
    const errors = await page.locator('.govuk-error-summary').textContent({ timeout: 1_000 }).catch(() => null);
    assert.fail(
      `${doing}: expected to reach ${pathname}, but the page is ${new URL(page.url()).pathname}` +
        (heading ? ` (h1 "${heading.trim()}")` : '') +
        (errors ? `, with errors: ${errors.replace(/\s+/g, ' ').trim()}` : ''),
    );
  }
}

/** The trimmed, whitespace-collapsed text of the first match. */
export async function textOf(locator) {
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
