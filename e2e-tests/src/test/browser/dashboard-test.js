// Drives the dashboard in headless Chromium while the test changes the cluster underneath it:
//  1. the page goes live over the SockJS bridge and shows two TaskExecutors, their slots and the running
//     job at parallelism 2;
//  2. it prints "waiting: third TaskExecutor" and waits for a line on stdin, while the test starts a third
//     TaskExecutor; then, without a reload, the page shows three TaskExecutors, parallelism 3 and a new
//     completed rescale 2 -> 3 with its phases and "0" records read again;
//  3. it cancels the job from the page, answering the token prompt.
// A screenshot of each step goes to <screenshot dir>. Exits 0 when all of it happened; prints what it saw.
//   node dashboard-test.js <dashboard url> <job id> <token> <screenshot dir> [chromium path]
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { launch, run } = require('./chromium');

const [url, jobId, token, shots, executable] = process.argv.slice(2);
const step = (msg) => console.log('step: ' + msg);
const WAIT = { timeout: 90000 };

const stdinLines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function shot(page, name) {
  const file = path.join(shots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  step('screenshot ' + file);
}

run(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const browser = await launch(executable);
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
    page.on('pageerror', (e) => console.log('page error: ' + e.message));
    const dialogs = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.type() + ': ' + d.message());
      if (d.type() === 'prompt') await d.accept(token); else await d.accept();
    });
    await page.goto(url + '#job=' + jobId);
    // A reload would lose this marker: the page must follow the cluster live.
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.waitForFunction(() => document.getElementById('connection').textContent === 'live', null, WAIT);
    step('connected over the SockJS bridge');

    const parallelismIs = (p) => page.waitForFunction((p) => {
      const rows = document.querySelectorAll('#vertices tbody tr');
      return rows.length > 0 && [...rows].every(r => r.children[1].textContent === 'RUNNING'
        && r.children[2].textContent === String(p));
    }, p, WAIT);
    await page.waitForFunction(() => document.querySelectorAll('#taskmanagers .tm').length === 2, null, WAIT);
    await page.waitForSelector('#taskmanagers .tm .slot.ALLOCATED', WAIT);
    step('two TaskExecutors, their slots allocated to the job');
    // Started by the test, not by the ResourceManager: the workers block says so and lists nothing.
    await page.waitForFunction(() => document.getElementById('workers-provider').textContent.includes('standalone')
      && document.getElementById('workers').hidden, null, WAIT);
    step('workers: provider standalone');
    await page.locator('#jobs tbody tr', { hasText: jobId }).waitFor(WAIT);
    await parallelismIs(2);
    await page.waitForFunction(() => document.getElementById('job-scheduler').textContent === 'Executing', null, WAIT);
    step('job ' + jobId + ' RUNNING, every vertex at parallelism 2, scheduler Executing');
    // Three charts (records, busy, the sources' backlog); this job's source reports no backlog, so the lag reads '-'.
    await page.waitForFunction(() => ['chart-records', 'chart-busy', 'chart-lag']
      .every(id => document.querySelector('#' + id + ' canvas')), null, WAIT);
    const lag = await page.evaluate(() => document.getElementById('job-lag').textContent);
    if (lag !== '-' && !/^[0-9]+$/.test(lag)) throw new Error('the backlog reads ' + JSON.stringify(lag));
    step('charts: records, busy and backlog (now ' + lag + ')');
    const rescalesBefore = await page.evaluate(() => document.querySelectorAll('#rescales tbody tr').length);
    await shot(page, '1-two-taskexecutors');

    console.log('waiting: third TaskExecutor');
    const go = await stdinLines.next();
    if (go.done) throw new Error('the test closed stdin instead of starting a third TaskExecutor');
    await page.waitForFunction(() => document.querySelectorAll('#taskmanagers .tm').length === 3, null, WAIT);
    step('a third TaskExecutor and its slots appeared');
    await parallelismIs(3);
    step('every vertex at parallelism 3');
    await page.waitForFunction((before) => {
      const rows = [...document.querySelectorAll('#rescales tbody tr')];
      return rows.length > before && rows.some(r => r.children[2].textContent.includes('→ 3')
        && r.children[4].textContent.endsWith(' ms') && r.children[3].textContent.includes('deploy'));
    }, rescalesBefore, WAIT);
    const entry = await page.evaluate(() => {
      const r = [...document.querySelectorAll('#rescales tbody tr')].find(r => r.children[2].textContent.includes('→ 3'));
      return [...r.children].map(c => c.textContent);
    });
    step('rescale entry: ' + JSON.stringify(entry));
    if (entry[5] !== '0') throw new Error('a planned rescale should read nothing again, the page says ' + entry[5]);
    if (!(await page.evaluate(() => window.__sameDocument === true))) throw new Error('the page was reloaded');
    step('no reload: the same document followed the change');
    await shot(page, '2-three-taskexecutors-rescaled');

    // Refused first (no token yet: 401), then, with the token from the prompt, accepted (202).
    const accepted = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.status() === 202, WAIT);
    await page.click('#cancel');
    await accepted;
    step('dialogs: ' + JSON.stringify(dialogs));
    if (!dialogs.some(d => d.startsWith('confirm')) || !dialogs.some(d => d.startsWith('prompt'))) {
      throw new Error('expected a confirmation and a token prompt, got ' + JSON.stringify(dialogs));
    }
    step('cancel confirmed and the token given when the REST call was refused');
    await page.waitForFunction(() => document.getElementById('job-status').textContent === 'CANCELED', null, WAIT);
    step('the page shows the job CANCELED');
    await shot(page, '3-cancelled');
    console.log('OK');
  } finally {
    await browser.close();
  }
});
