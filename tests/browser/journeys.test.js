// What people do: sign in and out, get a sign-in wrong, switch language,
// search the register, record a withdrawal and upload a consultation's
// document, with and without JavaScript.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from './server.js';
import {
  STEP_TIMEOUT_MS, TEST_TIMEOUT_MS, account, htmlLang, launchBrowser, sameLanguage, signIn, submitSignIn, textOf,
  visit, pageUrl, waitForLang, waitForPath, withPage,
} from './helpers.js';

/** Sign in, see the account page, sign out from the header. */
async function signInAndOut(page, server) {
  const who = account(server, 'secretariat');
  await signIn(page, server.baseUrl, who);

  assert.equal(await textOf(page.locator('h1')), 'Your account', 'the h1 of /account');
  const main = page.locator('main');
  assert.ok(
    (await main.getByText(who.name).count()) > 0,
    `/account should show the account's name "${who.name}"; main says: ${(await textOf(main)).slice(0, 300)}`,
  );

  const header = page.getByRole('banner');
  await header.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForLoadState('load');
  await header.getByRole('link', { name: 'Sign in', exact: true }).waitFor({ state: 'visible' });
  assert.equal(
    await header.getByRole('button', { name: 'Sign out', exact: true }).count(),
    0,
    'after signing out the header should no longer offer "Sign out"',
  );
}

/** The error summary, checked as govuk-frontend shows it; returns its links. */
async function errorSummary(page, { javaScript = true } = {}) {
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor({ state: 'visible' }).catch(() => {
    assert.fail(`expected a .govuk-error-summary on ${page.url()}`);
  });
  assert.equal(await summary.count(), 1, 'one error summary');
  const alerts = await page.locator('.govuk-error-summary[role="alert"], .govuk-error-summary [role="alert"]').count();
  assert.ok(alerts > 0, 'the error summary should have role="alert"');
  if (javaScript) {
    await page
      .waitForFunction(() => document.activeElement?.closest('.govuk-error-summary') != null, null, {
        timeout: STEP_TIMEOUT_MS,
      })
      .catch(async () => {
        const focused = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el) return 'nothing';
          return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.className ? ` class="${el.className}"` : ''}>`;
        });
        assert.fail(`the error summary should have the focus; the focus is on ${focused}`);
      });
  }
  const links = await summary.locator('.govuk-error-summary__list a').evaluateAll((anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.replace(/\s+/g, ' ').trim() })),
  );
  assert.ok(links.length > 0, 'the error summary should list at least one error, as a link');
  return links;
}

/** The field `#id` shows an error message, and its input is described by it. */
async function assertFieldError(page, id) {
  const group = page.locator('.govuk-form-group').filter({ has: page.locator(`#${id}`) });
  assert.equal(await group.count(), 1, `#${id} should be in one .govuk-form-group`);
  const message = group.locator('.govuk-error-message');
  assert.ok(await message.first().isVisible(), `#${id} should show a .govuk-error-message`);
  const messageId = await message.first().getAttribute('id');
  const describedBy = ((await page.locator(`#${id}`).getAttribute('aria-describedby')) ?? '').split(/\s+/);
  assert.ok(
    messageId && describedBy.includes(messageId),
    `#${id} should have aria-describedby naming its error message (message id ${messageId}, aria-describedby "${describedBy.join(' ')}")`,
  );
  return textOf(message);
}

/** Today in London, as people type dates into the forms: 25/11/2026. */
function todayTyped() {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London' }).format(new Date());
}

/** The public finds an organisation in the register by name and opens its page. */
async function searchTheRegister(page, server) {
  const register = '/compacts/wiltshire/register';
  await visit(page, pageUrl(server.baseUrl, register));
  assert.equal(await textOf(page.locator('h1')), 'Register of signatories', `the h1 of ${register}`);
  await page.getByLabel('Name, postcode or registered number', { exact: true }).fill('wiltshire police');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForLoadState('load');
  const url = new URL(page.url());
  assert.equal(url.pathname, register, 'a search stays on the register');
  assert.equal(url.searchParams.get('q'), 'wiltshire police', 'the search is in the address, to share');
  const status = await textOf(page.locator('main [role="status"]'));
  assert.equal(status, 'Showing 1 to 1 of 1 organisations', `one organisation matches; the page says "${status}"`);

  const table = page.getByRole('table', { name: 'Organisations' });
  await table.getByRole('link', { name: 'Wiltshire Police', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(new URL(page.url()).pathname, /^\/compacts\/wiltshire\/organisations\/\d+$/, 'the link leads to the organisation page');
  assert.equal(await textOf(page.locator('h1')), 'Wiltshire Police', 'the h1 of the organisation page');
  assert.equal(await textOf(page.locator('main .govuk-tag').first()), 'Signatory', 'its standing');
  const breadcrumbs = page.locator('.govuk-breadcrumbs');
  assert.ok(
    (await breadcrumbs.getByRole('link', { name: 'Register of signatories', exact: true }).count()) > 0,
    'the breadcrumbs lead back to the register',
  );
}

describe('journeys', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('journeys');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('sign in, see your account, sign out', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey sign in and out', {}, (page) => signInAndOut(page, server));
  });

  test('a wrong password is refused with an error summary', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey wrong password', {}, async (page) => {
      const who = account(server, 'secretariat');
      await submitSignIn(page, server.baseUrl, { email: who.email, password: `${who.password}-wrong` });
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'a failed sign-in should stay on /sign-in');

      const links = await errorSummary(page);
      const fieldLinks = links.filter((link) => link.href === '#email' || link.href === '#password');
      assert.ok(
        fieldLinks.length > 0,
        `the error summary should link to #email or #password; it links to ${JSON.stringify(links)}`,
      );
      for (const link of fieldLinks) await assertFieldError(page, link.href.slice(1));
    });
  });

  test('an empty sign-in form asks for the email address and password', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey empty form', {}, async (page) => {
      await submitSignIn(page, server.baseUrl, {});
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'an empty form should stay on /sign-in');

      const links = await errorSummary(page);
      assert.ok(
        links.some((link) => link.href === '#email' && link.text === 'Enter your email address'),
        `the error summary should link to #email saying "Enter your email address"; it has ${JSON.stringify(links)}`,
      );
      await assertFieldError(page, 'email');
      await assertFieldError(page, 'password');
    });
  });

  test('switch to Welsh and back from the header', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey language', {}, async (page) => {
      const home = '/compacts/wiltshire';
      await visit(page, pageUrl(server.baseUrl, home));
      assert.ok(sameLanguage(await htmlLang(page), 'en'), `${home} should start in English, has lang=${await htmlLang(page)}`);
      const header = page.getByRole('banner');

      await header.getByRole('link', { name: 'Cymraeg', exact: true }).click();
      await waitForLang(page, 'cy');
      assert.equal(new URL(page.url()).pathname, home, 'switching language should stay on the same page');

      await header.getByRole('link', { name: 'English', exact: true }).click();
      await waitForLang(page, 'en');
      assert.equal(new URL(page.url()).pathname, home, 'switching language should stay on the same page');
    });
  });

  test('sign in and out without JavaScript', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey no javascript', { javaScriptEnabled: false }, (page) => signInAndOut(page, server));
  });

  test('the public searches the register by name and opens an organisation', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey register search', {}, (page) => searchTheRegister(page, server));
  });

  test('the public searches the register without JavaScript', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey register search no javascript', { javaScriptEnabled: false }, (page) =>
      searchTheRegister(page, server),
    );
  });

  test('the secretariat records a withdrawal through the form', { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey withdrawal', {}, async (page) => {
      await signIn(page, server.baseUrl, account(server, 'secretariat'));
      // Wiltshire Council, the demo's first organisation, is always a signatory.
      const organisation = '/compacts/wiltshire/organisations/1';
      await visit(page, pageUrl(server.baseUrl, organisation));
      const name = await textOf(page.locator('h1'));
      await page.getByRole('link', { name: 'Record a withdrawal', exact: true }).click();
      await waitForPath(page, `${organisation}/withdraw`, 'following "Record a withdrawal"');
      assert.equal(await textOf(page.locator('h1')), 'Record a withdrawal', 'the h1 of the withdrawal form');

      // Sent empty, the form names both fields.
      await page.getByRole('button', { name: 'Record the withdrawal', exact: true }).click();
      await page.waitForLoadState('load');
      const links = await errorSummary(page);
      assert.deepEqual(
        links.map((link) => link.href),
        ['#withdrawn_on', '#reason'],
        `the error summary should link to both fields; it has ${JSON.stringify(links)}`,
      );
      await assertFieldError(page, 'withdrawn_on');
      await assertFieldError(page, 'reason');

      await page.getByLabel('Date of withdrawal', { exact: true }).fill(todayTyped());
      await page.getByLabel('Reason for withdrawing', { exact: true }).fill('The service was recommissioned');
      await page.getByRole('button', { name: 'Record the withdrawal', exact: true }).click();
      await waitForPath(page, organisation, 'recording the withdrawal');
      const notice = await textOf(page.locator('.govuk-notification-banner'));
      assert.ok(
        notice.includes('The withdrawal has been recorded.'),
        `the organisation page should confirm the withdrawal; its banner says "${notice}"`,
      );
      assert.equal(await textOf(page.locator('main .govuk-tag').first()), 'Withdrawn', 'its standing');
      assert.ok(
        (await page.locator('main').getByText('The service was recommissioned').count()) > 0,
        'the reason is shown on the organisation page',
      );

      // Off the public register, and in the audit log.
      await visit(page, pageUrl(server.baseUrl, '/compacts/wiltshire/register'));
      assert.equal(
        await page.getByRole('table', { name: 'Organisations' }).getByRole('link', { name, exact: true }).count(),
        0,
        `${name} should no longer be on the register of signatories`,
      );
      await visit(page, pageUrl(server.baseUrl, '/compacts/wiltshire/audit'));
      assert.ok(
        (await page.locator('main').getByText('signatory.withdraw').count()) > 0,
        'the audit log should list the withdrawal (signatory.withdraw)',
      );
    });
  });
  test("the lead's officer uploads a document to a draft consultation and removes it", { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(browser, 'journey consultation document', {}, async (page) => {
      await signIn(page, server.baseUrl, account(server, 'officer'));
      // The demo's draft consultation (also in pages.json).
      const consultation = '/compacts/wiltshire/consultations/66';
      await visit(page, pageUrl(server.baseUrl, consultation));
      await page.getByRole('link', { name: 'Upload or remove documents', exact: true }).click();
      await waitForPath(page, `${consultation}/documents`, 'following "Upload or remove documents"');
      assert.equal(await textOf(page.locator('h1')), 'Upload documents', 'the h1 of the documents page');

      // A program renamed to look like a PDF is refused, and says why.
      await page.getByLabel('Title of the document', { exact: true }).fill('Draft strategy');
      await page.locator('#file').setInputFiles({
        name: 'strategy.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
      });
      await page.getByRole('button', { name: 'Upload the document', exact: true }).click();
      await page.waitForLoadState('load');
      const links = await errorSummary(page);
      assert.deepEqual(links.map((link) => link.href), ['#file'], `the error summary links to the file: ${JSON.stringify(links)}`);
      const message = await assertFieldError(page, 'file');
      assert.ok(message.includes('The file must be a PDF'), `the file's error names the kinds taken: "${message}"`);

      // A real PDF is kept, listed with its kind and size, and downloads as an attachment.
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n');
      await page.locator('#file').setInputFiles({ name: 'strategy.pdf', mimeType: 'application/pdf', buffer: pdf });
      await page.getByRole('button', { name: 'Upload the document', exact: true }).click();
      await waitForPath(page, `${consultation}/documents`, 'uploading the document');
      const notice = await textOf(page.locator('.govuk-notification-banner'));
      assert.ok(notice.includes('The document was uploaded.'), `the page confirms the upload; its banner says "${notice}"`);
      const row = page.locator('.govuk-summary-list__row').filter({ hasText: 'Draft strategy' });
      assert.equal(await row.count(), 1, 'the uploaded document is listed');
      assert.ok((await textOf(row)).includes(`PDF, ${pdf.length} bytes`), 'with its kind and size');
      const href = await row.getByRole('link', { name: 'Draft strategy', exact: true }).getAttribute('href');
      const download = await page.request.get(pageUrl(server.baseUrl, href));
      assert.equal(download.status(), 200, `${href} downloads`);
      assert.equal(download.headers()['content-type'], 'application/pdf');
      assert.equal(download.headers()['content-disposition'], 'attachment; filename="strategy.pdf"');
      assert.deepEqual(Buffer.from(await download.body()), pdf, 'the same bytes come back');

      await visit(page, pageUrl(server.baseUrl, consultation));
      assert.ok(
        (await page.locator('main').getByText(`PDF, ${pdf.length} bytes`).count()) > 0,
        "the consultation's page lists the document with its kind and size",
      );

      await visit(page, pageUrl(server.baseUrl, `${consultation}/documents`));
      await row.getByRole('button', { name: /^Remove/ }).click();
      await waitForPath(page, `${consultation}/documents`, 'removing the document');
      assert.ok(
        (await textOf(page.locator('.govuk-notification-banner'))).includes('The document was removed.'),
        'the page confirms the removal',
      );
      assert.equal(await page.locator('.govuk-summary-list__row').filter({ hasText: 'Draft strategy' }).count(), 0);
    });
  });
});
