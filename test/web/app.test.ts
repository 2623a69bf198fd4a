// The browser app in a real browser: headless Chromium through playwright-core, served by the
// same server as `dualpix serve`. Skipped, with a message, where /usr/bin/chromium is not
// installed (`apt-get install -y chromium` on Debian).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { decodePngImage, encodePngImage, createImage, readPng } from '../../src/image/index.js';
import { startAppServer, type AppServer } from '../../src/cli/app-server.js';
import { buildWebApp, type WebBuild } from '../../web/build.js';
import { runCli } from '../cli/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found; install it (apt-get install -y chromium) to check the browser app`;

const root = mkdtempSync(join(tmpdir(), 'dpx-web-'));
let built: WebBuild;
let server: AppServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  built = await buildWebApp(join(root, 'app'));
  server = await startAppServer({ root: built.outDir, port: 0 });
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Watched {
  readonly page: Page;
  readonly errors: string[];
  readonly foreign: string[];
}

/** A fresh page on the app, collecting console errors, page errors and requests that leave the server. */
async function openApp(width = 1280): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('synth-status')?.textContent?.startsWith('Rendered'), undefined, { timeout: 120_000 });
  return { page, errors, foreign };
}

/** Standard deviation of a PNG screenshot's grey levels (0–255): 0 for a blank picture. */
function spread(png: Buffer): number {
  const img = decodePngImage(new Uint8Array(png), 'screenshot').image;
  const n = img.width * img.height;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    let g = 0;
    for (let c = 0; c < Math.min(3, img.channels); c++) g += img.data[c * n + i]!;
    g = (255 * g) / Math.min(3, img.channels);
    s += g;
    s2 += g * g;
  }
  return Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
}

test('the page loads cross-origin isolated, with no console errors and nothing fetched from elsewhere; page JS ≤ 1 MB', { skip }, async () => {
  const total = Object.values(built.scripts).reduce((a, b) => a + b, 0);
  assert.ok(total <= 1_000_000, `page JavaScript is ${total} bytes`);
  const { page, errors, foreign } = await openApp();
  try {
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
    assert.deepEqual(errors, []);
    assert.deepEqual(foreign, []);
    assert.match((await page.locator('#synth-status').textContent()) ?? '', /Rendered 320×213 px .* CoC radius -?\d/);
  } finally {
    await page.close();
  }
});

test('the example pair shows four views and deblurs in the browser within 1/255 of dualpix deblur', { skip, timeout: 600_000 }, async (t) => {
  const { page, errors } = await openApp();
  try {
    await page.click('#example');
    await page.waitForSelector('#pair-views:not([hidden])');
    for (const id of ['wiggle', 'combined', 'difference', 'disparity']) {
      assert.ok(spread(await page.locator(`#${id}`).screenshot()) > 5, `#${id} is not blank`);
    }
    // The wiggle alternates the views: sampled over a second, the canvas shows two pictures.
    const seen = await page.evaluate(async () => {
      const c = document.getElementById('wiggle') as HTMLCanvasElement;
      const ctx = c.getContext('2d')!;
      const sums = new Set<number>();
      for (let k = 0; k < 12; k++) {
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let s = 0;
        for (let i = 0; i < d.length; i += 4) s += d[i]! * ((i >> 2) % 97);
        sums.add(s);
        await new Promise((r) => setTimeout(r, 90));
      }
      return sums.size;
    });
    assert.equal(seen, 2, 'the wiggle alternates two views');

    await page.click('#deblur-run');
    await page.waitForFunction(() => !(document.getElementById('download') as HTMLButtonElement).disabled || /failed/.test(document.getElementById('deblur-status')?.textContent ?? ''), undefined, { timeout: 500_000 });
    assert.match((await page.locator('#deblur-status').textContent()) ?? '', /^Done in [\d.]+ s \(multi-threaded WebAssembly\)/);
    assert.equal(await page.locator('#deblur-progress').evaluate((p) => (p as HTMLProgressElement).value), 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const saved = join(root, 'page.png');
    await download.saveAs(saved);
    const fromPage = readPng(saved);

    const cliOut = join(root, 'cli.png');
    const r = runCli(['deblur', '--left', join(built.outDir, 'example', 'left.png'), '--right', join(built.outDir, 'example', 'right.png'), '--out', cliOut]);
    assert.equal(r.code, 0, r.stderr);
    const fromCli = readPng(cliOut);
    assert.equal(fromPage.bitDepth, fromCli.bitDepth);
    assert.deepEqual([fromPage.image.width, fromPage.image.height], [fromCli.image.width, fromCli.image.height]);
    let worst = 0;
    for (let i = 0; i < fromCli.image.data.length; i++) worst = Math.max(worst, Math.abs(fromPage.image.data[i]! - fromCli.image.data[i]!));
    t.diagnostic(`page vs CLI: max difference ${(worst * 255).toFixed(4)}/255 over ${fromCli.image.width}x${fromCli.image.height}; ${await page.locator('#deblur-status').textContent()}`);
    assert.ok(worst <= 1 / 255, `page and CLI differ by up to ${(worst * 255).toFixed(3)}/255`);
    // The result is not the input: deblurring changed the picture.
    const input = readPng(join(built.outDir, 'example', 'left.png')).image;
    let moved = 0;
    for (let i = 0; i < input.data.length; i++) moved = Math.max(moved, Math.abs(input.data[i]! - fromPage.image.data[i]!));
    assert.ok(moved > 0.02);
    assert.ok(spread(await page.locator('#compare').screenshot()) > 5);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a PSF slider changes the drawn PSF, and the sign of r swaps the views', { skip }, async () => {
  const { page, errors } = await openApp();
  try {
    const picture = (): Promise<Buffer> => page.locator('#psf-triple').screenshot();
    const behind = await picture();
    assert.ok(spread(behind) > 5);
    assert.match((await page.locator('#psf-info').textContent()) ?? '', /behind the focal plane/);
    await page.locator('#psf-radius').fill('-8');
    assert.match((await page.locator('#psf-info').textContent()) ?? '', /in front of the focal plane/);
    const front = await picture();
    assert.notDeepEqual(front, behind);
    await page.locator('#psf-beta').fill('0.6');
    assert.notDeepEqual(await picture(), front, 'β changes the drawing');
    // Keyboard: the sliders are reachable and move with the arrow keys.
    await page.locator('#psf-n').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#psf-n-out').textContent(), '4');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a wrong file shows a message and the page keeps working', { skip }, async () => {
  const { page, errors } = await openApp();
  try {
    const text = join(root, 'notes.png');
    writeFileSync(text, 'these are notes, not a picture');
    const small = join(root, 'small.png');
    writeFileSync(small, encodePngImage(createImage(8, 8, 3), 8));
    const right = join(built.outDir, 'example', 'right.png');

    await page.setInputFiles('#left-file', text);
    await page.setInputFiles('#right-file', right);
    const message = page.locator('#pair-message');
    await message.waitFor({ state: 'visible' });
    assert.match((await message.textContent()) ?? '', /notes\.png: .*PNG/);

    await page.setInputFiles('#left-file', small);
    await page.waitForFunction(() => /same size/.test(document.getElementById('pair-message')?.textContent ?? ''));
    assert.match((await message.textContent()) ?? '', /right\.png is 640×426 but the left view small\.png is 8×8/);

    await page.click('#example');
    await message.waitFor({ state: 'hidden' });
    assert.match((await page.locator('#pair-info').textContent()) ?? '', /640×426 px, 16-bit/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('screenshots of each part are non-blank, also on a laptop-sized window', { skip }, async () => {
  const { page, errors } = await openApp(1024);
  try {
    await page.click('#example');
    await page.waitForSelector('#pair-views:not([hidden])');
    for (const id of ['pair', 'deblur', 'psf', 'synth']) {
      const shot = await page.locator(`#${id}`).screenshot();
      assert.ok(spread(shot) > 10, `#${id} screenshot is not blank (spread ${spread(shot).toFixed(1)})`);
    }
    // Nothing wider than the window: no horizontal scrolling on a laptop screen.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

