// Drives the dashboard in headless Chromium: the page goes live over the bridge, shows the TaskExecutors'
// slots and the job, shows the selected job's vertices, and cancels the job through REST, answering the
// token prompt. Exits 0 when all of it happened; prints what it saw either way.
//   node dashboard-test.js <dashboard url> <job id> <token> [chromium path]
'use strict';
const { chromium } = require('playwright-core');

const [url, jobId, token, executable] = process.argv.slice(2);
const step = (msg) => console.log('step: ' + msg);

(async () => {
  const browser = await chromium.launch({
    executablePath: executable || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1200 } });
    page.on('pageerror', (e) => console.log('page error: ' + e.message));
    const dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.type() + ': ' + d.message());
      if (d.type() === 'prompt') await d.accept(token); else await d.accept();
    });
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('connection').textContent === 'live', null, { timeout: 60000 });
    step('connected over the SockJS bridge');
    await page.waitForSelector('#taskmanagers .tm .slot.ALLOCATED', { timeout: 60000 });
    step('TaskExecutor slots shown, allocated ones coloured by job');
    const row = page.locator('#jobs tbody tr', { hasText: jobId });
    await row.waitFor({ timeout: 60000 });
    await row.click();
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('#vertices tbody tr');
      return rows.length > 0 && [...rows].every(r => r.children[1].textContent === 'RUNNING' && r.children[2].textContent === '1');
    }, null, { timeout: 60000 });
    step('job ' + jobId + ': every vertex RUNNING at parallelism 1');
    await page.waitForFunction(() => document.getElementById('job-scheduler').textContent === 'Executing', null,
      { timeout: 60000 });
    step('scheduler state Executing');
    // Refused first (no token yet: 401), then, with the token from the prompt, accepted (202).
    const accepted = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.status() === 202,
      { timeout: 60000 });
    await page.click('#cancel');
    await accepted;
    step('dialogs: ' + JSON.stringify(dialogs));
    if (!dialogs.some(d => d.startsWith('confirm')) || !dialogs.some(d => d.startsWith('prompt'))) {
      throw new Error('expected a confirmation and a token prompt, got ' + JSON.stringify(dialogs));
    }
    step('cancel confirmed and the token given when the REST call was refused');
    console.log('OK');
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log('FAILED: ' + e.message);
  process.exit(1);
});
