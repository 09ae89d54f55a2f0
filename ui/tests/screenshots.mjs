// screenshots.mjs: the README's screenshots (scripts/screenshots.sh). Usage: node
// screenshots.mjs OUT_DIR, with PSP_HOST, PSP_MANIFEST and PSP_SAMPLE_SCENARIO set.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage, signIn, startHost, waitForPage } from './harness.mjs';

const outDir = process.argv[2] ?? 'screenshots';
mkdirSync(outDir, { recursive: true });
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
// [file, person, page id or a path, viewport]
const shots = [
  ['my-assignments', 'E000037', 'my-assignments', desktop],
  ['my-assignments-phone', 'E000037', 'my-assignments', phone],
  ['incident', 'E000004', 'incident?incident=1', desktop],
  ['pipeline', 'E000004', 'pipeline', desktop],
  ['directory-sync', 'E000002', 'directory-sync', desktop],
  ['statistics', 'E000006', 'statistics', desktop],
  ['choose-supporter-phone', 'E000015', 'choose-supporter', phone],
  ['log-contact-phone', 'E000037', 'log-contact', phone],
  ['refused', 'E000017', 'statistics', desktop],
];

const host = await startHost();
const browser = await launchBrowser();
try {
  const start = await browser.newContext({ viewport: desktop });
  const page = await start.newPage();
  await page.goto(host.url);
  await page.screenshot({ path: join(outDir, 'sign-in.png') });
  await start.close();
  for (const [file, person, target, viewport] of shots) {
    const { context, page } = await signIn(browser, host.url, person, viewport);
    if (file === 'refused') {
      await page.goto(new URL(`app/page/${target}`, host.url).toString());
    } else {
      await openPage(page, host.url, target);
      if (file === 'directory-sync') {
        await page.getByRole('button', { name: 'Check what would change' }).click();
        await page.getByRole('heading', { name: 'What would change' }).waitFor();
      }
      await waitForPage(page);
    }
    await page.screenshot({ path: join(outDir, `${file}.png`), fullPage: file !== 'statistics' });
    await context.close();
    console.log(`screenshots: ${file}.png`);
  }
} finally {
  await browser.close();
  await host.stop();
}
