// The open conversation: its transcript live from GET /api/v1/chats/{id}/events (fetch streaming, see api.js),
// its usage and cost, its activity, pending tool approvals when the server reports them, and the operator's actions.
import { ApiError, follow, get, post } from './api.js';
import { $, announce, fillMeta, h, shortId, time } from './dom.js';
import { renderApprovals } from './approvals.js';

const NAME_KEY = 'parley.console.operatorName';
let chat = null;
let stopFeed = null;
let onChange = () => {};
let agentNames = new Map();
let reloadTimer = null;
const rendered = new Map(); // seq -> <li>, so a message the feed repeats replaces itself

export async function open(id, options) {
  close();
  onChange = options.onChange || (() => {});
  agentNames = options.agentNames || new Map();
  $('#chat-detail').hidden = false;
  $('#chat-error').textContent = '';
  try {
    chat = await get(`/api/v1/chats/${encodeURIComponent(id)}`);
  } catch (e) {
    $('#chat-error').textContent = `Could not open the chat: ${e.message}`;
    return;
  }
  (chat.messages || []).forEach((m, seq) => show(seq, m));
  render();
  loadActivity();
  $('#chat-title').focus();
  const chatId = chat.id;
  stopFeed = follow(`/api/v1/chats/${chatId}/events`, {
    onEvent: (event, data) => {
      if (!chat || chat.id !== chatId) return;
      if (event === 'message') show(data.seq, data.message);
      if (event === 'mode') {
        chat.mode = data.mode;
        render();
        announce(data.mode === 'human' ? 'An operator holds the chat' : 'The agent holds the chat');
      }
      if (event === 'ended') announce('The conversation ended');
      reloadSoon();
    },
  });
}

export function close() {
  if (stopFeed) stopFeed();
  stopFeed = null;
  clearTimeout(reloadTimer);
  chat = null;
  rendered.clear();
  $('#transcript').replaceChildren();
  $('#chat-detail').hidden = true;
}

/** Re-reads the chat (usage, cost, status, approvals) shortly after the feed said something changed. */
function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(async () => {
    if (!chat) return;
    try {
      const fresh = await get(`/api/v1/chats/${chat.id}`);
      if (!chat || fresh.id !== chat.id) return;
      chat = fresh;
      render();
      loadActivity();
      onChange();
    } catch { /* the next event or action tries again */ }
  }, 250);
}

const ROLE_NAMES = { user: 'User', assistant: 'Assistant', operator: 'Operator', system: 'System' };

function show(seq, message) {
  const who = message.role === 'operator' && message.operator ? `Operator ${message.operator.name}` : ROLE_NAMES[message.role] || message.role;
  const li = h('li', { class: `msg ${message.role}`, 'data-seq': seq },
    h('p', { class: 'who' }, who, h('span', { class: 'muted' }, ` · ${time(message.time)}`)),
    message.content ? h('p', { class: 'text' }, message.content) : null,
    message.interrupted ? h('p', { class: 'muted' }, '(interrupted)') : null,
    ...(message.tool_calls || []).map(toolCall),
    message.usage ? h('p', { class: 'muted small' },
      `${message.model ? `${message.model}: ` : ''}${message.usage.input_tokens} in / ${message.usage.output_tokens} out tokens`) : null);
  const old = rendered.get(seq);
  if (old) old.replaceWith(li);
  else {
    const list = $('#transcript');
    const after = [...rendered.keys()].filter((s) => s > seq).sort((a, b) => a - b)[0];
    if (after === undefined) list.append(li);
    else rendered.get(after).before(li);
  }
  rendered.set(seq, li);
}

function toolCall(call) {
  const json = (v) => (v === undefined || v === null ? '' : JSON.stringify(v, null, 2));
  return h('details', { class: 'tool' },
    h('summary', {}, `Tool call: ${call.name}`),
    h('p', { class: 'small' }, 'Arguments'), h('pre', {}, json(call.arguments)),
    h('p', { class: 'small' }, 'Response'), h('pre', {}, json(call.response)));
}

function render() {
  if (!chat) return;
  const final = chat.is_final || chat.status === 'final';
  $('#chat-title').textContent = `Chat ${shortId(chat.id)}`;
  const usage = chat.usage ? `${chat.usage.input_tokens} in / ${chat.usage.output_tokens} out tokens` : 'none yet';
  fillMeta($('#chat-meta'), [
    ['Status', final ? `ended (${chat.final_reason || 'unknown'})` : chat.status],
    ['Mode', chat.mode === 'human' ? 'human (an operator answers)' : 'agent'],
    ['Agent', agentNames.get(chat.agent_id) || chat.agent_id],
    ['Channel', chat.channel],
    ['User', chat.user_id],
    ['Started', time(chat.created_at)],
    ['Usage', usage],
    ['Cost', chat.cost === null || chat.cost === undefined ? 'not priced' : String(chat.cost)],
  ]);
  const human = chat.mode === 'human';
  $('#take-over').disabled = final || human;
  $('#hand-back').disabled = final || !human;
  $('#end-chat').disabled = final;
  $('#operator-send').disabled = final || !human;
  $('#operator-text').disabled = final || !human;
  $('#operator-hint').textContent = final ? 'The conversation has ended.' : human ? '' : 'Take over the chat to reply as an operator.';
  renderApprovals(chat, { onDecided: reloadSoon });
}

async function loadActivity() {
  if (!chat) return;
  try {
    const activity = await get(`/api/v1/chats/${chat.id}/activity`);
    $('#activity-list').replaceChildren(...activity.items.map((e) => h('li', {},
      h('span', { class: 'muted' }, `${time(e.at)} `), h('strong', {}, e.kind), ' ',
      h('code', {}, JSON.stringify(e.detail)))));
  } catch { /* activity is a detail: the transcript still works */ }
}

async function act(button, action, done) {
  $('#chat-error').textContent = '';
  button.disabled = true;
  try {
    const answer = await action();
    if (answer && answer.id === chat.id && answer.mode) chat = { ...chat, ...answer, usage: chat.usage, cost: chat.cost };
    announce(done);
    render();
    reloadSoon();
  } catch (e) {
    $('#chat-error').textContent = e instanceof ApiError ? e.message : `Failed: ${e.message}`;
    render();
  }
}

$('#take-over').addEventListener('click', (e) => act(e.currentTarget,
  () => post(`/api/v1/chats/${chat.id}/handoff`, { reason: 'Taken over in the console' }), 'You hold the chat now'));
$('#hand-back').addEventListener('click', (e) => act(e.currentTarget,
  () => post(`/api/v1/chats/${chat.id}/handback`), 'The agent holds the chat again'));
$('#end-chat').addEventListener('click', (e) => act(e.currentTarget,
  () => post(`/api/v1/chats/${chat.id}/end`, { note: 'Ended in the console' }), 'The conversation ended'));

$('#operator-name').value = sessionStorage.getItem(NAME_KEY) || '';
$('#operator-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = $('#operator-name').value.trim();
  const text = $('#operator-text').value.trim();
  if (!name) { $('#operator-name').focus(); return; }
  if (!text) { $('#operator-text').focus(); return; }
  sessionStorage.setItem(NAME_KEY, name);
  act($('#operator-send'), async () => {
    await post(`/api/v1/chats/${chat.id}/operator-messages`, { content: text, operator: { name } });
    $('#operator-text').value = '';
    $('#operator-text').focus();
  }, 'Reply sent');
});
