// Recurring tasks: each schedule with its next and last fire; pause, resume, trigger now.
import { api, el, enc, link, time, action, table } from '../lib.js';

export async function schedulesPage(root) {
  const list = el('div');
  root.append(el('h1', {}, 'Recurring tasks'), list);
  const post = (name, verb) => api('schedules/' + enc(name) + '/' + verb, { method: 'POST' });
  return async function refresh() {
    const ss = await api('schedules');
    list.replaceChildren(table(['Name', 'Queue', 'Type', 'When', 'Next', 'Last fired', ''],
      ss.map((s) => el('tr', { dataset: { schedule: s.name } },
        el('td', { class: 'mono' }, s.name, s.paused ? el('span', { class: 'badge paused' }, ' paused') : ''),
        el('td', {}, link('#/queue/' + enc(s.queue), s.queue)), el('td', {}, s.type), el('td', {}, s.when),
        el('td', {}, s.paused ? '' : time(s.nextFire)), el('td', {}, time(s.lastFired)),
        el('td', { class: 'actions' },
          s.paused ? action('Resume', async () => { await post(s.name, 'resume'); return 'Resumed ' + s.name; })
            : action('Pause', async () => { await post(s.name, 'pause'); return 'Paused ' + s.name; }),
          action('Run now', async () => { const r = await post(s.name, 'trigger'); return s.name + ': task ' + r.taskId + ' ' + r.result; })))),
      'No recurring task: add one with spool cron add or Schedules.put.'));
  };
}
