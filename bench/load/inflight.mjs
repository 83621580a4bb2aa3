#!/usr/bin/env node
// Turns in flight (issue 25): N conversations, each with one turn waiting on the model stub at the same time.
//   --mode sse --url http://127.0.0.1:18100 --key K --agent ID --n 10000   POST /api/v1/chats (N, 32 at a time), then
//        N × POST /api/v1/chats/{id}/messages with Accept: text/event-stream, all at once
//   --mode ws  --url http://127.0.0.1:18100 --token T --n 10000            N webCall sockets initialised (a chat each),
//        then one incomingChatMessage on every socket, all at once
// Between the two phases it writes {"phase": "open", "up": n} to --ready-file and waits for SIGUSR2 (the harness
// reads the server's idle heap meanwhile); then {"phase": "sent"} once every turn is sent. --timeout (s, default
// 120) bounds the wait for the answers. One JSON object on stdout: answered, errors by status or code, latency.
// --local-address picks the source address (several clients can each hold ~28,000 connections on loopback).
import http from 'node:http';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const mode = args.mode ?? 'sse';
const base = new URL(args.url ?? 'http://127.0.0.1:18100');
const n = Number(args.n ?? 10000);
const timeoutMs = Number(args.timeout ?? 120) * 1000;
const openConcurrency = Number(args['open-concurrency'] ?? 32);
const localAddress = args['local-address'];
const readyFile = args['ready-file'];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, ...(localAddress ? { localAddress } : {}) });
const now = () => new Date().toISOString();

const errors = {}; let firstError = null;
const note = (kind, detail) => { errors[kind] = (errors[kind] ?? 0) + 1; firstError ??= `${kind}: ${detail}`.slice(0, 300); };
const latencies = [], firstTokens = [];
const pct = (xs, p) => { if (!xs.length) return null; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const ready = obj => { if (readyFile) fs.writeFileSync(readyFile, JSON.stringify(obj)); };
const go = () => new Promise(resolve => { // idle keep-alive sockets do not keep Node up: a timer does
  if (!readyFile) return resolve();
  const keep = setInterval(() => {}, 1000);
  process.once('SIGUSR2', () => { clearInterval(keep); resolve(); });
});

function request(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body == null ? null : Buffer.from(JSON.stringify(body));
    const req = http.request({ host: base.hostname, port: base.port, path, method, agent,
      headers: { 'x-api-key': args.key ?? '', 'content-type': 'application/json', ...(data ? { 'content-length': data.length } : {}), ...headers } },
    res => resolve(res));
    req.on('error', reject);
    req.end(data);
  });
}
const readAll = res => new Promise(r => { let s = ''; res.setEncoding('utf8'); res.on('data', c => { s += c; }); res.on('end', () => r(s)); res.on('error', () => r(s)); });

async function pool(count, concurrency, fn) {
  const out = []; let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) { const i = next++; try { out[i] = await fn(i); } catch (e) { note('open', e.message); } }
  }));
  return out.filter(Boolean);
}

// ---- SSE over REST ------------------------------------------------------------------------------------------------
async function openRestChats() {
  return pool(n, openConcurrency, async () => {
    const res = await request('POST', '/api/v1/chats', { agent_id: args.agent });
    const body = await readAll(res);
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`open ${res.statusCode} ${body.slice(0, 200)}`);
    return JSON.parse(body).id;
  });
}

async function sseTurn(chat) {
  const t0 = performance.now();
  let res;
  try {
    res = await request('POST', `/api/v1/chats/${chat}/messages`, { content: 'How long will you think?' }, { accept: 'text/event-stream' });
  } catch (e) { note('connect', e.message); return; }
  if (res.statusCode !== 200) { const b = await readAll(res); let code = ''; try { code = JSON.parse(b).code; } catch {} note(`http_${res.statusCode}${code ? '_' + code : ''}`, b); return; }
  await new Promise(resolve => {
    let buf = '', event = null, done = false, first = false;
    res.setEncoding('utf8');
    res.on('data', chunk => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, ''); buf = buf.slice(i + 1);
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) {
          if (event === 'delta' && !first) { first = true; firstTokens.push(performance.now() - t0); }
          if (event === 'turn' && !done) { done = true; latencies.push(performance.now() - t0); }
          if (event === 'error' && !done) { done = true; let code = 'error'; try { code = JSON.parse(line.slice(5)).code; } catch {} note(`sse_${code}`, line); }
        } else if (line === '') event = null;
      }
    });
    const end = () => { if (!done) { done = true; note('sse_cut', 'the stream ended without a turn event'); } resolve(); };
    res.on('end', end); res.on('error', end); res.on('close', end);
  });
}

// ---- webCall sockets ----------------------------------------------------------------------------------------------
function openSocket() {
  const wsUrl = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/api/v1/ws/webCall?token=${encodeURIComponent(args.token ?? '')}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, ...(localAddress ? { localAddress } : {}) });
    const s = { ws, t0: 0, waiting: false };
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no connection event within 30 s')); }, 30000);
    let opened = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'initialize', timestamp: now(), request: { callType: 'chat', additionalData: {} } })));
    ws.on('error', e => { clearTimeout(timer); if (!opened) reject(e); else if (s.waiting) { s.waiting = false; note('ws_error', e.message); s.done?.(); } });
    ws.on('close', code => { clearTimeout(timer); if (!opened) reject(new Error(`closed ${code} before the connection event`)); else if (s.waiting) { s.waiting = false; note(`ws_closed_${code}`, ''); s.done?.(); } });
    ws.on('message', data => {
      let m; try { m = JSON.parse(data.toString()); } catch { return; }
      if (m.type === 'event' && m.name === 'connection') { opened = true; clearTimeout(timer); resolve(s); }
      else if (s.waiting && m.type === 'error') { s.waiting = false; note(`ws_${m.data?.code ?? 'error'}`, JSON.stringify(m.data)); s.done(); }
      else if (s.waiting && m.type === 'text' && m.content?.source === 'assistant') {
        s.waiting = false; const t = performance.now() - s.t0; latencies.push(t); s.done();
      }
    });
  });
}

function wsTurn(s) {
  return new Promise(resolve => {
    s.t0 = performance.now(); s.waiting = true; s.done = resolve;
    s.ws.send(JSON.stringify({ type: 'incomingChatMessage', content: 'How long will you think?', timestamp: now() }));
  });
}

// ---- the run ------------------------------------------------------------------------------------------------------
const t0 = performance.now();
const targets = mode === 'ws' ? await pool(n, openConcurrency, openSocket) : await openRestChats();
const openS = (performance.now() - t0) / 1000;
ready({ phase: 'open', up: targets.length });
await go();
const tSend = performance.now();
const turns = targets.map(t => (mode === 'ws' ? wsTurn(t) : sseTurn(t)));
ready({ phase: 'sent', up: targets.length });
let timedOut = false;
await Promise.race([Promise.all(turns), new Promise(r => setTimeout(() => { timedOut = true; r(); }, timeoutMs).unref())]);
const wallS = (performance.now() - tSend) / 1000;
const erred = Object.values(errors).reduce((a, b) => a + b, 0) - (errors.open ?? 0);
const result = {
  mode, conversations: n, opened: targets.length, open_s: +openS.toFixed(2), answered: latencies.length,
  unanswered: targets.length - latencies.length - erred, timed_out: timedOut, errors, first_error: firstError,
  all_answered: latencies.length === n, wall_s: +wallS.toFixed(2),
  turn_ms: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100) },
  first_token_ms: { p50: pct(firstTokens, 50), p99: pct(firstTokens, 99) },
};
if (mode === 'ws') for (const s of targets) s.ws.terminate();
agent.destroy();
console.log(JSON.stringify(result));
process.exit(0);
