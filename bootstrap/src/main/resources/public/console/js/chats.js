// Conversations: the filtered list, kept live, and the open chat (transcript.js).
// Live: the tenant-wide feed GET /api/v1/events when the server has it (any event refreshes the list); without it
// (404) the list is polled. Every filter is a query parameter of GET /api/v1/chats.
import { follow, get, query } from './api.js';
import { $, h, shortId, time } from './dom.js';
import * as transcript from './transcript.js';

const POLL_MS = 4000;
const POLL_WITH_FEED_MS = 30000;
let agentNames = new Map();
let stopFeed = null;
let pollTimer = null;
let refreshTimer = null;
let active = false;

export async function enter(openId) {
  active = true;
  await loadAgents();
  await refresh();
  startLive();
  if (openId) transcript.open(openId, { onChange: refreshSoon, agentNames });
  else transcript.close();
}

export function leave() {
  active = false;
  if (stopFeed) stopFeed();
  stopFeed = null;
  clearInterval(pollTimer);
  clearTimeout(refreshTimer);
  transcript.close();
}

async function loadAgents() {
  try {
    const page = await get('/api/v1/agents?take=200');
    agentNames = new Map(page.items.map((a) => [a.id, a.name]));
  } catch {
    agentNames = new Map(); // a key without the right to read agents still sees conversations
  }
  const select = $('#filter-agent');
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '' }, 'Any'),
    ...[...agentNames].map(([id, name]) => h('option', { value: id }, name)));
  select.value = agentNames.has(chosen) ? chosen : '';
}

function filters() {
  const form = new FormData($('#chat-filters'));
  return Object.fromEntries(form.entries());
}

async function refresh() {
  const f = filters();
  let page;
  try {
    page = await get(`/api/v1/chats${query({ state: f.state, mode: f.mode, agent_id: f.agent_id, channel: f.channel, user_id: f.user_id.trim(), take: 100 })}`);
  } catch (e) {
    $('#chats-live').textContent = `Could not load conversations: ${e.message}`;
    return;
  }
  const items = page.items;
  $('#chat-table tbody').replaceChildren(...items.map(row));
  $('#chats-empty').hidden = items.length > 0;
}

/** What the user last said: the line that tells chats apart in the list. */
function lastUserText(chat) {
  const last = (chat.messages || []).filter((m) => m.role === 'user' && m.content).at(-1);
  return last ? last.content.slice(0, 80) : '';
}

function row(chat) {
  const open = h('button', { type: 'button', class: 'link', 'data-chat-id': chat.id,
    onclick: () => {
      history.replaceState(null, '', `#/chats/${chat.id}`);
      transcript.open(chat.id, { onChange: refreshSoon, agentNames });
    } }, chat.title || `Chat ${shortId(chat.id)}`);
  const said = lastUserText(chat);
  return h('tr', { 'data-chat-id': chat.id },
    h('td', {}, open, said ? h('p', { class: 'muted small said' }, `User: ${said}`) : null),
    h('td', {}, agentNames.get(chat.agent_id) || shortId(chat.agent_id)),
    h('td', {}, chat.channel),
    h('td', {}, chat.status === 'final' ? `ended (${chat.final_reason || ''})` : chat.status),
    h('td', {}, h('span', { class: `badge mode-${chat.mode}` }, chat.mode)),
    h('td', {}, time(chat.updated_at)));
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { if (active) refresh(); }, 300);
}

function startLive() {
  const status = $('#chats-live');
  const poll = (ms) => {
    clearInterval(pollTimer);
    pollTimer = setInterval(() => { if (active) refresh(); }, ms);
  };
  poll(POLL_MS);
  status.textContent = 'Refreshing every few seconds.';
  stopFeed = follow('/api/v1/events', {
    onOpen: () => { status.textContent = 'Live.'; poll(POLL_WITH_FEED_MS); },
    onEvent: () => refreshSoon(),
    onGone: () => { stopFeed = null; }, // no tenant feed on this server: polling stays
  });
}

$('#chat-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  refresh();
});
$('#chat-filters').addEventListener('change', (event) => {
  if (event.target.tagName === 'SELECT') refresh();
});
