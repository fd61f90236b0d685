// An external autoscaler for a job in reactive mode, as Flink's elastic-scaling guide suggests: it only
// adds and removes TaskExecutor processes; the job rescales itself onto whatever runs.
//
// It watches the job's status on the event bus (ebbflow.status.job.<id>, through the web-ui's bridge)
// and keeps the busiest vertex's busy time (ms per second) between LOW and HIGH: above HIGH for WINDOW
// seconds it starts a TaskExecutor; below LOW for WINDOW seconds it stops the one it started last
// (SIGTERM: a clean departure, the job rescales without replaying anything). It waits COOLDOWN seconds
// after each action for the rescale to settle.
//
//   node autoscaler.js --job <id> [--web http://127.0.0.1:8081] [--low 300] [--high 800] [--min 1] [--max 4]
//                      [--window 10] [--cooldown 40] [--jar task-executor/target/task-executor.jar]
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const EventBus = require('@vertx/eventbus-bridge-client.js');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.substring(2), all[i + 1]]);
  return acc;
}, []));
const conf = {
  job: args.job,
  web: args.web || 'http://127.0.0.1:8081',
  low: Number(args.low || 300),
  high: Number(args.high || 800),
  min: Number(args.min || 1),
  max: Number(args.max || 4),
  window: Number(args.window || 10) * 1000,
  cooldown: Number(args.cooldown || 40) * 1000,
  jar: args.jar || path.join(__dirname, '..', '..', 'task-executor', 'target', 'task-executor.jar'),
};
if (!conf.job) {
  console.error('usage: node autoscaler.js --job <job id> [options]');
  process.exit(2);
}

const started = []; // TaskExecutor processes this autoscaler started, oldest first
let aboveSince = -1;
let belowSince = -1;
let quietUntil = 0;
let taskExecutors = 0;

function log(msg) {
  console.log(new Date().toISOString() + ' ' + msg);
}

function startTaskExecutor() {
  const te = spawn('java', ['-Xmx256m', '-jar', conf.jar], { stdio: 'ignore' });
  started.push(te);
  log(`started TaskExecutor pid ${te.pid} (${started.length} started by the autoscaler)`);
}

function stopTaskExecutor() {
  const te = started.pop();
  log(`stopping TaskExecutor pid ${te.pid} (SIGTERM: it leaves cleanly)`);
  te.kill('SIGTERM');
}

function onJobStatus(status) {
  const job = status.job;
  if (!job || job.state !== 'RUNNING') return;
  const busy = Math.max(0, ...job.vertices.map(v => (v.metrics || {}).busyTimeMsPerSecond || 0));
  const parallelism = Math.max(0, ...job.vertices.map(v => v.parallelism));
  const now = Date.now();
  aboveSince = busy > conf.high ? (aboveSince < 0 ? now : aboveSince) : -1;
  belowSince = busy < conf.low ? (belowSince < 0 ? now : belowSince) : -1;
  process.stdout.write(`\rbusy ${Math.round(busy)} ms/s, parallelism ${parallelism}, TaskExecutors ${taskExecutors}   `);
  if (now < quietUntil) return;
  if (aboveSince >= 0 && now - aboveSince >= conf.window && taskExecutors < conf.max) {
    console.log();
    log(`busy ${Math.round(busy)} ms/s > ${conf.high} for ${conf.window / 1000} s: scaling out`);
    startTaskExecutor();
    quietUntil = now + conf.cooldown;
    aboveSince = -1;
  } else if (belowSince >= 0 && now - belowSince >= conf.window && started.length > 0 && taskExecutors > conf.min) {
    console.log();
    log(`busy ${Math.round(busy)} ms/s < ${conf.low} for ${conf.window / 1000} s: scaling in`);
    stopTaskExecutor();
    quietUntil = now + conf.cooldown;
    belowSince = -1;
  }
}

const bus = new EventBus(conf.web + '/eventbus');
bus.enableReconnect(true);
bus.onopen = () => {
  log(`watching job ${conf.job} at ${conf.web}: keeping busy time in [${conf.low}, ${conf.high}] ms/s with ` +
    `${conf.min}..${conf.max} TaskExecutors`);
  bus.registerHandler('ebbflow.status.cluster', (err, msg) => { if (!err) taskExecutors = msg.body.taskmanagers.length; });
  bus.registerHandler('ebbflow.status.job.' + conf.job, (err, msg) => { if (!err) onJobStatus(msg.body); });
};
process.on('SIGINT', () => {
  log('stopping: the TaskExecutors it started keep running');
  process.exit(0);
});
