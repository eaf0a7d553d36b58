// Opens the Cirrus console in headless Chromium, enters the operator token, waits for live
// figures, checks that every chart draws non-zero data, that the cache table lists the expected
// caches and the refusals table the page's own refused first read, and saves a screenshot. Prints one JSON line of findings; exits 1 on failure.
// Usage: node console-check.mjs BASE_URL TOKEN SCREENSHOT account/cache[,account/cache...]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [baseUrl, token, screenshot, expected] = process.argv.slice(2);
if (!baseUrl || !token || !screenshot || !expected) {
  console.error('usage: node console-check.mjs BASE_URL TOKEN SCREENSHOT account/cache[,...]');
  process.exit(2);
}
const CHARTS = ['chart-rps', 'chart-hits', 'chart-latency', 'chart-connections', 'chart-heap'];
const profile = mkdtempSync(join(tmpdir(), 'cirrus-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const findings = { problems: [] };
try {
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  let loggedIn = false;
  page.on('console', (m) => {
    // Before the token is entered the page's first read is refused (401) by design.
    const expected = !loggedIn && m.text().includes('status of 401');
    if (m.type() === 'error' && !expected) { consoleErrors.push(m.text()); }
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(baseUrl + '/console');
  await page.waitForSelector('#login:not([hidden])', { timeout: 20000 });
  findings.askedForToken = true;
  loggedIn = true;
  await page.fill('#token', token);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('#board:not([hidden])', { timeout: 20000 });
  // Wait for live data: requests per second and latency drawn from two samples or more.
  await page.waitForFunction(() => {
    const rps = document.getElementById('chart-rps');
    const latency = document.getElementById('chart-latency');
    // Six samples (about 12 s) make a chart worth a screenshot.
    return Number(rps.dataset.points) >= 6 && Number(rps.dataset.latest) > 0
      && Number(latency.dataset.latest) > 0
      && document.querySelectorAll('#caches tbody tr').length > 0;
  }, null, { timeout: 60000, polling: 500 });
  findings.charts = await page.evaluate((ids) => ids.map((id) => {
    const fig = document.getElementById(id);
    const paths = [...fig.querySelectorAll('svg path')].map((p) => p.getAttribute('d') || '');
    return { id, points: Number(fig.dataset.points), max: Number(fig.dataset.max),
      latest: Number(fig.dataset.latest), drawn: paths.filter((d) => d.includes('L')).length };
  }), CHARTS);
  for (const c of findings.charts) {
    if (!(c.points > 0 && c.latest > 0 && c.drawn > 0)) {
      findings.problems.push('chart ' + c.id + ' shows no non-zero data: ' + JSON.stringify(c));
    }
  }
  findings.rows = await page.$$eval('#caches tbody tr',
    (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  for (const pair of expected.split(',')) {
    const [account, cache] = pair.split('/');
    const row = findings.rows.find((r) => r[0] === account && r[1] === cache);
    if (!row) {
      findings.problems.push('the cache table lacks ' + pair);
    } else if (row[2] === '0' || row[2] === '–') {
      findings.problems.push('the cache table shows no entries for ' + pair + ': ' + row.join(' | '));
    }
  }
  // The page's first read, before the token was entered, was refused: the table must show it.
  findings.refusals = await page.$$eval('#refusals tbody tr',
    (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  if (!findings.refusals.some((r) => r[0] === 'http' && r[1] === '401' && r[2] === 'token'
      && Number(r[3].replace(/[^0-9]/g, '')) >= 1)) {
    findings.problems.push('the refusals table lacks the refused first read: '
      + JSON.stringify(findings.refusals));
  }
  findings.tokenKeptInSession = await page.evaluate(
    () => sessionStorage.getItem('cirrus.operatorToken') !== null);
  if (!findings.tokenKeptInSession) {
    findings.problems.push('the token was not kept in sessionStorage');
  }
  findings.consoleErrors = consoleErrors;
  if (consoleErrors.length) {
    findings.problems.push('the page logged errors: ' + consoleErrors.join('; '));
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  findings.screenshot = screenshot;
} catch (e) {
  findings.problems.push(String(e && e.stack || e));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(findings));
process.exit(findings.problems.length ? 1 : 0);
