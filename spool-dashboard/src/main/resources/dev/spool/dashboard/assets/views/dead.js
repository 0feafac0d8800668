// A queue's dead letters: filter by type and by a piece of the error, requeue or delete one, the selected
// ones, or every match (in bounded steps: the page calls again until the API says it is done).
import { api, el, enc, link, taskLink, time, action, notice, readOnly } from '../lib.js';

const PAGE = 50;

export async function deadPage(root, [queue]) {
  const q = enc(queue);
  const selected = new Set();
  let shown = PAGE;
  const type = el('input', { name: 'type', placeholder: 'type', size: 16 });
  const error = el('input', { name: 'error', placeholder: 'error contains', size: 24 });
  const summary = el('span', { class: 'muted' });
  const list = el('div');
  const more = el('div', { class: 'pager' });
  const filters = el('form', { class: 'filters', onsubmit: (ev) => { ev.preventDefault(); shown = PAGE; selected.clear(); refresh(); } },
    type, error, el('button', { type: 'submit' }, 'Filter'), summary);
  const filter = () => ({ type: type.value.trim(), error: error.value.trim() });
  const query = () => '&type=' + enc(filter().type) + '&error=' + enc(filter().error);

  async function bulk(verb, body) {
    let done = 0;
    let from = 0;
    for (;;) {
      const r = await api('queues/' + q + '/dead/' + verb, { method: 'POST', body: { ...body, from } });
      done += r.done;
      if (r.next < 0) break;
      from = r.next;
      notice(verb + ': ' + done + ' so far…');
    }
    selected.clear();
    return verb === 'requeue' ? 'Requeued ' + done + ' dead letters' : 'Deleted ' + done + ' dead letters';
  }

  const buttons = el('div', { class: 'actions' },
    action('Requeue selected', () => (selected.size ? bulk('requeue', { ids: [...selected] }) : 'Nothing selected')),
    action('Delete selected', () => (selected.size ? bulk('delete', { ids: [...selected] }) : 'Nothing selected'), { danger: true, confirm: 'Delete the selected dead letters?' }),
    action('Requeue all matching', () => bulk('requeue', { all: true, ...filter() }), { confirm: 'Requeue every dead letter that matches the filter?' }),
    action('Delete all matching', () => bulk('delete', { all: true, ...filter() }), { danger: true, confirm: 'Delete every dead letter that matches the filter, for good?' }));
  root.append(el('p', {}, link('#/queue/' + q, '‹ queue ' + queue)), el('h1', {}, 'Dead letters of ', el('span', { class: 'mono' }, queue)),
    filters, buttons, list, more);

  async function refresh() {
    const r = await api('queues/' + q + '/dead?offset=0&limit=' + shown + query());
    summary.textContent = r.items.length + ' shown of ' + r.total + ' dead letters' + (r.next >= 0 && (filter().type || filter().error) ? ' (' + r.scanned + ' searched so far)' : '');
    const rows = r.items.map((d) => el('tr', { dataset: { id: d.id } },
      readOnly ? null : el('td', {}, el('input', {
        type: 'checkbox', 'aria-label': 'select ' + d.id, checked: selected.has(d.id),
        onchange: (ev) => (ev.target.checked ? selected.add(d.id) : selected.delete(d.id)),
      })),
      el('td', {}, taskLink(queue, d.id)), el('td', {}, d.type || '(not a task)'), el('td', { class: 'num' }, d.attempts),
      el('td', {}, time(d.failedAt)), el('td', { class: 'error' }, d.error || ''),
      el('td', {}, action('Requeue', async () => { await api('queues/' + q + '/tasks/' + enc(d.id) + '/requeue', { method: 'POST' }); return 'Requeued ' + d.id; }))));
    list.replaceChildren(rows.length ? el('table', {},
      el('thead', {}, el('tr', {}, readOnly ? null : el('th', {}), ['Id', 'Type', 'Attempts', 'Failed', 'Error', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No dead letter' + (filter().type || filter().error ? ' matches.' : '.')));
    more.replaceChildren(r.next >= 0 ? el('button', { type: 'button', onclick: () => { shown += PAGE; refresh(); } }, 'Show more') : '');
  }
  return refresh;
}
