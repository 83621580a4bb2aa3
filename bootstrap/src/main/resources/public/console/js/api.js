// The console's only door to the server: same-origin fetches with the API key in the X-API-Key header. The key lives
// in this tab's sessionStorage (gone when the tab closes) and never in an address (docs/decisions/0017).
const KEY = 'parley.console.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** A non-2xx answer: status and the problem+json body (RFC 9457) when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** Field messages by JSON Pointer: the problem's errors list, or its single field. */
  fieldErrors() {
    const p = this.problem;
    if (Array.isArray(p.errors) && p.errors.length) return p.errors.filter((e) => e && e.field != null);
    return p.field != null ? [{ field: p.field, message: p.detail }] : [];
  }
}

/** Called when the server refuses the key (401), so the app can sign out. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

function headers(extra) {
  return { 'X-API-Key': session.key() || '', Accept: 'application/json', ...extra };
}

export async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }), cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Follows a server-sent event stream with fetch, because EventSource cannot send the X-API-Key header and the key
 * must not go into the URL. Reconnects after the server's retry delay with Last-Event-ID, until stopped, until an
 * `ended` event, or until the server answers 4xx (404: the route or the chat is not there; the caller decides).
 * Returns a function that stops it.
 */
export function follow(path, { onEvent, onOpen, onGone }) {
  const controller = new AbortController();
  let lastEventId = null;
  let retryMs = 3000;
  let finished = false;

  const dispatch = (block) => {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') lastEventId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
    }
    if (!data.length) return;
    let parsed;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      parsed = data.join('\n');
    }
    if (event === 'ended') finished = true;
    onEvent(event, parsed);
  };

  const run = async () => {
    while (!controller.signal.aborted && !finished) {
      try {
        const extra = { Accept: 'text/event-stream' };
        if (lastEventId) extra['Last-Event-ID'] = lastEventId;
        const response = await fetch(path, { headers: headers(extra), cache: 'no-store', signal: controller.signal });
        if (response.status === 401) onUnauthorized();
        if (response.status >= 400 && response.status < 500 && response.status !== 429) {
          if (onGone) onGone(response.status);
          return;
        }
        if (response.ok && response.body) {
          if (onOpen) onOpen();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value.replace(/\r\n?/g, '\n');
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              dispatch(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      if (!finished && !controller.signal.aborted) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  run();
  return () => controller.abort();
}
