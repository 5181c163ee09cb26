// The browser the studio tests drive as a person would: Debian's Chromium, headless, through
// playwright-core (which downloads no browser of its own).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStudio, type Studio } from '../../src/studio/server.ts';
import { packageRoot } from '../../src/util/package_root.ts';

const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}; install it with bash scripts/setup.sh (or apt-get install chromium).`);
  if (!existsSync(join(packageRoot(), 'studio', 'dist', 'index.html'))) throw new Error('The studio app is not built; run npm run build:studio (npm ci builds it).');
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** A studio on an empty runs folder and a browser, started before the calling file's tests and closed after them. */
export function emptyStudio(name: string): { readonly url: string; readonly browser: Browser } {
  let studio: Studio | undefined, browser: Browser | undefined;
  before(async () => {
    studio = await startStudio({ runsDir: mkdtempSync(join(tmpdir(), `ganforge-studio-${name}-`)), port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await studio?.close();
  });
  return { get url() { return studio!.url; }, get browser() { return browser!; } };
}

/** A page that fails the test on any uncaught error in the app. */
export async function newPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/**
 * Saves studio-NAME.png into the folder GANFORGE_SCREENSHOTS names, and nothing without it: the
 * README's pictures come from trained runs (scripts/screenshots.ts), not from the tests' short ones.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.GANFORGE_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `studio-${name}.png`), ...options });
}

/** The red channel of a canvas's pixels (samples are grey or drawn as RGB alike). */
export function canvasBytes(page: Page, testId: string): Promise<number[]> {
  return page.$eval(`canvas[data-testid="${testId}"]`, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return Array.from(data.filter((_, i) => i % 4 === 0));
  });
}

/** The colours the studio draws generated points and noise in (studio/src/ui/plane.ts, which needs the DOM's types). */
export const GENERATED = '#7b2cbf', NOISE = '#3657c8';

/** How many pixels of a canvas are of this colour, or (`blended`) of it drawn over white with any opacity, as anti-aliased lines are. */
export function pixelsOf(page: Page, testId: string, hex: string, blended = false): Promise<number> {
  return page.$eval(`canvas[data-testid="${testId}"]`, (c, [color, blend]) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const rgb = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      // Over white, a pixel is 255 - a (255 - colour) per channel for one opacity a.
      const a = (255 - data[i]) / (255 - rgb[0]);
      if (blend ? a > 0.2 && rgb.every((v, k) => Math.abs(255 - a * (255 - v) - data[i + k]) <= 3) : rgb.every((v, k) => data[i + k] === v)) n++;
    }
    return n;
  }, [hex, blended] as const);
}

/** Polls `f` until it returns true, or fails with `what`. */
export async function eventually(what: string, f: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await f())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
