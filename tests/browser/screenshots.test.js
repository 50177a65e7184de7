// Full-page screenshots of the Compact home page, in English and Welsh, on
// a desktop and a phone: target/screenshots/home-{en,cy}-{1280,375}.png.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot, startServer } from './server.js';
import { TEST_TIMEOUT_MS, htmlLang, launchBrowser, pageUrl, sameLanguage, visit, withPage } from './helpers.js';

const screenshotsDir = path.join(repoRoot, 'target', 'screenshots');
const VIEWPORTS = [[1280, 900], [375, 812]]; // width, height

describe('screenshots of the Compact home page', () => {
  let server;
  let browser;

  before(async () => {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    server = await startServer('screenshots');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'cy']) {
    for (const [width, height] of VIEWPORTS) {
      const file = path.join(screenshotsDir, `home-${lang}-${width}.png`);
      test(path.relative(repoRoot, file), { timeout: TEST_TIMEOUT_MS }, async () => {
        await withPage(browser, `screenshot home ${lang} ${width}`, { width, height }, async (page) => {
          await visit(page, pageUrl(server.baseUrl, '/compacts/wiltshire', lang));
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 0, `${file} is empty`);
          const actual = await htmlLang(page);
          assert.ok(sameLanguage(actual, lang), `expected <html lang="${lang}">, found ${JSON.stringify(actual)} (the screenshot was kept)`);
        });
      });
    }
  }
});
