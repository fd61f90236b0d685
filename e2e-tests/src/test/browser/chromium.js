// Shared by the dashboard's browser scripts: headless Chromium started as the tests need it, and how a script
// ends (prints "FAILED: <why>" and exits 1 when its steps throw, else exits 0).
'use strict';
const { chromium } = require('playwright-core');

exports.launch = (executable) => chromium.launch({
  executablePath: executable || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

exports.run = (steps) => steps().then(() => process.exit(0)).catch((e) => {
  console.log('FAILED: ' + e.message);
  process.exit(1);
});
