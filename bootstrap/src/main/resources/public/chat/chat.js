// Parley's chat page: speaks the webCall protocol (seed 05) to the server that serves it.
// The token comes from ?token= (then removed from the address bar) or from the form. Everything shown is set as
// text, never as HTML. A socket lost without the conversation ending is resumed (recordId, resumeToken, lastSeq).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), connectForm: $('connect-form'), token: $('token'), connect: $('connect'),
    messages: $('messages'), sendForm: $('send-form'), input: $('input'), send: $('send'), terminate: $('terminate'),
  };

  let ws = null;
  let token = '';
  let chat = null;        // {recordId, resumeToken} once the server sent its connection event
  let lastSeq = 0;
  let ended = false;
  let retries = 0;

  const params = new URLSearchParams(location.search);
  if (params.get('token')) {
    ui.token.value = params.get('token');
    history.replaceState(null, '', location.pathname); // keep the token out of history and bookmarks
    start();
  }

  ui.connectForm.addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });

  ui.sendForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.input.value.trim();
    if (!text || !isOpen()) return;
    send({ type: 'incomingChatMessage', content: text, timestamp: new Date().toISOString() });
    ui.input.value = '';
  });

  ui.terminate.addEventListener('click', () => {
    if (isOpen()) send({ type: 'terminate', timestamp: new Date().toISOString() });
  });

  function start() {
    token = ui.token.value.trim();
    if (!token) return;
    chat = null;
    lastSeq = 0;
    ended = false;
    retries = 0;
    ui.messages.replaceChildren();
    open();
  }

  function open() {
    if (ws) {
      ws.onclose = null;
      ws.close();
    }
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = new WebSocket(`${scheme}://${location.host}/api/v1/ws/webCall?token=${encodeURIComponent(token)}`);
    setStatus(chat ? 'Reconnecting…' : 'Connecting…');
    ui.connect.disabled = true;
    ws.onopen = () => {
      const request = { callType: 'chat' };
      if (chat) Object.assign(request, { recordId: chat.recordId, resumeToken: chat.resumeToken, lastSeq });
      send({ type: 'initialize', timestamp: new Date().toISOString(), request });
    };
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (typeof message.seq === 'number' && message.seq > lastSeq) lastSeq = message.seq;
      handle(message);
    };
    ws.onclose = (event) => {
      setEnabled(false);
      ui.connect.disabled = false;
      if (ended || !chat || event.code === 1008 || event.code === 4001) {
        if (!ended) setStatus(event.code === 4001 ? 'This chat was opened elsewhere' : `Disconnected (${event.reason || event.code})`);
        return;
      }
      if (retries >= 5) {
        setStatus('Disconnected');
        return;
      }
      const delay = Math.min(8000, 500 * 2 ** retries++);
      setStatus(`Connection lost; retrying in ${Math.round(delay / 1000)} s`);
      setTimeout(open, delay);
    };
  }

  function handle(m) {
    switch (m.type) {
      case 'event':
        return handleEvent(m);
      case 'text': {
        const c = m.content || {};
        return add(c.source === 'user' ? 'user' : 'assistant', c.text ?? '');
      }
      case 'toolCall':
        return add('tool', `→ ${m.data.name}(${compact(m.data.arguments)})`);
      case 'toolCallResult':
        return add('tool', `← ${m.data.name}: ${compact(m.data.result)}`);
      case 'websocketToolRequest':
        // This page runs no client tools: answer at once so the turn goes on.
        add('tool', `→ ${m.data.name}(${compact(m.data.arguments)}) — not available on this page`);
        return send({ type: 'websocketToolResponse', data: { toolCallId: m.data.toolCallId, error: 'this page runs no client tools' } });
      case 'conversationResult': {
        const r = m.result || {};
        ended = true;
        setEnabled(false);
        setStatus(`Conversation ended (${r.status}${r.finalReason ? ', ' + r.finalReason : ''})`);
        return add('system', `Conversation ended — ${r.status}, ${r.duration} s`);
      }
      case 'error': {
        const d = m.data || {};
        if (d.code === 'invalid_resume_token' || d.code === 'conversation_ended') chat = null;
        return add('error', `${d.message || 'error'}${d.code ? ' (' + d.code + ')' : ''}`);
      }
      default:
        return undefined;
    }
  }

  function handleEvent(m) {
    const d = m.data || {};
    switch (m.name) {
      case 'connection':
        chat = { recordId: d.recordId, resumeToken: d.resumeToken };
        retries = 0;
        setStatus(`Connected · chat ${d.recordId}`);
        return undefined;
      case 'opened':
        setEnabled(true);
        ui.input.focus();
        return undefined;
      case 'closed':
        ended = true;
        setEnabled(false);
        return undefined;
      default:
        return undefined;
    }
  }

  function add(kind, text) {
    const item = document.createElement('li');
    item.className = `msg ${kind}`;
    item.textContent = text;
    ui.messages.append(item);
    item.scrollIntoView({ block: 'end' });
  }

  function compact(value) {
    const text = value === undefined ? '' : JSON.stringify(value);
    return text.length > 300 ? text.slice(0, 300) + '…' : text;
  }

  function send(message) {
    ws.send(JSON.stringify(message));
  }

  function isOpen() {
    return ws && ws.readyState === WebSocket.OPEN;
  }

  function setEnabled(on) {
    ui.input.disabled = !on;
    ui.send.disabled = !on;
    ui.terminate.disabled = !on;
  }

  function setStatus(text) {
    ui.status.textContent = text;
  }
})();
