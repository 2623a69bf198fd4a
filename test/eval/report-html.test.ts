// report.html in a real browser: headless Chromium through playwright-core. Skipped, with a
// message, where /usr/bin/chromium is not installed (`apt-get install -y chromium` on Debian).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { baselineMethod, evaluate, writeEvalReport, type EvalMethod } from '../../src/eval/index.js';
import { writeFixtureDataset } from './runner-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found; install it (apt-get install -y chromium) to check report.html in a browser`;

const root = mkdtempSync(join(tmpdir(), 'dpx-eval-html-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

/** Runs a tiny evaluation (input, wiener, and a stand-in model) and writes its reports. */
async function makeReport(): Promise<string> {
  const data = join(root, 'data');
  writeFixtureDataset(data, [{ id: 'a', radius: 2, seed: 1 }, { id: 'b', radius: 3, seed: 2 }], { width: 64, height: 48 });
  // A "model" for the slider: Wiener with less regularization, reported as a model.
  const standIn: EvalMethod = { ...baselineMethod('wiener', { wienerPrior: { kind: 'flat', nsr: 0.002 } }), name: 'stand-in', kind: 'model', description: 'Wiener, NSR 0.002' };
  const result = await evaluate({ data, methods: [baselineMethod('input'), baselineMethod('wiener'), standIn], niqe: false, crops: { count: 2, size: 40 } });
  return writeEvalReport(join(root, 'out'), result).html;
}

test('report.html is self-contained: no external script, stylesheet or image', async () => {
  const html = readFileSync(await makeReport(), 'utf8');
  assert.doesNotMatch(html, /<script[^>]+src=/i);
  assert.doesNotMatch(html, /<link[^>]+href=/i);
  assert.doesNotMatch(html, /(src|href)="(?!data:)/i);
  assert.match(html, /src="data:image\/png;base64,/);
});

test('report.html in Chromium: tables, images, and a slider that moves the clip', { skip }, async () => {
  const file = await makeReport();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    assert.deepEqual(requests.filter((u) => u !== url && !u.startsWith('data:')), [], 'nothing fetched but the page and its data: URIs');
    assert.deepEqual(errors, []);

    const table = page.locator('table.scores').first();
    assert.deepEqual(await table.locator('tbody tr td:first-child').allTextContents(), ['input', 'wiener', 'stand-in']);
    assert.deepEqual(await table.locator('thead th').allTextContents(), ['Method', 'PSNR↑', 'SSIM↑', 'MAE↓', 'Time (s)↓']);
    const bestWeights = await table.locator('td.best').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).fontWeight));
    assert.ok(bestWeights.length >= 4 && bestWeights.every((w) => w === '700'), `best cells bold: ${bestWeights.join(',')}`);

    const images = await page.locator('img').evaluateAll((imgs) => imgs.map((i) => ({ ok: (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0, w: (i as HTMLImageElement).naturalWidth, shown: i.getBoundingClientRect().width })));
    // 2 frames × (input, wiener, stand-in, ground truth) + 2 sliders × 2 layers
    assert.equal(images.length, 12);
    assert.ok(images.every((i) => i.ok && i.w === 40 && i.shown === 40), `every crop decoded and shown 1:1: ${JSON.stringify(images)}`);

    const slider = page.locator('input.slider').first();
    const over = page.locator('.compare img.over').first();
    const clip = (): Promise<string> => over.evaluate((e) => getComputedStyle(e).clipPath);
    assert.equal(await clip(), 'inset(0px 50% 0px 0px)');
    await slider.scrollIntoViewIfNeeded();
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height / 2);
    const value = Number(await slider.inputValue());
    assert.ok(value > 5 && value < 35, `slider moved to ~20, got ${value}`);
    assert.equal(await clip(), `inset(0px ${100 - value}% 0px 0px)`);
    const overBox = (await over.boundingBox())!;
    const dividerX = await page.locator('.compare .divider').first().evaluate((d) => d.getBoundingClientRect().left + 1);
    assert.ok(Math.abs(dividerX - (overBox.x + (overBox.width * value) / 100)) < 1.5, 'the divider follows the clip edge');
    await page.keyboard.press('End');
    assert.equal(await clip(), 'inset(0px 0% 0px 0px)');
    // the other slider is independent
    assert.equal(await page.locator('.compare img.over').nth(1).evaluate((e) => getComputedStyle(e).clipPath), 'inset(0px 50% 0px 0px)');
  } finally {
    await browser.close();
  }
});
