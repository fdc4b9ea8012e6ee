// The tiercache dashboard: plain JavaScript, no build step. Figures arrive as Server-Sent Events
// read through fetch(), so that the token travels in the Authorization header (an EventSource
// cannot send one) and never in a URL. The token is kept in sessionStorage: for this tab only.
'use strict';

const TOKEN_KEY = 'tiercache.token';
const OUTCOMES = ['HIT', 'MISS', 'EXPIRED', 'STALE', 'UPDATING', 'REVALIDATED', 'BYPASS'];
const COLOURS = {
  HIT: '#2a9d5c', MISS: '#c0392b', EXPIRED: '#e67e22', STALE: '#8e6bbf',
  UPDATING: '#b08fd8', REVALIDATED: '#2463b0', BYPASS: '#7f8c8d',
};
const LOG_ROWS = 200;

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  node: null,
  stepSeconds: 2,
  historySeconds: 900,
  columns: null,
  data: null,
  charts: [],
  purges: [],
  tokenPrompt: null,
  tokenWaiters: [],
  logAbort: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function sleep(millis) {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

// ---------------------------------------------------------------- token

function authHeaders(extra) {
  const headers = Object.assign({}, extra || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  return headers;
}

function setToken(token) {
  state.token = token || null;
  if (state.token) sessionStorage.setItem(TOKEN_KEY, state.token);
  else sessionStorage.removeItem(TOKEN_KEY);
  $('token-state').textContent = state.token ? 'token set for this tab' : 'no token';
  const waiters = state.tokenWaiters;
  state.tokenWaiters = [];
  waiters.forEach((resolve) => resolve());
}

function tokenChanged() {
  return new Promise((resolve) => state.tokenWaiters.push(resolve));
}

/** Asks for the token once, however many requests need it at the same time. */
function askToken(why) {
  if (state.tokenPrompt) return state.tokenPrompt;
  const dialog = $('token-dialog');
  $('token-why').textContent = why;
  $('token-input').value = '';
  state.tokenPrompt = new Promise((resolve) => {
    const finish = (token) => {
      dialog.close();
      $('token-ok').onclick = null;
      $('token-cancel').onclick = null;
      $('token-input').onkeydown = null;
      state.tokenPrompt = null;
      if (token) setToken(token);
      resolve(Boolean(token));
    };
    $('token-ok').onclick = () => finish($('token-input').value.trim());
    $('token-cancel').onclick = () => finish(null);
    $('token-input').onkeydown = (event) => {
      if (event.key === 'Enter') finish($('token-input').value.trim());
    };
  });
  dialog.showModal();
  $('token-input').focus();
  return state.tokenPrompt;
}

function confirmChange(text) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    const finish = (ok) => {
      dialog.close();
      $('confirm-ok').onclick = null;
      $('confirm-cancel').onclick = null;
      resolve(ok);
    };
    $('confirm-ok').onclick = () => finish(true);
    $('confirm-cancel').onclick = () => finish(false);
    dialog.showModal();
  });
}

// ---------------------------------------------------------------- streams

/**
 * Reads a text/event-stream with the token, calling handlers[event](data) for each event, and
 * reconnects after a failure. On 401/403 it asks for the token (once for all streams).
 */
async function stream(url, handlers, onState, signal) {
  while (!signal || !signal.aborted) {
    try {
      const response = await fetch(url, { headers: authHeaders(), cache: 'no-store', signal });
      if (response.status === 401 || response.status === 403) {
        const body = await response.json().catch(() => ({}));
        onState('token', body.error);
        const why = response.status === 401
          ? 'This node shows its figures only with a token (admin.read-token is set). Enter the read token or the purge token.'
          : 'The node refused the token (' + (body.error || 'wrong token') + '). Enter the read token or the purge token.';
        if (!(await askToken(why))) await tokenChanged();
        continue;
      }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      onState('live');
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end), handlers);
          buffer = buffer.slice(end + 2);
        }
      }
      onState('offline');
    } catch (failure) {
      if (signal && signal.aborted) return;
      onState('offline', failure.message);
    }
    await sleep(2000);
  }
}

function dispatch(block, handlers) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length && handlers[event]) handlers[event](JSON.parse(data.join('\n')));
}

function showConnection(state, detail) {
  const badge = $('connection');
  const text = { live: 'live', offline: 'reconnecting…', token: 'needs a token' }[state] || state;
  badge.textContent = text;
  badge.className = 'badge ' + (state === 'live' ? 'good' : 'bad');
  badge.title = detail || '';
}

// ---------------------------------------------------------------- formatting

function bytes(count) {
  if (count === undefined || count === null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
}

function count(value) {
  return value === undefined || value === null ? '–' : Number(value).toLocaleString('en');
}

function ratio(value) {
  return value === undefined || value === null ? '–' : (value * 100).toFixed(1) + '%';
}

function seconds(total) {
  if (total === undefined || total === null) return '–';
  const s = Math.max(0, Math.round(total));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

function clock(millis) {
  return millis ? new Date(millis).toLocaleTimeString('en-GB') : '–';
}

// ---------------------------------------------------------------- overview

function renderOverview(overview) {
  const rows = $('member-rows');
  rows.replaceChildren();
  const nodes = [];
  for (const member of overview.members || []) {
    nodes.push(member.node);
    const phase = member.phase || (member.silent ? 'no report' : '?');
    const phaseClass = member.silent ? 'bad' : phase === 'ready' ? 'good' : 'warn';
    const stateText = member.silent && member.phase ? phase + ', silent ' + seconds(member.reportAgeSeconds) : phase;
    rows.append(el('tr', {
      'data-node': member.node,
      class: [member.silent ? 'silent' : '', member.node === state.node ? 'self' : ''].join(' ').trim() || null,
    },
    el('td', {}, member.node),
    el('td', {}, member.address || '–'),
    el('td', {}, member.proxy || '–'),
    el('td', {}, el('span', { class: 'badge ' + phaseClass, 'data-field': 'state' }, stateText)),
    el('td', {}, seconds(member.uptimeSeconds)),
    el('td', { class: 'num' }, count(member.hot && member.hot.entries)),
    el('td', { class: 'num' }, bytes(member.hot && member.hot.bytes)),
    el('td', { class: 'num' }, count(member.shared && member.shared.entries)),
    el('td', { class: 'num' }, bytes(member.shared && member.shared.bytes)),
    el('td', { class: 'num', 'data-field': 'rate' }, member.requestsPerSecond === undefined ? '–' : member.requestsPerSecond.toFixed(1)),
    el('td', { class: 'num' }, ratio(member.hitRatio))));
  }
  const totals = overview.totals || {};
  $('member-totals').replaceChildren(el('tr', { id: 'totals' },
    el('td', {}, 'cluster'),
    el('td', {}, (totals.members || 0) + ' members'),
    el('td', {}, ''),
    el('td', {}, (totals.ready || 0) + ' ready'),
    el('td', {}, ''),
    el('td', { class: 'num' }, count(totals.hot && totals.hot.entries)),
    el('td', { class: 'num' }, bytes(totals.hot && totals.hot.bytes)),
    el('td', { class: 'num' }, count(totals.shared && totals.shared.entries)),
    el('td', { class: 'num' }, bytes(totals.shared && totals.shared.bytes)),
    el('td', { class: 'num', 'data-field': 'rate' }, totals.requestsPerSecond === undefined ? '–' : totals.requestsPerSecond.toFixed(1)),
    el('td', { class: 'num' }, ratio(totals.hitRatio))));
  updateNodeFilter(nodes);
  if (overview.point) addPoint(overview.point);
}

function updateNodeFilter(nodes) {
  const select = $('log-node');
  const known = Array.from(select.options).map((option) => option.value).filter(Boolean);
  if (known.join(',') === nodes.join(',')) return;
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'any'), ...nodes.map((node) => el('option', { value: node }, node)));
  select.value = nodes.includes(chosen) ? chosen : '';
}

// ---------------------------------------------------------------- charts

const CHARTS = [
  { id: 'chart-requests', series: OUTCOMES.map((name) => ({ column: name, label: name, stroke: COLOURS[name] })) },
  { id: 'chart-hit-ratio', scale: 100, series: [{ column: 'hitRatio', label: 'hit ratio %', stroke: COLOURS.HIT }] },
  { id: 'chart-origin', series: [{ column: 'originPerSecond', label: 'to origin /s', stroke: '#2463b0' }] },
  { id: 'chart-origin-latency', points: true, series: [
    { column: 'originP50', label: 'p50 ms', stroke: '#2463b0' },
    { column: 'originP99', label: 'p99 ms', stroke: '#c0392b' }] },
  { id: 'chart-purges', bars: true, series: [{ column: 'purges', label: 'purges', stroke: '#8e6bbf', fill: '#8e6bbf' }] },
  { id: 'chart-purge-time', points: true, series: [
    { column: 'purgeP50', label: 'p50 ms', stroke: '#2463b0' },
    { column: 'purgeP99', label: 'p99 ms', stroke: '#c0392b' }] },
];

function chartData(chart) {
  const time = state.data[state.columns.indexOf('t')];
  const series = chart.series.map((line) => {
    const values = state.data[state.columns.indexOf(line.column)];
    return chart.scale ? values.map((value) => (value === null ? null : value * chart.scale)) : values;
  });
  return [time, ...series];
}

function buildCharts() {
  state.charts.forEach((chart) => chart.plot.destroy());
  state.charts = CHARTS.map((chart) => {
    const target = $(chart.id);
    target.replaceChildren();
    const plot = new uPlot({
      width: Math.max(300, target.clientWidth),
      height: 170,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max || 0, chart.scale ? 100 : 1)] } },
      series: [{}, ...chart.series.map((line) => ({
        label: line.label,
        stroke: line.stroke,
        fill: line.fill,
        width: 1.5,
        spanGaps: false,
        // Sparse figures (a purge now and then) would be invisible as lines between gaps.
        points: chart.points ? { show: true, size: 5 } : {},
        paths: chart.bars ? uPlot.paths.bars({ size: [0.8, 12] }) : undefined,
      }))],
      legend: { live: true },
    }, chartData(chart), target);
    return { spec: chart, plot };
  });
}

function loadHistory(history) {
  state.columns = history.columns;
  state.data = history.data;
  $('chart-hint').textContent = 'one point every ' + state.stepSeconds + ' s, gathered on this node since it started';
  if (window.uPlot) buildCharts();
}

function addPoint(point) {
  if (!state.data) return;
  state.columns.forEach((column, i) => state.data[i].push(point[column] === undefined ? null : point[column]));
  const time = state.data[0];
  const oldest = point.t - state.historySeconds;
  while (time.length && time[0] < oldest) state.data.forEach((column) => column.shift());
  state.charts.forEach((chart) => chart.plot.setData(chartData(chart.spec)));
}

/** For tests and the curious: the latest value of a column, e.g. tiercache.latest('HIT'). */
function latest(column) {
  if (!state.data) return null;
  const values = state.data[state.columns.indexOf(column)];
  return values.length ? values[values.length - 1] : null;
}

/** The largest value a column held in the window, e.g. tiercache.peak('MISS'). */
function peak(column) {
  if (!state.data) return null;
  return state.data[state.columns.indexOf(column)].reduce((max, value) => (value !== null && value > max ? value : max), 0);
}

// ---------------------------------------------------------------- purges

function addPurges(message) {
  state.purges = state.purges.concat(message.purges || []).slice(-300);
  const rows = $('purge-rows');
  rows.replaceChildren(...state.purges.slice().reverse().map((purge) => {
    const scope = [].concat(
      (purge.urls || []).map((url) => 'url ' + url),
      (purge.prefixes || []).map((prefix) => 'prefix ' + prefix),
      (purge.tags || []).map((tag) => 'tag ' + tag)).join(', ') + (purge.host ? ' on ' + purge.host : '');
    return el('tr', { 'data-purge': purge.id },
      el('td', {}, clock(purge.at)),
      el('td', {}, purge.node),
      el('td', {}, (purge.soft ? 'soft ' : 'hard ') + purge.kind),
      el('td', { class: 'url', title: scope }, scope),
      el('td', { class: 'num' }, count(purge.purged)),
      el('td', { class: 'num' }, count(purge.millis)),
      el('td', {}, (purge.acknowledged || []).join(', ')),
      el('td', {}, (purge.missing || []).length
        ? el('span', { class: 'badge bad' }, purge.missing.join(', '))
        : el('span', { class: 'badge good' }, 'none')));
  }));
}

// ---------------------------------------------------------------- purge console

const KINDS = {
  purge: [['urls', 'URL (path and query)'], ['prefixes', 'path prefix'], ['tags', 'tag (surrogate key)']],
  revalidate: [['paths', 'URL (path and query)'], ['tags', 'tag (surrogate key)']],
  warm: [['urls', 'URL (path, or http://host/path)']],
};

function updateConsole() {
  const action = $('change-action').value;
  const select = $('change-kind');
  select.replaceChildren(...KINDS[action].map(([value, label]) => el('option', { value }, label)));
  $('change-soft-label').hidden = action !== 'purge';
  $('change-wait-label').hidden = action !== 'revalidate';
  $('change-force-label').hidden = action !== 'warm';
}

function describeChange(action, kind, values, host, body) {
  const what = values.length + ' ' + (kind === 'tags' ? 'tag' : kind === 'prefixes' ? 'prefix' : 'URL')
    + (values.length === 1 ? '' : 's') + ' (' + values.join(', ') + ')';
  const where = host ? ' on host ' + host : ' on every host';
  if (action === 'purge') return (body.soft ? 'Soft-purge ' : 'Purge ') + what + where + ', on every node?';
  if (action === 'revalidate') return 'Soft-purge and refresh ' + what + where + ', on every node?';
  return 'Fetch and store ' + what + (host ? ' for host ' + host : '') + '?';
}

async function sendChange(event) {
  event.preventDefault();
  const action = $('change-action').value;
  const kind = $('change-kind').value;
  const values = $('change-values').value.split('\n').map((line) => line.trim()).filter(Boolean);
  const host = $('change-host').value.trim();
  const result = $('change-result');
  if (!values.length) {
    result.replaceChildren(el('div', { class: 'message bad' }, 'Give at least one value, one per line.'));
    return;
  }
  const body = { [kind]: values };
  if (host) body.host = host;
  if (action === 'purge' && $('change-soft').checked) body.soft = true;
  if (action === 'revalidate' && $('change-wait').checked) body.wait = true;
  if (action === 'warm' && $('change-force').checked) body.force = true;
  if (!(await confirmChange(describeChange(action, kind, values, host, body)))) {
    result.replaceChildren(el('div', { class: 'message' }, 'Cancelled: nothing was sent.'));
    return;
  }
  if (!state.token && !(await askToken('Purging, revalidating and warming need the purge token.'))) {
    result.replaceChildren(el('div', { class: 'message bad' }, 'No token given: nothing was sent.'));
    return;
  }
  result.replaceChildren(el('div', { class: 'message' }, 'Sending…'));
  let response;
  let answer;
  try {
    response = await fetch('/' + action, {
      method: 'POST',
      headers: authHeaders({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body),
      cache: 'no-store',
    });
    answer = await response.json().catch(() => ({}));
  } catch (failure) {
    result.replaceChildren(el('div', { class: 'message bad', id: 'change-message' },
      'The node could not be reached (' + failure.message + '). Nothing is known to have changed.'));
    return;
  }
  result.replaceChildren(changeAnswer(action, response.status, answer));
}

function changeAnswer(action, status, answer) {
  if (status === 401 || status === 403) {
    return el('div', { class: 'message bad', id: 'change-message' },
      'Refused (' + status + '): ' + (answer.error || 'not allowed') + '. Nothing was changed. '
      + 'Set the purge token with "Set token" and try again.');
  }
  if (status !== 200) {
    return el('div', { class: 'message bad', id: 'change-message' },
      'Refused (' + status + '): ' + (answer.error || 'error') + '. Nothing was changed.');
  }
  const lines = [];
  if (answer.purged !== undefined) {
    lines.push((answer.purged === 1 ? '1 stored response' : answer.purged + ' stored responses')
      + (action === 'revalidate' || answer.soft ? ' marked stale' : ' purged') + ' in ' + answer.millis + ' ms');
    lines.push('acknowledged by ' + (answer.acknowledged.length ? answer.acknowledged.join(', ') : 'no member'));
    lines.push(answer.missing.length ? 'missing: ' + answer.missing.join(', ') : 'no member missing');
    if (answer.applied === false) lines.push('the shared map purge was still running when the node answered');
  }
  if (answer.refreshing) lines.push('refreshing: ' + (answer.refreshing.join(', ') || 'nothing'));
  for (const item of answer.results || []) {
    lines.push(item.url + ': ' + item.status + ' ' + (item.cacheStatus || '') + (item.stored ? ', stored' : ', not stored')
      + (item.error ? ' (' + item.error + ')' : ''));
  }
  const good = !answer.missing || answer.missing.length === 0;
  return el('div', { class: 'message ' + (good ? 'good' : 'bad'), id: 'change-message' },
    ...lines.map((line, i) => (i ? [el('br'), line] : [line])).flat());
}

// ---------------------------------------------------------------- key inspector

async function inspect(event) {
  event.preventDefault();
  const url = $('inspect-url').value.trim();
  const host = $('inspect-host').value.trim();
  const result = $('inspect-result');
  if (!url) {
    result.replaceChildren(el('div', { class: 'message bad' }, 'Give a path or a URL.'));
    return;
  }
  const query = new URLSearchParams({ url });
  if (host) query.set('host', host);
  for (;;) {
    const response = await fetch('/inspect?' + query, { headers: authHeaders(), cache: 'no-store' });
    const answer = await response.json().catch(() => ({}));
    if ((response.status === 401 || response.status === 403)
        && await askToken('The key inspector needs the read token or the purge token (' + answer.error + ').')) {
      continue;
    }
    if (response.status !== 200) {
      result.replaceChildren(el('div', { class: 'message bad', id: 'inspect-message' },
        'Could not inspect (' + response.status + '): ' + (answer.error || 'error')));
      return;
    }
    result.replaceChildren(renderInspection(answer));
    return;
  }
}

function renderInspection(answer) {
  const where = answer.pathQuery + (answer.host ? ' on ' + answer.host : ' on every host');
  const parts = [el('p', { class: 'hint' }, 'Looked up ' + where + ' from ' + answer.node + ' at ' + clock(answer.now)
    + ((answer.silentMembers || []).length ? '; no answer about hot copies from ' + answer.silentMembers.join(', ') : ''))];
  if (!answer.variants.length) {
    parts.push(verdict(answer.next));
    return el('div', { id: 'inspection' }, ...parts);
  }
  parts.push(el('p', {}, answer.variants.length === 1 ? 'One stored response.' : answer.variants.length + ' stored variants.'));
  for (const variant of answer.variants) {
    const validators = [variant.validators.etag ? 'ETag ' + variant.validators.etag : null,
      variant.validators.lastModified ? 'Last-Modified ' + variant.validators.lastModified : null].filter(Boolean);
    const facts = [
      ['URL', variant.url],
      ['variant', variant.variant || 'the only one (no Vary)'],
      ['status', variant.status],
      ['age', seconds(variant.ageSeconds)],
      ['time to live', (variant.ttlSeconds >= 0 ? seconds(variant.ttlSeconds) : 'expired ' + seconds(-variant.ttlSeconds) + ' ago')
        + ' (ttl=' + variant.next.ttl + ')'],
      ['lifetime', seconds(variant.lifetimeSeconds) + ', set by ' + variant.freshnessSource],
      ['stale windows', 'stale-while-revalidate ' + seconds(variant.staleWhileRevalidateSeconds)
        + ', stale-if-error ' + seconds(variant.staleIfErrorSeconds)
        + (variant.mustRevalidate ? '; must-revalidate' : '') + (variant.noCache ? '; no-cache' : '')],
      ['validators', validators.join('; ') || 'none'],
      ['tags', (variant.tags || []).join(', ') || 'none'],
      ['size', bytes(variant.bytes)],
      ['stored', 'by ' + variant.storedBy + ' at ' + new Date(variant.storedAt).toLocaleString('en-GB')],
      ['soft-purged', variant.softPurgedAt ? 'at ' + new Date(variant.softPurgedAt).toLocaleString('en-GB') : 'no'],
      ['hot copies on', (variant.hotCopies || []).join(', ') || 'no member'],
    ];
    const list = el('dl', { class: 'facts' });
    for (const [name, value] of facts) {
      list.append(el('dt', {}, name), el('dd', { 'data-fact': name }, value));
    }
    const headers = (variant.headers || []).map(([name, value]) => name + ': ' + value).join('\n');
    parts.push(el('div', { class: 'variant' }, verdict(variant.next), list,
      el('details', {}, el('summary', {}, 'stored response headers'), el('pre', {}, headers))));
  }
  return el('div', { id: 'inspection' }, ...parts);
}

function verdict(next) {
  const tone = { HIT: 'good', STALE: 'warn', REVALIDATE: 'warn', MISS: 'bad' }[next.outcome] || '';
  return el('div', { class: 'verdict' },
    el('span', { class: 'badge outcome ' + tone, 'data-outcome': next.outcome }, 'next request: ' + next.outcome),
    el('span', { class: 'reason' }, next.reason));
}

// ---------------------------------------------------------------- live access log

let logLines = [];

function restartLog() {
  if (state.logAbort) state.logAbort.abort();
  const controller = new AbortController();
  state.logAbort = controller;
  logLines = [];
  renderLog();
  const query = new URLSearchParams();
  for (const [param, id] of [['cache', 'log-cache'], ['status', 'log-status'], ['route', 'log-route'],
    ['node', 'log-node'], ['q', 'log-q']]) {
    const value = $(id).value.trim();
    if (value) query.set(param, value);
  }
  stream('/dashboard/log?' + query, { lines: addLogLines }, () => {}, controller.signal);
}

function addLogLines(message) {
  if ($('log-pause').checked) return;
  logLines = logLines.concat(message.lines || []).slice(-LOG_ROWS);
  const notes = [];
  if (message.skipped) notes.push(message.skipped + ' matching lines skipped in the last second (sampled under load)');
  if ((message.silent || []).length) notes.push('no answer from ' + message.silent.join(', '));
  $('log-note').textContent = notes.join('; ');
  renderLog();
}

function renderLog() {
  $('log-rows').replaceChildren(...logLines.slice().reverse().map((line) => el('tr', { 'data-cache': line.cache },
    el('td', {}, line.time ? new Date(line.time).toLocaleTimeString('en-GB') : '–'),
    el('td', {}, line.node),
    el('td', {}, line.method),
    el('td', { class: 'url', title: line.url }, line.url),
    el('td', { class: 'num' }, line.status),
    el('td', { title: line.cacheStatus || '' }, line.cache),
    el('td', {}, line.route),
    el('td', { class: 'num' }, line.ms.toFixed(1)),
    el('td', { class: 'num' }, count(line.bytes)),
    el('td', {}, line.client || ''))));
}

// ---------------------------------------------------------------- start

function start() {
  setToken(state.token);
  $('token-set').onclick = () => askToken('Enter the purge token (for changes), or the read token (for figures only).');
  $('token-forget').onclick = () => setToken(null);
  $('change-action').onchange = updateConsole;
  updateConsole();
  $('change-form').onsubmit = sendChange;
  $('inspect-form').onsubmit = inspect;
  $('log-form').onsubmit = (event) => event.preventDefault();
  for (const id of ['log-cache', 'log-node']) $(id).onchange = restartLog;
  for (const id of ['log-status', 'log-route', 'log-q']) $(id).onchange = restartLog;
  window.addEventListener('resize', () => {
    state.charts.forEach((chart) => {
      const target = $(chart.spec.id);
      chart.plot.setSize({ width: Math.max(300, target.clientWidth), height: 170 });
    });
  });
  stream('/dashboard/events', {
    hello: (hello) => {
      state.node = hello.node;
      state.stepSeconds = hello.stepSeconds;
      state.historySeconds = hello.historyMinutes * 60;
      state.purges = [];
      $('cluster-name').textContent = '· cluster ' + hello.cluster;
      $('served-by').textContent = 'served by ' + hello.node;
      document.title = 'tiercache · ' + hello.cluster;
    },
    history: loadHistory,
    overview: renderOverview,
    purges: addPurges,
  }, showConnection);
  restartLog();
}

window.tiercache = { latest, peak, state };
start();
