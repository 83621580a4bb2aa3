// Agents: list, create (POST) and edit (PUT). The form holds the fields people change most; prompt-like fields are
// text, model/tools/script are JSON. The API's problem+json names bad input by JSON Pointer (/model/provider): the
// message goes next to the form field of the pointer's first segment, or above the form when none matches.
import { ApiError, get, post, put } from './api.js';
import { $, announce, h } from './dom.js';

let editing = null; // the agent as read, so fields the form does not show are sent back unchanged

export async function enter(id) {
  await list();
  if (id === 'new') edit(null);
  else if (id) {
    try {
      edit(await get(`/api/v1/agents/${encodeURIComponent(id)}`));
    } catch (e) {
      $('#agent-form').hidden = true;
    }
  } else $('#agent-form').hidden = true;
}

async function list() {
  let page;
  try {
    page = await get('/api/v1/agents?take=200');
  } catch (e) {
    const why = e.status === 403 ? 'This API key may not manage agents (an admin key can).' : `Could not load agents: ${e.message}`;
    $('#agent-list').replaceChildren(h('li', { class: 'error' }, why));
    return;
  }
  $('#agent-list').replaceChildren(...page.items.map((a) => h('li', {},
    h('a', { href: `#/agents/${a.id}` }, a.name),
    h('span', { class: 'muted small' }, ` ${a.model && a.model.provider ? a.model.provider : ''}${a.model && a.model.model ? `/${a.model.model}` : ''}`))));
}

const fields = () => [...document.querySelectorAll('#agent-form [data-field]')];

function edit(agent) {
  editing = agent;
  const form = $('#agent-form');
  form.hidden = false;
  $('#agent-form-title').textContent = agent ? `Edit ${agent.name}` : 'New agent';
  clearErrors();
  for (const input of fields()) {
    const name = input.dataset.field;
    let value = agent ? agent[name] : undefined;
    if (name === 'completion_webhook') value = value ? value.url : '';
    if (input.dataset.json) {
      const empty = input.dataset.json === 'array' ? [] : name === 'model' ? { provider: 'scripted' } : null;
      const v = value === undefined || value === null ? empty : value;
      input.value = v === null ? '' : JSON.stringify(v, null, 2);
    } else input.value = value ?? '';
  }
  $('#agent-form-title').focus();
}

function clearErrors() {
  $('#agent-form-error').textContent = '';
  for (const input of fields()) {
    input.removeAttribute('aria-invalid');
    $(`#${input.id}-error`).textContent = '';
  }
}

function fieldError(name, message) {
  const input = fields().find((i) => i.dataset.field === name);
  if (!input) return false;
  input.setAttribute('aria-invalid', 'true');
  const slot = $(`#${input.id}-error`);
  slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
  return true;
}

/** The body to send: the agent as read (for PUT) with the form's fields over it; JSON fields parsed here. */
function body() {
  const out = editing ? { ...editing } : {};
  let ok = true;
  for (const input of fields()) {
    const name = input.dataset.field;
    const text = input.value.trim();
    if (name === 'completion_webhook') {
      if (text) out.completion_webhook = { url: text }; // a secret is set through the API, not here
      else delete out.completion_webhook;
    } else if (input.dataset.json) {
      if (!text) { delete out[name]; continue; }
      try {
        out[name] = JSON.parse(text);
      } catch (e) {
        ok = false;
        fieldError(name, `Not valid JSON: ${e.message}`);
      }
    } else if (text) out[name] = input.value;
    else delete out[name];
  }
  return ok ? out : null;
}

$('#new-agent').addEventListener('click', () => {
  history.replaceState(null, '', '#/agents/new');
  edit(null);
});

$('#agent-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const agent = body();
  if (!agent) return;
  if (!agent.name) { fieldError('name', 'A name is required.'); $('#agent-name').focus(); return; }
  try {
    const saved = editing ? await put(`/api/v1/agents/${editing.id}`, agent) : await post('/api/v1/agents', agent);
    announce(`Agent ${saved.name} saved`);
    history.replaceState(null, '', `#/agents/${saved.id}`);
    await list();
    edit(saved);
    $('#agent-form-error').textContent = '';
    $('#agent-form-title').textContent = `Edit ${saved.name} (saved)`;
  } catch (e) {
    if (!(e instanceof ApiError)) { $('#agent-form-error').textContent = e.message; return; }
    let placed = false;
    for (const { field, message } of e.fieldErrors()) {
      const first = decodeURIComponent(String(field).split('/')[1] || '').replace(/~1/g, '/').replace(/~0/g, '~');
      placed = fieldError(first, `${field}: ${message}`) || placed;
    }
    $('#agent-form-error').textContent = placed ? 'The agent was not saved: see the marked fields.' : `The agent was not saved: ${e.message}`;
    const invalid = $('#agent-form [aria-invalid="true"]');
    (invalid || $('#agent-form-error')).focus?.();
  }
});
