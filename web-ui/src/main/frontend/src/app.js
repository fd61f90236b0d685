// Ebbflow dashboard: everything it shows arrives over the SockJS event-bus bridge (status addresses
// only); everything it changes goes through the REST API, with the token if the cluster asks for one.
(function () {
  'use strict';
  const palette = ['#4a78c2', '#d9822b', '#3a9d5d', '#a451a8', '#c2484a', '#2a9fb0', '#8a7a2a', '#6a6fd1'];
  const jobColours = {};
  let selectedJob = null;
  let jobSubscription = null;
  let endedJobs = new Set();
  let bus = null;
  const series = { t: [], in: [], out: [], busy: [], bp: [], lag: [] };
  let recordsChart = null;
  let busyChart = null;
  let lagChart = null;

  const $ = (id) => document.getElementById(id);
  const text = (v) => (v === null || v === undefined ? '' : String(v));
  const time = (ms) => (ms > 0 ? new Date(ms).toLocaleTimeString() : '');
  const colour = (job) => {
    if (!job) return null;
    if (!jobColours[job]) jobColours[job] = palette[Object.keys(jobColours).length % palette.length];
    return jobColours[job];
  };
  const cell = (v) => { const td = document.createElement('td'); td.textContent = text(v); return td; };

  function connect() {
    bus = new EventBus('/eventbus');
    bus.enableReconnect(true);
    bus.onopen = () => {
      $('connection').textContent = 'live';
      $('connection').className = 'badge live';
      bus.registerHandler('ebbflow.status.cluster', (err, msg) => { if (!err) cluster(msg.body); });
      bus.registerHandler('ebbflow.status.jobs', (err, msg) => { if (!err) jobs(msg.body); });
      if (selectedJob) {
        subscribeJob(selectedJob);
      } else if (location.hash.startsWith('#job=')) {
        select(decodeURIComponent(location.hash.substring(5))); // a link to one job
      }
    };
    bus.onclose = () => { $('connection').textContent = 'disconnected'; $('connection').className = 'badge'; };
  }

  function cluster(c) {
    const o = c.overview || {};
    $('totals').textContent = `${text(o.taskmanagers)} TaskExecutors · ${text(o['slots-available'])} of ${text(o['slots-total'])} slots free`;
    const box = $('taskmanagers');
    box.textContent = '';
    for (const tm of c.taskmanagers) {
      const div = document.createElement('div');
      div.className = 'tm';
      const id = document.createElement('div');
      id.className = 'id';
      id.textContent = tm.id + ' ';
      const leave = document.createElement('button');
      leave.textContent = 'leave';
      leave.title = 'Ask this TaskExecutor to shut down cleanly';
      leave.onclick = () => rest('POST', `/taskmanagers/${encodeURIComponent(tm.id)}/leave`);
      id.appendChild(leave);
      div.appendChild(id);
      for (const s of tm.slots) {
        const slot = document.createElement('span');
        slot.className = 'slot ' + s.state;
        slot.title = `slot ${s.index}: ${s.state}${s.jobId ? ' (' + s.jobId + ')' : ''}`;
        if (s.state === 'ALLOCATED') slot.style.background = colour(s.jobId);
        div.appendChild(slot);
      }
      box.appendChild(div);
    }
    workers(o.workers);
  }

  // The TaskExecutors the ResourceManager's resource provider starts and stops (resourcemanager.provider: process
  // or kubernetes): the counters of GET /overview's workers block and every worker with its state.
  const WORKER_COUNTERS = [['pending', 'pending'], ['started', 'started'], ['released', 'released'],
    ['failed-starts', 'failed starts'], ['crashes', 'crashes']];
  function workers(w) {
    const body = $('workers').querySelector('tbody');
    body.textContent = '';
    const counters = $('workers-counters');
    counters.textContent = '';
    const active = !!w && w.provider !== 'standalone';
    $('workers').hidden = !active;
    if (!w) { $('workers-provider').textContent = ''; return; }
    $('workers-provider').textContent = active
      ? `(provider ${w.provider}, at most ${w['max-task-executors']})`
      : `(provider ${w.provider}: TaskExecutors are started by others)`;
    if (!active) return;
    for (const [key, label] of WORKER_COUNTERS) {
      const span = document.createElement('span');
      span.className = 'counter';
      span.dataset.name = key;
      const b = document.createElement('b');
      b.textContent = text(w[key]);
      span.append(b, ' ' + label);
      counters.appendChild(span);
    }
    for (const v of w.list) {
      const tr = document.createElement('tr');
      tr.className = 'worker ' + v.state;
      tr.dataset.id = v.id;
      tr.append(cell(v.id), cell(v.state), cell(v.handle), cell(time(v['requested-at'])));
      body.appendChild(tr);
    }
  }

  function jobs(l) {
    const body = $('jobs').querySelector('tbody');
    body.textContent = '';
    const wasRunning = selectedJob && !endedJobs.has(selectedJob);
    endedJobs = new Set(l.jobs.filter(j => j['end-time'] >= 0).map(j => j.id));
    if (wasRunning && endedJobs.has(selectedJob)) showEnded(selectedJob);
    for (const j of l.jobs) {
      const tr = document.createElement('tr');
      tr.className = 'clickable' + (j.id === selectedJob ? ' selected' : '');
      const sw = document.createElement('span');
      sw.className = 'slot ALLOCATED';
      sw.style.background = colour(j.id);
      const first = cell(' ' + j.id);
      first.prepend(sw);
      tr.append(first, cell(j.name), cell(j.state), cell(time(j['start-time'])));
      tr.onclick = () => select(j.id);
      body.appendChild(tr);
      // An ended job's own status stream stops: its final state comes from the list.
      if (j.id === selectedJob && j['end-time'] >= 0) $('job-status').textContent = j.state;
    }
  }

  function select(jobId) {
    if (jobSubscription) bus.unregisterHandler(jobSubscription.address, jobSubscription.handler);
    selectedJob = jobId;
    history.replaceState(null, '', '#job=' + encodeURIComponent(jobId));
    for (const k of Object.keys(series)) series[k] = [];
    $('job-panel').hidden = false;
    $('job-title').textContent = jobId;
    subscribeJob(jobId);
    if (endedJobs.has(jobId)) showEnded(jobId);
  }

  // An ended job publishes no status: its final one is read once over REST (from the job's archive once its
  // JobMaster has exited), in the same shapes as the status stream.
  async function showEnded(jobId) {
    const id = encodeURIComponent(jobId);
    const read = async (path) => { const r = await fetch(path); return r.ok ? r.json() : null; };
    const [details, checkpoints, history, overview, exceptions] = await Promise.all([`/jobs/${id}`,
      `/jobs/${id}/checkpoints`, `/jobs/${id}/rescales/history`, `/jobs/${id}/rescales/overview`,
      `/jobs/${id}/exceptions`].map(read));
    if (details && selectedJob === jobId) {
      job({ time: Date.now(), job: details, checkpoints, rescales: history, rescaleOverview: overview, exceptions });
    }
  }

  function subscribeJob(jobId) {
    const address = 'ebbflow.status.job.' + jobId;
    const handler = (err, msg) => { if (!err) job(msg.body); };
    bus.registerHandler(address, handler);
    jobSubscription = { address, handler };
  }

  function job(s) {
    const j = s.job;
    $('job-status').textContent = j.state;
    $('job-scheduler').textContent = j.schedulerState || '';
    const ov = s.rescaleOverview;
    if (ov && ov.phase) {
      const left = ov.phaseDeadline > 0 ? Math.max(0, Math.round((ov.phaseDeadline - s.time) / 1000)) + ' s left' : '';
      $('job-phase').textContent = ov.phase.toLowerCase() + (left ? ' (' + left + ')' : '');
    } else {
      $('job-phase').textContent = '-';
    }
    // The built-in scaling policy (jobmanager.autoscaler.enabled): where it is and its latest evaluation.
    const a = ov && ov.autoscaler;
    $('autoscaler').textContent = a ? 'autoscaler: ' + a.phase
      + (a.lastDecision ? ' · latest decision: ' + a.lastDecision : '') : '';
    const body = $('vertices').querySelector('tbody');
    body.textContent = '';
    let inSum = 0, outSum = 0, busy = 0, bp = 0, lag = null;
    for (const v of j.vertices) {
      const m = v.metrics || {};
      // The sources' backlog (pendingRecords, summed; a Kafka source's consumer lag); null when no source tells.
      if (typeof m.pendingRecords === 'number') lag = (lag || 0) + m.pendingRecords;
      inSum += m.numRecordsInPerSecond || 0;
      outSum += m.numRecordsOutPerSecond || 0;
      busy = Math.max(busy, m.busyTimeMsPerSecond || 0);
      bp = Math.max(bp, m.backPressuredTimeMsPerSecond || 0);
      const r = v.resources || {};
      const bounds = { min: r.minParallelism, target: r.targetParallelism };
      const tr = document.createElement('tr');
      tr.append(cell(v.name), cell(v.status), cell(v.parallelism), cell(bounds.min), cell(bounds.target),
        cell(v.maxParallelism), cell(Math.round(m.numRecordsInPerSecond || 0)), cell(Math.round(m.numRecordsOutPerSecond || 0)),
        cell(Math.round(m.busyTimeMsPerSecond || 0)), cell(Math.round(m.backPressuredTimeMsPerSecond || 0)));
      const edit = document.createElement('td');
      const lo = document.createElement('input'); lo.className = 'bound'; lo.type = 'number'; lo.value = text(bounds.min);
      const hi = document.createElement('input'); hi.className = 'bound'; hi.type = 'number'; hi.value = text(bounds.target);
      const set = document.createElement('button'); set.textContent = 'set';
      set.onclick = () => setBounds(j, v.id, Number(lo.value), Number(hi.value));
      edit.append(lo, hi, set);
      tr.appendChild(edit);
      body.appendChild(tr);
    }
    // The job graph: every edge with how records cross it (forward, rebalance, hash by key group, broadcast).
    const names = Object.fromEntries(j.vertices.map(v => [v.id, v.name + ' ×' + v.parallelism]));
    const edges = [];
    for (const n of (j.plan || {}).nodes || []) {
      for (const i of n.inputs) edges.push(`${names[i.id]} —${i.ship_strategy}→ ${names[n.id]}`);
    }
    $('edges').textContent = edges.length ? 'edges: ' + edges.join(' · ') : '';
    drawGraph(j);
    chart(s.time / 1000, inSum, outSum, busy, bp, lag);
    $('job-lag').textContent = lag === null ? '-' : String(lag);
    rescales(s.rescales);
    decisions(s.rescales);
    checkpoints(s.checkpoints);
    const ex = s.exceptions && s.exceptions.exceptionHistory ? s.exceptions.exceptionHistory.entries : [];
    $('exceptions').textContent = ex.length ? ex.map(e => `${time(e.timestamp)} ${text(e.taskName)}\n${e.stacktrace}`).join('\n\n')
      : 'none';
  }

  // The job graph, laid out left to right by cytoscape; redrawn only when its shape or parallelism changes.
  let graph = null;
  let graphKey = '';
  function drawGraph(j) {
    const nodes = (j.plan || {}).nodes || [];
    const key = j.jid + '|' + nodes.map(n => n.id + ':' + n.parallelism + '<' + n.inputs.map(i => i.id + i.ship_strategy).join(','))
      .join(';');
    if (key === graphKey || typeof cytoscape === 'undefined') return;
    graphKey = key;
    const names = Object.fromEntries(j.vertices.map(v => [v.id, v.name]));
    const elements = [];
    for (const n of nodes) {
      elements.push({ data: { id: n.id, label: `${names[n.id] || n.id}\n×${n.parallelism}` } });
      for (const i of n.inputs) elements.push({ data: { id: i.id + '>' + n.id, source: i.id, target: n.id, label: i.ship_strategy } });
    }
    if (graph) graph.destroy();
    graph = cytoscape({
      container: $('graph'), elements, userZoomingEnabled: false, userPanningEnabled: false, autoungrabify: true,
      layout: { name: 'breadthfirst', directed: true, padding: 10, transform: (node, pos) => ({ x: pos.y, y: pos.x }) },
      style: [
        { selector: 'node', style: { shape: 'round-rectangle', 'background-color': '#4a78c2', color: '#fff',
          label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 10, width: 170, height: 40 } },
        { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 2,
          label: 'data(label)', 'font-size': 9, 'text-background-color': '#fff', 'text-background-opacity': 1 } },
      ],
    });
  }

  function chart(t, inSum, outSum, busy, bp, lag) {
    series.t.push(t); series.in.push(inSum); series.out.push(outSum); series.busy.push(busy); series.bp.push(bp);
    series.lag.push(lag);
    if (series.t.length > 300) for (const k of Object.keys(series)) series[k].shift();
    const width = Math.min(560, window.innerWidth - 80);
    if (!recordsChart) {
      recordsChart = new uPlot({ width, height: 180, axes: [{}, { size: 80 }], series: [{}, { label: 'in/s', stroke: '#4a78c2' },
        { label: 'out/s', stroke: '#3a9d5d' }] }, [[], [], []], $('chart-records'));
      busyChart = new uPlot({ width, height: 180, axes: [{}, { size: 60 }], scales: { y: { range: [0, 1000] } },
        series: [{}, { label: 'busy', stroke: '#d9822b' }, { label: 'backpressured', stroke: '#c2484a' }] },
        [[], [], []], $('chart-busy'));
      lagChart = new uPlot({ width, height: 180, axes: [{}, { size: 80 }],
        series: [{}, { label: 'pendingRecords', stroke: '#7b4ac2' }] }, [[], []], $('chart-lag'));
    }
    recordsChart.setData([series.t, series.in, series.out]);
    busyChart.setData([series.t, series.busy, series.bp]);
    lagChart.setData([series.t, series.lag]);
  }

  // Rescales and failure restarts in two tables: cause, parallelism before → after, each phase's time, and
  // the records the sources read again (0 after a planned rescale).
  function rescales(r) {
    const planned = $('rescales').querySelector('tbody');
    const failures = $('restarts').querySelector('tbody');
    planned.textContent = '';
    failures.textContent = '';
    if (!r) return;
    for (const e of r.rescales) {
      const before = Object.values(e.parallelismBefore).join('/');
      const after = Object.values(e.parallelismAfter).join('/') || '…';
      const tr = document.createElement('tr');
      tr.dataset.id = e.id;
      tr.append(cell(e.id), cell(e.triggerCause), cell(before + ' → ' + after), phasesCell(e.phases),
        cell(e.durationMs >= 0 ? e.durationMs + ' ms' : 'in progress'), cell(reprocessed(e)), cell(time(e.startTimestamp)));
      (e.type === 'RESCALE' ? planned : failures).appendChild(tr);
    }
    $('rescale-count').textContent = planned.children.length ? `(${planned.children.length})` : '';
    $('restart-count').textContent = failures.children.length ? `(${failures.children.length})` : '';
  }

  // The scaling policy's decisions, newest first: the rescales it caused, each with the figures it decided on per
  // vertex (from the rescale's cause, "autoscaler: vertex <name>: busy ..., capacity ...: 1 -> 4 (<why it rescaled>)").
  const DECISION = /^autoscaler: (.*?)(?: \(([^()]*)\))?$/;
  const VERTEX = /^vertex (.+?): (busy .*): (\d+) -> (\d+)(.*)$/;
  function decisions(r) {
    const list = $('decisions');
    list.textContent = '';
    for (const e of r ? r.rescales : []) {
      const m = e.type === 'RESCALE' && DECISION.exec(e.triggerCause || '');
      if (!m) continue;
      const li = document.createElement('li');
      li.dataset.id = e.id;
      const head = document.createElement('div');
      head.className = 'when';
      head.textContent = `${time(e.startTimestamp)} · rescale #${e.id} ` + (e.durationMs >= 0
        ? `done in ${e.durationMs} ms, ${reprocessed(e)} records read again` : 'in progress') + (m[2] ? ` (${m[2]})` : '');
      li.appendChild(head);
      for (const part of m[1].split(/; (?=vertex )/)) {
        const v = VERTEX.exec(part);
        const div = document.createElement('div');
        div.className = 'vertex-decision';
        if (v) {
          const name = document.createElement('b');
          name.textContent = v[1];
          const change = document.createElement('span');
          change.className = 'change ' + (Number(v[4]) > Number(v[3]) ? 'up' : 'down');
          change.textContent = `${v[3]} → ${v[4]}`;
          const figures = document.createElement('span');
          figures.className = 'figures';
          figures.textContent = v[2].split(', ').join(' · ') + v[5];
          div.append(name, ' ', change, ' ', figures);
        } else {
          div.textContent = part;
        }
        li.appendChild(div);
      }
      list.appendChild(li);
    }
    $('decision-count').textContent = list.children.length ? `(${list.children.length})` : '';
  }

  function phasesCell(phases) {
    const td = document.createElement('td');
    td.className = 'phases';
    for (const p of phases || []) {
      const span = document.createElement('span');
      span.className = 'phase phase-' + p.name.replace(/[^a-z]+/g, '-');
      span.textContent = p.name + ' ' + (p.durationMs >= 0 ? p.durationMs + ' ms' : '…');
      td.appendChild(span);
    }
    return td;
  }

  function reprocessed(e) {
    if (e.reprocessedRecords === null || e.reprocessedRecords === undefined) return '…';
    return e.reprocessedUnknownSubtasks > 0
      ? `≥ ${e.reprocessedRecords} (${e.reprocessedUnknownSubtasks} source subtask(s) lost)`
      : String(e.reprocessedRecords);
  }

  function checkpoints(c) {
    const body = $('checkpoints').querySelector('tbody');
    body.textContent = '';
    if (!c) { $('checkpoint-summary').textContent = 'no checkpointing'; return; }
    const k = c.counts;
    $('checkpoint-summary').textContent = `${k.completed} completed, ${k.failed} failed, ${k.in_progress} in progress` +
      (c.latest.restored ? ` · restored #${c.latest.restored.id}` : '');
    for (const h of c.history) {
      const tr = document.createElement('tr');
      tr.append(cell(h.id), cell(h.status), cell(h.is_savepoint ? 'savepoint' : 'checkpoint'),
        cell(h.end_to_end_duration + ' ms'), cell(Math.round(h.state_size / 1024) + ' KiB'),
        cell(h.num_acknowledged_subtasks + '/' + h.num_subtasks), cell(time(h.trigger_timestamp)));
      body.appendChild(tr);
    }
  }

  function setBounds(j, vertexId, lower, upper) {
    const body = {};
    for (const v of j.vertices) {
      const r = v.resources || {};
      body[v.id] = { parallelism: v.id === vertexId ? { lowerBound: lower, upperBound: upper }
        : { lowerBound: r.minParallelism, upperBound: r.targetParallelism } };
    }
    rest('PUT', `/jobs/${encodeURIComponent(j.jid)}/resource-requirements`, body);
  }

  // Changes go through REST; a 401 asks for the cluster's token once and retries.
  async function rest(method, path, body) {
    const headers = { 'Content-Type': 'application/json' };
    const token = sessionStorage.getItem('ebbflow-token');
    if (token) headers.Authorization = 'Bearer ' + token;
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401) {
      const t = window.prompt('This cluster needs its REST token (rest.auth.token):');
      if (t) { sessionStorage.setItem('ebbflow-token', t); return rest(method, path, body); }
    } else if (!res.ok) {
      window.alert(`${method} ${path}: ${res.status} ${await res.text()}`);
    }
    return res;
  }

  $('savepoint').onclick = () => selectedJob && rest('POST', `/jobs/${encodeURIComponent(selectedJob)}/savepoints`, {});
  $('cancel').onclick = () => selectedJob && window.confirm('Cancel job ' + selectedJob + '?')
    && rest('PATCH', `/jobs/${encodeURIComponent(selectedJob)}?mode=cancel`);
  connect();
}());
