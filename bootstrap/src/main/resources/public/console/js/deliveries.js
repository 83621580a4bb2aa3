// Webhook deliveries: the list (newest first), one delivery with its attempts, and replay. A delivery's attempt_log
// has one entry per attempt {at, status_code, duration_ms, error}; lists carry none, so it is read per delivery.
import { get, post } from './api.js';
import { $, announce, fillMeta, h, shortId, time } from './dom.js';

export async function enter(id) {
  await list();
  if (id) await open(id);
  else $('#delivery-detail').hidden = true;
}

async function list() {
  let page;
  try {
    page = await get('/api/v1/webhook-deliveries?take=100');
  } catch (e) {
    $('#deliveries-empty').hidden = false;
    $('#deliveries-empty').textContent = `Could not load deliveries: ${e.message}`;
    return;
  }
  $('#delivery-table tbody').replaceChildren(...page.items.map((d) => h('tr', {},
    h('td', {}, h('a', { href: `#/deliveries/${d.id}` }, d.event_type), h('span', { class: 'muted small' }, ` chat ${shortId(d.chat_id)}`)),
    h('td', {}, h('span', { class: `badge status-${d.status}` }, d.status)),
    h('td', {}, String(d.attempts)),
    h('td', {}, time(d.created_at)))));
  $('#deliveries-empty').hidden = page.items.length > 0;
}

async function open(id) {
  const panel = $('#delivery-detail');
  $('#delivery-error').textContent = '';
  let d;
  try {
    d = await get(`/api/v1/webhook-deliveries/${encodeURIComponent(id)}`);
  } catch (e) {
    panel.hidden = false;
    $('#delivery-error').textContent = `Could not load the delivery: ${e.message}`;
    return;
  }
  panel.hidden = false;
  show(d);
  $('#delivery-title').focus();
}

function show(d) {
  $('#delivery-title').textContent = `Delivery ${shortId(d.id)}: ${d.event_type}`;
  fillMeta($('#delivery-meta'), [
    ['Status', d.status], ['Attempts', String(d.attempts)], ['URL', d.url], ['Chat', d.chat_id],
    ['Created', time(d.created_at)], ['Delivered', time(d.delivered_at)], ['Next attempt', time(d.next_attempt_at)],
    ['Last error', d.last_error],
  ]);
  const log = Array.isArray(d.attempt_log) ? d.attempt_log : null;
  $('#attempts').hidden = !log;
  if (log) {
    $('#attempt-rows').replaceChildren(...log.map((a, i) => h('tr', {},
      h('td', {}, String(i + 1)),
      h('td', {}, time(a.at)),
      h('td', {}, a.status_code == null ? '' : String(a.status_code)),
      h('td', {}, a.duration_ms == null ? '' : `${a.duration_ms} ms`),
      h('td', {}, a.error || ''))));
  }
  $('#replay').dataset.id = d.id;
}

$('#replay').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  $('#delivery-error').textContent = '';
  try {
    show(await post(`/api/v1/webhook-deliveries/${button.dataset.id}/replay`));
    announce('The delivery is due again now');
    await list();
  } catch (e) {
    $('#delivery-error').textContent = `Could not replay: ${e.message}`;
  } finally {
    button.disabled = false;
  }
});
