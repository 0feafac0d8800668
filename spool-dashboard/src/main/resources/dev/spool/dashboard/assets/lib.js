// Helpers shared by every view. Nothing here ever writes HTML from data: text goes in with textContent
// (el() below), so a payload or an error holding <script> shows as text.

export const readOnly = document.querySelector('meta[name="spool-read-only"]').content === 'true';

/** Calls the admin API (relative to the page: works under any mount path). Throws an Error with the API's message. */
export async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: { 'Accept': 'application/json' } };
  if (init.method !== 'GET') {
    init.headers['X-Spool-Request'] = '1';
  }
  if (options.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  // relative to the page, without the user:password@ a browser allows in the address bar but not in fetch()
  const url = new URL('api/' + path, location.href);
  url.username = '';
  url.password = '';
  const res = await fetch(url, init);
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = new Error((data && data.error) || ('HTTP ' + res.status));
    e.status = res.status;
    throw e;
  }
  return data;
}

/** el('td', {class: 'x'}, 'text', child): an element with attributes and children; strings become text nodes. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function enc(s) {
  return encodeURIComponent(s);
}

export function link(href, text, attrs = {}) {
  return el('a', { href, ...attrs }, text);
}

export function taskLink(queue, id) {
  return link('#/queue/' + enc(queue) + '/task/' + enc(id), id, { class: 'mono' });
}

/** "3 min ago" / "in 20 s" for an ISO time; '' for none. */
export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const a = Math.abs(s);
  const text = a < 60 ? a + ' s' : a < 3600 ? Math.round(a / 60) + ' min' : a < 86400 ? Math.round(a / 3600) + ' h' : Math.round(a / 86400) + ' d';
  return s <= 0 ? text + ' ago' : 'in ' + text;
}

export function time(iso) {
  return iso ? el('time', { datetime: iso, title: iso }, ago(iso)) : '';
}

export function duration(ms) {
  if (ms === undefined || ms === null) return '';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  return s < 60 ? s.toFixed(1) + ' s' : s < 3600 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';
}

/** Shows a message under the header for a few seconds. */
export function notice(text, kind = 'ok') {
  const n = document.getElementById('notice');
  n.textContent = text;
  n.className = kind;
  n.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => { n.hidden = true; }, 6000);
}

/** A button that runs an action, shows its outcome, and is absent in read-only mode. */
export function action(label, run, { confirm: question, danger } = {}) {
  if (readOnly) return null;
  return el('button', {
    class: danger ? 'danger' : 'act',
    type: 'button',
    dataset: { label },
    onclick: async (ev) => {
      if (question && !window.confirm(question)) return;
      ev.target.disabled = true;
      try {
        const msg = await run();
        notice(msg || (label + ': done'));
      } catch (e) {
        notice(label + ' failed: ' + e.message, 'error');
      } finally {
        ev.target.disabled = false;
        window.dispatchEvent(new Event('spool:refresh'));
      }
    },
  }, label);
}

export function table(headers, rows, empty) {
  if (!rows.length) return el('p', { class: 'muted empty' }, empty);
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))), el('tbody', {}, rows));
}

/** Pretty-prints JSON text; text that is not JSON is shown as it is. */
export function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}
