// The README's studio pictures, taken from trained runs rather than from the tests' short ones:
//   node --import tsx scripts/screenshots.ts RUNS_FOLDER [--out docs/images]
// serves RUNS_FOLDER with the studio and saves, from Debian's Chromium, the runs list, the first
// run's page, the first two runs compared, the first run's model in the explorer, and the
// playground after it has trained on the ring for a while, and the lab's four families after the same.
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { chromium, type Page } from 'playwright-core';
import { startStudio } from '../src/studio/server.ts';

const program = new Command('screenshots')
  .argument('<runs>', 'a folder of trained run directories (at least two)')
  .option('--out <dir>', 'where the PNG files go', join('docs', 'images'))
  .option('--playground-steps <n>', 'steps the playground trains before its picture', (v) => Number.parseInt(v, 10), 1500)
  .option('--lab-steps <n>', 'updates each of the lab\'s models trains before its picture', (v) => Number.parseInt(v, 10), 600)
  .parse();
const [runsDir] = program.args;
const o = program.opts<{ out: string; playgroundSteps: number; labSteps: number }>();
const runs = readdirSync(runsDir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(runsDir, e.name, 'config.json'))).map((e) => e.name).sort();
if (runs.length < 2) throw new Error(`${runsDir} holds ${runs.length} run directories; the compare picture needs two, so train another run there.`);

const studio = await startStudio({ runsDir: resolve(runsDir), port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const shot = (name: string, fullPage = false) => page.screenshot({ path: join(o.out, `studio-${name}.png`), fullPage });
const settle = (p: Page) => p.waitForLoadState('networkidle').then(() => p.waitForTimeout(1500));
try {
  await page.goto(`${studio.url}#/`);
  await page.locator(`a[href="#/run/${runs[0]}"]`).first().waitFor();
  await settle(page);
  await shot('runs');

  await page.goto(`${studio.url}#/run/${runs[0]}`);
  await page.locator('.chart[data-metric="d_loss"]').waitFor();
  await settle(page);
  await shot('run');

  await page.goto(`${studio.url}#/`);
  for (const run of runs.slice(0, 2)) await page.check(`input[aria-label="compare ${run}"]`);
  await page.click('text=Compare 2 runs');
  await page.locator('.chart[data-metric="g_loss"]').waitFor();
  await settle(page);
  await shot('compare');

  await page.goto(`${studio.url}#/explore/${runs[0]}`);
  await settle(page);
  await shot('explorer', true);

  await page.goto(`${studio.url}#/playground?data=ring`);
  await page.click('[data-testid="play"]');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="step"]')?.getAttribute('data-value')) >= n, o.playgroundSteps, { timeout: 600_000 });
  await page.click('[data-testid="play"]');
  await settle(page);
  await shot('playground', true);

  await page.goto(`${studio.url}#/lab?data=ring`);
  await page.click('[data-testid="lab-play-all"]');
  await page.waitForFunction((n) => ['gan', 'vae', 'gmn', 'diffusion'].every((f) => Number(document.querySelector(`[data-testid="lab-${f}-steps"]`)?.getAttribute('data-value')) >= n), o.labSteps, { timeout: 900_000 });
  await page.click('[data-testid="lab-play-all"]');
  await settle(page);
  await shot('lab', true);
  console.log(`saved studio-{runs,run,compare,explorer,playground,lab}.png in ${o.out} from ${runs.slice(0, 2).join(' and ')}`);
} finally {
  await browser.close();
  await studio.close();
}
