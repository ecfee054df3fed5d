// The dashboard page: the experiment list and one experiment, live from the server's event streams.
// It only ever talks to the dashboard server, which holds the master's token.
import { drawChart } from './chart.js';

const COLORS = ['#2f6fde', '#e0663a', '#1f9d6b', '#9b4fd1', '#c99a06', '#d13f7a', '#3aa6c4'];
const view = { experiments: [], selectedId: null, feed: null, experiment: null, trials: [], points: [] };
const $ = (selector) => document.querySelector(selector);

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

const bytes = (n) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
const shortState = (state) => (state ?? 'unknown').replace(/^STATE_/, '').toLowerCase();
const metricText = (value) => (value === null || value === undefined ? '–' : value.toPrecision(4));
const trialColor = (trialId) =>
  COLORS[
    Math.max(
      0,
      view.trials.findIndex((t) => t.id === trialId),
    ) % COLORS.length
  ];

function stateBadge(td, state) {
  const badge = document.createElement('span');
  badge.className = 'pill state';
  badge.dataset.state = state ?? '';
  badge.textContent = shortState(state);
  td.append(badge);
}

function renderExperiments() {
  const body = $('#experiments tbody');
  body.replaceChildren();
  for (const exp of view.experiments) {
    const row = body.insertRow();
    Object.assign(row.dataset, { id: String(exp.id), state: exp.state });
    row.classList.toggle('selected', exp.id === view.selectedId);
    row.addEventListener('click', () => select(exp.id));
    cell(row, String(exp.id), 'num');
    cell(row, exp.name, 'name');
    stateBadge(cell(row, ''), exp.state);
    const progress = cell(row, ` ${Math.round((exp.progress ?? 0) * 100)}%`, 'num progress');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.append(
      Object.assign(document.createElement('span'), { style: `width:${(exp.progress ?? 0) * 100}%` }),
    );
    progress.prepend(bar);
    cell(row, exp.owner ?? '–', 'owner');
    cell(
      row,
      exp.searcherMetric ? `${metricText(exp.bestValidation)} (${exp.searcherMetric})` : '–',
      'num best',
    );
    cell(row, String(exp.numTrials ?? '–'), 'num');
  }
}

function fillMetricSelect(select, group, preferred) {
  const names = [
    ...new Set(view.points.filter((p) => p.group === group).flatMap((p) => Object.keys(p.metrics))),
  ].sort();
  const keep = names.includes(select.value) ? select.value : names.includes(preferred) ? preferred : names[0];
  if (select.options.length !== names.length || [...select.options].some((o, i) => o.value !== names[i])) {
    select.replaceChildren(...names.map((name) => new Option(name, name)));
  }
  if (keep !== undefined) select.value = keep;
  return keep;
}

function renderCharts() {
  const searcherMetric = view.experiment?.searcherMetric ?? 'validation_loss';
  for (const [group, preferred] of [
    ['training', 'loss'],
    ['validation', searcherMetric],
  ]) {
    const metric = fillMetricSelect($(`#${group}-metric`), group, preferred);
    const series = view.trials.map((trial) => ({
      color: trialColor(trial.id),
      points: view.points
        .filter((p) => p.trialId === trial.id && p.group === group && metric in p.metrics)
        .map((p) => ({ x: p.step, y: p.metrics[metric] })),
    }));
    drawChart($(`#${group}-chart`), series);
  }
}

function renderTrials() {
  const body = $('#trials tbody');
  body.replaceChildren();
  for (const trial of view.trials) {
    const row = body.insertRow();
    row.dataset.id = String(trial.id);
    const swatch = Object.assign(document.createElement('span'), { className: 'swatch' });
    swatch.style.background = trialColor(trial.id);
    cell(row, '').append(swatch);
    cell(row, String(trial.id), 'num');
    stateBadge(cell(row, ''), trial.state);
    const steps = view.points.filter((p) => p.trialId === trial.id).map((p) => p.step);
    cell(row, String(Math.max(0, ...steps)), 'num');
    const hparams = Object.entries(trial.hparams ?? {}).map(
      ([k, v]) => `${k}=${typeof v === 'number' ? v.toPrecision(3) : JSON.stringify(v)}`,
    );
    cell(row, hparams.join('  '), 'hparams');
  }
}

function renderCheckpoints(checkpoints) {
  $('#checkpoint-metric').textContent = view.experiment?.searcherMetric ?? 'Metric';
  const body = $('#checkpoints tbody');
  const busy = new Map(
    [...body.rows].filter((r) => r.dataset.busy === 'true').map((r) => [r.dataset.uuid, r]),
  );
  body.replaceChildren();
  for (const ckpt of checkpoints) {
    if (busy.has(ckpt.uuid)) {
      body.append(busy.get(ckpt.uuid));
      continue;
    }
    const row = body.insertRow();
    row.dataset.uuid = ckpt.uuid;
    cell(row, '').append(
      Object.assign(document.createElement('code'), { textContent: ckpt.uuid.slice(0, 8), title: ckpt.uuid }),
    );
    cell(row, String(ckpt.trialId ?? '–'), 'num');
    cell(row, String(ckpt.step ?? '–'), 'num');
    cell(row, metricText(ckpt.metric), 'num');
    cell(row, bytes(ckpt.sizeBytes), 'num');
    const actions = cell(row, '');
    const button = Object.assign(document.createElement('button'), {
      className: 'download',
      textContent: 'Download',
    });
    const progress = Object.assign(document.createElement('progress'), { max: 1, value: 0, hidden: true });
    const status = Object.assign(document.createElement('span'), { className: 'status' });
    button.addEventListener('click', () => download(ckpt, { row, button, progress, status }));
    actions.append(button, progress, status);
  }
}

async function download(ckpt, { row, button, progress, status }) {
  Object.assign(row.dataset, { busy: 'true' });
  button.disabled = true;
  progress.hidden = false;
  status.dataset.status = 'running';
  try {
    const response = await fetch(`/api/checkpoints/${encodeURIComponent(ckpt.uuid)}/archive`);
    if (!response.ok) throw new Error((await response.json()).error ?? `HTTP ${response.status}`);
    const expected = Number(response.headers.get('x-expected-bytes')) || ckpt.sizeBytes;
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      chunks.push(next.value);
      received += next.value.length;
      progress.value = Math.min(0.99, received / expected);
      status.textContent = `${bytes(received)} of ~${bytes(expected)}`;
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${ckpt.uuid}.tar`;
    const link = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(new Blob(chunks)),
      download: name,
    });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    progress.value = 1;
    Object.assign(status.dataset, { status: 'done', bytes: String(received) });
    status.textContent = `saved ${name} (${bytes(received)})`;
  } catch (error) {
    status.dataset.status = 'error';
    status.textContent = `failed: ${error.message}`;
  } finally {
    button.disabled = false;
    row.dataset.busy = 'false';
  }
}

function on(source, event, handler) {
  source.addEventListener(event, (message) => handler(JSON.parse(message.data)));
}

function showProblem({ message }) {
  $('#problem').hidden = message === null;
  $('#problem').textContent = message === null ? '' : `The master is not answering as expected: ${message}`;
}

function select(experimentId) {
  if (view.selectedId === experimentId) return;
  view.feed?.close();
  Object.assign(view, { selectedId: experimentId, experiment: null, trials: [], points: [] });
  history.replaceState(null, '', `#experiment=${experimentId}`);
  $('#experiment').hidden = false;
  $('#experiment-title').textContent = `Experiment ${experimentId}`;
  renderExperiments();
  renderCharts();
  renderTrials();
  renderCheckpoints([]);
  const feed = new EventSource(`/api/experiments/${experimentId}/events`);
  view.feed = feed;
  on(feed, 'experiment', (exp) => {
    view.experiment = exp;
    $('#experiment-title').textContent = `Experiment ${exp.id}: ${exp.name} (${shortState(exp.state)})`;
  });
  on(feed, 'trials', (trials) => {
    view.trials = trials;
    renderTrials();
    renderCharts();
  });
  on(feed, 'points', (points) => {
    view.points.push(...points);
    renderCharts();
    renderTrials();
  });
  on(feed, 'checkpoints', renderCheckpoints);
  on(feed, 'problem', showProblem);
}

const list = new EventSource('/api/experiments/events');
list.addEventListener('open', () =>
  Object.assign($('#connection'), { textContent: 'live' }).setAttribute('data-state', 'live'),
);
list.addEventListener('error', () =>
  Object.assign($('#connection'), { textContent: 'reconnecting…' }).setAttribute('data-state', 'connecting'),
);
on(list, 'problem', showProblem);
on(list, 'experiments', (experiments) => {
  view.experiments = experiments;
  renderExperiments();
  const wanted = Number(/experiment=(\d+)/.exec(location.hash)?.[1]);
  const running = experiments.find((e) => !e.terminal) ?? experiments[0];
  if (view.selectedId === null && (wanted || running)) select(wanted || running.id);
});
