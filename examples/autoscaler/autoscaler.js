// An external autoscaler for a job in reactive mode, the "external monitoring service" of Flink's
// elastic-scaling guide: it only adds and removes TaskExecutor processes; the job rescales itself onto
// whatever runs.
//
// It watches the job over the web-ui's TCP event-bus bridge (ebbflow.status.job.<id> and
// ebbflow.status.cluster; see tcp-eventbus.js) and keeps it in a band:
//   - scale out when the busiest vertex's busy time is above --high (ms per second), or the sources'
//     backlog (pendingRecords) is above --backlog-high, for --window seconds;
//   - scale in when the busy time is below --low and the backlog at most --backlog-low for --window seconds.
// Scaling out starts a TaskExecutor (java -jar task-executor.jar); scaling in stops, with SIGTERM (a clean
// departure: the job rescales without reading anything twice), the one it started last. After each action
// it waits --cooldown seconds for the rescale to settle.
//
//   node autoscaler.js --job <id> [--bridge 127.0.0.1:7001] [--low 300] [--high 800] [--backlog-low 100]
//       [--backlog-high 5000] [--min 1] [--max 4] [--window 10] [--cooldown 40]
//       [--jar task-executor/target/task-executor.jar] [--te-arg <arg>]... [--te-cluster-ports p1,p2,...]
//       [--te-log-dir <dir>] [--java <java executable>] [--stop-on-exit]
//
// --te-arg is given to every TaskExecutor it starts (repeat it); --te-cluster-ports gives each one its own
// cluster port from the list (for members with pinned ports); --stop-on-exit stops the TaskExecutors it
// started when it is stopped itself (SIGINT, SIGTERM).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { TcpEventBus } = require('./tcp-eventbus');

const REPEATABLE = new Set(['te-arg']);
const FLAGS = new Set(['stop-on-exit']);
const args = { 'te-arg': [] };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (!a.startsWith('--')) {
    console.error('unexpected argument: ' + a);
    process.exit(2);
  }
  const key = a.substring(2);
  if (FLAGS.has(key)) {
    args[key] = true;
  } else if (REPEATABLE.has(key)) {
    args[key].push(process.argv[++i]);
  } else {
    args[key] = process.argv[++i];
  }
}
const [bridgeHost, bridgePort] = (args.bridge || '127.0.0.1:7001').split(':');
const conf = {
  job: args.job,
  low: Number(args.low ?? 300),
  high: Number(args.high ?? 800),
  backlogLow: Number(args['backlog-low'] ?? 100),
  backlogHigh: Number(args['backlog-high'] ?? 5000),
  min: Number(args.min ?? 1),
  max: Number(args.max ?? 4),
  window: Number(args.window ?? 10) * 1000,
  cooldown: Number(args.cooldown ?? 40) * 1000,
  jar: args.jar || path.join(__dirname, '..', '..', 'task-executor', 'target', 'task-executor.jar'),
  java: args.java || 'java',
  teArgs: args['te-arg'],
  ports: args['te-cluster-ports'] ? args['te-cluster-ports'].split(',').map(Number) : null,
  logDir: args['te-log-dir'] || null,
  stopOnExit: Boolean(args['stop-on-exit']),
};
for (const [k, v] of Object.entries(conf)) {
  if (typeof v === 'number' && !Number.isFinite(v)) {
    console.error(`--${k} must be a number`);
    process.exit(2);
  }
}
if (!conf.job) {
  console.error('usage: node autoscaler.js --job <job id> [options] (see the top of autoscaler.js)');
  process.exit(2);
}

const started = []; // {child, port}: TaskExecutors this autoscaler started, oldest first
let aboveSince = -1;
let belowSince = -1;
let quietUntil = 0;
let taskExecutors = -1;
let lastSummary = '';
let lastLogged = 0;

function log(msg) {
  console.log(new Date().toISOString() + ' ' + msg);
}

function startTaskExecutor() {
  const used = new Set(started.map(s => s.port));
  const port = conf.ports ? conf.ports.find(p => !used.has(p)) : undefined;
  if (conf.ports && port === undefined) {
    log('no free cluster port left in --te-cluster-ports: not starting another TaskExecutor');
    return;
  }
  const extra = port === undefined ? [] : ['-Dcluster.port=' + port, '-Dcluster.port-count=1'];
  const n = started.length + 1;
  let stdio = 'ignore';
  if (conf.logDir) {
    fs.mkdirSync(conf.logDir, { recursive: true });
    const out = fs.openSync(path.join(conf.logDir, `autoscaled-te-${Date.now()}-${n}.log`), 'a');
    stdio = ['ignore', out, out];
  }
  const child = spawn(conf.java, ['-Xmx256m', '-jar', conf.jar, ...extra, ...conf.teArgs], { stdio });
  started.push({ child, port });
  child.on('exit', (code, signal) => {
    const i = started.findIndex(s => s.child === child);
    if (i >= 0) started.splice(i, 1);
    log(`TaskExecutor pid ${child.pid} exited (${signal || 'code ' + code})`);
  });
  log(`started TaskExecutor pid ${child.pid} (${started.length} started by the autoscaler)`);
}

function stopTaskExecutor() {
  const { child } = started[started.length - 1];
  log(`stopping TaskExecutor pid ${child.pid} (SIGTERM: it leaves cleanly)`);
  child.kill('SIGTERM');
}

function onJobStatus(status) {
  const job = status.job;
  if (!job || job.state !== 'RUNNING' || taskExecutors < 0) return;
  const metrics = job.vertices.map(v => v.metrics || {});
  const busy = Math.max(0, ...metrics.map(m => m.busyTimeMsPerSecond || 0));
  const backlogs = metrics.map(m => m.pendingRecords).filter(b => b !== null && b !== undefined);
  const backlog = backlogs.length ? backlogs.reduce((a, b) => a + b, 0) : null;
  const parallelism = Math.max(0, ...job.vertices.map(v => v.parallelism));
  const now = Date.now();
  const over = busy > conf.high || (backlog !== null && backlog > conf.backlogHigh);
  const under = busy < conf.low && (backlog === null || backlog <= conf.backlogLow);
  aboveSince = over ? (aboveSince < 0 ? now : aboveSince) : -1;
  belowSince = under ? (belowSince < 0 ? now : belowSince) : -1;
  const summary = `parallelism ${parallelism}, TaskExecutors ${taskExecutors} (${started.length} started here)`;
  if (summary !== lastSummary || now - lastLogged >= 5000) {
    log(`busy ${Math.round(busy)} ms/s, backlog ${backlog === null ? '-' : backlog}, ` + summary);
    lastSummary = summary;
    lastLogged = now;
  }
  if (now < quietUntil) return;
  if (aboveSince >= 0 && now - aboveSince >= conf.window && taskExecutors < conf.max) {
    log(`over the band for ${conf.window / 1000} s (busy > ${conf.high} or backlog > ${conf.backlogHigh}): scaling out`);
    startTaskExecutor();
    quietUntil = now + conf.cooldown;
    aboveSince = -1;
  } else if (belowSince >= 0 && now - belowSince >= conf.window && started.length > 0 && taskExecutors > conf.min) {
    log(`under the band for ${conf.window / 1000} s (busy < ${conf.low}, backlog <= ${conf.backlogLow}): scaling in`);
    stopTaskExecutor();
    quietUntil = now + conf.cooldown;
    belowSince = -1;
  }
}

const bus = new TcpEventBus(bridgeHost, Number(bridgePort));
bus.on('open', () => {
  log(`watching job ${conf.job} over the TCP bridge at ${bridgeHost}:${bridgePort}: busy in [${conf.low}, ` +
    `${conf.high}] ms/s, backlog <= ${conf.backlogHigh}, ${conf.min}..${conf.max} TaskExecutors`);
  // The current state at once (a read-only query), then the status stream.
  bus.request('ebbflow.query.cluster', {})
    .then(c => { taskExecutors = c.taskmanagers.length; })
    .catch(e => log('cluster query failed: ' + e.message));
});
bus.on('error', (e) => log('bridge: ' + e.message));
bus.on('refused', (f) => log('bridge refused: ' + JSON.stringify(f)));
bus.register('ebbflow.status.cluster', (body) => { taskExecutors = body.taskmanagers.length; });
bus.register('ebbflow.status.job.' + conf.job, onJobStatus);

function exit() {
  if (conf.stopOnExit) {
    for (const { child } of started) {
      log(`stopping TaskExecutor pid ${child.pid}`);
      child.kill('SIGTERM');
    }
  } else if (started.length) {
    log('stopping: the TaskExecutors it started keep running');
  }
  bus.close();
  process.exit(0);
}
process.on('SIGINT', exit);
process.on('SIGTERM', exit);
