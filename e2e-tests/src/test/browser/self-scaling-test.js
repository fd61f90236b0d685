// The dashboard after a job scaled itself (SelfScalingIT): the page must show the resource provider's workers and
// the scaling policy's decisions as REST has them. The test passes what REST says as JSON:
//   {"provider": "process", "counters": {"pending": 0, "started": 1, ...}, "workers": {"<id>": "REGISTERED", ...},
//    "decisions": ["4 -> 1", "1 -> 4"]}   (decisions: newest first, a change of one vertex each, or "" for any;
//   ASCII arrows here, the page's are →)
// Prints what the page shows, saves a screenshot, and exits 0 when it matches.
//   node self-scaling-test.js <dashboard url> <job id> <expected JSON> <screenshot dir> [chromium path]
'use strict';
const fs = require('fs');
const path = require('path');
const { launch, run } = require('./chromium');

const [url, jobId, expectedJson, shots, executable] = process.argv.slice(2);
const expected = JSON.parse(expectedJson);
const step = (msg) => console.log('step: ' + msg);
const WAIT = { timeout: 60000 };

// What the page shows now, in the shape of the expectation.
function shown() {
  const counters = {};
  for (const c of document.querySelectorAll('#workers-counters .counter')) {
    counters[c.dataset.name] = Number(c.querySelector('b').textContent);
  }
  const workers = {};
  for (const r of document.querySelectorAll('#workers tbody tr')) workers[r.dataset.id] = r.children[1].textContent;
  const decisions = [...document.querySelectorAll('#decisions > li')].map(li => ({
    changes: [...li.querySelectorAll('.vertex-decision .change')].map(c => c.textContent),
    text: li.textContent,
  }));
  return { provider: document.getElementById('workers-provider').textContent, counters, workers, decisions };
}

function matches(page, want) {
  return page.provider.includes('provider ' + want.provider)
    && JSON.stringify(Object.entries(page.counters).sort()) === JSON.stringify(Object.entries(want.counters).sort())
    && JSON.stringify(Object.entries(page.workers).sort()) === JSON.stringify(Object.entries(want.workers).sort())
    && page.decisions.length === want.decisions.length
    && page.decisions.every((d, i) => (want.decisions[i] === '' ? d.changes.length > 0
      : d.changes.includes(want.decisions[i].replace('->', '→'))) && d.text.includes('busy ')
      && d.text.includes('capacity ') && d.text.includes('records read again'));
}

run(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const browser = await launch(executable);
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1600 } });
    page.on('pageerror', (e) => console.log('page error: ' + e.message));
    await page.goto(url + '#job=' + jobId);
    await page.waitForFunction(() => document.getElementById('connection').textContent === 'live', null, WAIT);
    step('connected over the SockJS bridge');
    // shown() and matches() run in the page.
    await page.addScriptTag({ content: shown.toString() + '\n' + matches.toString() });
    try {
      await page.waitForFunction((want) => matches(shown(), want), expected, WAIT);
    } finally {
      step('the page shows ' + JSON.stringify(await page.evaluate(shown)));
      await page.screenshot({ path: path.join(shots, 'self-scaling.png'), fullPage: true });
    }
    step('workers and decisions as REST has them');
    console.log('OK');
  } finally {
    await browser.close();
  }
});
