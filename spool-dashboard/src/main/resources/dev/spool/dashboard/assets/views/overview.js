// Every queue at a glance: counts, latency, throughput, and a live chart of the last hour.
import { api, el, link, enc, duration, table } from '../lib.js';
import { throughputChart } from '../chart.js';

export async function overview(root) {
  const cards = el('div', { class: 'cards' });
  const body = el('div');
  root.append(el('h1', {}, 'Queues'), cards);
  const chart = throughputChart(root, 'All queues: processed and failed per minute, last hour');
  root.append(body);
  return async function refresh() {
    const o = await api('overview');
    const sum = (k) => o.queues.reduce((n, q) => n + q[k], 0);
    cards.replaceChildren(
      card('ready', sum('ready')), card('scheduled', sum('scheduled')), card('running', sum('running')),
      card('dead', sum('dead')), card('workers', o.workers, '#/workers'));
    body.replaceChildren(table(
      ['Queue', 'Ready', 'Scheduled', 'Running', 'Dead', 'Latency', 'Processed', 'Failed', ''],
      o.queues.map((q) => el('tr', { dataset: { queue: q.name } },
        el('td', {}, link('#/queue/' + enc(q.name), q.name, { class: 'queue-link' })),
        num(q.ready, 'ready'), num(q.scheduled, 'scheduled'), num(q.running, 'running'),
        el('td', { class: 'num', dataset: { field: 'dead' } }, q.dead ? link('#/queue/' + enc(q.name) + '/dead', q.dead) : '0'),
        el('td', { class: 'num', dataset: { field: 'latency' } }, duration(q.latencyMs)),
        num(q.processed, 'processed'), num(q.failed, 'failed'),
        el('td', {}, q.paused ? el('span', { class: 'badge paused' }, 'paused') : ''))),
      'No queue yet: enqueue a task and it shows here.'));
    chart(await api('history?scale=minutes&last=60'));
  };
}

function card(label, value, href) {
  const b = el('b', { dataset: { total: label } }, value);
  return el('div', { class: 'card' }, href ? link(href, label) : label, b);
}

function num(v, field) {
  return el('td', { class: 'num', dataset: { field } }, v);
}
