// Linegate dashboard: reads /api/lines, /api/deadletters and the /api/events stream.
// Every value from the gateway is written with textContent, never as markup: a dead-letter
// sample or a topic may carry anything a sensor (or an attacker on the sensor network) sent.
'use strict';

(function () {
  const HISTORY = 600;
  const lines = new Map();
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function num(v, digits) {
    return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
  }

  function time(ms) {
    return new Date(ms).toLocaleTimeString();
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    return response.json();
  }

  function chartWidth(container) {
    return Math.max(240, Math.floor(container.clientWidth) || 400);
  }

  function makeChart(container, target) {
    const opts = {
      width: chartWidth(container),
      height: 220,
      scales: { x: { time: true } },
      series: [
        {},
        { label: target + ' (actual)', stroke: '#37474f', width: 1, points: { show: true, size: 4 } },
        { label: 'predicted', stroke: '#1f5f99', width: 2 },
        { label: 'lower', stroke: 'rgba(31,95,153,0.35)', width: 1 },
        { label: 'upper', stroke: 'rgba(31,95,153,0.35)', width: 1 },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(31,95,153,0.12)' }],
      legend: { live: false },
    };
    return new uPlot(opts, [[], [], [], [], []], container);
  }

  function ensureLine(id, target) {
    let line = lines.get(id);
    if (line) return line;
    const card = $('line-template').content.firstElementChild.cloneNode(true);
    card.dataset.line = id;
    card.querySelector('.line-id').textContent = id;
    $('lines').appendChild(card);
    const chartBox = card.querySelector('.chart');
    line = {
      id: id,
      card: card,
      data: [[], [], [], [], []],
      lastSeq: 0,
      chart: makeChart(chartBox, target || 'target'),
      box: chartBox,
    };
    lines.set(id, line);
    resized.observe(chartBox);
    return line;
  }

  function addPoints(line, points) {
    for (const p of points) {
      if (p.seq <= line.lastSeq) continue;
      line.lastSeq = p.seq;
      line.data[0].push(p.windowEndMs / 1000);
      line.data[1].push(p.actual);
      line.data[2].push(p.predicted);
      line.data[3].push(p.lower);
      line.data[4].push(p.upper);
    }
    const excess = line.data[0].length - HISTORY;
    if (excess > 0) line.data.forEach((series) => series.splice(0, excess));
    line.chart.setData(line.data);
    const last = points[points.length - 1];
    if (last) showLatest(line, last);
  }

  function showLatest(line, p) {
    const text = 'seq ' + p.seq + ' · ' + time(p.windowEndMs)
      + ' · predicted ' + (p.predicted === null ? 'none yet' : num(p.predicted, 3)
        + ' [' + num(p.lower, 3) + ', ' + num(p.upper, 3) + ']')
      + ' · actual ' + num(p.actual, 3);
    const latest = line.card.querySelector('.latest');
    latest.textContent = text;
    latest.dataset.seq = String(p.seq);
    const state = line.card.querySelector('.state');
    state.textContent = p.anomaly ? 'anomaly' : 'normal';
    state.className = 'badge state ' + (p.anomaly ? 'badge-bad' : 'badge-ok');
  }

  function showOverview(line, ov) {
    const q = (sel) => line.card.querySelector(sel);
    q('.model-kind').textContent = ov.modelKind + (ov.identified ? '' : ' · learning');
    q('.r2').textContent = num(ov.rSquared, 3);
    q('.learned').textContent = String(ov.windowsLearned);
    q('.windows').textContent = String(ov.counters.windows);
    q('.anomalies').textContent = String(ov.counters.anomalies);
    q('.alarms').textContent = String(ov.counters.driftAlarms);
  }

  function showModel(line, model) {
    const q = (sel) => line.card.querySelector(sel);
    q('.rmse').textContent = num(model.rmse, 3);
    q('.coverage').textContent = model.scores && model.scores.recent.coverage !== null
      ? num(100 * model.scores.recent.coverage, 1) + ' %' : '–';
    q('.sentence').textContent = model.influenceSentence || '';
    if (model.drift && model.drift.alarms > 0) {
      const state = q('.state');
      state.textContent = 'drift ×' + model.drift.alarms;
      state.className = 'badge state badge-warn';
    }
    const bars = q('.bars');
    bars.replaceChildren();
    const largest = Math.max(1e-12, ...model.influence.map((i) => Math.abs(i.standardized || 0)));
    for (const i of model.influence) {
      const row = el('div', 'bar');
      row.appendChild(el('span', null, i.feature));
      const track = el('div', 'bar-track');
      const fill = el('div', 'bar-fill' + ((i.standardized || 0) < 0 ? ' negative' : ''));
      fill.style.width = (100 * Math.abs(i.standardized || 0) / largest).toFixed(1) + '%';
      track.appendChild(fill);
      row.appendChild(track);
      row.appendChild(el('span', null, num(i.standardized, 2)));
      row.title = i.text;
      bars.appendChild(row);
    }
    const body = q('.coefficients tbody');
    body.replaceChildren();
    for (const c of model.coefficients) {
      const tr = el('tr');
      tr.appendChild(el('td', null, c.name + (c.aliased ? ' (aliased)' : '')));
      tr.appendChild(el('td', null, num(c.estimate, 4)));
      tr.appendChild(el('td', null, num(c.stdError, 4)));
      tr.appendChild(el('td', null, c.pValue === null ? '–' : c.pValue.toExponential(2)));
      body.appendChild(tr);
    }
  }

  async function loadLine(ov) {
    const line = ensureLine(ov.id, ov.target);
    showOverview(line, ov);
    const detail = await getJson('/api/lines/' + encodeURIComponent(ov.id) + '?last=120');
    showModel(line, detail.model);
    addPoints(line, detail.predictions);
  }

  function showStats(s) {
    $('stat-ingest').textContent = s.ingestRate === null ? '–' : num(s.ingestRate, 1) + ' readings/s';
    $('stat-predictions').textContent = s.predictionRate === null ? String(s.predictions)
      : num(s.predictionRate, 1) + '/s (' + s.predictions + ')';
    $('stat-sensors').textContent = s.sensorsSubscribed ? 'subscribed' : 'not subscribed';
    $('stat-upstream').textContent = s.upstreamConnected ? 'connected' : 'disconnected';
    $('stat-outbox').textContent = s.outboxPending + ' records, ' + Math.round(s.outboxBytes / 1024) + ' KiB';
    $('stat-lines').textContent = String(s.lines);
    $('stat-queued').textContent = String(s.queued);
    const rejects = $('rejects');
    rejects.replaceChildren();
    const reasons = Object.keys(s.rejectedByReason).sort();
    if (reasons.length === 0) rejects.appendChild(el('li', 'muted', 'none'));
    for (const r of reasons) rejects.appendChild(el('li', null, r + ': ' + s.rejectedByReason[r]));
    if (s.deadLetters !== lastDeadLetters) {
      lastDeadLetters = s.deadLetters;
      loadDeadLetters().catch(report);
    }
  }

  let lastDeadLetters = -1;

  async function loadDeadLetters() {
    const body = $('deadletters').tBodies[0];
    const data = await getJson('/api/deadletters');
    body.replaceChildren();
    for (const d of data.deadLetters.slice(0, 50)) {
      const tr = el('tr');
      tr.appendChild(el('td', null, time(d.atMs)));
      tr.appendChild(el('td', null, d.reason));
      tr.appendChild(el('td', null, d.source));
      tr.appendChild(el('td', 'mono topic', d.topic));
      tr.appendChild(el('td', null, d.size));
      tr.appendChild(el('td', 'mono sample', d.sample));
      tr.appendChild(el('td', null, d.detail));
      body.appendChild(tr);
    }
  }

  function addAlert(a) {
    const list = $('alerts');
    const none = list.querySelector('.muted');
    if (none) none.remove();
    list.insertBefore(el('li', null, time(a.atMs) + ' · ' + a.message), list.firstChild);
    while (list.children.length > 20) list.lastChild.remove();
  }

  function report(error) {
    console.warn('linegate dashboard:', error.message || error);
  }

  function connect() {
    const badge = $('connection');
    const events = new EventSource('/api/events');
    events.onopen = () => {
      badge.textContent = 'live';
      badge.className = 'badge badge-ok';
    };
    events.onerror = () => {
      badge.textContent = 'reconnecting…';
      badge.className = 'badge badge-warn';
    };
    events.addEventListener('prediction', (e) => {
      const d = JSON.parse(e.data);
      addPoints(ensureLine(d.line), d.points);
    });
    events.addEventListener('model', (e) => {
      const d = JSON.parse(e.data);
      const line = ensureLine(d.id, d.target);
      showOverview(line, d);
      showModel(line, d.model);
    });
    events.addEventListener('alert', (e) => addAlert(JSON.parse(e.data)));
    events.addEventListener('stats', (e) => showStats(JSON.parse(e.data)));
  }

  // Charts follow their card's width (window resized, a card added beside them, tablet turned).
  const resized = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const line = lines.get(entry.target.closest('article.line').dataset.line);
      const width = chartWidth(entry.target);
      if (line && Math.abs(line.chart.width - width) > 1) line.chart.setSize({ width: width, height: 220 });
    }
  });

  async function start() {
    connect();
    const overview = await getJson('/api/lines');
    await Promise.all(overview.lines.map(loadLine));
    await loadDeadLetters();
  }

  start().catch(report);
})();
