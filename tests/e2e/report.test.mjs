// The decision report (issue 10): printed (page.pdf(), what Chromium's save-as-PDF makes) it holds
// the seed, the scenario's retry settings and the sweep table's numbers (read back with pdftotext),
// and every chart prints whole; "Download report" writes one self-contained HTML file whose
// embedded state Open scenario reopens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { browserSuite, openPage, assertNoProblems, fill, downloads, pageScenario, ARTIFACTS } from './helpers.mjs';

const env = browserSuite();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-sim-report-'));

async function analyse(page) {
  await fill(page, 'Retry count', 3);
  await fill(page, 'Retry interval', 40);
  await fill(page, 'Seed', 31);
  await fill(page, 'Number of recipients', 200);
  await page.waitForFunction(() => document.querySelector('#form-state')?.textContent === 'Ready to launch');
  await page.locator('#tn-runs').fill('60');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-mc').dataset.state === 'done', null, { timeout: 120_000 });
  await page.locator('#tn-sw-max').fill('2');
  await page.locator('#tn-sw-waits').fill('20, 60');
  await page.locator('#tn-sw-runs').fill('30');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-sweep').dataset.state === 'done', null, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Compare A and B' }).click();
  await page.waitForFunction(() => document.querySelector('#tn-ab').dataset.state === 'done', null, { timeout: 120_000 });
}

test('the printed report holds the seed, the retry settings and the sweep table, and its charts whole', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await analyse(page);
  // What the sweep table shows: its completed-leads cells.
  const cells = await page.locator('#tn-sweep-table tbody td.tn-strong').evaluateAll((tds) => tds.map((td) => td.childNodes[0].textContent.trim()));
  assert.equal(cells.length, 6, '3 retry counts × 2 intervals');

  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  // Every chart the report prints lies whole inside its card and the printable width.
  const charts = await page.evaluate(() => [...document.querySelectorAll('#tn-mc figure svg, #tn-sweep figure svg')].map((svg) => {
    const r = svg.getBoundingClientRect();
    const card = svg.closest('.card').getBoundingClientRect();
    const fig = svg.closest('figure');
    return { w: r.width, h: r.height, left: r.left - card.left, right: card.right - r.right, clipped: fig.scrollWidth > fig.clientWidth + 1 || fig.scrollHeight > fig.clientHeight + 1 };
  }));
  assert.ok(charts.length >= 2, 'the histogram and the sweep chart are printed');
  for (const c of charts) {
    assert.ok(c.w > 100 && c.h > 50, `a chart has a size (${c.w}×${c.h})`);
    assert.ok(c.left >= 0 && c.right >= 0, `a chart lies inside its card (${JSON.stringify(c)})`);
    assert.equal(c.clipped, false, 'no chart is clipped');
  }
  const pdf = path.join(tmp, 'report.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  fs.copyFileSync(pdf, path.join(ARTIFACTS, 'report.pdf'));
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  const t = text.stdout;
  assert.match(t, /Seed 31/);
  assert.match(t, /max_retries 3, wait_minutes 40/);
  assert.match(t, /Decision report/);
  for (const cell of cells) assert.ok(t.includes(cell), `the sweep cell ${cell} is in the PDF`);
  assert.match(t, /#v=1&/, 'the share link is printed');
  assert.match(t, /Model assumptions/);
  // A4 pages of the report as a picture, for looking at.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  assertNoProblems(problems);
  await page.close();
});

test('Download report writes one HTML file whose embedded state Open scenario reopens', async () => {
  const { page, problems } = await openPage(env.browser.context, env.server.url);
  await analyse(page);
  const before = await pageScenario(page);
  const [report] = await downloads(page, 1, () => page.locator('#share').getByRole('button', { name: 'Download report' }).click());
  assert.match(report.name, /-report\.html$/);
  assert.doesNotMatch(report.text, /<(script|link|img)[^>]+(src|href)=/, 'self-contained: no file it would fetch');
  assert.match(report.text, /Seed 31/);
  assert.match(report.text, /id="tn-sweep-table"/);
  const file = path.join(tmp, report.name);
  fs.writeFileSync(file, report.text);

  // The report on its own (no scripts run in it): what a reader sees.
  const view = await env.browser.context.newPage();
  await view.goto(`file://${file}`);
  assert.match(await view.locator('body').textContent(), /Decision report: Campaign/);
  await view.screenshot({ path: path.join(ARTIFACTS, 'report-file.png'), fullPage: true });
  await view.close();

  // ...and reopened in the simulator.
  const p2 = (await openPage(env.browser.context, env.server.url)).page;
  await p2.locator('#share-open-file').setInputFiles(file);
  await p2.locator('#share-file-status[data-state="valid"]').waitFor({ timeout: 15_000 });
  assert.deepEqual(await pageScenario(p2), before);
  assert.equal(await p2.locator('#tn-sw-waits').inputValue(), '20, 60', 'the tuning settings come back too');
  await p2.close();
  assertNoProblems(problems);
  await page.close();
});
