// One task: everything the backend knows of it, and the actions its state allows.
import { api, el, enc, link, time, action, pretty, notice } from '../lib.js';

export async function taskPage(root, [queue, id]) {
  const path = 'queues/' + enc(queue) + '/tasks/' + enc(id);
  const head = el('h1', {}, 'Task ', el('span', { class: 'mono' }, id));
  const buttons = el('div', { class: 'actions' });
  const facts = el('dl', { class: 'facts' });
  const payload = el('pre', { id: 'payload' });
  const payloadNote = el('p', { class: 'muted' });
  const extra = el('div');
  root.append(el('p', {}, link('#/queue/' + enc(queue), '‹ queue ' + queue)), head, buttons, facts,
    el('h2', {}, 'Payload'), payloadNote, payload, extra);
  let gone = false;

  async function act(verb, method, done) {
    const r = await api(path + (verb ? '/' + verb : ''), { method });
    return done(r);
  }

  return async function refresh() {
    if (gone) return;
    let t;
    try {
      t = await api(path);
    } catch (e) {
      if (e.status === 404) {
        facts.replaceChildren(el('dt', {}, 'State'), el('dd', { class: 'error' }, 'This task is gone: ' + e.message));
        buttons.replaceChildren();
        gone = true;
        return;
      }
      throw e;
    }
    head.replaceChildren('Task ', el('span', { class: 'mono' }, t.id), ' ', el('span', { class: 'badge ' + t.state, id: 'state' }, t.state));
    const rows = [
      ['Queue', link('#/queue/' + enc(queue), queue)], ['Type', t.type || '(payload not readable as a task)'],
      ['Attempts', t.attempts + ' of ' + t.maxAttempts], ['Priority', t.priority], ['Created', time(t.createdAt)],
      ['Runs at', time(t.runAt)], ['Started', time(t.startedAt)], ['Lease ends', time(t.leaseDeadline)],
      ['Held by', t.holder ? el('span', { class: 'mono' }, t.holder) : ''], ['Finished', time(t.finishedAt)],
      ['Expires', time(t.expiresAt)], ['Unique key', t.uniqueKey], ['Timeout', t.timeoutMs ? t.timeoutMs + ' ms' : ''],
      ['Progress', t.progress ? t.progress.percent + ' %' + (t.progress.detail ? ' · ' + t.progress.detail : '') : ''],
      ['Last error', t.lastError ? el('span', { class: 'error', id: 'last-error' }, t.lastError) : ''],
    ];
    facts.replaceChildren(...rows.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    payload.textContent = pretty(t.payload || '');
    payloadNote.replaceChildren(t.payloadBytes + ' bytes', t.payloadTruncated ? ' (cut for display) · ' : ' · ',
      el('a', { href: 'api/' + path + '/payload', download: t.id + '.json' }, 'download'));
    const parts = [];
    if (t.headers && Object.keys(t.headers).length) {
      parts.push(el('h2', {}, 'Headers'), el('dl', { class: 'facts' }, Object.entries(t.headers).flatMap(([k, v]) => [el('dt', { class: 'mono' }, k), el('dd', { class: 'mono' }, v)])));
    }
    if (t.result) {
      parts.push(el('h2', {}, 'Result'), el('pre', {}, pretty(t.result)));
    }
    extra.replaceChildren(...parts);
    const can = {
      cancel: ['scheduled', 'ready', 'running'].includes(t.state),
      runNow: t.state === 'scheduled',
      requeue: t.state === 'dead',
      remove: t.state !== 'running',
    };
    buttons.replaceChildren(...[
      can.runNow && action('Run now', () => act('run-now', 'POST', () => 'Task ' + id + ' is ready')),
      can.requeue && action('Requeue', () => act('requeue', 'POST', () => 'Task ' + id + ' requeued')),
      can.cancel && action('Cancel', () => act('cancel', 'POST', (r) => r.result === 'requested' ? 'Cancel requested: its worker stops it within a second' : 'Task ' + id + ' cancelled'),
        { confirm: 'Cancel task ' + id + '?', danger: true }),
      can.remove && action('Delete', () => act('', 'DELETE', () => { notice('Task ' + id + ' deleted'); location.hash = '#/queue/' + enc(queue); }),
        { confirm: 'Delete task ' + id + ' for good?', danger: true }),
    ].filter(Boolean));
  };
}
