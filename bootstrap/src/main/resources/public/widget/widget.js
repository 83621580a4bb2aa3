// Parley's chat widget: <script src="https://HOST/widget.js" data-token="wt_…"></script> adds a launcher and a chat
// panel to any page, in a shadow root; data-mode="page" makes it the whole page (/chat/). It speaks the webCall
// protocol (docs/websocket.md) to the origin it was loaded from, and keeps the chat's resume token in
// sessionStorage per web token, so a reload resumes the conversation. Documented in docs/widget.md.
const script = document.currentScript;
if (script && !window.__parleyWidget) {
  window.__parleyWidget = true;
  const ready = () => mount(script);
  if (document.body) ready();
  else document.addEventListener('DOMContentLoaded', ready, { once: true });
}

function mount(script) {
  const server = new URL(script.src, location.href);
  const data = script.dataset;
  const page = data.mode === 'page';
  const cfg = {
    title: data.title || (page ? 'Parley chat' : 'Chat'),
    theme: ['light', 'dark'].includes(data.theme) ? data.theme : 'auto',
    left: data.position === 'left',
  };
  let store = null;
  try {
    store = window.sessionStorage;
  } catch {
    // storage blocked (a sandboxed frame, privacy settings): the chat works, it does not survive a reload
  }
  let token = (data.token || '').trim();
  if (page && !token) token = takeTokenFromAddress() || read('parley-widget:page-token') || '';

  const phone = window.matchMedia('(max-width: 480px)'); // where the open panel covers the page (styles.js)
  const ui = wire(buildPanel(cfg, page));
  let ws = null;
  let chat = null;  // {recordId, resumeToken} from the server's connection event
  let lastSeq = 0;
  let pending = null; // the assistant bubble textDelta frames write into, until the reply's text frame replaces it
  let ended = false;
  let retries = 0;

  if (page) {
    ui.token.value = token;
    if (token) start();
  } else if (read(key())?.open) {
    setOpen(true, false); // the panel was open before the reload: open it again (and resume), focus left alone
  }

  function wire(u) {
    if (!page) {
      u.launcher.addEventListener('click', () => setOpen(u.panel.hidden, true));
      u.close.addEventListener('click', () => setOpen(false, true));
      u.panel.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          setOpen(false, true);
        } else if (e.key === 'Tab' && phone.matches) {
          keepFocusInside(e, u.panel);
        }
      });
    }
    u.connectForm.addEventListener('submit', (e) => {
      e.preventDefault();
      token = u.token.value.trim();
      if (token) start();
    });
    u.sendForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = u.input.value.trim();
      if (!text || !isOpen()) return;
      send({ type: 'incomingChatMessage', content: text, timestamp: new Date().toISOString() });
      u.input.value = '';
      typing('The assistant is typing…');
    });
    u.terminate.addEventListener('click', () => {
      if (isOpen()) send({ type: 'terminate', timestamp: new Date().toISOString() });
    });
    u.restart.addEventListener('click', () => {
      forget();
      start();
      u.input.focus();
    });
    return u;
  }

  function setOpen(open, moveFocus) {
    ui.panel.hidden = !open;
    ui.root.classList.toggle('open', open);
    ui.launcher.setAttribute('aria-expanded', String(open));
    ui.launcher.setAttribute('aria-label', `${open ? 'Close' : 'Open'} chat: ${cfg.title}`);
    ui.panel.setAttribute('aria-modal', String(phone.matches)); // full screen on a phone: the page behind is out of reach
    if (token) write({ ...(read(key()) || {}), open });
    if (open && !ws) start();
    if (moveFocus) (open ? (ui.input.disabled ? ui.close : ui.input) : ui.launcher).focus();
  }

  function start() {
    if (!token) {
      setStatus('No token: set data-token on the script tag');
      return;
    }
    if (page) write(token, 'parley-widget:page-token');
    const saved = read(key());
    chat = saved?.recordId && saved?.resumeToken ? { recordId: saved.recordId, resumeToken: saved.resumeToken } : null;
    lastSeq = 0; // a fresh page resumes from the first frame, so the whole conversation is shown again
    ended = false;
    retries = 0;
    ui.messages.replaceChildren();
    pending = null;
    ui.restart.hidden = true;
    ui.terminate.hidden = false;
    open();
  }

  function open() {
    if (ws) {
      ws.onclose = null;
      ws.close();
    }
    const scheme = server.protocol === 'https:' ? 'wss' : 'ws';
    ws = new WebSocket(`${scheme}://${server.host}/api/v1/ws/webCall?token=${encodeURIComponent(token)}`);
    setStatus(chat ? 'Reconnecting…' : 'Connecting…');
    ui.connect.disabled = true;
    ws.onopen = () => {
      const request = { callType: 'chat', streaming: true }; // textDelta frames while the model writes
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
      dropPending(); // a resume replays the reply's final text, never its deltas
      setEnabled(false);
      typing('');
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
        if (c.source === 'user') {
          dropPending(); // a new message: a reply still pending was cut off (a cancelled turn) and is not coming
          return add('user', c.text ?? '');
        }
        typing('');
        return addAssistant(c.text ?? '', c.name);
      }
      case 'textDelta':
        return streamed(m.content?.delta ?? '');
      case 'toolCall':
        dropPending(); // the model went on to call tools: what it wrote so far is not the reply
        return add('tool', `→ ${m.data.name}(${compact(m.data.arguments)})`);
      case 'toolCallResult':
        return add('tool', `← ${m.data.name}: ${compact(m.data.result)}`);
      case 'websocketToolRequest':
        // The widget runs no client tools: answer at once so the turn goes on.
        add('tool', `→ ${m.data.name}(${compact(m.data.arguments)}) — not available here`);
        return send({ type: 'websocketToolResponse', data: { toolCallId: m.data.toolCallId, error: 'this page runs no client tools' } });
      case 'conversationResult': {
        const r = m.result || {};
        finish();
        setStatus(`Conversation ended (${r.status}${r.finalReason ? ', ' + r.finalReason : ''})`);
        return add('system', `Conversation ended — ${r.status}, ${r.duration} s`);
      }
      case 'error': {
        const d = m.data || {};
        typing('');
        dropPending();
        if (d.code === 'invalid_resume_token' || d.code === 'conversation_ended') {
          // The saved chat cannot go on (it ended meanwhile): open a new one on this socket.
          forget();
          return send({ type: 'initialize', timestamp: new Date().toISOString(), request: { callType: 'chat', streaming: true } });
        }
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
        write({ ...(read(key()) || {}), recordId: d.recordId, resumeToken: d.resumeToken });
        retries = 0;
        setStatus('Connected');
        return undefined;
      case 'opened':
        setEnabled(true);
        if (page || ui.panel.contains(ui.panel.getRootNode().activeElement)) ui.input.focus();
        return undefined;
      case 'cancelled':
        dropPending(); // what the stopped turn kept, if anything, arrives as its text frame
        return undefined;
      case 'modeChanged':
        typing('');
        return add('system', d.mode === 'human' ? 'A person joined the conversation' : 'The assistant is back');
      case 'closed':
        finish();
        return undefined;
      default:
        return undefined;
    }
  }

  function finish() {
    ended = true;
    forget();
    setEnabled(false);
    typing('');
    ui.terminate.hidden = true;
    ui.restart.hidden = false;
  }

  function add(kind, text) {
    const item = document.createElement('li');
    item.className = `msg ${kind}`;
    item.textContent = text;
    return show(item);
  }

  // A piece of the reply being written: plain text (never Markdown, which may be half a construct) in the pending bubble.
  function streamed(delta) {
    if (!pending) {
      typing('');
      pending = document.createElement('li');
      pending.className = 'msg assistant streaming';
      pending.setAttribute('aria-busy', 'true');
      show(pending);
    }
    pending.textContent += delta;
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function dropPending() {
    if (pending) pending.remove();
    pending = null;
  }

  function addAssistant(text, name) {
    const item = document.createElement('li');
    item.className = name ? 'msg assistant operator' : 'msg assistant';
    if (name) {
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = name;
      item.append(who);
    }
    item.append(markdown(text));
    if (pending && !name) { // the final text replaces what was streamed, in its place
      pending.replaceWith(item);
      pending = null;
      ui.messages.scrollTop = ui.messages.scrollHeight;
      return undefined;
    }
    return show(item);
  }

  function show(item) {
    ui.messages.append(item);
    ui.messages.scrollTop = ui.messages.scrollHeight;
    if (page) item.scrollIntoView({ block: 'end' });
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

  function typing(text) {
    ui.typing.textContent = text;
  }

  function takeTokenFromAddress() {
    const params = new URLSearchParams(location.search);
    const t = params.get('token');
    if (t) history.replaceState(null, '', location.pathname); // keep the token out of history and bookmarks
    return t;
  }

  // sessionStorage per web token: one tab's chat survives its reloads; another tab starts its own.
  function key() {
    return `parley-widget:${server.origin}:${token}`;
  }

  function read(k) {
    try {
      const v = store.getItem(k);
      return k.startsWith('parley-widget:page-token') ? v : v && JSON.parse(v);
    } catch {
      return null; // storage blocked (privacy settings) or damaged: start afresh
    }
  }

  function write(value, k = key()) {
    try {
      store.setItem(k, typeof value === 'string' ? value : JSON.stringify(value));
    } catch {
      // storage blocked: the chat still works, it just does not survive a reload
    }
  }

  function forget() {
    chat = null;
    const saved = read(key());
    write({ open: saved?.open ?? false });
  }
}
