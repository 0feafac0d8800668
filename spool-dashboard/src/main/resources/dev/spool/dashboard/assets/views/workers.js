// The live workers, from their heartbeats; one silent for 30 s is marked stale.
import { api, el, time, table } from '../lib.js';

export async function workersPage(root) {
  const list = el('div');
  root.append(el('h1', {}, 'Workers'), list);
  return async function refresh() {
    const ws = await api('workers');
    list.replaceChildren(table(['Worker', 'Host', 'Pid', 'Queues', 'Concurrency', 'In flight', 'Started', 'Last heartbeat', ''],
      ws.map((w) => el('tr', { dataset: { worker: w.id } },
        el('td', { class: 'mono' }, w.id), el('td', {}, w.host), el('td', { class: 'num' }, w.pid), el('td', {}, w.queues.join(', ')),
        el('td', { class: 'num' }, w.concurrency), el('td', { class: 'num' }, w.inFlight), el('td', {}, time(w.startedAt)),
        el('td', {}, time(w.lastHeartbeat)), el('td', {}, w.stale ? el('span', { class: 'badge stale' }, 'stale') : ''))),
      'No worker is running.'));
  };
}
