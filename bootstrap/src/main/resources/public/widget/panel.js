// The widget's DOM, built in an open shadow root of a <parley-widget> element at the end of <body>: the launcher (not
// in page mode) and the panel with its controls. Controls keep the /chat/ page's ids and accessible names ("Message",
// "Send", "End chat"), which tests and people find them by. Listeners are added by widget.js.
function buildPanel(cfg, page) {
  const host = document.createElement('parley-widget');
  // Host page rules must not hide or restyle the element; CSSOM, not a style attribute, so fine under any CSP.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', page ? 'block' : 'inline', 'important');
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style'); // older browsers; a strict host CSP may refuse it
    style.textContent = STYLES;
    root.append(style);
  }
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== false && v != null) e.setAttribute(k, v === true ? '' : v);
    e.append(...children);
    return e;
  };
  const u = {};
  u.status = el('p', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }, 'Not connected');
  u.title = el(page ? 'h1' : 'h2', { id: 'title', class: 'title' }, cfg.title);
  u.close = page ? null : el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
  u.header = el('header', {}, u.title, u.status, ...(u.close ? [u.close] : []));
  u.token = el('input', { id: 'token', name: 'token', type: 'password', placeholder: 'wt_...', spellcheck: 'false', required: true, autocomplete: 'off' });
  u.connect = el('button', { id: 'connect', type: 'submit' }, 'Start chat');
  u.connectForm = el('form', { id: 'connect-form', class: 'connect', autocomplete: 'off', hidden: !page },
    el('label', { for: 'token' }, 'Web integration token'), u.token, u.connect);
  u.messages = el('ol', { id: 'messages', class: 'messages', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  u.typing = el('p', { class: 'typing', 'aria-live': 'polite' });
  u.input = el('input', { id: 'input', name: 'message', type: 'text', placeholder: 'Type a message', maxlength: '32768', disabled: true, autocomplete: 'off' });
  u.send = el('button', { id: 'send', type: 'submit', class: 'primary', disabled: true }, 'Send');
  u.terminate = el('button', { id: 'terminate', type: 'button', disabled: true }, 'End chat');
  u.restart = el('button', { id: 'restart', type: 'button', hidden: true }, 'New conversation');
  u.sendForm = el('form', { id: 'send-form', class: 'send', autocomplete: 'off' },
    el('label', { for: 'input', class: 'visually-hidden' }, 'Message'), u.input, u.send, u.terminate, u.restart);
  u.panel = el(page ? 'main' : 'section', page ? { class: 'panel' } : { id: 'panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'title', hidden: true },
    u.header, u.connectForm, u.messages, u.typing, u.sendForm);
  u.root = el('div', { class: `root ${cfg.theme} ${page ? 'page' : 'launcher-mode'}${cfg.left ? ' left' : ''}` });
  if (!page) {
    u.launcher = el('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'panel', 'aria-label': `Open chat: ${cfg.title}` });
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M4 4h16v12H8l-4 4z');
    svg.append(path);
    u.launcher.append(svg);
    u.root.append(u.launcher);
  }
  u.root.append(u.panel);
  root.append(u.root);
  document.body.append(host);
  return u;
}

// On a phone the open panel covers the page, so Tab cycles through the panel instead of reaching hidden controls.
function keepFocusInside(e, panel) {
  const items = [...panel.querySelectorAll('button, input, a[href]')].filter((x) => !x.disabled && x.getClientRects().length);
  if (!items.length) return;
  const active = panel.getRootNode().activeElement;
  const target = e.shiftKey ? (active === items[0] ? items[items.length - 1] : null) : (active === items[items.length - 1] ? items[0] : null);
  if (target) {
    e.preventDefault();
    target.focus();
  }
}
