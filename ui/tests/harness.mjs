// harness.mjs: what the browser tests share: a `psp-host serve` of the sample agency on a free
// loopback port (started per run, stopped at the end), Debian's Chromium through
// playwright-core, signing in as a person, and waiting for a plugin page to finish loading.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (the ctest registration sets it)`);
  }
  return value;
};

// Starts psp-host serve on the sample agency; resolves with { url, stop }.
export async function startHost() {
  const workDir = mkdtempSync(join(tmpdir(), 'psp-ui-test-'));
  const child = spawn(
    required('PSP_HOST'),
    [
      'serve',
      '--work-dir',
      workDir,
      '--manifest',
      required('PSP_MANIFEST'),
      '--scenario',
      required('PSP_SAMPLE_SCENARIO'),
      '--port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('psp-host serve did not start:\n' + output)),
      60000,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`psp-host serve exited (${code}):\n${output}`)));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(workDir, { recursive: true, force: true });
  };
  return { url, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.PSP_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
}

// A fresh context (its own cookies) signed in as `employeeId`, with every request it sends kept
// in `requests` for the identity check.
export async function signIn(browser, url, employeeId, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) =>
    requests.push({
      url: request.url(),
      method: request.method(),
      headers: request.headers(),
      body: request.postData() ?? '',
    }),
  );
  await page.goto(url);
  await Promise.all([
    page.waitForURL(/\/app$/),
    page.click(`button[name="person"][value="${employeeId}"]`),
  ]);
  return { context, page, requests };
}

// Opens a plugin page and waits until it has loaded what it shows.
export async function openPage(page, url, pageId) {
  await page.goto(new URL(`app/page/${pageId}`, url).toString());
  await waitForPage(page);
}

export async function waitForPage(page) {
  await page.locator('[data-psp-page] h1').first().waitFor();
  await page.waitForFunction(() => {
    const mounted = document.querySelector('[data-psp-page] > *');
    return mounted && mounted.shadowRoot && !mounted.shadowRoot.textContent.includes('Loading…');
  });
}
