// journeys.test.mjs: the plugin's screens in a real browser (Debian's Chromium), against a
// `psp-host serve` of the sample agency (host_sim/scenarios/sample_agency.json). Each role's
// journey screen by screen; one journey with the keyboard only; axe-core on every page each role
// can open (no serious or critical violation); no request a page sends says who the user is; and
// the host's own rules (CSRF, cookie flags, CSP, a page a role may not use).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, openPage, signIn, startHost, waitForPage } from './harness.mjs';

// The sample agency's cast (host_sim/serve/sign_in_roster.cpp, sample_agency.json).
const COORDINATOR = 'E000004';
const HR = 'E000002';
const COMMAND = 'E000006';
const AUDITOR = 'E000003';
const IT = 'E000005';
const PSP = 'E000037'; // assigned to E000016 in incident 1, not yet acknowledged
const EMPLOYEE = 'E000017'; // involved in incident 1, no PSP yet

let host;
let browser;

before(async () => {
  host = await startHost();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

// The text of the mounted plugin pages, through their shadow roots (innerText stops at them).
const pageText = (page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-psp-page] > *'))
      .map((element) =>
        Array.from(element.shadowRoot?.childNodes ?? [])
          .map((node) => (node.nodeType === 1 ? node.innerText : node.textContent))
          .join('\n'),
      )
      .join('\n'),
  );

// No request carries who the user is: no principal or roles field, and not their employee
// number anywhere (URL, headers, body). Signing in (the host's own form) is the one exception.
function assertNoIdentity(requests, employeeId) {
  let calls = 0;
  for (const r of requests) {
    const path = new URL(r.url).pathname;
    if (path === '/signin') {
      continue;
    }
    const text = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
    assert.ok(!text.includes(employeeId), `request ${r.method} ${path} carries ${employeeId}`);
    if (path === '/api/call') {
      calls += 1;
      const keys = Object.keys(JSON.parse(r.body));
      for (const key of keys) {
        assert.ok(['method', 'params', 'idempotency_key'].includes(key), `bridge field ${key}`);
      }
      assert.ok(!/"principal"|"roles"/.test(r.body), `bridge call carries identity: ${r.body}`);
    }
  }
  return calls;
}

async function axeClean(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`),
    [],
    `axe on ${label}`,
  );
}

describe('peer supporter', () => {
  test('acknowledges, checks in, logs a contact, declares a conflict, takes leave', async () => {
    const { context, page, requests } = await signIn(browser, host.url, PSP);
    await openPage(page, host.url, 'my-assignments');
    const inbox = await pageText(page);
    // Who to find, from the directory; the limits as the jurisdiction profile states them.
    assert.match(inbox, /Steven Lopez \(E000016\)/);
    assert.match(inbox, /Patrol Squad 1/);
    assert.match(inbox, /The limits of confidentiality/);
    assert.match(inbox, /IACP Peer Support Guidelines 6\.3/);
    assert.match(inbox, /no statutory privilege/);

    await page.getByRole('button', { name: 'I have the request' }).click();
    await page.getByText('Your coordinator can see that you have the request').waitFor();
    assert.match(await pageText(page), /Acknowledged/);
    await page.getByRole('button', { name: 'I have checked in' }).click();
    await page.getByText('Recorded: you have checked in').waitFor();
    assert.match(await pageText(page), /no open assignments/);
    await axeClean(page, 'my assignments after checking in');

    await page.getByRole('link', { name: 'Log a contact' }).first().click();
    await waitForPage(page);
    await page.getByLabel('What kind of support was it?').selectOption('post_critical_incident');
    await page.getByLabel('How many minutes did it take?').fill('45');
    await page.getByLabel('A clinician').check();
    await page.getByRole('button', { name: 'Log the contact' }).click();
    await page.getByText('The contact is logged').waitFor();

    await openPage(page, host.url, 'my-training');
    assert.match(await pageText(page), /hours this period/);

    await openPage(page, host.url, 'conflicts');
    // An empty submit: the error summary, its link to the field.
    await page.getByRole('button', { name: 'Declare the conflict' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /There is a problem/);
    assert.match(await page.getByRole('alert').innerText(), /Enter the employee number/);
    await page.getByLabel('Employee number').fill('E000099');
    await page.getByLabel('What is the connection?').selectOption('friend');
    await page.getByRole('button', { name: 'Declare the conflict' }).click();
    await page.getByText('Declared. You will not be assigned to this person.').waitFor();
    await page.getByRole('cell', { name: 'Close friend' }).waitFor();

    await openPage(page, host.url, 'agreement');
    assert.match(await pageText(page), /You have signed this version/);

    await openPage(page, host.url, 'leave');
    await page.getByRole('button', { name: 'Start my leave' }).click();
    await page.getByText('Your leave has started').waitFor();
    await page.getByRole('button', { name: 'I am back' }).click();
    await page.getByText('Welcome back').waitFor();

    assert.ok(assertNoIdentity(requests, PSP) >= 8, 'the pages called the plugin');
    await context.close();
  });

  test('the keyboard alone: sign in, open my assignments, check in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(host.url);
    // The id of the focused element's closest labelled thing, through shadow roots.
    const focused = () =>
      page.evaluate(() => {
        let element = document.activeElement;
        while (element && element.shadowRoot && element.shadowRoot.activeElement) {
          element = element.shadowRoot.activeElement;
        }
        return element
          ? `${element.tagName}|${element.id}|${element.getAttribute('value') ?? ''}|${element.textContent?.trim().slice(0, 40)}`
          : '';
      });
    const tabTo = async (pattern) => {
      for (let i = 0; i < 120; i += 1) {
        await page.keyboard.press('Tab');
        if (pattern.test(await focused())) {
          return;
        }
      }
      throw new Error(`Tab never reached ${pattern}`);
    };
    await tabTo(new RegExp(`\\|${'E000036'}\\|`));
    await Promise.all([page.waitForURL(/\/app$/), page.keyboard.press('Enter')]);
    await tabTo(/^A\|\|\|My assignments/);
    await Promise.all([page.waitForURL(/my-assignments/), page.keyboard.press('Enter')]);
    await waitForPage(page);
    await tabTo(/^BUTTON\|\|\|I have checked in/);
    await page.keyboard.press('Enter');
    await page.getByText('Recorded: you have checked in').waitFor();
    // The confirmation takes the focus, so a screen reader announces it.
    assert.match(await focused(), /^DIV\|\|\|Recorded/);
    await context.close();
  });
});

describe('coordinator', () => {
  test('sees the pipeline and an open incident with names, and assigns many at once', async () => {
    const { context, page, requests } = await signIn(browser, host.url, COORDINATOR);
    await openPage(page, host.url, 'pipeline');
    const pipeline = await pageText(page);
    assert.match(pipeline, /Waiting for HR’s attestation/);
    assert.match(pipeline, /Next: HR attests good standing/);
    assert.match(pipeline, /\(E000060\)/);
    assert.match(pipeline, /Active/);

    await page.goto(new URL('app/page/incident?incident=1', host.url).toString());
    await waitForPage(page);
    await page.getByText(/\d+ people involved/).waitFor();
    const before = await pageText(page);
    assert.match(before, /12 people involved\. 10 have no peer supporter yet/);
    assert.match(before, /Crystal Kim \(E000017\)/);
    assert.match(before, /No peer supporter yet/);
    assert.match(before, /Robert Clark \(E000094\), Day shift, Dispatcher/);
    // One all-or-nothing call for everyone ticked.
    await page.getByRole('button', { name: 'Assign the ticked people' }).click();
    await page.getByText(/Assigned \d+\. Each peer supporter/).waitFor();
    const afterAssigning = await pageText(page);
    await axeClean(page, 'an incident with proposals, after assigning');
    const left = Number(/(\d+) have no peer supporter yet/.exec(afterAssigning)[1]);
    assert.ok(left < 10, `fewer uncovered after assigning (${left})`);
    assert.equal(
      requests.filter((r) => r.body.includes('"activation.assign_bulk"')).length,
      1,
      'one call assigns them all',
    );

    await openPage(page, host.url, 'training-import');
    await page
      .getByLabel('Training records')
      .fill(
        'employee_id,date,hours,topic\nE000036,2025-12-01,4,confidentiality\nE999999,2025-12-01,4,burnout\n',
      );
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'What the import would do' }).waitFor();
    const preview = await pageText(page);
    assert.match(preview, /Rows rejected, and why/);
    assert.match(preview, /E999999|not in the directory|unknown/i);
    assert.equal(
      await page.getByRole('button', { name: 'Import', exact: true }).count(),
      0,
      'no import while a row is rejected',
    );
    await axeClean(page, 'a training import preview with rejected rows');

    for (const id of ['training-compliance', 'coverage', 'readiness', 'reviews', 'statistics']) {
      await openPage(page, host.url, id);
      assert.doesNotMatch(await pageText(page), /There is a problem/, id);
    }
    // The employee-record panel on the host's own record page.
    await page.goto(new URL('app/employee/E000036', host.url).toString());
    // Its text, not its first paragraph: "Loading…" is a paragraph too.
    await page.getByText(/Peer support program: Active since/).waitFor();
    assertNoIdentity(requests, COORDINATOR);
    await context.close();
  });
});

describe('HR administrator', () => {
  test('attests standing, then syncs the directory and sees what was dropped', async () => {
    const { context, page, requests } = await signIn(browser, host.url, HR);
    await openPage(page, host.url, 'attestations');
    assert.match(await pageText(page), /\(E000060\)/);
    await page.getByRole('button', { name: 'In good standing' }).first().click();
    await page.getByText(/Recorded for/).waitFor();
    assert.doesNotMatch(await pageText(page), /\(E000060\)/);

    await openPage(page, host.url, 'directory-sync');
    // Nothing is written before HR has seen what would change.
    assert.equal(await page.getByRole('button', { name: 'Sync now' }).count(), 0);
    await page.getByRole('button', { name: 'Check what would change' }).click();
    await page.getByRole('heading', { name: 'What would change' }).waitFor();
    const text = await pageText(page);
    assert.match(text, /Fields dropped/);
    assert.match(text, /emails/);
    assert.match(text, /No rows were rejected/);
    assert.match(text, /Nothing has been written yet/);
    await axeClean(page, 'a directory sync preview');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('heading', { name: 'What changed' }).waitFor();
    assert.match(await pageText(page), /The directory is up to date/);
    assertNoIdentity(requests, HR);
    await context.close();
  });
});

describe('employee', () => {
  test('chooses from available peer supporters, volunteers, declines an assigned one', async () => {
    // After the coordinator's journey E000017 has a peer supporter, and may decline them.
    const { context, page, requests } = await signIn(browser, host.url, EMPLOYEE, {
      width: 390,
      height: 844,
    });
    await openPage(page, host.url, 'choose-supporter');
    const rows = page.locator('[data-psp-page] tbody tr');
    assert.ok((await rows.count()) >= 1, 'some peer supporter is available');
    assert.match(await pageText(page), /Anyone in your own chain of command is left out/);

    await openPage(page, host.url, 'volunteer');
    await page.getByRole('button', { name: 'Volunteer' }).click();
    await page.getByRole('button', { name: 'Yes, volunteer' }).click();
    await page.getByText('Thank you for volunteering').waitFor();

    await openPage(page, host.url, 'decline-supporter');
    await page.getByLabel('Incident number').fill('1');
    await page.getByRole('button', { name: 'Decline this peer supporter' }).click();
    await page.getByText('This peer supporter will not contact you').waitFor();
    assertNoIdentity(requests, EMPLOYEE);
    await context.close();
  });

  test('a page the role may not use is not offered, and a direct link says so', async () => {
    const { context, page } = await signIn(browser, host.url, EMPLOYEE);
    const nav = await page.locator('nav').innerText();
    assert.match(nav, /Choose a peer supporter/);
    assert.doesNotMatch(nav, /Critical incident|Program statistics|Directory sync/);
    const response = await page.goto(new URL('app/page/incident', host.url).toString());
    assert.equal(response.status(), 403);
    assert.match(await page.locator('main').innerText(), /This page is not available to you/);
    assert.match(await page.locator('main').innerText(), /is for program coordinators/);
    await context.close();
  });
});

describe('command staff, auditor, IT', () => {
  test('command staff see anonymous statistics with hidden cells marked', async () => {
    const { context, page, requests } = await signIn(browser, host.url, COMMAND);
    await openPage(page, host.url, 'statistics');
    const text = await pageText(page);
    assert.match(text, /Anonymous figures/);
    const hidden = await page.locator('[data-psp-page] td .suppressed').count();
    assert.ok(hidden >= 1, 'small counts are shown as hidden, not as numbers');
    assert.ok((await page.locator('[data-psp-page] svg[role="img"]').count()) >= 1, 'a chart');
    assertNoIdentity(requests, COMMAND);
    await context.close();
  });

  test('the auditor verifies the audit chain', async () => {
    const { context, page } = await signIn(browser, host.url, AUDITOR);
    await openPage(page, host.url, 'audit-chain');
    await page.getByRole('button', { name: 'Check the audit log' }).click();
    await page.getByText(/The audit log is intact: \d+ entries checked/).waitFor();
    await context.close();
  });

  test('IT sees health and plugin status and runs maintenance', async () => {
    const { context, page } = await signIn(browser, host.url, IT);
    await openPage(page, host.url, 'system-status');
    const text = await pageText(page);
    assert.match(text, /psp-peer-support/);
    assert.match(text, /sqlite/);
    await page.getByRole('button', { name: 'Run maintenance now' }).click();
    await page.getByText('Maintenance has run.').waitFor();
    await page.goto(new URL('app/fetch-log', host.url).toString());
    assert.match(await page.locator('main').innerText(), /directory/);
    await context.close();
  });
});

describe('the host', () => {
  test('session cookie flags, CSP, CSRF, and no identity accepted from the browser', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const signInPage = await page.goto(host.url);
    const csp = signInPage.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/signin'),
      page.click(`button[name="person"][value="${EMPLOYEE}"]`),
    ]);
    const cookie = (await response.allHeaders())['set-cookie'] ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    await page.waitForURL(/\/app$/);
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page cannot read it');

    const post = (headers, body) =>
      page.evaluate(
        async ([h, b]) => {
          const r = await fetch('/api/call', { method: 'POST', headers: h, body: b });
          return { status: r.status, body: await r.json() };
        },
        [headers, JSON.stringify(body)],
      );
    const csrf = await page.evaluate(() => document.body.dataset.pspCsrf);
    const noToken = await post({ 'Content-Type': 'application/json' }, { method: 'plugin.info' });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.body.error.code, 'csrf');
    const claimed = await post(
      { 'Content-Type': 'application/json', 'X-PSP-CSRF': csrf },
      { method: 'audit.verify', principal: { id: AUDITOR, roles: ['auditor'] } },
    );
    assert.equal(claimed.status, 400);
    assert.equal(claimed.body.error.field, '/principal');
    const refused = await post(
      { 'Content-Type': 'application/json', 'X-PSP-CSRF': csrf },
      { method: 'audit.verify' },
    );
    assert.equal(refused.body.error.code, 'forbidden', 'the plugin still checks the role');
    await context.close();
  });
});

describe('accessibility', () => {
  // Every page each role is offered, at desktop size; the PSP and employee pages on a phone too.
  const people = [
    [PSP, true],
    [COORDINATOR, false],
    [HR, false],
    [EMPLOYEE, true],
    [COMMAND, false],
    [AUDITOR, false],
    [IT, false],
  ];
  for (const [person, phone] of people) {
    test(`axe finds no serious or critical violation on ${person}'s pages`, async () => {
      const { context, page } = await signIn(browser, host.url, person);
      await axeClean(page, `${person} home`);
      const ids = await page
        .locator('nav a[href^="/app/page/"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href').split('/').pop()));
      assert.ok(ids.length >= 1);
      for (const id of ids) {
        await openPage(page, host.url, id);
        await axeClean(page, `${id} as ${person}`);
        if (phone) {
          await page.setViewportSize({ width: 390, height: 844 });
          await axeClean(page, `${id} as ${person} on a phone`);
          await page.setViewportSize({ width: 1280, height: 800 });
        }
      }
      await context.close();
    });
  }
  test('axe on the sign-in page and on a refused page', async () => {
    const { context, page } = await signIn(browser, host.url, EMPLOYEE);
    await page.goto(new URL('app/page/statistics', host.url).toString());
    await axeClean(page, 'refused page');
    await context.close();
    const anonymous = await browser.newContext();
    const start = await anonymous.newPage();
    await start.goto(host.url);
    await axeClean(start, 'sign-in');
    await anonymous.close();
  });
});
