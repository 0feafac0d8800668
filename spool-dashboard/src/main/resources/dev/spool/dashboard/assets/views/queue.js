// One queue: its figures, its throughput (last hour, 24 hours, 30 days), its tasks by state page by page,
// and pause / resume / purge.
import { api, el, enc, link, taskLink, time, duration, action, table } from '../lib.js';
import { throughputChart } from '../chart.js';

const PAGE = 25;
const RANGES = { hour: ['minutes', 60, 'last hour'], day: ['minutes', 1440, 'last 24 hours'], month: ['hours', 720, 'last 30 days'] };

export async function queuePage(root, [name, tab]) {
  const state = tab || 'ready';
  const q = enc(name);
  let offset = 0;
  let range = 'hour';
  let tick = 0;
  const title = el('h1', {}, 'Queue ', el('span', { class: 'mono' }, name), ' ');
  const cards = el('div', { class: 'cards' });
  const buttons = el('div', { class: 'actions' });
  const ranges = el('div', { class: 'tabs' });
  const chartBox = el('div');
  const tabs = el('div', { class: 'tabs' }, ['scheduled', 'ready', 'running'].map((s) =>
    link('#/queue/' + q + '/' + s, s, { class: s === state ? 'active' : '', dataset: { tab: s } })),
    link('#/queue/' + q + '/dead', 'dead', { dataset: { tab: 'dead' } }));
  const list = el('div');
  const pager = el('div', { class: 'pager' });
  root.append(title, cards, buttons, ranges, chartBox, tabs, list, pager);
  let chart = throughputChart(chartBox, 'processed and failed, ' + RANGES[range][2]);

  for (const r of Object.keys(RANGES)) {
    ranges.append(el('button', {
      type: 'button', dataset: { range: r }, class: r === range ? 'active' : '',
      onclick: async () => {
        range = r;
        ranges.querySelectorAll('button').forEach((a) => a.classList.toggle('active', a.dataset.range === r));
        chartBox.replaceChildren();
        chart = throughputChart(chartBox, 'processed and failed, ' + RANGES[r][2]);
        tick = 0;
        await refresh();
      },
    }, RANGES[r][2]));
  }

  async function refresh() {
    const s = await api('queues/' + q);
    title.replaceChildren('Queue ', el('span', { class: 'mono' }, name), ' ', s.paused ? el('span', { class: 'badge paused' }, 'paused') : '');
    cards.replaceChildren(
      card('ready', s.ready), card('scheduled', s.scheduled), card('running', s.running), card('dead', s.dead),
      card('latency', duration(s.latencyMs)), card('processed', s.processed), card('failed', s.failed));
    buttons.replaceChildren(...[
      s.paused ? action('Resume', async () => { await api('queues/' + q + '/resume', { method: 'POST' }); return 'Resumed ' + name; })
        : action('Pause', async () => { await api('queues/' + q + '/pause', { method: 'POST' }); return 'Paused ' + name; }),
      action('Purge', async () => {
        const r = await api('queues/' + q + '/purge', { method: 'POST', body: { confirm: name } });
        return 'Purged ' + r.purged + ' tasks';
      }, { confirm: 'Delete every ready and scheduled task of ' + name + '? Running tasks and dead letters stay.', danger: true }),
    ].filter(Boolean));
    const page = await api('queues/' + q + '/tasks?state=' + state + '&offset=' + offset + '&limit=' + PAGE);
    list.replaceChildren(table(
      ['Id', 'Type', 'Attempts', state === 'scheduled' ? 'Runs' : state === 'running' ? 'Lease ends' : 'Created', 'Last error'],
      page.items.map((t) => el('tr', { dataset: { id: t.id } },
        el('td', {}, taskLink(name, t.id)), el('td', {}, t.type || '?'), el('td', { class: 'num' }, t.attempts + ' / ' + t.maxAttempts),
        el('td', {}, time(state === 'scheduled' ? t.runAt : state === 'running' ? t.leaseDeadline : t.createdAt)),
        el('td', { class: 'error' }, t.lastError || ''))),
      'No ' + state + ' task.'));
    pager.replaceChildren(
      el('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); refresh(); } }, '‹ Newer'),
      el('span', { class: 'muted' }, page.items.length ? (offset + 1) + '–' + (offset + page.items.length) : ''),
      el('button', { type: 'button', disabled: page.items.length < PAGE, onclick: () => { offset += PAGE; refresh(); } }, 'More ›'));
    if (range === 'hour' || tick++ % 5 === 0) { // the live hour each time; the longer ranges change slowly
      const [scale, last] = RANGES[range];
      chart(await api('queues/' + q + '/history?scale=' + scale + '&last=' + last));
    }
  }
  return refresh;
}

function card(label, value) {
  return el('div', { class: 'card' }, label, el('b', { dataset: { total: label } }, value));
}
