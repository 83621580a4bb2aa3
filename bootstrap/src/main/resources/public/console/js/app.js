// The console's shell: sign in and out, and one view per hash route (#/chats, #/agents, #/deliveries, #/usage).
// The hash names only the view (and an open item), never the key.
import { ApiError, get, session, whenUnauthorized } from './api.js';
import { $, announce } from './dom.js';
import * as chats from './chats.js';
import * as agents from './agents.js';
import * as deliveries from './deliveries.js';
import * as usage from './usage.js';

const views = { chats, agents, deliveries, usage };
let current = null;

function showOnly(id) {
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== id;
}

function signedIn(yes) {
  $('#nav').hidden = !yes;
  $('#sign-out').hidden = !yes;
}

async function route() {
  if (current && current.leave) current.leave();
  current = null;
  if (!session.key()) {
    signedIn(false);
    showOnly('view-sign-in');
    return;
  }
  signedIn(true);
  const [, name = 'chats', ...rest] = (location.hash || '#/chats').split('/');
  const view = views[name] || chats;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  showOnly(`view-${views[name] ? name : 'chats'}`);
  current = view;
  await view.enter(rest.join('/'));
}

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('#api-key');
  const error = $('#sign-in-error');
  error.textContent = '';
  session.signIn(input.value.trim());
  try {
    await get('/api/v1/chats?take=1&state=all&include_messages=false');
    input.value = '';
    announce('Signed in');
    if (!location.hash || location.hash === '#/') location.hash = '#/chats';
    else await route();
    $('#main').focus();
  } catch (e) {
    session.signOut();
    error.textContent = e instanceof ApiError && e.status === 401 ? 'That API key was not accepted.' : `Could not sign in: ${e.message}`;
    input.focus();
  }
});

$('#sign-out').addEventListener('click', () => {
  session.signOut();
  announce('Signed out');
  route();
  $('#api-key').focus();
});

whenUnauthorized(() => {
  if (!session.key()) return;
  session.signOut();
  route();
  $('#sign-in-error').textContent = 'The server no longer accepts that API key; sign in again.';
});

window.addEventListener('hashchange', route);
route();
