// Every page in pages.json, in English and in Welsh, at 1280 px wide: axe
// finds no WCAG 2.2 AA violations, and <html lang> is the page's language.

import { after, before, describe, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { startServer } from './server.js';
import {
  TEST_TIMEOUT_MS, account, htmlLang, launchBrowser, loadPages, pageUrl, sameLanguage, signIn, visit, withPage,
} from './helpers.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LANGUAGES = ['en', 'cy'];
const AXE_TIMEOUT_MS = 60_000;

/** One violation, as someone fixing it needs to read it. */
function describeViolation(violation) {
  const lines = [
    `- ${violation.id} [${violation.impact ?? 'no impact given'}]: ${violation.help}`,
    `  ${violation.helpUrl}`,
  ];
  for (const node of violation.nodes) {
    lines.push(`  target: ${node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(', ')}`);
    lines.push(`    html: ${node.html.replace(/\s+/g, ' ').slice(0, 400)}`);
    if (node.failureSummary) {
      lines.push(...node.failureSummary.split('\n').map((line) => `    ${line}`));
    }
  }
  return lines.join('\n');
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('accessibility');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const entry of loadPages()) {
    for (const lang of LANGUAGES) {
      const name = `${entry.path} in ${lang === 'en' ? 'English' : 'Welsh'}${entry.signedIn ? ' (signed in)' : ''}`;
      test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
        await withPage(browser, `a11y ${entry.path} ${lang}`, { width: 1280 }, async (page) => {
          if (entry.signedIn) await signIn(page, server.baseUrl, account(server, entry.as ?? 'secretariat'));
          const url = pageUrl(server.baseUrl, entry.path, lang);
          await visit(page, url);

          const problems = [];
          const actualLang = await htmlLang(page);
          if (!sameLanguage(actualLang, lang)) {
            problems.push(`<html lang> is ${JSON.stringify(actualLang)}, expected "${lang}"`);
          }

          const results = await withTimeout(
            new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze(),
            AXE_TIMEOUT_MS,
            'axe',
          );
          if (results.violations.length > 0) {
            const report = results.violations.map(describeViolation).join('\n');
            problems.push(`${results.violations.length} axe violation(s):\n${report}`);
          }
          if (problems.length > 0) throw new Error(`${url}:\n${problems.join('\n')}`);
        });
      });
    }
  }
});
