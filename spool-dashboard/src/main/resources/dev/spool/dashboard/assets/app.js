// The single page: a hash router over the views, each refreshed every few seconds without reloading.
import { api, el, readOnly, notice } from './lib.js';
import { overview } from './views/overview.js';
import { queuePage } from './views/queue.js';
import { taskPage } from './views/task.js';
import { deadPage } from './views/dead.js';
import { workersPage } from './views/workers.js';
import { schedulesPage } from './views/schedules.js';

const REFRESH_MS = 2000;
const routes = [
  [/^\/?$/, () => overview],
  [/^\/queue\/([^/]+)\/task\/([^/]+)$/, () => taskPage],
  [/^\/queue\/([^/]+)\/dead$/, () => deadPage],
  [/^\/queue\/([^/]+)(?:\/(scheduled|ready|running))?$/, () => queuePage],
  [/^\/workers$/, () => workersPage],
  [/^\/schedules$/, () => schedulesPage],
];

let current = null; // { refresh, key }
let timer = null;

async function show() {
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const root = document.getElementById('view');
  for (const [pattern, pick] of routes) {
    const m = hash.match(pattern);
    if (!m) continue;
    const page = pick();
    root.replaceChildren();
    document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === '#' + hash));
    current = { refresh: await safely(() => page(root, m.slice(1))), hash };
    await refresh();
    return;
  }
  root.replaceChildren(el('h1', {}, 'Not found'), el('p', {}, 'No page at ' + hash + '. '), el('a', { href: '#/' }, 'Back to the queues'));
  current = null;
}

async function safely(fn) {
  try {
    return await fn();
  } catch (e) {
    document.getElementById('view').replaceChildren(el('h1', {}, 'Cannot show this page'), el('p', { class: 'error' }, e.message));
    return null;
  }
}

async function refresh() {
  clearTimeout(timer);
  if (current && current.refresh && !document.hidden) { // a tab nobody looks at asks nothing
    try {
      await current.refresh();
      document.getElementById('refreshed').textContent = new Date().toLocaleTimeString();
      document.body.classList.remove('stale');
    } catch (e) {
      document.body.classList.add('stale');
      document.getElementById('refreshed').textContent = 'failed: ' + e.message;
    }
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

document.getElementById('search').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const id = document.getElementById('search-id').value.trim();
  if (!id) return;
  try {
    const t = await api('tasks/' + encodeURIComponent(id));
    location.hash = '#/queue/' + encodeURIComponent(t.queue) + '/task/' + encodeURIComponent(t.id);
  } catch (e) {
    notice(e.message, 'error');
  }
});

window.addEventListener('hashchange', show);
window.addEventListener('spool:refresh', refresh);
document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
document.getElementById('mode').textContent = readOnly ? 'read-only' : '';
api('overview').then((o) => { document.getElementById('backend').textContent = 'backend ' + o.backend; }).catch(() => {});
show();
